/**
 * 合伙名单's 协议状态 and 生成协议 in a real browser (Debian chromium via playwright-core) against the real app: a round
 * confirmed through the product (史伟 u1001 and 金涛 u1002), the city accountant (hhkj) sees 未生成 for both, 生成协议
 * (progress, then 待签署), 史伟 signs through the API the mini-program uses, the column shows 已签署 after a reload of the
 * tab; 查看 lists the document with its number; 发送签署提醒 reaches the one who has not signed; 累计投资 shows the same
 * 协议状态.
 * Screenshots: test/artifacts/console/agreements-*.png.
 */
import type { Browser, Page } from 'playwright-core';
import { startWorkers, type RunningWorkers } from '../../server/jobs/worker';
import { seedDemo } from '../../server/seed/seed';
import { startTestApp, testDeps, type TestApp } from '../support/app';
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
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import { CoInvestmentFixtures } from '../support/miniapp-fixtures';

jest.setTimeout(180_000);

let t: TestApp;
let emu: TestEmulator;
let workers: RunningWorkers;
let browser: Browser;
let fx: CoInvestmentFixtures;
let acct: ConsolePage;
let pid = 0;
let projectName = '';

beforeAll(async () => {
  await ensureConsoleBuilt();
  emu = await startTestEmulator();
  t = await startTestApp({ deps: testDeps({ ...emu.env, NOTIFY_RELAY_INTERVAL_MS: '100' }) });
  await emu.configure({ callbackUrl: `${t.base}/api/dingtalk/callback` });
  await seedDemo(t.deps.db);
  workers = await startWorkers(t.deps, t.deps.redisUrl);
  browser = await launchBrowser();
  fx = await new CoInvestmentFixtures(t, emu).init();

  pid = await fx.project('浏览器协议');
  projectName = (await t.deps.db.project.findUniqueOrThrow({ where: { id: pid } })).name;
  const round = await fx.openRound(
    pid,
    [
      { userid: 'u1001', level: 'CITY', category: 'VOLUNTARY', min: '10000', max: '100000' },
      { userid: 'u1002', level: 'GROUP', category: 'VOLUNTARY', min: '10000', max: '100000' },
    ],
    12_000,
  );
  await fx.subscribe('u1001', pid, '80000');
  await fx.subscribe('u1002', pid, '50000');
  await fx.pastDeadlines([round]);
  await fx.approveAndConfirm(round, await fx.calculateAndSubmit(round));
  acct = await openConsole(browser, t.base);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await workers?.close();
  await t?.close();
  await emu?.close();
});

afterEach(async () => {
  await acct?.page
    .screenshot({ path: 'test/artifacts/console/_last-agreements.png', fullPage: true })
    .catch(() => undefined);
  expect(acct.errors.splice(0)).toEqual([]);
});

const area = (page: Page) => page.getByTestId('business');
const bizTab = (page: Page, name: string) => area(page).getByRole('tab', { name, exact: true });
const row = (page: Page, name: string) =>
  page.getByTestId('partner-table').locator('tr.ant-table-row', { hasText: name });

it('协议状态 is 未生成, 生成协议 shows its progress and turns both to 待签署', async () => {
  const { page } = acct;
  await loginThroughForm(page, 'hhkj');
  await page.getByRole('menuitem', { name: '业务' }).click();
  await area(page).waitFor();
  await page.getByTestId(`tree-project-${pid}`).click();
  await see.text(page.getByTestId('business-project'), projectName);
  await bizTab(page, '合伙名单').click();
  await see.visible(page.getByTestId('partner-table').getByRole('columnheader', { name: '协议状态' }));
  await see.text(row(page, '史伟').getByTestId('agreement-state'), '未生成');
  await see.text(row(page, '金涛').getByTestId('agreement-state'), '未生成');
  await see.text(page.getByTestId('agreement-counts'), '未生成 2');
  await screenshot(page, 'agreements-01-none');

  await page.getByTestId('generate-agreements').click();
  // the progress dialog stays while the chunks are generated (PDFs take a while on a loaded machine)
  await page.getByTestId('agreement-progress').waitFor({ state: 'visible' });
  await page.getByTestId('agreement-progress').waitFor({ state: 'hidden', timeout: 120_000 });
  await toastShown(page, '已生成 2 份协议');
  await see.text(row(page, '史伟').getByTestId('agreement-state'), '待签署');
  await see.text(row(page, '金涛').getByTestId('agreement-state'), '待签署');
  expect(await t.deps.db.agreement.count({ where: { projectId: pid } })).toBe(2);
  await screenshot(page, 'agreements-02-pending');
});

it('after 史伟 signs, 已签署 in the column; 查看 lists the document; 发送签署提醒 goes to the one who has not', async () => {
  const { page } = acct;
  const doc = await t.deps.db.agreement.findFirstOrThrow({ where: { projectId: pid, userId: fx.userId('u1001') } });
  const me = await fx.partner('u1001');
  expect((await me.post(`/api/me/agreements/${doc.id}/signature`, { sha256: doc.sha256 })).status).toBe(200);

  // a change made elsewhere (the partner in DingTalk): the accountant reloads the page
  await page.reload();
  await area(page).waitFor();
  await page.getByTestId(`tree-project-${pid}`).click();
  await bizTab(page, '合伙名单').click();
  await see.text(row(page, '史伟').getByTestId('agreement-state'), '已签署');
  await see.text(page.getByTestId('agreement-counts'), '已签署 1');

  await row(page, '史伟').getByRole('button', { name: '查看协议 史伟' }).click();
  const docs = page.getByTestId('agreement-documents');
  await see.text(docs, doc.number);
  await see.text(docs, '已签署');
  await see.text(docs, '¥80,000.00');
  await screenshot(page, 'agreements-03-documents');
  await page.locator('.ant-modal-close').first().click();

  await page.getByTestId('agreement-reminders').click();
  await page.locator('.ant-modal-confirm').getByRole('button', { name: '确认发送' }).click();
  await toastShown(page, '签署提醒已发送给 1 人');
  const notices = await t.deps.db.notification.findMany({ where: { kind: 'agreement_reminder' } });
  expect(notices.map((n) => n.userId)).toEqual([fx.userId('u1002')]);

  // 累计投资 shows the same 协议状态 per holder
  await bizTab(page, '累计投资').click();
  const holders = page.getByTestId('capital-holders');
  await see.text(holders.locator('tr.ant-table-row', { hasText: '史伟' }).getByTestId('agreement-state'), '已签署');
  await see.text(holders.locator('tr.ant-table-row', { hasText: '金涛' }).getByTestId('agreement-state'), '待签署');
  await screenshot(page, 'agreements-04-capital');
});
