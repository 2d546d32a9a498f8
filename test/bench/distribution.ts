/**
 * npm run bench:distribution — 分配测算 and saving one batch of 10,000 holders with 3 paid tranches each, against a
 * bare bulk insert of the same rows in the same run.
 *
 * Loads, with set-based SQL into a throwaway PostgreSQL, one project whose capital ledger holds 10,000 partners at
 * 城市公司 (a COMMITMENT and three PAYMENT tranches each, on different dates, so 资金利息 is summed over three tranches
 * per line) and the 平台公司: 40,002 entries. Creates a 清算分配 batch (every column: principal, interest, profit split
 * by principal, 20% tax) with the module's use case, then times:
 *
 *   - 测算 + save: `calculateBatch` — the use case behind POST …/calculate, in its transaction: lock, load the ledger,
 *     `computeBatch`, store the lines (checked against the 合计), move the batch to 已测算, answer the detail;
 *   - its steps, taken one by one the same way (load ledger, names / exits / ratios, compute, the ledger fingerprint, store, detail);
 *   - bare: the same 10,001 rows (as the use case stored them) inserted with one `INSERT … SELECT FROM unnest(…)`
 *     through `pg`, in a transaction — the least any save of these rows costs.
 *
 * Each is run BENCH_RUNS times (default 5) after one warm-up; the report gives the median and the ratio
 * (测算 + save) / bare, and is written to test/bench/results/distribution-<date>.md.
 *
 *   BENCH_HOLDERS   partners (default 10000)
 *   BENCH_RUNS      measured runs of each (default 5)
 *   BENCH_NO_WRITE  set to 1 to print the report without writing the results file
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import pg from 'pg';
import { loadConfig } from '../../server/config';
import { closeDeps, createDeps, type Deps } from '../../server/deps';
import { createLogger } from '../../server/lib/logger';
import { systemActor } from '../../server/lib/audit';
import { loadLedgerEntries } from '../../server/modules/capital/repository';
import { computeBatch } from '../../server/modules/distributions/calc/batch';
import { calculateBatch, ledgerPeople } from '../../server/modules/distributions/calculate-batch';
import { createBatch } from '../../server/modules/distributions/create-batch';
import { batchDetail, levelRatios, lockBatch } from '../../server/modules/distributions/repository';
import { storeResult } from '../../server/modules/distributions/store-lines';
import { ledgerFingerprint } from '../../server/modules/distributions/ledger-check';
import { formatDate } from '../../shared/datetime';
import { formatDecimal } from '../../shared/money';
import { ZAdjustment, ZDistributionSettings, ZInterestOverride, ZProfitInput } from '../../shared/api/distributions';

const HOLDERS = Number(process.env.BENCH_HOLDERS ?? 10_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const TRANCHES = 3;
const HARD_STOP_MS = 10 * 60_000;
const DATE = '2026-06-30';

const out = (s = '') => process.stdout.write(`${s}\n`);
const now = () => performance.now();

/**
 * Partner u (1..N) commits 3 × (10,000 + (u mod 7) × 1,000) and pays it in three tranches: 2025-01-01 + (u mod 90)
 * days, 2025-07-01 and 2026-01-01. The 平台公司 holds the rest of the cap, paid on 2025-01-01. Cap = 资金峰值 × 1%.
 */
function loadSql(holders: number): Array<[string, string]> {
  const partnerTotal = `(SELECT sum(${TRANCHES} * (10000 + (u % 7) * 1000)) FROM generate_series(1, ${holders}) u)`;
  return [
    [
      'org, project, scheme',
      `
      INSERT INTO "OrgUnit" (id, "parentId", kind, name, code, "updatedAt") VALUES (1, NULL, 'CITY', '压测城市公司', 'B-C', now());
      INSERT INTO "Project" (id, code, name, "orgUnitId", "isOpen", "updatedAt") VALUES (1, 'BENCH-DIST', '压测分配项目', 1, true, now());
      INSERT INTO "ProjectScheme" ("projectId", "peakCapital", "cityRatio", "totalRatio", "maxTotalRatio", "updatedAt")
        SELECT 1, (${partnerTotal} + 1000000) * 100, 0.010000, 0.010000, 0.010000, now();`,
    ],
    [
      'partners',
      `
      INSERT INTO "User" (id, name, "dingUserId", "orgUnitId", "updatedAt")
        SELECT u, '合伙人' || u, 'bench' || u, 1, now() FROM generate_series(1, ${holders}) u;`,
    ],
    [
      'ledger',
      `
      INSERT INTO "CapitalEntry" ("projectId", level, holder, "userId", kind, "committedDelta", "paidDelta", "valueDate", "idempotencyKey")
        SELECT 1, 'CITY', 'PARTNER', u, 'COMMITMENT', ${TRANCHES} * (10000 + (u % 7) * 1000), 0, DATE '2025-01-01', 'b:c:' || u
        FROM generate_series(1, ${holders}) u;
      INSERT INTO "CapitalEntry" ("projectId", level, holder, "userId", kind, "committedDelta", "paidDelta", "valueDate", "idempotencyKey")
        SELECT 1, 'CITY', 'PARTNER', u, 'PAYMENT', 0, 10000 + (u % 7) * 1000,
               CASE k WHEN 0 THEN DATE '2025-01-01' + (u % 90) WHEN 1 THEN DATE '2025-07-01' ELSE DATE '2026-01-01' END,
               'b:p:' || u || ':' || k
        FROM generate_series(1, ${holders}) u CROSS JOIN generate_series(0, ${TRANCHES - 1}) k;
      INSERT INTO "CapitalEntry" ("projectId", level, holder, "userId", kind, "committedDelta", "paidDelta", "valueDate", "idempotencyKey")
        VALUES (1, 'CITY', 'PLATFORM', NULL, 'COMMITMENT', 1000000, 0, DATE '2025-01-01', 'b:c:platform'),
               (1, 'CITY', 'PLATFORM', NULL, 'PAYMENT', 0, 1000000, DATE '2025-01-01', 'b:p:platform');`,
    ],
    [
      'sequences + ANALYZE',
      `
      SELECT setval(pg_get_serial_sequence('"OrgUnit"', 'id'), 1);
      SELECT setval(pg_get_serial_sequence('"Project"', 'id'), 1);
      SELECT setval(pg_get_serial_sequence('"User"', 'id'), ${holders});
      ANALYZE;`,
    ],
  ];
}

/** Line columns in table order, for the bare insert (everything but id). */
const COLUMNS: Array<[string, string]> = [
  ['batchId', 'int'],
  ['seq', 'int'],
  ['level', '"InvestorLevel"'],
  ['holder', '"CapitalHolder"'],
  ['userId', 'int'],
  ['name', 'text'],
  ['marks', 'text'], // text[] per row: passed as its array literal, cast below
  ['principal', 'numeric'],
  ['interest', 'numeric'],
  ['interestComputed', 'numeric'],
  ['interestOverrideReason', 'text'],
  ['other', 'numeric'],
  ['otherItems', 'jsonb'],
  ['principalNet', 'numeric'],
  ['principalTotal', 'numeric'],
  ['weight', 'text'],
  ['profit', 'numeric'],
  ['tax', 'numeric'],
  ['profitNet', 'numeric'],
  ['totalExclOther', 'numeric'],
  ['payout', 'numeric'],
  ['excluded', 'text'],
];

/** The stored rows as text, column by column (what the bare insert sends). */
async function storedColumns(client: pg.Client, batchId: number): Promise<string[][]> {
  const { rows } = await client.query<Record<string, string | null>>(
    `SELECT ${COLUMNS.map(([c]) => (c === 'marks' ? `"marks"::text AS "marks"` : `"${c}"::text AS "${c}"`)).join(', ')}
     FROM "DistributionLine" WHERE "batchId" = $1 ORDER BY seq`,
    [batchId],
  );
  return COLUMNS.map(([c]) => rows.map((r) => r[c] as string));
}

/**
 * One INSERT … SELECT FROM unnest of every column, in a transaction: the bare bulk insert. Like the use case's
 * statement it takes the batch id once as a scalar and every other column as one array parameter; it does not
 * delete the earlier lines (the use case does: ≈ 10 ms for 10,001 rows) nor return the new ids.
 */
async function bareInsert(client: pg.Client, batchId: number, columns: string[][]): Promise<number> {
  const cols = columns.slice(1);
  const t = now();
  await client.query('BEGIN');
  await client.query(
    `INSERT INTO "DistributionLine" (${COLUMNS.map(([c]) => `"${c}"`).join(', ')})
     SELECT $1::int, ${COLUMNS.slice(1)
       .map(([c, type], i) => (c === 'marks' ? `c${i}::text[]` : `c${i}::${type}`))
       .join(', ')}
     FROM unnest(${cols.map((_, i) => `$${i + 2}::text[]`).join(', ')}) AS r(${cols.map((_, i) => `c${i}`).join(', ')})`,
    [batchId, ...cols],
  );
  await client.query('COMMIT');
  return now() - t;
}

interface Steps {
  lock: number;
  ledger: number;
  people: number;
  compute: number;
  fingerprint: number;
  store: number;
  detail: number;
  total: number;
}

/** calculate-batch.ts step by step, timed (the same calls in the same transaction). */
async function timedSteps(deps: Deps, projectId: number, batchId: number): Promise<Steps> {
  const who = systemActor('压测');
  const s: Partial<Steps> = {};
  const t0 = now();
  await deps.db.$transaction(
    async (tx) => {
      let t = now();
      const batch = await lockBatch(tx, projectId, batchId);
      s.lock = now() - t;
      t = now();
      const entries = await loadLedgerEntries(tx, projectId);
      s.ledger = now() - t;
      t = now();
      const people = await ledgerPeople(tx, projectId, entries);
      const ratios = await levelRatios(tx, projectId);
      s.people = now() - t;
      t = now();
      const result = computeBatch({
        kind: batch.kind,
        date: formatDate(batch.date),
        entries,
        levelRatios: ratios,
        settings: ZDistributionSettings.parse(batch.settings),
        profit: batch.profitInput === null ? null : ZProfitInput.parse(batch.profitInput),
        adjustments: z.array(ZAdjustment).parse(batch.adjustments),
        interestOverrides: z.array(ZInterestOverride).parse(batch.interestOverrides),
        exits: people.exits,
        leftCompany: people.leftCompany,
        names: people.names,
      });
      s.compute = now() - t;
      if (!result.ok) throw new Error(`测算 refused: ${JSON.stringify(result.errors.slice(0, 3))}`);
      t = now();
      const fingerprint = ledgerFingerprint(entries, formatDate(batch.date));
      s.fingerprint = now() - t;
      t = now();
      const stored = await storeResult(tx, who, batch, result, { ledgerEntries: entries.length }, fingerprint);
      s.store = now() - t;
      t = now();
      await batchDetail(tx, projectId, batchId, stored);
      s.detail = now() - t;
    },
    { timeout: 120_000 },
  );
  s.total = now() - t0;
  return s as Steps;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const fmt = (x: number) => formatDecimal(x, 0);

function machine(): string {
  const cpus = os.cpus();
  return `${cpus.length} × ${cpus[0]?.model.trim() ?? 'cpu'}, ${formatDecimal(os.totalmem() / 2 ** 30, 1)} GiB RAM, Node ${process.version}`;
}

async function main() {
  const t0 = Date.now();
  const stops: Array<() => Promise<unknown>> = [];
  const stopAll = async () => {
    for (const s of stops.splice(0)) await s().catch(() => undefined);
  };
  const hardStop = setTimeout(() => {
    process.stderr.write(`bench:distribution did not finish in ${HARD_STOP_MS / 1000} s; stopping\n`);
    void stopAll().finally(() => process.exit(2));
  }, HARD_STOP_MS);
  hardStop.unref();
  process.once('SIGINT', () => {
    void stopAll().finally(() => process.exit(130));
  });

  const { startPostgres, startRedis } = await import('../../server/tools/services.mjs');
  const { deploy } = await import('../../server/tools/prisma-wasm.mjs');
  const tmp = path.join(os.tmpdir(), `gentou-bench-dist-${process.pid}`);
  mkdirSync(tmp, { recursive: true, mode: 0o755 });
  stops.push(async () => rmSync(tmp, { recursive: true, force: true }));
  try {
    let t = Date.now();
    const [pgsrv, redis] = await Promise.all([
      startPostgres({ dataDir: path.join(tmp, 'pg'), database: 'gentou_bench_dist', persistent: false }),
      startRedis(),
    ]);
    stops.unshift(pgsrv.stop, redis.stop);
    const databaseUrl = pgsrv.url;
    await deploy(databaseUrl);
    out(`services + migrations  ${Date.now() - t} ms`);

    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    stops.unshift(() => client.end());
    const pgVersion = (await client.query<{ server_version: string }>('SHOW server_version')).rows[0]!.server_version;
    t = Date.now();
    await client.query('BEGIN');
    for (const [name, sql] of loadSql(HOLDERS)) {
      if (name.startsWith('sequences')) await client.query('COMMIT');
      await client.query(sql);
    }
    const entries = Number((await client.query('SELECT count(*) AS n FROM "CapitalEntry"')).rows[0].n);
    out(`load                   ${Date.now() - t} ms: ${HOLDERS} partners + the platform, ${entries} ledger entries`);

    const config = loadConfig({
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATABASE_URL: databaseUrl,
      REDIS_URL: redis.url,
      REDIS_PREFIX: `benchdist${process.pid}`,
    });
    const deps = createDeps(config, createLogger('silent'), { databaseUrl, redisUrl: redis.url });
    stops.unshift(() => closeDeps(deps));
    const who = systemActor('压测');
    const batch = await createBatch(deps, who, 1, {
      kind: 'CLEARING',
      mode: 'COMPUTED',
      date: DATE,
      profit: { mode: 'ENTERED', amount: '12345678.91' },
    });

    // 测算 + save through the use case (warm-up, then RUNS): each run replaces the lines of the last
    const full: number[] = [];
    let version = batch.version;
    let lines = 0;
    for (let i = 0; i <= RUNS; i++) {
      const s = now();
      const d = await calculateBatch(deps, who, 1, batch.id, version);
      if (i > 0) full.push(now() - s);
      version = d.version;
      lines = d.lines.length;
    }
    out(`测算 + save (use case) median ${fmt(median(full))} ms over ${RUNS} runs, ${lines} lines`);

    const steps: Steps[] = [];
    for (let i = 0; i < RUNS; i++) steps.push(await timedSteps(deps, 1, batch.id));
    const med = (k: keyof Steps) => median(steps.map((s) => s[k]));
    out(
      `  steps (median)       lock ${fmt(med('lock'))}, ledger ${fmt(med('ledger'))}, names/exits/ratios ${fmt(med('people'))}, ` +
        `compute ${fmt(med('compute'))}, fingerprint ${fmt(med('fingerprint'))}, store ${fmt(med('store'))}, detail ${fmt(med('detail'))}, total ${fmt(med('total'))} ms`,
    );

    // the bare insert of the same rows, under a second batch
    const other = await createBatch(deps, who, 1, { kind: 'PRINCIPAL', mode: 'COMPUTED', date: DATE });
    const columns = await storedColumns(client, batch.id);
    const bare: number[] = [];
    for (let i = 0; i <= RUNS; i++) {
      await client.query('DELETE FROM "DistributionLine" WHERE "batchId" = $1', [other.id]);
      const ms = await bareInsert(client, other.id, columns);
      if (i > 0) bare.push(ms);
    }
    const copied = Number(
      (await client.query('SELECT count(*) AS n FROM "DistributionLine" WHERE "batchId" = $1', [other.id])).rows[0].n,
    );
    if (copied !== lines) throw new Error(`bare insert wrote ${copied} rows, expected ${lines}`);
    out(`bare bulk insert       median ${fmt(median(bare))} ms (${copied} rows, one INSERT … unnest)`);

    const ratio = median(full) / median(bare);
    const saveRatio = med('store') / median(bare);
    const date = new Date().toISOString().slice(0, 10);
    const report = [
      `# bench:distribution — ${date}`,
      '',
      `Machine: ${machine()}; PostgreSQL ${pgVersion} (embedded), on loopback. Load average (1 min) at the end: ${formatDecimal(os.loadavg()[0]!, 2)} — the box is shared; compare ratios, not absolute numbers.`,
      `Data: one project, ${HOLDERS} partners at 城市公司 with ${TRANCHES} paid tranches each (+ the 平台公司): ${entries} ledger entries. Batch: 清算分配 on ${DATE} — principal, 资金利息 over ${TRANCHES} tranches per line (10%, ACT/365), ¥12,345,678.91 of profit split by principal, 20% tax — ${lines} lines.`,
      `Runs: one warm-up, then the median of ${RUNS}.`,
      '',
      '| what | median ms |',
      '|---|---:|',
      `| 测算 + save: \`calculateBatch\` (the use case of POST …/calculate, one transaction, answers the detail) | ${fmt(median(full))} |`,
      `| — lock the batch | ${fmt(med('lock'))} |`,
      `| — load the ledger (\`loadLedgerEntries\`, ${entries} entries) | ${fmt(med('ledger'))} |`,
      `| — names, exits, level ratios | ${fmt(med('people'))} |`,
      `| — \`computeBatch\` | ${fmt(med('compute'))} |`,
      `| — the ledger's fingerprint (\`ledgerFingerprint\`, compared at 送审 / 发放) | ${fmt(med('fingerprint'))} |`,
      `| — store the lines (\`storeResult\`: 合计 check, replace, move to 已测算) | ${fmt(med('store'))} |`,
      `| — the detail (\`batchDetail\` with the stored lines, not read back) | ${fmt(med('detail'))} |`,
      `| bare bulk insert of the same ${lines} rows (\`pg\`, one \`INSERT … SELECT FROM unnest\`, in a transaction) | ${fmt(median(bare))} |`,
      '',
      `Ratio (测算 + save) / bare insert: **${formatDecimal(ratio, 2)}×** (goal ≤ 1.5×). Saving alone / bare insert: ${formatDecimal(saveRatio, 2)}×.`,
      '',
    ].join('\n');
    out('');
    out(report);
    if (process.env.BENCH_NO_WRITE !== '1') {
      const dir = path.join(__dirname, 'results');
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, `distribution-${date}.md`), report);
      out(`written                test/bench/results/distribution-${date}.md`);
    }
    out(`total                  ${formatDecimal((Date.now() - t0) / 1000, 1)} s`);
  } finally {
    await stopAll();
    clearTimeout(hardStop);
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
