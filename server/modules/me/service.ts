/**
 * The partner's personal center (个人中心) in the mini-program. Every query here is scoped to the caller's own
 * user id: a partner never sees anyone else's subscription, payment or notice.
 */
import { DUE_KIND_LABEL, type THoldingMark } from '../../../shared/api/labels';
import { partnerMarksIn } from '../exits/repository';
import { myDistributedByProject, myDistributionRows } from '../distributions/my-distributions';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Deps } from '../../deps';
import type { Actor } from '../../auth/actor';
import { hasRole } from '../../auth/actor';
import { AppError, notFound } from '../../lib/errors';
import { LEVEL_LABEL, type TPaymentStatus } from '../../../shared/api/scheme';
import { PROJECT_OPERATOR_LABEL, type TProjectOperator } from '../../../shared/api/identity';
import { formatDate } from '../../../shared/datetime';
import { dec, formatMoney, moneyString, ratioString, sumMoney } from '../../../shared/money';
import { writeAudit, type AuditActor } from '../../lib/audit';
import { displayStatus, type StoredPaymentStatus } from '../payments/status';
import { upperLimitOf } from '../subscription/limits';
import { myOpenEntry } from '../subscription/repository';
import { subscribe } from '../subscription/submit-subscription';
import { totalCap } from '../../../shared/scheme-math';

const day = (d: Date) => d.toISOString().slice(0, 10);
const SEVERITY: TPaymentStatus[] = ['PAID', 'FORFEITED', 'UNPAID', 'PARTIAL', 'OVERDUE'];
interface Notice {
  id: number;
  kind: 'SUBSCRIPTION' | 'PAYMENT' | 'TOP_UP' | 'REFUND' | 'REVIEW';
  title: string;
  summary: string;
  projectName: string;
  createdAt: string;
  deadline: string | null;
  params: Record<string, number>;
}

const worst = (list: TPaymentStatus[]): TPaymentStatus | null =>
  list.length ? list.reduce((a, b) => (SEVERITY.indexOf(b) > SEVERITY.indexOf(a) ? b : a)) : null;

interface EntryRow {
  id: number;
  subscribedAmount: string | null;
  projectId: number;
  roundStatus: string;
  deadline: Date;
  roundTitle: string;
  roundNoticeSentAt: Date | null;
  roundCreatedAt: Date;
  projectName: string;
  companyName: string;
  dueId: number | null;
  dueStatus: StoredPaymentStatus | null;
  dueDate: Date | null;
  amountDue: string | null;
  paidAmount: string | null;
  dueNoticeSentAt: Date | null;
}

/**
 * The caller's holdings for the home page in one query (the busiest endpoint: a join instead of one query per
 * relation, and only the columns shown). Amounts come back as text, exact.
 */
async function myEntries(deps: Deps, userId: number) {
  const rows = await deps.db.$queryRaw<EntryRow[]>`
    SELECT rp.id, rp."subscribedAmount"::text AS "subscribedAmount",
           r."projectId", r.status::text AS "roundStatus", r.deadline, r.title AS "roundTitle", r."noticeSentAt" AS "roundNoticeSentAt", r."createdAt" AS "roundCreatedAt",
           p.name AS "projectName", o.name AS "companyName",
           d.id AS "dueId", d.status::text AS "dueStatus", d."dueDate", d."amountDue"::text AS "amountDue", d."paidAmount"::text AS "paidAmount", d."noticeSentAt" AS "dueNoticeSentAt"
      FROM "RoundPartner" rp
      JOIN "SubscriptionRound" r ON r.id = rp."roundId"
      JOIN "Project" p ON p.id = r."projectId"
      JOIN "OrgUnit" o ON o.id = p."orgUnitId"
      LEFT JOIN "PaymentDue" d ON d."roundPartnerId" = rp.id
     WHERE rp."userId" = ${userId}
     ORDER BY rp.id`;
  return rows.map((e) => ({
    id: e.id,
    subscribedAmount: e.subscribedAmount,
    round: {
      projectId: e.projectId,
      status: e.roundStatus,
      deadline: e.deadline,
      title: e.roundTitle,
      noticeSentAt: e.roundNoticeSentAt,
      createdAt: e.roundCreatedAt,
      project: { id: e.projectId, name: e.projectName, orgUnit: { name: e.companyName } },
    },
    payment:
      e.dueId === null
        ? null
        : {
            id: e.dueId,
            status: e.dueStatus!,
            dueDate: e.dueDate!,
            amountDue: e.amountDue!,
            paidAmount: e.paidAmount!,
            noticeSentAt: e.dueNoticeSentAt,
          },
  }));
}

/**
 * What the caller holds per project and level in the capital ledger (认缴, 实缴), for the projects given (the
 * (projectId, userId) index). Projects with no entry of theirs are absent.
 */
async function myHoldings(deps: Deps, userId: number, projectIds: number[]) {
  if (!projectIds.length) return new Map<number, { committed: string; paid: string; outstanding: string }>();
  const rows = await deps.db.$queryRaw<{ projectId: number; committed: string; paid: string; outstanding: string }[]>`
    SELECT "projectId", sum(c)::text AS committed, sum(p)::text AS paid, sum(GREATEST(c - p, 0))::text AS outstanding
      FROM (SELECT "projectId", level, sum("committedDelta") AS c, sum("paidDelta") AS p
              FROM "CapitalEntry"
             WHERE "projectId" = ANY(${projectIds}::int[]) AND "userId" = ${userId} AND holder = 'PARTNER'
             GROUP BY "projectId", level) l
     GROUP BY "projectId"`;
  return new Map(rows.map((r) => [r.projectId, r]));
}

export async function overview(deps: Deps, actor: Actor) {
  const entries = await myEntries(deps, actor.userId);
  const distributed = await myDistributedByProject(deps.db, actor.userId);
  const byProject = new Map<number, typeof entries>();
  for (const e of entries) byProject.set(e.round.projectId, [...(byProject.get(e.round.projectId) ?? []), e]);
  // holdings (认缴, 实缴, 未缴) from the capital ledger; dues only for projects the ledger does not hold yet
  const holdings = await myHoldings(deps, actor.userId, [...byProject.keys()]);
  // 退 where the partner exited (a logged-in partner is active, so never 离 here)
  const me = { id: actor.userId, status: 'ACTIVE' };
  const marks = new Map<number, THoldingMark[]>();
  for (const projectId of byProject.keys())
    marks.set(projectId, (await partnerMarksIn(deps.db, projectId, [me])).get(actor.userId) ?? []);
  const projects = [...byProject.values()].map((list) => {
    const p = list[0]!.round.project;
    const dues = list.map((e) => e.payment).filter((x) => x !== null);
    const live = dues.filter((d) => d.status !== 'FORFEITED');
    const held = holdings.get(p.id);
    return {
      projectId: p.id,
      projectName: p.name,
      companyName: p.orgUnit.name,
      invested: moneyString(held ? held.committed : sumMoney(live.map((d) => d.amountDue))),
      paid: moneyString(held ? held.paid : sumMoney(live.map((d) => d.paidAmount))),
      due: moneyString(held ? held.outstanding : sumMoney(live.map((d) => dec(d.amountDue).minus(dec(d.paidAmount))))),
      distributed: distributed.get(p.id) ?? '0.00',
      paymentStatus: worst(dues.map((d) => displayStatus(d.status, day(d.dueDate)))),
      marks: marks.get(p.id) ?? [],
    };
  });
  const now = new Date();
  const notices: Notice[] = [
    ...entries
      .filter((e) => e.round.status === 'OPEN' && e.round.deadline > now)
      .map((e): Notice => ({
        id: e.id,
        kind: 'SUBSCRIPTION',
        title: `${e.round.project.name} ${e.round.title}`,
        summary: e.subscribedAmount === null ? '待认购' : `已认购 ${formatMoney(e.subscribedAmount)}，截止前可修改`,
        projectName: e.round.project.name,
        createdAt: (e.round.noticeSentAt ?? e.round.createdAt).toISOString(),
        deadline: e.round.deadline.toISOString(),
        params: { projectId: e.round.projectId },
      })),
    ...entries
      .filter((e) => e.payment && e.payment.noticeSentAt && ['UNPAID', 'PARTIAL'].includes(e.payment.status))
      .map((e): Notice => ({
        id: e.payment!.id,
        kind: 'PAYMENT',
        title: `${e.round.project.name} 缴款通知`,
        summary: `尚欠 ${formatMoney(dec(e.payment!.amountDue).minus(dec(e.payment!.paidAmount)))}`,
        projectName: e.round.project.name,
        createdAt: e.payment!.noticeSentAt!.toISOString(),
        deadline: formatDate(e.payment!.dueDate),
        params: { noticeId: e.payment!.id },
      })),
  ];
  // 补缴 / 退款 after a peak change, once their notice went out: each opens its change notice (NOTICE_PAGE)
  const changeDues = await deps.db.paymentDue.findMany({
    where: {
      userId: actor.userId,
      kind: { in: ['TOPUP', 'REFUND'] },
      status: { in: ['UNPAID', 'PARTIAL'] },
      noticeSentAt: { not: null },
    },
    include: { project: { select: { name: true } } },
    orderBy: { id: 'asc' },
  });
  notices.push(
    ...changeDues.map((d): Notice => {
      const left = formatMoney(dec(d.amountDue).minus(dec(d.paidAmount)));
      return {
        id: d.id,
        kind: d.kind === 'TOPUP' ? 'TOP_UP' : 'REFUND',
        title: `${d.project.name} ${d.kind === 'TOPUP' ? '补缴通知' : '退款通知'}`,
        summary: d.kind === 'TOPUP' ? `待补缴 ${left}` : `待退款 ${left}`,
        projectName: d.project.name,
        createdAt: d.noticeSentAt!.toISOString(),
        deadline: d.kind === 'TOPUP' ? formatDate(d.dueDate) : null,
        params: { dueId: d.id },
      };
    }),
  );
  if (hasRole(actor, 'BUSINESS_ADMIN')) {
    const pending = await deps.db.review.findMany({
      where: { status: 'PENDING' },
      include: { project: { select: { name: true } } },
      orderBy: { id: 'asc' },
      take: 20,
    });
    notices.push(
      ...pending.map((r): Notice => ({
        id: r.id,
        kind: 'REVIEW',
        title: r.title,
        summary: '待审核',
        projectName: r.project.name,
        createdAt: r.submittedAt.toISOString(),
        deadline: null,
        params: { reviewId: r.id },
      })),
    );
  }
  return {
    totals: {
      invested: moneyString(sumMoney(projects.map((p) => p.invested))),
      paid: moneyString(sumMoney(projects.map((p) => p.paid))),
      due: moneyString(sumMoney(projects.map((p) => p.due))),
      // every project paid out to me (a holding from the ledger alone has no round line to list it by)
      distributed: moneyString(sumMoney([...distributed.values()])),
    },
    projects,
    notices,
  };
}

function subscriptionStatus(e: NonNullable<Awaited<ReturnType<typeof myOpenEntry>>>) {
  if (['CONFIRMED', 'CLOSED'].includes(e.round.status)) return 'CONFIRMED' as const;
  if (e.round.status === 'OPEN' && e.round.deadline > new Date())
    return e.subscribedAmount === null ? ('OPEN' as const) : ('SUBMITTED' as const);
  return 'CLOSED' as const;
}

export async function mySubscription(deps: Deps, actor: Actor, projectId: number) {
  const e = await myOpenEntry(deps.db, actor.userId, projectId);
  if (!e) throw notFound('您在该项目的认购邀请');
  const project = await deps.db.project.findUniqueOrThrow({
    where: { id: projectId },
    select: { name: true, scheme: true },
  });
  // the effective upper limit: the partner's own, or what the per-person cap leaves after their confirmed rounds
  const upper = project.scheme ? await upperLimitOf(deps.db, project.scheme, e) : dec(e.maxAmount);
  return {
    projectId,
    projectName: project.name,
    roundTitle: e.round.title,
    levelName: LEVEL_LABEL[e.level],
    category: e.category,
    lower: moneyString(e.minAmount),
    upper: moneyString(upper),
    unit: project.scheme ? moneyString(project.scheme.allocationUnit) : '1.00',
    serverTime: new Date().toISOString(),
    deadline: e.round.deadline.toISOString(),
    amount: e.subscribedAmount === null ? null : moneyString(e.subscribedAmount),
    status: subscriptionStatus(e),
    version: e.version,
  };
}

export async function submitSubscription(deps: Deps, who: AuditActor, actor: Actor, projectId: number, amount: string) {
  await subscribe(deps, who, actor.userId, projectId, amount);
  return mySubscription(deps, actor, projectId);
}

export async function myProject(deps: Deps, actor: Actor, projectId: number) {
  const entries = await deps.db.roundPartner.findMany({
    where: { userId: actor.userId, round: { projectId } },
    include: { round: { omit: { calcSnapshot: true } }, payment: true },
    orderBy: { round: { seq: 'desc' } },
  });
  if (!entries.length) throw notFound('项目');
  const [project, scheme] = await Promise.all([
    deps.db.project.findUniqueOrThrow({
      where: { id: projectId },
      select: {
        id: true,
        name: true,
        acquiredOn: true,
        operator: true,
        orgUnit: { select: { name: true } },
        batch: { select: { name: true } },
      },
    }),
    deps.db.projectScheme.findUnique({ where: { projectId } }),
  ]);
  const latest = entries[0]!;
  // one upper limit for the project page and the subscribe page: the same call the 认购 check makes
  const upper = scheme ? await upperLimitOf(deps.db, scheme, latest) : dec(latest.maxAmount);
  return {
    project: {
      id: project.id,
      name: project.name,
      companyName: project.orgUnit.name,
      acquiredOn: project.acquiredOn ? formatDate(project.acquiredOn) : null,
      batchName: project.batch?.name ?? null,
      operator: project.operator ? PROJECT_OPERATOR_LABEL[project.operator as TProjectOperator] : null,
    },
    scheme: scheme && {
      peakCapital: moneyString(scheme.peakCapital),
      coInvestRatio: ratioString(scheme.totalRatio),
      capTotal: moneyString(totalCap(scheme)),
      status: latest.round.status,
    },
    subscription: {
      amount: latest.subscribedAmount === null ? null : moneyString(latest.subscribedAmount),
      lower: moneyString(latest.minAmount),
      upper: moneyString(upper),
      deadline: latest.round.deadline.toISOString(),
      status: subscriptionStatus({ ...latest, user: { id: actor.userId } }),
      confirmedAmount:
        ['CONFIRMED', 'CLOSED'].includes(latest.round.status) && latest.investedAmount !== null
          ? moneyString(latest.investedAmount)
          : null,
    },
    payments: entries
      .filter((e) => e.payment)
      .map((e) => ({
        noticeId: e.payment!.id,
        title: `${e.round.title}缴款`,
        dueAmount: moneyString(e.payment!.amountDue),
        paidAmount: moneyString(e.payment!.paidAmount),
        dueDate: formatDate(e.payment!.dueDate),
        status: displayStatus(e.payment!.status, day(e.payment!.dueDate)),
      })),
    distributions: (await myDistributionRows(deps.db, actor.userId, projectId)).map(({ projectId: _p, ...r }) => r),
    agreement: null,
    marks: (await partnerMarksIn(deps.db, projectId, [{ id: actor.userId, status: 'ACTIVE' }])).get(actor.userId) ?? [],
  };
}

export async function myPaymentNotice(deps: Deps, actor: Actor, dueId: number) {
  const d = await deps.db.paymentDue.findFirst({
    where: { id: dueId, userId: actor.userId },
    include: {
      project: { select: { id: true, name: true, scheme: true } },
      roundPartner: { select: { round: { select: { title: true } } } },
    },
  });
  if (!d) throw notFound('缴款通知');
  const receipts = await deps.db.attachment.findMany({
    where: { ownerType: 'PAYMENT_RECEIPT', ownerId: d.id },
    select: { id: true, createdAt: true },
    orderBy: { id: 'asc' },
  });
  const s = d.project.scheme;
  return {
    noticeId: d.id,
    projectId: d.projectId,
    projectName: d.project.name,
    title: d.roundPartner ? `${d.roundPartner.round.title}缴款` : DUE_KIND_LABEL[d.kind],
    dueAmount: moneyString(d.amountDue),
    paidAmount: moneyString(d.paidAmount),
    outstanding: moneyString(dec(d.amountDue).minus(dec(d.paidAmount))),
    dueDate: formatDate(d.dueDate),
    status: displayStatus(d.status, day(d.dueDate)),
    payee: {
      accountName: s?.payeeName ?? '',
      bankName: s?.payeeBank ?? '',
      branchName: null,
      accountNo: s?.payeeAccount ?? '',
    },
    markedPaidAt: d.partnerMarkedPaidAt?.toISOString() ?? null,
    receipts: receipts.map((r) => ({ id: r.id, uploadedAt: r.createdAt.toISOString() })),
  };
}

const IMAGE_TYPES: { mime: string; ext: string; magic: number[] }[] = [
  { mime: 'image/jpeg', ext: 'jpg', magic: [0xff, 0xd8, 0xff] },
  { mime: 'image/png', ext: 'png', magic: [0x89, 0x50, 0x4e, 0x47] },
  { mime: 'application/pdf', ext: 'pdf', magic: [0x25, 0x50, 0x44, 0x46] },
];

/** "我已打款" with a receipt photo (checked by content, ≤ 10 MB). The accountant's confirmation is what counts. */
export async function uploadReceipt(
  deps: Deps,
  who: AuditActor,
  actor: Actor,
  dueId: number,
  file: { filepath: string; originalFilename?: string | null; size: number } | undefined,
) {
  if (!file) throw new AppError('VALIDATION_FAILED', '请选择付款凭证图片', [{ path: 'file', message: '请选择图片' }]);
  if (file.size > 10 * 1024 * 1024) throw new AppError('PAYLOAD_TOO_LARGE', '凭证文件不能超过 10 MB');
  const data = await readFile(file.filepath);
  const type = IMAGE_TYPES.find((t) => t.magic.every((b, i) => data[i] === b));
  if (!type) throw new AppError('UNSUPPORTED_MEDIA_TYPE', '凭证须为 JPG、PNG 图片或 PDF 文件');
  await deps.db.$transaction(async (tx) => {
    const d = await tx.paymentDue.findFirst({ where: { id: dueId, userId: actor.userId } });
    if (!d) throw notFound('缴款通知');
    await tx.attachment.create({
      data: {
        ownerType: 'PAYMENT_RECEIPT',
        ownerId: d.id,
        fileName: (file.originalFilename ?? `receipt.${type.ext}`).replace(/[<>]/g, '').slice(0, 200),
        mime: type.mime,
        size: data.length,
        sha256: createHash('sha256').update(data).digest('hex'),
        data,
        uploadedById: actor.userId,
      },
    });
    await tx.paymentDue.update({
      where: { id: d.id },
      data: { partnerMarkedPaidAt: d.partnerMarkedPaidAt ?? new Date() },
    });
    await writeAudit(tx, who, {
      action: 'mark_paid',
      entity: 'PaymentDue',
      entityId: d.id,
      projectId: d.projectId,
      after: { receipt: type.mime, size: data.length },
    });
  });
  return myPaymentNotice(deps, actor, dueId);
}
