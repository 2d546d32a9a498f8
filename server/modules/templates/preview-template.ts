/**
 * 预览: a template (saved or a draft) filled with a real partner's data of a chosen project, or with the catalogue's
 * samples. A partner's data: their name and numbers, the project, its 收款账户, their holdings in the capital ledger
 * (认缴 / 实缴 per level), their latest 应缴 and their latest round line. What a partner's data has no value for (a
 * distribution line, an exit, a flow) keeps the sample and is listed in `sampled`, so the preview never pretends.
 */
import type { Deps } from '../../deps';
import type { Tx } from '../../lib/db';
import { notFound } from '../../lib/errors';
import { inputPlaceholders, sampleContext, type TTemplateKind } from '../../../shared/templates';
import { CATEGORY_LABEL, LEVEL_LABEL, type TLevel } from '../../../shared/api/labels';
import type { TPreviewPartners, TTemplatePreview, TTemplatePreviewInput } from '../../../shared/api/templates';
import { dec, formatMoney, sumMoney } from '../../../shared/money';
import { shanghaiDay } from '../../../shared/datetime';
import { renderTexts } from './render';
import { assertValidTemplate } from './save-template';

export async function previewTemplate(
  deps: Deps,
  kind: TTemplateKind,
  input: TTemplatePreviewInput,
): Promise<TTemplatePreview> {
  assertValidTemplate(kind, input);
  const samples = sampleContext(kind);
  let partnerName: string | null = null;
  let real: Record<string, unknown> = {};
  if (input.projectId !== undefined && input.userId !== undefined) {
    const found = await partnerContext(deps.db, input.projectId, input.userId);
    partnerName = found.name;
    real = found.values;
  }
  const names = inputPlaceholders(kind).map((d) => d.name);
  const context = Object.fromEntries(names.map((n) => [n, n in real ? real[n] : samples[n]]));
  const sampled = partnerName === null ? [] : names.filter((n) => !(n in real));
  const r = renderTexts(kind, input, context);
  return { ...r, partnerName, sampled };
}

/** The partners of a project for the preview's picker: holders in its ledger and people on its rounds. */
export async function listPreviewPartners(deps: Deps, projectId: number): Promise<TPreviewPartners> {
  const users = await deps.db.user.findMany({
    where: {
      OR: [
        { capitalEntries: { some: { projectId, holder: 'PARTNER' } } },
        { roundEntries: { some: { round: { projectId } } } },
      ],
    },
    select: { id: true, name: true, jobNumber: true },
    orderBy: { id: 'asc' },
    take: 500,
  });
  return { items: users.map((u) => ({ userId: u.id, name: u.name, jobNumber: u.jobNumber })) };
}

async function partnerContext(db: Tx, projectId: number, userId: number) {
  const project = await db.project.findUnique({
    where: { id: projectId },
    select: { name: true, orgUnit: { select: { name: true } }, scheme: true },
  });
  if (!project) throw notFound('项目');
  const user = await db.user.findFirst({
    where: {
      id: userId,
      OR: [
        { capitalEntries: { some: { projectId, holder: 'PARTNER' } } },
        { roundEntries: { some: { round: { projectId } } } },
      ],
    },
    select: { name: true, jobNumber: true, mobile: true },
  });
  if (!user) throw notFound('该项目的合伙人');
  const entries = await db.capitalEntry.findMany({
    where: { projectId, holder: 'PARTNER', userId },
    select: { level: true, committedDelta: true, paidDelta: true },
  });
  const due = await db.paymentDue.findFirst({
    where: { projectId, userId },
    orderBy: { id: 'desc' },
    select: { amountDue: true, paidAmount: true, dueDate: true, level: true, kind: true },
  });
  const line = await db.roundPartner.findFirst({
    where: { userId, round: { projectId } },
    orderBy: { id: 'desc' },
    select: {
      level: true,
      category: true,
      minAmount: true,
      maxAmount: true,
      round: { select: { title: true, deadline: true } },
    },
  });
  const byLevel = new Map<TLevel, string>();
  for (const level of [...new Set(entries.map((e) => e.level))]) {
    const committed = sumMoney(entries.filter((e) => e.level === level).map((e) => e.committedDelta.toString()));
    if (!committed.isZero()) byLevel.set(level, `${LEVEL_LABEL[level]}：${formatMoney(committed)}`);
  }
  const scheme = project.scheme;
  const payee = scheme?.payeeAccount
    ? `${scheme.payeeName ?? ''} ${scheme.payeeBank ?? ''} ${scheme.payeeAccount}`
    : '请联系城市公司经营会计';
  const level = (due?.level ?? line?.level ?? entries[0]?.level) as TLevel | undefined;
  const values: Record<string, unknown> = {
    姓名: user.name,
    工号: user.jobNumber ?? '',
    手机号: user.mobile ?? '',
    项目名称: project.name,
    城市公司: project.orgUnit.name,
    收款账户: payee,
    生成日期: shanghaiDay(),
    发送日期: shanghaiDay(),
    提醒日期: shanghaiDay(),
    发出时间: new Date(),
  };
  if (level) values['跟投层级'] = LEVEL_LABEL[level];
  if (entries.length) {
    values['认购金额'] = sumMoney(entries.map((e) => e.committedDelta.toString()));
    values['实缴金额'] = sumMoney(entries.map((e) => e.paidDelta.toString()));
    values['新认购金额'] = values['认购金额'];
    values['持有明细'] = [...byLevel.values()].join('\n');
  }
  if (due) {
    const amount = due.amountDue.toString();
    values['应缴金额'] = amount;
    values['尚欠金额'] = dec(amount).minus(due.paidAmount.toString());
    values['缴款截止'] = due.dueDate;
    if (due.kind === 'TOPUP') values['补缴金额'] = amount;
    if (due.kind === 'REFUND') values['退款金额'] = amount;
  }
  if (line) {
    values['轮次'] = line.round.title;
    values['认购截止'] = line.round.deadline;
    values['认购类别'] = CATEGORY_LABEL[line.category];
    values['认购下限'] = line.minAmount?.toString() ?? null;
    values['认购上限'] = line.maxAmount?.toString() ?? null;
  }
  return { name: user.name, values };
}
