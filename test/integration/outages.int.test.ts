/**
 * PostgreSQL or Redis down: every call answers 503 SERVICE_UNAVAILABLE within 2 s, /healthz says which one is down,
 * and everything works again once it is back, without a restart. The app's connections go through TCP proxies
 * (test/support/tcp-proxy.ts) that are stopped and started; the shared test services are never touched.
 */
import { createDeps } from '../../server/deps';
import { createLogger } from '../../server/lib/logger';
import { seedDemo } from '../../server/seed/seed';
import { startTestApp, testConfig, type TestApp } from '../support/app';
import { loginAs } from '../support/auth';
import { eventually } from '../support/eventually';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';

let t: TestApp;
let pg: TcpProxy;
let redis: TcpProxy;
let token: string;

beforeAll(async () => {
  const config = testConfig();
  const db = new URL(config.DATABASE_URL!);
  const rd = new URL(config.REDIS_URL!);
  pg = await startTcpProxy(db.hostname, Number(db.port));
  redis = await startTcpProxy(rd.hostname, Number(rd.port || 6379));
  const deps = createDeps(config, createLogger('silent'), {
    databaseUrl: pg.url(config.DATABASE_URL!),
    redisUrl: redis.url(config.REDIS_URL!),
  });
  t = await startTestApp({ deps });
  await seedDemo(t.deps.db);
  token = (await loginAs(t, 'hhadmin')).token;
});
afterAll(async () => {
  await pg.start().catch(() => undefined);
  await redis.start().catch(() => undefined);
  await t.close();
  await pg.close();
  await redis.close();
});

const UNAVAILABLE = { code: 'SERVICE_UNAVAILABLE', message: '服务暂不可用，请稍后重试' };

async function timed(path: string, withLogin = true) {
  const started = Date.now();
  const res = await t.http.get(path, withLogin ? { headers: { authorization: `Bearer ${token}` } } : {});
  return { res, ms: Date.now() - started };
}

it.each([
  ['PostgreSQL', () => pg, 'db'],
  ['Redis', () => redis, 'redis'],
] as const)(
  '%s down: 503 within 2 s, /healthz names it, back without a restart',
  async (_name, proxy, part) => {
    expect((await timed('/api/projects')).res.status).toBe(200);
    await proxy().stop();
    for (const path of ['/api/projects', '/api/me', '/api/reviews']) {
      const { res, ms } = await timed(path);
      expect(res.status).toBe(503);
      expect(res.data).toMatchObject(UNAVAILABLE);
      expect(ms).toBeLessThan(2000);
    }
    const login = await t.http.post('/api/auth/password', { username: 'kgkj', password: 'Gentou@2026' });
    expect(login.status).toBe(503);
    expect(login.data).toMatchObject(UNAVAILABLE);
    const health = await timed('/healthz', false);
    expect(health.res.status).toBe(503);
    expect(health.res.data).toMatchObject({ status: 'unavailable', [part]: 'down' });
    expect(health.res.data[part === 'db' ? 'redis' : 'db']).toBe('ok');
    expect(health.ms).toBeLessThan(2500);

    await proxy().start();
    await eventually(async () => expect((await timed('/healthz', false)).res.status).toBe(200), 15_000, 200);
    await eventually(async () => expect((await timed('/api/projects')).res.status).toBe(200), 15_000, 200);
  },
  60_000,
);
