/**
 * 峰值变更 → 立项调整 → 方案审核 → 立项信息变更 → 补缴/退款 in a real browser (Debian chromium via playwright-core)
 * against the real app, PostgreSQL, Redis, the notification workers and the DingTalk emulator.
 *
 * Set up through the API (as the mini-program fixtures do): a project at ¥100,000,000 (置业集团 0.3%, 城市公司 0.2%,
 * no per-person cap), 立项认购 with 刘乔 (置业集团, ¥100,000), 史伟 (城市公司, ¥100,000) and 金涛 (城市公司, ¥50,000),
 * 事业合伙立项 completed in the emulator, everyone paid in full. In the console the city accountant (hhkj) drafts a
 * change to ¥120,000,000 with 置业集团 0.2% (caps: 置业集团 ¥300,000 → ¥240,000, 城市公司 ¥200,000 → ¥240,000), starts
 * 资金峰值调整 (completed in the emulator), runs 计算 (刘乔 ¥80,000 → 退款 ¥20,000; 史伟 ¥120,000, 金涛 ¥60,000), edits
 * 金涛 to ¥55,000 with a reason and 送审; the business admin (hhadmin) reviews old / new caps and the lines with the
 * reason and approves; hhkj starts 立项信息变更 (completed in the emulator); hhadmin sends the 补缴/退款通知 (a test
 * first) and confirms 史伟's 补缴 and 刘乔's 退款. Screenshots: test/artifacts/console/capital-*.png (1440 and 1280 wide).
 */
import type { Browser, Page } from 'playwright-core';
import { shanghaiDay } from '../../shared/datetime';
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
  spaced,
  toastShown,
  until,
  type ConsolePage,
} from '../support/browser';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import { eventually } from '../support/eventually';
import { CoInvestmentFixtures, PAYEE } from '../support/miniapp-fixtures';
import { approvePendingGrants } from '../support/grants';
import { moneyString, ratioString } from '../../shared/money';

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

const ok = <T extends { status: number; data: unknown }>(res: T, status: number, what: string): T => {
  if (res.status !== status)
    throw new Error(`${what}: expected ${status}, got ${res.status} ${JSON.stringify(res.data)}`);
  return res;
};

/** As CoInvestmentFixtures.project, without the per-person cap; 项目资金峰值 completed in the emulator. */
async function projectWithoutPersonCap(): Promise<number> {
  type Node = { id: number; name: string; children: Node[] };
  const tree = ok(await fx.admin.get('/api/org/tree'), 200, 'org tree').data as Node[];
  const huanhu = tree[0]!.children[0]!.children.find((n) => n.name === '环沪城市公司')!;
  const unit = huanhu.children.find((n) => n.name === '澄靖直属项目公司')!;
  const created = ok(
    await fx.admin.post('/api/projects', {
      name: `浏览器峰值变更-${Date.now().toString(36).slice(-5)}`,
      orgUnitId: unit.id,
      acquiredOn: '2026-06-30',
      operator: 'OURS',
      isOpen: true,
    }),
    201,
    'create project',
  );
  const id: number = created.data.id;
  const grants = ok(await fx.admin.get(`/api/projects/${id}/grants`), 200, 'grants').data;
  const role = grants.roles.find((r: { role: { name: string } }) => r.role.name === '环沪城市公司经营会计');
  const user = role.users.find((u: { name: string }) => u.name.startsWith('环沪会计'));
  ok(await fx.admin.put(`/api/projects/${id}/grants/${role.role.id}`, { userIds: [user.id] }), 200, 'grant');
  await approvePendingGrants(t);
  ok(
    await fx.accountant.put(`/api/projects/${id}/shareholders`, {
      shareholders: [
        { name: '锦艺置业', equityRatio: '0.51', isOurs: true },
        { name: '合作方', equityRatio: '0.49' },
      ],
    }),
    200,
    'shareholders',
  );
  ok(
    await fx.accountant.put(`/api/projects/${id}/scheme`, {
      version: 0,
      peakCapital: '100000000',
      holdingRatio: '0',
      groupRatio: '0.003',
      cityRatio: '0.002',
      otherRatio: '0',
      totalRatio: '0.005',
      perPersonCapRatio: null,
      allocationUnit: '1',
      ...PAYEE,
    }),
    200,
    'scheme',
  );
  const peak = ok(await fx.accountant.post(`/api/projects/${id}/flows/PEAK_CAPITAL/start`), 201, '项目资金峰值');
  await emu.completeApproval(peak.data.instanceId, 'agree');
  await eventually(async () => {
    const s = await t.deps.db.projectScheme.findUniqueOrThrow({ where: { projectId: id } });
    if (!s.peakConfirmedAt) throw new Error('项目资金峰值 not confirmed yet');
  }, 15_000);
  return id;
}

beforeAll(async () => {
  await ensureConsoleBuilt();
  emu = await startTestEmulator();
  t = await startTestApp({ deps: testDeps({ ...emu.env, NOTIFY_RELAY_INTERVAL_MS: '100' }) });
  await emu.configure({ callbackUrl: `${t.base}/api/dingtalk/callback` });
  await seedDemo(t.deps.db);
  workers = await startWorkers(t.deps, t.deps.redisUrl);
  browser = await launchBrowser();
  fx = await new CoInvestmentFixtures(t, emu).init();

  // the project as 立项 left it, without a per-person cap (so the change is not clamped by it); peak confirmed
  pid = await projectWithoutPersonCap();
  projectName = (await t.deps.db.project.findUniqueOrThrow({ where: { id: pid } })).name;
  const round = await fx.openRound(
    pid,
    [
      { userid: 'u1004', level: 'GROUP', category: 'VOLUNTARY', min: '10000', max: '200000' },
      { userid: 'u1001', level: 'CITY', category: 'VOLUNTARY', min: '10000', max: '200000' },
      { userid: 'u1002', level: 'CITY', category: 'VOLUNTARY', min: '10000', max: '200000' },
    ],
    15_000,
  );
  await fx.subscribe('u1004', pid, '100000');
  await fx.subscribe('u1001', pid, '100000');
  await fx.subscribe('u1002', pid, '50000');
  await fx.pastDeadlines([round]);
  const reviewId = await fx.calculateAndSubmit(round);
  const dues = await fx.approveAndConfirm(round, reviewId);
  const today = shanghaiDay(Date.now());
  for (const due of dues) await fx.confirmPayment(pid, due, due.amountDue, today);

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
    .screenshot({ path: 'test/artifacts/console/_last-capital-acct.png', fullPage: true })
    .catch(() => undefined);
  await admin?.page
    .screenshot({ path: 'test/artifacts/console/_last-capital-admin.png', fullPage: true })
    .catch(() => undefined);
  expect([...acct.errors.splice(0), ...admin.errors.splice(0)]).toEqual([]);
});

const area = (page: Page) => page.getByTestId('business');
const bizTab = (page: Page, name: string) => area(page).getByRole('tab', { name, exact: true });
/**
 * Opens a business tab and waits until it is the selected one. A banner above the tabs can change height as a flow
 * completes; a click landing in that moment hits something else, so the click is repeated until the tab is open.
 */
const openTab = async (page: Page, name: string) => {
  const tab = bizTab(page, name);
  await until(async () => {
    if ((await tab.getAttribute('aria-selected')) === 'true') return true;
    await tab.click();
    return (await tab.getAttribute('aria-selected')) === 'true';
  }, `tab ${name} to open`);
};
const modal = (page: Page, title: string) => page.locator('.ant-modal').filter({ hasText: title });
const openProject = async (page: Page) => {
  await page.getByRole('menuitem', { name: '业务' }).click();
  await area(page).waitFor();
  await page.getByTestId(`tree-project-${pid}`).click();
  await see.text(page.getByTestId('business-project'), projectName);
};
/** The same screen at both widths the console is used at. */
const shots = async (page: Page, name: string) => {
  await screenshot(page, `${name}-1440`);
  await page.setViewportSize({ width: 1280, height: 900 });
  await screenshot(page, `${name}-1280`);
  await page.setViewportSize({ width: 1440, height: 900 });
};
const startFlow = async (page: Page, label: string, type: 'PEAK_ADJUSTMENT' | 'SCHEME_CHANGE') => {
  await openTab(page, '项目流程');
  const table = page.getByTestId('flow-table');
  await page.getByRole('button', { name: `发起 ${label}` }).click();
  await modal(page, `发起【${label}】审批`).getByRole('button', { name: '确认发起' }).click();
  await toastShown(page, `【${label}】已发起，等待钉钉审批`);
  const row = table.locator('tr', { hasText: label });
  await see.text(row, '审批中');
  const flow = await t.deps.db.projectFlow.findFirstOrThrow({
    where: { projectId: pid, type },
    orderBy: { id: 'desc' },
  });
  await emu.completeApproval(flow.instanceId!, 'agree');
  await until(async () => (await row.innerText()).includes('完成'), `${label} to show 完成`, 20_000);
};

it('the accountant drafts a peak change with the 立项信息 / 股权合作 parts: new caps computed while typing', async () => {
  const { page } = acct;
  await loginThroughForm(page, 'hhkj');
  await openProject(page);
  await openTab(page, '立项调整');
  await page.getByTestId('change-new').click();
  const form = page.getByTestId('change-form');
  await see.text(form, '当前资金峰值 ¥100,000,000.00');
  await form.getByLabel('新资金峰值（元）').fill('120000000');
  await form.getByLabel('置业集团占比', { exact: true }).fill('0.2');
  await see.text(page.getByTestId('live-caps'), '¥240,000.00');
  await page.getByTestId('change-save').click();
  await see.visible(form.getByText('请填写变更原因'));
  await form.getByLabel('变更原因').fill('土地款增加，资金峰值上调；置业集团占比下调');
  await shots(page, 'capital-01-change-form');
  await page.getByTestId('change-save').click();
  await toastShown(page, '已新建第 1 次峰值变更');
  await see.text(page.getByTestId('change-next'), '资金峰值调整');
  await see.text(page.getByTestId('change-levels').locator('tr', { hasText: '置业集团' }), '¥300,000.00');
  await see.text(page.getByTestId('change-levels').locator('tr', { hasText: '置业集团' }), '¥240,000.00');
  await shots(page, 'capital-02-change-draft');
});

it('资金峰值调整 completes in DingTalk; 计算 gives old / new / delta per partner; one line is edited with a reason and 送审', async () => {
  const { page } = acct;
  await startFlow(page, '资金峰值调整', 'PEAK_ADJUSTMENT');
  await openTab(page, '立项调整');
  await see.text(page.getByTestId('change-next'), '峰值已调整');
  await page.getByTestId('change-calculate').click();
  await toastShown(page, '立项调整计算完成');
  const lines = page.getByTestId('change-lines');
  await see.text(lines.locator('tr', { hasText: '刘乔' }), '退款');
  await see.text(lines.locator('tr', { hasText: '刘乔' }), '¥80,000.00');
  await see.text(lines.locator('tr', { hasText: '史伟' }), '¥120,000.00');
  await see.text(lines.locator('tr', { hasText: '金涛' }), '¥60,000.00');
  await shots(page, 'capital-03-change-calculated');

  await page.getByRole('button', { name: '修改 金涛 城市公司' }).click();
  const editor = page.locator('[data-testid^=change-line-editor-]');
  await editor.getByLabel('调整后认缴').fill('55000');
  await editor.getByRole('button', { name: '保存修改' }).click();
  await see.visible(editor.getByText('请填写修改原因'));
  await editor.getByLabel('修改原因').fill('本人只追加 5 千元');
  await editor.getByRole('button', { name: '保存修改' }).click();
  await toastShown(page, '金涛 的调整后认缴已修改');
  const jin = lines.locator('tr', { hasText: '金涛' });
  await see.text(jin, '已修改');
  await see.text(jin, '本人只追加 5 千元');
  await see.text(jin, '¥55,000.00');

  await page.getByTestId('change-submit').click();
  const confirm = modal(page, '送审立项调整');
  await see.text(confirm, '¥120,000,000.00');
  await confirm.getByRole('button', { name: '确认送审' }).click();
  await toastShown(page, '已送审，等待业务管理员审核');
  await see.text(page.getByTestId('change-next'), '审核中');
});

it('the business admin reviews old / new caps and every line with its reason in 方案审核 and approves', async () => {
  const { page } = admin;
  await loginThroughForm(page, 'hhadmin');
  await openProject(page);
  await openTab(page, '方案审核');
  const review = await t.deps.db.review.findFirstOrThrow({
    where: { subjectType: 'SCHEME_CHANGE', projectId: pid, status: 'PENDING' },
  });
  const queue = page.getByTestId('review-queue');
  const row = queue.locator(`tr[data-row-key="${review.id}"]`);
  await see.visible(row);
  await row.locator('.ant-table-row-expand-icon').click();
  const detail = queue.getByTestId(`review-change-${review.subjectId}`);
  await see.text(detail.getByTestId('change-levels'), '¥240,000.00');
  await see.text(detail.getByTestId('change-lines').locator('tr', { hasText: '金涛' }), '本人只追加 5 千元');
  await shots(page, 'capital-04-review');
  await page.getByRole('button', { name: `通过 #${review.id}` }).click();
  await see.text(modal(page, '审核通过'), '立项信息变更');
  await modal(page, '审核通过').getByRole('button', { name: '审核通过' }).click();
  await toastShown(page, `审核单 #${review.id} 已审核通过`);
});

it('立项信息变更 completes in DingTalk and the change applies', async () => {
  const { page } = acct;
  await startFlow(page, '立项信息变更', 'SCHEME_CHANGE');
  await openTab(page, '立项调整');
  await see.text(page.getByTestId('change-next'), '已生效');
  const scheme = await t.deps.db.projectScheme.findUniqueOrThrow({ where: { projectId: pid } });
  expect([moneyString(scheme.peakCapital), ratioString(scheme.groupRatio)]).toEqual(['120000000.00', '0.002000']);
  await shots(page, 'capital-05-change-applied');
});

it('the business admin sends the 补缴/退款通知 (a test first) and confirms a 补缴 and a 退款', async () => {
  const { page } = admin;
  await openTab(page, '变更缴款确认');
  const table = page.getByTestId('change-dues-table');
  await see.count(table.locator('tr.ant-table-row'), 3);
  await see.text(table.locator('tr', { hasText: '史伟' }), '¥20,000.00');
  await see.text(table.locator('tr', { hasText: '金涛' }), '¥5,000.00');
  await see.text(table.locator('tr', { hasText: '刘乔' }), '退款');
  await page.getByTestId('change-notice-test').click();
  await toastShown(page, '测试消息已发送到您的钉钉');
  await page.getByTestId('change-notice-send').click();
  await modal(page, '发送补缴/退款通知').getByRole('button', { name: '正式发送' }).click();
  await toastShown(page, '补缴/退款通知已发送给 3 人');

  await page.getByRole('button', { name: '补缴确认 史伟' }).click();
  let dialog = modal(page, '补缴确认 · 史伟');
  await dialog.getByLabel('本次到账金额（元）').fill('20000.01');
  await dialog.getByRole('button', { name: '确认到账' }).click();
  await see.visible(dialog.getByText('超出未完成金额'));
  await dialog.getByLabel('本次到账金额（元）').fill('20000');
  await dialog.getByRole('button', { name: '确认到账' }).dblclick();
  await toastShown(page, /史伟 补缴 ¥20,000.00 已确认，已全部缴清/);
  await see.text(table.locator('tr.ant-table-row', { hasText: '史伟' }), '已完成');

  await page.getByRole('button', { name: '退款确认 刘乔' }).click();
  dialog = modal(page, '退款确认 · 刘乔');
  await see.text(dialog, '退款日期');
  await dialog.getByLabel('本次退款金额（元）').fill('20000');
  await shots(page, 'capital-06-refund-confirm');
  await dialog.getByRole('button', { name: '确认已退款' }).click();
  await toastShown(page, /刘乔 退款 ¥20,000.00 已确认，已全部退还/);
  await see.text(table.locator('tr.ant-table-row', { hasText: '刘乔' }), '已完成');
  await shots(page, 'capital-07-change-dues');
});

it("累计投资 shows the new totals from the ledger (partners + 平台公司 = cap per level, the totals row = the level sum) and a holder's entries in a drawer", async () => {
  const { page } = admin;
  await openTab(page, '累计投资');
  const levels = page.getByTestId('capital-levels');
  // 置业集团: cap ¥240,000 = 刘乔 ¥80,000 + 平台公司 ¥160,000; paid-in ¥100,000 − ¥20,000 refunded
  const group = levels.locator('tr', { hasText: '置业集团' });
  for (const v of ['¥240,000.00', '¥80,000.00', '¥160,000.00']) await see.text(group, v);
  // 城市公司: cap ¥240,000 = 史伟 ¥120,000 + 金涛 ¥55,000 + 平台公司 ¥65,000; paid ¥170,000, unpaid ¥5,000
  const city = levels.locator('tr', { hasText: '城市公司' });
  for (const v of ['¥240,000.00', '¥175,000.00', '¥65,000.00', '¥170,000.00', '¥5,000.00']) await see.text(city, v);
  const totals = levels.locator('tr.biz-summary-row');
  for (const v of ['¥480,000.00', '¥255,000.00', '¥225,000.00', '¥250,000.00', '= 各层级之和'])
    await see.text(totals, v);
  await see.visible(page.getByTestId('capital-chart'));
  const holders = page.getByTestId('capital-holders');
  await see.text(holders.locator('tr', { hasText: '金涛' }), '¥5,000.00');
  await shots(page, 'capital-08-cumulative');
  await page.getByRole('button', { name: '台账明细 史伟 城市公司' }).click();
  const drawer = page.getByTestId('capital-entries-drawer');
  const entries = drawer.getByTestId('capital-entries');
  await see.count(entries.locator('tr.ant-table-row'), 4);
  await see.text(entries, '认缴调整');
  await see.text(entries, '¥20,000.00');
  await shots(page, 'capital-09-entries');
  await page.keyboard.press('Escape');
  await see.hidden(drawer);
});

it("round corrections on a 补投 round: new dates (partners told), a line's limit edited before 测算, 提前截止认购 with a reason", async () => {
  const { page } = acct;
  const round = ok(
    await fx.accountant.post(`/api/projects/${pid}/rounds`, {
      kind: 'SUPPLEMENT',
      deadline: new Date(Date.now() + 86_400_000).toISOString(),
    }),
    201,
    'supplement round',
  );
  const rid: number = round.data.id;
  ok(
    await fx.accountant.post(`/api/projects/${pid}/rounds/${rid}/partners`, {
      partners: [
        { userId: fx.userId('u1003'), level: 'CITY', category: 'VOLUNTARY', minAmount: '10000', maxAmount: '50000' },
        { userId: fx.userId('u1004'), level: 'GROUP', category: 'VOLUNTARY', minAmount: '10000', maxAmount: '50000' },
      ],
    }),
    201,
    'supplement partners',
  );
  ok(await fx.accountant.post(`/api/projects/${pid}/rounds/${rid}/notices`), 200, '认购通知');
  await fx.subscribe('u1004', pid, '20000');

  await area(page).getByRole('button', { name: '刷新', exact: true }).click();
  await page.getByTestId('round-select').click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '补投认购' }).click();
  await see.text(page.getByTestId('round-select'), '补投认购');
  await page.getByTestId('round-dates-edit').click();
  const dates = modal(page, '修改日期');
  await see.text(dates, '告知名单中的合伙人');
  const newDeadline = new Date(Date.now() + 2 * 86_400_000);
  const local = new Date(newDeadline.getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
  const input = dates.getByLabel('认购截止时间');
  await input.click();
  await input.fill(local);
  await input.press('Enter');
  await dates.getByLabel('修改原因').fill('项目节点推迟，认购延长一天');
  await shots(page, 'capital-10-round-dates');
  await dates.getByRole('button', { name: '保存并通知' }).click();
  await toastShown(page, '日期已修改，已通知名单中的合伙人');
  const moved = await t.deps.db.subscriptionRound.findUniqueOrThrow({ where: { id: rid } });
  expect(Math.abs(moved.deadline.getTime() - Math.floor(newDeadline.getTime() / 1000) * 1000)).toBeLessThan(1000);

  await openTab(page, '合伙名单');
  await page.getByRole('button', { name: '修改认购条件 王磊' }).click();
  const line = modal(page, '修改认购条件 · 王磊');
  await line.getByLabel('认购上限（元）').fill('40000');
  await line.getByLabel('修改原因').fill('补投额度按剩余额度调整');
  await line.getByRole('button', { name: spaced('保存') }).click();
  await toastShown(page, '王磊 的认购条件已修改');
  await see.text(page.getByTestId('partner-table').locator('tr', { hasText: '王磊' }), '¥40,000.00');

  await page.getByTestId('close-subscriptions').click();
  const close = modal(page, '提前截止认购');
  await see.text(close, '还有 1 位合伙人未认购');
  await close.getByRole('button', { name: '确认截止' }).click();
  await see.visible(close.getByText('请填写提前截止的原因'));
  await close.getByLabel('提前截止原因').fill('王磊已电话确认放弃本轮补投');
  await shots(page, 'capital-11-close-subscriptions');
  await close.getByRole('button', { name: '确认截止' }).click();
  await toastShown(page, '认购已提前截止，可以进行测算');
  const closed = await t.deps.db.subscriptionRound.findUniqueOrThrow({ where: { id: rid } });
  expect(closed.deadline.getTime()).toBeLessThanOrEqual(Date.now());
});

it('the receipt a partner uploaded with 我已打款 is viewable and downloadable in 缴款', async () => {
  const { page } = admin;
  const due = await t.deps.db.paymentDue.findFirstOrThrow({
    where: { projectId: pid, kind: 'INITIAL', user: { dingUserId: 'u1001' } },
  });
  const partner = await fx.partner('u1001');
  const fd = new FormData();
  fd.append('file', new Blob([Buffer.from(RECEIPT_PNG, 'base64')], { type: 'image/png' }), '转账回单.png');
  const up = await fetch(`${t.base}/api/me/payment-notices/${due.id}/receipts`, {
    method: 'POST',
    headers: { authorization: `Bearer ${partner.token}` },
    body: fd,
  });
  expect(up.status).toBe(200);
  await area(page).getByRole('button', { name: '刷新', exact: true }).click();
  await page.getByTestId('round-select').click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '立项认购' }).click();
  await openTab(page, '缴款');
  await page.getByTestId(`receipt-${due.id}`).click();
  const view = modal(page, '付款凭证 · 史伟');
  await see.visible(view.getByTestId('receipt-image'));
  await shots(page, 'capital-12-receipt');
  const [file] = await Promise.all([page.waitForEvent('download'), view.getByTestId('receipt-download').click()]);
  expect(file.suggestedFilename()).toMatch(/^付款凭证-史伟.*\.png$/);
  await view
    .locator('.ant-modal-footer')
    .getByRole('button', { name: spaced('关闭') })
    .click();
  await see.hidden(view);
});

const RECEIPT_PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAPAAAACMCAIAAADN17N/AAABfklEQVR42u3SsQkAIAwAwQxj5f6FE1mntsoUooSDn+C52HmkNoUFAloCWgJaAlpAS0BLQEtAS0ALaAloCWgJaAloAS0BLQEtAS0BLaAloCWgJaAloAW0BLQEtAS0BLSAloCWgJaAloAW0BLQEtAS0AJaAvpxa0zdDmiggQYaaKCBpg1ooAU00EADDTTQQAMNNNACGmgBDTTQQAMNNNBAAw20gAZaQAMNNNBAAw000EADLaCBFtBAAw000EADDTTQQAtooAU00EADDTTQQAMNNNACGmgBDTTQQAMNNNBAAw20gAZaQAMNNNBAAw000EADLaCBBhpooIEGGmiggRbQQAtooIEGGmiggQYaaKAFNNACGmiggQYaaKCBBhpoAQ20gAYaaKCBBhpooIEGWkADLaAloCWgJaAFtAS0BLQEtAS0gJaAloCWgJaAFtAS0BLQEtAS0AJaAloCWgJaAlpAS0BLQEtAS0ALaAloCWgJaAloAS0BLQEtAS2gJaCl/ypG3SW/YPq0+AAAAABJRU5ErkJggg==';
