/**
 * The mini-program as a person sees it: every page of the built mini-program opened in the DingTalk-like harness
 * against the running BFF with realistic data, then drawn at 375×812 by Debian's chromium (AXML + ACSS rendered
 * by test/support/miniapp-render.ts, DingTalk's title bar and tab bar around it) to test/artifacts/miniapp/.
 * `npm run miniapp:preview` runs this file.
 *
 * The data (made through the product's API, or seeded like the statement's tests):
 *   史伟 (u1001) — 靖江项目's money history (test/support/statement-fixtures.ts: 认缴, two payments, a 补缴 and a
 *   退款 after peak changes, a 本金分配 and a 利润分配, the statement), its 合伙协议 generated and waiting for his
 *   signature, his 分配账户; 预览-缴款 where he subscribed ¥300,000 and the plan's cap allowed ¥200,000 (缴款通知
 *   sent); 预览-认购中 with a round open for him.
 *   业务管理员 (hhadmin01) — a 方案审核 waiting (预览-审核).
 * Each page is checked: the PNG exists and is not blank, and no binding is left unresolved in what it shows.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import type { Browser } from 'playwright-core';
import { generateAgreements } from '../../server/modules/agreements/generate-agreements';
import { startWorkers, type RunningWorkers } from '../../server/jobs/worker';
import { runDisclosureDigests } from '../../server/modules/disclosure/send-disclosure-digests';
import { seedDemo } from '../../server/seed/seed';
import { shanghaiDay } from '../../shared/datetime';
import { startTestApp, testDeps, type TestApp } from '../support/app';
import { loginAs } from '../support/auth';
import { launchBrowser } from '../support/browser';
import { writeLedger } from '../support/distribution-fixtures';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import { eventually } from '../support/eventually';
import { CoInvestmentFixtures, type ChangeDueRow, type PaymentDueRow } from '../support/miniapp-fixtures';
import { buildForTests, MiniappHarness } from '../support/miniapp-harness';
import { inkRatio, screenshotPage, type Shot } from '../support/miniapp-preview';
import { PLACEHOLDER_TEXT } from '../support/placeholders';
import { seedStatementScenario, type StatementScenario } from '../support/statement-fixtures';

jest.setTimeout(180_000);

let emu: TestEmulator;
let t: TestApp;
let workers: RunningWorkers;
let browser: Browser;
let distDir: string;
let scenario: StatementScenario;
let payProject: number;
let openProject: number;
let payDue: PaymentDueRow;
let reviewId: number;
let topUp: ChangeDueRow;
let refund: ChangeDueRow;
let exitId: number;
let digestId: number;
const TODAY = shanghaiDay();
const harnesses: MiniappHarness[] = [];

beforeAll(async () => {
  emu = await startTestEmulator();
  t = await startTestApp({ deps: testDeps({ ...emu.env, NOTIFY_RELAY_INTERVAL_MS: '100' }) });
  await emu.configure({ callbackUrl: `${t.base}/api/dingtalk/callback` });
  await seedDemo(t.deps.db);
  workers = await startWorkers(t.deps, t.deps.redisUrl);
  [distDir, browser] = await Promise.all([buildForTests('test').then((b) => b.outDir), launchBrowser()]);
  const db = t.deps.db;

  // 靖江项目: the money history, then the 合伙协议 of its 立项 round generated
  scenario = await seedStatementScenario(db);
  const round = await db.subscriptionRound.create({
    data: {
      projectId: scenario.projectId,
      kind: 'INITIAL',
      seq: 1,
      title: '立项认购',
      deadline: new Date('2025-01-01T00:00:00Z'),
      status: 'CONFIRMED',
      partners: {
        create: [
          {
            userId: scenario.shiwei,
            level: 'CITY',
            category: 'VOLUNTARY',
            minAmount: '10000',
            maxAmount: '500000',
            subscribedAmount: '300000',
            allocatedAmount: '300000',
            investedAmount: '300000',
          },
        ],
      },
    },
  });
  await generateAgreements(
    t.deps,
    { actorId: scenario.accountantId, actorName: '会计', requestId: null, ip: null },
    scenario.projectId,
    { roundId: round.id, userIds: [scenario.shiwei] },
  );

  const fx = await new CoInvestmentFixtures(t, emu).init();
  // 预览-缴款: the city level's cap is ¥200,000 (1 亿 × 0.2%) and 史伟 may take up to ¥300,000
  const [pay, open, review, changed, exiting] = await Promise.all([
    fx.project('预览-缴款', { scheme: { perPersonCapRatio: '0.003' } }),
    fx.project('预览-认购中'),
    fx.project('预览-审核'),
    fx.project('预览-峰值变更'),
    fx.project('预览-退出'),
  ]);
  payProject = pay;
  openProject = open;
  const [payRound, reviewRound, , changeRound, exitRound] = await Promise.all([
    fx.openRound(pay, [{ userid: 'u1001', level: 'CITY', category: 'VOLUNTARY', min: '10000', max: '300000' }], 10_000),
    fx.openRound(
      review,
      [{ userid: 'u1003', level: 'CITY', category: 'VOLUNTARY', min: '10000', max: '100000' }],
      10_000,
    ),
    fx.openRound(
      open,
      [{ userid: 'u1001', level: 'CITY', category: 'MANDATORY', min: '50000', max: '100000' }],
      600_000,
    ),
    fx.openRound(
      changed,
      [
        { userid: 'u1001', level: 'CITY', category: 'MANDATORY', min: '50000', max: '100000' },
        { userid: 'u1002', level: 'CITY', category: 'VOLUNTARY', min: '10000', max: '100000' },
      ],
      10_000,
    ),
    fx.openRound(
      exiting,
      [{ userid: 'u1002', level: 'GROUP', category: 'VOLUNTARY', min: '10000', max: '100000' }],
      10_000,
    ),
  ]);
  await fx.subscribe('u1001', pay, '300000');
  await fx.subscribe('u1003', review, '50000');
  await fx.subscribe('u1001', changed, '80000');
  await fx.subscribe('u1002', changed, '60000');
  await fx.subscribe('u1002', exiting, '50000');
  await fx.pastDeadlines([payRound, reviewRound, changeRound, exitRound]);
  reviewId = await fx.calculateAndSubmit(reviewRound);
  const dues = await fx.approveAndConfirm(payRound, await fx.calculateAndSubmit(payRound));
  payDue = dues.find((d) => d.user.id === fx.userId('u1001'))!;

  // 预览-峰值变更: paid in, then a 峰值变更 gives 史伟 a 补缴 and 王磊 (u1002, lowered on request) a 退款
  const changeDues = await fx.approveAndConfirm(changeRound, await fx.calculateAndSubmit(changeRound));
  for (const d of changeDues) await fx.confirmPayment(changed, d, d.amountDue, '2026-11-20');
  const change = await fx.peakChange(changed, {
    peakCapital: '120000000',
    groupRatio: '0.003',
    cityRatio: '0.002',
    reason: '项目追加地块，资金峰值上调',
    edits: [{ userid: 'u1002', newCommitted: '40000', reason: '本人申请降低认缴' }],
  });
  topUp = change.dues.find((d) => d.kind === 'TOPUP' && d.user.id === fx.userId('u1001'))!;
  refund = change.dues.find((d) => d.kind === 'REFUND' && d.user.id === fx.userId('u1002'))!;
  await fx.confirmChangeDue(changed, change.changeId, refund, '5000', '2026-11-30');

  // 预览-退出: u1002 paid in, retires; 测算 with profit received and a 5% discount, the flow agreed, 登记打款
  const exitDues = await fx.approveAndConfirm(exitRound, await fx.calculateAndSubmit(exitRound));
  for (const d of exitDues) await fx.confirmPayment(exiting, d, d.amountDue, TODAY);
  exitId = await exitPaidOut(fx, exiting, fx.userId('u1002'));

  digestId = await disclosureDigest(scenario.shiwei);

  const me = await fx.partner('u1001');
  expect(
    (
      await me.put('/api/me/distribution-account', {
        accountName: '史伟',
        bankName: '中国工商银行',
        branchName: '江阴支行',
        accountNo: '6222021234561234',
      })
    ).status,
  ).toBe(200);
});

async function exitPaidOut(fx: CoInvestmentFixtures, pid: number, userId: number): Promise<number> {
  const acct = fx.accountant;
  const settings = (await acct.get(`/api/projects/${pid}/exit-settings`)).data;
  const retirement = settings.resolved.find((x: { code: string }) => x.code === 'RETIREMENT');
  const rule = { ...retirement.rule, interest: { ...retirement.rule.interest, enabled: false }, discountRate: '0.05' };
  expect(
    (
      await acct.put(`/api/projects/${pid}/exit-settings`, {
        version: settings.version,
        settings: { types: [{ code: 'RETIREMENT', label: '退休', enabled: true, rule }] },
      })
    ).status,
  ).toBe(200);
  const calc = await acct.post(`/api/projects/${pid}/exits`, {
    userId,
    exitType: 'RETIREMENT',
    exitDate: TODAY,
    received: { GROUP: { profitReceived: '4000' } },
  });
  expect(calc.status).toBe(201);
  const id: number = calc.data.id;
  const run = await acct.post(`/api/projects/${pid}/flows/EXIT/start`, { subjectId: id });
  expect(run.status).toBe(201);
  await emu.completeApproval(run.data.instanceId, 'agree');
  await eventually(async () =>
    expect((await acct.get(`/api/projects/${pid}/exits/${id}`)).data.status).toBe('COMPLETED'),
  );
  const done = (await acct.get(`/api/projects/${pid}/exits/${id}`)).data;
  const paid = await acct.post(`/api/projects/${pid}/exits/${id}/payout`, {
    version: done.version,
    amount: done.total,
    paidOn: TODAY,
    account: '工商银行 6222 0000 1111 0001',
    idempotencyKey: randomUUID(),
  });
  expect(paid.status).toBe(200);
  return id;
}

/** 江阴项目 discloses 2026Q4 (披露(循环) agreed, 披露审核 approved) to 史伟, who holds a stake; the day's 披露通知. */
async function disclosureDigest(shiwei: number): Promise<number> {
  const db = t.deps.db;
  const acct = await loginAs(t, 'hhkj');
  const reviewer = await loginAs(t, 'hhadmin');
  const id = (await db.project.findUniqueOrThrow({ where: { name: '江阴项目' } })).id;
  await db.projectScheme.create({
    data: { projectId: id, peakCapital: '50000000', cityRatio: '0.01', totalRatio: '0.01' },
  });
  await writeLedger(t, id, [
    { userId: shiwei, tranches: [['300000', '2026-01-10']] },
    { userId: null, tranches: [['200000', '2026-01-10']] },
  ]);
  await acct.put(`/api/projects/${id}/indicators`, {
    salesRevenue: '1000000000.00',
    netProfit: '100000000.00',
    irr: '15.5',
    paybackMonths: 24,
  });
  await acct.put(`/api/projects/${id}/milestones`, {
    milestones: [
      { kind: 'LAND', plannedOn: '2025-06-01' },
      { kind: 'CONSTRUCTION_START', plannedOn: '2025-09-01' },
    ],
  });
  expect(
    (
      await acct.put(`/api/projects/${id}/dynamic-indicators/2026Q4`, {
        salesRevenue: '1050000000.00',
        netProfit: '120000000.00',
        irr: '14',
        paybackMonths: 24,
        milestones: [
          { kind: 'LAND', actualOn: '2025-06-01' },
          { kind: 'CONSTRUCTION_START', actualOn: '2025-09-15' },
        ],
        version: 0,
      })
    ).status,
  ).toBe(200);
  const d = await acct.post(`/api/projects/${id}/disclosures`, {
    period: '2026Q4',
    narrative: '四季度去化加快，二期主体结构封顶；预计明年二季度首次利润分配。',
  });
  expect(d.status).toBe(201);
  const flow = await acct.post(`/api/projects/${id}/flows/DISCLOSURE/start`, {});
  expect(flow.status).toBe(201);
  await emu.completeApproval(flow.data.instanceId, 'agree');
  const reviewOf = await eventually(async () => {
    const x = (await acct.get(`/api/projects/${id}/disclosures/${d.data.id}`)).data;
    if (x.status !== 'IN_REVIEW') throw new Error(x.status);
    return x.reviewId as number;
  }, 20_000);
  const r = (await reviewer.get(`/api/reviews/${reviewOf}`)).data;
  expect((await reviewer.post(`/api/reviews/${reviewOf}/approve`, { version: r.version })).status).toBe(200);
  await runDisclosureDigests(t.deps);
  const card = await eventually(async () => {
    const c = (await emu.workNotifications('u1001'))
      .map((n) => (n.msg as { action_card?: Record<string, string> }).action_card)
      .find((a) => a?.title?.startsWith('项目信息披露'));
    if (!c) throw new Error('no 披露通知 yet');
    return c;
  }, 20_000);
  return Number(/digestId=(\d+)/.exec(card.single_url!)![1]);
}

afterAll(async () => {
  harnesses.forEach((h) => h.dispose());
  await browser?.close();
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

const shots: Shot[] = [];

async function shoot(
  name: string,
  userid: string | null,
  route: string,
  query: () => Record<string, string> = () => ({}),
): Promise<Shot> {
  const h = userid ? miniapp(userid) : new MiniappHarness({ distDir, apiBase: t.base });
  if (!userid) {
    harnesses.push(h);
    h.loadApp();
  }
  const page = await h.open(route, query());
  // realistic data: every page shows its content, not an empty or error state (the login page its logged-out state)
  if (route === 'pages/login/index') expect(page.data.phase).toBe('loggedOut');
  else expect({ name, status: page.data.status }).toEqual({ name, status: 'ready' });
  const shot = await screenshotPage(browser, page, name);
  shots.push(shot);
  return shot;
}

async function expectDrawn(shot: Shot): Promise<void> {
  expect(fs.existsSync(shot.file)).toBe(true);
  expect(fs.statSync(shot.file).size).toBeGreaterThan(3000);
  expect(await inkRatio(browser, shot.file)).toBeGreaterThan(0.03);
  expect(shot.text).not.toContain('{{');
  expect(shot.text).not.toMatch(/\bundefined\b|\bNaN\b|\[object Object\]|\bnull\b/);
  expect(shot.text).not.toMatch(PLACEHOLDER_TEXT);
}

const SCREENS: Array<[string, string | null, string, () => Record<string, string>]> = [
  ['home', 'u1001', 'pages/home/index', () => ({})],
  ['mine', 'u1001', 'pages/mine/index', () => ({})],
  ['project', 'u1001', 'pages/project/index', () => ({ projectId: String(scenario.projectId) })],
  ['project-scaled', 'u1001', 'pages/project/index', () => ({ projectId: String(payProject) })],
  ['project-open', 'u1001', 'pages/project/index', () => ({ projectId: String(openProject) })],
  ['subscribe', 'u1001', 'pages/subscribe/index', () => ({ projectId: String(openProject) })],
  ['payment', 'u1001', 'pages/payment/index', () => ({ noticeId: String(payDue.id) })],
  ['change-notice-topup', 'u1001', 'pages/change-notice/index', () => ({ dueId: String(topUp.id) })],
  ['change-notice-refund', 'u1002', 'pages/change-notice/index', () => ({ dueId: String(refund.id) })],
  ['history', 'u1001', 'pages/history/index', () => ({ projectId: String(scenario.projectId) })],
  ['agreement', 'u1001', 'pages/agreement/index', () => ({ projectId: String(scenario.projectId) })],
  ['distribution', 'u1001', 'pages/distribution/index', () => ({ lineId: String(profitLine) })],
  ['account', 'u1001', 'pages/account/index', () => ({})],
  ['exit', 'u1002', 'pages/exit/index', () => ({ exitId: String(exitId) })],
  ['disclosure', 'u1001', 'pages/disclosure/index', () => ({ digestId: String(digestId) })],
  ['statement', 'u1001', 'pages/statement/index', () => ({})],
  ['reviews', 'hhadmin01', 'pages/reviews/index', () => ({})],
  ['review', 'hhadmin01', 'pages/review/index', () => ({ reviewId: String(reviewId) })],
  ['home-reviewer', 'hhadmin01', 'pages/home/index', () => ({})],
  ['mine-reviewer', 'hhadmin01', 'pages/mine/index', () => ({})],
  ['login', null, 'pages/login/index', () => ({ loggedOut: '1' })],
];

let profitLine = 0;

beforeAll(async () => {
  profitLine = (
    await t.deps.db.distributionLine.findFirstOrThrow({
      where: { userId: scenario.shiwei, profit: { gt: 0 } },
    })
  ).id;
});

it.each(SCREENS)('%s is drawn with its data', async (name, userid, route, query) => {
  const shot = await shoot(name, userid, route, query);
  await expectDrawn(shot);
});

it('every page of app.json is among the screenshots', () => {
  const pages = (JSON.parse(fs.readFileSync('miniapp/app.json', 'utf8')) as { pages: string[] }).pages;
  expect(pages.filter((p) => !SCREENS.some((s) => s[2] === p))).toEqual([]);
});

describe('审批 only for users who review', () => {
  it('a partner sees no 审批 entry on 首页 or 我的', async () => {
    const h = miniapp('u1001');
    const home = await h.open('pages/home/index');
    const mine = await h.open('pages/mine/index');
    expect(home.data).toMatchObject({ reviewer: false, pendingReviews: 0 });
    expect(mine.data).toMatchObject({ reviewer: false, pendingReviews: 0 });
    expect(h.http.filter((r) => r.path.startsWith('/api/reviews'))).toEqual([]);
    expect(shots.find((s) => s.name === 'home')?.text).not.toMatch(/审批/);
  });

  it('the business admin gets the entry with the pending count on both, and it opens the queue', async () => {
    const h = miniapp('hhadmin01');
    const home = await h.open('pages/home/index');
    expect(home.data).toMatchObject({ status: 'ready', reviewer: true, pendingReviews: 1 });
    const mine = await h.open('pages/mine/index');
    expect(mine.data).toMatchObject({ reviewer: true, pendingReviews: 1 });
    await home.tap('openReviews');
    await mine.tap('openReviews');
    expect(h.navigations.slice(-2)).toEqual([
      { api: 'navigateTo', url: '/pages/reviews/index' },
      { api: 'navigateTo', url: '/pages/reviews/index' },
    ]);
    expect(shots.find((s) => s.name === 'home-reviewer')?.text).toContain('1 项待审批');
  });
});

describe('pull to refresh', () => {
  it.each([
    ['pages/home/index', 'u1001', {}, '/api/me/overview'],
    ['pages/project/index', 'u1001', () => ({ projectId: String(scenario.projectId) }), '/api/me/projects/'],
    ['pages/history/index', 'u1001', () => ({ projectId: String(scenario.projectId) }), '/capital-history'],
    ['pages/statement/index', 'u1001', {}, '/api/me/statement'],
    ['pages/agreement/index', 'u1001', () => ({ projectId: String(scenario.projectId) }), '/agreement'],
    ['pages/reviews/index', 'hhadmin01', {}, '/api/reviews'],
  ] as const)('%s reloads from the BFF and stops the spinner', async (route, userid, query, path) => {
    const h = miniapp(userid);
    const page = await h.open(route, typeof query === 'function' ? query() : query);
    const before = h.http.filter((r) => r.path.includes(path)).length;
    expect(before).toBeGreaterThan(0);
    expect(h.callsOf('stopPullDownRefresh')).toHaveLength(0);
    await page.pullDown();
    expect(h.http.filter((r) => r.path.includes(path)).length).toBe(before + 1);
    expect(h.callsOf('stopPullDownRefresh')).toHaveLength(1);
    expect(page.data.status).toBe('ready');
  });
});
