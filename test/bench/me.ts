/**
 * npm run bench:me — the mini-program's 首页 (GET /api/me/overview) under load, against a **floor** and a bare Koa
 * JSON endpoint in the same process and the same run. The floor is the least any implementation must do: Koa, the
 * Redis session read, and the same data (round lines and dues, ledger holdings, distributions paid and pending) read
 * with one raw `pg` query and sent as it comes.
 *
 * 首页 is measured twice: **cached** — what a partner opening it again gets while nothing they hold changed (every
 * partner's 首页 is computed once before the rounds, server/modules/me/overview-cache.ts) — and **computed** — the
 * same app with OVERVIEW_CACHE=false, what the first 首页 after each write costs. A sample of cached answers is
 * compared with computed ones byte for byte.
 *
 * Loads 100 projects × 10,000 partners × 50,000 holdings (RoundPartner rows, each with a PaymentDue, the ledger's
 * COMMITMENT and PAYMENT entries, a paid 第1次利润分配 line and, in odd projects, a notified 第2次 line) into a
 * throwaway PostgreSQL with bulk SQL, builds the real app (createApp), creates a session for every partner
 * and has autocannon pick a random partner's token for every request, so the endpoint is measured across
 * many users rather than one warm user. Prints a short report and writes it to test/bench/results/me-<date>.md.
 *
 *   BENCH_DURATION   seconds per measurement (default 10; each is preceded by a 2 s warm-up)
 *   BENCH_CONNECTIONS autocannon connections (default 50)
 *   BENCH_SESSIONS   partners with a session that requests rotate over (default 10000 = all of them)
 *   BENCH_ROUNDS     interleaved rounds of bare → floor → overview (default 2)
 *   BENCH_NO_WRITE   set to 1 to print the report without writing the results file
 *
 * Everything is on loopback; the script stops its own services and exits by itself (hard stop after 10 min).
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import Koa from 'koa';
import pg from 'pg';
import { createApp } from '../../server/app';
import { SessionStore } from '../../server/auth/session-store';
import { loadConfig, type Config } from '../../server/config';
import { ZOverview } from '../../shared/api/me';
import { closeDeps, createDeps } from '../../server/deps';
import { createLogger } from '../../server/lib/logger';
import { formatDecimal } from '../../shared/money';

const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const WARMUP = 2;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const PROJECTS = 100;
const PARTNERS = 10_000;
const PER_PARTNER = 5; // holdings per partner → 50,000 RoundPartner rows, 500 per project
const SESSIONS = Math.min(PARTNERS, Number(process.env.BENCH_SESSIONS ?? PARTNERS));
const HARD_STOP_MS = 10 * 60_000;

const out = (s = '') => process.stdout.write(`${s}\n`);
const ms = (t0: number) => Date.now() - t0;

/**
 * The data, in one transaction of set-based INSERT … SELECT statements (no row-by-row round trips).
 * Org: 1 控股集团 → 2 置业集团 → 10 城市公司. Project p belongs to city 4 + (p-1) % 10. Partner u (1..10000)
 * holds a line in the projects ((u-1)·7 + 20k) mod 100 + 1 for k = 0..4 — distinct per partner, 500 per project.
 * Every project has one CONFIRMED 立项认购 round; odd projects' 缴款截止日 has passed (so unpaid lines show 逾期).
 * PaymentDue status by line: 40 % PAID, 20 % PARTIAL, 30 % UNPAID, 10 % FORFEITED; all notices sent.
 * The rounds carry a 测算 snapshot like real confirmed rounds do.
 */
const LOAD_SQL: Array<[string, string]> = [
  [
    'org units',
    `
    INSERT INTO "OrgUnit" (id, "parentId", kind, name, code, "updatedAt") VALUES (1, NULL, 'HOLDING', '压测控股集团', 'B-H', now());
    INSERT INTO "OrgUnit" (id, "parentId", kind, name, code, "updatedAt")
      SELECT 1 + g, 1, 'GROUP', '压测置业集团' || g, 'B-G' || g, now() FROM generate_series(1, 2) g;
    INSERT INTO "OrgUnit" (id, "parentId", kind, name, code, "sortOrder", "updatedAt")
      SELECT 3 + c, 2 + (c - 1) % 2, 'CITY', '压测城市公司' || c, 'B-C' || c, c, now() FROM generate_series(1, 10) c;`,
  ],
  [
    'projects + schemes',
    `
    INSERT INTO "Project" (id, code, name, "orgUnitId", "acquiredOn", operator, "acquisitionMethod", "isOpen", "updatedAt")
      SELECT p, 'BENCH-' || lpad(p::text, 3, '0'), '压测项目' || lpad(p::text, 3, '0'), 4 + (p - 1) % 10,
             DATE '2024-01-01' + p, 'SELF', '招拍挂', true, now()
      FROM generate_series(1, ${PROJECTS}) p;
    INSERT INTO "ProjectScheme" ("projectId", "peakCapital", "holdingRatio", "groupRatio", "cityRatio", "otherRatio", "totalRatio",
                                 "perPersonCapRatio", "payeeName", "payeeBank", "payeeAccount", "peakConfirmedAt", "updatedAt")
      SELECT p, 500000000 + p * 1000000, 0.010000, 0.010000, 0.020000, 0.010000, 0.050000,
             0.002000, '压测平台公司' || p, '压测银行', '6222' || lpad(p::text, 12, '0'), now() - interval '90 days', now()
      FROM generate_series(1, ${PROJECTS}) p;`,
  ],
  [
    'partners + PARTNER role',
    `
    INSERT INTO "Role" (id, code, name, kind) VALUES (1, 'PARTNER', '合伙人', 'PARTNER');
    INSERT INTO "User" (id, name, mobile, "jobNumber", "dingUserId", "dingUnionId", "orgUnitId", "dingDeptIds", "updatedAt")
      SELECT u, '合伙人' || u, '139' || lpad(u::text, 8, '0'), 'B' || lpad(u::text, 6, '0'), 'bench' || u, 'union-bench' || u,
             4 + (u - 1) % 10, ARRAY[(4 + (u - 1) % 10)::bigint], now()
      FROM generate_series(1, ${PARTNERS}) u;
    INSERT INTO "UserRole" ("userId", "roleId") SELECT u, 1 FROM generate_series(1, ${PARTNERS}) u;`,
  ],
  [
    'rounds',
    `
    INSERT INTO "SubscriptionRound" (id, "projectId", kind, seq, title, deadline, "dueDate", status, "noticeSentAt", "calculatedAt", "updatedAt")
      SELECT p, p, 'INITIAL', 1, '立项认购', now() - interval '60 days',
             CASE WHEN p % 2 = 1 THEN current_date - 10 ELSE current_date + 20 END,
             'CONFIRMED', now() - interval '75 days', now() - interval '55 days', now()
      FROM generate_series(1, ${PROJECTS}) p;`,
  ],
  [
    'holdings (RoundPartner)',
    `
    INSERT INTO "RoundPartner" (id, "roundId", "userId", level, category, "minAmount", "maxAmount", "subscribedAmount", "subscribedAt",
                                "allocatedAmount", "investedAmount", "updatedAt")
      SELECT (u - 1) * ${PER_PARTNER} + k + 1, ((u - 1) * 7 + k * 20) % ${PROJECTS} + 1, u,
             (CASE WHEN u % 10 = 0 THEN 'HOLDING' WHEN u % 10 < 3 THEN 'GROUP' WHEN u % 10 < 8 THEN 'CITY' ELSE 'OTHER' END)::"InvestorLevel",
             (CASE (u + k) % 3 WHEN 0 THEN 'MANDATORY' WHEN 1 THEN 'PRIORITY' ELSE 'VOLUNTARY' END)::"PartnerCategory",
             10000, 200000 + (u % 5) * 100000, s.sub, now() - interval '65 days', s.sub - s.cut, s.sub - s.cut, now()
      FROM generate_series(1, ${PARTNERS}) u
      CROSS JOIN generate_series(0, ${PER_PARTNER - 1}) k
      CROSS JOIN LATERAL (SELECT 50000 + ((u * 31 + k * 17) % 30) * 5000 AS sub, ((u + k) % 4) * 5000 AS cut) s;`,
  ],
  // CONFIRMED rounds have been through 测算, which stores its result on the round (subscription/service.ts
  // calculate: { lines: [{ id, allocated }] per partner, levels: [...] }) — about 17 kB of JSON for 500 partners.
  [
    'calc snapshots',
    `
    UPDATE "SubscriptionRound" r SET "calcSnapshot" = jsonb_build_object(
      'lines', (SELECT jsonb_agg(jsonb_build_object('id', rp.id, 'allocated', rp."allocatedAmount"::text) ORDER BY rp.id) FROM "RoundPartner" rp WHERE rp."roundId" = r.id),
      'levels', (SELECT jsonb_agg(jsonb_build_object('level', l.level, 'cap', l.total::text, 'allocated', l.total::text, 'platform', '0.00') ORDER BY l.level)
                 FROM (SELECT level, sum("allocatedAmount") AS total FROM "RoundPartner" rp WHERE rp."roundId" = r.id GROUP BY level) l));`,
  ],
  [
    'payment dues',
    `
    INSERT INTO "PaymentDue" (id, "roundPartnerId", "dueKey", level, "projectId", "userId", "amountDue", "paidAmount", "dueDate", status, "noticeSentAt", "lastReminderAt", "updatedAt")
      SELECT rp.id, rp.id, 'initial:' || rp.id, rp.level, r."projectId", rp."userId", rp."investedAmount",
             CASE WHEN b < 4 THEN rp."investedAmount" WHEN b < 6 THEN round(rp."investedAmount" * 0.4, 2) ELSE 0 END,
             r."dueDate",
             (CASE WHEN b < 4 THEN 'PAID' WHEN b < 6 THEN 'PARTIAL' WHEN b < 9 THEN 'UNPAID' ELSE 'FORFEITED' END)::"PaymentStatus",
             now() - interval '50 days', CASE WHEN b BETWEEN 4 AND 8 THEN now() - interval '2 days' END, now()
      FROM "RoundPartner" rp JOIN "SubscriptionRound" r ON r.id = rp."roundId"
      CROSS JOIN LATERAL (SELECT (rp.id * 13) % 10 AS b) x;`,
  ],
  [
    'ledger entries',
    `
    INSERT INTO "CapitalEntry" ("projectId", level, holder, "userId", kind, "committedDelta", "paidDelta", "interestDelta", "valueDate", "idempotencyKey", "roundId", "roundPartnerId")
      SELECT d."projectId", d.level, 'PARTNER'::"CapitalHolder", d."userId", 'COMMITMENT'::"CapitalEntryKind", d."amountDue", 0, 0, current_date - 55, 'b:c:' || d.id, d."projectId", d.id
        FROM "PaymentDue" d
      UNION ALL
      SELECT d."projectId", d.level, 'PARTNER'::"CapitalHolder", d."userId", 'PAYMENT'::"CapitalEntryKind", 0, d."paidAmount", 0, current_date - 40, 'b:p:' || d.id, d."projectId", d.id
        FROM "PaymentDue" d WHERE d."paidAmount" > 0;`,
  ],
  [
    'distributions',
    `
    INSERT INTO "DistributionBatch" (id, "projectId", kind, seq, date, status, settings, "updatedAt")
      SELECT p, p, 'PROFIT'::"DistributionKind", 1, current_date - 20, 'PAID'::"DistributionBatchStatus", '{}'::jsonb, now()
        FROM generate_series(1, ${PROJECTS}) p
      UNION ALL
      SELECT ${PROJECTS} + p, p, 'PROFIT'::"DistributionKind", 2, current_date - 1, 'NOTIFIED'::"DistributionBatchStatus", '{}'::jsonb, now()
        FROM generate_series(1, ${PROJECTS}, 2) p;
    INSERT INTO "DistributionLine" ("batchId", seq, level, holder, "userId", name, marks, principal, interest, other, "principalNet",
                                    "principalTotal", weight, profit, tax, "profitNet", "totalExclOther", payout, "noticeSentAt", "paidAt")
      SELECT b.id, rp.id, rp.level, 'PARTNER', rp."userId", '合伙人' || rp."userId", '{}', 0, 0, 0, 0, 0, '1',
             round(rp."investedAmount" * 0.1, 2), round(rp."investedAmount" * 0.02, 2), round(rp."investedAmount" * 0.08, 2),
             round(rp."investedAmount" * 0.08, 2), round(rp."investedAmount" * 0.08, 2), now() - interval '1 day',
             CASE WHEN b.status = 'PAID' THEN b.date END
        FROM "RoundPartner" rp JOIN "DistributionBatch" b ON b."projectId" = rp."roundId"
       WHERE rp."investedAmount" > 0;`,
  ],
  [
    // a 合伙协议 per holding (signed; one in ten waits for the partner's signature, so 首页 lists it), as 生成协议
    // leaves them: 首页 looks up the caller's pending ones on every request
    'agreements',
    `
    INSERT INTO "Agreement" ("projectId", "userId", kind, "subjectKey", "roundId", seq, number, version, status, amount,
                             "templateKind", title, text, "fileName", pdf, size, sha256, "signedAt")
      SELECT r."projectId", rp."userId", 'PARTNERSHIP', 'partnership', r.id,
             row_number() OVER (PARTITION BY r."projectId" ORDER BY rp.id), 'XY-BENCH-' || rp.id, 1,
             (CASE WHEN rp.id % 10 = 0 THEN 'PENDING' ELSE 'SIGNED' END)::"AgreementStatus", rp."investedAmount",
             'PARTNERSHIP', '压测项目合伙协议', '协议正文', 'xy-' || rp.id || '.pdf', '\\x255044462d', 5, repeat('0', 64),
             CASE WHEN rp.id % 10 = 0 THEN NULL ELSE now() - interval '30 days' END
        FROM "RoundPartner" rp JOIN "SubscriptionRound" r ON r.id = rp."roundId";`,
  ],
  [
    'sequences + ANALYZE',
    `
    SELECT setval(pg_get_serial_sequence('"OrgUnit"', 'id'), (SELECT max(id) FROM "OrgUnit"));
    SELECT setval(pg_get_serial_sequence('"Project"', 'id'), (SELECT max(id) FROM "Project"));
    SELECT setval(pg_get_serial_sequence('"Role"', 'id'), (SELECT max(id) FROM "Role"));
    SELECT setval(pg_get_serial_sequence('"User"', 'id'), (SELECT max(id) FROM "User"));
    SELECT setval(pg_get_serial_sequence('"SubscriptionRound"', 'id'), (SELECT max(id) FROM "SubscriptionRound"));
    SELECT setval(pg_get_serial_sequence('"RoundPartner"', 'id'), (SELECT max(id) FROM "RoundPartner"));
    SELECT setval(pg_get_serial_sequence('"PaymentDue"', 'id'), (SELECT max(id) FROM "PaymentDue"));
    SELECT setval(pg_get_serial_sequence('"DistributionBatch"', 'id'), (SELECT max(id) FROM "DistributionBatch"));
    ANALYZE;`,
  ],
];

/**
 * The floor's one query: the partner's round lines with dues, ledger holdings, distributions paid and pending, and
 * the agreements waiting for their signature.
 */
const FLOOR_SQL = `
WITH rp AS (
  SELECT rp.id, r."projectId", r.status, r.deadline, r.title, p.name AS project, o.name AS company, d.id AS "dueId",
         d.status AS "dueStatus", d."dueDate", d."amountDue", d."paidAmount", d."noticeSentAt"
    FROM "RoundPartner" rp JOIN "SubscriptionRound" r ON r.id = rp."roundId" JOIN "Project" p ON p.id = r."projectId"
    JOIN "OrgUnit" o ON o.id = p."orgUnitId" LEFT JOIN "PaymentDue" d ON d."roundPartnerId" = rp.id
   WHERE rp."userId" = $1),
h AS (
  SELECT "projectId", sum("committedDelta") AS committed, sum("paidDelta") AS paid FROM "CapitalEntry"
   WHERE "projectId" IN (SELECT "projectId" FROM rp) AND "userId" = $1 AND holder = 'PARTNER' GROUP BY 1),
dl AS (
  SELECT b."projectId", sum(l.payout) FILTER (WHERE l."paidAt" IS NOT NULL) AS distributed,
         json_agg(json_build_object('id', l.id, 'payout', l.payout, 'date', b.date))
           FILTER (WHERE l."paidAt" IS NULL AND l."noticeSentAt" IS NOT NULL AND b.status = 'NOTIFIED') AS pending
    FROM "DistributionLine" l JOIN "DistributionBatch" b ON b.id = l."batchId"
   WHERE l."userId" = $1 AND l.payout > 0 GROUP BY 1)
SELECT json_build_object('rounds', (SELECT json_agg(rp) FROM rp), 'holdings', (SELECT json_agg(h) FROM h),
                         'distributions', (SELECT json_agg(dl) FROM dl),
                         'agreements', (SELECT json_agg(a) FROM (
                            SELECT a.id, a."projectId", a.title, a.number, a."generatedAt" FROM "Agreement" a
                             WHERE a."userId" = $1 AND a.status = 'PENDING') a))::text AS j`;

async function loadData(
  databaseUrl: string,
): Promise<{ steps: Array<[string, number]>; counts: Record<string, number> }> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const steps: Array<[string, number]> = [];
  try {
    await client.query('BEGIN');
    for (const [name, sql] of LOAD_SQL) {
      if (name.startsWith('sequences')) await client.query('COMMIT'); // ANALYZE after the data is committed
      const t = Date.now();
      await client.query(sql);
      steps.push([name, ms(t)]);
    }
    const { rows } = await client.query<Record<string, string>>(`SELECT
      (SELECT count(*) FROM "Project") AS projects, (SELECT count(*) FROM "User") AS partners,
      (SELECT count(*) FROM "RoundPartner") AS holdings, (SELECT count(*) FROM "PaymentDue") AS dues,
      (SELECT count(*) FROM "CapitalEntry") AS entries, (SELECT count(*) FROM "DistributionLine") AS lines,
      (SELECT count(*) FROM "Agreement") AS agreements,
      (SELECT round(avg(length("calcSnapshot"::text))) FROM "SubscriptionRound") AS snapshot`);
    return { steps, counts: Object.fromEntries(Object.entries(rows[0]!).map(([k, v]) => [k, Number(v)])) };
  } finally {
    await client.end();
  }
}

const listen = (app: Koa) =>
  new Promise<Server>((resolve, reject) => {
    const server = app.listen(0, '127.0.0.1', () => resolve(server)).on('error', reject);
  });
const urlOf = (s: Server) => `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
const closeServer = (s: Server) =>
  new Promise<void>((resolve) => {
    s.closeAllConnections();
    s.close(() => resolve());
  });

interface Run {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  max: number;
  total: number;
  non2xx: number;
  errors: number;
  bytesPerResponse: number;
}

/**
 * autocannon in a worker thread (workers: 1) so the load generator does not share the server's event loop; the
 * setupRequest module (written to a temp dir: workers need a file) gives every request a random partner's token.
 */
async function measure(name: string, url: string, pathName: string, setupFile: string, seconds: number): Promise<Run> {
  const r = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: seconds,
    workers: 1,
    requests: [{ method: 'GET', path: pathName, setupRequest: setupFile }],
  });
  return {
    name,
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    max: r.latency.max,
    total: r.requests.total,
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
    bytesPerResponse: r.requests.total ? r.throughput.total / r.requests.total : 0,
  };
}

function machine(): string {
  const cpus = os.cpus();
  return `${cpus.length} × ${cpus[0]?.model.trim() ?? 'cpu'}, ${formatDecimal(os.totalmem() / 2 ** 30, 1)} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}`;
}

async function main() {
  const t0 = Date.now();
  const stops: Array<() => Promise<unknown>> = [];
  const stopAll = async () => {
    for (const s of stops.splice(0)) await s().catch(() => undefined);
  };
  const hardStop = setTimeout(() => {
    process.stderr.write(`bench:me did not finish in ${HARD_STOP_MS / 1000} s; stopping\n`);
    void stopAll().finally(() => process.exit(2));
  }, HARD_STOP_MS);
  hardStop.unref();
  process.once('SIGINT', () => {
    void stopAll().finally(() => process.exit(130));
  });

  const { startPostgres, startRedis } = await import('../../server/tools/services.mjs');
  const { deploy } = await import('../../server/tools/prisma-wasm.mjs');
  const tmp = path.join(os.tmpdir(), `gentou-bench-me-${process.pid}`); // not mkdtemp: the postgres user must traverse it
  mkdirSync(tmp, { recursive: true, mode: 0o755 });
  stops.push(async () => rmSync(tmp, { recursive: true, force: true }));

  try {
    let t = Date.now();
    const [pgsrv, redis] = await Promise.all([
      startPostgres({ dataDir: path.join(tmp, 'pg'), database: 'gentou_bench_me', persistent: false }),
      startRedis(),
    ]);
    stops.unshift(pgsrv.stop, redis.stop);
    const databaseUrl = pgsrv.url;
    const redisUrl = redis.url;
    const pgVersion = await (async () => {
      const c = new pg.Client({ connectionString: databaseUrl });
      await c.connect();
      try {
        return (await c.query<{ server_version: string }>('SHOW server_version')).rows[0]!.server_version;
      } finally {
        await c.end();
      }
    })();
    out(`services            PostgreSQL ${pgVersion} + redis-server started in ${ms(t)} ms`);
    t = Date.now();
    await deploy(databaseUrl);
    out(`migrations          ${ms(t)} ms`);

    t = Date.now();
    const { steps, counts } = await loadData(databaseUrl);
    const loadMs = ms(t);
    out(`load                ${loadMs} ms (${steps.map(([n, d]) => `${n} ${d}`).join(', ')})`);
    out(
      `rows                ${counts.projects} projects, ${counts.partners} partners, ${counts.holdings} holdings, ${counts.dues} payment dues; 测算 snapshot ${counts.snapshot} bytes per round`,
    );

    // the app as production runs it: answers are not checked against their schema there (server/http/route.ts
    // shouldCheckResponses); the bench checks a sample of answers itself below. (Loaded as 'test': production's
    // config demands real secrets and DingTalk hosts, which this route does not use.)
    const config: Config = {
      ...loadConfig({
        ...process.env,
        NODE_ENV: 'test',
        LOG_LEVEL: 'silent',
        DATABASE_URL: databaseUrl,
        REDIS_URL: redisUrl,
        REDIS_PREFIX: `benchme${process.pid}`,
      }),
      NODE_ENV: 'production',
    };
    const deps = createDeps(config, createLogger('silent'), { databaseUrl, redisUrl });
    stops.unshift(() => closeDeps(deps));
    const api = await listen(createApp(deps));
    stops.unshift(() => closeServer(api));
    // the same app computing every 首页 (what the first one after a write costs)
    const computedDeps = createDeps({ ...config, OVERVIEW_CACHE: false }, createLogger('silent'), {
      databaseUrl,
      redisUrl,
    });
    stops.unshift(() => closeDeps(computedDeps));
    const apiComputed = await listen(createApp(computedDeps));
    stops.unshift(() => closeServer(apiComputed));

    const bareApp = new Koa();
    bareApp.use((ctx) => {
      ctx.body = { ok: true, service: 'bare', time: Date.now() };
    });
    const bare = await listen(bareApp);
    stops.unshift(() => closeServer(bare));

    // The floor: Koa + the Redis session read + the same data in one raw pg query, sent as PostgreSQL built it.
    const floorPool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
    stops.unshift(() => floorPool.end());
    const floorStore = new SessionStore(deps.redis, deps.prefix, config.SESSION_TTL_SECONDS);
    const floorApp = new Koa();
    floorApp.use(async (ctx) => {
      const token = /^Bearer\s+(\S+)$/i.exec(ctx.get('authorization'))?.[1];
      const session = token ? await floorStore.get(token) : null;
      if (!session) {
        ctx.status = 401;
        return;
      }
      const { rows } = await floorPool.query<{ j: string }>(FLOOR_SQL, [session.userId]);
      ctx.type = 'application/json';
      ctx.body = rows[0]!.j;
    });
    const floor = await listen(floorApp);
    stops.unshift(() => closeServer(floor));

    // A session per partner, created the way login does (SessionStore.create), in parallel chunks.
    t = Date.now();
    const store = new SessionStore(deps.redis, deps.prefix, config.SESSION_TTL_SECONDS);
    const tokens: string[] = [];
    for (let start = 1; start <= SESSIONS; start += 500) {
      const ids = Array.from({ length: Math.min(500, SESSIONS - start + 1) }, (_, i) => start + i);
      tokens.push(...(await Promise.all(ids.map((id) => store.create(id, 'dingtalk')))).map((s) => s.token));
    }
    out(`sessions            ${tokens.length} partners in ${ms(t)} ms`);
    const setupFile = path.join(tmp, 'setup-request.cjs');
    writeFileSync(
      setupFile,
      `const tokens = ${JSON.stringify(tokens)};\n` +
        'module.exports = (req) => ({ ...req, headers: { ...req.headers, authorization: `Bearer ${tokens[Math.floor(Math.random() * tokens.length)]}` } });\n',
    );

    // Sanity: the endpoint answers with a partner's own five projects; its size over a sample of partners.
    const sizes: number[] = [];
    let sample: { projects: unknown[]; notices: unknown[] } | null = null;
    for (let i = 0; i < 50; i++) {
      const res = await fetch(`${urlOf(api)}/api/me/overview`, {
        headers: { authorization: `Bearer ${tokens[(i * 197) % tokens.length]}` },
      });
      const text = await res.text();
      if (res.status !== 200) throw new Error(`GET /api/me/overview answered ${res.status}: ${text.slice(0, 300)}`);
      sizes.push(Buffer.byteLength(text));
      ZOverview.parse(JSON.parse(text)); // the contract the tests check on every answer
      sample ??= JSON.parse(text) as { projects: unknown[]; notices: unknown[] };
    }
    if (!sample || sample.projects.length !== PER_PARTNER)
      throw new Error(`expected ${PER_PARTNER} projects in the overview, got ${JSON.stringify(sample).slice(0, 300)}`);
    const avgSize = sizes.reduce((a, b) => a + b, 0) / sizes.length;
    out(
      `overview body       ${Math.round(avgSize)} bytes on average (${Math.min(...sizes)}–${Math.max(...sizes)}), ${sample.projects.length} projects, ${sample.notices.length} notices for the first partner`,
    );

    // Every partner's 首页 computed once into the cache (as each partner's first visit after a change would), 25 at
    // a time; then a sample of cached answers must equal computed ones byte for byte.
    t = Date.now();
    for (let start = 0; start < tokens.length; start += 25)
      await Promise.all(
        tokens.slice(start, start + 25).map(async (token) => {
          const res = await fetch(`${urlOf(api)}/api/me/overview`, { headers: { authorization: `Bearer ${token}` } });
          await res.arrayBuffer();
          if (res.status !== 200) throw new Error(`priming: GET /api/me/overview answered ${res.status}`);
        }),
      );
    const primeMs = ms(t);
    for (let i = 0; i < 50; i++) {
      const headers = { authorization: `Bearer ${tokens[(i * 389) % tokens.length]}` };
      const [cached, computed] = await Promise.all(
        [api, apiComputed].map(async (a) => (await fetch(`${urlOf(a)}/api/me/overview`, { headers })).text()),
      );
      if (cached !== computed) throw new Error(`a cached 首页 differs from the computed one:\n${cached}\n${computed}`);
    }
    out(
      `cache               ${tokens.length} 首页 computed into the cache in ${primeMs} ms (25 at a time); 50 cached answers equal the computed ones`,
    );

    if (process.env.BENCH_PROFILE === '1') {
      // where an overview's time goes: each read alone, 100 partners one after another
      const parts = await import('../../server/modules/me/repository');
      const { overview } = await import('../../server/modules/me/overview');
      const { loadActor } = await import('../../server/auth/authenticate');
      const timings: Record<string, number> = {};
      const time = async (name: string, fn: () => Promise<unknown>) => {
        const t1 = performance.now();
        await fn();
        timings[name] = (timings[name] ?? 0) + performance.now() - t1;
      };
      for (let i = 0; i < 100; i++) {
        const userId = 1 + ((i * 97) % PARTNERS);
        const actor = (await loadActor(deps, tokens[userId - 1]!))!;
        await time('loadActor (session + account)', () => loadActor(deps, tokens[userId - 1]!));
        await time('overviewData (one query)', () => parts.overviewData(deps, userId, false));
        await time('overview (query + shaping)', () => overview(deps, actor));
        await time('floor query', () => floorPool.query(FLOOR_SQL, [userId]));
      }
      for (const [k, v] of Object.entries(timings)) out(`  profile ${k.padEnd(24)} ${formatDecimal(v / 100, 2)} ms`);
      // node CPU per request (this process: server and client of 300 sequential requests) and PostgreSQL's own
      // execution time of each query (EXPLAIN ANALYZE), for the same partners
      const { overviewSqlForBench } = parts;
      const perRequest = async (name: string, url: string) => {
        const c0 = process.cpuUsage();
        const t1 = performance.now();
        for (let i = 0; i < 300; i++) {
          const res = await fetch(url, { headers: { authorization: `Bearer ${tokens[(i * 131) % tokens.length]}` } });
          await res.arrayBuffer();
        }
        const c = process.cpuUsage(c0);
        out(
          `  profile ${name.padEnd(24)} node CPU ${formatDecimal((c.user + c.system) / 1000 / 300, 2)} ms/request, wall ${formatDecimal((performance.now() - t1) / 300, 2)} ms`,
        );
      };
      await perRequest('bare', `${urlOf(bare)}/`);
      await perRequest('floor', `${urlOf(floor)}/`);
      await perRequest('overview', `${urlOf(api)}/api/me/overview`);
      // whether PostgreSQL runs the named statements with a kept (generic) plan or plans each call (custom)
      const { rawPool } = await import('../../server/lib/raw-pg');
      const { rows: prepared } = await rawPool(databaseUrl).query<{
        name: string;
        generic_plans: string;
        custom_plans: string;
      }>('SELECT name, generic_plans, custom_plans FROM pg_prepared_statements ORDER BY name');
      for (const p of prepared)
        out(
          `  profile statement ${p.name.padEnd(14)} generic plans ${p.generic_plans}, custom plans ${p.custom_plans} (one pooled connection)`,
        );
      const explain = async (name: string, sql: string, params: (u: number) => unknown[]) => {
        let total = 0;
        let planning = 0;
        for (let i = 0; i < 50; i++) {
          const { rows } = await floorPool.query<{
            'QUERY PLAN': Array<{ 'Execution Time': number; 'Planning Time': number }>;
          }>(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`, params(1 + ((i * 97) % PARTNERS)));
          total += rows[0]!['QUERY PLAN'][0]!['Execution Time'];
          planning += rows[0]!['QUERY PLAN'][0]!['Planning Time'];
        }
        out(
          `  profile ${name.padEnd(24)} PostgreSQL planning ${formatDecimal(planning / 50, 3)} ms, execution ${formatDecimal(total / 50, 3)} ms`,
        );
        if (process.env.BENCH_PLAN) {
          const { rows } = await floorPool.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE) ${sql}`, params(4242));
          writeFileSync(
            `${process.env.BENCH_PLAN}-${name.replace(/\W+/g, '-')}.txt`,
            rows.map((r) => r['QUERY PLAN']).join('\n'),
          );
        }
      };
      await explain('floor query', FLOOR_SQL, (u) => [u]);
      await explain('overview query', overviewSqlForBench, (u) => [u, false]);
    }
    out(
      `autocannon          ${CONNECTIONS} connections, ${WARMUP} s warm-up + ${DURATION} s each, random partner token per request`,
    );
    const loadStart = formatDecimal(os.loadavg()[0]!, 2);
    // interleaved: ROUNDS rounds of bare → floor → overview, so each ratio compares endpoints measured minutes apart
    // at most on a shared box; the ratio is taken over the summed requests of all rounds
    const rounds: Array<{ bare: Run; floor: Run; computed: Run; me: Run; load: string }> = [];
    for (let r = 1; r <= ROUNDS; r++) {
      await measure('warm-up', urlOf(bare), '/', setupFile, WARMUP);
      const b = await measure('bare Koa JSON', urlOf(bare), '/', setupFile, DURATION);
      await measure('warm-up', urlOf(floor), '/', setupFile, WARMUP);
      const f = await measure('floor: Koa + session + one pg query', urlOf(floor), '/', setupFile, DURATION);
      await measure('warm-up', urlOf(apiComputed), '/api/me/overview', setupFile, WARMUP);
      const c = await measure(
        'GET /api/me/overview, computed',
        urlOf(apiComputed),
        '/api/me/overview',
        setupFile,
        DURATION,
      );
      await measure('warm-up', urlOf(api), '/api/me/overview', setupFile, WARMUP);
      const m = await measure('GET /api/me/overview, cached', urlOf(api), '/api/me/overview', setupFile, DURATION);
      const load = formatDecimal(os.loadavg()[0]!, 2);
      rounds.push({ bare: b, floor: f, computed: c, me: m, load });
      out(
        `  round ${r}: bare ${formatDecimal(b.rps, 0)} req/s (p99 ${b.p99} ms), floor ${formatDecimal(f.rps, 0)} (p99 ${f.p99}), computed ${formatDecimal(c.rps, 0)} (p99 ${c.p99}), cached ${formatDecimal(m.rps, 0)} (p99 ${m.p99}); cached / floor ${formatDecimal(m.rps / f.rps, 2)}, computed / floor ${formatDecimal(c.rps / f.rps, 2)}; load ${load}`,
      );
    }
    const combine = (list: Run[]): Run => ({
      ...list[0]!,
      rps: list.reduce((a, r) => a + r.rps, 0) / list.length,
      p50: Math.max(...list.map((r) => r.p50)),
      p99: Math.max(...list.map((r) => r.p99)),
      max: Math.max(...list.map((r) => r.max)),
      total: list.reduce((a, r) => a + r.total, 0),
      non2xx: list.reduce((a, r) => a + r.non2xx, 0),
      errors: list.reduce((a, r) => a + r.errors, 0),
      bytesPerResponse: list.reduce((a, r) => a + r.bytesPerResponse, 0) / list.length,
    });
    const bareRun = combine(rounds.map((r) => r.bare));
    const floorRun = combine(rounds.map((r) => r.floor));
    const meRun = combine(rounds.map((r) => r.me));
    const computedRun = combine(rounds.map((r) => r.computed));
    const computedRatio = computedRun.rps / floorRun.rps;
    const failed = [bareRun, floorRun, computedRun, meRun].filter((r) => r.non2xx || r.errors);
    const ratio = meRun.rps / bareRun.rps;
    const floorRatio = meRun.rps / floorRun.rps;
    const date = new Date().toISOString().slice(0, 10);
    const row = (r: Run) =>
      `| ${r.name} | ${formatDecimal(r.rps, 0)} | ${r.p50} | ${r.p99} | ${r.max} | ${r.total} | ${r.non2xx + r.errors} | ${Math.round(r.bytesPerResponse)} |`;
    const report = [
      `# bench:me — ${date}`,
      '',
      `Machine: ${machine()}; PostgreSQL ${pgVersion} (embedded), redis-server, all on loopback in one box.`,
      `Data: ${counts.projects} projects × ${counts.partners} partners × ${counts.holdings} holdings (+ ${counts.dues} payment dues, ${counts.entries} ledger entries, ${counts.lines} distribution lines, ${counts.agreements} agreements (one in ten pending); one CONFIRMED round per project with a ${Math.round(counts.snapshot! / 1000)} kB 测算 snapshot), loaded with bulk SQL in ${formatDecimal(loadMs / 1000, 1)} s.`,
      `Load average (1 min) at start / end of the measurements: ${loadStart} / ${formatDecimal(os.loadavg()[0]!, 2)} — the box is shared; compare the ratio, not absolute numbers, across runs.`,
      `Load: autocannon (worker thread), ${CONNECTIONS} connections, ${WARMUP} s warm-up then ${DURATION} s per endpoint; every request carries a random one of ${tokens.length} partners' session tokens.`,
      '',
      `首页 cached: every partner's 首页 computed once before the rounds (${formatDecimal(primeMs / 1000, 1)} s for ${tokens.length}); computed: the same app with OVERVIEW_CACHE=false, as the first 首页 after a write.`,
      '',
      `Per round (${ROUNDS}, interleaved bare → floor → computed → cached):`,
      '',
      '| round | bare req/s | floor req/s | computed req/s | cached req/s | cached / floor | computed / floor | cached p99 ms | computed p99 ms | floor p99 ms | load after |',
      '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
      ...rounds.map(
        (r, i) =>
          `| ${i + 1} | ${formatDecimal(r.bare.rps, 0)} | ${formatDecimal(r.floor.rps, 0)} | ${formatDecimal(r.computed.rps, 0)} | ${formatDecimal(r.me.rps, 0)} | ${formatDecimal(r.me.rps / r.floor.rps, 2)} | ${formatDecimal(r.computed.rps / r.floor.rps, 2)} | ${r.me.p99} | ${r.computed.p99} | ${r.floor.p99} | ${r.load} |`,
      ),
      '',
      'All rounds together (req/s the mean of the rounds; p50 / p99 / max the worst round):',
      '',
      '| endpoint | req/s | p50 ms | p99 ms | max ms | requests | non-2xx/errors | bytes/response |',
      '|---|---:|---:|---:|---:|---:|---:|---:|',
      row(bareRun),
      row(floorRun),
      row(computedRun),
      row(meRun),
      '',
      `Ratio 首页 / floor: cached **${formatDecimal(floorRatio, 2)}**, computed **${formatDecimal(computedRatio, 2)}** (goal ≥ 0.6: ${floorRatio >= 0.6 && computedRatio >= 0.6 ? 'met by both' : floorRatio >= 0.6 ? 'met cached only' : 'not met'}); p99 at ${CONNECTIONS} connections: cached ${meRun.p99} ms (goal < 50 ms: ${meRun.p99 < 50 ? 'met' : 'not met'}), computed ${computedRun.p99} ms, floor ${floorRun.p99} ms.`,
      `Ratio cached 首页 / bare: **${formatDecimal(ratio, 3)}** (${formatDecimal(ratio * 100, 1)} % of a bare Koa JSON endpoint's throughput).`,
      `Overview JSON body: ${Math.round(avgSize)} bytes on average (${sample.projects.length} projects; totals, per-project amounts and status, payment notices).`,
      '',
    ].join('\n');
    out('');
    out(report);
    if (process.env.BENCH_NO_WRITE !== '1') {
      const dir = path.join(__dirname, 'results');
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, `me-${date}.md`), report);
      out(`written             test/bench/results/me-${date}.md`);
    }
    out(`total               ${formatDecimal(ms(t0) / 1000, 1)} s`);
    if (failed.length) throw new Error(`non-2xx responses or errors in: ${failed.map((r) => r.name).join(', ')}`);
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
