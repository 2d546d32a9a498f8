/**
 * Response contracts: every route declares what it answers (a shared/api schema, or a documented content type
 * for files, the health probe and DingTalk's callback); outside production every answer is checked against it;
 * GET /api/openapi.json describes every route from the same schemas; error codes are one list.
 */
import { z } from 'zod';
import { allRoutes, buildApp } from '../../server/app';
import { SessionStore } from '../../server/auth/session-store';
import { publicAccess } from '../../server/auth/policy';
import { route, type AnyRoute } from '../../server/http/route';
import { AppError } from '../../server/lib/errors';
import { seedDemo } from '../../server/seed/seed';
import { ERROR_CODES, ERROR_STATUS } from '../../shared/api/errors';
import { ZApiError, ZNoContent } from '../../shared/api/common';
import { startTestApp, type TestApp } from '../support/app';
import { withToken } from '../support/auth';

const key = (r: AnyRoute) => `${r.method} ${r.path}`;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a parsed JSON document, walked by hand
type Json = any;

/** The only routes that write their own body instead of answering checked JSON. */
const RAW_ROUTES = [
  'GET /healthz',
  'POST /api/dingtalk/callback',
  'GET /api/projects/import-template',
  'GET /api/reports/:kind/export',
  'GET /api/projects/:id/distributions/:batchId/export',
  'GET /api/distribution-sheets/:token',
  'GET /api/projects/:id/distributions/:batchId/template',
  'GET /api/projects/:id/minority-batches/:batchId/export',
  'GET /api/projects/:id/distributions/:batchId/payout-results/template',
  'GET /api/projects/:id/distribution-accounts/template',
  'GET /api/projects/:id/rounds/:roundId/export',
  'GET /api/projects/:id/rounds/:roundId/partners/template',
  'GET /api/projects/:id/payments/:dueId/receipt',
  'GET /api/voucher-entities/:entityId/periods/:period/export',
  'GET /api/projects/:id/disclosures/:disclosureId/attachments/:attachmentId',
  // 协议 PDFs: the console's download and the mini-program's signed link
  'GET /api/projects/:id/agreements/:agreementId/pdf',
  'GET /api/agreement-files/:token',
  // 辅助工具's kept export file and the partner's statement PDF (signed link)
  'GET /api/exports/:id/file',
  'GET /api/statement-pdfs/:token',
];

describe('every route declares its response', () => {
  it('has a response schema on every JSON route (the list below must stay empty)', () => {
    const missing = allRoutes()
      .filter((r) => !r.response && !r.raw)
      .map(key);
    expect(missing).toEqual([]);
  });
  it('declares a documented content type instead only for files, the health probe and the callback', () => {
    const raw = allRoutes().filter((r) => r.raw);
    expect(raw.map(key).sort()).toEqual([...RAW_ROUTES].sort());
    for (const r of raw) {
      expect(r.response).toBeUndefined();
      expect(r.raw!.contentType).toMatch(/^[a-z]+\/[\w.+-]+$/);
      expect(r.raw!.description.length).toBeGreaterThan(0);
    }
  });
  it('answers 204 only where it says so', () => {
    expect(
      allRoutes()
        .filter((r) => r.response === ZNoContent)
        .map(key)
        .sort(),
    ).toEqual([
      'DELETE /api/batches/:id',
      'DELETE /api/mandatory-investors/:id',
      'DELETE /api/projects/:id/rounds/:roundId/partners/:lineId',
      'POST /api/auth/logout',
    ]);
  });
});

describe('error codes', () => {
  it('are one list, each code its own name, each with an HTTP status', () => {
    expect(Object.keys(ERROR_CODES)).toEqual(Object.keys(ERROR_STATUS));
    for (const [k, v] of Object.entries(ERROR_CODES)) expect(v).toBe(k);
    for (const s of Object.values(ERROR_STATUS)) expect(s).toBeGreaterThanOrEqual(400);
  });
});

describe('the answer is checked against its schema outside production', () => {
  const ZThing = z.object({ id: z.number().int(), amount: z.string().regex(/^\d+\.\d{2}$/), at: z.iso.datetime() });
  const routes = (good: unknown) => [
    route({
      method: 'GET',
      path: '/t/thing',
      summary: 't',
      policy: publicAccess,
      response: ZThing,
      handler: () => good,
    }),
    route({
      method: 'DELETE',
      path: '/t/thing',
      summary: 't',
      policy: publicAccess,
      response: ZNoContent,
      handler: () => ({ deleted: true }),
    }),
    route({
      method: 'GET',
      path: '/t/domain',
      summary: 't',
      policy: publicAccess,
      response: ZThing,
      handler: () => {
        throw new AppError('INVALID_STATE', '项目已清算，不能修改');
      },
    }),
  ];

  it('passes a matching answer (a Date is checked as the ISO string the client gets)', async () => {
    const t = await startTestApp({
      app: (deps) => buildApp(deps, routes({ id: 1, amount: '12.50', at: new Date(), extra: 'ignored' })),
    });
    try {
      const res = await t.http.get('/t/thing');
      expect(res.status).toBe(200);
      expect(res.data.amount).toBe('12.50');
      // errors pass through untouched
      expect((await t.http.get('/t/domain')).data.code).toBe('INVALID_STATE');
    } finally {
      await t.close();
    }
  });

  it('turns a mismatch into a 500 that names the differences', async () => {
    const t = await startTestApp({ app: (deps) => buildApp(deps, routes({ id: 1, amount: 12.5, at: 'yesterday' })) });
    try {
      const res = await t.http.get('/t/thing');
      expect(res.status).toBe(500);
      expect(ZApiError.parse(res.data).code).toBe('INTERNAL');
      expect(res.data.details.responseContract.route).toBe('GET /t/thing');
      expect(res.data.details.responseContract.issues.map((i: { path: string }) => i.path).sort()).toEqual([
        'amount',
        'at',
      ]);
      const del = await t.http.delete('/t/thing');
      expect(del.status).toBe(500);
      expect(del.data.details.responseContract.issues[0].code).toBe('no_content');
    } finally {
      await t.close();
    }
  });

  it('skips the check in production', async () => {
    const t = await startTestApp({
      app: (deps) =>
        buildApp({ ...deps, config: { ...deps.config, NODE_ENV: 'production' } }, routes({ id: 'x', amount: 1 })),
    });
    try {
      const res = await t.http.get('/t/thing');
      expect(res.status).toBe(200);
      expect(res.data).toEqual({ id: 'x', amount: 1 });
    } finally {
      await t.close();
    }
  });
});

describe('GET /api/openapi.json', () => {
  let t: TestApp;
  let token: string;
  beforeAll(async () => {
    t = await startTestApp();
    await seedDemo(t.deps.db);
    const u = await t.deps.db.user.findUniqueOrThrow({ where: { dingUserId: 'u1001' } });
    token = (await new SessionStore(t.deps.redis, t.deps.prefix, 600).create(u.id, 'dingtalk')).token;
  });
  afterAll(() => t.close());

  it('answers every GET of the demo data within its schema, for every kind of user', async () => {
    const projectId = (await t.deps.db.project.findUniqueOrThrow({ where: { name: '靖江项目' } })).id;
    const round = await t.deps.db.subscriptionRound.findFirst({ where: { projectId } });
    const store = new SessionStore(t.deps.redis, t.deps.prefix, 600);
    const clients = [];
    for (const dingUserId of ['u1001', 'hhkj001', 'kgkj001', 'hhadmin01', 'admin001']) {
      const u = await t.deps.db.user.findUniqueOrThrow({ where: { dingUserId } });
      clients.push(withToken(t, (await store.create(u.id, 'dingtalk')).token));
    }
    const failures: string[] = [];
    let answered = 0;
    for (const r of allRoutes().filter((x) => x.method === 'GET' && !x.raw)) {
      const url = r.path
        .replace(':roundId', String(round?.id ?? 1))
        .replace(':kind', 'PAYMENT_NOTICE')
        .replace(/:[a-zA-Z]+/g, String(projectId))
        .concat(r.path.endsWith('partner-candidates') ? '?q=史' : '');
      for (const http of clients) {
        const res = await http.get(url);
        if (res.status >= 500) failures.push(`${key(r)}: ${JSON.stringify(res.data.details)}`);
        if (res.status === 200) answered++;
      }
    }
    expect(failures).toEqual([]);
    expect(answered).toBeGreaterThan(40);
  });

  it('needs a login', async () => {
    const res = await t.http.get('/api/openapi.json');
    expect(res.status).toBe(401);
    expect(res.data.code).toBe('UNAUTHENTICATED');
  });

  it('describes every route of the registry as OpenAPI 3.1', async () => {
    const res = await withToken(t, token).get('/api/openapi.json', { responseType: 'text' });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    const doc = JSON.parse(res.data as string);
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);

    expect(doc.openapi).toBe('3.1.0');
    expect(typeof doc.info.title).toBe('string');
    expect(typeof doc.info.version).toBe('string');
    expect(doc.components.schemas.ApiError.required).toEqual(['code', 'message']);
    expect(doc.components.schemas.ApiError.properties.code.enum).toEqual(Object.keys(ERROR_CODES));

    const registry = allRoutes();
    const ops: [string, string, Record<string, Json>][] = [];
    for (const [p, item] of Object.entries(doc.paths as Record<string, Record<string, Json>>))
      for (const [m, op] of Object.entries(item)) ops.push([m.toUpperCase(), p, op]);
    expect(ops.length).toBe(registry.length);
    expect(Object.keys(doc.paths).length).toBe(new Set(registry.map((r) => r.path)).size);

    const problems: string[] = [];
    const operationIds = new Set<string>();
    for (const r of registry) {
      const p = r.path.replace(/:(\w+)/g, '{$1}');
      const op = doc.paths[p]?.[r.method.toLowerCase()];
      if (!op) {
        problems.push(`${key(r)}: missing`);
        continue;
      }
      if (op.summary !== r.summary) problems.push(`${key(r)}: summary`);
      if (op['x-policy'] !== r.policy.name) problems.push(`${key(r)}: x-policy`);
      operationIds.add(op.operationId);
      const pathParams = [...r.path.matchAll(/:(\w+)/g)].map((x) => x[1]);
      const declared = (op.parameters as { name: string; in: string }[])
        .filter((x) => x.in === 'path')
        .map((x) => x.name);
      if (JSON.stringify(declared) !== JSON.stringify(pathParams)) problems.push(`${key(r)}: path params ${declared}`);
      if (r.query && !(op.parameters as { in: string }[]).some((x) => x.in === 'query'))
        problems.push(`${key(r)}: query`);
      if (r.body && !op.requestBody?.content?.['application/json']?.schema) problems.push(`${key(r)}: body`);
      if (r.upload && !op.requestBody?.content?.['multipart/form-data']) problems.push(`${key(r)}: upload`);
      const ok = Object.entries(op.responses as Record<string, Json>).filter(([s]) => /^2\d\d$/.test(s));
      if (ok.length !== 1) problems.push(`${key(r)}: ${ok.length} success responses`);
      const [status, success] = ok[0] ?? ['', {}];
      if (r.response === ZNoContent) {
        if (status !== '204' || success.content) problems.push(`${key(r)}: 204 expected`);
      } else {
        if (!['200', '201', '202'].includes(status)) problems.push(`${key(r)}: status ${status}`);
        const media = Object.keys(success.content ?? {});
        if (media.length !== 1) problems.push(`${key(r)}: content ${media}`);
        const schema = success.content?.[media[0]!]?.schema;
        if (!schema || (!r.raw && Object.keys(schema).length === 0)) problems.push(`${key(r)}: no response schema`);
        if (r.raw && media[0] !== r.raw.contentType) problems.push(`${key(r)}: content type`);
      }
      if (!op.responses['400']?.content?.['application/json']?.schema?.$ref?.endsWith('/ApiError'))
        problems.push(`${key(r)}: error envelope`);
      if (r.policy.requiresLogin && !op.responses['401']) problems.push(`${key(r)}: 401`);
    }
    expect(problems).toEqual([]);
    expect(operationIds.size).toBe(registry.length);
    // every $ref points at a component that exists
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"([^"]+)"/g)].map((x) => x[1]!);
    expect(
      refs.filter((r) => !r.startsWith('#/components/schemas/') || !(r.split('/').pop()! in doc.components.schemas)),
    ).toEqual([]);
  });
});
