/**
 * 报表 in a real browser at 1280 wide (Debian chromium via playwright-core) against the real app, PostgreSQL,
 * Redis, the workers and the DingTalk emulator, on the scenario of test/support/report-fixtures.ts.
 *
 * The business admin lands on 工作跟踪表 (not 项目维护): the overdue 补缴 and the exit payout waiting, each with who
 * acts and since when; 办理 opens the exact 退出流程 page of the project. Every report opens from the 报表 menu with
 * its rows, the totals row and pinned key columns; picking a project in the tree filters it; 导出 Excel downloads the
 * file; 图表 draws the collection progress and the distributions (canvas). An accountant lands on 工作跟踪表 too and
 * sees only granted projects. Screenshots: test/artifacts/console/reports-*.png.
 */
import type { Browser, Page } from 'playwright-core';
import { startWorkers, type RunningWorkers } from '../../server/jobs/worker';
import { seedDemo } from '../../server/seed/seed';
import { REPORTS } from '../../shared/api/reports';
import { startTestApp, testDeps, type TestApp } from '../support/app';
import {
  ensureConsoleBuilt,
  launchBrowser,
  loginThroughForm,
  openConsole,
  screenshot,
  see,
  until,
  type ConsolePage,
} from '../support/browser';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import { seedReportScenario, type ReportScenario } from '../support/report-fixtures';

jest.setTimeout(240_000);

let t: TestApp;
let emu: TestEmulator;
let workers: RunningWorkers;
let browser: Browser;
let admin: ConsolePage;
let sc: ReportScenario;

beforeAll(async () => {
  await ensureConsoleBuilt();
  emu = await startTestEmulator();
  t = await startTestApp({ deps: testDeps({ ...emu.env, NOTIFY_RELAY_INTERVAL_MS: '100' }) });
  await emu.configure({ callbackUrl: `${t.base}/api/dingtalk/callback` });
  await seedDemo(t.deps.db);
  workers = await startWorkers(t.deps, t.deps.redisUrl);
  sc = await seedReportScenario(t, emu);
  browser = await launchBrowser();
  admin = await openConsole(browser, t.base);
  await admin.page.setViewportSize({ width: 1280, height: 900 });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await workers?.close();
  await t?.close();
  await emu?.close();
});

afterEach(async () => {
  await admin?.page
    .screenshot({ path: 'test/artifacts/console/_last-reports.png', fullPage: true })
    .catch(() => undefined);
  expect(admin.errors.splice(0)).toEqual([]);
});

const report = (page: Page, kind: string) => page.getByTestId(`report-${kind}`);
const rows = (page: Page, kind: string) => report(page, kind).locator('tr.ant-table-row');
const totals = (page: Page, kind: string) => report(page, kind).getByTestId('report-totals');
const openTab = async (page: Page, title: string) => {
  await page.locator('.module-tabs').getByRole('tab', { name: title, exact: true }).click();
};

describe('报表 in the console', () => {
  it('the business admin lands on 工作跟踪表: what waits, who acts, since when; 办理 opens the exact page', async () => {
    const page = admin.page;
    await loginThroughForm(page, 'hhadmin');
    await until(async () => page.url().includes('/console/reports/work'), 'landing on 工作跟踪表');
    await see.visible(rows(page, 'work'));
    await see.text(report(page, 'work'), '逾期未缴');
    await see.text(report(page, 'work'), '待登记退出打款');
    await see.text(totals(page, 'work'), '合计');
    const overdue = rows(page, 'work').filter({ hasText: '逾期未缴' });
    await see.text(overdue, '¥50,000.00');
    await see.text(overdue, '2026-06-15');
    // no agreement generated yet for 江阴's partners: the accountant generates them in 合伙名单
    await see.text(rows(page, 'work').filter({ hasText: '协议待生成' }).first(), '经营会计');
    // key columns stay pinned and the table scrolls sideways at 1280
    await see.visible(report(page, 'work').locator('td.ant-table-cell-fix-start').first());
    await screenshot(page, 'reports-work-1280');
    await rows(page, 'work').filter({ hasText: '待登记退出打款' }).getByTestId('work-open').click();
    await until(async () => page.url().includes('/console/business/exits'), 'the 退出流程 page');
    await see.visible(page.getByTestId('business'));
    await see.text(page.getByTestId('business'), '江阴项目');
  });

  it('every report from the 报表 menu: rows, the totals row, the tree filters, the export downloads', async () => {
    const page = admin.page;
    await page.locator('.app-header').getByRole('menuitem', { name: '报表' }).click();
    await until(async () => page.url().includes('/console/reports/work'), '报表 → 工作跟踪表');
    for (const kind of ['funding', 'distributions', 'tracking', 'partners', 'exits'] as const) {
      await openTab(page, REPORTS[kind].title);
      await see.visible(rows(page, kind));
      await see.visible(totals(page, kind));
      await see.text(report(page, kind), '江阴项目');
      await screenshot(page, `reports-${kind}-1280`);
    }
    // 员工合伙信息查询表 has the 协议状态 column
    await openTab(page, REPORTS.partners.title);
    await see.text(report(page, 'partners').locator('thead'), '协议状态');
    await see.text(rows(page, 'partners').first(), '未生成');
    // the funding figures as the API computes them from the ledger
    await openTab(page, '立项及缴款汇总表');
    const jiangyin = rows(page, 'funding').filter({ hasText: '江阴项目' });
    await see.text(jiangyin, '¥350,000.00');
    await see.text(jiangyin, '¥300,000.00');
    // the tree's pick filters: 昆明-城市之光 alone
    await page.locator('.app-sider').getByText('昆明-城市之光', { exact: true }).click();
    await see.count(rows(page, 'funding'), 1);
    await see.text(rows(page, 'funding'), '昆明-城市之光');
    await see.text(totals(page, 'funding'), '合计');
    await see.text(report(page, 'funding'), '共 1 条');
    await screenshot(page, 'reports-funding-filtered-1280');
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-export').click()]);
    expect(file.suggestedFilename()).toMatch(/^立项及缴款汇总表-\d{4}-\d{2}-\d{2}\.xlsx$/);
  });

  it('图表: collection per project and company, distributions per month, drawn once the chart code loads', async () => {
    const page = admin.page;
    // back to every project: pick the tree's root
    await page.locator('.app-sider [data-testid^="tree-org-"]').first().click();
    await openTab(page, '图表');
    await see.visible(page.getByTestId('chart-project').locator('canvas'));
    await see.visible(page.getByTestId('chart-company').locator('canvas'));
    await see.visible(page.getByTestId('chart-distributions').locator('canvas'));
    await screenshot(page, 'reports-charts-1280');
  });

  it('an accountant lands on 工作跟踪表 and sees only granted projects', async () => {
    const km = await openConsole(browser, t.base);
    await km.page.setViewportSize({ width: 1280, height: 900 });
    await loginThroughForm(km.page, 'kmkj');
    await until(async () => km.page.url().includes('/console/reports/work'), 'landing on 工作跟踪表');
    await openTab(km.page, '立项及缴款汇总表');
    await see.count(rows(km.page, 'funding'), 1);
    await see.text(rows(km.page, 'funding'), '昆明-城市之光');
    await screenshot(km.page, 'reports-funding-kmkj-1280');
    expect(km.errors).toEqual([]);
    expect(sc.K).toBeGreaterThan(0);
    await km.context.close();
  });
});
