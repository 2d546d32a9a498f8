/** The personal center's reads: the caller's round lines with their dues, and their holdings from the ledger. */
import type { Deps } from '../../deps';
import { rawPool } from '../../lib/raw-pg';
import { type StoredPaymentStatus } from '../payments/status';
import type { EntryKind, LedgerEntry, Level } from '../capital/calc/types';
import { dec } from '../../../shared/money';

export interface EntryRow {
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
export async function myEntries(deps: Deps, userId: number) {
  // instants as epoch milliseconds, the due date as its calendar day: the raw pool returns no Date objects
  const ms = (col: string) => `(extract(epoch FROM ${col}) * 1000)::float8`;
  const { rows: raw } = await rawPool(deps.databaseUrl).query<
    Omit<EntryRow, 'deadline' | 'roundNoticeSentAt' | 'roundCreatedAt' | 'dueDate' | 'dueNoticeSentAt'> & {
      deadline: number;
      roundNoticeSentAt: number | null;
      roundCreatedAt: number;
      dueDate: string | null;
      dueNoticeSentAt: number | null;
    }
  >(
    `SELECT rp.id, rp."subscribedAmount"::text AS "subscribedAmount",
            r."projectId", r.status::text AS "roundStatus", ${ms('r.deadline')} AS deadline, r.title AS "roundTitle",
            ${ms('r."noticeSentAt"')} AS "roundNoticeSentAt", ${ms('r."createdAt"')} AS "roundCreatedAt",
            p.name AS "projectName", o.name AS "companyName",
            d.id AS "dueId", d.status::text AS "dueStatus", d."dueDate"::text AS "dueDate", d."amountDue"::text AS "amountDue",
            d."paidAmount"::text AS "paidAmount", ${ms('d."noticeSentAt"')} AS "dueNoticeSentAt"
       FROM "RoundPartner" rp
       JOIN "SubscriptionRound" r ON r.id = rp."roundId"
       JOIN "Project" p ON p.id = r."projectId"
       JOIN "OrgUnit" o ON o.id = p."orgUnitId"
       LEFT JOIN "PaymentDue" d ON d."roundPartnerId" = rp.id
      WHERE rp."userId" = $1
      ORDER BY rp.id`,
    [userId],
  );
  const at = (v: number | null) => (v === null ? null : new Date(v));
  const rows: EntryRow[] = raw.map((e) => ({
    ...e,
    deadline: new Date(e.deadline),
    roundNoticeSentAt: at(e.roundNoticeSentAt),
    roundCreatedAt: new Date(e.roundCreatedAt),
    dueDate: e.dueDate === null ? null : new Date(`${e.dueDate}T00:00:00Z`),
    dueNoticeSentAt: at(e.dueNoticeSentAt),
  }));
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
export async function myHoldings(deps: Deps, userId: number, projectIds: number[]) {
  if (!projectIds.length) return new Map<number, { committed: string; paid: string; outstanding: string }>();
  const { rows } = await rawPool(deps.databaseUrl).query<{
    projectId: number;
    committed: string;
    paid: string;
    outstanding: string;
  }>(
    `SELECT "projectId", sum(c)::text AS committed, sum(p)::text AS paid, sum(GREATEST(c - p, 0))::text AS outstanding
       FROM (SELECT "projectId", level, sum("committedDelta") AS c, sum("paidDelta") AS p
               FROM "CapitalEntry"
              WHERE "projectId" = ANY($1::int[]) AND "userId" = $2 AND holder = 'PARTNER'
              GROUP BY "projectId", level) l
      GROUP BY "projectId"`,
    [projectIds, userId],
  );
  return new Map(rows.map((r) => [r.projectId, r]));
}

/**
 * The exits a partner sees: from 发起 on (审批中, 已完成, 已打款). A 测算 not yet sent for approval, or refused, is the
 * accountants' working figure, not the partner's statement.
 */
const SHOWN_EXIT_STATUSES = ['FLOW_RUNNING', 'COMPLETED', 'PAID'] as const;

/** One of the caller's exits with its project (null when it is not theirs or not shown yet). */
export const findOwnExit = (db: Deps['db'], userId: number, exitId: number) =>
  db.partnerExit.findFirst({
    where: { id: exitId, userId, status: { in: [...SHOWN_EXIT_STATUSES] } },
    include: { project: { select: { id: true, name: true } } },
  });

/** The caller's exit from a project, when shown (see above). */
export const findOwnExitIn = (db: Deps['db'], userId: number, projectId: number) =>
  db.partnerExit.findFirst({
    where: { projectId, userId, status: { in: [...SHOWN_EXIT_STATUSES] } },
    select: { id: true },
  });

/** 补缴 / 退款 dues of the caller not settled yet whose notice went out (首页 lists them): one raw query. */
export async function myChangeDues(deps: Deps, userId: number) {
  const { rows } = await rawPool(deps.databaseUrl).query<{
    id: number;
    kind: 'TOPUP' | 'REFUND';
    amountDue: string;
    paidAmount: string;
    dueDate: string;
    noticeSentAt: string;
    projectName: string;
  }>(
    `SELECT d.id, d.kind::text AS kind, d."amountDue", d."paidAmount", d."dueDate", d."noticeSentAt", p.name AS "projectName"
       FROM "PaymentDue" d JOIN "Project" p ON p.id = d."projectId"
      WHERE d."userId" = $1 AND d.kind IN ('TOPUP', 'REFUND') AND d.status IN ('UNPAID', 'PARTIAL')
        AND d."noticeSentAt" IS NOT NULL
      ORDER BY d.id`,
    [userId],
  );
  // timestamps without a zone are UTC here (Prisma's convention); dates are calendar days
  return rows.map((d) => ({
    ...d,
    noticeSentAt: new Date(`${d.noticeSentAt.replace(' ', 'T')}Z`),
    dueDate: new Date(`${d.dueDate}T00:00:00Z`),
    project: { name: d.projectName },
  }));
}

/** Reviews waiting for the business admin (首页 of a business admin who is also a partner). */
export const pendingReviews = (deps: Deps) =>
  deps.db.review.findMany({
    where: { status: 'PENDING' },
    include: { project: { select: { name: true } } },
    orderBy: { id: 'asc' },
    take: 20,
  });

/**
 * The caller's exit entries (承接 TRANSFER_OUT and any REVERSAL of theirs) per project, as ledger entries: what the
 * 退 mark is read from (exits/calc/exited.ts). Usually none: one indexed query instead of each project's whole ledger.
 */
export async function myExitEntries(
  deps: Deps,
  userId: number,
  projectIds: number[],
): Promise<Map<number, LedgerEntry[]>> {
  const out = new Map<number, LedgerEntry[]>();
  if (!projectIds.length) return out;
  const { rows } = await rawPool(deps.databaseUrl).query<{
    id: number;
    projectId: number;
    level: Level;
    kind: EntryKind;
    paid: string;
    committed: string;
    valueDate: string;
    reversalOfId: number | null;
  }>(
    `SELECT id, "projectId", level::text AS level, kind::text AS kind, "paidDelta"::text AS paid,
            "committedDelta"::text AS committed, "valueDate"::text AS "valueDate", "reversalOfId"
       FROM "CapitalEntry"
      WHERE "projectId" = ANY($1::int[]) AND "userId" = $2 AND holder = 'PARTNER'
        AND kind IN ('TRANSFER_OUT', 'REVERSAL')`,
    [projectIds, userId],
  );
  for (const r of rows)
    out.set(r.projectId, [
      ...(out.get(r.projectId) ?? []),
      {
        id: r.id,
        level: r.level,
        holder: 'PARTNER',
        userId,
        kind: r.kind,
        committedDelta: dec(r.committed),
        paidDelta: dec(r.paid),
        interestDelta: dec(0),
        valueDate: r.valueDate,
        reversalOfId: r.reversalOfId,
      },
    ]);
  return out;
}
