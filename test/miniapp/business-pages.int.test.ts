/**
 * The business pages of the mini-program — 首页, project detail, 认购, 缴款通知 and the 审批 queue — compiled,
 * run in the DingTalk-like vm harness against the running BFF (real PostgreSQL, Redis, notification workers),
 * with partners and the business admin logged in by emulator auth codes. The data is made through the API
 * first (test/support/miniapp-fixtures.ts): projects with a confirmed round and payment notices, rounds
 * waiting in 方案审核, a round still open and one past its deadline.
 */
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { startWorkers, type RunningWorkers } from '../../server/jobs/worker';
import { seedDemo } from '../../server/seed/seed';
import { formatDateTime } from '../../shared/datetime';
import { startTestApp, testDeps, type TestApp } from '../support/app';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import { eventually } from '../support/eventually';
import { CoInvestmentFixtures, PAYEE, type OpenRound, type PaymentDueRow } from '../support/miniapp-fixtures';
import { buildForTests, MiniappHarness, type HarnessOptions } from '../support/miniapp-harness';

jest.setTimeout(60_000);

let emu: TestEmulator;
let t: TestApp;
let workers: RunningWorkers;
let distDir: string;
let fx: CoInvestmentFixtures;
const harnesses: MiniappHarness[] = [];

/** u1001 (强投 50,000–100,000) and u1002 subscribed, approved, confirmed; 缴款通知 sent. */
let confirmed: OpenRound;
let dues: PaymentDueRow[];
/** Two rounds in 方案审核: one to approve, one to reject. */
let reviewToApprove: number;
let reviewToReject: number;
/** Approved in the console while the business admin has it open in the mini-program. */
let reviewDecidedElsewhere: number;
/** u1001 (强投 50,000–100,000) may subscribe for ten more minutes. */
let open: OpenRound;
/** u1001 (自愿 10,000–100,000) did not subscribe before the deadline. */
let closed: OpenRound;

beforeAll(async () => {
  emu = await startTestEmulator();
  t = await startTestApp({ deps: testDeps({ ...emu.env, NOTIFY_RELAY_INTERVAL_MS: '100' }) });
  await emu.configure({ callbackUrl: `${t.base}/api/dingtalk/callback` });
  await seedDemo(t.deps.db);
  // the notifications the steps queue are delivered (to this file's emulator), not left for another test file
  workers = await startWorkers(t.deps, t.deps.redisUrl);
  distDir = (await buildForTests('test')).outDir;
  fx = await new CoInvestmentFixtures(t, emu).init();

  const [p1, p2, p3, p4, p5, p6] = await Promise.all(
    ['小程序-靖江三期', '小程序-审核甲', '小程序-审核乙', '小程序-认购中', '小程序-已截止', '小程序-审核丙'].map((n) =>
      fx.project(n),
    ),
  );
  const short = 12_000; // room for the subscriptions below on a busy machine
  [confirmed, closed] = await Promise.all([
    fx.openRound(
      p1!,
      [
        { userid: 'u1001', level: 'CITY', category: 'MANDATORY', min: '50000', max: '100000' },
        { userid: 'u1002', level: 'CITY', category: 'VOLUNTARY', min: '10000', max: '100000' },
      ],
      short,
    ),
    fx.openRound(p5!, [{ userid: 'u1001', level: 'CITY', category: 'VOLUNTARY', min: '10000', max: '100000' }], short),
  ]);
  const [toApprove, toReject, decidedElsewhere] = await Promise.all(
    [p2!, p3!, p6!].map((pid) =>
      fx.openRound(
        pid,
        [{ userid: 'u1003', level: 'CITY', category: 'VOLUNTARY', min: '10000', max: '100000' }],
        short,
      ),
    ),
  );
  open = await fx.openRound(
    p4!,
    [{ userid: 'u1001', level: 'CITY', category: 'MANDATORY', min: '50000', max: '100000' }],
    10 * 60_000,
  );
  await fx.subscribe('u1001', confirmed.projectId, '100000');
  await fx.subscribe('u1002', confirmed.projectId, '60000');
  await fx.subscribe('u1003', toApprove!.projectId, '50000');
  await fx.subscribe('u1003', toReject!.projectId, '40000');
  await fx.subscribe('u1003', decidedElsewhere!.projectId, '30000');

  await fx.pastDeadlines([confirmed, closed, toApprove!, toReject!, decidedElsewhere!]);
  [reviewToApprove, reviewToReject, reviewDecidedElsewhere] = await Promise.all(
    [toApprove!, toReject!, decidedElsewhere!].map((r) => fx.calculateAndSubmit(r)),
  );
  dues = await fx.approveAndConfirm(confirmed, await fx.calculateAndSubmit(confirmed));
});

afterAll(async () => {
  harnesses.forEach((h) => h.dispose());
  if (t) {
    // let the workers hand what the steps queued to the emulator before they stop
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

function miniapp(userid: string, opts: Partial<HarnessOptions> = {}): MiniappHarness {
  const h = new MiniappHarness({ distDir, apiBase: t.base, authCode: () => emu.authCode(userid), ...opts });
  harnesses.push(h);
  h.loadApp();
  return h;
}

const dueOf = (userid: string) => {
  const due = dues.find((d) => d.user.id === fx.userId(userid));
  if (!due) throw new Error(`no payment due for ${userid}`);
  return due;
};
const posts = (h: MiniappHarness, path: string) =>
  h.http.filter((r) => r.method === 'POST' && r.path === path).map((r) => r.status);

describe('首页 and project detail', () => {
  it('shows my projects, totals and notices exactly as the BFF computes them', async () => {
    const h = miniapp('u1001');
    const page = await h.open('pages/home/index');
    const overview = (await (await fx.partner('u1001')).get('/api/me/overview')).data;
    expect(page.data.status).toBe('ready');
    expect(page.data.totals).toEqual(overview.totals);
    expect(page.data.projects).toEqual(overview.projects);
    const mine = (
      page.data.projects as Array<{
        projectId: number;
        invested: string;
        paid: string;
        due: string;
        paymentStatus: string;
      }>
    ).find((p) => p.projectId === confirmed.projectId);
    expect(mine).toMatchObject({ invested: '100000.00', paid: '0.00', due: '100000.00', paymentStatus: 'UNPAID' });
    // what the header shows
    const invested = h.mountComponent('components/amount/index', {
      value: (page.data.totals as { invested: string }).invested,
    });
    expect(invested.data.text).toMatch(/^¥\d{1,3}(,\d{3})*\.\d{2}$/);

    // the notices to act on: the open 认购 and the 缴款通知, each opening its page
    const notices = page.data.notices as Array<{
      key: string;
      kind: string;
      title: string;
      summary: string;
      params: Record<string, number>;
    }>;
    const subscription = notices.find((n) => n.kind === 'SUBSCRIPTION' && n.params.projectId === open.projectId)!;
    const payment = notices.find((n) => n.kind === 'PAYMENT' && n.params.noticeId === dueOf('u1001').id)!;
    expect(subscription).toMatchObject({ key: expect.stringMatching(/^SUBSCRIPTION-\d+$/), summary: '待认购' });
    expect(payment).toMatchObject({ key: `PAYMENT-${dueOf('u1001').id}`, summary: '尚欠 ¥100,000.00' });
    expect(new Set(notices.map((n) => n.key)).size).toBe(notices.length);
    await page.tap('openNotice', { key: payment.key });
    expect(h.navigations.at(-1)).toEqual({
      api: 'navigateTo',
      url: `/pages/payment/index?noticeId=${dueOf('u1001').id}`,
    });
    await page.tap('openNotice', { key: subscription.key });
    expect(h.navigations.at(-1)).toEqual({
      api: 'navigateTo',
      url: `/pages/subscribe/index?projectId=${open.projectId}`,
    });

    // a project row opens its detail page
    await page.tap('openProject', { id: confirmed.projectId });
    expect(h.navigations.at(-1)).toEqual({
      api: 'navigateTo',
      url: `/pages/project/index?projectId=${confirmed.projectId}`,
    });
    const detail = await h.open('pages/project/index', { projectId: String(confirmed.projectId) });
    expect(detail.data).toMatchObject({
      status: 'ready',
      companyName: '澄靖直属项目公司',
      acquiredText: '2026-06-30',
      scheme: { peakCapital: '100000000.00', capTotal: '500000.00', ratioText: '0.500%', statusText: '已立项' },
      subscription: {
        amount: '100000.00',
        confirmedAmount: '100000.00',
        status: 'CONFIRMED',
        lower: '50000.00',
        upper: '100000.00',
      },
      payments: [
        {
          noticeId: dueOf('u1001').id,
          dueAmount: '100000.00',
          paidAmount: '0.00',
          status: 'UNPAID',
          dueDateText: dueOf('u1001').dueDate,
        },
      ],
      distributions: [],
    });
    await detail.tap('openPayment', { id: dueOf('u1001').id });
    expect(h.navigations.at(-1)).toEqual({
      api: 'navigateTo',
      url: `/pages/payment/index?noticeId=${dueOf('u1001').id}`,
    });
  });

  it("a project that is not mine is an empty state with the BFF's words", async () => {
    const h = miniapp('u1006');
    const detail = await h.open('pages/project/index', { projectId: String(confirmed.projectId) });
    expect(detail.data).toMatchObject({ status: 'empty', stateText: '项目不存在' });
  });
});

describe('认购', () => {
  it('submits an amount within the limits after dd.confirm and shows 已认购', async () => {
    const h = miniapp('u1001');
    const page = await h.open('pages/subscribe/index', { projectId: String(open.projectId) });
    expect(page.data).toMatchObject({
      status: 'ready',
      roundTitle: '立项认购',
      levelName: '城市公司',
      categoryText: '强投',
      mandatory: true,
      lower: '50000.00',
      upper: '100000.00',
      subscription: 'OPEN',
      subscribedAmount: '',
      open: true,
      deadlineText: formatDateTime(open.deadline),
    });
    expect(page.data.countdown).toMatch(/^剩余 \d+ 分钟$/);

    await page.input('onAmountInput', '8万');
    await page.tap('submit');
    expect(page.data.amountError).toBe('金额格式不正确（最多两位小数）');
    expect(h.callsOf('confirm')).toHaveLength(0);

    await page.input('onAmountInput', '80,000');
    await page.tap('submit');
    expect(h.callsOf('confirm').map((c) => c.options.content)).toEqual([
      expect.stringContaining('认购金额 ¥80,000.00'),
    ]);
    expect(posts(h, `/api/me/projects/${open.projectId}/subscription`)).toEqual([200]);
    expect(h.toasts.at(-1)).toEqual({ type: 'success', content: '认购已提交' });
    expect(page.data).toMatchObject({
      subscription: 'SUBMITTED',
      subscribedAmount: '80000.00',
      amount: '80000.00',
      open: true,
      submitting: false,
    });
    expect(h.loadingVisible).toBe(false);
    expect(statusLabel('SUBMITTED')).toBe('已认购');
    // the BFF has it
    expect(
      (await (await fx.partner('u1001')).get(`/api/me/projects/${open.projectId}/subscription`)).data,
    ).toMatchObject({ amount: '80000.00', status: 'SUBMITTED' });

    // changing it before the deadline; cancelling the confirmation sends nothing
    const hesitant = miniapp('u1001', { confirm: false });
    const again = await hesitant.open('pages/subscribe/index', { projectId: String(open.projectId) });
    expect(again.data).toMatchObject({ amount: '80000.00', subscription: 'SUBMITTED' });
    await again.input('onAmountInput', '90000');
    await again.tap('submit');
    expect(hesitant.callsOf('confirm')).toHaveLength(1);
    expect(posts(hesitant, `/api/me/projects/${open.projectId}/subscription`)).toEqual([]);
  });

  it('above the limit: the BFF refuses and its message is the toast', async () => {
    const h = miniapp('u1001');
    const page = await h.open('pages/subscribe/index', { projectId: String(open.projectId) });
    const before = page.data.subscribedAmount;
    await page.input('onAmountInput', '150000');
    await page.tap('submit');
    expect(posts(h, `/api/me/projects/${open.projectId}/subscription`)).toEqual([400]);
    expect(h.toasts.at(-1)).toEqual({ type: 'fail', content: '认购金额应在 ¥50,000.00 至 ¥100,000.00 之间' });
    expect(page.data).toMatchObject({
      amountError: '认购金额应在 ¥50,000.00 至 ¥100,000.00 之间',
      subscribedAmount: before,
      amount: '150000',
      submitting: false,
    });

    // 强投 cannot decline either
    await page.input('onAmountInput', '0');
    await page.tap('submit');
    expect(h.callsOf('confirm').at(-1)!.options.title).toBe('放弃认购');
    expect(h.toasts.at(-1)).toEqual({ type: 'fail', content: '您是强投人员，认购金额不能低于 ¥50,000.00' });
    expect((await (await fx.partner('u1001')).get(`/api/me/projects/${open.projectId}/subscription`)).data.amount).toBe(
      before || null,
    );
  });

  it('after the deadline: the form is closed and a submission is refused', async () => {
    const h = miniapp('u1001');
    const page = await h.open('pages/subscribe/index', { projectId: String(closed.projectId) });
    expect(page.data).toMatchObject({
      status: 'ready',
      subscription: 'CLOSED',
      open: false,
      countdown: '已截止',
      subscribedAmount: '',
    });
    // what the BFF says to a late submission
    const late = await (
      await fx.partner('u1001')
    ).post(`/api/me/projects/${closed.projectId}/subscription`, { amount: '50000' });
    expect(late.status).toBe(409);
    expect(late.data.message).toBe(`认购已于 ${formatDateTime(closed.deadline)} 截止`);
    await page.input('onAmountInput', '50000');
    await page.tap('submit');
    expect(h.toasts.at(-1)).toEqual({ type: 'fail', content: late.data.message });
    expect(h.callsOf('confirm')).toHaveLength(0);
    expect(posts(h, `/api/me/projects/${closed.projectId}/subscription`)).toEqual([]);
  });

  it("the deadline passes while the page is open and the phone's clock is behind: the BFF's clock decides", async () => {
    const round = await fx.openRound(
      await fx.project('小程序-临近截止'),
      [{ userid: 'u1001', level: 'CITY', category: 'VOLUNTARY', min: '10000', max: '100000' }],
      3000,
    );
    const h = miniapp('u1001');
    const page = await h.open('pages/subscribe/index', { projectId: String(round.projectId) });
    expect(page.data).toMatchObject({ status: 'ready', subscription: 'OPEN', open: true });
    // the phone's clock is two minutes slow, so its countdown has not run out when the real deadline passes
    h.evaluate(`(function () { var real = Date.now; Date.now = function () { return real() - 120000; }; })()`);
    await fx.pastDeadlines([round]);
    await page.input('onAmountInput', '50000');
    await page.tap('submit');
    expect(posts(h, `/api/me/projects/${round.projectId}/subscription`)).toEqual([409]);
    expect(h.toasts.at(-1)).toEqual({ type: 'fail', content: `认购已于 ${formatDateTime(round.deadline)} 截止` });
    expect(page.data).toMatchObject({ open: false, subscription: 'CLOSED', subscribedAmount: '', submitting: false });
  });
});

describe('缴款通知', () => {
  it('shows the amount due, the due date, the payee and the status; 我已打款 uploads the receipt', async () => {
    const due = dueOf('u1001');
    const h = miniapp('u1001');
    const page = await h.open('pages/payment/index', { noticeId: String(due.id) });
    expect(page.data).toMatchObject({
      status: 'ready',
      title: '立项认购缴款',
      dueAmount: '100000.00',
      paidAmount: '0.00',
      outstanding: '100000.00',
      dueDateText: due.dueDate,
      paymentStatus: 'UNPAID',
      payee: { accountName: PAYEE.payeeName, bankName: PAYEE.payeeBank, accountNo: PAYEE.payeeAccount },
      canMarkPaid: true,
      markedPaidText: '',
    });
    expect(h.mountComponent('components/amount/index', { value: page.data.outstanding }).data.text).toBe('¥100,000.00');
    expect(statusLabel(String(page.data.paymentStatus))).toBe('未缴');

    // the payee block (components/payee-account, shared with 补缴通知) copies the full account number
    const payee = h.mountComponent('components/payee-account/index', { account: page.data.payee });
    payee.call('copy');
    expect(h.callsOf('setClipboard').map((c) => c.options.text)).toEqual([PAYEE.payeeAccount]);

    await page.tap('markPaid');
    expect(h.callsOf('chooseImage')).toHaveLength(1);
    expect(posts(h, `/api/me/payment-notices/${due.id}/receipts`)).toEqual([200]);
    expect(h.toasts.at(-1)).toEqual({ type: 'success', content: '已提交打款凭证' });
    expect(page.data).toMatchObject({
      receiptCount: 1,
      markedPaidText: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}/),
      paymentStatus: 'UNPAID',
      submitting: false,
    });
    const notice = (await (await fx.partner('u1001')).get(`/api/me/payment-notices/${due.id}`)).data;
    expect(notice.markedPaidAt).toEqual(expect.any(String));
    expect(notice.receipts).toHaveLength(1);
    // the project's accountants are told, with the button to 缴款 where they confirm the money arrived
    const told = await t.deps.db.notification.findMany({
      where: { kind: 'payment_marked_paid', dedupeKey: { startsWith: `payment:${due.id}:marked:` } },
    });
    expect(told.length).toBeGreaterThan(0);
    for (const n of told)
      expect(JSON.stringify(n.payload)).toContain(`/console/business/payments?projectId=${confirmed.projectId}`);
  });

  it('a partial payment confirmed by the accountant shows as 部分缴款 with what is still outstanding', async () => {
    const due = dueOf('u1002');
    await fx.confirmPayment(confirmed.projectId, due, '20000', '2026-11-20');
    const h = miniapp('u1002');
    const page = await h.open('pages/payment/index', { noticeId: String(due.id) });
    expect(page.data).toMatchObject({
      dueAmount: '60000.00',
      paidAmount: '20000.00',
      outstanding: '40000.00',
      paymentStatus: 'PARTIAL',
      canMarkPaid: true,
    });
    expect(statusLabel('PARTIAL')).toBe('部分缴款');
    expect(statusLabel('FORFEITED')).toBe('已放弃');
  });

  it("someone else's notice is not shown", async () => {
    const h = miniapp('u1003');
    const page = await h.open('pages/payment/index', { noticeId: String(dueOf('u1001').id) });
    expect(page.data).toMatchObject({ status: 'empty', stateText: '缴款通知不存在' });
  });
});

describe('审批 queue (方案审核)', () => {
  it('the business admin approves one item and it leaves the queue', async () => {
    const h = miniapp('hhadmin01');
    const queue = await h.open('pages/reviews/index');
    const items = queue.data.items as Array<{
      id: number;
      title: string;
      kind: string;
      amount: string;
      submittedBy: string;
      status: string;
    }>;
    const target = items.find((i) => i.id === reviewToApprove)!;
    expect(target).toMatchObject({
      kind: '方案审核',
      amount: '50000.00',
      submittedBy: '环沪会计-陈洁',
      status: 'PENDING',
      title: expect.stringContaining('立项认购方案（合计 ¥50,000.00）'),
    });
    expect(items.map((i) => i.id)).toContain(reviewToReject);
    expect(queue.data.total).toBeGreaterThanOrEqual(2);

    await queue.tap('openReview', { id: target.id });
    expect(h.navigations.at(-1)).toEqual({ api: 'navigateTo', url: `/pages/review/index?reviewId=${target.id}` });
    const detail = await h.open('pages/review/index', { reviewId: String(target.id) });
    expect(detail.data).toMatchObject({
      status: 'ready',
      reviewStatus: 'PENDING',
      title: target.title,
      canDecide: true,
      summary: '立项认购：名单 1 人，已认购 1 人，计入投资 1 人，合计 ¥50,000.00',
      lines: [{ label: '王磊（城市公司·自愿）', value: '¥50,000.00' }],
    });

    await detail.tap('approve');
    expect(h.callsOf('confirm').at(-1)!.options.title).toBe('审核通过');
    expect(posts(h, `/api/reviews/${target.id}/approve`)).toEqual([200]);
    expect(h.toasts.at(-1)).toEqual({ type: 'success', content: '已通过' });
    expect(h.navigations.at(-1)!.api).toBe('navigateBack');

    await queue.show();
    expect((queue.data.items as Array<{ id: number }>).map((i) => i.id)).not.toContain(target.id);
    expect((await fx.reviewer.get(`/api/reviews/${target.id}`)).data.status).toBe('APPROVED');
  });

  it('rejecting needs a reason, and sends it', async () => {
    const h = miniapp('hhadmin01');
    const queue = await h.open('pages/reviews/index');
    const detail = await h.open('pages/review/index', { reviewId: String(reviewToReject) });
    await detail.tap('startReject');
    await detail.tap('submitReject');
    expect(detail.data.reasonError).toBe('请填写驳回原因');
    expect(h.http.filter((r) => r.path.endsWith('/reject'))).toEqual([]);
    const reason = '资金峰值与股东会决议不一致，请核对后重新送审';
    await detail.input('onReasonInput', reason);
    await detail.tap('submitReject');
    expect(posts(h, `/api/reviews/${reviewToReject}/reject`)).toEqual([200]);
    expect(h.toasts.at(-1)).toEqual({ type: 'success', content: '已驳回' });
    await queue.show();
    expect((queue.data.items as Array<{ id: number }>).map((i) => i.id)).not.toContain(reviewToReject);
    expect((await fx.reviewer.get(`/api/reviews/${reviewToReject}`)).data).toMatchObject({
      status: 'REJECTED',
      reason,
    });

    // opened again (e.g. from the DingTalk todo), it shows the decision instead of the buttons
    const stale = await h.open('pages/review/index', { reviewId: String(reviewToReject) });
    expect(stale.data).toMatchObject({ reviewStatus: 'REJECTED', decisionReason: reason });
  });

  it("an item decided elsewhere meanwhile is not decided twice: the BFF's message, then the decision", async () => {
    const h = miniapp('hhadmin01');
    const detail = await h.open('pages/review/index', { reviewId: String(reviewDecidedElsewhere) });
    expect(detail.data).toMatchObject({ reviewStatus: 'PENDING', canDecide: true });
    // the same admin approves it in the console
    expect((await fx.reviewer.post(`/api/reviews/${reviewDecidedElsewhere}/approve`, {})).status).toBe(200);
    await detail.tap('startReject');
    await detail.input('onReasonInput', '金额有误');
    await detail.tap('submitReject');
    expect(posts(h, `/api/reviews/${reviewDecidedElsewhere}/reject`)).toEqual([409]);
    expect(h.toasts.at(-1)).toEqual({ type: 'fail', content: '该审核已通过，不能再次处理' });
    expect(detail.data).toMatchObject({ reviewStatus: 'APPROVED', submitting: false });
    expect((await fx.reviewer.get(`/api/reviews/${reviewDecidedElsewhere}`)).data).toMatchObject({
      status: 'APPROVED',
      reason: null,
    });
  });

  it('the accountant sees a submission read-only', async () => {
    const h = miniapp('hhkj001');
    const detail = await h.open('pages/review/index', { reviewId: String(reviewToApprove) });
    expect(detail.data).toMatchObject({ status: 'ready', canDecide: false, kind: '方案审核' });
  });
});

/** What the status tag shows: the built sjs/format.sjs, evaluated as the view layer does. */
function statusLabel(status: string): string {
  sjs ??= vm.runInNewContext(
    `(function(){ ${fs.readFileSync(path.join(distDir, 'sjs/format.sjs'), 'utf8').replace('export default', 'return')} })()`,
  ) as { label: (s: string) => string };
  return sjs.label(status);
}
let sjs: { label: (s: string) => string } | undefined;
