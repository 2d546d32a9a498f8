/**
 * 生成协议 for a round's partners (the console sends the partners in chunks and shows the progress) and 重新生成 of one
 * document. Every amount comes from the capital ledger (calc/subjects.ts). Document numbers are reserved first, the
 * PDFs rendered outside any transaction, then the versions stored with their audit rows in one short transaction.
 * A document that has a version is never generated again by 生成协议: only 重新生成, which adds a version (a pending
 * one is superseded; a signed one stays and the new version waits for a new signature — only when asked for).
 */
import type { Deps } from '../../deps';
import { writeAudit, type AuditActor } from '../../lib/audit';
import { Prisma, TRANSACTION_OPTIONS, type Tx } from '../../lib/db';
import { AppError, invalidState } from '../../lib/errors';
import { moneyString } from '../../../shared/money';
import type { TGenerateResult } from '../../../shared/api/agreements';
import { partnershipValues, supplementaryValues } from './calc/agreement-text';
import { agreementNumber } from './calc/numbering';
import { subjectsOf, type Subject } from './calc/subjects';
import { transitionAgreement } from './agreement-state';
import { renderAgreementText } from './agreement-text';
import { buildAgreementDocument } from './build-document';
import {
  findVersion,
  partnerEntries,
  projectInfo,
  reserveSeqs,
  roundUsers,
  VERSION_SELECT,
  versionsOf,
} from './repository';

type Project = Awaited<ReturnType<typeof projectInfo>>;
interface Plan {
  user: { id: number; name: string; jobNumber: string | null; mobile: string | null };
  subject: Subject;
}

/** The 平台公司 named in the agreements: the project's co-investment vehicle. */
const platformNameOf = (project: Project) => `${project.name}项目跟投平台公司`;

/** The number of the partner's 合伙协议 (for a 补充协议's 原协议编号), null when none was generated. */
async function partnershipNumbers(tx: Tx, projectId: number, userIds: number[]): Promise<Map<number, string>> {
  const rows = await tx.agreement.findMany({
    where: { projectId, userId: { in: userIds }, subjectKey: 'partnership' },
    select: { userId: true, number: true },
  });
  return new Map(rows.map((r) => [r.userId, r.number]));
}

/** Why a 补充协议 was made, as its text says it: 峰值变更（第 2 次立项调整）, 退出承接（退休）. */
async function causeLabels(tx: Tx, plans: readonly Plan[]): Promise<Map<string, string>> {
  const changeIds = plans.flatMap((p) =>
    p.subject.kind === 'SUPPLEMENTARY' && p.subject.schemeChangeId ? [p.subject.schemeChangeId] : [],
  );
  const exitIds = plans.flatMap((p) =>
    p.subject.kind === 'SUPPLEMENTARY' && p.subject.exitId ? [p.subject.exitId] : [],
  );
  const [changes, exits] = await Promise.all([
    changeIds.length
      ? tx.schemeChange.findMany({ where: { id: { in: changeIds } }, select: { id: true, seq: true } })
      : [],
    exitIds.length
      ? tx.partnerExit.findMany({ where: { id: { in: exitIds } }, select: { id: true, exitTypeLabel: true } })
      : [],
  ]);
  return new Map([
    ...changes.map((c): [string, string] => [`scheme-change:${c.id}`, `峰值变更（第 ${c.seq} 次立项调整）`]),
    ...exits.map((e): [string, string] => [`exit:${e.id}`, `退出承接（${e.exitTypeLabel}）`]),
  ]);
}

/** One version's row, rendered from the template in force and the ledger's figures. */
async function draftVersion(
  tx: Tx,
  project: Project,
  plan: Plan,
  at: {
    seq: number;
    version: number;
    generatedAt: Date;
    roundId: number | null;
    causes: Map<string, string>;
    previousNumbers: Map<number, string>;
  },
) {
  const s = plan.subject;
  const number = agreementNumber(project, at.seq);
  const party = {
    number,
    partnerName: plan.user.name,
    jobNumber: plan.user.jobNumber,
    mobile: plan.user.mobile,
    projectName: project.name,
    companyName: project.companyName,
    platformName: platformNameOf(project),
    generatedAt: at.generatedAt,
    byLevel: s.byLevel,
  };
  const ctx =
    s.kind === 'PARTNERSHIP'
      ? partnershipValues({ ...party, amount: moneyString(s.amount), paid: moneyString(s.paid) })
      : supplementaryValues({
          ...party,
          previousNumber: at.previousNumbers.get(plan.user.id) ?? null,
          cause: at.causes.get(s.key) ?? '资金变更',
          changeDate: s.valueDate,
          previousAmount: moneyString(s.previousAmount),
          amount: moneyString(s.amount),
        });
  const rendered = await renderAgreementText(tx, s.kind, ctx);
  const shortTitle = s.kind === 'PARTNERSHIP' ? '合伙协议' : '补充协议';
  const doc = await buildAgreementDocument(rendered.text, {
    title: rendered.title,
    number,
    version: at.version,
    generatedAt: at.generatedAt,
    shortTitle,
  });
  return {
    projectId: project.id,
    userId: plan.user.id,
    kind: s.kind,
    subjectKey: s.key,
    schemeChangeId: s.kind === 'SUPPLEMENTARY' ? s.schemeChangeId : null,
    exitId: s.kind === 'SUPPLEMENTARY' ? s.exitId : null,
    roundId: at.roundId,
    seq: at.seq,
    number,
    version: at.version,
    amount: moneyString(s.amount),
    previousAmount: s.kind === 'SUPPLEMENTARY' ? moneyString(s.previousAmount) : null,
    templateKind: rendered.templateKind,
    templateVersion: rendered.templateVersion,
    title: rendered.title,
    text: rendered.text,
    generatedAt: at.generatedAt,
    ...doc,
  };
}

type Draft = Awaited<ReturnType<typeof draftVersion>>;

const auditAfter = (d: Draft) => ({
  number: d.number,
  version: d.version,
  kind: d.kind,
  userId: d.userId,
  amount: d.amount,
  previousAmount: d.previousAmount,
  templateKind: d.templateKind,
  templateVersion: d.templateVersion,
  sha256: d.sha256,
  size: d.size,
});

const concurrentGeneration = (err: unknown) =>
  err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002'
    ? new AppError('CONFLICT', '协议正在由他人生成或重新生成，请刷新后查看', { reason: 'CONCURRENT_GENERATION' })
    : err;

export async function generateAgreements(
  deps: Deps,
  actor: AuditActor,
  projectId: number,
  body: { roundId: number; userIds: number[] },
): Promise<TGenerateResult> {
  const project = await projectInfo(deps.db, projectId);
  const round = await roundUsers(deps.db, projectId, body.roundId);
  if (round.status !== 'CONFIRMED' && round.status !== 'CLOSED')
    throw invalidState('该认购轮次尚未立项（事业合伙立项流程完成后才有资金台账中的认缴额），不能生成协议', {
      status: round.status,
    });
  const inRound = new Map(round.users.map((u) => [u.id, u]));
  const users = [...new Set(body.userIds)].flatMap((id) => (inRound.has(id) ? [inRound.get(id)!] : []));
  let skipped = body.userIds.length - users.length;
  const ids = users.map((u) => u.id);
  const [entries, versions] = await Promise.all([
    partnerEntries(deps.db, projectId, ids),
    versionsOf(deps.db, projectId, ids),
  ]);
  const plans: Plan[] = [];
  let existing = 0;
  for (const u of users) {
    const subjects = subjectsOf(entries.get(u.id) ?? []);
    if (!subjects.length) skipped++;
    for (const subject of subjects) {
      if (versions.some((v) => v.userId === u.id && v.subjectKey === subject.key)) existing++;
      else plans.push({ user: u, subject });
    }
  }
  if (!plans.length) return { generated: 0, existing, skipped, agreementIds: [] };

  const causes = await causeLabels(deps.db, plans);
  const previousNumbers = await partnershipNumbers(deps.db, projectId, ids);
  const seqs = await reserveSeqs(deps.db, projectId, plans.length);
  const generatedAt = new Date();
  const drafts: Draft[] = [];
  for (const [i, plan] of plans.entries())
    drafts.push(
      await draftVersion(deps.db, project, plan, {
        seq: seqs[i]!,
        version: 1,
        generatedAt,
        roundId: body.roundId,
        causes,
        // a 补充协议 generated with its 合伙协议 names the number that one is getting
        previousNumbers: new Map([
          ...previousNumbers,
          ...plans.flatMap((p, j): Array<[number, string]> =>
            p.subject.kind === 'PARTNERSHIP' ? [[p.user.id, agreementNumber(project, seqs[j]!)]] : [],
          ),
        ]),
      }),
    );
  try {
    const agreementIds = await deps.db.$transaction(async (tx) => {
      const out: number[] = [];
      for (const d of drafts) {
        const row = await tx.agreement.create({ data: { ...d, generatedById: actor.actorId }, select: { id: true } });
        await writeAudit(tx, actor, {
          action: 'generate_agreement',
          entity: 'Agreement',
          entityId: row.id,
          projectId,
          after: auditAfter(d),
        });
        out.push(row.id);
      }
      return out;
    }, TRANSACTION_OPTIONS);
    return { generated: agreementIds.length, existing, skipped, agreementIds };
  } catch (err) {
    throw concurrentGeneration(err);
  }
}

export async function regenerateAgreement(
  deps: Deps,
  actor: AuditActor,
  projectId: number,
  agreementId: number,
  body: { reason: string; replaceSigned?: boolean },
) {
  const v = await findVersion(deps.db, { id: agreementId, projectId });
  const latest = await deps.db.agreement.findFirstOrThrow({
    where: { projectId, userId: v.userId, subjectKey: v.subjectKey },
    orderBy: { version: 'desc' },
    select: VERSION_SELECT,
  });
  if (latest.id !== v.id)
    throw invalidState(`只能重新生成该协议的最新版本（第 ${latest.version} 版）`, { latestId: latest.id });
  if (latest.status === 'SIGNED' && !body.replaceSigned)
    throw invalidState(
      `协议 ${latest.number}（第 ${latest.version} 版）已签署，不可修改。如需按资金台账重新出具，请选择“生成新版本”：已签署的版本保留，新版本需合伙人重新签署`,
      { reason: 'SIGNED', agreementId: latest.id },
    );
  const user = await deps.db.user.findUniqueOrThrow({
    where: { id: v.userId },
    select: { id: true, name: true, jobNumber: true, mobile: true },
  });
  const entries = (await partnerEntries(deps.db, projectId, [v.userId])).get(v.userId) ?? [];
  const subject = subjectsOf(entries).find((s) => s.key === v.subjectKey);
  if (!subject) throw invalidState('资金台账中已没有该协议对应的认缴记录，不能重新生成', { subjectKey: v.subjectKey });
  const project = await projectInfo(deps.db, projectId);
  const plan = { user, subject };
  const draft = await draftVersion(deps.db, project, plan, {
    seq: latest.seq,
    version: latest.version + 1,
    generatedAt: new Date(),
    roundId: latest.roundId,
    causes: await causeLabels(deps.db, [plan]),
    previousNumbers: await partnershipNumbers(deps.db, projectId, [v.userId]),
  });
  try {
    const id = await deps.db.$transaction(async (tx) => {
      if (latest.status === 'PENDING')
        await transitionAgreement(tx, latest.id, 'SUPERSEDE', {
          actor,
          expected: { status: 'PENDING', version: latest.rowVersion },
          audit: { after: { replacedByVersion: draft.version, reason: body.reason } },
        });
      const row = await tx.agreement.create({
        data: { ...draft, generatedById: actor.actorId, regenerateReason: body.reason },
        select: { id: true },
      });
      await writeAudit(tx, actor, {
        action: 'regenerate_agreement',
        entity: 'Agreement',
        entityId: row.id,
        projectId,
        before: {
          id: latest.id,
          version: latest.version,
          status: latest.status,
          amount: moneyString(latest.amount.toString()),
          sha256: latest.sha256,
        },
        after: { ...auditAfter(draft), reason: body.reason },
      });
      return row.id;
    }, TRANSACTION_OPTIONS);
    return findVersion(deps.db, { id, projectId });
  } catch (err) {
    throw concurrentGeneration(err);
  }
}
