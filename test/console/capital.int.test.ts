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
  until,
  type ConsolePage,
} from '../support/browser';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import { eventually } from '../support/eventually';
import { CoInvestmentFixtures, PAYEE } from '../support/miniapp-fixtures';

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

beforeAll(async () => {
  await ensureConsoleBuilt();
  emu = await startTestEmulator();
  t = await startTestApp({ deps: testDeps({ ...emu.env, NOTIFY_RELAY_INTERVAL_MS: '100' }) });
  await emu.configure({ callbackUrl: `${t.base}/api/dingtalk/callback` });
  await seedDemo(t.deps.db);
  workers = await startWorkers(t.deps, t.deps.redisUrl);
  browser = await launchBrowser();
  fx = await new CoInvestmentFixtures(t, emu).init();

  // the project as 立项 left it: scheme without a per-person cap, so the change is not clamped by it
  pid = await fx.project('浏览器峰值变更');
  projectName = (await t.deps.db.project.findUniqueOrThrow({ where: { id: pid } })).name;
  const setup = ok(await fx.accountant.get(`/api/projects/${pid}/setup`), 200, 'setup').data;
  ok(
    await fx.accountant.put(`/api/projects/${pid}/scheme`, {
      version: setup.scheme.version,
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
    'scheme without a per-person cap',
  );
  // 项目资金峰值 approved in DingTalk: a peak change starts from a confirmed peak
  const peak = ok(await fx.accountant.post(`/api/projects/${pid}/flows/PEAK_CAPITAL/start`), 201, '项目资金峰值');
  await emu.completeApproval(peak.data.instanceId, 'agree');
  await eventually(async () => {
    const s = await t.deps.db.projectScheme.findUniqueOrThrow({ where: { projectId: pid } });
    if (!s.peakConfirmedAt) throw new Error('项目资金峰值 not confirmed yet');
  }, 15_000);
  const round = await fx.openRound(
    pid,
    [
      { userid: 'u1004', level: 'GROUP', category: 'VOLUNTARY', min: '10000', max: '200000' },
      { userid: 'u1001', level: 'CITY', category: 'VOLUNTARY', min: '10000', max: '200000' },
      { userid: 'u1002', level: 'CITY', category: 'VOLUNTARY', min: '10000', max: '200000' },
    ],
    3000,
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
const toast = (page: Page, text: string | RegExp) => page.locator('.ant-message').getByText(text);
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
  await bizTab(page, '项目流程').click();
  const table = page.getByTestId('flow-table');
  await page.getByRole('button', { name: `发起 ${label}` }).click();
  await modal(page, `发起【${label}】审批`).getByRole('button', { name: '确认发起' }).click();
  await toast(page, `【${label}】已发起，等待钉钉审批`).waitFor();
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
  await bizTab(page, '立项调整').click();
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
  await toast(page, '已新建第 1 次峰值变更').waitFor();
  await see.text(page.getByTestId('change-next'), '资金峰值调整');
  await see.text(page.getByTestId('change-levels').locator('tr', { hasText: '置业集团' }), '¥300,000.00');
  await see.text(page.getByTestId('change-levels').locator('tr', { hasText: '置业集团' }), '¥240,000.00');
  await shots(page, 'capital-02-change-draft');
});

it('资金峰值调整 completes in DingTalk; 计算 gives old / new / delta per partner; one line is edited with a reason and 送审', async () => {
  const { page } = acct;
  await startFlow(page, '资金峰值调整', 'PEAK_ADJUSTMENT');
  await bizTab(page, '立项调整').click();
  await see.text(page.getByTestId('change-next'), '峰值已调整');
  await page.getByTestId('change-calculate').click();
  await toast(page, '立项调整计算完成').waitFor();
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
  await toast(page, '金涛 的调整后认缴已修改').waitFor();
  const jin = lines.locator('tr', { hasText: '金涛' });
  await see.text(jin, '已修改');
  await see.text(jin, '本人只追加 5 千元');
  await see.text(jin, '¥55,000.00');

  await page.getByTestId('change-submit').click();
  const confirm = modal(page, '送审立项调整');
  await see.text(confirm, '¥120,000,000.00');
  await confirm.getByRole('button', { name: '确认送审' }).click();
  await toast(page, '已送审，等待业务管理员审核').waitFor();
  await see.text(page.getByTestId('change-next'), '审核中');
});

it('the business admin reviews old / new caps and every line with its reason in 方案审核 and approves', async () => {
  const { page } = admin;
  await loginThroughForm(page, 'hhadmin');
  await openProject(page);
  await bizTab(page, '方案审核').click();
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
  await toast(page, `审核单 #${review.id} 已审核通过`).waitFor();
});

it('立项信息变更 completes in DingTalk and the change applies', async () => {
  const { page } = acct;
  await startFlow(page, '立项信息变更', 'SCHEME_CHANGE');
  await bizTab(page, '立项调整').click();
  await see.text(page.getByTestId('change-next'), '已生效');
  const scheme = await t.deps.db.projectScheme.findUniqueOrThrow({ where: { projectId: pid } });
  expect([scheme.peakCapital.toFixed(2), scheme.groupRatio.toFixed(6)]).toEqual(['120000000.00', '0.002000']);
  await shots(page, 'capital-05-change-applied');
});

it('the business admin sends the 补缴/退款通知 (a test first) and confirms a 补缴 and a 退款', async () => {
  const { page } = admin;
  await bizTab(page, '变更缴款确认').click();
  const table = page.getByTestId('change-dues-table');
  await see.count(table.locator('tr.ant-table-row'), 3);
  await see.text(table.locator('tr', { hasText: '史伟' }), '¥20,000.00');
  await see.text(table.locator('tr', { hasText: '金涛' }), '¥5,000.00');
  await see.text(table.locator('tr', { hasText: '刘乔' }), '退款');
  await page.getByTestId('change-notice-test').click();
  await toast(page, '测试消息已发送到您的钉钉').waitFor();
  await page.getByTestId('change-notice-send').click();
  await modal(page, '发送补缴/退款通知').getByRole('button', { name: '正式发送' }).click();
  await toast(page, '补缴/退款通知已发送给 3 人').waitFor();

  await page.getByRole('button', { name: '补缴确认 史伟' }).click();
  let dialog = modal(page, '补缴确认 · 史伟');
  await dialog.getByLabel('本次到账金额（元）').fill('20000.01');
  await dialog.getByRole('button', { name: '确认到账' }).click();
  await see.visible(dialog.getByText('超出未完成金额'));
  await dialog.getByLabel('本次到账金额（元）').fill('20000');
  await dialog.getByRole('button', { name: '确认到账' }).dblclick();
  await toast(page, /史伟 补缴 ¥20,000.00 已确认，已全部缴清/)
    .first()
    .waitFor();
  await see.text(table.locator('tr.ant-table-row', { hasText: '史伟' }), '已完成');

  await page.getByRole('button', { name: '退款确认 刘乔' }).click();
  dialog = modal(page, '退款确认 · 刘乔');
  await see.text(dialog, '退款日期');
  await dialog.getByLabel('本次退款金额（元）').fill('20000');
  await shots(page, 'capital-06-refund-confirm');
  await dialog.getByRole('button', { name: '确认已退款' }).click();
  await toast(page, /刘乔 退款 ¥20,000.00 已确认，已全部退还/).waitFor();
  await see.text(table.locator('tr.ant-table-row', { hasText: '刘乔' }), '已完成');
  await shots(page, 'capital-07-change-dues');
});
