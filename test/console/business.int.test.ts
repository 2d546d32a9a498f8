/**
 * 业务 · 项目流程 in a real browser (Debian chromium via playwright-core) against the real app, PostgreSQL, Redis,
 * the notification workers and the DingTalk emulator: the city accountant (hhkj) fills 立项信息, creates the round,
 * searches one partner by name and adds them, imports the rest from Excel and sends 认购通知; partners subscribe
 * through the API with emulator auth codes; hhkj runs 测算, adjusts a line with a reason and 送审; the business admin
 * (hhadmin) rejects with a reason, hhkj sees it, fixes and re-submits, hhadmin opens the DingTalk todo's PC link
 * (the review highlighted and expanded) and approves; hhkj starts 事业合伙立项 (completed through the emulator) and
 * 查看 shows the form sent; hhadmin sends 缴款通知 (a test first) and confirms a payment in two parts.
 * Screenshots: test/artifacts/console/business-*.png.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { startWorkers, type RunningWorkers } from '../../server/jobs/worker';
import { seedDemo } from '../../server/seed/seed';
import { startTestApp, testDeps, type TestApp } from '../support/app';
import { loginAs, withToken } from '../support/auth';
import {
  chooseOption,
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
import { PLACEHOLDER_TEXT } from '../support/placeholders';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import { approvePendingGrants } from '../support/grants';
import { dec, formatMoney, moneyString, ratioString, sumMoney } from '../../shared/money';

jest.setTimeout(120_000);

let t: TestApp;
let emu: TestEmulator;
let workers: RunningWorkers;
let browser: Browser;
let acct: ConsolePage;
let admin: ConsolePage;
let pid = 0;
let rid = 0;
const stamp = Date.now().toString(36).slice(-5);
const projectName = `浏览器业务项目-${stamp}`;
const PARTNERS = ['u1001', 'u1002', 'u1003', 'u1004'];

beforeAll(async () => {
  await ensureConsoleBuilt();
  emu = await startTestEmulator();
  t = await startTestApp({ deps: testDeps({ ...emu.env, NOTIFY_RELAY_INTERVAL_MS: '100' }) });
  await emu.configure({ callbackUrl: `${t.base}/api/dingtalk/callback` });
  await seedDemo(t.deps.db);
  workers = await startWorkers(t.deps, t.deps.redisUrl);
  browser = await launchBrowser();

  // 1.1.1 / 1.1.2 by the system admin through the API: a fresh project, open, granted to the city accountant
  const sys = await loginAs(t, 'admin');
  const tree = (await sys.get('/api/org/tree')).data;
  const huanhu = tree[0].children[0].children.find((n: { name: string }) => n.name === '环沪城市公司');
  const unit = huanhu.children.find((n: { name: string }) => n.name === '澄靖直属项目公司');
  const created = await sys.post('/api/projects', {
    name: projectName,
    orgUnitId: unit.id,
    acquiredOn: '2026-06-30',
    operator: 'OURS',
    isOpen: true,
  });
  expect(created.status).toBe(201);
  pid = created.data.id;
  const grants = (await sys.get(`/api/projects/${pid}/grants`)).data;
  const role = grants.roles.find((r: { role: { name: string } }) => r.role.name === '环沪城市公司经营会计');
  const user = role.users.find((u: { name: string }) => u.name.startsWith('环沪会计'));
  expect((await sys.put(`/api/projects/${pid}/grants/${role.role.id}`, { userIds: [user.id] })).status).toBe(200);
  await approvePendingGrants(t);

  acct = await openConsole(browser, t.base);
  admin = await openConsole(browser, t.base);
});

afterAll(async () => {
  await browser?.close();
  await workers?.close();
  await t?.close();
  await emu?.close();
});

afterEach(async () => {
  await acct?.page
    .screenshot({ path: 'test/artifacts/console/_last-business-acct.png', fullPage: true })
    .catch(() => undefined);
  await admin?.page
    .screenshot({ path: 'test/artifacts/console/_last-business-admin.png', fullPage: true })
    .catch(() => undefined);
  expect([...acct.errors.splice(0), ...admin.errors.splice(0)]).toEqual([]);
});

const area = (page: Page) => page.getByTestId('business');
const bizTab = (page: Page, name: string) => area(page).getByRole('tab', { name, exact: true });
const modal = (page: Page, title: string) => page.locator('.ant-modal').filter({ hasText: title });
const openProject = async (page: Page) => {
  await page.getByRole('menuitem', { name: '业务' }).click();
  await area(page).waitFor();
  await page.getByTestId(`tree-project-${pid}`).click();
  await see.text(page.getByTestId('business-project'), projectName);
};
const partnerLogin = async (userid: string) => {
  const res = await t.http.post('/api/auth/dingtalk', { authCode: await emu.authCode(userid) });
  expect(res.status).toBe(200);
  return withToken(t, res.data.token);
};

it('the accountant picks the project in the tree and fills 立项信息: the level caps follow the ratios, a wrong sum is named at its field', async () => {
  const { page } = acct;
  await loginThroughForm(page, 'hhkj');
  await page.getByRole('menuitem', { name: '业务' }).click();
  await see.visible(page.getByTestId('business-prompt'));
  await openProject(page);
  await area(page)
    .getByRole('tab', { name: /^立项信息/ })
    .click();
  const form = area(page);
  await form.getByLabel('资金峰值（元）').fill('100000000');
  await form.getByLabel('置业集团占比', { exact: true }).fill('0.3');
  await form.getByLabel('城市公司占比', { exact: true }).fill('0.2');
  await form.getByLabel('合伙投资占比', { exact: true }).fill('0.4');
  await form.getByLabel('单人上限占比', { exact: true }).fill('0.1');
  await form.getByLabel('收款户名').fill('靖江锦艺置业有限公司');
  await form.getByLabel('开户行').fill('中国银行靖江支行');
  await form.getByLabel('收款账号').fill('6217 0000 1234 5678');
  // computed while typing, before anything is saved
  await see.text(page.getByTestId('live-caps'), '¥300,000.00');
  await see.text(page.getByTestId('live-caps'), '¥200,000.00');
  await see.text(page.getByTestId('live-caps'), '¥500,000.00');
  // each setting says what it does to the money, with this project's numbers
  await see.text(form.getByTestId('help-perPersonCapRatio'), '¥100,000,000.00 × 0.100% = 每人最多 ¥100,000.00');
  await see.text(form.getByTestId('help-maxTotalRatio'), '当前占比 0.400%，即 ¥400,000.00');
  await see.text(form.getByTestId('help-paymentDueDays'), '流程完成，缴款截止');
  await see.text(form.getByTestId('help-voluntaryForfeit'), '视为放弃');
  await page.getByTestId('save-scheme').click();
  await see.visible(form.getByText('各层级占比之和 0.500% 与合伙投资占比 0.400% 不一致'));
  await screenshot(page, 'business-01-scheme-error');
  await form.getByLabel('合伙投资占比', { exact: true }).fill('0.5');
  await page.getByTestId('save-scheme').click();
  await toastShown(page, '立项信息已保存');
  const scheme = await t.deps.db.projectScheme.findUniqueOrThrow({ where: { projectId: pid } });
  expect([
    moneyString(scheme.peakCapital),
    ratioString(scheme.groupRatio),
    ratioString(scheme.cityRatio),
    ratioString(scheme.totalRatio),
    scheme.perPersonCapRatio && ratioString(scheme.perPersonCapRatio),
  ]).toEqual(['100000000.00', '0.003000', '0.002000', '0.005000', '0.001000']);
  await see.visible(area(page).getByRole('tab', { name: '立项信息', exact: true }));
  await screenshot(page, 'business-02-scheme-saved');
});

it('creates the 立项认购 round, adds a partner found by name, imports the others from Excel and sends 认购通知 after a confirmation', async () => {
  const { page } = acct;
  await area(page).getByRole('button', { name: '新建轮次' }).click();
  const dialog = modal(page, '新建认购轮次');
  // long enough for the steps before the subscriptions on a busy machine; the test waits out the rest
  const deadline = new Date(Date.now() + 45_000);
  // typed as the browser shows it: Shanghai wall-clock time
  const local = new Date(deadline.getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
  const input = dialog.getByLabel('认购截止时间');
  await input.click();
  await input.fill(local);
  await input.press('Enter');
  await dialog.getByRole('button', { name: spaced('创建') }).click();
  await toastShown(page, '已新建「立项认购」');
  const round = await t.deps.db.subscriptionRound.findFirstOrThrow({ where: { projectId: pid } });
  rid = round.id;
  expect(Math.abs(round.deadline.getTime() - Math.floor(deadline.getTime() / 1000) * 1000)).toBeLessThan(1000);
  await see.visible(bizTab(page, '合伙名单').and(page.locator('[aria-selected="true"]')));

  // one by one: the accountant searches active employees by name (remote, debounced) and picks one
  const liu = await t.deps.db.user.findFirstOrThrow({ where: { dingUserId: 'u1004' }, include: { orgUnit: true } });
  await area(page).getByRole('button', { name: '新增合伙人' }).click();
  const add = modal(page, '新增合伙人');
  await add.getByRole('button', { name: '加入名单' }).click();
  await see.visible(add.getByText('请选择合伙人'));
  const who = add.getByLabel('合伙人');
  await who.click();
  await who.fill('刘');
  const options = page.locator('.ant-select-dropdown:visible .ant-select-item-option');
  await until(async () => (await options.count()) >= 3, 'several people named 刘…');
  expect(await options.allInnerTexts()).toEqual(
    expect.arrayContaining([expect.stringContaining('刘伟'), expect.stringContaining('刘文峰')]),
  );
  await who.fill('刘乔');
  await see.count(options, 1);
  await see.text(options, `刘乔 · ${liu.orgUnit!.name} · ${liu.title!}`);
  await screenshot(page, 'business-03-add-partner-search');
  await options.first().click();
  await see.text(add.getByTestId('partner-search'), '刘乔');
  await chooseOption(page, add, add.getByLabel('层级'), '置业集团');
  await add.getByText('优先', { exact: true }).click();
  await add.getByLabel('认购下限（元）').fill('20000');
  await add.getByLabel('认购上限（元）').fill('100000');
  await add.getByRole('button', { name: '加入名单' }).click();
  await toastShown(page, '已加入合伙名单');
  await see.hidden(add);
  await see.count(page.getByTestId('partner-table').locator('tr.ant-table-row'), 1);
  await see.text(page.getByTestId('partner-table').locator('tr.ant-table-row', { hasText: '刘乔' }), '优先');
  const line = await t.deps.db.roundPartner.findFirstOrThrow({ where: { roundId: rid, userId: liu.id } });
  expect([line.level, line.category, moneyString(line.minAmount), moneyString(line.maxAmount)]).toEqual([
    'GROUP',
    'PRIORITY',
    '20000.00',
    '100000.00',
  ]);
  // the search says who is already on the list
  await area(page).getByRole('button', { name: '新增合伙人' }).click();
  await add.getByLabel('合伙人').fill('刘乔');
  await see.text(options, '已在名单中');
  expect(await options.first().getAttribute('aria-disabled')).toBe('true');
  // …and who holds a staff role (an accountant may co-invest, but should not be picked by mistake)
  await add.getByLabel('合伙人').fill('环沪会计');
  await see.text(options.first(), '环沪城市公司经营会计');
  await add.getByRole('button', { name: spaced('取消') }).click();
  await see.hidden(add);

  // Excel import for the rest (the template's columns; matched by name — what accountants know)
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('合伙名单');
  ws.addRow(['姓名', '手机号', '工号', '层级', '类别', '认购下限', '认购上限', '钉钉ID']);
  ws.addRow(['史伟', '', '', '城市公司', '强投', '50000', '100000']);
  ws.addRow(['金涛', '', '', '城市公司', '自愿', '10000', '100000']);
  ws.addRow(['王磊', '', '', '城市公司', '自愿', '10000', '100000']);
  const file = path.join(os.tmpdir(), `partners-${stamp}.xlsx`);
  fs.writeFileSync(file, Buffer.from(await wb.xlsx.writeBuffer()));
  await area(page).getByRole('button', { name: 'Excel 导入' }).click();
  const imp = modal(page, '从 Excel 导入合伙名单');
  await imp.locator('input[type=file]').setInputFiles(file);
  await see.text(page.getByTestId('partner-import-result'), '成功导入 3 位合伙人');
  await imp
    .locator('.ant-modal-footer')
    .getByRole('button', { name: spaced('关闭') })
    .click();
  await see.count(page.getByTestId('partner-table').locator('tr.ant-table-row'), 4);

  await page.getByTestId('send-subscription-notices').click();
  const confirm = modal(page, '发送认购通知');
  await see.text(confirm, '4 位尚未认购的合伙人');
  await screenshot(page, 'business-04-partners-notice-confirm');
  await confirm.getByRole('button', { name: '确认发送' }).click();
  await toastShown(page, '认购通知已发送给 4 人');
  await see.text(page.getByTestId('round-select'), '认购中');
});

it('partners subscribe in the mini-program (API); after the deadline 测算 fills 投资明细 beside the subscriptions', async () => {
  const { page } = acct;
  const amounts: Record<string, string> = { u1001: '100000', u1002: '100000', u1003: '60000', u1004: '100000' };
  for (const u of PARTNERS)
    expect(
      (await (await partnerLogin(u)).post(`/api/me/projects/${pid}/subscription`, { amount: amounts[u] })).status,
    ).toBe(200);
  await bizTab(page, '认购明细 / 测算').click();
  await see.visible(area(page).getByText('认购进行中'));
  await area(page).getByRole('button', { name: '刷新' }).click();
  const round = await t.deps.db.subscriptionRound.findUniqueOrThrow({ where: { id: rid } });
  await new Promise((r) => setTimeout(r, Math.max(0, round.deadline.getTime() - Date.now() + 300)));
  // the button unlocks at the deadline by itself
  await until(async () => !(await page.getByTestId('calculate').isDisabled()), '测算 to unlock at the deadline', 5000);
  await page.getByTestId('calculate').click();
  await toastShown(page, '测算完成，已生成投资明细');
  const table = page.getByTestId('calc-table');
  await see.text(table.locator('tr', { hasText: '金涛' }), '¥62,500.00');
  await see.text(table.locator('tr', { hasText: '王磊' }), '¥37,500.00');
  await see.text(page.getByTestId('level-table').locator('tr', { hasText: '置业集团' }), '¥200,000.00'); // 平台公司
  await see.visible(page.getByTestId('level-chart'));
  await screenshot(page, 'business-05-calculated');
});

it('adjusts a line inline with a reason (re-validated by the BFF) and sends the scheme to review', async () => {
  const { page } = acct;
  await page.getByRole('button', { name: '调整 王磊' }).click();
  const editor = page.locator('[data-testid^=line-editor-]');
  await editor.getByLabel('投资金额').fill('30000.5');
  await editor.getByLabel('调整原因').fill('本人确认只投 3 万');
  await editor.getByRole('button', { name: '保存调整' }).click();
  await see.visible(editor.getByText('金额须为 ¥1.00 的整数倍'));
  await editor.getByLabel('投资金额').fill('30000');
  await editor.getByLabel('调整原因').fill('');
  await editor.getByRole('button', { name: '保存调整' }).click();
  await see.visible(editor.getByText('请填写调整原因'));
  await screenshot(page, 'business-06-line-edit-errors');
  await editor.getByLabel('调整原因').fill('本人确认只投 3 万');
  await editor.getByRole('button', { name: '保存调整' }).click();
  await toastShown(page, '王磊 的投资明细已调整');
  await see.text(page.getByTestId('calc-table').locator('tr', { hasText: '王磊' }), '已调整');
  await see.text(page.getByTestId('level-table').locator('tr', { hasText: '城市公司' }), '¥7,500.00');

  await page.getByTestId('submit-review').click();
  const confirm = modal(page, '送审方案');
  await see.text(confirm, '¥292,500.00');
  await confirm.getByRole('button', { name: '确认送审' }).click();
  await toastShown(page, '已送审，等待业务管理员审核');
  await see.visible(area(page).getByText('方案审核中'));
  // the next-step banner: the business admin must act; the accountant reads it (no button)
  const banner = page.getByTestId('next-steps');
  await see.text(banner, '待 业务管理员 审核');
  await see.count(banner.getByTestId('next-step').filter({ hasText: '待 业务管理员 审核' }).getByRole('button'), 0);
  expect((await t.deps.db.subscriptionRound.findUniqueOrThrow({ where: { id: rid } })).status).toBe('IN_REVIEW');
});

it("the business admin rejects with a reason; the accountant sees the reason and re-submits; the admin opens the todo's PC link, lands on that review and approves", async () => {
  const { page } = admin;
  await loginThroughForm(page, 'hhadmin');
  await page.getByRole('menuitem', { name: '业务' }).click();
  const queue = page.getByTestId('review-queue');
  const review = await t.deps.db.review.findFirstOrThrow({
    where: { subjectType: 'ROUND', subjectId: rid, status: 'PENDING' },
  });
  await see.text(queue, `#${review.id}`);
  await screenshot(page, 'business-07-admin-queue');
  await openProject(page);
  await bizTab(page, '方案审核').click();
  await page.getByRole('button', { name: `驳回 #${review.id}` }).click();
  const reject = modal(page, '驳回 · 审核单');
  // the form mounted and the opening animation over before the empty submit (a busy machine clicked mid-zoom)
  await see.visible(reject.getByLabel('驳回原因'));
  await page.waitForFunction("!document.querySelector('.ant-modal .ant-zoom-appear, .ant-modal .ant-zoom-enter')");
  await reject.getByRole('button', { name: '确认驳回' }).click();
  await see.visible(reject.getByText('请填写驳回原因'));
  await reject.getByLabel('驳回原因').fill('刘乔的认购请与本人核对后再送审');
  await screenshot(page, 'business-08-reject-reason');
  await reject.getByRole('button', { name: '确认驳回' }).click();
  await toastShown(page, `审核单 #${review.id} 已驳回`);

  // the accountant's screen picks it up with the in-app refresh
  const a = acct.page;
  await area(a).getByRole('button', { name: '刷新' }).click();
  await see.text(a.getByTestId('reject-reason'), '刘乔的认购请与本人核对后再送审');
  await screenshot(a, 'business-09-rejected-seen-by-accountant');
  await a.getByTestId('submit-review').click();
  await modal(a, '送审方案').getByRole('button', { name: '确认送审' }).click();
  await toastShown(a, '已送审，等待业务管理员审核');

  // the DingTalk todo queued for the admin carries the console link; opened fresh (a new page load, as from DingTalk PC)
  const again = await t.deps.db.review.findFirstOrThrow({
    where: { subjectType: 'ROUND', subjectId: rid, status: 'PENDING' },
  });
  const hhadmin = await t.deps.db.user.findFirstOrThrow({ where: { username: 'hhadmin' } });
  const todo = await t.deps.db.notification.findUniqueOrThrow({
    where: { dedupeKey: `review:${again.id}:todo:${hhadmin.id}` },
  });
  const pcUrl = new URL((todo.payload as { todo: { detailUrl: { pcUrl: string } } }).todo.detailUrl.pcUrl);
  expect(`${pcUrl.pathname}${pcUrl.search}`).toBe(`/console/business/review?reviewId=${again.id}`);
  await page.goto('/console/');
  await see.visible(page.getByTestId('user-menu'));
  await page.goto(`${pcUrl.pathname}${pcUrl.search}`);
  await see.text(page.getByTestId('business-project'), projectName);
  await see.visible(bizTab(page, '方案审核').and(page.locator('[aria-selected="true"]')));
  const landed = page.getByTestId('review-queue');
  await see.text(landed.getByTestId('review-focus-note'), `#${again.id}`);
  await see.text(landed.getByTestId('review-focus-note'), '待审核');
  await see.text(page.getByTestId('next-steps'), '待 业务管理员 审核');
  await see.visible(page.getByTestId('next-steps').getByRole('button', { name: '去【方案审核】' }));
  const focused = landed.locator(`tr.review-focus[data-row-key="${again.id}"]`);
  await see.visible(focused);
  await see.count(landed.locator('tr.review-focus'), 1);
  // expanded without a click: the lines the reviewer decides on
  await see.text(landed.locator('tr.ant-table-expanded-row'), '王磊');
  await screenshot(page, 'business-10-review-link');
  await page.getByRole('button', { name: `通过 #${again.id}` }).click();
  await modal(page, '审核通过').getByRole('button', { name: '审核通过' }).click();
  await toastShown(page, `审核单 #${again.id} 已审核通过`);
  await see.text(landed.getByTestId('review-focus-note'), '审核通过');
  expect((await t.deps.db.subscriptionRound.findUniqueOrThrow({ where: { id: rid } })).status).toBe('APPROVED');
  // the link's parameter belongs to that landing only
  await bizTab(page, '合伙名单').click();
  await until(
    async () =>
      new URL(page.url()).pathname === '/console/business/partners' &&
      !new URL(page.url()).searchParams.has('reviewId'),
    'the address to drop reviewId (the project stays in it)',
  );
});

it('the accountant starts 事业合伙立项 from the flow list (all 11 of the manual, 披露(循环) among them); DingTalk completes it and the list shows 完成 without a reload', async () => {
  const { page } = acct;
  // 事业合伙立项 needs the confirmed peak: the shareholders entered and 项目资金峰值 completed (recorded as its flow would)
  const db = t.deps.db;
  if (!(await db.shareholder.count({ where: { projectId: pid } })))
    await db.shareholder.createMany({
      data: [
        { projectId: pid, name: '锦艺置业', equityRatio: '0.51', isOurs: true, sortOrder: 0 },
        { projectId: pid, name: '合作方', equityRatio: '0.49', isOurs: false, sortOrder: 1 },
      ],
    });
  const accountant = await db.user.findFirstOrThrow({ where: { name: { startsWith: '环沪会计' } } });
  await db.projectFlow.create({
    data: {
      projectId: pid,
      type: 'PEAK_CAPITAL',
      status: 'COMPLETED',
      startedById: accountant.id,
      completedAt: new Date(),
      result: 'agree',
    },
  });
  await db.projectScheme.update({ where: { projectId: pid }, data: { peakConfirmedAt: new Date() } });
  await bizTab(page, '项目流程').click();
  const table = page.getByTestId('flow-table');
  await see.count(table.locator('tr.ant-table-row'), 11);
  await see.text(table, '披露(循环)');
  await see.noText(page.locator('body'), PLACEHOLDER_TEXT);
  await page.getByRole('button', { name: '发起 事业合伙立项' }).click();
  const confirm = modal(page, '发起【事业合伙立项】审批');
  await confirm.getByRole('button', { name: '确认发起' }).click();
  await toastShown(page, '【事业合伙立项】已发起，等待钉钉审批');
  const row = table.locator('tr', { hasText: '事业合伙立项' });
  await see.text(row, '审批中');
  await see.text(row, '环沪会计-陈洁');
  const flow = await t.deps.db.projectFlow.findFirstOrThrow({ where: { projectId: pid, type: 'SCHEME_APPROVAL' } });
  await emu.completeApproval(flow.instanceId!, 'agree');
  await until(async () => (await row.innerText()).includes('完成'), '事业合伙立项 to show 完成', 20_000);
  // the banner moves on to 缴款, with the button that opens it
  const banner = page.getByTestId('next-steps');
  await see.text(banner, '4 人的缴款通知尚未发送，请在【缴款】发送');
  await see.visible(banner.getByRole('button', { name: '去【缴款】' }));
  await screenshot(page, 'business-11-next-step-banner');
  // 重置 is the business admin's, in the 项目流程 they work in; the accountant does not get it
  await see.count(page.getByRole('button', { name: '重置 事业合伙立项' }), 0);
  await bizTab(admin.page, '项目流程').click();
  await see.visible(admin.page.getByRole('button', { name: '重置 事业合伙立项' }));
  await screenshot(page, 'business-11-flows');
  await page.getByRole('button', { name: '查看 事业合伙立项' }).click();
  const view = modal(page, '事业合伙立项 · 第 1 次');
  await see.text(view, flow.instanceId!);
  // the form sent to DingTalk: values, and the per-level table as a table
  const sent = view.getByTestId('flow-form');
  await see.text(sent, `${projectName} 立项认购`);
  const field = (name: string) =>
    sent.locator('.ant-descriptions-row', { has: page.locator('th', { hasText: new RegExp(`^${name}$`) }) });
  await see.text(field('项目名称'), projectName);
  await see.text(field('资金峰值'), '¥100,000,000.00');
  await see.text(field('认购人数'), '4');
  await see.text(field('合伙投资合计'), '¥292,500.00');
  const levels = sent.locator('.flow-form-table');
  await see.text(levels.locator('thead'), '本次总额');
  await see.count(levels.locator('tbody tr.ant-table-row'), 4);
  await see.text(levels.locator('tbody tr.ant-table-row', { hasText: '置业集团' }), '¥100,000.00');
  await screenshot(page, 'business-12-flow-view');
  await view
    .locator('.ant-modal-footer')
    .getByRole('button', { name: spaced('关闭') })
    .click();
  expect((await t.deps.db.subscriptionRound.findUniqueOrThrow({ where: { id: rid } })).status).toBe('CONFIRMED');
});

it('the business admin sends 缴款通知 (a test to self first) and confirms a payment in two parts; a double click books once', async () => {
  const { page } = admin;
  await t.deps.db.paymentDue.updateMany({
    where: { projectId: pid, user: { dingUserId: 'u1003' } },
    data: { partnerMarkedPaidAt: new Date() },
  });
  await bizTab(page, '缴款').click();
  const table = page.getByTestId('dues-table');
  await see.count(table.locator('tr.ant-table-row'), 4);
  await page.getByTestId('payment-test-send').click();
  await toastShown(page, '测试消息已发送到您的钉钉');
  await page.getByTestId('payment-send').click();
  await modal(page, '发送缴款通知').getByRole('button', { name: '正式发送' }).click();
  await toastShown(page, '缴款通知已发送给 4 人');
  await see.text(table.locator('tr', { hasText: '史伟' }), '未缴');

  // a partner who marked the transfer in DingTalk (set at the start of this test; the upload itself is tested with
  // the mini-program) is seen at 1280 wide without scrolling the table
  await page.setViewportSize({ width: 1280, height: 800 });
  try {
    const marked = table.locator('tr', { hasText: '王磊' }).getByText('本人已标记打款');
    await see.visible(marked);
    const box = (await marked.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(1280);
    await screenshot(page, 'business-12-payments-1280');
  } finally {
    await page.setViewportSize({ width: 1440, height: 900 });
  }

  await page.getByRole('button', { name: '缴款确认 史伟' }).click();
  let dialog = modal(page, '缴款确认 · 史伟');
  await dialog.getByLabel('本次到账金额（元）').fill('100000.01');
  await dialog.getByRole('button', { name: '确认缴款' }).click();
  await see.visible(dialog.getByText('超出未缴金额，最多还可确认 ¥100,000.00'));
  await dialog.getByLabel('本次到账金额（元）').fill('40000');
  await dialog.getByRole('button', { name: '确认缴款' }).dblclick();
  await toastShown(page, /史伟 缴款 ¥40,000.00 已确认，尚欠 ¥60,000.00/);
  await see.text(table.locator('tr', { hasText: '史伟' }), '部分缴款');
  const due = await t.deps.db.paymentDue.findFirstOrThrow({
    where: { projectId: pid, user: { dingUserId: 'u1001' } },
    include: { records: true },
  });
  expect(due.records).toHaveLength(1);
  expect(moneyString(due.paidAmount)).toBe('40000.00');

  await page.getByRole('button', { name: '缴款确认 史伟' }).click();
  dialog = modal(page, '缴款确认 · 史伟');
  await see.text(dialog, '已确认的缴款（1 笔）');
  await see.text(dialog, '¥60,000.00');
  // nothing is pre-filled: confirming without typing the received amount books nothing
  await dialog.getByRole('button', { name: '确认缴款' }).click();
  await see.visible(dialog.locator('.ant-form-item-explain-error'));
  expect(await t.deps.db.paymentRecord.count({ where: { paymentDueId: due.id } })).toBe(1);
  await dialog.getByTestId('fill-outstanding').click();
  expect(await dialog.getByLabel('本次到账金额（元）').inputValue()).toMatch(/60,?000/);
  await screenshot(page, 'business-13-payment-confirm-partial');
  await dialog.getByRole('button', { name: '确认缴款' }).click();
  await toastShown(page, /史伟 缴款 ¥60,000.00 已确认，已全部缴清/);
  const row = table.locator('tr.ant-table-row', { hasText: '史伟' });
  await see.text(row, '已缴');
  await row.locator('.ant-table-row-expand-icon').click();
  await see.text(table, '第几笔');
  await screenshot(page, 'business-14-payments');
  expect(await t.deps.db.paymentRecord.count({ where: { paymentDueId: due.id } })).toBe(2);
});

it("the 缴款通知 test message's button opens this project's 缴款 in the console, and its time is Shanghai's", async () => {
  const { page } = admin;
  const me = await t.deps.db.user.findUniqueOrThrow({ where: { username: 'hhadmin' } });
  const card = await until(async () => {
    const got = await emu.workNotifications(me.dingUserId!);
    return got.some((n) => JSON.stringify(n.msg).includes('【测试】'));
  }, 'the test message').then(async () =>
    (await emu.workNotifications(me.dingUserId!)).find((n) => JSON.stringify(n.msg).includes('【测试】'))!,
  );
  const {
    single_url: url,
    single_title: title,
    markdown,
  } = (card.msg as { action_card: { single_url: string; single_title: string; markdown: string } }).action_card;
  expect(title).toBe('在管理后台查看缴款');
  expect(markdown).toMatch(/发送于 \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}）$/);
  // a fresh load of the link (no project picked): the project opens on 缴款; the address keeps the id (F5 stays there)
  const link = new URL(url);
  await page.goto(`${t.base}${link.pathname}${link.search}`);
  await see.visible(page.getByTestId('dues-table'));
  await until(async () => (await bizTab(page, '缴款').getAttribute('aria-selected')) === 'true', '缴款 to be open');
  await until(async () => new URL(page.url()).searchParams.has('projectId'), 'the address to keep projectId');
  await see.text(page.getByTestId('dues-table'), '史伟');
});

it('no 业务 tab announces a feature to come', async () => {
  const { page } = admin;
  const tabs = await area(page).locator('.ant-tabs-nav').first().locator('.ant-tabs-tab').allInnerTexts();
  expect(tabs.length).toBeGreaterThanOrEqual(8);
  for (const name of tabs) {
    await bizTab(page, name).click();
    await until(
      async () => (await bizTab(page, name).getAttribute('aria-selected')) === 'true',
      `the ${name} tab to open`,
    );
    await page.waitForLoadState('networkidle');
    const text = await page.locator('body').innerText();
    expect({ name, placeholder: text.match(PLACEHOLDER_TEXT)?.[0] ?? null }).toEqual({ name, placeholder: null });
  }
});

it('关闭 of a project in business asks first, naming its partners and the amounts still unpaid; 再想想 changes nothing', async () => {
  const open = await t.deps.db.paymentDue.findMany({
    where: { projectId: pid, status: { in: ['UNPAID', 'PARTIAL'] } },
  });
  expect(open.length).toBeGreaterThan(0);
  const owed = formatMoney(sumMoney(open.map((d) => dec(d.amountDue).minus(dec(d.paidAmount)))));
  const sys = await openConsole(browser, t.base);
  try {
    const { page } = sys;
    await loginThroughForm(page, 'admin');
    const toggle = page.getByRole('switch', { name: `开放 ${projectName}` });
    await toggle.click();
    let confirm = modal(page, `关闭「${projectName}」？`);
    await see.text(confirm, `尚有 ${open.length} 笔缴款未缴清，合计 ${owed}`);
    await see.text(confirm, '位合伙人');
    await screenshot(page, 'business-16-close-confirm');
    await confirm.getByRole('button', { name: '再想想' }).click();
    await see.hidden(confirm);
    expect((await t.deps.db.project.findUniqueOrThrow({ where: { id: pid } })).isOpen).toBe(true);
    await toggle.click();
    confirm = modal(page, `关闭「${projectName}」？`);
    await confirm.getByRole('button', { name: '确认关闭' }).click();
    await toastShown(page, `「${projectName}」已关闭`);
    expect((await t.deps.db.project.findUniqueOrThrow({ where: { id: pid } })).isOpen).toBe(false);
    await toggle.click();
    await modal(page, `开放「${projectName}」？`).getByRole('button', { name: '确认开放' }).click();
    await toastShown(page, `「${projectName}」已开放`);
    expect(sys.errors).toEqual([]);
  } finally {
    await sys.context.close();
  }
});
