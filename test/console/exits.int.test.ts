/**
 * 流程 / 退出流程 in a real browser (Debian chromium via playwright-core) against the real app, PostgreSQL, Redis, the
 * notification workers and the DingTalk emulator.
 *
 * Set up through the ledger's write service (as rounds and 缴款确认 write it): 王磊 (u1003) holds ¥100,000 at 城市公司
 * and ¥50,000 at 置业集团, 史伟 (u1001) ¥60,000 at 城市公司, all paid. 王磊 is marked 离职 (as contact sync does), which
 * gives the city accountant (hhkj) a 待办. hhkj opens the 待办's link: the 退出流程 tab with the 测算 form filled in
 * (partner, 离职, the leave date), 测算 shows every part per holding; the business admin (hhadmin) switches 离职 to
 * "净资产孰低" for the project in 退出设置, so 发起 is refused (测算后数据已变化); hhkj 修改 with the NAV and a
 * reason, 发起, the flow is agreed in the emulator, 查看BPM shows the form, 登记打款; 累计投资 shows 退 and the
 * platform's holding. Screenshots: test/artifacts/console/exits-*.png (1440 and 1280 wide).
 */
import type { Browser, Page } from 'playwright-core';
import { startWorkers, type RunningWorkers } from '../../server/jobs/worker';
import { seedDemo } from '../../server/seed/seed';
import { systemActor } from '../../server/lib/audit';
import { appendCapitalEntries } from '../../server/modules/capital/append-capital-entries';
import { markLeft } from '../../server/modules/contacts/mark-user-left';
import { dec } from '../../shared/money';
import { startTestApp, testDeps, type TestApp } from '../support/app';
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
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import { eventually } from '../support/eventually';
import { CoInvestmentFixtures } from '../support/miniapp-fixtures';

jest.setTimeout(180_000);

let t: TestApp;
let emu: TestEmulator;
let workers: RunningWorkers;
let browser: Browser;
let fx: CoInvestmentFixtures;
let acct: ConsolePage;
let admin: ConsolePage;
let pid = 0;
let projectName = '';
let leaver = 0;

const entry = (
  key: string,
  e: {
    level: 'CITY' | 'GROUP';
    userId: number | null;
    kind: 'COMMITMENT' | 'PAYMENT';
    c: string;
    p: string;
    on: string;
  },
) => ({
  level: e.level,
  holder: e.userId === null ? ('PLATFORM' as const) : ('PARTNER' as const),
  userId: e.userId,
  kind: e.kind,
  committedDelta: dec(e.c),
  paidDelta: dec(e.p),
  interestDelta: dec(0),
  reversalOfId: null,
  valueDate: e.on,
  idempotencyKey: `console-exit:${pid}:${key}`,
});

beforeAll(async () => {
  await ensureConsoleBuilt();
  emu = await startTestEmulator();
  t = await startTestApp({ deps: testDeps({ ...emu.env, NOTIFY_RELAY_INTERVAL_MS: '100' }) });
  await emu.configure({ callbackUrl: `${t.base}/api/dingtalk/callback` });
  await seedDemo(t.deps.db);
  workers = await startWorkers(t.deps, t.deps.redisUrl);
  browser = await launchBrowser();
  fx = await new CoInvestmentFixtures(t, emu).init();

  pid = await fx.project('浏览器退出', { confirmPeak: false });
  projectName = (await t.deps.db.project.findUniqueOrThrow({ where: { id: pid } })).name;
  leaver = fx.userId('u1003');
  const shi = fx.userId('u1001');
  // 城市公司 cap ¥200,000, 置业集团 cap ¥300,000
  await t.deps.db.$transaction((tx) =>
    appendCapitalEntries(tx, {
      projectId: pid,
      actor: systemActor('测试'),
      reason: '立项与缴款',
      entries: [
        entry('c1', { level: 'CITY', userId: leaver, kind: 'COMMITMENT', c: '100000', p: '0', on: '2026-07-01' }),
        entry('c2', { level: 'CITY', userId: shi, kind: 'COMMITMENT', c: '60000', p: '0', on: '2026-07-01' }),
        entry('c3', { level: 'CITY', userId: null, kind: 'COMMITMENT', c: '40000', p: '0', on: '2026-07-01' }),
        entry('g1', { level: 'GROUP', userId: leaver, kind: 'COMMITMENT', c: '50000', p: '0', on: '2026-07-01' }),
        entry('g2', { level: 'GROUP', userId: null, kind: 'COMMITMENT', c: '250000', p: '0', on: '2026-07-01' }),
        entry('p1', { level: 'CITY', userId: leaver, kind: 'PAYMENT', c: '0', p: '100000', on: '2026-07-10' }),
        entry('p2', { level: 'CITY', userId: shi, kind: 'PAYMENT', c: '0', p: '60000', on: '2026-07-10' }),
        entry('p3', { level: 'GROUP', userId: leaver, kind: 'PAYMENT', c: '0', p: '50000', on: '2026-07-10' }),
      ],
    }),
  );
  // 离职 (as contact sync or DingTalk's user_leave_org marks it): the accountant's 待办
  expect(await markLeft(t.deps, leaver)).toBe(true);

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
    .screenshot({ path: 'test/artifacts/console/_last-exits-acct.png', fullPage: true })
    .catch(() => undefined);
  await admin?.page
    .screenshot({ path: 'test/artifacts/console/_last-exits-admin.png', fullPage: true })
    .catch(() => undefined);
  expect([...acct.errors.splice(0), ...admin.errors.splice(0)]).toEqual([]);
});

const area = (page: Page) => page.getByTestId('business');
const bizTab = (page: Page, name: string) => area(page).getByRole('tab', { name, exact: true });
const modal = (page: Page, title: string) => page.locator('.ant-modal').filter({ hasText: title });
const exitRow = (page: Page, name: string) =>
  page.getByTestId('exit-table').locator('tr.ant-table-row', { hasText: name });
const shots = async (page: Page, name: string) => {
  await screenshot(page, `${name}-1440`);
  await page.setViewportSize({ width: 1280, height: 900 });
  await screenshot(page, `${name}-1280`);
  await page.setViewportSize({ width: 1440, height: 900 });
};
const closeDrawer = async (page: Page) => {
  await page.locator('.ant-drawer-close').first().click();
  await see.hidden(page.locator('.ant-drawer-content'));
};

it('the 离职 待办 opens 退出流程 with the partner, 离职 and the leave date; 测算 shows every part per holding', async () => {
  const todo = await eventually(async () => {
    const row = await t.deps.db.notification.findFirstOrThrow({
      where: { kind: 'exit_todo', userId: { not: null }, dedupeKey: { startsWith: `exit-todo:${pid}:${leaver}:` } },
    });
    return row;
  });
  const link = new URL((todo.payload as { todo: { detailUrl: { pcUrl: string } } }).todo.detailUrl.pcUrl);
  expect(link.pathname).toBe('/console/business/exits');
  const { page } = acct;
  await loginThroughForm(page, 'hhkj');
  await page.goto(`${link.pathname}${link.search}`);
  await see.text(page.getByTestId('business-project'), projectName);
  await see.visible(bizTab(page, '退出流程'));
  const dialog = modal(page, '退投测算');
  await see.text(dialog, '王磊（离）');
  await see.text(dialog, '计价规则：');
  await see.visible(dialog.getByLabel('城市公司 已分配利润'));
  await dialog.getByLabel('城市公司 已分配利润').fill('5000');
  await shots(page, 'exits-01-calc-form');
  await dialog.getByRole('button', { name: /测\s*算/ }).click();
  await toastShown(page, '王磊 的退投测算已完成：退出价款合计 ¥145,000.00');
  const detail = page.getByTestId('exit-detail');
  await see.text(detail.getByTestId('exit-total'), '¥145,000.00');
  await see.text(detail.getByTestId('exit-holding-CITY'), '实缴本金');
  await see.text(detail.getByTestId('exit-holding-CITY'), '-¥5,000.00');
  await see.text(detail.getByTestId('exit-holding-CITY'), '¥95,000.00');
  await see.text(detail.getByTestId('exit-holding-GROUP'), '¥50,000.00');
  await see.text(detail, '离');
  await shots(page, 'exits-02-calc-detail');
  await closeDrawer(page);
  await see.text(exitRow(page, '王磊'), '已测算');
  await see.text(exitRow(page, '王磊'), '离');
});

it('the business admin changes the project’s 离职 rule in 退出设置; 发起 then refuses the old 测算', async () => {
  const { page } = admin;
  await loginThroughForm(page, 'hhadmin');
  await page.getByRole('menuitem', { name: '业务' }).click();
  await area(page).waitFor();
  await page.getByTestId(`tree-project-${pid}`).click();
  await see.text(page.getByTestId('business-project'), projectName);
  await bizTab(page, '退出流程').click();
  await see.text(exitRow(page, '王磊'), '已测算');
  await page.getByRole('button', { name: /退出设置/ }).click();
  const settings = page.getByTestId('exit-settings');
  await see.text(settings.getByTestId('exit-settings-table'), '离职');
  await settings.getByRole('switch', { name: '净资产孰低 离职' }).click();
  await page.getByTestId('exit-settings-save').click();
  await toastShown(page, '本项目退出设置已保存');
  await see.text(settings.getByTestId('exit-settings-table').locator('tr', { hasText: '离职' }), '净资产');
  // the project keeps only what differs from the group's default; the other types follow the group
  await see.text(settings.getByTestId('exit-settings-table').locator('tr', { hasText: '离职' }), '本项目设置');
  await see.text(settings.getByTestId('exit-settings-table').locator('tr', { hasText: '退休' }), '沿用集团默认');
  const stored = await t.deps.db.exitSetting.findUniqueOrThrow({ where: { scope: `PROJECT:${pid}` } });
  expect((stored.settings as { types: { code: string }[] }).types.map((x) => x.code)).toEqual(['RESIGNATION']);
  await shots(page, 'exits-03-settings');
  await closeDrawer(page);

  const acctPage = acct.page;
  await acctPage.getByRole('button', { name: '发起 王磊' }).click();
  await modal(acctPage, '发起【离职退休流程】').getByRole('button', { name: '确认发起' }).click();
  await toastShown(acctPage, '测算后数据已变化（资金台账或退出规则），请重新测算');
  await see.text(exitRow(acctPage, '王磊'), '已测算');
});

it('修改 with the NAV and a reason, 发起, agreed in DingTalk: 已完成, 退, 查看BPM shows the form', async () => {
  const { page } = acct;
  await page.getByRole('button', { name: '修改测算 王磊' }).click();
  const dialog = modal(page, '修改测算 · 王磊');
  await dialog.getByLabel('城市公司 净资产').fill('90000');
  await dialog.getByLabel('置业集团 净资产').fill('60000');
  await dialog.getByRole('button', { name: '重新测算' }).click();
  await see.visible(dialog.getByText('请填写修改原因'));
  await dialog.getByLabel('修改原因').fill('项目规则改为净资产孰低');
  await dialog.getByRole('button', { name: '重新测算' }).click();
  // 城市公司 min(95,000, 90,000) = 90,000; 置业集团 min(50,000, 60,000) = 50,000
  await toastShown(page, '王磊 的退投测算已修改：退出价款合计 ¥140,000.00');
  await see.text(page.getByTestId('exit-detail'), '项目规则改为净资产孰低');
  await closeDrawer(page);

  await page.getByRole('button', { name: '发起 王磊' }).click();
  await modal(page, '发起【离职退休流程】').getByRole('button', { name: '确认发起' }).click();
  await toastShown(page, '王磊 的离职退休流程已发起，等待钉钉审批');
  await see.text(exitRow(page, '王磊'), '审批中');
  const exit = await t.deps.db.partnerExit.findUniqueOrThrow({
    where: { projectId_userId: { projectId: pid, userId: leaver } },
  });
  const flow = await t.deps.db.projectFlow.findUniqueOrThrow({ where: { id: exit.flowId! } });
  await emu.completeApproval(flow.instanceId!, 'agree');
  await until(async () => (await exitRow(page, '王磊').innerText()).includes('已完成'), '王磊 to show 已完成', 20_000);
  await see.text(exitRow(page, '王磊'), '退');
  // the 待办 closed when the flow started
  await eventually(async () =>
    expect(
      (await emu.todos({ userid: 'hhkj001' })).filter((x) => x.subject.includes('合伙人已离职')).map((x) => x.done),
    ).toEqual([true]),
  );

  await page.getByRole('button', { name: '查看BPM 王磊' }).click();
  const bpm = page.getByTestId('exit-bpm');
  await see.text(bpm, '完成');
  await see.text(bpm, '同意');
  await see.text(bpm.getByTestId('flow-form'), '¥140,000.00');
  await see.text(bpm.getByTestId('flow-form'), '离职');
  await shots(page, 'exits-04-bpm');
  await modal(page, '离职退休流程').locator('.ant-modal-footer button').click();
  await see.hidden(page.getByTestId('exit-bpm'));
});

it('登记打款: a different amount needs a note; the partner is sent their statement', async () => {
  const { page } = acct;
  await page.getByRole('button', { name: '登记打款 王磊' }).click();
  const dialog = modal(page, '登记退出打款 · 王磊');
  await dialog.getByLabel('打款金额').fill('139000');
  await dialog.getByLabel('收款账户').fill('中国银行 6217 0000 9999 0003');
  await dialog.getByRole('button', { name: '登记打款' }).click();
  await see.visible(dialog.getByText('请填写说明'));
  await dialog.getByLabel('说明').fill('代扣个税 1,000 元');
  await shots(page, 'exits-05-payout');
  await dialog.getByRole('button', { name: '登记打款' }).click();
  await toastShown(page, '王磊 的退出打款 ¥139,000.00 已登记，已通知合伙人');
  await see.text(exitRow(page, '王磊'), '已打款');
  await see.text(exitRow(page, '王磊'), '¥139,000.00');
  await shots(page, 'exits-06-list');
  const notice = await t.deps.db.notification.findFirstOrThrow({ where: { kind: 'exit_statement', userId: leaver } });
  expect(JSON.stringify(notice.payload)).toContain('eapp://pages/exit/index?exitId=');
});

it('累计投资 shows 王磊 with 退 and the 平台公司 holding his stake', async () => {
  const { page } = acct;
  await bizTab(page, '累计投资').click();
  const holders = page.getByTestId('capital-view');
  await see.text(holders.locator('tr', { hasText: '王磊' }).first(), '退');
  await see.text(holders.locator('tr', { hasText: '史伟' }).first(), '¥60,000.00');
  // the platform holds what 王磊 had paid in: ¥50,000 at 置业集团, ¥100,000 at 城市公司
  const platform = holders.locator('tr', { hasText: '承接未认购额度及退出份额' });
  await see.count(platform, 2);
  await see.text(platform.filter({ hasText: '置业集团' }), '¥50,000.00');
  await see.text(platform.filter({ hasText: '城市公司' }), '¥100,000.00');
  await shots(page, 'exits-07-capital');
});
