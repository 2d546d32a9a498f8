/**
 * npm run bench:export — 事业合伙明细大表 with 100,000 rows: the real export path (keyset pages → exceljs streaming
 * WorkbookWriter → a PostgreSQL large object, as the job does) against a bare `COPY (the same rows) TO STDOUT` of the
 * same query through psql, in the same run. Reports the time of each and the export's peak RSS (goal < 300 MB).
 *
 * Data (bulk SQL): 100 projects × 20,000 partners, each partner in 5 projects → 100,000 holdings; per holding a
 * COMMITMENT and two PAYMENT entries (300,000 ledger entries) and a paid 第1次利润分配 line (100,000 lines).
 *
 *   BENCH_ROWS      holdings (default 100000; a multiple of 5)
 *   BENCH_NO_WRITE  1: print the report without writing test/bench/results/export-<date>.md
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import pg from 'pg';
import { loadConfig } from '../../server/config';
import { closeDeps, createDeps } from '../../server/deps';
import { createLogger } from '../../server/lib/logger';
import { runExport } from '../../server/modules/exports/export-job';
import { writeExport, EXPORT_PAGE_SIZE } from '../../server/modules/exports/write-export';
import { formatDecimal } from '../../shared/money';

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const PROJECTS = 100;
const PER_PARTNER = 5;
const PARTNERS = ROWS / PER_PARTNER;
const out = (s = '') => process.stdout.write(`${s}\n`);
const mb = (b: number) => formatDecimal(b / 2 ** 20, 0);

const LOAD_SQL = `
INSERT INTO "OrgUnit" (id, "parentId", kind, name, code, "updatedAt") VALUES (1, NULL, 'HOLDING', '压测控股集团', 'B-H', now());
INSERT INTO "OrgUnit" (id, "parentId", kind, name, code, "sortOrder", "updatedAt")
  SELECT 1 + c, 1, 'CITY', '压测城市公司' || c, 'B-C' || c, c, now() FROM generate_series(1, 10) c;
INSERT INTO "Project" (id, code, name, "orgUnitId", "isOpen", "updatedAt")
  SELECT p, 'BENCH-' || lpad(p::text, 3, '0'), '压测项目' || lpad(p::text, 3, '0'), 2 + (p - 1) % 10, true, now()
  FROM generate_series(1, ${PROJECTS}) p;
INSERT INTO "ProjectScheme" ("projectId", "peakCapital", "cityRatio", "totalRatio", "updatedAt")
  SELECT p, 1000000000, 0.05, 0.05, now() FROM generate_series(1, ${PROJECTS}) p;
INSERT INTO "User" (id, name, "jobNumber", "orgUnitId", "updatedAt")
  SELECT u, '合伙人' || u, 'B' || lpad(u::text, 6, '0'), 2 + (u - 1) % 10, now() FROM generate_series(1, ${PARTNERS}) u;
CREATE TEMP TABLE h AS
  SELECT (u - 1) * ${PER_PARTNER} + k + 1 AS n, ((u - 1) * 7 + k * 20) % ${PROJECTS} + 1 AS p, u,
         (CASE WHEN u % 10 = 0 THEN 'HOLDING' WHEN u % 10 < 3 THEN 'GROUP' WHEN u % 10 < 8 THEN 'CITY' ELSE 'OTHER' END)::"InvestorLevel" AS level,
         50000 + ((u * 31 + k * 17) % 30) * 5000 AS amount
  FROM generate_series(1, ${PARTNERS}) u CROSS JOIN generate_series(0, ${PER_PARTNER - 1}) k;
INSERT INTO "CapitalEntry" ("projectId", level, holder, "userId", kind, "committedDelta", "paidDelta", "interestDelta", "valueDate", "idempotencyKey")
  SELECT p, level, 'PARTNER'::"CapitalHolder", u, 'COMMITMENT'::"CapitalEntryKind", amount, 0, 0, DATE '2025-01-10', 'b:c:' || n FROM h
  UNION ALL SELECT p, level, 'PARTNER'::"CapitalHolder", u, 'PAYMENT'::"CapitalEntryKind", 0, amount * 0.6, 0, DATE '2025-01-20', 'b:p1:' || n FROM h
  UNION ALL SELECT p, level, 'PARTNER'::"CapitalHolder", u, 'PAYMENT'::"CapitalEntryKind", 0, amount * 0.4, 0, DATE '2025-04-20', 'b:p2:' || n FROM h;
INSERT INTO "DistributionBatch" (id, "projectId", kind, seq, date, status, settings, "updatedAt")
  SELECT p, p, 'PROFIT', 1, DATE '2026-06-30', 'PAID', '{}', now() FROM generate_series(1, ${PROJECTS}) p;
INSERT INTO "DistributionLine" ("batchId", seq, level, holder, "userId", name, marks, principal, interest, other, "principalNet",
                                "principalTotal", weight, profit, tax, "profitNet", "totalExclOther", payout, "paidAt")
  SELECT p, row_number() OVER (PARTITION BY p ORDER BY n), level, 'PARTNER', u, '合伙人' || u, '{}', 0, 0, 0, 0, 0, '1',
         amount * 0.1, amount * 0.02, amount * 0.08, amount * 0.08, amount * 0.08, DATE '2026-06-30' FROM h;
ANALYZE;`;

/** The same rows as the export's query, in one statement (no paging): what COPY sends. */
const COPY_SQL = `
SELECT p.name, o.name, u.name, u."jobNumber", x.level, x.committed, x.paid, x.paid_in, d.profit, d.tax, d.received
FROM (SELECT ce."projectId", ce.level, ce."userId", sum(ce."committedDelta") AS committed, sum(ce."paidDelta") AS paid,
             sum(CASE WHEN ce.kind = 'PAYMENT' THEN ce."paidDelta" ELSE 0 END) AS paid_in
        FROM "CapitalEntry" ce WHERE ce.holder = 'PARTNER' GROUP BY 1, 2, 3) x
JOIN "Project" p ON p.id = x."projectId" JOIN "OrgUnit" o ON o.id = p."orgUnitId" JOIN "User" u ON u.id = x."userId"
LEFT JOIN (SELECT b."projectId", l.level, l."userId", sum(l.profit) AS profit, sum(l.tax) AS tax, sum(l.payout) AS received
             FROM "DistributionLine" l JOIN "DistributionBatch" b ON b.id = l."batchId" WHERE l."paidAt" IS NOT NULL GROUP BY 1, 2, 3) d
  ON d."projectId" = x."projectId" AND d.level = x.level AND d."userId" = x."userId"
ORDER BY x."projectId", x.level, x."userId"`;

function copyToStdout(databaseUrl: string): Promise<{ ms: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const t = Date.now();
    let bytes = 0;
    const child = spawn('psql', [databaseUrl, '-q', '-c', `COPY (${COPY_SQL.replace(/\s+/g, ' ')}) TO STDOUT`]);
    child.stdout.on('data', (c: Buffer) => (bytes += c.length));
    child.stderr.on('data', (c: Buffer) => process.stderr.write(c));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve({ ms: Date.now() - t, bytes }) : reject(new Error(`psql exited ${code}`)),
    );
  });
}

/** Samples the process's RSS every 20 ms while `fn` runs: the peak, and the RSS before it started. */
async function withPeakRss<T>(fn: () => Promise<T>): Promise<{ result: T; ms: number; before: number; peak: number }> {
  global.gc?.();
  const before = process.memoryUsage.rss();
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 20);
  const t = Date.now();
  try {
    const result = await fn();
    peak = Math.max(peak, process.memoryUsage.rss());
    return { result, ms: Date.now() - t, before, peak };
  } finally {
    clearInterval(timer);
  }
}

interface Measured {
  ms: number;
  rows: number;
  bytes: number;
  before: number;
  peak: number;
}

/** Runs one export measurement in a child process (the same script, BENCH_CHILD=stream|job) and reads its result. */
function inChild(mode: 'stream' | 'job', databaseUrl: string): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, process.argv[1]!], {
      env: { ...process.env, BENCH_CHILD: mode, BENCH_DATABASE_URL: databaseUrl },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let text = '';
    child.stdout.on('data', (c: Buffer) => (text += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const line = text.trim().split('\n').at(-1) ?? '';
      if (code !== 0) return reject(new Error(`${mode} measurement exited ${code}: ${text}`));
      resolve(JSON.parse(line) as Measured);
    });
  });
}

async function child(mode: string, databaseUrl: string): Promise<Measured> {
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: databaseUrl,
    REDIS_URL: 'redis://127.0.0.1:1',
  });
  const deps = createDeps(config, createLogger('silent'), { databaseUrl, redisUrl: 'redis://127.0.0.1:1' });
  deps.redis.on('error', () => undefined);
  await deps.db.$connect();
  try {
    if (mode === 'stream') {
      let bytes = 0;
      const sink = new Writable({
        write(chunk: Buffer, _e, cb) {
          bytes += chunk.length;
          cb();
        },
      });
      const r = await withPeakRss(() => writeExport(deps, 'PARTNER_HOLDINGS', { all: true, projectIds: [] }, sink));
      return { ms: r.ms, rows: r.result.rows, bytes, before: r.before, peak: r.peak };
    }
    const file = await deps.db.exportFile.create({
      data: { kind: 'PARTNER_HOLDINGS', requestedById: 1, allProjects: true, fileName: 'bench.xlsx' },
    });
    const r = await withPeakRss(() => runExport(deps, file.id));
    const done = await deps.db.exportFile.findUniqueOrThrow({ where: { id: file.id } });
    if (done.status !== 'DONE') throw new Error(`the export job ended ${done.status}: ${done.error}`);
    return { ms: r.ms, rows: done.rowsDone, bytes: done.sizeBytes ?? 0, before: r.before, peak: r.peak };
  } finally {
    await closeDeps(deps);
  }
}

async function main() {
  const { startPostgres } = await import('../../server/tools/services.mjs');
  const { deploy } = await import('../../server/tools/prisma-wasm.mjs');
  const tmp = path.join(os.tmpdir(), `gentou-bench-export-${process.pid}`);
  mkdirSync(tmp, { recursive: true, mode: 0o755 });
  const pgsrv = await startPostgres({
    dataDir: path.join(tmp, 'pg'),
    database: 'gentou_bench_export',
    persistent: false,
  });
  const databaseUrl = pgsrv.url;
  try {
    await deploy(databaseUrl);
    const t = Date.now();
    const c = new pg.Client({ connectionString: databaseUrl });
    c.on('error', () => undefined);
    await c.connect();
    await c.query(LOAD_SQL);
    const counts = (
      await c.query<{ entries: string; lines: string }>(
        'SELECT (SELECT count(*) FROM "CapitalEntry") AS entries, (SELECT count(*) FROM "DistributionLine") AS lines',
      )
    ).rows[0]!;
    await c.end();
    const loadMs = Date.now() - t;
    out(`load                ${loadMs} ms: ${counts.entries} ledger entries, ${counts.lines} distribution lines`);

    const copy = await copyToStdout(databaseUrl);
    out(`COPY TO STDOUT      ${copy.ms} ms, ${mb(copy.bytes)} MB of text`);
    // each export in a fresh process, so one's heap does not inflate the other's RSS
    const stream = await inChild('stream', databaseUrl);
    out(
      `export → stream     ${stream.ms} ms, ${stream.rows} rows, ${mb(stream.bytes)} MB xlsx, RSS ${mb(stream.before)} → peak ${mb(stream.peak)} MB`,
    );
    const job = await inChild('job', databaseUrl);
    out(
      `job → large object  ${job.ms} ms, ${job.rows} rows, ${mb(job.bytes)} MB, RSS ${mb(job.before)} → peak ${mb(job.peak)} MB`,
    );
    const date = new Date().toISOString().slice(0, 10);
    const cpus = os.cpus();
    const peak = Math.max(stream.peak, job.peak);
    const report = [
      `# bench:export — ${date}`,
      '',
      `Machine: ${cpus.length} × ${cpus[0]?.model.trim() ?? 'cpu'}, ${formatDecimal(os.totalmem() / 2 ** 30, 1)} GiB RAM, Node ${process.version}; PostgreSQL (embedded) on loopback. Load average at the end: ${formatDecimal(os.loadavg()[0]!, 2)} (shared machine: compare ratios).`,
      `Data: ${ROWS} holdings (${PROJECTS} projects × ${PARTNERS} partners × ${PER_PARTNER}), ${counts.entries} ledger entries, ${counts.lines} paid distribution lines; loaded in ${formatDecimal(loadMs / 1000, 1)} s.`,
      `事业合伙明细大表: keyset pages of ${EXPORT_PAGE_SIZE} rows through the raw pg pool → exceljs WorkbookWriter (rows committed one by one).`,
      '',
      '| path | time ms | rows | output MB | RSS before MB | peak RSS MB | time / COPY |',
      '|---|---:|---:|---:|---:|---:|---:|',
      `| COPY (same rows, one query) TO STDOUT via psql | ${copy.ms} | ${ROWS} | ${mb(copy.bytes)} (text) | — | — | 1.0 |`,
      `| writeExport → stream (discarded) | ${stream.ms} | ${stream.rows} | ${mb(stream.bytes)} (xlsx) | ${mb(stream.before)} | ${mb(stream.peak)} | ${formatDecimal(stream.ms / copy.ms, 1)} |`,
      `| export job → PostgreSQL large object | ${job.ms} | ${job.rows} | ${mb(job.bytes)} (xlsx) | ${mb(job.before)} | ${mb(job.peak)} | ${formatDecimal(job.ms / copy.ms, 1)} |`,
      '',
      `Peak RSS of the process during the exports: **${mb(peak)} MB** (goal < 300 MB: ${peak < 300 * 2 ** 20 ? 'met' : 'not met'}).`,
      '',
    ].join('\n');
    out('');
    out(report);
    if (process.env.BENCH_NO_WRITE !== '1') {
      const dir = path.join(__dirname, 'results');
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, `export-${date}.md`), report);
      out(`written             test/bench/results/export-${date}.md`);
    }
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    throw err;
  } finally {
    await pgsrv.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
}

try {
  execFileSync('psql', ['--version']);
} catch {
  process.stderr.write('bench:export needs psql for the COPY baseline: sudo apt-get install -y postgresql-client\n');
  process.exit(1);
}
const run = process.env.BENCH_CHILD
  ? child(process.env.BENCH_CHILD, process.env.BENCH_DATABASE_URL!).then((m) => out(JSON.stringify(m)))
  : main();
run.then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
