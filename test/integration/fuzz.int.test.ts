/**
 * Fuzz: malformed requests generated from the route registry and the zod schemas (test/support/fuzz.ts), across
 * every route, as anonymous, a partner, accountants and both admins. Fails on any 5xx and on any write: every table's
 * content is fingerprinted before and after.
 *
 *   npm test -- test/integration/fuzz     a sample of 1,500 requests (part of the normal run)
 *   npm run test:fuzz                     the full run: 10,000 requests (FUZZ_REQUESTS=… to change, FUZZ_SEED=…)
 */
import { allRoutes } from '../../server/app';
import { SessionStore } from '../../server/auth/session-store';
import { seedDemo } from '../../server/seed/seed';
import { fuzzRequests, type FuzzRequest } from '../support/fuzz';
import { startTestApp, type TestApp } from '../support/app';

const COUNT = Number(process.env.FUZZ_REQUESTS ?? 1500);
const SEED = Number(process.env.FUZZ_SEED ?? 20261201);
const CONCURRENCY = 4;

let t: TestApp;
const PERSONAS = ['u1001', 'hhkj001', 'kgkj001', 'hhadmin01', 'admin001'];
const tokens: (string | undefined)[] = [undefined];
let projectId = 1;

beforeAll(async () => {
  t = await startTestApp();
  await seedDemo(t.deps.db);
  projectId = (await t.deps.db.project.findUniqueOrThrow({ where: { name: '靖江项目' } })).id;
  const store = new SessionStore(t.deps.redis, t.deps.prefix, 3600);
  for (const dingUserId of PERSONAS) {
    const u = await t.deps.db.user.findUniqueOrThrow({ where: { dingUserId } });
    tokens.push((await store.create(u.id, 'dingtalk')).token);
  }
});
afterAll(() => t.close());

/** Every table's row count and a hash of its content. */
async function fingerprint(): Promise<Record<string, string>> {
  const tables = await t.deps.db.$queryRawUnsafe<{ tablename: string }[]>(
    `SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename <> '_prisma_migrations'`,
  );
  const out: Record<string, string> = {};
  for (const { tablename } of tables) {
    const [row] = await t.deps.db.$queryRawUnsafe<{ n: bigint; h: string | null }[]>(
      `SELECT count(*) AS n, md5(string_agg(x::text, '|' ORDER BY x::text)) AS h FROM "${tablename}" x`,
    );
    out[tablename] = `${row!.n}:${row!.h ?? ''}`;
  }
  return out;
}

it(`answers ${COUNT} malformed requests across every route with a 4xx and writes nothing`, async () => {
  const routes = allRoutes();
  const before = await fingerprint();
  const auditBefore = await t.deps.db.auditLog.count();
  const requests = fuzzRequests(
    routes,
    COUNT,
    {
      tokens,
      paramValue: (name) =>
        name === 'id' || name === 'projectId'
          ? String(projectId)
          : name === 'type'
            ? 'PEAK_CAPITAL'
            : name === 'token'
              ? 'x'.repeat(40)
              : '1',
    },
    SEED,
  );
  const statuses = new Map<number, number>();
  const failures: string[] = [];
  const byRoute = new Set<string>();
  let sent = 0;
  const worker = async () => {
    for (;;) {
      const next = requests.next();
      if (next.done) return;
      const r: FuzzRequest = next.value;
      const res = await t.http.request({
        method: r.method,
        url: r.url,
        headers: r.headers,
        data: r.data,
        transformRequest: [(d: unknown) => d],
        maxBodyLength: Infinity,
        timeout: 20_000,
      });
      sent++;
      byRoute.add(r.route);
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      const chinese = typeof res.data?.message === 'string' && /[\u4e00-\u9fff]/.test(res.data.message);
      if (res.status >= 500 || res.status < 400 || !chinese)
        failures.push(
          `${r.route} [${r.kind}] ${r.method} ${r.url.slice(0, 120)} → ${res.status} ${JSON.stringify(res.data).slice(0, 200)}`,
        );
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const after = await fingerprint();
  const written = Object.keys(after).filter((k) => after[k] !== before[k]);
  const auditAfter = await t.deps.db.auditLog.count();
  const fivexx = [...statuses].filter(([s]) => s >= 500).reduce((n, [, c]) => n + c, 0);
  process.stdout.write(
    `fuzz: ${sent} requests over ${byRoute.size}/${routes.length} routes (seed ${SEED}); statuses ${JSON.stringify(Object.fromEntries(statuses))}; 5xx: ${fivexx}; tables written: ${written.length}; audit rows added: ${auditAfter - auditBefore}\n`,
  );
  expect(failures.slice(0, 30)).toEqual([]);
  expect(written).toEqual([]);
  expect(auditAfter).toBe(auditBefore);
  expect(sent).toBe(COUNT);
  expect(byRoute.size).toBe(routes.length);
}, 900_000);
