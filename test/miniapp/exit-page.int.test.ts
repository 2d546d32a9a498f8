/**
 * 退出结算单 (pages/exit/index), compiled and run in the DingTalk-like harness against the running BFF: a partner's
 * holding from 立项 and 缴款 (through the product), a 退休 测算 with profit received and a 5% discount, the 离职退休流程 agreed in the emulator, 登记打款 — then the action card of
 * the payout notice opens the page with every part of the price, the payout and the account masked. Another partner
 * gets 404 and an empty state.
 */
import { randomUUID } from 'node:crypto';
import { startWorkers, type RunningWorkers } from '../../server/jobs/worker';
import { seedDemo } from '../../server/seed/seed';
import { exitStatementUrl } from '../../shared/deeplinks';
import { shanghaiDay } from '../../shared/datetime';
import { startTestApp, testDeps, type TestApp } from '../support/app';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import { eventually } from '../support/eventually';
import { CoInvestmentFixtures } from '../support/miniapp-fixtures';
import { buildForTests, MiniappHarness } from '../support/miniapp-harness';

jest.setTimeout(120_000);

let emu: TestEmulator;
let t: TestApp;
let workers: RunningWorkers;
let distDir: string;
let fx: CoInvestmentFixtures;
const harnesses: MiniappHarness[] = [];
// the 立项 commitments are dated the day 事业合伙立项 completes: the exit is priced on that day
const TODAY = shanghaiDay();
let exitId: number;
let projectId: number;

beforeAll(async () => {
  emu = await startTestEmulator();
  t = await startTestApp({ deps: testDeps({ ...emu.env, NOTIFY_RELAY_INTERVAL_MS: '100' }) });
  await emu.configure({ callbackUrl: `${t.base}/api/dingtalk/callback` });
  await seedDemo(t.deps.db);
  workers = await startWorkers(t.deps, t.deps.redisUrl);
  distDir = (await buildForTests('test')).outDir;
  fx = await new CoInvestmentFixtures(t, emu).init();

  // 立项 through the product: u1001 (城市公司) and u1002 (置业集团) subscribe, 测算, 方案审核, 事业合伙立项, paid in full
  const pid = await fx.project('小程序-退出');
  projectId = pid;
  const me = fx.userId('u1001');
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
  const dues = await fx.approveAndConfirm(round, await fx.calculateAndSubmit(round));
  for (const due of dues) await fx.confirmPayment(pid, due, due.amountDue, TODAY);
  // the project's 退休 rule: interest off, profit deducted, a 5% discount
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
    userId: me,
    exitType: 'RETIREMENT',
    exitDate: TODAY,
    received: { CITY: { profitReceived: '4000' } },
  });
  expect(calc.status).toBe(201);
  exitId = calc.data.id;
  const run = await acct.post(`/api/projects/${pid}/flows/EXIT/start`, { subjectId: exitId });
  expect(run.status).toBe(201);
  await emu.completeApproval(run.data.instanceId, 'agree');
  await eventually(async () =>
    expect((await acct.get(`/api/projects/${pid}/exits/${exitId}`)).data.status).toBe('COMPLETED'),
  );
  const done = (await acct.get(`/api/projects/${pid}/exits/${exitId}`)).data;
  const paid = await acct.post(`/api/projects/${pid}/exits/${exitId}/payout`, {
    version: done.version,
    amount: done.total,
    paidOn: TODAY,
    account: '工商银行 6222 0000 1111 0001',
    idempotencyKey: randomUUID(),
  });
  expect(paid.status).toBe(200);
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

it('the payout notice is an action card that opens the statement: each part, the price, the payout', async () => {
  const notice = await t.deps.db.notification.findFirstOrThrow({ where: { dedupeKey: `exit:${exitId}:statement` } });
  const card = (notice.payload as { msg: { msgtype: string; action_card: { single_url: string; markdown: string } } })
    .msg;
  expect(card.msgtype).toBe('action_card');
  expect(card.action_card.single_url).toBe(exitStatementUrl(exitId));
  expect(card.action_card.markdown).toContain('工商银行 6222 **** **** 0001');
  expect(card.action_card.markdown).not.toContain('6222 0000 1111 0001');

  const h = miniapp('u1001');
  const page = await h.openUrl(exitStatementUrl(exitId));
  expect(page.route).toBe('pages/exit/index');
  // 城市公司 80,000 − 4,000 profit = 76,000, −5% = 72,200
  expect(page.data).toMatchObject({
    status: 'ready',
    exitTypeLabel: '退休',
    statusLabel: '已打款',
    exitDateText: TODAY,
    total: '72200.00',
    transferText: `您在本项目的跟投份额已于 ${TODAY} 由平台公司承接。`,
    paid: true,
    payoutAmount: '72200.00',
    payoutDateText: TODAY,
    payoutAccount: '工商银行 6222 **** **** 0001',
    payoutNote: '',
  });
  const holdings = page.data.holdings as Array<{
    levelLabel: string;
    price: string;
    rows: Array<{ label: string; value: string }>;
  }>;
  expect(holdings.map((x) => [x.levelLabel, x.price, x.rows.map((r) => `${r.label} ${r.value}`)])).toEqual([
    ['城市公司', '72200.00', ['实缴本金 80000.00', '扣除已分配利润 -4000.00', '折价（5.00%） -3800.00']],
  ]);
  expect(h.mountComponent('components/amount/index', { value: page.data.total }).data.text).toBe('¥72,200.00');
});

it("another partner's exit: 404 from the BFF and an empty state on the page", async () => {
  const other = await (await fx.partner('u1002')).get(`/api/me/exits/${exitId}`);
  expect(other.status).toBe(404);
  const h = miniapp('u1002');
  const page = await h.open('pages/exit/index', { exitId: String(exitId) });
  expect(page.data).toMatchObject({ status: 'empty', stateTitle: '暂无退出结算单' });
});

it('a link without an exit id says so', async () => {
  const h = miniapp('u1001');
  const page = await h.open('pages/exit/index', {});
  expect(page.data).toMatchObject({ status: 'empty', stateTitle: '链接无效' });
});

it('项目 offers the 退出结算单 once the flow has started; a 测算 not sent for approval is not shown', async () => {
  const h = miniapp('u1001');
  const page = await h.open('pages/project/index', { projectId: String(projectId) });
  expect(page.data).toMatchObject({ status: 'ready', exitId, marks: ['EXITED'] });
  await page.tap('openExit');
  expect(h.navigations.at(-1)).toEqual({ api: 'navigateTo', url: `/pages/exit/index?exitId=${exitId}` });

  // u1002's exit only priced: neither the project page nor the statement shows it yet
  const draft = await fx.accountant.post(`/api/projects/${projectId}/exits`, {
    userId: fx.userId('u1002'),
    exitType: 'RESIGNATION',
    exitDate: TODAY,
  });
  expect(draft.status).toBe(201);
  const other = await fx.partner('u1002');
  expect((await other.get(`/api/me/projects/${projectId}`)).data.exitId).toBeNull();
  expect((await other.get(`/api/me/exits/${draft.data.id}`)).status).toBe(404);
});
