/** The personal center's reads: 首页's one query, and the caller's exits. */
import type { Deps } from '../../deps';
import { rawPool } from '../../lib/raw-pg';
import { type StoredPaymentStatus } from '../payments/status';
import type { EntryKind, LedgerEntry, Level } from '../capital/calc/types';
import { dec } from '../../../shared/money';
import type { DistributionSummaryData } from '../distributions/my-distributions';

/** What 首页 (GET /api/me/overview) shows, as read by its one query (instants and days as JSON text). */
interface OverviewJson {
  entries: Array<{
    id: number;
    subscribedAmount: string | null;
    projectId: number;
    roundStatus: string;
    deadline: string;
    roundTitle: string;
    roundNoticeSentAt: string | null;
    roundCreatedAt: string;
    projectName: string;
    companyName: string;
    dueId: number | null;
    dueStatus: StoredPaymentStatus | null;
    dueDate: string | null;
    amountDue: string | null;
    paidAmount: string | null;
    dueNoticeSentAt: string | null;
  }> | null;
  holdings: Array<{ projectId: number; committed: string; paid: string; outstanding: string }> | null;
  exits: Array<{
    id: number;
    projectId: number;
    level: Level;
    kind: EntryKind;
    paid: string;
    committed: string;
    valueDate: string;
    reversalOfId: number | null;
  }> | null;
  changeDues: Array<{
    id: number;
    kind: 'TOPUP' | 'REFUND';
    amountDue: string;
    paidAmount: string;
    dueDate: string;
    noticeSentAt: string;
    projectName: string;
  }> | null;
  agreements: Array<{
    id: number;
    projectId: number;
    title: string;
    number: string;
    generatedAt: string;
    projectName: string | null;
  }> | null;
  reviews: Array<{ id: number; title: string; submittedAt: string; projectName: string }> | null;
  distributions: DistributionSummaryData;
}

/**
 * Everything 首页 shows of the caller, in one query (the busiest endpoint: one round trip, as the floor of
 * test/bench/me.ts): the round lines with their dues; per project of theirs the holdings from the capital ledger
 * (认缴, 实缴, 未缴 per level, summed) and their exit entries (承接 TRANSFER_OUT and REVERSAL: the 退 mark); the
 * distributions paid and waiting, the 分配账户确认 asked for; 补缴 / 退款 dues whose notice went out; agreements
 * waiting for their signature; and, for a business admin, the reviews waiting. Amounts come back as exact text.
 */
const OVERVIEW_SQL = `
WITH e AS (
  SELECT rp.id, rp."subscribedAmount"::text AS "subscribedAmount",
         r."projectId", r.status::text AS "roundStatus", r.deadline, r.title AS "roundTitle",
         r."noticeSentAt" AS "roundNoticeSentAt", r."createdAt" AS "roundCreatedAt",
         p.name AS "projectName", o.name AS "companyName",
         d.id AS "dueId", d.status::text AS "dueStatus", d."dueDate", d."amountDue"::text AS "amountDue",
         d."paidAmount"::text AS "paidAmount", d."noticeSentAt" AS "dueNoticeSentAt"
    FROM "RoundPartner" rp
    JOIN "SubscriptionRound" r ON r.id = rp."roundId"
    JOIN "Project" p ON p.id = r."projectId"
    JOIN "OrgUnit" o ON o.id = p."orgUnitId"
    LEFT JOIN "PaymentDue" d ON d."roundPartnerId" = rp.id
   WHERE rp."userId" = $1
), ce AS (
  SELECT id, "projectId", level, kind, "committedDelta", "paidDelta", "valueDate", "reversalOfId"
    FROM "CapitalEntry"
   WHERE "projectId" IN (SELECT "projectId" FROM e) AND "userId" = $1 AND holder = 'PARTNER'
)
SELECT json_build_object(
  'entries', (SELECT json_agg(e ORDER BY e.id) FROM e),
  'holdings', (SELECT json_agg(h) FROM (
     SELECT "projectId", sum(c)::text AS committed, sum(p)::text AS paid, sum(GREATEST(c - p, 0))::text AS outstanding
       FROM (SELECT "projectId", level, sum("committedDelta") AS c, sum("paidDelta") AS p FROM ce
              GROUP BY "projectId", level) l
      GROUP BY "projectId") h),
  'exits', (SELECT json_agg(x ORDER BY x.id) FROM (
     SELECT id, "projectId", level::text AS level, kind::text AS kind, "paidDelta"::text AS paid,
            "committedDelta"::text AS committed, "valueDate"::text AS "valueDate", "reversalOfId"
       FROM ce WHERE kind IN ('TRANSFER_OUT', 'REVERSAL')) x),
  'changeDues', (SELECT json_agg(c ORDER BY c.id) FROM (
     SELECT d.id, d.kind::text AS kind, d."amountDue"::text AS "amountDue", d."paidAmount"::text AS "paidAmount",
            d."dueDate"::text AS "dueDate", d."noticeSentAt", p.name AS "projectName"
       FROM "PaymentDue" d JOIN "Project" p ON p.id = d."projectId"
      WHERE d."userId" = $1 AND d.kind IN ('TOPUP', 'REFUND') AND d.status IN ('UNPAID', 'PARTIAL')
        AND d."noticeSentAt" IS NOT NULL) c),
  'agreements', (SELECT json_agg(a ORDER BY a.id) FROM (
     SELECT a.id, a."projectId", a.title, a.number, a."generatedAt", p.name AS "projectName"
       FROM "Agreement" a LEFT JOIN "Project" p ON p.id = a."projectId"
      WHERE a."userId" = $1 AND a.status = 'PENDING') a),
  'reviews', CASE WHEN $2::boolean THEN (SELECT json_agg(r ORDER BY r.id) FROM (
     SELECT r.id, r.title, r."submittedAt", p.name AS "projectName"
       FROM "Review" r JOIN "Project" p ON p.id = r."projectId"
      WHERE r.status = 'PENDING' ORDER BY r.id LIMIT 20) r) END,
  'distributions', json_build_object(
     'paid', (SELECT json_agg(x) FROM (
        SELECT b."projectId", sum(l.payout)::text AS amount
          FROM "DistributionLine" l JOIN "DistributionBatch" b ON b.id = l."batchId"
         WHERE l."userId" = $1 AND l.payout > 0 AND l."paidAt" IS NOT NULL
           AND b.status IN ('NOTIFIED', 'PAID', 'LOCKED')
         GROUP BY b."projectId") x),
     'pending', (SELECT json_agg(y ORDER BY y.id) FROM (
        SELECT l.id, l.payout::text AS payout, l."noticeSentAt", b.kind, b.seq, b.date, p.name AS "projectName"
          FROM "DistributionLine" l JOIN "DistributionBatch" b ON b.id = l."batchId"
          JOIN "Project" p ON p.id = b."projectId"
         WHERE l."userId" = $1 AND l.payout > 0 AND l."paidAt" IS NULL AND l."noticeSentAt" IS NOT NULL
           AND b.status = 'NOTIFIED') y),
     'account', (SELECT row_to_json(a) FROM (
        SELECT id, status, "confirmationRequestedAt" FROM "DistributionAccount" WHERE "userId" = $1) a))
)::text AS j`;

/** The query itself, for test/bench/me.ts's profile (EXPLAIN ANALYZE). */
export const overviewSqlForBench = OVERVIEW_SQL;

// timestamps without a zone are UTC in this database (Prisma's convention); dates are calendar days
const instant = (s: string) => new Date(`${s}Z`);
const calendarDay = (s: string) => new Date(`${s}T00:00:00Z`);

/** 首页's data for the caller (see OVERVIEW_SQL), shaped as the page's assembly reads it. */
export async function overviewData(deps: Pick<Deps, 'databaseUrl'>, userId: number, withReviews: boolean) {
  // a named statement: each pooled connection parses and plans it once (planning this query costs PostgreSQL more
  // than running it), then runs the kept plan
  const { rows } = await rawPool(deps.databaseUrl).query<{ j: string }>({
    name: 'me-overview',
    text: OVERVIEW_SQL,
    values: [userId, withReviews],
  });
  const data = JSON.parse(rows[0]!.j) as OverviewJson;
  const entries = (data.entries ?? []).map((e) => ({
    id: e.id,
    subscribedAmount: e.subscribedAmount,
    round: {
      projectId: e.projectId,
      status: e.roundStatus,
      deadline: instant(e.deadline),
      title: e.roundTitle,
      noticeSentAt: e.roundNoticeSentAt === null ? null : instant(e.roundNoticeSentAt),
      createdAt: instant(e.roundCreatedAt),
      project: { id: e.projectId, name: e.projectName, orgUnit: { name: e.companyName } },
    },
    payment:
      e.dueId === null
        ? null
        : {
            id: e.dueId,
            status: e.dueStatus!,
            dueDate: calendarDay(e.dueDate!),
            amountDue: e.amountDue!,
            paidAmount: e.paidAmount!,
            noticeSentAt: e.dueNoticeSentAt === null ? null : instant(e.dueNoticeSentAt),
          },
  }));
  const holdings = new Map((data.holdings ?? []).map((h) => [h.projectId, h]));
  const exitEntries = new Map<number, LedgerEntry[]>();
  for (const r of data.exits ?? [])
    exitEntries.set(r.projectId, [
      ...(exitEntries.get(r.projectId) ?? []),
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
  const changeDues = (data.changeDues ?? []).map((d) => ({
    ...d,
    noticeSentAt: instant(d.noticeSentAt),
    dueDate: calendarDay(d.dueDate),
    project: { name: d.projectName },
  }));
  const agreements = (data.agreements ?? []).map((a) => ({ ...a, generatedAt: instant(a.generatedAt) }));
  const reviews = (data.reviews ?? []).map((r) => ({
    id: r.id,
    title: r.title,
    submittedAt: instant(r.submittedAt),
    project: { name: r.projectName },
  }));
  return { entries, holdings, exitEntries, changeDues, agreements, reviews, distributions: data.distributions };
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
