/**
 * The dues of an applied change (补缴 TOPUP / 退款 REFUND, PaymentDue rows keyed change:<changeId>:<level>:<userId>),
 * their list, the 补缴/退款 notices, and the partner's view of one due.
 */
import type { Deps } from '../../deps';
import type { Tx } from '../../lib/db';
import { invalidState, notFound } from '../../lib/errors';
import { writeAudit, type AuditActor } from '../../lib/audit';
import { formatDateTimeSeconds, shanghaiDay } from '../../../shared/datetime';
import { consoleUrl } from '../../lib/console-url';
import { dec, moneyString } from '../../../shared/money';
import { LEVEL_LABEL } from '../../../shared/api/scheme';
import { eappUrl } from '../../../shared/deeplinks';
import type { TChangeDue, TMyChangeDue } from '../../../shared/api/scheme-change';
import { createNotificationBatch, enqueueNotifications } from '../notify/outbox';
import { dueReductionOf, refundOf, topUpOf } from './money-moves';
import { loadChange, type ChangeLineRow } from './repository';
import { currentTemplate, markTest, renderVersion, type TemplateVersionRow } from '../templates';
import { partnerMarksIn } from '../exits/repository';
import type { THoldingMark } from '../../../shared/api/labels';

const day = (d: Date) => d.toISOString().slice(0, 10);
export const changeDueKey = (changeId: number, level: string, userId: number) =>
  `change:${changeId}:${level}:${userId}`;

const DUE_INCLUDE = {
  user: { select: { id: true, name: true, dingUserId: true, status: true } },
  records: { orderBy: { id: 'asc' as const }, select: { id: true, amount: true, paidOn: true, createdAt: true } },
} as const;

/**
 * Creates the change's dues (idempotent by key) and lowers what a decrease takes off the partner's open 认购缴款 / 补缴
 * dues at that level (latest first): a partner is never asked for more than their new commitment.
 */
export async function createChangeDues(
  tx: Tx,
  a: { projectId: number; changeId: number; dueDate: string; lines: ChangeLineRow[]; who: AuditActor },
): Promise<{ topUps: number; refunds: number }> {
  const partners = a.lines.filter((l) => l.holder === 'PARTNER');
  const rows = partners.flatMap((l) => {
    const topUp = topUpOf(l);
    const refund = refundOf(l);
    const amount = topUp.greaterThan(0) ? topUp : refund;
    if (!amount.greaterThan(0)) return [];
    return [
      {
        kind: topUp.greaterThan(0) ? ('TOPUP' as const) : ('REFUND' as const),
        dueKey: changeDueKey(a.changeId, l.level, l.userId!),
        level: l.level,
        schemeChangeId: a.changeId,
        projectId: a.projectId,
        userId: l.userId!,
        amountDue: moneyString(amount),
        dueDate: new Date(`${a.dueDate}T00:00:00Z`),
      },
    ];
  });
  if (rows.length) await tx.paymentDue.createMany({ data: rows, skipDuplicates: true });
  for (const l of partners) {
    let cut = dueReductionOf(l);
    if (!cut.greaterThan(0)) continue;
    const open = await tx.paymentDue.findMany({
      where: {
        projectId: a.projectId,
        userId: l.userId!,
        level: l.level,
        kind: { in: ['INITIAL', 'TOPUP'] }, // an earlier change's 补缴 still open counts too (latest first)
        status: { in: ['UNPAID', 'PARTIAL'] },
      },
      orderBy: { id: 'desc' },
    });
    for (const d of open) {
      if (!cut.greaterThan(0)) break;
      const outstanding = dec(d.amountDue.toString()).minus(dec(d.paidAmount.toString()));
      const take = outstanding.lessThan(cut) ? outstanding : cut;
      const amountDue = dec(d.amountDue.toString()).minus(take);
      await tx.paymentDue.update({
        where: { id: d.id },
        data: {
          amountDue: moneyString(amountDue),
          status: dec(d.paidAmount.toString()).greaterThanOrEqualTo(amountDue) ? 'PAID' : d.status,
          version: { increment: 1 },
        },
      });
      await writeAudit(tx, a.who, {
        action: 'reduce_due',
        entity: 'PaymentDue',
        entityId: d.id,
        projectId: a.projectId,
        before: { amountDue: d.amountDue.toString(), status: d.status },
        after: { amountDue: moneyString(amountDue), schemeChangeId: a.changeId },
      });
      cut = cut.minus(take);
    }
  }
  return {
    topUps: rows.filter((r) => r.kind === 'TOPUP').length,
    refunds: rows.filter((r) => r.kind === 'REFUND').length,
  };
}

type DueRow = Awaited<ReturnType<typeof duesOf>>[number];
const duesOf = (tx: Tx, projectId: number, changeId: number) =>
  tx.paymentDue.findMany({
    where: { projectId, schemeChangeId: changeId },
    orderBy: [{ kind: 'asc' }, { level: 'asc' }, { userId: 'asc' }],
    include: DUE_INCLUDE,
  });

export function toChangeDue(d: DueRow, marks: THoldingMark[]): TChangeDue {
  return {
    id: d.id,
    kind: d.kind as TChangeDue['kind'],
    level: d.level,
    user: { id: d.user.id, name: d.user.name, marks },
    amountDue: moneyString(d.amountDue.toString()),
    paidAmount: moneyString(d.paidAmount.toString()),
    outstanding: moneyString(dec(d.amountDue.toString()).minus(dec(d.paidAmount.toString()))),
    dueDate: day(d.dueDate),
    status: d.status as TChangeDue['status'],
    noticeSentAt: d.noticeSentAt?.toISOString() ?? null,
    version: d.version,
    records: d.records.map((r) => ({
      id: r.id,
      amount: moneyString(r.amount.toString()),
      paidOn: day(r.paidOn),
      createdAt: r.createdAt.toISOString(),
    })),
  };
}

export async function changeDues(deps: Deps, projectId: number, changeId: number): Promise<TChangeDue[]> {
  await loadChange(deps.db, projectId, changeId); // another project's change: 404, not an empty list
  const dues = await duesOf(deps.db, projectId, changeId);
  const marks = await partnerMarksIn(deps.db, projectId, [...new Map(dues.map((d) => [d.user.id, d.user])).values()]);
  return dues.map((d) => toChangeDue(d, marks.get(d.user.id) ?? []));
}

/** The due as it stands, for the change's confirmation route (it must belong to the change). */
export async function changeDue(deps: Deps, projectId: number, changeId: number, dueId: number) {
  const d = await deps.db.paymentDue.findFirst({
    where: { id: dueId, projectId, schemeChangeId: changeId },
    include: DUE_INCLUDE,
  });
  if (!d) throw notFound('补缴/退款记录');
  return toChangeDue(d, (await partnerMarksIn(deps.db, projectId, [d.user])).get(d.user.id) ?? []);
}

type Payee = { payeeName: string | null; payeeBank: string | null; payeeAccount: string | null };

type ChangeTemplates = Record<'TOPUP' | 'REFUND', TemplateVersionRow>;

const changeTemplates = async (tx: Tx): Promise<ChangeTemplates> => ({
  TOPUP: await currentTemplate(tx, 'TOPUP_NOTICE'),
  REFUND: await currentTemplate(tx, 'REFUND_NOTICE'),
});

/** 补缴通知 / 退款通知 from the templates in force; returns the card and the template version it used. */
function changeCard(templates: ChangeTemplates, projectName: string, d: DueRow, payee: Payee, test: boolean) {
  const base = { 姓名: d.user.name, 项目名称: projectName, 跟投层级: LEVEL_LABEL[d.level] };
  const r =
    d.kind === 'TOPUP'
      ? renderVersion(templates.TOPUP, {
          ...base,
          补缴金额: d.amountDue.toString(),
          缴款截止: d.dueDate,
          收款账户: payee.payeeAccount
            ? `${payee.payeeName ?? ''} ${payee.payeeBank ?? ''} ${payee.payeeAccount}`
            : '请联系城市公司经营会计',
        })
      : renderVersion(templates.REFUND, { ...base, 退款金额: d.amountDue.toString() });
  const msg = {
    msgtype: 'action_card' as const,
    action_card: {
      title: test ? `【测试】${r.title}` : r.title,
      markdown: test ? markTest(r.text) : r.text,
      single_title: d.kind === 'TOPUP' ? '查看补缴' : '查看退款',
      single_url: eappUrl('change-notice', { dueId: d.id }),
    },
  };
  return { msg, templateVersionId: r.templateVersionId };
}

/** 补缴/退款通知 (quick guide 4.3.1): `test` sends one sample of each kind present to the caller only. */
export async function sendChangeNotices(
  deps: Deps,
  who: AuditActor,
  senderUserId: number,
  projectId: number,
  changeId: number,
  opts: { test: boolean; dueDate?: string },
) {
  return deps.db.$transaction(async (tx: Tx) => {
    const change = await loadChange(tx, projectId, changeId);
    if (change.status !== 'APPLIED') throw invalidState('立项信息变更生效后才能发送补缴/退款通知');
    const project = await tx.project.findUniqueOrThrow({ where: { id: projectId }, select: { name: true } });
    const scheme = await tx.projectScheme.findUniqueOrThrow({
      where: { projectId },
      select: { payeeName: true, payeeBank: true, payeeAccount: true },
    });
    if (opts.dueDate && opts.dueDate < shanghaiDay()) throw invalidState('补缴截止日不能早于今天');
    let dues = await duesOf(tx, projectId, changeId);
    if (!dues.length) throw invalidState('本次变更没有需要补缴或退款的合伙人');
    if (opts.dueDate && !opts.test) {
      await tx.paymentDue.updateMany({
        where: { schemeChangeId: changeId, kind: 'TOPUP', noticeSentAt: null },
        data: { dueDate: new Date(`${opts.dueDate}T00:00:00Z`) },
      });
      dues = await duesOf(tx, projectId, changeId);
    }
    if (opts.test) {
      const sender = await tx.user.findUniqueOrThrow({ where: { id: senderUserId }, select: { dingUserId: true } });
      if (!sender.dingUserId) throw invalidState('您的账号未绑定钉钉，无法接收测试消息');
      const stamp = Date.now();
      // the sender's own 补缴 / 退款 when they have one (its button opens it); else a partner's as the sample, whose
      // button opens this project's 变更缴款确认 in the console (a partner's notice opens for that partner only)
      const samples = ['TOPUP', 'REFUND']
        .map((k) => dues.find((d) => d.kind === k && d.userId === senderUserId) ?? dues.find((d) => d.kind === k))
        .filter((d): d is DueRow => !!d);
      const templates = await changeTemplates(tx);
      await enqueueNotifications(
        tx,
        samples.map((d) => {
          const { msg, templateVersionId } = changeCard(templates, project.name, d, scheme, true);
          msg.action_card.markdown += `\n\n（样例：${d.user.name}，发送于 ${formatDateTimeSeconds(stamp)}）`;
          if (d.userId !== senderUserId) {
            msg.action_card.single_title = '在管理后台查看';
            msg.action_card.single_url = consoleUrl(deps, `business/change-dues?projectId=${projectId}`);
          }
          return {
            channel: 'WORK' as const,
            kind: 'change_notice_test',
            userId: senderUserId,
            dingUserId: sender.dingUserId!,
            dedupeKey: `change:${changeId}:test:${d.kind}:${stamp}`,
            msg,
            templateVersionId,
          };
        }),
        { allowSameDayDuplicate: true },
      );
      await writeAudit(tx, who, {
        action: 'send_change_notice_test',
        entity: 'SchemeChange',
        entityId: changeId,
        projectId,
      });
      return { test: true, recipients: 1 };
    }
    const targets = dues.filter((d) => !d.noticeSentAt && d.user.dingUserId && d.status !== 'PAID');
    if (!targets.length) throw invalidState('补缴/退款通知已全部发送');
    const batch = await createNotificationBatch(tx, {
      kind: 'change_notice',
      title: `${project.name} 补缴/退款通知`,
      projectId,
      createdById: senderUserId,
    });
    const templates = await changeTemplates(tx);
    await enqueueNotifications(
      tx,
      targets.map((d) => ({
        channel: 'WORK' as const,
        kind: d.kind === 'TOPUP' ? 'topup_notice' : 'refund_notice',
        userId: d.userId,
        dingUserId: d.user.dingUserId!,
        dedupeKey: `change-due:${d.id}:notice`,
        ...changeCard(templates, project.name, d, scheme, false),
      })),
      { batchId: batch.id },
    );
    await tx.paymentDue.updateMany({
      where: { id: { in: targets.map((d) => d.id) } },
      data: { noticeSentAt: new Date() },
    });
    await writeAudit(tx, who, {
      action: 'send_change_notices',
      entity: 'SchemeChange',
      entityId: changeId,
      projectId,
      after: {
        recipients: targets.map((d) => ({ userId: d.userId, kind: d.kind, amount: d.amountDue.toString() })),
        batchId: batch.id,
      },
    });
    return { test: false, recipients: targets.length, batchId: batch.id };
  });
}

/** The partner's own 补缴 / 退款 due (mini-program page change-notice); anyone else's does not exist for them. */
export async function myChangeDue(deps: Deps, userId: number, dueId: number): Promise<TMyChangeDue> {
  const d = await deps.db.paymentDue.findFirst({
    where: { id: dueId, userId, kind: { in: ['TOPUP', 'REFUND'] } },
    include: {
      project: { select: { id: true, name: true } },
      schemeChange: { select: { seq: true, oldPeakCapital: true, peakCapital: true, reason: true } },
      records: { orderBy: { id: 'asc' }, select: { amount: true, paidOn: true } },
    },
  });
  if (!d || d.schemeChange === null) throw notFound('补缴/退款通知');
  const receipts = await deps.db.attachment.findMany({
    where: { ownerType: 'PAYMENT_RECEIPT', ownerId: d.id },
    select: { id: true, createdAt: true },
    orderBy: { id: 'asc' },
  });
  const line = await deps.db.schemeChangeLine.findFirst({
    where: { changeId: d.schemeChangeId!, level: d.level, holder: 'PARTNER', userId },
  });
  const scheme = await deps.db.projectScheme.findUniqueOrThrow({
    where: { projectId: d.projectId },
    select: { payeeName: true, payeeBank: true, payeeAccount: true },
  });
  return {
    id: d.id,
    kind: d.kind as TMyChangeDue['kind'],
    project: d.project,
    level: d.level,
    oldCommitted: moneyString(line?.oldCommitted.toString() ?? 0),
    newCommitted: moneyString(line?.newCommitted.toString() ?? 0),
    paid: moneyString(line?.paid.toString() ?? 0),
    amountDue: moneyString(d.amountDue.toString()),
    paidAmount: moneyString(d.paidAmount.toString()),
    outstanding: moneyString(dec(d.amountDue.toString()).minus(dec(d.paidAmount.toString()))),
    dueDate: day(d.dueDate),
    status: d.status as TMyChangeDue['status'],
    change: {
      seq: d.schemeChange.seq,
      oldPeakCapital: moneyString(d.schemeChange.oldPeakCapital.toString()),
      peakCapital: moneyString(d.schemeChange.peakCapital.toString()),
      reason: d.schemeChange.reason,
    },
    records: d.records.map((r) => ({ amount: moneyString(r.amount.toString()), paidOn: day(r.paidOn) })),
    markedPaidAt: d.partnerMarkedPaidAt?.toISOString() ?? null,
    receipts: receipts.map((r) => ({ id: r.id, uploadedAt: r.createdAt.toISOString() })),
    account:
      d.kind === 'TOPUP'
        ? { source: 'PAYEE', name: scheme.payeeName, bank: scheme.payeeBank, account: scheme.payeeAccount }
        : { source: 'NONE', name: null, bank: null, account: null },
  };
}
