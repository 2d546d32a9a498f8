/**
 * Malformed input is a 4xx with a Chinese message, never a 500: ids outside the column's range or not written as
 * plain decimals are 404, strings with NUL bytes or lone surrogates are refused where the body and query are parsed,
 * dates stay within sane years, upload limits and bad JSON are 4xx, Excel files are bounded before they are loaded,
 * receipts are limited per file and per user per day, checked by content and name, and leave no temp files.
 */
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import ExcelJS from 'exceljs';
import { SessionStore } from '../../server/auth/session-store';
import { seedDemo } from '../../server/seed/seed';
import { ZDate } from '../../shared/api/common';
import { startTestApp, type TestApp } from '../support/app';
import { loginAs, withToken } from '../support/auth';

let t: TestApp;
let admin: Awaited<ReturnType<typeof loginAs>>;
let projectId: number;
beforeAll(async () => {
  t = await startTestApp();
  await seedDemo(t.deps.db);
  admin = await loginAs(t, 'admin');
  projectId = (await t.deps.db.project.findUniqueOrThrow({ where: { name: '江阴项目' } })).id;
});
afterAll(() => t.close());

const chinese = /[\u4e00-\u9fff]/;

describe('ids', () => {
  it.each(['2147483648', '99999999999999999999', '0x1', '1e0', '%201', '%20%31', '1.0', '+1', '01', '-1', '0'])(
    'GET /api/projects/%s is 404',
    async (id) => {
      const res = await admin.get(`/api/projects/${id}`);
      expect(res.status).toBe(404);
      expect(res.data.message).toMatch(chinese);
    },
  );

  it('does not reset the admin password through /api/users/%20%31/reset-password', async () => {
    const res = await admin.post('/api/users/%20%31/reset-password', {});
    expect(res.status).toBe(404);
  });

  it('refuses query and body ids out of range with a 4xx', async () => {
    expect((await admin.get('/api/projects', { params: { batchId: '2147483648' } })).status).toBe(400);
    expect((await admin.get('/api/projects', { params: { batchId: '0x1' } })).status).toBe(400);
    expect((await admin.get('/api/users', { params: { roleId: '1e2' } })).status).toBe(400);
  });
});

describe('strings', () => {
  it('refuses a NUL byte in a JSON body, a query and a path', async () => {
    const body = await t.http.post('/api/auth/password', { username: 'ad\u0000min', password: 'x' });
    expect(body.status).toBe(400);
    expect(body.data.message).toMatch(chinese);
    expect((await admin.get('/api/projects', { params: { q: 'a\u0000' } })).status).toBe(400);
    expect((await admin.get('/api/projects/1%00')).status).toBe(400);
  });

  it('refuses a lone surrogate', async () => {
    const res = await t.http.post('/api/auth/password', '{"username":"\\ud800","password":"x"}', {
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(400);
    expect(res.data.message).toMatch(chinese);
    expect((await admin.get('/api/projects?q=%ED%A0%80')).status).toBe(400);
  });

  it('answers malformed JSON and odd paths with a 4xx in Chinese', async () => {
    const bad = await t.http.post('/api/auth/password', '{"username":', {
      headers: { 'content-type': 'application/json' },
    });
    expect(bad.status).toBe(400);
    expect(bad.data.message).toMatch(chinese);
    for (const p of ['/console/%', '/api/projects/%', '/%E0%A4%A']) {
      const res = await admin.get(p);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    }
  });
});

describe('dates', () => {
  it('accepts 1900–2200 only', () => {
    expect(ZDate.safeParse('0000-01-01').success).toBe(false);
    expect(ZDate.safeParse('1899-12-31').success).toBe(false);
    expect(ZDate.safeParse('2201-01-01').success).toBe(false);
    expect(ZDate.safeParse('9999-12-31').success).toBe(false);
    expect(ZDate.safeParse('1900-01-01').success).toBe(true);
    expect(ZDate.safeParse('2026-03-15').success).toBe(true);
  });
});

describe('Excel imports', () => {
  /** A tiny workbook whose one cell sits at A1048576 (a few KB, a million rows once loaded). */
  async function farCellWorkbook(): Promise<Buffer> {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('项目');
    ws.getCell('A1').value = '项目名称';
    ws.getCell('A1048576').value = 'x';
    return Buffer.from(await wb.xlsx.writeBuffer());
  }

  it('refuses a workbook with a cell at A1048576 quickly and keeps the server responsive', async () => {
    const file = await farCellWorkbook();
    const form = new FormData();
    form.append('file', new Blob([file]), 'far.xlsx');
    const started = Date.now();
    const [res, health] = await Promise.all([
      admin.post('/api/projects/import', form),
      new Promise((r) => setTimeout(r, 50)).then(() => t.http.get('/healthz')),
    ]);
    expect(res.status).toBe(400);
    expect(res.data.message).toMatch(/行|列/);
    expect(health.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe('uploads', () => {
  let partner: ReturnType<typeof withToken>;
  let dueId: number;
  beforeAll(async () => {
    const db = t.deps.db;
    const user = await db.user.findUniqueOrThrow({ where: { dingUserId: 'u1021' } });
    const round = await db.subscriptionRound.create({
      data: { projectId, kind: 'INITIAL', seq: 90, title: '第90轮', deadline: new Date(), status: 'CONFIRMED' },
    });
    const line = await db.roundPartner.create({
      data: {
        roundId: round.id,
        userId: user.id,
        level: 'CITY',
        category: 'VOLUNTARY',
        minAmount: '0',
        maxAmount: '100000',
        investedAmount: '50000',
      },
    });
    dueId = (
      await db.paymentDue.create({
        data: {
          roundPartnerId: line.id,
          dueKey: `initial:${line.id}`,
          level: 'CITY',
          projectId,
          userId: user.id,
          amountDue: '50000',
          dueDate: new Date(),
          noticeSentAt: new Date(),
        },
      })
    ).id;
    const store = new SessionStore(t.deps.redis, t.deps.prefix, 600);
    partner = withToken(t, (await store.create(user.id, 'dingtalk')).token);
  });

  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(200, 1)]);
  const upload = (name: string, data: Buffer, extra?: [string, Buffer]) => {
    const form = new FormData();
    form.append('file', new Blob([data]), name);
    if (extra) form.append(extra[0], new Blob([extra[1]]), 'second.png');
    return partner.post(`/api/me/payment-notices/${dueId}/receipts`, form);
  };
  const tempFiles = () => readdirSync(tmpdir()).filter((f) => /^upload_|^gentou-upload/.test(f)).length;

  it('stores a sanitised file name', async () => {
    const res = await upload('../../../../etc/pass\u0007wd.png', png);
    expect(res.status).toBe(200);
    const a = await t.deps.db.attachment.findFirstOrThrow({ where: { ownerId: dueId }, orderBy: { id: 'desc' } });
    // eslint-disable-next-line no-control-regex
    expect(a.fileName).not.toMatch(/[/\\]|\.\.|[\u0000-\u001f]/);
    expect(a.fileName.endsWith('.png')).toBe(true);
  });

  it('checks the type by content and by the allowed list', async () => {
    const exe = await upload('receipt.exe', png);
    expect(exe.status).toBe(415);
    expect(exe.data.message).toMatch(chinese);
    const fake = await upload('receipt.png', Buffer.from('MZ this is not an image'));
    expect(fake.status).toBe(415);
  });

  it('answers a file over the limit and two files with a 4xx in Chinese and removes the temp files', async () => {
    const before = tempFiles();
    const big = await upload('big.png', Buffer.concat([png, Buffer.alloc(11 * 1024 * 1024)]));
    expect(big.status).toBe(413);
    expect(big.data.message).toMatch(chinese);
    const two = await upload('a.png', png, ['file2', png]);
    expect(two.status).toBeGreaterThanOrEqual(400);
    expect(two.status).toBeLessThan(500);
    expect(two.data.message).toMatch(chinese);
    expect(tempFiles()).toBe(before);
  });

  it('limits uploads per user per day', async () => {
    let last = 200;
    for (let i = 0; i < 25 && last === 200; i++) last = (await upload(`r${i}.png`, png)).status;
    expect(last).toBe(429);
    const res = await upload('one-more.png', png);
    expect(res.data.message).toMatch(/今日/);
  });
});
