/**
 * 辅助工具 in a real browser: the accountant (hhkj) sees the three exports, starts 事业合伙明细大表, watches the
 * progress bar reach 100 % and downloads the file, which holds the seeded ledger's figures. Screenshots:
 * test/artifacts/console/tools-*.png.
 */
import ExcelJS from 'exceljs';
import type { Browser } from 'playwright-core';
import { startWorkers, type RunningWorkers } from '../../server/jobs/worker';
import { seedDemo } from '../../server/seed/seed';
import { startTestApp, type TestApp } from '../support/app';
import {
  ensureConsoleBuilt,
  launchBrowser,
  loginThroughForm,
  openConsole,
  screenshot,
  see,
  toastShown,
  type ConsolePage,
} from '../support/browser';
import { seedStatementScenario } from '../support/statement-fixtures';
import { PLACEHOLDER_TEXT } from '../support/placeholders';

jest.setTimeout(180_000);

let t: TestApp;
let workers: RunningWorkers;
let browser: Browser;
let acct: ConsolePage;

beforeAll(async () => {
  await ensureConsoleBuilt();
  t = await startTestApp();
  await seedDemo(t.deps.db);
  await seedStatementScenario(t.deps.db);
  workers = await startWorkers(t.deps, t.deps.redisUrl);
  browser = await launchBrowser();
  acct = await openConsole(browser, t.base);
  await loginThroughForm(acct.page, 'hhkj');
  // accountants land on 工作跟踪表; 辅助工具 is under 后台管理
  await acct.page.getByTestId('report-work').waitFor();
  await acct.page.getByRole('menuitem', { name: '后台管理' }).click();
});
afterAll(async () => {
  await acct?.context.close();
  await browser?.close();
  await workers?.close();
  await t?.close();
});
afterEach(() => expect(acct.errors.splice(0)).toEqual([]));

describe('辅助工具', () => {
  it('shows the three exports with working buttons', async () => {
    const { page } = acct;
    await page.getByRole('tab', { name: '辅助工具', exact: true }).click();
    for (const title of ['事业合伙明细大表', '缴款信息', '所有项目盈利KPI指标'])
      await see.visible(page.locator('.ant-card-head-title').getByText(title, { exact: true }));
    await see.visible(page.getByText('还没有导出过文件'));
    expect(await page.locator('body').innerText()).not.toMatch(PLACEHOLDER_TEXT);
    await screenshot(page, 'tools-01-empty');
  });

  it('runs 事业合伙明细大表 with a progress bar and downloads the file', async () => {
    const { page } = acct;
    await page.getByTestId('export-PARTNER_HOLDINGS').click();
    await toastShown(page, /已开始生成「事业合伙明细大表」/);
    const row = page.locator('.ant-table-row').first();
    await see.visible(row.getByText('事业合伙明细大表'));
    await see.visible(row.getByText('已完成'));
    await see.visible(row.locator('.ant-progress-status-success'));
    await screenshot(page, 'tools-02-done');
    const [dl] = await Promise.all([
      page.waitForEvent('download'),
      row.getByRole('button', { name: /下载 事业合伙明细大表-\d{8}\.xlsx/ }).click(),
    ]);
    const path = await dl.path();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path!);
    const ws = wb.worksheets[0]!;
    expect(ws.name).toBe('事业合伙明细大表');
    const names = [] as string[];
    ws.eachRow((r, i) => void (i > 1 && names.push(String(r.getCell(4).value))));
    expect(names).toContain('史伟');
  });
});
