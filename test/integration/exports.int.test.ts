/**
 * 辅助工具 exports against a seeded money history (test/support/statement-fixtures.ts): each workbook read back with
 * exceljs equals the ledger's and the dues' figures; the rows are read in keyset pages (never all at once); the job
 * reports progress, keeps the file for download and expires it; rows are scoped to the caller's grants.
 */
import ExcelJS from 'exceljs';
import { PassThrough } from 'node:stream';
import { seedDemo } from '../../server/seed/seed';
import { startWorkers, type RunningWorkers } from '../../server/jobs/worker';
import { writeExport } from '../../server/modules/exports/write-export';
import { sweepExports } from '../../server/modules/exports/export-job';
import { startTestApp, type TestApp } from '../support/app';
import { loginAs } from '../support/auth';
import { eventually } from '../support/eventually';
import { seedStatementScenario } from '../support/statement-fixtures';

let t: TestApp;
let workers: RunningWorkers;

beforeAll(async () => {
  t = await startTestApp();
  await seedDemo(t.deps.db);
  await seedStatementScenario(t.deps.db);
  workers = await startWorkers(t.deps, t.deps.redisUrl);
});
afterAll(async () => {
  await workers.close();
  await t.close();
});

async function sheetRows(buf: Buffer): Promise<Record<string, unknown>[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  const ws = wb.worksheets[0]!;
  const header = (ws.getRow(1).values as unknown[]).slice(1).map(String);
  const out: Record<string, unknown>[] = [];
  ws.eachRow((row, i) => {
    if (i === 1) return;
    const v = (row.values as unknown[]).slice(1);
    out.push(Object.fromEntries(header.map((h, k) => [h, v[k] ?? null])));
  });
  return out;
}

async function runAs(username: string, kind: string) {
  const http = await loginAs(t, username);
  const res = await http.post('/api/exports', { kind });
  expect(res.status).toBe(201);
  expect(['QUEUED', 'RUNNING', 'DONE']).toContain(res.data.status);
  const done = await eventually(async () => {
    const r = await http.get(`/api/exports/${res.data.id}`);
    expect(r.data.status).toBe('DONE');
    return r.data;
  });
  expect(done.percent).toBe(100);
  const file = await http.get(`/api/exports/${res.data.id}/file`, { responseType: 'arraybuffer' });
  expect(file.status).toBe(200);
  expect(file.headers['content-disposition']).toContain(encodeURIComponent(done.fileName));
  return { http, id: res.data.id as number, done, rows: await sheetRows(Buffer.from(file.data)) };
}

describe('事业合伙明细大表', () => {
  it("has one row per partner holding with the ledger's and the paid distributions' figures", async () => {
    const { rows, done } = await runAs('hhadmin', 'PARTNER_HOLDINGS');
    const jj = rows.filter((r) => r['项目名称'] === '靖江项目');
    expect(jj).toHaveLength(2);
    const sw = jj.find((r) => r['姓名'] === '史伟')!;
    expect(sw).toMatchObject({
      层级: '城市公司',
      认缴金额: 330000,
      累计缴款: 350000,
      已退款: 20000,
      已返还本金: 100000,
      承接转出: 0,
      实缴余额: 230000,
      未缴金额: 100000,
      缴款笔数: 3,
      首次缴款日: '2025-01-15',
      最近缴款日: '2025-06-20',
      '利润（税前）': 30000,
      代扣税: 6000,
      实发合计: 124000,
    });
    expect(jj.find((r) => r['姓名'] !== '史伟')).toMatchObject({ 认缴金额: 100000, 实缴余额: 100000, 实发合计: 8000 });
    expect(done.rowsTotal).toBe(rows.length);
  });

  it('reads the rows in keyset pages, never all at once', async () => {
    // more holdings in another project: 25 partners, so pages of 7 need 4 queries
    const project = await t.deps.db.project.findUniqueOrThrow({ where: { name: '泰安-锦艺誉峯' } });
    await t.deps.db.projectScheme.create({
      data: { projectId: project.id, peakCapital: '50000000', cityRatio: '0.01', totalRatio: '0.01' },
    });
    const users = await t.deps.db.user.findMany({
      where: { dingUserId: { startsWith: 'u10' } },
      take: 25,
      orderBy: { id: 'asc' },
    });
    const { appendCapitalEntries } = await import('../../server/modules/capital/append-capital-entries');
    const { systemActor } = await import('../../server/lib/audit');
    const { dec } = await import('../../shared/money');
    await t.deps.db.$transaction((tx) =>
      appendCapitalEntries(tx, {
        projectId: project.id,
        actor: systemActor('测试'),
        reason: '测试台账',
        entries: [
          ...users.map((u, i) => ({
            level: 'CITY' as const,
            holder: 'PARTNER' as const,
            userId: u.id,
            kind: 'COMMITMENT' as const,
            committedDelta: dec('10000'),
            paidDelta: dec(0),
            interestDelta: dec(0),
            valueDate: '2025-02-01',
            idempotencyKey: `page:${i}`,
          })),
          {
            level: 'CITY' as const,
            holder: 'PLATFORM' as const,
            userId: null,
            kind: 'COMMITMENT' as const,
            committedDelta: dec(500000 - 25 * 10000),
            paidDelta: dec(0),
            interestDelta: dec(0),
            valueDate: '2025-02-01',
            idempotencyKey: 'page:platform',
          },
        ],
      }),
    );
    const pageSizes: number[] = [];
    const sink = new PassThrough();
    const chunks: Buffer[] = [];
    sink.on('data', (c: Buffer) => chunks.push(c));
    const progress: number[] = [];
    const { rows } = await writeExport(t.deps, 'PARTNER_HOLDINGS', { all: true, projectIds: [] }, sink, {
      pageSize: 7,
      onProgress: (n) => void progress.push(n),
    });
    expect(rows).toBe(27);
    // one progress call per page: every page held at most 7 rows
    for (const [i, n] of progress.entries()) pageSizes.push(n - (progress[i - 1] ?? 0));
    expect(pageSizes.length).toBeGreaterThanOrEqual(4);
    expect(Math.max(...pageSizes)).toBeLessThanOrEqual(7);
    expect(pageSizes.reduce((a, b) => a + b, 0)).toBe(27);
    const parsed = await sheetRows(Buffer.concat(chunks));
    expect(parsed).toHaveLength(27);
    // keyset order: by project, level, partner — no row twice, none lost between pages
    expect(new Set(parsed.map((r) => `${r['项目名称']}:${r['姓名']}`)).size).toBe(27);
  });
});

describe('缴款信息', () => {
  it('lists every due with its amounts, status and the receipts with their dates', async () => {
    const { rows } = await runAs('hhkj', 'PAYMENTS');
    const mine = rows.filter((r) => r['姓名'] === '史伟');
    expect(mine.map((r) => r['类型'])).toEqual(['认购缴款', '补缴', '退款']);
    expect(mine[0]).toMatchObject({
      '应缴（应退）金额': 300000,
      '已缴（已退）金额': 300000,
      '未缴（未退）金额': 0,
      状态: '已缴',
      缴款笔数: 2,
      '缴款明细（日期 金额）': '2025-01-15 200000.00；2025-03-01 100000.00',
      最近缴款日: '2025-03-01',
      缴款截止日: '2025-03-31',
    });
    expect(mine[2]).toMatchObject({ '应缴（应退）金额': 20000, '缴款明细（日期 金额）': '2025-09-10 20000.00' });
  });
});

describe('所有项目盈利KPI指标', () => {
  it('has a row per project with the 立项 and 动态 indicators and the partners’ money', async () => {
    const { rows } = await runAs('hhadmin', 'PROJECT_KPIS');
    expect(rows.length).toBe(await t.deps.db.project.count());
    expect(rows.find((r) => r['项目名称'] === '靖江项目')).toMatchObject({
      资金峰值: 50000000,
      立项销售收入: 1200000000,
      '立项净利率%': 12.5,
      '动态IRR%': 11.4,
      '动态回正周期(月)': 36,
      合伙人认缴: 430000,
      合伙人实缴: 330000,
      '已分配利润（税前）': 40000,
      '已分配合计（实发）': 132000,
    });
  });
});

describe('scope, ownership and expiry', () => {
  it("gives an accountant only their granted projects' rows, and an accountant with none an empty sheet", async () => {
    const granted = await runAs('hhkj', 'PROJECT_KPIS');
    const names = granted.rows.map((r) => r['项目名称']).sort();
    expect(names).toEqual(['靖江项目', '泰安-锦艺誉峯', '马鞍山-林语春风', '江阴项目', '常州项目'].sort());
    const none = await runAs('jnkj', 'PROJECT_KPIS');
    expect(none.rows).toEqual([]);
    // someone else's file does not exist for them
    const other = await none.http.get(`/api/exports/${granted.id}`);
    expect(other.status).toBe(404);
    const list = await granted.http.get('/api/exports');
    expect(list.data.items.map((f: { id: number }) => f.id)).toContain(granted.id);
    expect(list.data.items.map((f: { id: number }) => f.id)).not.toContain(none.id);
  });

  it('audits the request and the download, and expires the file after its time', async () => {
    const { http, id } = await runAs('hhkj', 'PAYMENTS');
    const audits = await t.deps.db.auditLog.findMany({ where: { entity: 'ExportFile', entityId: String(id) } });
    expect(audits.map((a) => a.action).sort()).toEqual(['download_export', 'request_export']);
    const row = await t.deps.db.exportFile.findUniqueOrThrow({ where: { id } });
    expect(row.largeObjectId).not.toBeNull();
    const res = await sweepExports(t.deps, new Date(row.expiresAt!.getTime() + 1000));
    expect(res.expired).toBeGreaterThanOrEqual(1);
    const gone = await http.get(`/api/exports/${id}/file`);
    expect(gone.status).toBe(409);
    expect(gone.data.message).toMatch(/文件已于 .* 过期，请重新导出/);
    const lo = await t.deps.db.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM pg_largeobject_metadata WHERE oid = ${Number(row.largeObjectId)}::oid`;
    expect(Number(lo[0]!.n)).toBe(0);
  });

  it('refuses partners and the system admin', async () => {
    for (const u of ['admin']) {
      const http = await loginAs(t, u);
      expect((await http.post('/api/exports', { kind: 'PAYMENTS' })).status).toBe(403);
    }
  });
});
