/**
 * The partner's side of distributions — 分配账户 and 分配通知 — compiled, run in the DingTalk-like vm harness against
 * the running BFF. The project is made the way people make it (test/support/miniapp-fixtures.ts): 立项 data (资金峰值
 * ¥100,000,000, 城市公司 0.2%, 置业集团 0.3%), a round where 史伟 (u1001) takes ¥80,000 and u1002 ¥60,000 at 城市公司,
 * 测算, 方案审核, 事业合伙立项 in DingTalk, both paid (73 days before the distribution); the 平台公司 holds the rest
 * (¥60,000 城市公司, ¥300,000 置业集团), with no payment of its own in the ledger. u1002 enters their own account on the
 * page; the accountant enters 史伟's and asks him to confirm it (the work notice opens the page, so does 首页); 史伟
 * confirms, later submits a correction the accountant accepts. A 清算分配 dated today (the principal, less 资金利息,
 * and ¥100,000 of profit, 20% tax) goes through 测算, 送审, 审核通过 and the 利润分配1 flow; its notice opens the
 * distribution page, before and after 发放.
 */
import { startWorkers, type RunningWorkers } from '../../server/jobs/worker';
import { seedDemo } from '../../server/seed/seed';
import { shanghaiDay } from '../../shared/datetime';
import { eappUrl, noticeUrl } from '../../shared/deeplinks';
import { startTestApp, testDeps, type TestApp } from '../support/app';
import { loginAs } from '../support/auth';
import {
  approveAndRunFlow,
  createAndCalculate,
  distributionCard,
  type BatchRef,
} from '../support/distribution-fixtures';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import { CoInvestmentFixtures } from '../support/miniapp-fixtures';
import { buildForTests, MiniappHarness } from '../support/miniapp-harness';

jest.setTimeout(120_000);

let emu: TestEmulator;
let t: TestApp;
let workers: RunningWorkers;
let distDir: string;
let fx: CoInvestmentFixtures;
let projectId: number;
const ids: Record<string, number> = {};
const harnesses: MiniappHarness[] = [];
/** The 清算分配 is dated today (the ledger's 立项 entries are dated the day the flow completes); paid 73 days before. */
const TODAY = shanghaiDay();
const PAID_ON = shanghaiDay(Date.parse(`${TODAY}T12:00:00+08:00`) - 73 * 86_400_000);

beforeAll(async () => {
  emu = await startTestEmulator();
  t = await startTestApp({ deps: testDeps({ ...emu.env, NOTIFY_RELAY_INTERVAL_MS: '100' }) });
  await emu.configure({ callbackUrl: `${t.base}/api/dingtalk/callback` });
  await seedDemo(t.deps.db);
  workers = await startWorkers(t.deps, t.deps.redisUrl);
  distDir = (await buildForTests('test')).outDir;
  fx = await new CoInvestmentFixtures(t, emu).init();
  for (const u of ['u1001', 'u1002', 'u1003']) ids[u] = fx.userId(u);
  projectId = await fx.project('小程序-分配');
  const round = await fx.openRound(
    projectId,
    [
      { userid: 'u1001', level: 'CITY', category: 'MANDATORY', min: '50000', max: '100000' },
      { userid: 'u1002', level: 'CITY', category: 'VOLUNTARY', min: '10000', max: '100000' },
    ],
    12_000,
  );
  await fx.subscribe('u1001', projectId, '80000');
  await fx.subscribe('u1002', projectId, '60000');
  await fx.pastDeadlines([round]);
  const dues = await fx.approveAndConfirm(round, await fx.calculateAndSubmit(round));
  const dueOf = (userid: string) => dues.find((d) => d.user.id === fx.userId(userid))!;
  await fx.confirmPayment(projectId, dueOf('u1001'), '80000', PAID_ON);
  await fx.confirmPayment(projectId, dueOf('u1002'), '60000', PAID_ON);
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
const calls = (h: MiniappHarness, method: string, path: string) =>
  h.http.filter((r) => r.method === method && r.path === path).map((r) => r.status);

describe('分配账户', () => {
  it('nothing on file: the page is the form; a wrong number is caught on the page; saved, it is mine and confirmed', async () => {
    const h = miniapp('u1002');
    const page = await h.open('pages/account/index');
    expect(page.data).toMatchObject({ status: 'ready', account: null, editing: true, canConfirm: false });
    await page.input('onNameInput', '第二人');
    await page.input('onBankInput', '中国银行');
    await page.input('onAccountNoInput', '6216 6000');
    await page.input('onAccountNoInput', '6216 60');
    await page.tap('saveAccount');
    expect(page.data.formError).toBe('账号应为 8–30 位数字');
    expect(calls(h, 'PUT', '/api/me/distribution-account')).toEqual([]);

    await page.input('onBranchInput', '无锡分行');
    await page.input('onAccountNoInput', '6216 6000 0000 5678');
    await page.tap('saveAccount');
    expect(calls(h, 'PUT', '/api/me/distribution-account')).toEqual([200]);
    expect(h.toasts.at(-1)).toEqual({ type: 'success', content: '已保存' });
    expect(page.data).toMatchObject({
      status: 'ready',
      editing: false,
      accountStatus: 'CONFIRMED',
      statusText: '已确认',
      canConfirm: false,
      account: {
        accountName: '第二人',
        bankName: '中国银行',
        branchName: '无锡分行',
        accountNo: '6216 **** **** 5678',
      },
      form: { accountName: '', bankName: '', branchName: '', accountNo: '' },
    });
    expect(page.data.confirmedText).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    expect(JSON.stringify(page.data)).not.toContain('6216600000005678');
  });

  it('entered by the accountant: the 分配账户确认 notice and 首页 open the page; confirmed there', async () => {
    const acct = await loginAs(t, 'hhkj');
    const put = await acct.put(`/api/projects/${projectId}/distribution-accounts/${ids.u1001}`, {
      accountName: '史伟',
      bankName: '中国工商银行',
      branchName: '江阴支行',
      accountNo: '6222021234561234',
    });
    expect(put.status).toBe(200);
    const sent = await acct.post(`/api/projects/${projectId}/distribution-accounts/confirm-requests`, {
      userIds: [ids.u1001],
    });
    expect(sent.data).toEqual({ recipients: 1, skipped: 0 });
    const card = await distributionCard(emu, 'u1001', '分配账户确认');
    expect(card.single_url).toBe(noticeUrl('ACCOUNT_CONFIRM', {}));

    const h = miniapp('u1001');
    const home = await h.open('pages/home/index');
    const notice = (home.data.notices as Array<{ key: string; kind: string; title: string }>).find(
      (n) => n.kind === 'ACCOUNT_CONFIRM',
    );
    expect(notice).toMatchObject({ title: '分配账户确认' });
    await home.tap('openNotice', { key: notice!.key });
    expect(h.navigations.at(-1)).toEqual({ api: 'navigateTo', url: '/pages/account/index' });

    const page = await h.openUrl(card.single_url!);
    expect(page.route).toBe('pages/account/index');
    expect(page.data).toMatchObject({
      status: 'ready',
      editing: false,
      accountStatus: 'UNCONFIRMED',
      statusText: '未确认',
      canConfirm: true,
      confirmationRequested: true,
      account: {
        accountName: '史伟',
        bankName: '中国工商银行',
        branchName: '江阴支行',
        accountNo: '6222 **** **** 1234',
      },
    });
    await page.tap('confirmAccount');
    expect(h.callsOf('confirm').at(-1)!.options.content).toContain('6222 **** **** 1234');
    expect(calls(h, 'POST', '/api/me/distribution-account/confirm')).toEqual([200]);
    expect(h.toasts.at(-1)).toEqual({ type: 'success', content: '已确认' });
    expect(page.data).toMatchObject({ accountStatus: 'CONFIRMED', statusText: '已确认', canConfirm: false });
    // 首页 no longer asks
    const again = await h.open('pages/home/index');
    expect((again.data.notices as Array<{ kind: string }>).some((n) => n.kind === 'ACCOUNT_CONFIRM')).toBe(false);
  });
});

describe('分配通知 (清算分配)', () => {
  let batch: BatchRef;
  let lineOf: (userId: number | null) => { id: number; payout: string };

  beforeAll(async () => {
    const acct = await loginAs(t, 'hhkj');
    const reviewer = await loginAs(t, 'hhadmin');
    const { ref, detail } = await createAndCalculate(acct, projectId, {
      kind: 'CLEARING',
      date: TODAY,
      profit: { mode: 'ENTERED', amount: '100000.00' },
    });
    batch = ref;
    lineOf = (userId) => detail.lines.find((l: { userId: number | null }) => l.userId === userId);
    await approveAndRunFlow(emu, acct, reviewer, projectId, ref, 'PROFIT_DISTRIBUTION_1');
  });

  it('the notice opens my line: principal, interest, profit, tax, 实发, the dates, the account (masked, 已确认)', async () => {
    const mine = lineOf(ids.u1001!);
    const card = await distributionCard(emu, 'u1001', '清算分配 分配通知');
    expect(card.single_url).toBe(eappUrl('distribution', { lineId: mine.id }));
    const h = miniapp('u1001');
    const page = await h.openUrl(card.single_url!);
    expect(page.route).toBe('pages/distribution/index');
    // 80,000 × 10% × 73 / 365 = 1,600; profit 16,000 (8万 of 50万: the platform's 6万 + 30万 count), tax 3,200
    expect(page.data).toMatchObject({
      status: 'ready',
      projectId,
      batchName: '清算分配',
      dateText: TODAY,
      paidText: '',
      principal: '80000.00',
      interest: '-1600.00',
      other: null,
      profit: '16000.00',
      tax: '-3200.00',
      profitNet: '12800.00',
      total: '91200.00',
      lineStatus: 'SCHEDULED',
      account: { accountName: '史伟', bankName: '中国工商银行', accountNo: '6222 **** **** 1234' },
      accountStatusText: '已确认',
      accountAction: '',
    });
    expect(page.data.noticeText).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    expect(h.callsOf('setNavigationBar').at(-1)!.options.title).toBe('清算分配');
    expect(h.mountComponent('components/amount/index', { value: page.data.total }).data.text).toBe('¥91,200.00');
    expect(JSON.stringify(page.data)).not.toMatch(/即将开放|6222021234561234/);
    await page.tap('openAccount');
    expect(h.navigations.at(-1)).toEqual({ api: 'navigateTo', url: '/pages/account/index' });
    await page.tap('openProject');
    expect(h.navigations.at(-1)).toEqual({ api: 'navigateTo', url: `/pages/project/index?projectId=${projectId}` });

    // 首页 lists it until it is paid, and opens the same page
    const home = await h.open('pages/home/index');
    const notice = (home.data.notices as Array<{ key: string; kind: string; summary: string }>).find(
      (n) => n.kind === 'DISTRIBUTION',
    );
    expect(notice).toMatchObject({ summary: '待发放 ¥91,200.00' });
    await home.tap('openNotice', { key: notice!.key });
    expect(h.navigations.at(-1)).toEqual({ api: 'navigateTo', url: `/pages/distribution/index?lineId=${mine.id}` });
  });

  it("another partner's line: 404, and the page says where to open it from", async () => {
    const h = miniapp('u1003');
    const page = await h.open('pages/distribution/index', { lineId: String(lineOf(ids.u1001!).id) });
    expect(page.data).toMatchObject({ status: 'empty', stateTitle: '暂无分配通知' });
    expect(page.data.stateText).toContain('请从钉钉工作通知或项目详情的分配列表重新打开');
    expect(page.data.stateText).not.toContain('即将开放');
  });

  it('a correction submitted on the page waits for the accountant; the line shows the account still in force', async () => {
    const h = miniapp('u1001');
    const page = await h.open('pages/account/index');
    await page.tap('startCorrection');
    expect(page.data.editing).toBe(true);
    await page.input('onNameInput', '史伟');
    await page.input('onBankInput', '中国建设银行');
    await page.input('onAccountNoInput', '6227 0000 0000 4321');
    await page.tap('saveAccount');
    expect(calls(h, 'PUT', '/api/me/distribution-account')).toEqual([200]);
    expect(h.toasts.at(-1)).toEqual({ type: 'success', content: '已提交更正，待经营会计审核' });
    expect(page.data).toMatchObject({
      editing: false,
      accountStatus: 'CORRECTION_PENDING',
      statusText: '待审核更正',
      canConfirm: false,
      account: { accountNo: '6222 **** **** 1234' },
      pending: { bankName: '中国建设银行', accountNo: '6227 **** **** 4321' },
    });
    const line = await h.open('pages/distribution/index', { lineId: String(lineOf(ids.u1001!).id) });
    expect(line.data).toMatchObject({ accountStatusText: '待审核更正', account: { accountNo: '6222 **** **** 1234' } });

    // the accountant accepts it: the new account is in force and confirmed
    const acct = await loginAs(t, 'hhkj');
    const row = (await acct.get(`/api/projects/${projectId}/distribution-accounts`)).data.find(
      (r: { userId: number }) => r.userId === ids.u1001,
    );
    const accepted = await acct.post(
      `/api/projects/${projectId}/distribution-accounts/${ids.u1001}/accept-correction`,
      { version: row.version },
    );
    expect(accepted.status).toBe(200);
    await page.pullDown();
    expect(page.data).toMatchObject({
      accountStatus: 'CONFIRMED',
      pending: null,
      account: { bankName: '中国建设银行', accountNo: '6227 **** **** 4321' },
    });
  });

  it('after 发放登记: 已发放 with the date, 已分配 on 首页 and the project page from the paid lines', async () => {
    const acct = await loginAs(t, 'hhkj');
    const detail = (await acct.get(batch.url)).data;
    const paid = await acct.post(`${batch.url}/payouts`, { version: detail.version, paidOn: TODAY });
    expect(paid.status).toBe(200);
    expect(paid.data.status).toBe('PAID');
    const h = miniapp('u1001');
    const mine = lineOf(ids.u1001!);
    const page = await h.open('pages/distribution/index', { lineId: String(mine.id) });
    expect(page.data).toMatchObject({ lineStatus: 'DISTRIBUTED', paidText: TODAY, total: '91200.00' });

    const home = await h.open('pages/home/index');
    expect(home.data.totals).toMatchObject({ distributed: '91200.00' });
    expect((home.data.notices as Array<{ kind: string }>).some((n) => n.kind === 'DISTRIBUTION')).toBe(false);
    const project = await h.open('pages/project/index', { projectId: String(projectId) });
    expect(project.data.distributions).toMatchObject([
      { lineId: mine.id, batchName: '清算分配', amount: '91200.00', status: 'PAID', dateText: TODAY },
    ]);
    await project.tap('openDistribution', { id: String(mine.id) });
    expect(h.navigations.at(-1)).toEqual({ api: 'navigateTo', url: `/pages/distribution/index?lineId=${mine.id}` });
    // the ledger: the principal the clearing returned left it (the two partners; the platform had none recorded)
    const returns = await t.deps.db.capitalEntry.findMany({ where: { projectId, kind: 'PRINCIPAL_RETURN' } });
    expect(returns.map((e) => [e.userId, e.paidDelta.toString(), e.note])).toEqual([
      [ids.u1001, '-80000', `清算分配 #${batch.id}`],
      [ids.u1002, '-60000', `清算分配 #${batch.id}`],
    ]);
  });
});
