/**
 * 项目披露 (pages/disclosure/index), compiled and run in the DingTalk-like harness against the running BFF: two
 * projects where 史伟 holds a stake (the capital ledger) disclose 2026Q4 through the 披露(循环) flow (agreed in the
 * emulator) and 披露审核; the day's run sends him one 披露通知 whose action card opens the page with both projects —
 * the KPIs in plain words, each 盈利指标 against 立项, the milestones and the narrative. Another partner gets an empty
 * state; a link without an id says so.
 */
import { startWorkers, type RunningWorkers } from '../../server/jobs/worker';
import { runDisclosureDigests } from '../../server/modules/disclosure/send-disclosure-digests';
import { seedDemo } from '../../server/seed/seed';
import { startTestApp, testDeps, type TestApp } from '../support/app';
import { loginAs } from '../support/auth';
import { writeLedger } from '../support/distribution-fixtures';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import { eventually } from '../support/eventually';
import { buildForTests, MiniappHarness } from '../support/miniapp-harness';

jest.setTimeout(120_000);

let emu: TestEmulator;
let t: TestApp;
let workers: RunningWorkers;
let distDir: string;
const harnesses: MiniappHarness[] = [];
let cardUrl = '';
let digestId = 0;

beforeAll(async () => {
  emu = await startTestEmulator();
  t = await startTestApp({ deps: testDeps({ ...emu.env, NOTIFY_RELAY_INTERVAL_MS: '100' }) });
  await emu.configure({ callbackUrl: `${t.base}/api/dingtalk/callback` });
  await seedDemo(t.deps.db);
  workers = await startWorkers(t.deps, t.deps.redisUrl);
  distDir = (await buildForTests('test')).outDir;
  const db = t.deps.db;
  const u1001 = (await db.user.findUniqueOrThrow({ where: { dingUserId: 'u1001' } })).id;
  const acct = await loginAs(t, 'hhkj');
  const reviewer = await loginAs(t, 'hhadmin');
  const values: Record<string, { netProfit: string; irr: string; narrative: string }> = {
    江阴项目: { netProfit: '120000000.00', irr: '14', narrative: '江阴项目四季度去化加快' },
    常州项目: { netProfit: '100000000.00', irr: '16', narrative: '常州项目按计划推进' },
  };
  for (const [name, v] of Object.entries(values)) {
    const id = (await db.project.findUniqueOrThrow({ where: { name } })).id;
    await db.projectScheme.create({
      data: { projectId: id, peakCapital: '50000000', cityRatio: '0.01', totalRatio: '0.01' },
    });
    await writeLedger(t, id, [
      { userId: u1001, tranches: [['300000', '2026-01-10']] },
      { userId: null, tranches: [['200000', '2026-01-10']] },
    ]);
    await acct.put(`/api/projects/${id}/indicators`, {
      salesRevenue: '1000000000.00',
      netProfit: '100000000.00',
      irr: '15.5',
      paybackMonths: 24,
    });
    await acct.put(`/api/projects/${id}/milestones`, {
      milestones: [
        { kind: 'LAND', plannedOn: '2025-06-01' },
        { kind: 'CONSTRUCTION_START', plannedOn: '2025-09-01' },
      ],
    });
    const saved = await acct.put(`/api/projects/${id}/dynamic-indicators/2026Q4`, {
      salesRevenue: '1050000000.00',
      netProfit: v.netProfit,
      irr: v.irr,
      paybackMonths: 24,
      milestones: [
        { kind: 'LAND', actualOn: '2025-06-01' },
        { kind: 'CONSTRUCTION_START', actualOn: '2025-09-15' },
      ],
      version: 0,
    });
    expect(saved.status).toBe(200);
    const d = await acct.post(`/api/projects/${id}/disclosures`, { period: '2026Q4', narrative: v.narrative });
    expect(d.status).toBe(201);
    const flow = await acct.post(`/api/projects/${id}/flows/DISCLOSURE/start`, {});
    expect(flow.status).toBe(201);
    await emu.completeApproval(flow.data.instanceId, 'agree');
    const reviewId = await eventually(async () => {
      const x = (await acct.get(`/api/projects/${id}/disclosures/${d.data.id}`)).data;
      if (x.status !== 'IN_REVIEW') throw new Error(x.status);
      return x.reviewId as number;
    }, 20_000);
    const r = (await reviewer.get(`/api/reviews/${reviewId}`)).data;
    expect((await reviewer.post(`/api/reviews/${reviewId}/approve`, { version: r.version })).status).toBe(200);
  }
  await runDisclosureDigests(t.deps);
  const card = await eventually(async () => {
    const c = (await emu.workNotifications('u1001'))
      .map((n) => (n.msg as { action_card?: Record<string, string> }).action_card)
      .find((a) => a?.title?.startsWith('项目信息披露'));
    if (!c) throw new Error('no 披露通知 yet');
    return c;
  }, 20_000);
  cardUrl = card.single_url!;
  digestId = Number(/digestId=(\d+)/.exec(cardUrl)![1]);
});

afterAll(async () => {
  harnesses.forEach((h) => h.dispose());
  await workers?.close();
  await t?.close();
  await emu?.close();
});

function miniapp(userid: string): MiniappHarness {
  const h = new MiniappHarness({ distDir, apiBase: t.base, authCode: () => emu.authCode(userid) });
  harnesses.push(h);
  h.loadApp();
  return h;
}

it('the 披露通知 card opens the page with both projects in plain words, against 立项', async () => {
  const h = miniapp('u1001');
  const page = await h.openUrl(cardUrl);
  expect(page.route).toBe('pages/disclosure/index');
  expect(page.data.status).toBe('ready');
  const items = page.data.items as Array<{
    projectName: string;
    periodLabel: string;
    highlights: string[];
    comparison: { label: string; approval: string; dynamic: string; change: string }[];
    milestones: { label: string; note: string }[];
    narrative: string;
  }>;
  expect(items.map((i) => i.projectName).sort()).toEqual(['常州项目', '江阴项目']);
  const jy = items.find((i) => i.projectName === '江阴项目')!;
  expect(jy.periodLabel).toBe('2026年第四季度');
  expect(jy.highlights).toEqual([
    '预计净利润为 ¥120,000,000.00，比立项时多 ¥20,000,000.00（+20.00%）。',
    '预计全投资IRR为 14%，比立项时低 1.5 个百分点。',
    '预计现金流回正周期为 24 个月，与立项时一致。',
    '预计销售收入为 ¥1,050,000,000.00，比立项时多 ¥50,000,000.00（+5.00%）。',
    '拿地已于 2025-06-01 完成，与计划同日。',
    '开工已于 2025-09-15 完成，比计划晚 14 天。',
  ]);
  // fields with neither value are left out; 总成本 had none
  expect(jy.comparison.map((r) => r.label)).toEqual(['销售收入', '净利润', '全投资IRR', '现金流回正周期（月）']);
  expect(jy.comparison.find((r) => r.label === '净利润')).toEqual({
    label: '净利润',
    approval: '¥100,000,000.00',
    dynamic: '¥120,000,000.00',
    change: '多 ¥20,000,000.00（+20.00%）',
  });
  expect(jy.milestones).toEqual([
    { label: '拿地', plannedOn: '2025-06-01', actualOn: '2025-06-01', note: '按计划完成' },
    { label: '开工', plannedOn: '2025-09-01', actualOn: '2025-09-15', note: '已完成，晚 14 天' },
  ]);
  expect(jy.narrative).toBe('江阴项目四季度去化加快');
  const cz = items.find((i) => i.projectName === '常州项目')!;
  expect(cz.highlights[0]).toBe('预计净利润为 ¥100,000,000.00，与立项时一致。');
  expect(cz.highlights[1]).toBe('预计全投资IRR为 16%，比立项时高 0.5 个百分点。');
});

it("another partner's notice: an empty state, not their data", async () => {
  const h = miniapp('u1002');
  const page = await h.open('pages/disclosure/index', { digestId: String(digestId) });
  expect(page.data).toMatchObject({ status: 'empty', stateTitle: '暂无披露', items: [] });
});

it('a link without a notice id says so', async () => {
  const h = miniapp('u1001');
  const page = await h.open('pages/disclosure/index', {});
  expect(page.data).toMatchObject({ status: 'empty', stateTitle: '链接无效' });
});
