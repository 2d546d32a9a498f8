/**
 * The capital ledger wired into the product, over HTTP (real PostgreSQL, Redis and the DingTalk emulator): the peak
 * gate and lock, closing subscriptions early, round corrections, 补投 on what is left with the platform's holding
 * reduced and the per-person cap counted across rounds, payments writing the ledger (future dates refused, a retry
 * answered as before), the receipt download, the capital overview and the partner's own history.
 */
import { runDailyPaymentDuties } from '../../server/modules/payments/run-daily-payment-duties';
import { seedDemo } from '../../server/seed/seed';
import { shanghaiDay } from '../../shared/datetime';
import { startTestApp, testDeps, type TestApp } from '../support/app';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import { eventually } from '../support/eventually';
import { CoInvestmentFixtures } from '../support/miniapp-fixtures';
import { dec, moneyString } from '../../shared/money';

let emu: TestEmulator;
let t: TestApp;
let fx: CoInvestmentFixtures;

beforeAll(async () => {
  emu = await startTestEmulator();
  t = await startTestApp({ deps: testDeps(emu.env) });
  await emu.configure({ callbackUrl: `${t.base}/api/dingtalk/callback` });
  await seedDemo(t.deps.db);
  fx = await new CoInvestmentFixtures(t, emu).init();
}, 60_000);
afterAll(async () => {
  await t.close();
  await emu.close();
});

const day = (offsetDays: number) => shanghaiDay(Date.now() + offsetDays * 86_400_000);
const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();

async function newRound(pid: number, kind: 'INITIAL' | 'SUPPLEMENT', partners: [string, string][]) {
  const round = await fx.accountant.post(`/api/projects/${pid}/rounds`, {
    kind,
    deadline: inAnHour(),
    dueDate: day(30),
  });
  expect(round.status).toBe(201);
  const rid: number = round.data.id;
  const added = await fx.accountant.post(`/api/projects/${pid}/rounds/${rid}/partners`, {
    partners: partners.map(([userid, max]) => ({
      userId: fx.userId(userid),
      level: 'CITY',
      category: 'VOLUNTARY',
      minAmount: '0',
      maxAmount: max,
    })),
  });
  expect(added.status).toBe(201);
  expect((await fx.accountant.post(`/api/projects/${pid}/rounds/${rid}/notices`)).status).toBe(200);
  return rid;
}

async function confirmThroughFlow(pid: number, rid: number, flow: 'SCHEME_APPROVAL' | 'SUPPLEMENT_APPROVAL') {
  const review = await fx.accountant.post(`/api/projects/${pid}/rounds/${rid}/submit`);
  expect(review.status).toBe(200);
  expect((await fx.reviewer.post(`/api/reviews/${review.data.id}/approve`, {})).status).toBe(200);
  const started = await fx.accountant.post(`/api/projects/${pid}/flows/${flow}/start`);
  expect(started.status).toBe(201);
  await emu.completeApproval(started.data.instanceId, 'agree');
  await eventually(async () =>
    expect((await fx.accountant.get(`/api/projects/${pid}/rounds/${rid}`)).data.round.status).toBe('CONFIRMED'),
  );
}

const subscribe = async (userid: string, pid: number, amount: string) =>
  (await fx.partner(userid)).post(`/api/me/projects/${pid}/subscription`, { amount });

it('事业合伙立项 waits for the confirmed peak; once confirmed the peak terms and shareholders are locked', async () => {
  const pid = await fx.project('台账-峰值门槛', { confirmPeak: false });
  const rid = await newRound(pid, 'INITIAL', [['u1001', '100000']]);
  expect((await subscribe('u1001', pid, '50000')).status).toBe(200);
  expect((await fx.accountant.post(`/api/projects/${pid}/rounds/${rid}/close-subscriptions`, {})).status).toBe(200);
  expect((await fx.accountant.post(`/api/projects/${pid}/rounds/${rid}/calculate`)).status).toBe(200);
  const review = await fx.accountant.post(`/api/projects/${pid}/rounds/${rid}/submit`);
  expect((await fx.reviewer.post(`/api/reviews/${review.data.id}/approve`, {})).status).toBe(200);
  const refused = await fx.accountant.post(`/api/projects/${pid}/flows/SCHEME_APPROVAL/start`);
  expect(refused.status).toBe(409);
  expect(refused.data.message).toContain('【项目资金峰值】流程尚未完成');

  // a project with its peak confirmed: peak, ratios, per-person ratio and shareholders only through 峰值变更
  const locked = await fx.project('台账-峰值锁定');
  const setup = (await fx.accountant.get(`/api/projects/${locked}/setup`)).data;
  expect(setup.scheme.peakConfirmedAt).not.toBeNull();
  const terms = {
    version: setup.scheme.version,
    peakCapital: '100000000',
    holdingRatio: '0',
    groupRatio: '0.003',
    cityRatio: '0.002',
    otherRatio: '0',
    totalRatio: '0.005',
    perPersonCapRatio: '0.001',
    allocationUnit: '1',
    payeeName: '靖江锦艺置业有限公司',
    payeeBank: '中国银行靖江支行',
    payeeAccount: '6217 0000 1234 5678',
  };
  const peakChange = await fx.accountant.put(`/api/projects/${locked}/scheme`, { ...terms, peakCapital: '120000000' });
  expect([peakChange.status, peakChange.data.message]).toEqual([409, '资金峰值已确认，调整请走【峰值变更】']);
  const ratioChange = await fx.accountant.put(`/api/projects/${locked}/scheme`, {
    ...terms,
    perPersonCapRatio: '0.002',
  });
  expect(ratioChange.status).toBe(409);
  const holders = await fx.accountant.put(`/api/projects/${locked}/shareholders`, {
    shareholders: [{ name: '锦艺置业', equityRatio: '1', isOurs: true }],
  });
  expect([holders.status, holders.data.message]).toEqual([409, '资金峰值已确认，调整请走【峰值变更】']);
  // the other settings still save; 按缴款先后 is refused with its reason
  const byPayment = await fx.accountant.put(`/api/projects/${locked}/scheme`, { ...terms, tieBreak: 'PAYMENT_ORDER' });
  expect(byPayment.status).toBe(422);
  expect(byPayment.data.message).toContain('按缴款先后');
  const other = await fx.accountant.put(`/api/projects/${locked}/scheme`, {
    ...terms,
    lateEntryPricing: 'WITH_INTEREST',
    lateEntryRate: '0.08',
  });
  expect(other.status).toBe(200);
  expect(other.data.scheme).toMatchObject({ lateEntryPricing: 'WITH_INTEREST', lateEntryRate: '0.080000' });
});

it('补投 shares what is left, the platform shrinks, the per-person cap counts every round; payments write the ledger', async () => {
  // 城市公司 cap = 123,456,000 × 0.2% = ¥246,912; 单人上限 = 123,456,000 × 0.1% = ¥123,456
  const pid = await fx.project('台账-补投', { scheme: { peakCapital: '123456000' } });
  const r1 = await newRound(pid, 'INITIAL', [
    ['u1001', '123456'],
    ['u1002', '123456'],
  ]);
  expect((await subscribe('u1001', pid, '100000')).status).toBe(200);
  // closing early: someone has not answered, so a reason is needed
  const early = await fx.accountant.post(`/api/projects/${pid}/rounds/${r1}/close-subscriptions`, {});
  expect(early.status).toBe(409);
  expect(early.data.message).toContain('尚有 1 位合伙人未认购');
  expect((await subscribe('u1002', pid, '123456')).status).toBe(200);
  const closed = await fx.accountant.post(`/api/projects/${pid}/rounds/${r1}/close-subscriptions`, {});
  expect(closed.status).toBe(200);
  expect(Date.parse(closed.data.deadline)).toBeLessThanOrEqual(Date.now());
  expect((await subscribe('u1002', pid, '80000')).status).toBe(409); // 认购 has ended
  expect((await fx.accountant.post(`/api/projects/${pid}/rounds/${r1}/calculate`)).status).toBe(200); // before the old deadline
  await confirmThroughFlow(pid, r1, 'SCHEME_APPROVAL');

  let cap = (await fx.accountant.get(`/api/projects/${pid}/capital`)).data;
  const city = () => cap.levels.find((l: { level: string }) => l.level === 'CITY');
  expect(city()).toMatchObject({
    cap: '246912.00',
    partnersCommitted: '223456.00',
    platformCommitted: '23456.00',
    paidIn: '0.00',
    unpaid: '223456.00',
    balanced: true,
  });
  expect(cap.invariantHolds).toBe(true);

  // 补投: u1001 holds ¥100,000 of the ¥123,456 cap, so ¥25,000 more is refused; u1003 is new
  const r2 = await newRound(pid, 'SUPPLEMENT', [
    ['u1001', '100000'],
    ['u1003', '50000'],
  ]);
  const tooMuch = await subscribe('u1001', pid, '25000');
  expect(tooMuch.status).toBe(400);
  expect(tooMuch.data.message).toContain('¥23,456.00');
  expect((await subscribe('u1001', pid, '5000')).status).toBe(200);

  // round corrections before 测算: a partner line's limit (re-checked against the per-person cap), then the dates
  const detail = (await fx.accountant.get(`/api/projects/${pid}/rounds/${r2}`)).data;
  const line3 = detail.lines.find((l: { user: { id: number } }) => l.user.id === fx.userId('u1003'));
  const overCap = await fx.accountant.patch(`/api/projects/${pid}/rounds/${r2}/partners/${line3.id}/terms`, {
    version: line3.version,
    maxAmount: '200000',
  });
  expect(overCap.status).toBe(400);
  const lowered = await fx.accountant.patch(`/api/projects/${pid}/rounds/${r2}/partners/${line3.id}/terms`, {
    version: line3.version,
    maxAmount: '40000',
    reason: '额度调整',
  });
  expect(lowered.status).toBe(200);
  expect(lowered.data).toMatchObject({ maxAmount: '40000', version: line3.version + 1 });
  const newDeadline = new Date(Date.now() + 7_200_000).toISOString();
  const round2 = (await fx.accountant.get(`/api/projects/${pid}/rounds/${r2}`)).data.round;
  const dates = await fx.accountant.patch(`/api/projects/${pid}/rounds/${r2}/dates`, {
    version: round2.version,
    deadline: newDeadline,
    dueDate: day(40),
    reason: '延长认购',
  });
  expect(dates.status).toBe(200);
  expect(dates.data).toMatchObject({ dueDate: day(40) });
  const told = await t.deps.db.notification.findMany({ where: { kind: 'round_dates_changed' } });
  expect(told.map((n) => n.userId).sort()).toEqual([fx.userId('u1001'), fx.userId('u1003')].sort());
  expect(JSON.stringify(told[0]!.payload)).toContain(`缴款截止日改为 ${day(40)}`);
  expect(
    await t.deps.db.auditLog.count({ where: { action: { in: ['change_round_dates', 'change_partner_terms'] } } }),
  ).toBe(2);

  // u1001 ¥5,000 and u1003 ¥30,000, but only ¥23,456 is left of 城市公司: 测算 shares what is left instead of refusing
  expect((await subscribe('u1003', pid, '30000')).status).toBe(200);
  expect((await fx.accountant.post(`/api/projects/${pid}/rounds/${r2}/close-subscriptions`, {})).status).toBe(200);
  const calc = await fx.accountant.post(`/api/projects/${pid}/rounds/${r2}/calculate`);
  expect(calc.status).toBe(200);
  const lines = (await fx.accountant.get(`/api/projects/${pid}/rounds/${r2}`)).data.lines as {
    user: { id: number };
    investedAmount: string;
  }[];
  const invested = lines.reduce((s, l) => s + Number(l.investedAmount), 0);
  expect(invested).toBe(23456);
  await confirmThroughFlow(pid, r2, 'SUPPLEMENT_APPROVAL');
  const u1001In2 = lines.find((l) => l.user.id === fx.userId('u1001'))!.investedAmount;

  cap = (await fx.accountant.get(`/api/projects/${pid}/capital`)).data;
  expect(city()).toMatchObject({ partnersCommitted: '246912.00', platformCommitted: '0.00', balanced: true });
  expect(cap.invariantHolds).toBe(true);
  const holding = cap.holdings.find((h: { userId: number | null }) => h.userId === fx.userId('u1001'));
  expect(holding).toMatchObject({ committed: moneyString(dec(100000).plus(u1001In2)), rounds: [1, 2] });
  expect(cap.rounds.map((r: { status: string }) => r.status)).toEqual(['CONFIRMED', 'CONFIRMED']);

  // 缴款确认: a PAYMENT entry dated the payment day, linked from the record; a future date is refused
  const dues = (await fx.accountant.get(`/api/projects/${pid}/payments?roundId=${r1}`)).data;
  const due = dues.find((d: { userId: number }) => d.userId === fx.userId('u1001'));
  expect(due).toMatchObject({ kind: 'INITIAL', level: 'CITY', amountDue: '100000.00', receipts: [] });
  const future = await fx.reviewer.post(`/api/projects/${pid}/payments/${due.id}/confirm`, {
    amount: '40000',
    paidOn: day(1),
    idempotencyKey: 'capital-wiring-future',
    version: due.version,
  });
  expect(future.status).toBe(422);
  expect(future.data.message).toContain('晚于今天');
  const first = { amount: '40000', paidOn: day(-1), idempotencyKey: 'capital-wiring-first', version: due.version };
  const paid = await fx.reviewer.post(`/api/projects/${pid}/payments/${due.id}/confirm`, first);
  expect(paid.status).toBe(200);
  expect(paid.data).toMatchObject({ paidAmount: '40000.00', storedStatus: 'PARTIAL', replayed: false });
  const second = await fx.reviewer.post(`/api/projects/${pid}/payments/${due.id}/confirm`, {
    amount: '10000',
    paidOn: day(0),
    idempotencyKey: 'capital-wiring-second',
    version: paid.data.version,
  });
  expect(second.status).toBe(200);
  const retry = await fx.reviewer.post(`/api/projects/${pid}/payments/${due.id}/confirm`, first);
  expect(retry.status).toBe(200);
  expect({ ...retry.data, replayed: false }).toEqual(paid.data); // the original answer
  const records = await t.deps.db.paymentRecord.findMany({ where: { paymentDueId: due.id }, orderBy: { id: 'asc' } });
  expect(records.every((r) => r.capitalEntryId !== null)).toBe(true);
  const entries = (await fx.accountant.get(`/api/projects/${pid}/capital/entries?userId=${fx.userId('u1001')}`)).data;
  expect(
    entries.items
      .filter((e: { kind: string }) => e.kind === 'PAYMENT')
      .map((e: { paidDelta: string; valueDate: string }) => [e.paidDelta, e.valueDate]),
  ).toEqual([
    ['10000.00', day(0)],
    ['40000.00', day(-1)],
  ]);
  cap = (await fx.accountant.get(`/api/projects/${pid}/capital`)).data;
  expect(city()).toMatchObject({ paidIn: '50000.00', unpaid: '196912.00', balanced: true });
  expect(cap.invariantHolds).toBe(true);

  // the partner's receipt: the accountant downloads the stored file; partners cannot
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
  await t.deps.db.attachment.create({
    data: {
      ownerType: 'PAYMENT_RECEIPT',
      ownerId: due.id,
      fileName: '../../etc/回单".png',
      mime: 'image/png',
      size: png.length,
      sha256: 'x'.repeat(64),
      data: png,
      uploadedById: fx.userId('u1001'),
    },
  });
  const file = await fx.accountant.get(`/api/projects/${pid}/payments/${due.id}/receipt`, {
    responseType: 'arraybuffer',
  });
  expect(file.status).toBe(200);
  expect(file.headers['content-type']).toBe('image/png');
  expect(file.headers['content-disposition']).toMatch(/^attachment; filename\*=UTF-8''/);
  expect(decodeURIComponent(String(file.headers['content-disposition']))).not.toMatch(/[/"]/);
  expect(Buffer.from(file.data).equals(png)).toBe(true);
  expect((await (await fx.partner('u1001')).get(`/api/projects/${pid}/payments/${due.id}/receipt`)).status).toBe(403);
  const listed = (await fx.accountant.get(`/api/projects/${pid}/payments?roundId=${r1}`)).data;
  expect(listed.find((d: { id: number }) => d.id === due.id).receipts).toHaveLength(1);

  // the partner's own history: commitments per round, payments with dates, totals
  const history = (await (await fx.partner('u1001')).get(`/api/me/projects/${pid}/capital-history`)).data;
  const kinds = history.items.map(
    (i: { kind: string; round: { seq: number } | null }) => `${i.kind}:${i.round?.seq ?? '-'}`,
  );
  expect(kinds.filter((k: string) => k.startsWith('COMMITMENT'))).toEqual(['COMMITMENT:1', 'COMMITMENT:2']);
  expect(kinds.filter((k: string) => k.startsWith('PAYMENT'))).toHaveLength(2);
  expect(history.totals).toMatchObject({
    committed: moneyString(dec(100000).plus(u1001In2)),
    paid: '50000.00',
  });
  expect(history.levels[0].tranches).toEqual([
    { date: day(-1), amount: '40000.00' },
    { date: day(0), amount: '10000.00' },
  ]);
  expect((await (await fx.partner('u1004')).get(`/api/me/projects/${pid}/capital-history`)).status).toBe(404);
  // 个人中心 reads the holdings from the ledger
  const me = (await (await fx.partner('u1001')).get('/api/me/overview')).data;
  expect(me.projects.find((p: { projectId: number }) => p.projectId === pid)).toMatchObject({
    invested: moneyString(dec(100000).plus(u1001In2)),
    paid: '50000.00',
    due: moneyString(dec(50000).plus(u1001In2)),
  });

  // 放弃: a voluntary partner who never pays gives the commitment back to the platform, and the level still adds up
  expect((await fx.accountant.post(`/api/projects/${pid}/rounds/${r1}/payment-notices`, { test: false })).status).toBe(
    200,
  );
  await runDailyPaymentDuties(t.deps, new Date(Date.now() + 60 * 86_400_000));
  cap = (await fx.accountant.get(`/api/projects/${pid}/capital`)).data;
  expect(city()).toMatchObject({
    partnersCommitted: moneyString(dec(246912).minus(123456)),
    platformCommitted: '123456.00',
    balanced: true,
  });
  expect(cap.holdings.find((h: { userId: number | null }) => h.userId === fx.userId('u1002'))).toBeUndefined();
});
