import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { z } from 'zod';
import { buildApp, allRoutes } from '../../server/app';
import { publicAccess } from '../../server/auth/policy';
import { route } from '../../server/http/route';
import { AppError } from '../../server/lib/errors';
import { seedDemo } from '../../server/seed/seed';
import { startTestApp, testDeps, type TestApp } from '../support/app';

const root = path.resolve(__dirname, '../..');

describe('GET /healthz', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('answers 200 with db and redis ok', async () => {
    const res = await t.http.get('/healthz');
    expect(res.status).toBe(200);
    expect(res.data).toEqual({ status: 'ok', db: 'ok', redis: 'ok' });
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers 503 naming Redis when Redis is down', async () => {
    const down = await startTestApp({ deps: testDeps({ REDIS_URL: 'redis://127.0.0.1:1' }) });
    down.deps.redis.options.maxRetriesPerRequest = 0;
    try {
      const res = await down.http.get('/healthz');
      expect(res.status).toBe(503);
      expect(res.data).toMatchObject({ status: 'unavailable', db: 'ok', redis: 'down' });
    } finally {
      await down.close();
    }
  });

  it('answers 503 naming the database when PostgreSQL is down', async () => {
    const down = await startTestApp({
      deps: testDeps({ DATABASE_URL: 'postgresql://postgres:postgres@127.0.0.1:1/none' }),
    });
    try {
      const res = await down.http.get('/healthz');
      expect(res.status).toBe(503);
      expect(res.data).toMatchObject({ db: 'down', redis: 'ok' });
    } finally {
      await down.close();
    }
  });
});

describe('error middleware', () => {
  let t: TestApp;
  const probe = [
    route({
      method: 'POST',
      path: '/t/zod',
      summary: 't',
      policy: publicAccess,
      body: z.object({ amount: z.string().regex(/^\d+(\.\d{1,2})?$/) }),
      handler: () => ({ ok: true }),
    }),
    route({
      method: 'GET',
      path: '/t/domain',
      summary: 't',
      policy: publicAccess,
      handler: () => {
        throw new AppError('INVALID_STATE', '项目已清算，不能修改', { projectId: 1 });
      },
    }),
    route({
      method: 'GET',
      path: '/t/unique',
      summary: 't',
      policy: publicAccess,
      handler: async ({ deps }) => {
        await deps.db.projectBatch.create({ data: { name: 'dup-batch' } }).catch(() => undefined);
        await deps.db.projectBatch.create({ data: { name: 'dup-batch' } });
      },
    }),
    route({
      method: 'GET',
      path: '/t/missing',
      summary: 't',
      policy: publicAccess,
      handler: ({ deps }) => deps.db.project.update({ where: { id: -1 }, data: { name: 'x' } }),
    }),
    route({
      method: 'GET',
      path: '/t/boom',
      summary: 't',
      policy: publicAccess,
      handler: () => {
        throw new Error('secret internals');
      },
    }),
    route({
      method: 'GET',
      path: '/t/login',
      summary: 't',
      policy: { ...publicAccess, requiresLogin: true },
      handler: () => ({}),
    }),
  ];
  beforeAll(async () => {
    t = await startTestApp({ app: (deps) => buildApp(deps, [...allRoutes(), ...probe]) });
  });
  afterAll(() => t.close());

  it('turns zod errors into 400 VALIDATION_FAILED with a Chinese message and the field', async () => {
    const res = await t.http.post('/t/zod', { amount: '12.345' });
    expect(res.status).toBe(400);
    expect(res.data.code).toBe('VALIDATION_FAILED');
    expect(res.data.message).toMatch(/^输入有误：amount/);
    expect(res.data.details[0].path).toBe('amount');
  });
  it('rejects malformed JSON with 400, not 500', async () => {
    const res = await t.http.post('/t/zod', '{"amount":', { headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(400);
    expect(res.data.code).toBe('BAD_REQUEST');
  });
  it('passes domain errors through with their status and details', async () => {
    const res = await t.http.get('/t/domain');
    expect(res.status).toBe(409);
    expect(res.data).toEqual({ code: 'INVALID_STATE', message: '项目已清算，不能修改', details: { projectId: 1 } });
  });
  it('maps Prisma unique violations to 409 and missing rows to 404', async () => {
    expect((await t.http.get('/t/unique')).data.code).toBe('CONFLICT');
    expect((await t.http.get('/t/unique')).status).toBe(409);
    const missing = await t.http.get('/t/missing');
    expect(missing.status).toBe(404);
    expect(missing.data.code).toBe('NOT_FOUND');
  });
  it('answers unknown errors with an opaque 500 carrying only the request id', async () => {
    const res = await t.http.get('/t/boom', { headers: { 'x-request-id': 'req-12345678' } });
    expect(res.status).toBe(500);
    expect(res.data).toEqual({
      code: 'INTERNAL',
      message: '服务器内部错误，请稍后重试',
      details: { requestId: 'req-12345678' },
    });
    expect(JSON.stringify(res.data)).not.toContain('secret');
  });
  it('answers 401 on routes that need a login, and 404 JSON for unknown paths', async () => {
    expect((await t.http.get('/t/login')).status).toBe(401);
    const res = await t.http.get('/no/such/path');
    expect(res.status).toBe(404);
    // its own code: a client tells "no such endpoint" from "no such record" without reading the message
    expect(res.data.code).toBe('ROUTE_NOT_FOUND');
  });
});

describe('migrations and demo data', () => {
  const prismaWasm = (cmd: string) =>
    spawnSync(process.execPath, ['server/tools/prisma-wasm.mjs', cmd], {
      cwd: root,
      env: process.env,
      encoding: 'utf8',
      timeout: 60_000,
    });

  it('has no pending migrations after setup, and `npm run db:migrate` again is a no-op', () => {
    const r = prismaWasm('deploy');
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe('No pending migrations.');
  });

  it('schema.prisma and the committed migrations agree (no drift)', () => {
    const r = prismaWasm('diff');
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe('-- This is an empty migration.');
  }, 60_000);

  it('seeds the demo data idempotently', async () => {
    const deps = testDeps();
    try {
      const first = await seedDemo(deps.db);
      const counts = async () => ({
        org: await deps.db.orgUnit.count(),
        projects: await deps.db.project.count(),
        users: await deps.db.user.count(),
        grants: await deps.db.projectGrant.count(),
        roles: await deps.db.userRole.count(),
      });
      const before = await counts();
      await seedDemo(deps.db);
      expect(await counts()).toEqual(before);
      expect(first.projects).toBe(7);
      expect(before.users).toBeGreaterThanOrEqual(45);
      const names = (await deps.db.project.findMany({ orderBy: { id: 'asc' }, select: { name: true } })).map(
        (p) => p.name,
      );
      expect(names).toEqual(
        expect.arrayContaining([
          '昆明-城市之光',
          '靖江项目',
          '泰安-锦艺誉峯',
          '马鞍山-林语春风',
          '株洲-锦湘悦',
          '江阴项目',
          '常州项目',
        ]),
      );
    } finally {
      await deps.db.$disconnect();
      deps.redis.disconnect();
    }
  });
});

describe('process entry', () => {
  it('exits non-zero with one line naming a bad variable', () => {
    const r = spawnSync(process.execPath, [require.resolve('tsx/cli'), 'server/main.ts', 'all'], {
      cwd: root,
      env: { ...process.env, PORT: 'abc' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(r.status).not.toBe(0);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('PORT');
  });
});
