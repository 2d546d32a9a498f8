/**
 * 项目开通 → 缴款 by someone who knows only the demo accounts: each step is taken from what the product offers — the
 * system admin's next step after 新建项目, 工作跟踪表's 办理, the project's next-step banner (its button opens the page),
 * and the DingTalk notices' links (read from the emulator, opened in the browser; the partners' cards opened in the
 * mini-program harness). The test clicks only those, plus the form or the one action of the page they open.
 * Real app, PostgreSQL, Redis, workers and the DingTalk emulator (approvals agreed there). Screenshots:
 * test/artifacts/console/walk-NN-*.png.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { startWorkers, type RunningWorkers } from '../../server/jobs/worker';
import { seedDemo } from '../../server/seed/seed';
import { runDailyPaymentDuties } from '../../server/modules/payments/run-daily-payment-duties';
import { startTestApp, testDeps, type TestApp } from '../support/app';
import {
  ensureConsoleBuilt,
  launchBrowser,
  loginThroughForm,
  openConsole,
  screenshot,
  see,
  spaced,
  toastShown,
  until,
  type ConsolePage,
} from '../support/browser';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import { buildForTests, MiniappHarness } from '../support/miniapp-harness';

jest.setTimeout(180_000);

let t: TestApp;
let emu: TestEmulator;
let workers: RunningWorkers;
let browser: Browser;
let sys: ConsolePage;
let acct: ConsolePage;
let reviewer: ConsolePage;
let distDir: string;
let pid = 0;
const stamp = Date.now().toString(36).slice(-5);
const projectName = `跟着提示走-${stamp}`;
const PARTNERS = { 史伟: 'u1001', 金涛: 'u1002', 王磊: 'u1003' } as const;
const harnesses: MiniappHarness[] = [];

beforeAll(async () => {
  await ensureConsoleBuilt();
  emu = await startTestEmulator();
  t = await startTestApp({ deps: testDeps({ ...emu.env, NOTIFY_RELAY_INTERVAL_MS: '100' }) });
  await emu.configure({ callbackUrl: `${t.base}/api/dingtalk/callback` });
  await seedDemo(t.deps.db);
  workers = await startWorkers(t.deps, t.deps.redisUrl);
  distDir = (await buildForTests('test')).outDir;
  browser = await launchBrowser();
  sys = await openConsole(browser, t.base);
  acct = await openConsole(browser, t.base);
  reviewer = await openConsole(browser, t.base);
});

afterAll(async () => {
  harnesses.forEach((h) => h.dispose());
  await browser?.close();
  await workers?.close();
  await t?.close();
  await emu?.close();
});

afterEach(async () => {
  for (const [who, c] of [
    ['sys', sys],
    ['acct', acct],
    ['reviewer', reviewer],
  ] as const)
    await c?.page.screenshot({ path: `test/artifacts/console/_last-walk-${who}.png`, fullPage: true }).catch(() => 0);
  expect([...sys.errors.splice(0), ...acct.errors.splice(0), ...reviewer.errors.splice(0)]).toEqual([]);
});

const area = (page: Page) => page.getByTestId('business');
const banner = (page: Page) => page.getByTestId('next-steps');
const modal = (page: Page, title: string) => page.locator('.ant-modal').filter({ hasText: title });
const selectedTab = (page: Page, name: string) =>
  until(
    async () => (await area(page).getByRole('tab', { name, exact: true }).getAttribute('aria-selected')) === 'true',
    `the ${name} tab to be open`,
  );

/** The banner's line saying `text`, then its button (去【…】): the only way the walk moves between tabs. */
async function followBanner(page: Page, text: string | RegExp, tab: string, button = tab): Promise<void> {
  const line = banner(page).getByTestId('next-step').filter({ hasText: text });
  await see.visible(line);
  await line.getByRole('button', { name: `去【${button}】` }).click();
  await selectedTab(page, tab);
}

/** The work notices a staff member received whose card says `text`: the newest one's action card. */
async function cardFor(username: string, text: string): Promise<{ url: string; title: string; markdown: string }> {
  const user = await t.deps.db.user.findUniqueOrThrow({ where: { username } });
  type Card = {
    action_card?: {
      title: string;
      markdown: string;
      single_url?: string;
      btn_json_list?: { title: string; action_url: string }[];
    };
  };
  let found: Card['action_card'] | undefined;
  await until(
    async () => {
      const got = await emu.workNotifications(user.dingUserId!);
      found = got
        .map((n) => (n.msg as Card).action_card)
        .filter((c): c is NonNullable<Card['action_card']> => !!c && JSON.stringify(c).includes(text))
        .at(-1);
      return !!found;
    },
    `a DingTalk card to ${username} saying ${text}`,
    30_000,
  );
  // the PC link: the whole-card link, or the button that opens the console
  const url = found!.single_url ?? found!.btn_json_list!.find((b) => b.action_url.startsWith('http'))!.action_url ?? '';
  return { url, title: found!.title, markdown: found!.markdown };
}

/** Opens a notice's PC link as DingTalk PC would: a fresh load of the address. */
async function openLink(page: Page, url: string): Promise<void> {
  const u = new URL(url);
  expect(u.pathname.startsWith('/console/')).toBe(true);
  await page.goto(`${u.pathname}${u.search}`);
  await see.text(page.getByTestId('business-project'), projectName);
}

/** 工作跟踪表 (where staff land): the row of this project saying `what`, then its 办理. */
async function followWorkRow(page: Page, what: string): Promise<void> {
  const row = page.getByTestId('report-work').locator('tr.ant-table-row', { hasText: projectName }).filter({
    hasText: what,
  });
  await see.visible(row);
  await row.getByTestId('work-open').click();
  await see.text(page.getByTestId('business-project'), projectName);
}

const partner = (userid: string) => {
  const h = new MiniappHarness({ distDir, apiBase: t.base, authCode: () => emu.authCode(userid) });
  harnesses.push(h);
  h.loadApp();
  return h;
};

/** The newest work notice a partner received whose link opens `page` (eapp://pages/<page>/index?…). */
async function partnerCard(userid: string, page: string): Promise<string> {
  let url = '';
  await until(
    async () => {
      const got = await emu.workNotifications(userid);
      const urls = got
        .map((n) => (n.msg as { action_card?: { single_url?: string } }).action_card?.single_url ?? '')
        .filter((u) => u.startsWith(`eapp://pages/${page}/index`));
      url = urls.at(-1) ?? '';
      return !!url;
    },
    `a card to ${userid} opening ${page}`,
    30_000,
  );
  return url;
}

it('01 系统管理员 新建项目; the page offers 授权 next, which opens 账号及角色 on that project', async () => {
  const { page } = sys;
  await loginThroughForm(page, 'admin');
  await page.getByRole('button', { name: '新建项目' }).click();
  const dialog = modal(page, '新建项目');
  await dialog.getByLabel('项目名称').fill(projectName);
  await dialog.getByLabel('城市公司').click();
  await page.locator('.ant-select-tree-title', { hasText: '澄靖直属项目公司' }).click();
  await dialog.getByLabel('开放').click();
  await dialog.getByRole('button', { name: spaced('保存') }).click();
  await toastShown(page, `项目「${projectName}」已创建`);
  pid = (await t.deps.db.project.findUniqueOrThrow({ where: { name: projectName } })).id;
  const next = page.getByTestId('project-next-step');
  await see.text(next, '下一步：在【账号及角色】为它授权经营会计');
  await screenshot(page, 'walk-01-project-created');
  await next.getByRole('button', { name: '去【账号及角色】授权' }).click();
  await page.getByTestId('grants').waitFor();
  const role = await t.deps.db.role.findUniqueOrThrow({ where: { code: 'CITY_ACCOUNTANT_HUANHU' } });
  const section = page.getByTestId(`grant-role-${role.id}`);
  await section.getByRole('checkbox', { name: '环沪会计-陈洁' }).check();
  await section.getByRole('button', { name: spaced('保存') }).click();
  await toastShown(page, `「${role.name}」授权已保存`);
  await screenshot(page, 'walk-02-granted');
});

it('01b 业务管理员 follows the 待批准授权 notice and approves the grant (four eyes: a money right waits for them)', async () => {
  const card = await cardFor('hhadmin', '环沪会计-陈洁');
  expect(new URL(card.url).pathname + new URL(card.url).search).toBe('/console/admin/accounts?tab=grant-requests');
  const biz = await openConsole(browser, t.base);
  try {
    await loginThroughForm(biz.page, 'hhadmin');
    await see.visible(biz.page.getByTestId('report-work'));
    await biz.page.goto(`${new URL(card.url).pathname}${new URL(card.url).search}`);
    const row = biz.page.getByTestId('grant-requests').locator('tr.ant-table-row').filter({ hasText: projectName });
    await see.visible(row);
    await screenshot(biz.page, 'walk-02b-grant-request');
    await row.getByRole('button', { name: /批\s*准/ }).click();
    await toastShown(biz.page, '已批准');
    expect(biz.errors).toEqual([]);
  } finally {
    await biz.context.close();
  }
});

it('02 经营会计 lands on 工作跟踪表: 待填写立项 opens 立项信息; saved, the banner asks for 股权合作 and opens it', async () => {
  const { page } = acct;
  await loginThroughForm(page, 'hhkj');
  await see.visible(page.getByTestId('report-work'));
  await screenshot(page, 'walk-03-work-landing');
  await followWorkRow(page, '待填写立项');
  await selectedTab(page, '立项');
  await see.text(banner(page), '请填写并保存【立项】资料');
  const form = area(page);
  await form.getByLabel('资金峰值（元）').fill('100000000');
  await form.getByLabel('置业集团占比', { exact: true }).fill('0.3');
  await form.getByLabel('城市公司占比', { exact: true }).fill('0.2');
  await form.getByLabel('合伙投资占比', { exact: true }).fill('0.5');
  await form.getByLabel('单人上限占比', { exact: true }).fill('0.1');
  await form.getByLabel('收款户名').fill('靖江锦艺置业有限公司');
  await form.getByLabel('开户行').fill('中国银行靖江支行');
  await form.getByLabel('收款账号').fill('6217 0000 1234 5678');
  await screenshot(page, 'walk-04-scheme-form');
  await page.getByTestId('save-scheme').click();
  await toastShown(page, '立项信息已保存');

  await followBanner(page, '股权合作', '立项', '立项 · 股权合作');
  await see.visible(area(page).getByLabel('股东名称 1'));
  await area(page).getByLabel('股东名称 1').fill('锦艺置业');
  await area(page).getByRole('button', { name: '添加股东' }).click();
  await area(page).getByLabel('股东名称 2').fill('合作方');
  const pct = area(page).locator('.ant-table-tbody tr.ant-table-row').locator('input.ant-input-number-input');
  await pct.nth(0).fill('51');
  await pct.nth(2).fill('49');
  await area(page).getByLabel('我方 1').check();
  await screenshot(page, 'walk-05-shareholders');
  await page.getByTestId('save-shareholders').click();
  await toastShown(page, '股东信息已保存');
});

it('03 the banner opens 项目流程 for 项目资金峰值; agreed in DingTalk, it moves on to 合伙名单', async () => {
  const { page } = acct;
  await followBanner(page, '【项目资金峰值】', '项目流程');
  await screenshot(page, 'walk-06-peak-flow');
  await page.getByRole('button', { name: '发起 项目资金峰值' }).click();
  await modal(page, '发起【项目资金峰值】审批').getByRole('button', { name: '确认发起' }).click();
  await toastShown(page, '【项目资金峰值】已发起，等待钉钉审批');
  await see.text(banner(page), '【项目资金峰值】流程审批中');
  const flow = await t.deps.db.projectFlow.findFirstOrThrow({ where: { projectId: pid, type: 'PEAK_CAPITAL' } });
  await emu.completeApproval(flow.instanceId!, 'agree');
  await see.text(banner(page), '请在【合伙名单】新建认购轮次');
  await screenshot(page, 'walk-07-peak-done');
});

it('04 合伙名单: 新建轮次, Excel 导入, 发送认购通知 — the banner leads to each', async () => {
  const { page } = acct;
  await followBanner(page, '新建认购轮次', '合伙名单');
  await area(page).getByRole('button', { name: '新建轮次' }).first().click();
  const dialog = modal(page, '新建认购轮次');
  // long enough for the steps up to the subscriptions on a busy machine; the test waits out the rest
  const deadline = new Date(Date.now() + 75_000);
  const local = new Date(deadline.getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
  const input = dialog.getByLabel('认购截止时间');
  await input.click();
  await input.fill(local);
  await input.press('Enter');
  await dialog.getByRole('button', { name: spaced('创建') }).click();
  await toastShown(page, '已新建「立项认购」');

  await followBanner(page, '发送认购通知', '合伙名单');
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('合伙名单');
  ws.addRow(['姓名', '手机号', '工号', '层级', '类别', '认购下限', '认购上限', '钉钉ID']);
  // 强投: a due left unpaid stays owed (a 自愿 one past its date is deemed given up), which step 10 relies on
  for (const name of Object.keys(PARTNERS)) ws.addRow([name, '', '', '城市公司', '强投', '10000', '100000']);
  const file = path.join(os.tmpdir(), `walk-partners-${stamp}.xlsx`);
  fs.writeFileSync(file, Buffer.from(await wb.xlsx.writeBuffer()));
  await area(page).getByRole('button', { name: 'Excel 导入' }).click();
  const imp = modal(page, '从 Excel 导入合伙名单');
  await imp.locator('input[type=file]').setInputFiles(file);
  await see.text(page.getByTestId('partner-import-result'), '成功导入 3 位合伙人');
  await imp
    .locator('.ant-modal-footer')
    .getByRole('button', { name: spaced('关闭') })
    .click();
  await screenshot(page, 'walk-08-partners');
  await page.getByTestId('send-subscription-notices').click();
  await modal(page, '发送认购通知').getByRole('button', { name: '确认发送' }).click();
  await toastShown(page, '认购通知已发送给 3 人');
  await see.text(banner(page), '认购中');
  await screenshot(page, 'walk-09-subscribing');
});

it('05 partners open their 认购通知 in the mini-program and subscribe; after the deadline the banner asks for 测算', async () => {
  const amounts: Record<string, string> = { u1001: '100000', u1002: '60000', u1003: '40000' };
  for (const userid of Object.values(PARTNERS)) {
    const h = partner(userid);
    const p = await h.openUrl(await partnerCard(userid, 'subscribe'));
    expect(p.data).toMatchObject({ status: 'ready', open: true });
    await p.input('onAmountInput', amounts[userid]!);
    await p.tap('submit');
    expect(h.toasts.at(-1)).toEqual({ type: 'success', content: '认购已提交' });
  }
  const { page } = acct;
  const round = await t.deps.db.subscriptionRound.findFirstOrThrow({ where: { projectId: pid } });
  await new Promise((r) => setTimeout(r, Math.max(0, round.deadline.getTime() - Date.now() + 500)));
  await followBanner(page, '认购中', '认购明细 / 测算');
  await area(page).getByRole('button', { name: '刷新' }).click();
  await followBanner(page, '认购已截止', '认购明细 / 测算');
  await until(async () => !(await page.getByTestId('calculate').isDisabled()), '测算 to unlock', 10_000);
  await page.getByTestId('calculate').click();
  await toastShown(page, '测算完成，已生成投资明细');
  await screenshot(page, 'walk-10-calculated');
  await followBanner(page, '请送【方案审核】', '认购明细 / 测算');
  await page.getByTestId('submit-review').click();
  await modal(page, '送审方案').getByRole('button', { name: '确认送审' }).click();
  await toastShown(page, '已送审，等待业务管理员审核');
  await see.text(banner(page), '待 业务管理员 审核');
  await see.count(banner(page).getByRole('button'), 0);
  await screenshot(page, 'walk-11-submitted');
});

it('06 业务管理员 lands on 工作跟踪表: 待审核 opens that review in 方案审核; approved', async () => {
  const { page } = reviewer;
  await loginThroughForm(page, 'hhadmin');
  await see.visible(page.getByTestId('report-work'));
  await followWorkRow(page, '待审核');
  await selectedTab(page, '方案审核');
  const review = await t.deps.db.review.findFirstOrThrow({ where: { projectId: pid, status: 'PENDING' } });
  await see.visible(page.locator(`tr.review-focus[data-row-key="${review.id}"]`));
  await see.visible(banner(page).getByRole('button', { name: '去【方案审核】' }));
  await screenshot(page, 'walk-12-review');
  await page.getByRole('button', { name: `通过 #${review.id}` }).click();
  await modal(page, '审核通过').getByRole('button', { name: '审核通过' }).click();
  await toastShown(page, `审核单 #${review.id} 已审核通过`);
});

it('07 the accountant follows the DingTalk notice of the decision to 项目流程 and starts 事业合伙立项; agreed in DingTalk', async () => {
  const { page } = acct;
  const card = await cardFor('hhkj', '审核通过');
  expect(card.markdown).toContain('事业合伙立项');
  await openLink(page, card.url);
  await selectedTab(page, '项目流程');
  await see.text(banner(page), '请发起【事业合伙立项】流程');
  await screenshot(page, 'walk-13-flow-from-notice');
  await page.getByRole('button', { name: '发起 事业合伙立项' }).click();
  await modal(page, '发起【事业合伙立项】审批').getByRole('button', { name: '确认发起' }).click();
  await toastShown(page, '【事业合伙立项】已发起，等待钉钉审批');
  await see.text(banner(page), '【事业合伙立项】流程审批中');
  const flow = await t.deps.db.projectFlow.findFirstOrThrow({ where: { projectId: pid, type: 'SCHEME_APPROVAL' } });
  await emu.completeApproval(flow.instanceId!, 'agree');
  await see.text(banner(page), '缴款通知尚未发送');
  await screenshot(page, 'walk-14-flow-done');
});

it('08 the flow-result notice opens 缴款; 缴款通知 sent', async () => {
  const { page } = acct;
  const card = await cardFor('hhkj', '缴款通知');
  await openLink(page, card.url);
  await selectedTab(page, '缴款');
  await see.count(page.getByTestId('dues-table').locator('tr.ant-table-row'), 3);
  await screenshot(page, 'walk-15-payments-from-notice');
  await page.getByTestId('payment-send').click();
  await modal(page, '发送缴款通知').getByRole('button', { name: '正式发送' }).click();
  await toastShown(page, '缴款通知已发送给 3 人');
  await see.text(banner(page), '3 人未缴款');
  await screenshot(page, 'walk-16-notices-sent');
});

it('09 a partner opens the 缴款通知 and taps 我已打款; the accountant follows that notice to 缴款 and confirms', async () => {
  const h = partner('u1001');
  const p = await h.openUrl(await partnerCard('u1001', 'payment'));
  expect(p.data).toMatchObject({ status: 'ready', canMarkPaid: true, outstanding: '100000.00' });
  await p.tap('markPaid');
  expect(h.toasts.at(-1)).toEqual({ type: 'success', content: '已提交打款凭证' });

  const { page } = acct;
  const card = await cardFor('hhkj', '已标记打款');
  await page.goto('/console/reports/work');
  await openLink(page, card.url);
  await selectedTab(page, '缴款');
  await see.text(banner(page), '待确认缴款');
  await see.text(page.getByTestId('dues-table').locator('tr', { hasText: '史伟' }), '本人已标记打款');
  await screenshot(page, 'walk-17-confirm-from-notice');
  await page.getByRole('button', { name: '缴款确认 史伟' }).click();
  const dialog = modal(page, '缴款确认 · 史伟');
  await dialog.getByTestId('fill-outstanding').click();
  await dialog.getByRole('button', { name: '确认缴款' }).click();
  await toastShown(page, /史伟 缴款 ¥100,000.00 已确认，已全部缴清/);
  await see.text(page.getByTestId('dues-table').locator('tr.ant-table-row', { hasText: '史伟' }), '已缴');
  await see.noText(banner(page), '待确认缴款');
  await screenshot(page, 'walk-18-confirmed');
  const due = await t.deps.db.paymentDue.findFirstOrThrow({
    where: { projectId: pid, user: { dingUserId: 'u1001' } },
  });
  expect(due.status).toBe('PAID');
});

it('10 a due past its date: the accountant is told, and the notice opens 缴款 where the banner asks to 催缴', async () => {
  const yesterday = new Date(Date.now() - 86_400_000);
  await t.deps.db.paymentDue.updateMany({
    where: { projectId: pid, status: 'UNPAID' },
    data: { dueDate: new Date(`${yesterday.toISOString().slice(0, 10)}T00:00:00Z`) },
  });
  await runDailyPaymentDuties(t.deps);
  const { page } = acct;
  const card = await cardFor('hhkj', '逾期未缴');
  expect(card.markdown).toContain('金涛');
  await page.goto('/console/reports/work');
  await openLink(page, card.url);
  await selectedTab(page, '缴款');
  await followBanner(page, '逾期未缴', '缴款');
  await see.visible(page.getByRole('button', { name: /催缴/ }));
  await screenshot(page, 'walk-19-overdue-from-notice');
});
