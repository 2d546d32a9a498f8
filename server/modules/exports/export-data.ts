/**
 * What the export job reads and writes, through the raw `pg` pool only (no Prisma), so the export worker
 * (server/workers/export-worker.ts) runs in a process that loads neither Prisma nor the app. Rows are read in keyset
 * pages (text columns, no Decimal objects per cell): each page is one query bounded by LIMIT that starts after the
 * previous page's last key, so a 100,000-row export holds one page at a time and no cursor (no transaction) stays
 * open while the workbook is written. Workbooks are PostgreSQL large objects, written and read in pieces (see
 * prisma/schema/exports.prisma). The file row's status moves by conditional updates (export-job.ts).
 */
import { Readable, Writable } from 'node:stream';
import type { Deps } from '../../deps';
import { rawPool } from '../../lib/raw-pg';
import type { TExportKind, TExportStatus } from '../../../shared/api/exports';

type ExportKindCode = TExportKind;

/** What these reads need of the process: the database's URL (the raw pool is per URL). */
export type RawDeps = Pick<Deps, 'databaseUrl'>;

/** The projects an export covers: every one (the business admin) or the caller's granted ones. */
export interface ExportScope {
  all: boolean;
  projectIds: number[];
}

export type RawRow = Record<string, string | number | boolean | null | string[]>;

interface KindQuery {
  /** the first key (before every row) */
  start: unknown[];
  keyOf: (row: RawRow) => unknown[];
  /** $1…$k the key, then $k+1 scope.all, $k+2 scope.projectIds, $k+3 the page size */
  page: string;
  count: string;
}

// Reversals count as the kind they reverse (a reversed payment lowers 已缴款, not a kind of its own).
const HOLDINGS_PAGE = `
WITH h AS (
  SELECT ce."projectId", ce.level, ce."userId",
         sum(ce."committedDelta") AS committed,
         sum(ce."paidDelta") AS paid,
         sum(CASE WHEN k.kind = 'PAYMENT' THEN ce."paidDelta" ELSE 0 END) AS "paidIn",
         -sum(CASE WHEN k.kind = 'REFUND' THEN ce."paidDelta" ELSE 0 END) AS refunded,
         -sum(CASE WHEN k.kind = 'PRINCIPAL_RETURN' THEN ce."paidDelta" ELSE 0 END) AS "principalReturned",
         -sum(CASE WHEN k.kind = 'TRANSFER_OUT' THEN ce."paidDelta" ELSE 0 END) AS "transferredOut",
         min(ce."valueDate") FILTER (WHERE ce.kind = 'PAYMENT') AS "firstPaidOn",
         max(ce."valueDate") FILTER (WHERE ce.kind = 'PAYMENT') AS "lastPaidOn",
         count(*) FILTER (WHERE ce.kind = 'PAYMENT') AS tranches
  FROM "CapitalEntry" ce
  LEFT JOIN "CapitalEntry" r ON r.id = ce."reversalOfId"
  CROSS JOIN LATERAL (SELECT COALESCE(r.kind, ce.kind) AS kind) k
  WHERE ce.holder = 'PARTNER' AND ce."projectId" >= $1 AND ($4::boolean OR ce."projectId" = ANY($5::int[]))
  GROUP BY ce."projectId", ce.level, ce."userId"
  HAVING (ce."projectId", ce.level, ce."userId") > ($1::int, $2::"InvestorLevel", $3::int)
  ORDER BY ce."projectId", ce.level, ce."userId"
  LIMIT $6
), d AS (
  SELECT b."projectId", l.level, l."userId",
         sum(l.interest) AS interest, sum(l.other) AS other, sum(l.profit) AS profit, sum(l.tax) AS tax,
         sum(l.payout) AS received
  FROM "DistributionLine" l
  JOIN "DistributionBatch" b ON b.id = l."batchId"
  JOIN h ON h."projectId" = b."projectId" AND h.level = l.level AND h."userId" = l."userId"
  WHERE l.holder = 'PARTNER' AND l."paidAt" IS NOT NULL
  GROUP BY b."projectId", l.level, l."userId"
)
SELECT h."projectId", h.level::text AS level, h."userId", p.code AS "projectCode", p.name AS "projectName",
       o.name AS company, u.name, u."jobNumber", u.status::text AS "userStatus",
       EXISTS (SELECT 1 FROM "PartnerExit" x WHERE x."projectId" = h."projectId" AND x."userId" = h."userId"
                 AND x.status IN ('COMPLETED', 'PAID')) AS exited,
       h.committed, h.paid, h."paidIn", h.refunded, h."principalReturned", h."transferredOut",
       h."firstPaidOn", h."lastPaidOn", h.tranches::int AS tranches,
       COALESCE(d.interest, 0) AS interest, COALESCE(d.other, 0) AS other, COALESCE(d.profit, 0) AS profit,
       COALESCE(d.tax, 0) AS tax, COALESCE(d.received, 0) AS received
FROM h
JOIN "Project" p ON p.id = h."projectId"
JOIN "OrgUnit" o ON o.id = p."orgUnitId"
JOIN "User" u ON u.id = h."userId"
LEFT JOIN d ON d."projectId" = h."projectId" AND d.level = h.level AND d."userId" = h."userId"
ORDER BY h."projectId", h.level, h."userId"`;

const QUERIES: Record<ExportKindCode, KindQuery> = {
  PARTNER_HOLDINGS: {
    start: [0, 'HOLDING', 0],
    keyOf: (r) => [r.projectId, r.level, r.userId],
    page: HOLDINGS_PAGE,
    count: `SELECT count(*)::int AS n FROM (SELECT 1 FROM "CapitalEntry" ce
              WHERE ce.holder = 'PARTNER' AND ($1::boolean OR ce."projectId" = ANY($2::int[]))
              GROUP BY ce."projectId", ce.level, ce."userId") x`,
  },
  PAYMENTS: {
    start: [0],
    keyOf: (r) => [r.id],
    page: `
SELECT d.id, d.kind::text AS kind, d.level::text AS level, p.code AS "projectCode", p.name AS "projectName",
       o.name AS company, u.name, u."jobNumber", d."amountDue", d."paidAmount", d."dueDate", d.status::text AS status,
       d."noticeSentAt", d."partnerMarkedPaidAt",
       ARRAY(SELECT r."paidOn"::text || '|' || r.amount::text FROM "PaymentRecord" r
             WHERE r."paymentDueId" = d.id ORDER BY r."paidOn", r.id) AS records
FROM "PaymentDue" d
JOIN "Project" p ON p.id = d."projectId"
JOIN "OrgUnit" o ON o.id = p."orgUnitId"
JOIN "User" u ON u.id = d."userId"
WHERE d.id > $1 AND ($2::boolean OR d."projectId" = ANY($3::int[]))
ORDER BY d.id
LIMIT $4`,
    count: `SELECT count(*)::int AS n FROM "PaymentDue" d WHERE ($1::boolean OR d."projectId" = ANY($2::int[]))`,
  },
  PROJECT_KPIS: {
    start: [0],
    keyOf: (r) => [r.id],
    page: `
SELECT p.id, p.code AS "projectCode", p.name AS "projectName", o.name AS company, s."peakCapital",
       a."salesRevenue" AS "aRevenue", a."totalCost" AS "aCost", a."netProfit" AS "aProfit", a."netMargin" AS "aMargin",
       a.irr AS "aIrr", a."paybackMonths" AS "aPayback",
       y."salesRevenue" AS "yRevenue", y."totalCost" AS "yCost", y."netProfit" AS "yProfit", y."netMargin" AS "yMargin",
       y.irr AS "yIrr", y."paybackMonths" AS "yPayback",
       COALESCE(c.committed, 0) AS committed, COALESCE(c.paid, 0) AS paid,
       COALESCE(dl.profit, 0) AS profit, COALESCE(dl.received, 0) AS received
FROM "Project" p
JOIN "OrgUnit" o ON o.id = p."orgUnitId"
LEFT JOIN "ProjectScheme" s ON s."projectId" = p.id
LEFT JOIN "ProfitIndicator" a ON a."projectId" = p.id AND a.phase = 'APPROVAL'
LEFT JOIN "ProfitIndicator" y ON y."projectId" = p.id AND y.phase = 'DYNAMIC'
LEFT JOIN LATERAL (SELECT sum(ce."committedDelta") AS committed, sum(ce."paidDelta") AS paid FROM "CapitalEntry" ce
                   WHERE ce."projectId" = p.id AND ce.holder = 'PARTNER') c ON true
LEFT JOIN LATERAL (SELECT sum(l.profit) AS profit, sum(l.payout) AS received FROM "DistributionLine" l
                   JOIN "DistributionBatch" b ON b.id = l."batchId"
                   WHERE b."projectId" = p.id AND l.holder = 'PARTNER' AND l."paidAt" IS NOT NULL) dl ON true
WHERE p.id > $1 AND ($2::boolean OR p.id = ANY($3::int[]))
ORDER BY p.id
LIMIT $4`,
    count: `SELECT count(*)::int AS n FROM "Project" p WHERE ($1::boolean OR p.id = ANY($2::int[]))`,
  },
};

export async function countExportRows(deps: RawDeps, kind: ExportKindCode, scope: ExportScope): Promise<number> {
  const { rows } = await rawPool(deps.databaseUrl).query<{ n: number }>(QUERIES[kind].count, [
    scope.all,
    scope.projectIds,
  ]);
  return rows[0]?.n ?? 0;
}

/** Projects per slice of 事业合伙明细大表: each page aggregates the ledger of its slice only (an index range). */
const HOLDINGS_SLICE = 5;

/**
 * The rows of an export, one page (≤ pageSize rows) per iteration, in key order. 事业合伙明细大表 aggregates the
 * ledger per holding, so its pages are taken within slices of a few projects: each query groups only the entries of
 * its slice (found through the projectId index) instead of every entry after the key.
 */
export async function* exportPages(
  deps: RawDeps,
  kind: ExportKindCode,
  scope: ExportScope,
  pageSize: number,
): AsyncGenerator<RawRow[]> {
  const pool = rawPool(deps.databaseUrl);
  if (kind !== 'PARTNER_HOLDINGS') {
    yield* keysetPages(pool, QUERIES[kind], scope, pageSize);
    return;
  }
  const { rows } = await pool.query<{ id: number }>(
    'SELECT id FROM "Project" WHERE ($1::boolean OR id = ANY($2::int[])) ORDER BY id',
    [scope.all, scope.projectIds],
  );
  for (let i = 0; i < rows.length; i += HOLDINGS_SLICE) {
    const slice = { all: false, projectIds: rows.slice(i, i + HOLDINGS_SLICE).map((r) => r.id) };
    yield* keysetPages(pool, QUERIES[kind], slice, pageSize);
  }
}

async function* keysetPages(
  pool: ReturnType<typeof rawPool>,
  q: KindQuery,
  scope: ExportScope,
  pageSize: number,
): AsyncGenerator<RawRow[]> {
  let key = q.start;
  for (;;) {
    const { rows } = await pool.query<RawRow>(q.page, [...key, scope.all, scope.projectIds, pageSize]);
    if (rows.length) yield rows;
    if (rows.length < pageSize) return;
    key = q.keyOf(rows[rows.length - 1]!);
  }
}

// ---- the file row, as the job sees it ---------------------------------------------------------------------------

/** Timestamps are stored as UTC wall-clock time (timestamp(3), as Prisma writes them): sent as ISO text in UTC. */
const utc = (d: Date) => d.toISOString();

export interface ExportJobRow {
  id: number;
  kind: ExportKindCode;
  status: TExportStatus;
  allProjects: boolean;
  projectIds: number[];
}

export async function findExportJob(deps: RawDeps, id: number): Promise<ExportJobRow | undefined> {
  const { rows } = await rawPool(deps.databaseUrl).query<ExportJobRow>(
    'SELECT id, kind::text AS kind, status::text AS status, "allProjects", "projectIds" FROM "ExportFile" WHERE id = $1',
    [id],
  );
  return rows[0];
}

/** QUEUED → RUNNING; false when another delivery of the job took it first. */
export async function claimExport(deps: RawDeps, id: number, rowsTotal: number, at: Date): Promise<boolean> {
  const { rowCount } = await rawPool(deps.databaseUrl).query(
    `UPDATE "ExportFile" SET status = 'RUNNING', "startedAt" = $2::timestamp(3), "rowsTotal" = $3, "rowsDone" = 0
      WHERE id = $1 AND status = 'QUEUED'`,
    [id, utc(at), rowsTotal],
  );
  return rowCount === 1;
}

export async function setExportLargeObject(deps: RawDeps, id: number, oid: bigint): Promise<void> {
  await rawPool(deps.databaseUrl).query('UPDATE "ExportFile" SET "largeObjectId" = $2 WHERE id = $1', [
    id,
    oid.toString(),
  ]);
}

export async function setExportProgress(deps: RawDeps, id: number, rowsDone: number): Promise<void> {
  await rawPool(deps.databaseUrl).query('UPDATE "ExportFile" SET "rowsDone" = $2 WHERE id = $1', [id, rowsDone]);
}

export async function finishExport(
  deps: RawDeps,
  id: number,
  done: { rows: number; rowsTotal: number; sizeBytes: number; at: Date; expiresAt: Date },
): Promise<void> {
  await rawPool(deps.databaseUrl).query(
    `UPDATE "ExportFile" SET status = 'DONE', "rowsDone" = $2, "rowsTotal" = $3, "sizeBytes" = $4,
            "finishedAt" = $5::timestamp(3), "expiresAt" = $6::timestamp(3)
      WHERE id = $1 AND status = 'RUNNING'`,
    [id, done.rows, done.rowsTotal, done.sizeBytes, utc(done.at), utc(done.expiresAt)],
  );
}

export async function failExport(deps: RawDeps, id: number, error: string, at: Date): Promise<void> {
  await rawPool(deps.databaseUrl).query(
    `UPDATE "ExportFile" SET status = 'FAILED', "finishedAt" = $3::timestamp(3), "largeObjectId" = NULL, error = $2
      WHERE id = $1 AND status = 'RUNNING'`,
    [id, error, utc(at)],
  );
}

/** DONE / FAILED files past their expiry, with their large object's oid (null when none was kept). */
export async function expiredExportFiles(deps: RawDeps, now: Date): Promise<{ id: number; oid: bigint | null }[]> {
  const { rows } = await rawPool(deps.databaseUrl).query<{ id: number; oid: string | null }>(
    `SELECT id, "largeObjectId"::text AS oid FROM "ExportFile"
      WHERE status IN ('DONE', 'FAILED') AND "expiresAt" <= $1::timestamp(3) ORDER BY id`,
    [utc(now)],
  );
  return rows.map((r) => ({ id: r.id, oid: r.oid === null ? null : BigInt(r.oid) }));
}

export async function expireExportFile(deps: RawDeps, id: number): Promise<void> {
  await rawPool(deps.databaseUrl).query(
    `UPDATE "ExportFile" SET status = 'EXPIRED', "largeObjectId" = NULL WHERE id = $1 AND status IN ('DONE', 'FAILED')`,
    [id],
  );
}

/** Still QUEUED and asked for before `before`. */
export async function queuedExportFilesBefore(deps: RawDeps, before: Date): Promise<number[]> {
  const { rows } = await rawPool(deps.databaseUrl).query<{ id: number }>(
    `SELECT id FROM "ExportFile" WHERE status = 'QUEUED' AND "createdAt" <= $1::timestamp(3) ORDER BY id`,
    [utc(before)],
  );
  return rows.map((r) => r.id);
}

// ---- large objects -------------------------------------------------------------------------------------------------

/** A new, empty large object; its oid. */
export async function createLargeObject(deps: RawDeps): Promise<bigint> {
  const { rows } = await rawPool(deps.databaseUrl).query<{ oid: string }>('SELECT lo_create(0)::text AS oid');
  return BigInt(rows[0]!.oid);
}

export async function unlinkLargeObject(deps: RawDeps, oid: bigint): Promise<void> {
  await rawPool(deps.databaseUrl).query(
    'SELECT lo_unlink($1::oid) WHERE EXISTS (SELECT 1 FROM pg_largeobject_metadata WHERE oid = $1::oid)',
    [oid.toString()],
  );
}

const PIECE = 1 << 20; // 1 MiB per lo_put / lo_get

/** A writable stream into the large object (appended in 1 MiB pieces); `bytes()` says how much was written. */
export function largeObjectWriter(deps: RawDeps, oid: bigint): Writable & { bytes: () => number } {
  const pool = rawPool(deps.databaseUrl);
  let offset = 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const flush = async () => {
    if (!pendingBytes) return;
    const piece = Buffer.concat(pending, pendingBytes);
    pending = [];
    pendingBytes = 0;
    await pool.query('SELECT lo_put($1::oid, $2::bigint, $3::bytea)', [oid.toString(), offset, piece]);
    offset += piece.length;
  };
  const w = new Writable({
    write(chunk: Buffer, _enc, cb) {
      pending.push(chunk);
      pendingBytes += chunk.length;
      if (pendingBytes < PIECE) return cb();
      flush().then(() => cb(), cb);
    },
    final(cb) {
      flush().then(() => cb(), cb);
    },
  });
  return Object.assign(w, { bytes: () => offset + pendingBytes });
}

/** The large object as a readable stream, read in 1 MiB pieces as the client takes them. */
export function largeObjectReader(deps: RawDeps, oid: bigint, size: number): Readable {
  const pool = rawPool(deps.databaseUrl);
  let offset = 0;
  return new Readable({
    read() {
      if (offset >= size) return void this.push(null);
      const length = Math.min(PIECE, size - offset);
      pool
        .query<{ b: Buffer }>('SELECT lo_get($1::oid, $2::bigint, $3::int) AS b', [oid.toString(), offset, length])
        .then(({ rows }) => {
          offset += length;
          this.push(rows[0]!.b);
        })
        .catch((err: Error) => this.destroy(err));
    },
  });
}
