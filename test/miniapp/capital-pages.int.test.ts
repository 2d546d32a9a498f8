/**
 * The partner's side of capital changes — 补缴/退款通知 and 投资记录 — compiled, run in the DingTalk-like vm harness
 * against the running BFF. The data is made through the API (test/support/miniapp-fixtures.ts): a project through
 * 立项 with two partners who pay in full, then a 峰值变更 (¥100,000,000 → ¥120,000,000) taken through 资金峰值调整,
 * 立项调整 (the accountant lowers one partner's commitment below what was paid), 方案审核 and 立项信息变更, which
 * gives one partner a 补缴 and the other a 退款; part of the refund is paid out.
 */
import { startWorkers, type RunningWorkers } from '../../server/jobs/worker';
import { seedDemo } from '../../server/seed/seed';
import { shanghaiDay } from '../../shared/datetime';
import { noticeUrl } from '../../shared/deeplinks';
import { startTestApp, testDeps, type TestApp } from '../support/app';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import { eventually } from '../support/eventually';
import { CoInvestmentFixtures, PAYEE, type ChangeDueRow, type OpenRound } from '../support/miniapp-fixtures';
import { buildForTests, MiniappHarness } from '../support/miniapp-harness';

jest.setTimeout(90_000);

let emu: TestEmulator;
let t: TestApp;
let workers: RunningWorkers;
let distDir: string;
let fx: CoInvestmentFixtures;
const harnesses: MiniappHarness[] = [];

/** u1001 (80,000, paid) gets a 补缴; u1002 (60,000, paid) is lowered to 40,000 and gets a 退款. */
let changed: OpenRound;
let changeId: number;
let topUp: ChangeDueRow;
let refund: ChangeDueRow;
/** u1001 may still subscribe here: nothing on the ledger yet. */
let open: OpenRound;

const REASON = '股东增资，资金峰值上调';

beforeAll(async () => {
  emu = await startTestEmulator();
  t = await startTestApp({ deps: testDeps({ ...emu.env, NOTIFY_RELAY_INTERVAL_MS: '100' }) });
  await emu.configure({ callbackUrl: `${t.base}/api/dingtalk/callback` });
  await seedDemo(t.deps.db);
  workers = await startWorkers(t.deps, t.deps.redisUrl);
  distDir = (await buildForTests('test')).outDir;
  fx = await new CoInvestmentFixtures(t, emu).init();

  const [p1, p2] = await Promise.all(['小程序-峰值变更', '小程序-未立项'].map((n) => fx.project(n)));
  changed = await fx.openRound(
    p1!,
    [
      { userid: 'u1001', level: 'CITY', category: 'MANDATORY', min: '50000', max: '100000' },
      { userid: 'u1002', level: 'CITY', category: 'VOLUNTARY', min: '10000', max: '100000' },
    ],
    12_000, // room for the subscriptions below on a busy machine
  );
  open = await fx.openRound(
    p2!,
    [{ userid: 'u1001', level: 'CITY', category: 'VOLUNTARY', min: '10000', max: '100000' }],
    10 * 60_000,
  );
  await fx.subscribe('u1001', changed.projectId, '80000');
  await fx.subscribe('u1002', changed.projectId, '60000');
  await fx.pastDeadlines([changed]);
  const dues = await fx.approveAndConfirm(changed, await fx.calculateAndSubmit(changed));
  const dueOf = (userid: string) => dues.find((d) => d.user.id === fx.userId(userid))!;
  await fx.confirmPayment(changed.projectId, dueOf('u1001'), '80000', '2026-11-20');
  await fx.confirmPayment(changed.projectId, dueOf('u1002'), '60000', '2026-11-21');

  const change = await fx.peakChange(changed.projectId, {
    peakCapital: '120000000',
    groupRatio: '0.003',
    cityRatio: '0.002',
    reason: REASON,
    edits: [{ userid: 'u1002', newCommitted: '40000', reason: '本人申请降低认缴' }],
  });
  changeId = change.changeId;
  topUp = change.dues.find((d) => d.kind === 'TOPUP' && d.user.id === fx.userId('u1001'))!;
  refund = change.dues.find((d) => d.kind === 'REFUND' && d.user.id === fx.userId('u1002'))!;
  await fx.confirmChangeDue(changed.projectId, changeId, refund, '5000', '2026-11-30');
});

afterAll(async () => {
  harnesses.forEach((h) => h.dispose());
  if (t) {
    await eventually(
      async () =>
        expect(await t.deps.db.notification.count({ where: { status: { in: ['PENDING', 'QUEUED'] } } })).toBe(0),
      15_000,
    ).catch(() => undefined);
  }
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
const posts = (h: MiniappHarness, path: string) =>
  h.http.filter((r) => r.method === 'POST' && r.path === path).map((r) => r.status);

describe('补缴通知', () => {
  it('opened from the notice: the delta, the peak change behind it, what is due by when, where to pay', async () => {
    expect(topUp).toMatchObject({ amountDue: '16000.00', paidAmount: '0.00', status: 'UNPAID' });
    // the work notice's action card carries the link of this page
    const cards = await t.deps.db.notification.findMany({
      where: { userId: fx.userId('u1001'), channel: 'WORK' },
      select: { payload: true },
    });
    const links = cards.map((n) => /eapp:\/\/pages\/[a-z-]+\/index\?dueId=\d+/.exec(JSON.stringify(n.payload))?.[0]);
    expect(links).toContain(noticeUrl('TOP_UP', { dueId: topUp.id }));
    const h = miniapp('u1001');
    const page = await h.openUrl(noticeUrl('TOP_UP', { dueId: topUp.id }));
    expect(page.route).toBe('pages/change-notice/index');
    expect(page.data).toMatchObject({
      status: 'ready',
      kind: 'TOPUP',
      title: '补缴通知',
      levelText: '城市公司',
      oldCommitted: '80000.00',
      newCommitted: '96000.00',
      deltaText: '+¥16,000.00',
      paid: '80000.00',
      amountDue: '16000.00',
      paidAmount: '0.00',
      outstanding: '16000.00',
      dueDateText: topUp.dueDate,
      statusText: '未缴',
      reasonText: '资金峰值由 ¥100,000,000.00 调整为 ¥120,000,000.00（第 1 次立项调整）',
      reasonNote: REASON,
      account: { accountName: PAYEE.payeeName, bankName: PAYEE.payeeBank, accountNo: PAYEE.payeeAccount },
      canMarkPaid: true,
      markedPaidText: '',
    });
    expect(h.callsOf('setNavigationBar').at(-1)!.options.title).toBe('补缴通知');
    expect(h.mountComponent('components/amount/index', { value: page.data.outstanding }).data.text).toBe('¥16,000.00');

    // 我已打款: the same receipt upload as the 缴款通知 (a 补缴 is a payment due)
    await page.tap('markPaid');
    expect(h.callsOf('chooseImage')).toHaveLength(1);
    expect(posts(h, `/api/me/payment-notices/${topUp.id}/receipts`)).toEqual([200]);
    expect(h.toasts.at(-1)).toEqual({ type: 'success', content: '已提交打款凭证' });
    expect(page.data).toMatchObject({
      receiptCount: 1,
      markedPaidText: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/),
      statusText: '未缴',
      submitting: false,
    });

    await page.tap('openHistory');
    expect(h.navigations.at(-1)).toEqual({
      api: 'navigateTo',
      url: `/pages/history/index?projectId=${changed.projectId}`,
    });
  });

  it('is among the notices on 首页, and opens its page', async () => {
    const h = miniapp('u1001');
    const home = await h.open('pages/home/index');
    const notice = (home.data.notices as Array<{ key: string; kind: string; summary: string; deadline: string }>).find(
      (n) => n.key === `TOP_UP-${topUp.id}`,
    );
    expect(notice).toMatchObject({ kind: 'TOP_UP', summary: '待补缴 ¥16,000.00', deadline: topUp.dueDate });
    await home.tap('openNotice', { key: notice!.key });
    expect(h.navigations.at(-1)).toEqual({ api: 'navigateTo', url: `/pages/change-notice/index?dueId=${topUp.id}` });
  });

  it("another partner's due: the BFF answers 404 and the page says so, and what to do", async () => {
    const other = await (await fx.partner('u1003')).get(`/api/me/change-dues/${topUp.id}`);
    expect(other.status).toBe(404);
    const h = miniapp('u1003');
    const page = await h.open('pages/change-notice/index', { dueId: String(topUp.id) });
    expect(h.http.filter((r) => r.path === `/api/me/change-dues/${topUp.id}`).map((r) => r.status)).toEqual([404]);
    expect(page.data).toMatchObject({
      status: 'empty',
      stateTitle: '暂无补缴/退款通知',
      stateText: `${other.data.message}。请从钉钉工作通知或项目的投资记录重新打开；如有疑问，请联系项目经营会计。`,
      kind: '',
    });
  });
});

describe('退款通知', () => {
  it('the amount, the account it goes to, and how far it is paid back (部分退款 with the date)', async () => {
    const h = miniapp('u1002');
    const page = await h.openUrl(noticeUrl('REFUND', { dueId: refund.id }));
    expect(page.data).toMatchObject({
      status: 'ready',
      kind: 'REFUND',
      title: '退款通知',
      oldCommitted: '60000.00',
      newCommitted: '40000.00',
      deltaText: '-¥20,000.00',
      paid: '60000.00',
      amountDue: '20000.00',
      paidAmount: '5000.00',
      outstanding: '15000.00',
      statusText: '部分退款',
      records: [{ dateText: '2026-11-30', amount: '5000.00' }],
      canMarkPaid: false,
    });
    // no distribution account on file: the page says where the money goes instead of an empty account
    expect(page.data.account).toBeNull();
    expect(page.data.accountMissing).toBe('您尚未登记分配账户：退款将退回您缴款时的付款账户，经营会计会与您核对。');
  });
});

describe('投资记录', () => {
  it('from the project page: the round, the 立项调整, the payment, the 补缴 and the totals', async () => {
    const h = miniapp('u1001');
    const project = await h.open('pages/project/index', { projectId: String(changed.projectId) });
    expect(project.data.historyAvailable).toBe(true);
    await project.tap('openHistory');
    expect(h.navigations.at(-1)).toEqual({
      api: 'navigateTo',
      url: `/pages/history/index?projectId=${changed.projectId}`,
    });
    const page = await h.openUrl(h.navigations.at(-1)!.url);
    expect(page.data).toMatchObject({
      status: 'ready',
      committed: '96000.00',
      paid: '80000.00',
      balanceLabel: '待缴',
      balance: '16000.00',
      rounds: [{ title: '立项认购 · 城市公司', amount: '80000.00' }],
      changes: [
        {
          title: '立项调整 · 城市公司',
          oldCommitted: '80000.00',
          newCommitted: '96000.00',
          deltaText: '+¥16,000.00',
        },
      ],
      tranches: [{ title: '实缴', note: '2026-11-20 · 城市公司', amount: '80000.00' }],
      dues: [
        { title: '认购缴款 · 城市公司', amount: '80000.00', statusText: '已缴' },
        { dueId: topUp.id, title: '补缴 · 城市公司', amount: '16000.00', statusText: '未缴' },
      ],
    });
    await page.tap('openDue', { key: String(topUp.id) });
    expect(h.navigations.at(-1)).toEqual({
      api: 'navigateTo',
      url: `/pages/change-notice/index?dueId=${topUp.id}`,
    });
  });

  it('a refund: 待退 and the money paid back, dated', async () => {
    const h = miniapp('u1002');
    const page = await h.open('pages/history/index', { projectId: String(changed.projectId) });
    expect(page.data).toMatchObject({
      status: 'ready',
      committed: '40000.00',
      paid: '55000.00',
      balanceLabel: '待退',
      balance: '15000.00',
      tranches: [
        { title: '实缴', note: '2026-11-21 · 城市公司', amount: '60000.00' },
        { title: '退款', note: '2026-11-30 · 城市公司', amount: '-5000.00' },
      ],
      dues: [
        { title: '认购缴款 · 城市公司', amount: '60000.00', statusText: '已缴' },
        { dueId: refund.id, title: '退款 · 城市公司', amount: '20000.00', statusText: '部分退款' },
      ],
    });
  });

  it('nothing on the ledger yet: no link on the project page, and the page says when records appear', async () => {
    const h = miniapp('u1001');
    const project = await h.open('pages/project/index', { projectId: String(open.projectId) });
    expect(project.data).toMatchObject({ status: 'ready', historyAvailable: false });
    const page = await h.open('pages/history/index', { projectId: String(open.projectId) });
    expect(page.data).toMatchObject({
      status: 'empty',
      stateTitle: '暂无投资记录',
      stateText: '项目立项（事业合伙立项审批通过）后，这里会列出您的认缴、缴款，以及峰值变更后的立项调整、补缴和退款。',
    });
  });
});

describe('退款 paid out in full', () => {
  it('reads 已退款 with every payout dated, and 投资记录 is settled', async () => {
    const dues: ChangeDueRow[] = (
      await fx.accountant.get(`/api/projects/${changed.projectId}/scheme-changes/${changeId}/dues`)
    ).data;
    const today = shanghaiDay();
    await fx.confirmChangeDue(
      changed.projectId,
      changeId,
      dues.find((d) => d.id === refund.id)!,
      '15000',
      today,
    );
    const h = miniapp('u1002');
    const page = await h.open('pages/change-notice/index', { dueId: String(refund.id) });
    expect(page.data).toMatchObject({
      status: 'ready',
      statusText: '已退款',
      paidAmount: '20000.00',
      outstanding: '0.00',
      records: [
        { dateText: '2026-11-30', amount: '5000.00' },
        { dateText: today, amount: '15000.00' },
      ],
    });
    const history = await h.open('pages/history/index', { projectId: String(changed.projectId) });
    expect(history.data).toMatchObject({
      status: 'ready',
      committed: '40000.00',
      paid: '40000.00',
      balanceLabel: '已缴清',
      balance: '0.00',
    });
  });
});
