/**
 * npm run bench:export — 事业合伙明细大表 with 100,000 rows: the real export path against a bare
 * `COPY (the same rows) TO STDOUT` of the same query through psql, in the same run (interleaved: COPY before and
 * after the exports, the ratio against their mean).
 *
 * The job is measured as it runs in production: the export worker process (server/workers/export-worker.ts — raw pg
 * pool, exceljs, BullMQ; no Prisma, no app) is spawned on a throwaway PostgreSQL and Redis, the ExportFile row is
 * inserted and its job queued as `POST /api/exports` does, and the bench waits for DONE. Its peak RSS is the kernel's
 * high-water mark of that process (VmHWM in /proc/<pid>/status), read after the job, and its RSS when idle is read
 * before the job is queued. `writeExport` into a discarding stream is measured the same way in a slim child process
 * of this script (no large object: what exceljs alone costs).
 *
 * Data (bulk SQL): 100 projects × 20,000 partners, each partner in 5 projects → 100,000 holdings; per holding a
 * COMMITMENT and two PAYMENT entries (300,000 ledger entries) and a paid 第1次利润分配 line (100,000 lines).
 *
 *   BENCH_ROWS      holdings (default 100000; a multiple of 5)
 *   BENCH_NO_WRITE  1: print the report without writing test/bench/results/export-<date>.md
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { Queue } from 'bullmq';
import pg from 'pg';
import { bullConnection } from '../../server/jobs/queues';
import { closeRawPool } from '../../server/lib/raw-pg';
import { EXPORTS_QUEUE, exportJobId } from '../../server/modules/exports/export-job';
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

/** The kernel's figures for a process: VmRSS now and VmHWM (peak RSS since it started), in bytes. */
function procMemory(pid: number): { rss: number; hwm: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) * 1024;
  return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
}

interface Measured {
  ms: number;
  rows: number;
  bytes: number;
  /** RSS of the process when idle, before the export */
  before: number;
  /** VmHWM of the process after the export: its peak RSS */
  peak: number;
}

/** writeExport into a discarding stream, in a child process of this script that loads only what the export needs. */
function streamInChild(databaseUrl: string): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, process.argv[1]!], {
      env: { ...process.env, BENCH_CHILD: 'stream', BENCH_DATABASE_URL: databaseUrl },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let text = '';
    child.stdout.on('data', (c: Buffer) => (text += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const line = text.trim().split('\n').at(-1) ?? '';
      if (code !== 0) return reject(new Error(`stream measurement exited ${code}: ${text}`));
      resolve(JSON.parse(line) as Measured);
    });
  });
}

async function streamChild(databaseUrl: string): Promise<Measured> {
  const before = procMemory(process.pid).rss;
  let bytes = 0;
  const sink = new Writable({
    write(chunk: Buffer, _e, cb) {
      bytes += chunk.length;
      cb();
    },
  });
  const t = Date.now();
  const r = await writeExport({ databaseUrl }, 'PARTNER_HOLDINGS', { all: true, projectIds: [] }, sink);
  const ms = Date.now() - t;
  const { hwm } = procMemory(process.pid);
  await closeRawPool(databaseUrl);
  return { ms, rows: r.rows, bytes, before, peak: hwm };
}

/**
 * The real job in the real export worker process: spawned as `npm start` spawns it, the row inserted and the job
 * queued as requestExport does, DONE awaited by polling the row (as the console does).
 */
async function jobInWorker(databaseUrl: string, redisUrl: string, c: pg.Client, queue: Queue): Promise<Measured> {
  const worker: ChildProcess = spawn(
    process.execPath,
    [...process.execArgv, path.join(__dirname, '../../server/workers/export-worker.ts')],
    {
      env: { ...process.env, DATABASE_URL: databaseUrl, REDIS_URL: redisUrl, REDIS_PREFIX: 'bench', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    },
  );
  try {
    await new Promise<void>((resolve, reject) => {
      worker.once('message', () => resolve());
      worker.once('exit', (code) => reject(new Error(`the export worker exited ${code} before it was ready`)));
    });
    await new Promise((r) => setTimeout(r, 500));
    const before = procMemory(worker.pid!).rss;
    const { rows } = await c.query<{ id: number }>(
      `INSERT INTO "ExportFile" (kind, "requestedById", "allProjects", "fileName")
       VALUES ('PARTNER_HOLDINGS', 1, true, 'bench.xlsx') RETURNING id`,
    );
    const id = rows[0]!.id;
    const t = Date.now();
    await queue.add('export', { exportFileId: id }, { jobId: exportJobId(id), attempts: 1 });
    for (;;) {
      await new Promise((r) => setTimeout(r, 100));
      const f = (
        await c.query<{ status: string; rowsDone: number; sizeBytes: number | null; error: string | null }>(
          'SELECT status::text AS status, "rowsDone", "sizeBytes", error FROM "ExportFile" WHERE id = $1',
          [id],
        )
      ).rows[0]!;
      if (f.status === 'DONE') {
        const ms = Date.now() - t;
        return { ms, rows: f.rowsDone, bytes: f.sizeBytes ?? 0, before, peak: procMemory(worker.pid!).hwm };
      }
      if (f.status === 'FAILED') throw new Error(`the export job failed: ${f.error}`);
      if (Date.now() - t > 10 * 60_000) throw new Error('the export job took more than 10 minutes');
    }
  } finally {
    if (worker.exitCode === null) {
      const exited = new Promise((r) => worker.once('exit', r));
      worker.kill('SIGTERM');
      await exited;
    }
  }
}

async function main() {
  const { startPostgres, startRedis } = await import('../../server/tools/services.mjs');
  const { deploy } = await import('../../server/tools/prisma-wasm.mjs');
  const tmp = path.join(os.tmpdir(), `gentou-bench-export-${process.pid}`);
  mkdirSync(tmp, { recursive: true, mode: 0o755 });
  const [pgsrv, redis] = await Promise.all([
    startPostgres({ dataDir: path.join(tmp, 'pg'), database: 'gentou_bench_export', persistent: false }),
    startRedis({ purpose: 'npm run bench:export' }),
  ]);
  const databaseUrl = pgsrv.url;
  const load = () => formatDecimal(os.loadavg()[0]!, 2);
  const loads: string[] = [load()];
  const queue = new Queue(EXPORTS_QUEUE, { connection: bullConnection(redis.url), prefix: 'bench:bull' });
  const c = new pg.Client({ connectionString: databaseUrl });
  c.on('error', () => undefined);
  try {
    await deploy(databaseUrl);
    const t = Date.now();
    await c.connect();
    await c.query(LOAD_SQL);
    const counts = (
      await c.query<{ entries: string; lines: string }>(
        'SELECT (SELECT count(*) FROM "CapitalEntry") AS entries, (SELECT count(*) FROM "DistributionLine") AS lines',
      )
    ).rows[0]!;
    const loadMs = Date.now() - t;
    out(`load                ${loadMs} ms: ${counts.entries} ledger entries, ${counts.lines} distribution lines`);

    // interleaved: COPY, the job, COPY, the stream, COPY — each export's ratio against the COPYs beside it
    const copy1 = await copyToStdout(databaseUrl);
    out(`COPY TO STDOUT      ${copy1.ms} ms, ${mb(copy1.bytes)} MB of text (load ${load()})`);
    const job = await jobInWorker(databaseUrl, redis.url, c, queue);
    loads.push(load());
    out(
      `job (export worker) ${job.ms} ms, ${job.rows} rows, ${mb(job.bytes)} MB, RSS idle ${mb(job.before)} → VmHWM ${mb(job.peak)} MB (load ${load()})`,
    );
    const copy2 = await copyToStdout(databaseUrl);
    out(`COPY TO STDOUT      ${copy2.ms} ms (load ${load()})`);
    const stream = await streamInChild(databaseUrl);
    loads.push(load());
    out(
      `export → stream     ${stream.ms} ms, ${stream.rows} rows, ${mb(stream.bytes)} MB xlsx, RSS ${mb(stream.before)} → VmHWM ${mb(stream.peak)} MB (load ${load()})`,
    );
    const copy3 = await copyToStdout(databaseUrl);
    loads.push(load());
    out(`COPY TO STDOUT      ${copy3.ms} ms (load ${load()})`);
    const copyJob = (copy1.ms + copy2.ms) / 2;
    const copyStream = (copy2.ms + copy3.ms) / 2;
    const date = new Date().toISOString().slice(0, 10);
    const cpus = os.cpus();
    const report = [
      `# bench:export — ${date}`,
      '',
      `Machine: ${cpus.length} × ${cpus[0]?.model.trim() ?? 'cpu'}, ${formatDecimal(os.totalmem() / 2 ** 30, 1)} GiB RAM, Node ${process.version}; PostgreSQL (embedded) and redis-server on loopback. 1-minute load average at the start and after each step: ${loads.join(', ')} (shared machine: compare ratios).`,
      `Data: ${ROWS} holdings (${PROJECTS} projects × ${PARTNERS} partners × ${PER_PARTNER}), ${counts.entries} ledger entries, ${counts.lines} paid distribution lines; loaded in ${formatDecimal(loadMs / 1000, 1)} s.`,
      `事业合伙明细大表: keyset pages of ${EXPORT_PAGE_SIZE} rows through the raw pg pool → exceljs WorkbookWriter (rows committed one by one) → a large object, in the export worker process (server/workers/export-worker.ts).`,
      '',
      '| path | time ms | rows | output MB | RSS idle MB | peak RSS (VmHWM) MB | time / COPY |',
      '|---|---:|---:|---:|---:|---:|---:|',
      `| COPY (same rows, one query) TO STDOUT via psql, ×3 | ${copy1.ms} / ${copy2.ms} / ${copy3.ms} | ${ROWS} | ${mb(copy1.bytes)} (text) | — | — | 1.0 |`,
      `| export job in the export worker → PostgreSQL large object | ${job.ms} | ${job.rows} | ${mb(job.bytes)} (xlsx) | ${mb(job.before)} | ${mb(job.peak)} | ${formatDecimal(job.ms / copyJob, 1)} |`,
      `| writeExport → stream (discarded), slim child | ${stream.ms} | ${stream.rows} | ${mb(stream.bytes)} (xlsx) | ${mb(stream.before)} | ${mb(stream.peak)} | ${formatDecimal(stream.ms / copyStream, 1)} |`,
      '',
      `Peak RSS of the export worker process: **${mb(job.peak)} MB** (goal < 300 MB: ${job.peak < 300 * 2 ** 20 ? 'met' : 'not met'}).`,
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
    await c.end().catch(() => undefined);
    await queue.close().catch(() => undefined);
    await Promise.all([pgsrv.stop(), redis.stop()]);
    rmSync(tmp, { recursive: true, force: true });
  }
}

try {
  execFileSync('psql', ['--version']);
} catch {
  process.stderr.write('bench:export needs psql for the COPY baseline: sudo apt-get install -y postgresql-client\n');
  process.exit(1);
}
const run =
  process.env.BENCH_CHILD === 'stream'
    ? streamChild(process.env.BENCH_DATABASE_URL!).then((m) => out(JSON.stringify(m)))
    : main();
run.then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
