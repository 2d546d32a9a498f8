/**
 * The reads of the reports. Money comes from the capital ledger (CapitalEntry: committed, paid, returned, transferred,
 * grouped in SQL), the distribution lines of the batches, the exits and the dues (overdue, given up, marked paid).
 * Amounts leave PostgreSQL as exact text (numeric → text) and stay decimal strings.
 */
import type { Deps } from '../../deps';
import type { ReportScope } from '../../auth/policy';

type Db = Deps['db'];

/** Every project, or the projects granted to one of these roles of the caller (server/auth/policy.ts). */
export type ProjectScope = ReportScope;

export interface ProjectRow {
  id: number;
  name: string;
  orgUnitId: number;
  companyName: string;
  acquiredOn: string | null;
  isSettled: boolean;
  peakCapital: string | null;
  holdingRatio: string | null;
  groupRatio: string | null;
  cityRatio: string | null;
  otherRatio: string | null;
  totalRatio: string | null;
  peakConfirmedOn: string | null;
}

/** The org units as (id, parent) pairs, to take a node's subtree. */
export const orgUnits = (db: Db) => db.orgUnit.findMany({ select: { id: true, parentId: true } });

/** The projects of the scope, optionally only these org units / this project, by name. */
export async function scopedProjects(
  db: Db,
  scope: ProjectScope,
  filter: { orgUnitIds?: number[]; projectId?: number },
): Promise<ProjectRow[]> {
  if (!scope.all && !scope.roleIds.length) return [];
  const rows = await db.project.findMany({
    where: {
      ...(scope.all ? {} : { grants: { some: { userId: scope.userId, roleId: { in: scope.roleIds } } } }),
      ...(filter.orgUnitIds ? { orgUnitId: { in: filter.orgUnitIds } } : {}),
      ...(filter.projectId ? { id: filter.projectId } : {}),
    },
    select: {
      id: true,
      name: true,
      orgUnitId: true,
      acquiredOn: true,
      isSettled: true,
      orgUnit: { select: { name: true } },
      scheme: {
        select: {
          peakCapital: true,
          holdingRatio: true,
          groupRatio: true,
          cityRatio: true,
          otherRatio: true,
          totalRatio: true,
          peakConfirmedAt: true,
        },
      },
    },
    orderBy: { name: 'asc' },
  });
  return rows.map((p) => ({
    id: p.id,
    name: p.name,
    orgUnitId: p.orgUnitId,
    companyName: p.orgUnit.name,
    acquiredOn: p.acquiredOn ? p.acquiredOn.toISOString().slice(0, 10) : null,
    isSettled: p.isSettled,
    peakCapital: p.scheme?.peakCapital.toString() ?? null,
    holdingRatio: p.scheme?.holdingRatio.toString() ?? null,
    groupRatio: p.scheme?.groupRatio.toString() ?? null,
    cityRatio: p.scheme?.cityRatio.toString() ?? null,
    otherRatio: p.scheme?.otherRatio.toString() ?? null,
    totalRatio: p.scheme?.totalRatio.toString() ?? null,
    peakConfirmedOn: p.scheme?.peakConfirmedAt ? p.scheme.peakConfirmedAt.toISOString() : null,
  }));
}

export interface LedgerSum {
  projectId: number;
  level: string;
  holder: 'PARTNER' | 'PLATFORM';
  userId: number | null;
  /** the kind, or for a REVERSAL the kind of the entry it cancels */
  kind: string;
  committed: string;
  paid: string;
  firstOn: string;
  lastOn: string;
}

/** The ledger up to a day, summed per project, level, holder and kind (a reversal counted with what it cancels). */
export async function ledgerSums(db: Db, projectIds: number[], asOf: string): Promise<LedgerSum[]> {
  if (!projectIds.length) return [];
  return db.$queryRaw<LedgerSum[]>`
    SELECT e."projectId", e.level::text AS level, e.holder::text AS holder, e."userId",
           COALESCE(r.kind, e.kind)::text AS kind,
           sum(e."committedDelta")::text AS committed, sum(e."paidDelta")::text AS paid,
           to_char(min(e."valueDate"), 'YYYY-MM-DD') AS "firstOn", to_char(max(e."valueDate"), 'YYYY-MM-DD') AS "lastOn"
      FROM "CapitalEntry" e LEFT JOIN "CapitalEntry" r ON r.id = e."reversalOfId"
     WHERE e."projectId" = ANY(${projectIds}::int[]) AND e."valueDate" <= ${asOf}::date
     GROUP BY 1, 2, 3, 4, 5`;
}

/** Money paid in and refunded by partners, dated (for XIRR): per project, user and day. */
export async function partnerCashDays(db: Db, projectIds: number[], asOf: string) {
  if (!projectIds.length) return [];
  return db.$queryRaw<{ projectId: number; userId: number; day: string; paid: string }[]>`
    SELECT e."projectId", e."userId", to_char(e."valueDate", 'YYYY-MM-DD') AS day, sum(e."paidDelta")::text AS paid
      FROM "CapitalEntry" e LEFT JOIN "CapitalEntry" r ON r.id = e."reversalOfId"
     WHERE e."projectId" = ANY(${projectIds}::int[]) AND e."valueDate" <= ${asOf}::date AND e.holder = 'PARTNER'
       AND COALESCE(r.kind, e.kind) IN ('PAYMENT', 'REFUND')
     GROUP BY 1, 2, 3`;
}

/** Dues per project: subscribed, overdue (past the due date, not settled), given up, marked paid. */
export async function dueSums(db: Db, projectIds: number[], asOf: string) {
  if (!projectIds.length) return [];
  return db.$queryRaw<
    { projectId: number; overdue: string; forfeited: string; firstDueOn: string | null; unsettled: number }[]
  >`
    SELECT "projectId",
           coalesce(sum(CASE WHEN status IN ('UNPAID', 'PARTIAL') AND kind <> 'REFUND' AND "dueDate" < ${asOf}::date
                             THEN "amountDue" - "paidAmount" END), 0)::text AS overdue,
           coalesce(sum(CASE WHEN status = 'FORFEITED' THEN "amountDue" - "paidAmount" END), 0)::text AS forfeited,
           to_char(min("dueDate") FILTER (WHERE kind = 'INITIAL'), 'YYYY-MM-DD') AS "firstDueOn",
           count(*) FILTER (WHERE status IN ('UNPAID', 'PARTIAL'))::int AS unsettled
      FROM "PaymentDue" WHERE "projectId" = ANY(${projectIds}::int[])
     GROUP BY 1`;
}

/** Round lines: subscribed per project, partners counted, and each partner's latest level / category per project. */
export async function roundLines(db: Db, projectIds: number[]) {
  if (!projectIds.length) return [];
  return db.$queryRaw<
    {
      projectId: number;
      userId: number;
      level: string;
      category: string;
      subscribed: string;
      seq: number;
      roundStatus: string;
    }[]
  >`
    SELECT r."projectId", rp."userId", rp.level::text AS level, rp.category::text AS category,
           coalesce(rp."subscribedAmount", 0)::text AS subscribed, r.seq, r.status::text AS "roundStatus"
      FROM "RoundPartner" rp JOIN "SubscriptionRound" r ON r.id = rp."roundId"
     WHERE r."projectId" = ANY(${projectIds}::int[])`;
}

/** The rounds of the projects, latest first. */
export const rounds = (db: Db, projectIds: number[]) =>
  db.subscriptionRound.findMany({
    where: { projectId: { in: projectIds } },
    select: { projectId: true, seq: true, kind: true, title: true, status: true, noticeSentAt: true },
    orderBy: [{ projectId: 'asc' }, { seq: 'desc' }],
  });

/** The latest scheme change per project. */
export const schemeChanges = (db: Db, projectIds: number[]) =>
  db.schemeChange.findMany({
    where: { projectId: { in: projectIds } },
    select: { projectId: true, seq: true, status: true },
    orderBy: [{ projectId: 'asc' }, { seq: 'desc' }],
  });

export interface BatchLevelSum {
  batchId: number;
  projectId: number;
  kind: 'PRINCIPAL' | 'PROFIT' | 'CLEARING';
  seq: number;
  date: string;
  status: string;
  level: string;
  lines: number;
  principal: string;
  interest: string;
  other: string;
  principalNet: string;
  principalTotal: string;
  profit: string;
  tax: string;
  profitNet: string;
  payout: string;
  paidOut: string;
}

/** Distribution lines summed per batch and level, batches dated in the period. */
export async function batchLevelSums(
  db: Db,
  projectIds: number[],
  period: { from: string | null; to: string },
): Promise<BatchLevelSum[]> {
  if (!projectIds.length) return [];
  return db.$queryRaw<BatchLevelSum[]>`
    SELECT b.id AS "batchId", b."projectId", b.kind::text AS kind, b.seq, to_char(b.date, 'YYYY-MM-DD') AS date,
           b.status::text AS status, l.level::text AS level, count(*)::int AS lines,
           sum(l.principal)::text AS principal, sum(l.interest)::text AS interest, sum(l.other)::text AS other,
           sum(l."principalNet")::text AS "principalNet",
           sum(l."principalTotal")::text AS "principalTotal", sum(l.profit)::text AS profit, sum(l.tax)::text AS tax,
           sum(l."profitNet")::text AS "profitNet", sum(l.payout)::text AS payout,
           coalesce(sum(l.payout) FILTER (WHERE l."paidAt" IS NOT NULL), 0)::text AS "paidOut"
      FROM "DistributionBatch" b JOIN "DistributionLine" l ON l."batchId" = b.id
     WHERE b."projectId" = ANY(${projectIds}::int[]) AND b.date <= ${period.to}::date
       AND (${period.from}::date IS NULL OR b.date >= ${period.from}::date)
     GROUP BY b.id, l.level`;
}

/** What partners received from distributions: per project, user and payment day (lines registered as paid). */
export async function partnerReceipts(db: Db, projectIds: number[], asOf: string) {
  if (!projectIds.length) return [];
  return db.$queryRaw<
    { projectId: number; userId: number; day: string; interest: string; profit: string; tax: string; payout: string }[]
  >`
    SELECT b."projectId", l."userId", to_char(l."paidAt", 'YYYY-MM-DD') AS day,
           sum(l.interest)::text AS interest, sum(l.profit)::text AS profit, sum(l.tax)::text AS tax,
           sum(l.payout)::text AS payout
      FROM "DistributionLine" l JOIN "DistributionBatch" b ON b.id = l."batchId"
     WHERE b."projectId" = ANY(${projectIds}::int[]) AND l.holder = 'PARTNER' AND l."paidAt" IS NOT NULL
       AND l."paidAt" <= ${asOf}::date
     GROUP BY 1, 2, 3`;
}

/** Batches of the projects (for the tracking report and the work items). */
export const batches = (db: Db, projectIds: number[]) =>
  db.distributionBatch.findMany({
    where: { projectId: { in: projectIds } },
    select: { id: true, projectId: true, kind: true, seq: true, date: true, status: true, updatedAt: true },
    orderBy: [{ projectId: 'asc' }, { date: 'asc' }],
  });

/** Exits of the projects with the partner's name. */
export const exits = (db: Db, projectIds: number[]) =>
  db.partnerExit.findMany({
    where: { projectId: { in: projectIds } },
    select: {
      id: true,
      projectId: true,
      userId: true,
      status: true,
      exitTypeLabel: true,
      exitDate: true,
      pricing: true,
      total: true,
      calculatedAt: true,
      completedAt: true,
      payoutAmount: true,
      payoutOn: true,
      updatedAt: true,
      user: { select: { name: true } },
    },
  });

/** Users by id: name, company, status, leave date, 分配账户 status. */
export async function usersById(db: Db, userIds: number[]) {
  if (!userIds.length) return [];
  return db.$queryRaw<
    {
      id: number;
      name: string;
      status: string;
      leftAt: Date | null;
      companyName: string | null;
      accountStatus: string | null;
      accountSince: Date | null;
    }[]
  >`
    SELECT u.id, u.name, u.status::text AS status, u."leftAt", o.name AS "companyName",
           a.status::text AS "accountStatus", coalesce(a."confirmationRequestedAt", a."updatedAt") AS "accountSince"
      FROM "User" u LEFT JOIN "OrgUnit" o ON o.id = u."orgUnitId" LEFT JOIN "DistributionAccount" a ON a."userId" = u.id
     WHERE u.id = ANY(${userIds}::int[])`;
}

/** Reviews waiting (PENDING) in the projects. */
export const pendingReviews = (db: Db, projectIds: number[]) =>
  db.review.findMany({
    where: { projectId: { in: projectIds }, status: 'PENDING' },
    select: { id: true, projectId: true, title: true, submittedAt: true },
  });

/** Dues not settled in the projects, with the partner's name. */
export const unsettledDues = (db: Db, projectIds: number[]) =>
  db.paymentDue.findMany({
    where: { projectId: { in: projectIds }, status: { in: ['UNPAID', 'PARTIAL'] } },
    select: {
      id: true,
      projectId: true,
      kind: true,
      amountDue: true,
      paidAmount: true,
      dueDate: true,
      noticeSentAt: true,
      partnerMarkedPaidAt: true,
      createdAt: true,
      user: { select: { name: true } },
    },
  });

/** Distribution totals per month and project (paid lines by payment day, others by the batch date): the chart. */
export async function distributionsByMonth(db: Db, projectIds: number[]) {
  if (!projectIds.length) return [];
  return db.$queryRaw<{ month: string; projectId: number; payout: string }[]>`
    SELECT to_char(b.date, 'YYYY-MM') AS month, b."projectId", sum(l.payout)::text AS payout
      FROM "DistributionBatch" b JOIN "DistributionLine" l ON l."batchId" = b.id
     WHERE b."projectId" = ANY(${projectIds}::int[]) AND b.status IN ('NOTIFIED', 'PAID', 'LOCKED', 'FLOW_DONE')
     GROUP BY 1, 2 ORDER BY 1, 2`;
}

/**
 * Where each project stands in the quick guide, for its next-step banner and 工作跟踪表: 立项资料 saved, the
 * shareholders, the 项目资金峰值 flow, the latest round, its 立项 flow running.
 */
export async function projectStages(db: Db, projectIds: number[]) {
  if (!projectIds.length) return [];
  const [projects, shareholders, flows, rounds] = await Promise.all([
    db.project.findMany({
      where: { id: { in: projectIds } },
      select: { id: true, createdAt: true, scheme: { select: { createdAt: true, peakConfirmedAt: true } } },
    }),
    db.shareholder.groupBy({ by: ['projectId'], where: { projectId: { in: projectIds } }, _count: { _all: true } }),
    db.projectFlow.findMany({
      where: {
        projectId: { in: projectIds },
        OR: [
          { type: 'PEAK_CAPITAL', status: { in: ['RUNNING', 'COMPLETED'] } },
          { type: { in: ['SCHEME_APPROVAL', 'SUPPLEMENT_APPROVAL'] }, status: 'RUNNING' },
        ],
      },
      select: { projectId: true, type: true, status: true, startedAt: true, completedAt: true },
      orderBy: { startedAt: 'desc' },
    }),
    db.subscriptionRound.findMany({
      where: { projectId: { in: projectIds } },
      orderBy: [{ projectId: 'asc' }, { seq: 'desc' }],
      distinct: ['projectId'],
      select: {
        projectId: true,
        seq: true,
        status: true,
        deadline: true,
        noticeSentAt: true,
        calculatedAt: true,
        createdAt: true,
        updatedAt: true,
      },
    }),
  ]);
  return projects.map((p) => ({
    project: p,
    shareholders: shareholders.find((s) => s.projectId === p.id)?._count._all ?? 0,
    flows: flows.filter((f) => f.projectId === p.id),
    round: rounds.find((r) => r.projectId === p.id) ?? null,
  }));
}
