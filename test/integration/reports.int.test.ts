/**
 * 报表 over HTTP with real PostgreSQL, Redis, the workers and the DingTalk emulator, on the scenario of
 * test/support/report-fixtures.ts: 江阴项目 (立项 of 50万 paid in two tranches, a peak change to 6,000万 with u1002's 补缴 overdue, u1003's exit with 承接, a
 * 第1次利润分配 paid out and a 本金分配 calculated) and 昆明-城市之光 (one partner, not granted to 环沪's accountant).
 * Every report: the totals row equals the sum of all rows (not the page), the figures agree with the ledger and the
 * batches, paging and sorting happen on the server, the Excel export holds exactly the rows shown, and an
 * accountant sees only the granted projects.
 */
import ExcelJS from 'exceljs';
import { dec, formatDecimal, moneyString } from '../../shared/money';
import { shanghaiDay } from '../../shared/datetime';
import { REPORTS, REPORT_KINDS, type TReportPage, type TReportRow } from '../../shared/api/reports';
import { startWorkers, type RunningWorkers } from '../../server/jobs/worker';
import { seedDemo } from '../../server/seed/seed';
import { appendCapitalEntries } from '../../server/modules/capital/append-capital-entries';
import { systemActor } from '../../server/lib/audit';
import { startTestApp, testDeps, type TestApp } from '../support/app';
import { loginAs } from '../support/auth';
import { seedReportAgreements, seedReportScenario } from '../support/report-fixtures';
import { startTestEmulator, type TestEmulator } from '../support/emulator';

jest.setTimeout(180_000);

let emu: TestEmulator;
let t: TestApp;
let workers: RunningWorkers | null;
let ids: Record<string, number> = {};
let A = 0;
let K = 0;

beforeAll(async () => {
  emu = await startTestEmulator();
  t = await startTestApp({ deps: testDeps({ ...emu.env, NOTIFY_RELAY_INTERVAL_MS: '100' }) });
  await emu.configure({ callbackUrl: `${t.base}/api/dingtalk/callback` });
  await seedDemo(t.deps.db);
  workers = await startWorkers(t.deps, t.deps.redisUrl);
  ({ ids, A, K } = await seedReportScenario(t, emu));
  await seedReportAgreements(t, emu, { ids, A, K });
});

afterAll(async () => {
  await workers?.close();
  await t.close();
  await emu.close();
});

const get = async (user: string, kind: string, query: Record<string, string | number> = {}) => {
  const http = await loginAs(t, user);
  const res = await http.get(`/api/reports/${kind}`, { params: { pageSize: 500, ...query } });
  expect(res.status).toBe(200);
  return res.data as TReportPage;
};
const sumOf = (rows: TReportRow[], key: string) =>
  moneyString(rows.reduce((s, r) => s.plus(dec(String(r[key] ?? '0'))), dec(0)));

describe('报表', () => {
  it('every report: the totals row is the sum of all its rows, whatever the page', async () => {
    for (const kind of REPORT_KINDS) {
      const all = await get('hhadmin', kind);
      const page2 = await get('hhadmin', kind, { pageSize: 1, page: 2 });
      expect(page2.totals).toEqual(all.totals);
      expect(page2.total).toBe(all.total);
      expect(page2.rows).toEqual(all.rows.slice(1, 2));
      for (const c of REPORTS[kind].columns.filter((x) => x.total))
        expect([kind, c.key, all.totals[c.key]]).toEqual([
          kind,
          c.key,
          c.type === 'int' ? all.rows.reduce((s, r) => s + Number(r[c.key] ?? 0), 0) : sumOf(all.rows, c.key),
        ]);
    }
  });

  it('立项及缴款汇总表 agrees with the ledger: committed, paid, unpaid, overdue, the platform', async () => {
    const r = await get('hhadmin', 'funding', { projectId: A });
    expect(r.rows).toHaveLength(1);
    const row = r.rows[0]!;
    const ledger = await t.deps.db.capitalEntry.groupBy({
      by: ['holder'],
      where: { projectId: A },
      _sum: { committedDelta: true, paidDelta: true },
    });
    const of = (h: string) => ledger.find((l) => l.holder === h)!._sum;
    expect(row.committed).toBe(moneyString(of('PARTNER').committedDelta!.toString()));
    expect(row.paid).toBe(moneyString(of('PARTNER').paidDelta!.toString()));
    expect(row.platform).toBe(moneyString(of('PLATFORM').committedDelta!.toString()));
    expect(row).toMatchObject({
      peakCapital: '60000000.00',
      cap: '600000.00',
      committed: '350000.00', // 20万 + 15万 (u1003 transferred out)
      paid: '300000.00',
      unpaid: '50000.00',
      overdue: '50000.00',
      platform: '250000.00', // 10万 + 5万 + 10万 承接
      partners: 2,
    });
    // as of a day before the peak change: the ledger up to it
    const before = await get('hhadmin', 'funding', { projectId: A, to: '2026-05-31' });
    expect(before.rows[0]).toMatchObject({ committed: '400000.00', paid: '400000.00', unpaid: '0.00' });
  });

  it('分配汇总表 agrees with the batches’ lines; 员工合伙信息查询表 with what partners received, MOIC and XIRR', async () => {
    const r = await get('hhadmin', 'distributions', { projectId: A });
    const lines = await t.deps.db.distributionLine.aggregate({
      where: { batch: { projectId: A } },
      _sum: { payout: true, profit: true, tax: true, principal: true },
    });
    expect(r.totals.payout).toBe(moneyString(lines._sum.payout!.toString()));
    expect(r.totals.profit).toBe(moneyString(lines._sum.profit!.toString()));
    expect(r.totals.tax).toBe(moneyString(lines._sum.tax!.toString()));
    expect(r.totals.principal).toBe(moneyString(lines._sum.principal!.toString()));
    expect(r.rows.find((x) => x.batchName === '第1次利润分配')).toMatchObject({
      levelLabel: '城市公司',
      profit: '50000.00',
    });

    const p = await get('hhadmin', 'partners', { projectId: A });
    const shi = p.rows.find((x) => x.userId === ids.u1001)!;
    const paidLines = await t.deps.db.distributionLine.aggregate({
      where: { batch: { projectId: A }, userId: ids.u1001!, paidAt: { not: null } },
      _sum: { payout: true },
    });
    expect(shi).toMatchObject({ statusLabel: '在职', paidIn: '200000.00', accountStatus: '已确认' });
    expect(shi.received).toBe(moneyString(paidLines._sum.payout!.toString()));
    expect(shi.moic).toBe(formatDecimal(dec(String(shi.received)).div(200000), 4));
    expect(Number(shi.xirr)).toBeGreaterThan(-1);
    expect(p.rows.find((x) => x.userId === ids.u1003)).toMatchObject({ statusLabel: '退', committed: '0.00' });
    expect(p.totals.moic).not.toBeNull();
  });

  it('退出员工合伙信息查询表: the exit with its price parts adding up to the total', async () => {
    const r = await get('hhadmin', 'exits', { projectId: A });
    expect(r.rows).toHaveLength(1);
    expect(r.rows[0]).toMatchObject({
      exitType: '离职',
      exitDate: '2026-06-30',
      statusLabel: '已完成',
      paid: '100000.00',
      principal: '100000.00',
      interest: '4972.60',
      deductions: '-8000.00',
      adjustment: '0.00',
      total: '96972.60',
      payoutAmount: '0.00',
    });
  });

  it('实时跟踪汇总表 and 工作跟踪表: where each project stands and what waits, with the page that does it', async () => {
    const tr = await get('hhadmin', 'tracking', { projectId: A });
    expect(tr.rows[0]).toMatchObject({ stage: '分配', exits: 1, confirmedOn: '2026-01-01', lastPaidOn: '2026-03-01' });
    const w = await get('hhadmin', 'work', { projectId: A });
    const kinds = w.rows.map((x) => x.kind);
    expect(kinds).toEqual(expect.arrayContaining(['OVERDUE', 'EXIT_PAYOUT']));
    const overdue = w.rows.find((x) => x.kind === 'OVERDUE')!;
    expect(overdue).toMatchObject({
      amount: '50000.00',
      since: '2026-06-15',
      link: `business/change-dues?projectId=${A}`,
    });
    expect(w.rows.find((x) => x.kind === 'EXIT_PAYOUT')).toMatchObject({
      actor: '经营会计',
      link: `business/exits?projectId=${A}`,
    });
  });

  it('协议: 协议状态 per partner and project; 工作跟踪表 lists the signatures owed and the agreements to generate', async () => {
    const p = await get('hhadmin', 'partners');
    const state = (userId: number, projectId: number) =>
      p.rows.find((r) => r.userId === userId && r.projectId === projectId)?.agreementStatus;
    expect(state(ids.u1001!, A)).toBe('已签署');
    expect(state(ids.u1002!, A)).toBe('待签署');
    expect(state(ids.u1004!, K)).toBe('未生成');
    expect(REPORTS.partners.columns.map((c) => c.title)).toContain('协议状态');

    const w = await get('hhadmin', 'work');
    const toSign = w.rows.filter((x) => x.kind === 'AGREEMENT_TO_SIGN');
    const generatedOn = (await t.deps.db.agreement.findFirstOrThrow({ where: { userId: ids.u1002!, projectId: A } }))
      .generatedAt;
    expect(toSign).toHaveLength(1);
    expect(toSign[0]).toMatchObject({
      projectId: A,
      kindLabel: '协议待签署',
      subject: '1 份协议',
      since: shanghaiDay(generatedOn),
      link: `business/partners?projectId=${A}`,
    });
    expect(toSign[0]!.actor).toBe((await t.deps.db.user.findUniqueOrThrow({ where: { id: ids.u1002! } })).name);
    // 江阴's partners all have their agreement; 昆明's u1004 has none since the 立项: the accountant generates
    const toGenerate = w.rows.filter((x) => x.kind === 'AGREEMENT_TO_GENERATE');
    expect(toGenerate.map((x) => x.projectId)).toEqual([K]);
    expect(toGenerate[0]).toMatchObject({
      actor: '经营会计',
      detail: '1 位合伙人协议未生成',
      since: '2026-02-01', // 昆明's 立项 (the commitment's value date)
      link: `business/partners?projectId=${K}`,
    });
    // the exited partner (u1003) is not asked for anything
    expect(w.rows.some((x) => String(x.kind).startsWith('AGREEMENT') && String(x.subject).includes('u1003'))).toBe(
      false,
    );
  });

  it('server sorting: by a money column, both ways, empty cells last', async () => {
    const asc = await get('hhadmin', 'partners', { sort: 'paidIn', order: 'ascend' });
    const desc = await get('hhadmin', 'partners', { sort: 'paidIn', order: 'descend' });
    const values = asc.rows.map((r) => Number(r.paidIn));
    expect(values).toEqual([...values].sort((a, b) => a - b));
    expect(desc.rows.map((r) => Number(r.paidIn))).toEqual([...values].sort((a, b) => b - a));
    expect(asc.sort).toBe('paidIn');
  });

  it('an accountant sees only granted projects: 环沪 not 昆明, 昆明’s accountant only 昆明', async () => {
    const hh = await get('hhkj', 'funding');
    const km = await get('kmkj', 'funding');
    const admin = await get('hhadmin', 'funding');
    expect(hh.rows.map((r) => r.projectId)).toContain(A);
    expect(hh.rows.map((r) => r.projectId)).not.toContain(K);
    expect(km.rows.map((r) => r.projectId)).toEqual([K]);
    expect(admin.rows.map((r) => r.projectId)).toEqual(expect.arrayContaining([A, K]));
    // asking for another's project by id gives nothing, not its figures
    expect((await get('kmkj', 'partners', { projectId: A })).rows).toEqual([]);
    expect((await get('kmkj', 'work')).rows.every((r) => r.projectId === K)).toBe(true);
    const charts = (await (await loginAs(t, 'kmkj')).get('/api/report-charts')).data;
    expect(charts.byProject.map((p: { name: string }) => p.name)).toEqual(['昆明-城市之光']);
  });

  it('the Excel export holds exactly what the API shows: same columns, rows in the same order, the totals', async () => {
    const http = await loginAs(t, 'hhadmin');
    for (const kind of REPORT_KINDS) {
      const query = { sort: REPORTS[kind].columns[1]!.key, order: 'descend' };
      const shown = await get('hhadmin', kind, query);
      const res = await http.get(`/api/reports/${kind}/export`, { params: query, responseType: 'arraybuffer' });
      expect(res.status).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.data);
      const ws = wb.worksheets[0]!;
      const cols = REPORTS[kind].columns;
      expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(cols.map((c) => c.title));
      const norm = (type: string, v: unknown) =>
        v === null || v === undefined || v === ''
          ? null
          : ['money', 'ratio', 'multiple', 'int'].includes(type)
            ? Number(v)
            : String(v);
      const sheetRow = (n: number) => cols.map((c, i) => norm(c.type, ws.getRow(n).getCell(i + 1).value));
      const apiRow = (r: TReportRow) => cols.map((c) => norm(c.type, r[c.key]));
      shown.rows.forEach((r, i) => expect([kind, sheetRow(i + 2)]).toEqual([kind, apiRow(r)]));
      expect(sheetRow(shown.rows.length + 2)).toEqual(apiRow(shown.totals));
    }
  });

  it('a ledger change after the signature: 史伟’s agreement is 需重新生成, the accountant is asked to generate', async () => {
    await t.deps.db.$transaction((tx) =>
      appendCapitalEntries(tx, {
        projectId: A,
        actor: systemActor('测试'),
        reason: '认缴调整',
        entries: (
          [
            [ids.u1001!, 'PARTNER', 10000],
            [null, 'PLATFORM', -10000],
          ] as const
        ).map(([userId, holder, delta]) => ({
          level: 'CITY' as const,
          holder,
          userId,
          kind: 'COMMITMENT_CHANGE' as const,
          committedDelta: dec(delta),
          paidDelta: dec(0),
          interestDelta: dec(0),
          valueDate: '2026-10-01',
          idempotencyKey: `rep:agreement-change:${holder}`,
        })),
      }),
    );
    const w = await get('hhadmin', 'work', { projectId: A });
    const toGenerate = w.rows.filter((x) => x.kind === 'AGREEMENT_TO_GENERATE');
    expect(toGenerate).toHaveLength(1);
    expect(toGenerate[0]).toMatchObject({
      subject: (await t.deps.db.user.findUniqueOrThrow({ where: { id: ids.u1001! } })).name,
      actor: '经营会计',
      detail: '1 位合伙人协议需重新生成（资金台账已变动）',
      since: shanghaiDay(),
    });
    // the signed version stays 已签署 until a new one is generated
    const p = await get('hhadmin', 'partners', { projectId: A });
    expect(p.rows.find((r) => r.userId === ids.u1001)?.agreementStatus).toBe('已签署');
  });
});
