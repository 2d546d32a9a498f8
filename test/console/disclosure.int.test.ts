/**
 * 盈亏动态 and 披露 / 披露审核 in a real browser (Debian chromium via playwright-core) against the real app, PostgreSQL,
 * Redis, the notification workers and the DingTalk emulator.
 *
 * 江阴项目 has 立项 盈利指标 and milestones and 2026Q3's 动态 (through the API); 史伟 (u1001) and u1002 hold stakes in
 * the ledger. The city accountant (hhkj) adds 2026Q4 in 盈亏动态 (the comparison with 立项, the chart of 立项 vs 动态
 * loaded on demand, 修改记录 after an edit), prepares the 2026Q4 disclosure with an attachment and starts 披露(循环); the
 * flow is agreed in the emulator; the business admin (hhadmin) returns it with a reason in 披露审核 (nobody is told),
 * the accountant starts it again, the admin approves; the day's run tells both holders.
 * Screenshots: test/artifacts/console/disclosure-*.png (1440 and 1280 wide).
 */
import type { Browser, Page } from 'playwright-core';
import { startWorkers, type RunningWorkers } from '../../server/jobs/worker';
import { runDisclosureDigests } from '../../server/modules/disclosure/send-disclosure-digests';
import { seedDemo } from '../../server/seed/seed';
import { startTestApp, testDeps, type TestApp } from '../support/app';
import { loginAs } from '../support/auth';
import {
  ensureConsoleBuilt,
  launchBrowser,
  loginThroughForm,
  openConsole,
  screenshot,
  see,
  toastShown,
  until,
  type ConsolePage,
} from '../support/browser';
import { writeLedger } from '../support/distribution-fixtures';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import { eventually } from '../support/eventually';

jest.setTimeout(180_000);

let t: TestApp;
let emu: TestEmulator;
let workers: RunningWorkers;
let browser: Browser;
let acct: ConsolePage;
let admin: ConsolePage;
let pid = 0;

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

beforeAll(async () => {
  await ensureConsoleBuilt();
  emu = await startTestEmulator();
  t = await startTestApp({ deps: testDeps({ ...emu.env, NOTIFY_RELAY_INTERVAL_MS: '100' }) });
  await emu.configure({ callbackUrl: `${t.base}/api/dingtalk/callback` });
  await seedDemo(t.deps.db);
  workers = await startWorkers(t.deps, t.deps.redisUrl);
  browser = await launchBrowser();
  const db = t.deps.db;
  pid = (await db.project.findUniqueOrThrow({ where: { name: '江阴项目' } })).id;
  await db.projectScheme.create({
    data: { projectId: pid, peakCapital: '50000000', cityRatio: '0.01', totalRatio: '0.01' },
  });
  const user = async (u: string) => (await db.user.findUniqueOrThrow({ where: { dingUserId: u } })).id;
  await writeLedger(t, pid, [
    { userId: await user('u1001'), tranches: [['300000', '2026-01-10']] },
    { userId: await user('u1002'), tranches: [['100000', '2026-01-10']] },
    { userId: null, tranches: [['100000', '2026-01-10']] },
  ]);
  const http = await loginAs(t, 'hhkj');
  expect(
    (
      await http.put(`/api/projects/${pid}/indicators`, {
        salesRevenue: '1000000000.00',
        totalCost: '850000000.00',
        netProfit: '100000000.00',
        netMargin: '10',
        irr: '15.5',
        paybackMonths: 24,
      })
    ).status,
  ).toBe(200);
  expect(
    (
      await http.put(`/api/projects/${pid}/milestones`, {
        milestones: [
          { kind: 'LAND', plannedOn: '2025-06-01' },
          { kind: 'CONSTRUCTION_START', plannedOn: '2025-09-01' },
          { kind: 'SALES_START', plannedOn: '2026-03-01' },
        ],
      })
    ).status,
  ).toBe(200);
  expect(
    (
      await http.put(`/api/projects/${pid}/dynamic-indicators/2026Q3`, {
        salesRevenue: '980000000.00',
        totalCost: '860000000.00',
        netProfit: '90000000.00',
        netMargin: '9.2',
        irr: '14.8',
        paybackMonths: 26,
        milestones: [
          { kind: 'LAND', actualOn: '2025-06-01' },
          { kind: 'CONSTRUCTION_START', actualOn: '2025-09-15' },
        ],
        version: 0,
      })
    ).status,
  ).toBe(200);
  acct = await openConsole(browser, t.base);
  admin = await openConsole(browser, t.base);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await workers?.close();
  await t?.close();
  await emu?.close();
});

afterEach(async () => {
  await acct?.page
    .screenshot({ path: 'test/artifacts/console/_last-disclosure-acct.png', fullPage: true })
    .catch(() => undefined);
  await admin?.page
    .screenshot({ path: 'test/artifacts/console/_last-disclosure-admin.png', fullPage: true })
    .catch(() => undefined);
  expect([...acct.errors.splice(0), ...admin.errors.splice(0)]).toEqual([]);
});

const area = (page: Page) => page.getByTestId('business');
const bizTab = (page: Page, name: string) => area(page).getByRole('tab', { name, exact: true });
const modal = (page: Page, title: string) => page.locator('.ant-modal').filter({ hasText: title });
const shots = async (page: Page, name: string) => {
  await screenshot(page, `${name}-1440`);
  await page.setViewportSize({ width: 1280, height: 900 });
  await screenshot(page, `${name}-1280`);
  await page.setViewportSize({ width: 1440, height: 900 });
};
const openProject = async (page: Page, user: string) => {
  await loginThroughForm(page, user);
  await page.getByRole('menuitem', { name: '业务' }).click();
  await area(page).waitFor();
  await page.getByTestId(`tree-project-${pid}`).click();
  await see.text(page.getByTestId('business-project'), '江阴项目');
};
const comparisonRow = (page: Page, label: string) =>
  page.getByTestId('dynamic-comparison').locator('tr', { hasText: label }).first();

it('盈亏动态: a new quarter against 立项, the chart of 立项 vs 动态, an edit in 修改记录', async () => {
  const { page } = acct;
  await openProject(page, 'hhkj');
  // 立项 points to 盈亏动态
  await area(page)
    .getByRole('tab', { name: /盈利指标/ })
    .click();
  await see.text(area(page), '动态数据按季度在本项目的【盈亏动态】页签中维护');
  await bizTab(page, '盈亏动态').click();
  await see.text(page.getByTestId('dynamic-periods'), '2026Q3');
  await page.getByTestId('dynamic-new').click();
  const form = modal(page, '新增报告期');
  await see.visible(form.getByLabel('报告期'));
  expect(await form.getByLabel('报告期').inputValue()).toBe('2026Q4'); // the quarter after the last one
  await form.getByLabel('净利润').fill('120000000');
  await form.getByLabel('销售收入').fill('1100000000');
  await form.getByLabel('全投资IRR').fill('14');
  await form.getByLabel('开盘实际日期').fill('2026-03-20');
  await form.getByLabel('开盘实际日期').press('Enter');
  await form.getByLabel('说明').fill('四季度去化加快');
  await form.getByRole('button', { name: /保\s*存/ }).click();
  await toastShown(page, '2026Q4 盈亏动态已保存');
  await see.text(page.getByTestId('dynamic-comparison'), '2026年第四季度');
  await see.text(comparisonRow(page, '净利润'), '+¥20,000,000.00');
  await see.text(comparisonRow(page, '净利润'), '20.00%');
  await see.text(comparisonRow(page, '全投资IRR'), '-1.5 个百分点');
  await see.text(page.getByTestId('dynamic-milestones').locator('tr', { hasText: '开盘' }), '晚 19 天');
  // the chart (its own chunk, loaded now): 立项 vs 动态 of 净利润 over 2026Q3, 2026Q4
  const chart = page.getByTestId('dynamic-chart');
  await see.visible(chart.locator('canvas'));
  await until(async () => (await chart.locator('canvas').first().boundingBox())!.height > 200, 'the chart to be drawn');
  await page.waitForTimeout(800); // the lines' entry animation
  await shots(page, 'disclosure-01-dynamic');

  // an edit of 2026Q4: 修改记录 lists the field changed
  await page
    .getByTestId('dynamic-periods')
    .locator('tr', { hasText: '2026Q4' })
    .getByRole('button', { name: /修\s*改$/ })
    .click();
  const edit = modal(page, '修改盈亏动态');
  await see.visible(edit.getByLabel('净利润'));
  await edit.getByLabel('净利润').fill('125000000');
  await edit.getByRole('button', { name: /保\s*存/ }).click();
  await toastShown(page, '2026Q4 盈亏动态已保存');
  await see.text(comparisonRow(page, '净利润'), '+¥25,000,000.00');
  await page
    .getByTestId('dynamic-periods')
    .locator('tr', { hasText: '2026Q4' })
    .getByRole('button', { name: /修改记录/ })
    .click();
  const history = page.getByTestId('dynamic-history');
  await see.text(history, '净利润：¥120,000,000.00 → ¥125,000,000.00');
  await see.text(history, '新增报告期');
  await screenshot(page, 'disclosure-02-history');
  await page.locator('.ant-modal-close').first().click();
  await see.hidden(page.locator('.ant-modal-content'));
  expect(
    await t.deps.db.auditLog.count({ where: { entity: 'DynamicIndicator', projectId: pid, action: 'update' } }),
  ).toBe(1);
});

/** The instance of the latest 披露(循环) run, agreed in the emulator. */
async function agreeLatestFlow(): Promise<void> {
  const flow = await eventually(async () => {
    const f = await t.deps.db.projectFlow.findFirstOrThrow({
      where: { projectId: pid, type: 'DISCLOSURE', status: 'RUNNING' },
      orderBy: { run: 'desc' },
    });
    if (!f.instanceId) throw new Error('no instance yet');
    return f;
  });
  await emu.completeApproval(flow.instanceId!, 'agree');
}

it('披露: prepared with an attachment, 披露(循环) started and completed on DingTalk OA', async () => {
  const { page } = acct;
  await bizTab(page, '披露').click();
  await page.getByTestId('disclosure-new').click();
  const form = modal(page, '新建披露');
  await see.text(form, '2026年第四季度（2026Q4）');
  await form.getByLabel('披露说明').fill('江阴项目四季度去化加快，净利润高于立项；开盘因预售证晚 19 天。');
  await form.getByRole('button', { name: /新\s*建/ }).click();
  await toastShown(page, '已新建2026年第四季度披露');
  const detail = page.getByTestId('disclosure-detail');
  await see.text(detail, '草稿');
  await see.text(detail.getByTestId('disclosure-comparison').locator('tr', { hasText: '净利润' }), '+¥25,000,000.00');
  await detail
    .locator('input[type=file]')
    .setInputFiles({ name: '四季度经营分析.pdf', mimeType: 'application/pdf', buffer: PDF });
  await toastShown(page, '已上传 四季度经营分析.pdf');
  await see.text(detail, '四季度经营分析.pdf');
  // a file that only claims to be a PDF
  await detail
    .locator('input[type=file]')
    .setInputFiles({ name: '假的.pdf', mimeType: 'application/pdf', buffer: Buffer.from('not a pdf') });
  await toastShown(page, /附件须为/);
  await shots(page, 'disclosure-03-draft');

  await page.getByTestId('disclosure-start-flow').click();
  await page
    .locator('.ant-modal-confirm')
    .getByRole('button', { name: /发\s*起/ })
    .click();
  await toastShown(page, '已在钉钉发起【披露(循环)】审批');
  await see.text(detail, '审批中');
  await agreeLatestFlow();
  await see.text(detail, '待审核'); // polled until DingTalk's callback settles it
  await see.text(detail, '等待业务管理员披露审核');
});

it('披露审核: returned with a reason (nobody told), started again, approved; the holders told once', async () => {
  const { page } = admin;
  await openProject(page, 'hhadmin');
  await bizTab(page, '披露').click();
  const detail = page.getByTestId('disclosure-detail');
  await see.visible(page.getByTestId('disclosure-approve'));
  await see.text(detail, '江阴项目四季度去化加快');
  await see.text(detail, '四季度经营分析.pdf');
  await shots(page, 'disclosure-04-review');
  await page.getByTestId('disclosure-return').click();
  const reject = modal(page, '驳回');
  await reject.getByLabel('驳回原因').fill('请写明开盘延期对回正周期的影响');
  await reject.getByRole('button', { name: /确认驳回/ }).click();
  await see.text(detail, '披露审核已退回：请写明开盘延期对回正周期的影响');
  expect(await t.deps.db.disclosureRecipient.count()).toBe(0);
  await screenshot(page, 'disclosure-05-returned');

  // the accountant sees the reason, edits and starts the flow again
  const a = acct.page;
  // (the page polls a disclosure in review: the reason shows without a reload)
  await see.text(a.getByTestId('disclosure-detail'), '请写明开盘延期对回正周期的影响');
  await a.getByLabel('披露说明').fill('江阴项目四季度去化加快；开盘晚 19 天，现金流回正周期预计不变。');
  await a.getByTestId('disclosure-start-flow').click();
  await a
    .locator('.ant-modal-confirm')
    .getByRole('button', { name: /发\s*起/ })
    .click();
  await toastShown(a, '已在钉钉发起【披露(循环)】审批');
  await agreeLatestFlow();
  await see.text(a.getByTestId('disclosure-detail'), '待审核');

  // approved: both holders queued, told by the day's run in one notice each
  await page.getByTestId('business').getByRole('button', { name: '刷新' }).click();
  await bizTab(page, '方案审核').click();
  await bizTab(page, '披露').click();
  await see.text(detail, '现金流回正周期预计不变');
  await page.getByTestId('disclosure-approve').click();
  await page
    .locator('.ant-modal-confirm')
    .getByRole('button', { name: /审核通过/ })
    .click();
  await toastShown(page, '披露审核已通过');
  await see.text(detail, '2 位合伙人，已通知 0 位');
  await runDisclosureDigests(t.deps);
  await page.getByTestId('disclosure-list').locator('tr', { hasText: '2026Q4' }).first().click();
  await bizTab(page, '盈亏动态').click();
  await bizTab(page, '披露').click();
  await see.text(page.getByTestId('disclosure-list'), '2 / 2 人已通知');
  await shots(page, 'disclosure-06-approved');
  for (const u of ['u1001', 'u1002'])
    await eventually(async () => {
      const cards = (await emu.workNotifications(u)).filter((n) => JSON.stringify(n.msg).includes('项目信息披露'));
      expect(cards).toHaveLength(1);
    }, 20_000);
});
