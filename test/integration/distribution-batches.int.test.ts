/**
 * 分配 batches past the first, over HTTP with real PostgreSQL, Redis, the workers and the DingTalk emulator:
 * 第1–3次利润分配 through the flows 利润分配1–3 (the 2nd computed from 项目利润 × 合伙投资占比 × 分配比例), a partner whose
 * exit the ledger has transferred (承接) absent from every later batch while the 平台公司 takes the stake's share, the
 * limits (no 4th profit batch, no 清算分配 once 利润分配1–3 are used, nothing after a 清算分配), a 清算分配 through the
 * next 利润分配 flow that returns the principal left (less 资金利息, with an 其它 item) and pays the last profit, and the
 * daily 分配通知 job with two scheduler / worker instances on one Redis sending each notice once.
 */
import { dec, moneyString } from '../../shared/money';
import { shanghaiDay } from '../../shared/datetime';
import { closeDeps } from '../../server/deps';
import { startWorkers, type RunningWorkers } from '../../server/jobs/worker';
import { appendCapitalEntries } from '../../server/modules/capital/append-capital-entries';
import { loadLedger } from '../../server/modules/capital/repository';
import { positions } from '../../server/modules/capital/calc/ledger';
import { DISTRIBUTIONS_QUEUE } from '../../server/modules/distributions/job';
import { systemActor } from '../../server/lib/audit';
import { seedDemo } from '../../server/seed/seed';
import { startTestApp, testDeps, type TestApp } from '../support/app';
import { loginAs, withToken } from '../support/auth';
import { approveAndRunFlow, createAndCalculate, distributionCard, writeLedger } from '../support/distribution-fixtures';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import { eventually } from '../support/eventually';

jest.setTimeout(180_000);

let emu: TestEmulator;
let t: TestApp;
let workers: RunningWorkers | null;
const ids: Record<string, number> = {};
const project: Record<'A' | 'B' | 'C', number> = { A: 0, B: 0, C: 0 };
type Line = {
  id: number;
  userId: number | null;
  holder: string;
  principal: string;
  profit: string;
  tax: string;
  payout: string;
  other: string;
  interest: string;
  marks: string[];
};

beforeAll(async () => {
  emu = await startTestEmulator();
  t = await startTestApp({ deps: testDeps({ ...emu.env, NOTIFY_RELAY_INTERVAL_MS: '100' }) });
  await emu.configure({ callbackUrl: `${t.base}/api/dingtalk/callback` });
  await seedDemo(t.deps.db);
  workers = await startWorkers(t.deps, t.deps.redisUrl);
  const db = t.deps.db;
  for (const u of ['u1001', 'u1002', 'u1003'])
    ids[u] = (await db.user.findUniqueOrThrow({ where: { dingUserId: u } })).id;
  const names = { A: '江阴项目', B: '常州项目', C: '靖江项目' } as const;
  for (const k of ['A', 'B', 'C'] as const)
    project[k] = (await db.project.findUniqueOrThrow({ where: { name: names[k] } })).id;
  // A: 5,000万 × 城市公司 1% = 50万 — 史伟 20万 (15万 + a 5万 top-up), u1002 10万, u1003 10万, the platform 10万
  await db.projectScheme.create({
    data: { projectId: project.A, peakCapital: '50000000', cityRatio: '0.01', totalRatio: '0.01' },
  });
  await writeLedger(t, project.A, [
    {
      userId: ids.u1001!,
      tranches: [
        ['150000', '2026-01-01'],
        ['50000', '2026-03-01'],
      ],
    },
    { userId: ids.u1002!, tranches: [['100000', '2026-01-01']] },
    { userId: ids.u1003!, tranches: [['100000', '2026-01-01']] },
    { userId: null, tranches: [['100000', '2026-01-01']] },
  ]);
  // B: 2,000万 × 1% = 20万 — 史伟 12万, u1002 8万
  await db.projectScheme.create({
    data: { projectId: project.B, peakCapital: '20000000', cityRatio: '0.01', totalRatio: '0.01' },
  });
  await writeLedger(t, project.B, [
    { userId: ids.u1001!, tranches: [['120000', '2026-01-01']] },
    { userId: ids.u1002!, tranches: [['80000', '2026-01-01']] },
  ]);
  // C: 1,000万 × 1% = 10万 — 史伟 6万, u1002 4万
  await db.projectScheme.create({
    data: { projectId: project.C, peakCapital: '10000000', cityRatio: '0.01', totalRatio: '0.01' },
  });
  await writeLedger(t, project.C, [
    { userId: ids.u1001!, tranches: [['60000', '2026-01-01']] },
    { userId: ids.u1002!, tranches: [['40000', '2026-01-01']] },
  ]);
  // every partner's own account, entered on the mini-program (their own: confirmed at once)
  for (const [u, no] of [
    ['u1001', '6222021234561234'],
    ['u1002', '6216600000005678'],
    ['u1003', '6217000000009012'],
  ] as const) {
    const res = await (
      await partner(u)
    ).put('/api/me/distribution-account', {
      accountName: u,
      bankName: '中国银行',
      accountNo: no,
    });
    expect(res.data.status).toBe('CONFIRMED');
  }
});
afterAll(async () => {
  await workers?.close();
  await t.close();
  await emu.close();
});

async function partner(userid: string) {
  const res = await t.http.post('/api/auth/dingtalk', { authCode: await emu.authCode(userid) });
  expect(res.status).toBe(200);
  return withToken(t, res.data.token);
}
const lineOf = (lines: Line[], userId: number | null) => lines.find((l) => l.userId === userId);
const pay = async (url: string, paidOn: string) => {
  const acct = await loginAs(t, 'hhkj');
  const res = await acct.post(`${url}/payouts`, { version: (await acct.get(url)).data.version, paidOn });
  expect(res.status).toBe(200);
  expect(res.data.status).toBe('PAID');
  return res.data;
};
const noticesOf = async (userid: string, titlePart: string) =>
  (await emu.workNotifications(userid))
    .map((n) => (n.msg as { action_card?: Record<string, string> }).action_card)
    .filter((a) => a?.title?.includes(titlePart));

describe('利润分配 2 and 3, and a partner who exits in between', () => {
  it('第1次利润分配 (利润分配1): every holder by contributed principal', async () => {
    const acct = await loginAs(t, 'hhkj');
    const reviewer = await loginAs(t, 'hhadmin');
    const { ref, detail } = await createAndCalculate(acct, project.A, {
      kind: 'PROFIT',
      date: '2026-04-30',
      profit: { mode: 'ENTERED', amount: '50000.00' },
    });
    expect(detail.lines.map((l: Line) => [l.userId, l.profit, l.tax, l.payout])).toEqual([
      [null, '10000.00', '0.00', '10000.00'],
      [ids.u1001, '20000.00', '4000.00', '16000.00'],
      [ids.u1002, '10000.00', '2000.00', '8000.00'],
      [ids.u1003, '10000.00', '2000.00', '8000.00'],
    ]);
    // 利润分配2 cannot start for it
    expect((await acct.post(`/api/projects/${project.A}/flows/PROFIT_DISTRIBUTION_2/start`)).status).toBe(409);
    await approveAndRunFlow(emu, acct, reviewer, project.A, ref, 'PROFIT_DISTRIBUTION_1');
    expect((await distributionCard(emu, 'u1003', '第1次利润分配 分配通知')).markdown).toContain('实发合计：¥8,000.00');
    await pay(ref.url, '2026-05-08');
  });

  it('第2次利润分配 (利润分配2, P computed): u1003, transferred to the platform on exit, has no line and no notice', async () => {
    // u1003's exit: 承接 on 2026-06-30 moves the stake to the 平台公司 (what exits/ writes on the transfer)
    await t.deps.db.$transaction((tx) =>
      appendCapitalEntries(tx, {
        projectId: project.A,
        actor: systemActor('测试'),
        reason: '退投承接',
        entries: [
          {
            level: 'CITY',
            holder: 'PARTNER',
            userId: ids.u1003!,
            kind: 'TRANSFER_OUT',
            committedDelta: dec(-100000),
            paidDelta: dec(-100000),
            interestDelta: dec(0),
            valueDate: '2026-06-30',
            idempotencyKey: 'test:exit:u1003:out',
          },
          {
            level: 'CITY',
            holder: 'PLATFORM',
            userId: null,
            kind: 'TRANSFER_IN',
            committedDelta: dec(100000),
            paidDelta: dec(100000),
            interestDelta: dec(0),
            valueDate: '2026-06-30',
            idempotencyKey: 'test:exit:u1003:in',
          },
        ],
      }),
    );
    const acct = await loginAs(t, 'hhkj');
    const reviewer = await loginAs(t, 'hhadmin');
    // 项目利润 1,000万 × 合伙投资占比 1% × 本次分配比例 50% = 5万
    const { ref, detail } = await createAndCalculate(acct, project.A, {
      kind: 'PROFIT',
      date: '2026-09-30',
      profit: { mode: 'COMPUTED', projectProfit: '10000000.00', batchRatio: '0.5' },
    });
    expect(detail).toMatchObject({ name: '第2次利润分配', seq: 2, profitTotal: '50000.00' });
    expect(lineOf(detail.lines, ids.u1003!)).toBeUndefined();
    expect(detail.lines.map((l: Line) => [l.userId, l.profit, l.payout])).toEqual([
      [null, '20000.00', '20000.00'], // its own 10万 and u1003's 10万
      [ids.u1001, '20000.00', '16000.00'],
      [ids.u1002, '10000.00', '8000.00'],
    ]);
    // 利润分配3 is not this batch's flow; 利润分配2 is
    expect((await acct.post(`/api/projects/${project.A}/flows/PROFIT_DISTRIBUTION_3/start`)).status).toBe(409);
    const flow = await approveAndRunFlow(emu, acct, reviewer, project.A, ref, 'PROFIT_DISTRIBUTION_2');
    const fields = (flow.form as { fields: { name: string; value?: string }[] }).fields;
    expect(fields.find((f) => f.name === '本次分配节点')!.value).toBe('第2次利润分配');
    expect(fields.find((f) => f.name === '本次分配比例')!.value).toBe('50.00%');
    expect(fields.find((f) => f.name === '本次分配金额')!.value).toBe('¥50,000.00');
    expect((await distributionCard(emu, 'u1002', '第2次利润分配 分配通知')).markdown).toContain('实发合计：¥8,000.00');
    // the notices are out (史伟 and u1002 have theirs): u1003 has none
    await distributionCard(emu, 'u1001', '第2次利润分配 分配通知');
    expect(await noticesOf('u1003', '第2次利润分配')).toEqual([]);
    await pay(ref.url, '2026-10-08');
    const leaver = await partner('u1003');
    const overview = (await leaver.get('/api/me/overview')).data;
    expect(overview.totals.distributed).toBe('8000.00'); // the 第1次 only
    expect(overview.notices.filter((n: { kind: string }) => n.kind === 'DISTRIBUTION')).toEqual([]);
  });

  it('第3次利润分配 (利润分配3); then no 第4次 and no 清算分配 (no flow left), with the reason', async () => {
    const acct = await loginAs(t, 'hhkj');
    const reviewer = await loginAs(t, 'hhadmin');
    const { ref, detail } = await createAndCalculate(acct, project.A, {
      kind: 'PROFIT',
      date: '2026-10-31',
      profit: { mode: 'ENTERED', amount: '30000.01' },
    });
    expect(detail.name).toBe('第3次利润分配');
    // 30,000.01 over 20万 / 20万 / 10万: the odd cent goes to the first line in position order (the platform)
    expect(detail.lines.map((l: Line) => [l.userId, l.profit, l.tax])).toEqual([
      [null, '12000.01', '0.00'],
      [ids.u1001, '12000.00', '2400.00'],
      [ids.u1002, '6000.00', '1200.00'],
    ]);
    expect(detail.totals).toMatchObject({ profit: '30000.01', tax: '3600.00', payout: '26400.01' });
    await approveAndRunFlow(emu, acct, reviewer, project.A, ref, 'PROFIT_DISTRIBUTION_3');
    await pay(ref.url, '2026-11-05');

    const fourth = await acct.post(`/api/projects/${project.A}/distributions`, {
      kind: 'PROFIT',
      date: '2026-11-30',
      profit: { mode: 'ENTERED', amount: '1000.00' },
    });
    expect(fourth.status).toBe(409);
    expect(fourth.data.message).toBe('利润分配审批流程只有利润分配1–3，不能新建第4次利润分配');
    const clearing = await acct.post(`/api/projects/${project.A}/distributions`, {
      kind: 'CLEARING',
      date: '2026-11-30',
    });
    expect(clearing.status).toBe(409);
    expect(clearing.data.message).toContain('清算分配没有可用的审批流程');

    const shiwei = await partner('u1001');
    // 16,000 + 16,000 + 9,600
    expect((await shiwei.get('/api/me/overview')).data.totals.distributed).toBe('41600.00');
    // profit batches leave the ledger's principal alone
    expect(await t.deps.db.capitalEntry.count({ where: { projectId: project.A, kind: 'PRINCIPAL_RETURN' } })).toBe(0);
  });
});

describe('清算分配', () => {
  it('through 利润分配1 (no profit batch before it): the principal left less 资金利息, an 其它 item, the last profit', async () => {
    const acct = await loginAs(t, 'hhkj');
    const reviewer = await loginAs(t, 'hhadmin');
    const created = await acct.post(`/api/projects/${project.B}/distributions`, {
      kind: 'CLEARING',
      date: '2026-08-01',
      profit: { mode: 'ENTERED', amount: '40000.00' },
    });
    expect(created.status).toBe(201);
    expect(created.data).toMatchObject({ name: '清算分配', status: 'DRAFT' });
    const url = `/api/projects/${project.B}/distributions/${created.data.id}`;
    const edited = await acct.patch(url, {
      version: created.data.version,
      adjustments: [{ level: 'CITY', userId: ids.u1002, amount: '500.00', reason: '代垫律师费返还' }],
    });
    expect(edited.status).toBe(200);
    const calc = await acct.post(`${url}/calculate`, { version: edited.data.version });
    expect(calc.status).toBe(200);
    // 2026-01-01 → 2026-08-01 = 212 days: 120,000 × 10% × 212 / 365 = 6,969.86; 80,000 × … = 4,646.58
    expect(lineOf(calc.data.lines, ids.u1001!)).toMatchObject({
      principal: '120000.00',
      interest: '-6969.86',
      profit: '24000.00',
      tax: '4800.00',
      payout: '132230.14',
    });
    expect(lineOf(calc.data.lines, ids.u1002!)).toMatchObject({
      principal: '80000.00',
      interest: '-4646.58',
      other: '500.00',
      profit: '16000.00',
      tax: '3200.00',
      payout: '88653.42',
    });
    expect(calc.data.totals).toMatchObject({ principal: '200000.00', profit: '40000.00', payout: '220883.56' });
    // the flow of a 清算分配 here is 利润分配1; 利润分配2 has no batch
    const early = await acct.post(`/api/projects/${project.B}/flows/PROFIT_DISTRIBUTION_2/start`);
    expect(early.status).toBe(409);
    const flow = await approveAndRunFlow(
      emu,
      acct,
      reviewer,
      project.B,
      { id: created.data.id, url },
      'PROFIT_DISTRIBUTION_1',
    );
    const fields = (flow.form as { fields: { name: string; value?: string }[] }).fields;
    expect(fields.find((f) => f.name === '本次分配节点')!.value).toBe('清算分配');
    // before tax, as for a profit batch: E 191,883.56 + F 40,000 (the 8,000 withheld is part of what is distributed)
    expect(fields.find((f) => f.name === '本次分配金额')!.value).toBe('¥228,883.56');
    const card = await distributionCard(emu, 'u1002', '清算分配 分配通知');
    for (const part of [
      '本金：¥80,000.00',
      '资金利息：-¥4,646.58',
      '其它：¥500.00',
      '利润（税前）：¥16,000.00',
      '代扣税：-¥3,200.00',
      '实发合计：¥88,653.42',
    ])
      expect(card.markdown).toContain(part);

    // nothing after a 清算分配
    const later = await acct.post(`/api/projects/${project.B}/distributions`, {
      kind: 'PROFIT',
      date: '2026-09-01',
      profit: { mode: 'ENTERED', amount: '1000.00' },
    });
    expect(later.status).toBe(409);
    expect(later.data.message).toContain('清算分配是最后一次分配');

    // 已发放: the principal leaves the ledger, named by the batch; nothing is left paid in
    await pay(url, '2026-08-05');
    const returns = await t.deps.db.capitalEntry.findMany({
      where: { projectId: project.B, kind: 'PRINCIPAL_RETURN' },
      orderBy: { id: 'asc' },
    });
    expect(returns.map((e) => [e.userId, moneyString(e.paidDelta), e.note, e.idempotencyKey])).toEqual([
      [ids.u1001, '-120000.00', `清算分配 #${created.data.id}`, expect.stringMatching(`^dist:${created.data.id}:`)],
      [ids.u1002, '-80000.00', `清算分配 #${created.data.id}`, expect.stringMatching(`^dist:${created.data.id}:`)],
    ]);
    const left = positions(await loadLedger(t.deps.db, project.B), { asOf: '2026-12-31' });
    expect(left.map((p) => moneyString(p.paid))).toEqual(['0.00', '0.00']);
    // a repeated 发放登记 changes nothing
    const again = await acct.post(`${url}/payouts`, {
      version: (await acct.get(url)).data.version,
      paidOn: '2026-08-05',
    });
    expect(again.status).toBe(409);
    expect(await t.deps.db.capitalEntry.count({ where: { projectId: project.B, kind: 'PRINCIPAL_RETURN' } })).toBe(2);
  });
});

describe('the daily 分配通知 job', () => {
  it('a batch whose flow completed before its date is told on the date, once, with two scheduler / worker instances', async () => {
    const acct = await loginAs(t, 'hhkj');
    const reviewer = await loginAs(t, 'hhadmin');
    const tomorrow = shanghaiDay(Date.now() + 86_400_000);
    const { ref } = await createAndCalculate(acct, project.C, {
      kind: 'PROFIT',
      date: tomorrow,
      profit: { mode: 'ENTERED', amount: '10000.00' },
    });
    await approveAndRunFlow(emu, acct, reviewer, project.C, ref, 'PROFIT_DISTRIBUTION_1', 'FLOW_DONE');
    // the flow is done, the date has not come: no notice yet
    await new Promise((r) => setTimeout(r, 500));
    expect((await acct.get(ref.url)).data.status).toBe('FLOW_DONE');
    const lines = await t.deps.db.distributionLine.findMany({ where: { batchId: ref.id, userId: { not: null } } });
    const noticeRows = () =>
      t.deps.db.notification.count({
        where: { dedupeKey: { in: lines.map((l) => `distribution:line:${l.id}:notice`) } },
      });
    expect(await noticeRows()).toBe(0);

    // the distribution date comes (the batch is re-dated to today: the clock is not ours to move)
    await t.deps.db.distributionBatch.update({
      where: { id: ref.id },
      data: { date: new Date(`${shanghaiDay()}T00:00:00Z`) },
    });
    // this file's workers stop; two other instances, each scheduling the job every second, share the same Redis
    await workers!.close();
    workers = null;
    const every = { ...emu.env, NOTIFY_RELAY_INTERVAL_MS: '100', PAYMENT_REMINDER_CRON: '*/1 * * * * *' };
    const d1 = testDeps(every);
    const d2 = testDeps(every);
    const two = [await startWorkers(d1, d1.redisUrl), await startWorkers(d2, d2.redisUrl)];
    const started = Date.now();
    try {
      await eventually(async () => {
        const b = await acct.get(ref.url);
        if (b.data.status !== 'NOTIFIED') throw new Error(b.data.status);
      }, 20_000);
      await distributionCard(emu, 'u1001', '靖江项目 第1次利润分配 分配通知');
      await distributionCard(emu, 'u1002', '靖江项目 第1次利润分配 分配通知');
      await new Promise((r) => setTimeout(r, 3000)); // several more ticks
      const q = d1.queue(DISTRIBUTIONS_QUEUE);
      const ran = (await q.getJobs(['completed', 'active'])).filter((j) => j.finishedOn && j.finishedOn >= started);
      expect(ran.length).toBeGreaterThanOrEqual(2);
      expect(ran.length).toBeLessThanOrEqual(Math.ceil((Date.now() - started) / 1000) + 1); // once per tick, not twice
      expect((await q.getJobSchedulers()).filter((s) => s.key === 'daily-distribution-notices')).toHaveLength(1);
    } finally {
      for (const w of two) await w.close();
    }
    // each partner told once; the batch moved once
    for (const u of ['u1001', 'u1002']) expect(await noticesOf(u, '靖江项目 第1次利润分配 分配通知')).toHaveLength(1);
    expect(await noticeRows()).toBe(2);
    const moves = await t.deps.db.auditLog.findMany({
      where: { entity: 'DistributionBatch', entityId: String(ref.id), action: 'notified' },
    });
    expect(moves).toHaveLength(1);
    for (const d of [d1, d2]) await closeDeps(d);
  });
});
