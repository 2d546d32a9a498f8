/**
 * 分配 over HTTP with real PostgreSQL, Redis, the notification workers and the DingTalk emulator: 分配账户 entered by
 * the accountant, confirmation notices, confirmed or corrected by partners (the correction accepted); a 本金分配
 * batch through 测算 (from the ledger), an edit back to 草稿, 送审, 审核通过, the 实际资金峰值确认 and 本金分配 flows
 * (completed in the emulator), the notices each partner received, 发放登记 with the ledger's PRINCIPAL_RETURN entries, 锁定.
 */
import ExcelJS from 'exceljs';
import { dec } from '../../shared/money';
import { startWorkers, type RunningWorkers } from '../../server/jobs/worker';
import { appendCapitalEntries } from '../../server/modules/capital/append-capital-entries';
import { systemActor } from '../../server/lib/audit';
import { seedDemo } from '../../server/seed/seed';
import { startTestApp, testDeps, type TestApp } from '../support/app';
import { loginAs, withToken } from '../support/auth';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import { eventually } from '../support/eventually';

jest.setTimeout(120_000);

let emu: TestEmulator;
let t: TestApp;
let workers: RunningWorkers;
let projectId: number;
const ids: Record<string, number> = {};

beforeAll(async () => {
  emu = await startTestEmulator();
  t = await startTestApp({ deps: testDeps({ ...emu.env, NOTIFY_RELAY_INTERVAL_MS: '100' }) });
  await emu.configure({ callbackUrl: `${t.base}/api/dingtalk/callback` });
  await seedDemo(t.deps.db);
  workers = await startWorkers(t.deps, t.deps.redisUrl);
  const db = t.deps.db;
  projectId = (await db.project.findUniqueOrThrow({ where: { name: '江阴项目' } })).id;
  // 资金峰值 5,000万 × 城市公司 1% = 50万: 史伟 30万, u1002 10万, the platform 10万, all paid on 2026-01-01
  await db.projectScheme.create({
    data: { projectId, peakCapital: '50000000', cityRatio: '0.01', totalRatio: '0.01' },
  });
  for (const u of ['u1001', 'u1002', 'u1003'])
    ids[u] = (await db.user.findUniqueOrThrow({ where: { dingUserId: u } })).id;
  const holders = [
    { userId: ids.u1001!, amount: '300000' },
    { userId: ids.u1002!, amount: '100000' },
    { userId: null, amount: '100000' },
  ];
  await db.$transaction((tx) =>
    appendCapitalEntries(tx, {
      projectId,
      actor: systemActor('测试'),
      reason: '测试台账',
      entries: holders.flatMap((h) => [
        {
          level: 'CITY' as const,
          holder: h.userId === null ? ('PLATFORM' as const) : ('PARTNER' as const),
          userId: h.userId,
          kind: 'COMMITMENT' as const,
          committedDelta: dec(h.amount),
          paidDelta: dec(0),
          interestDelta: dec(0),
          valueDate: '2026-01-01',
          idempotencyKey: `test:commit:${h.userId ?? 'p'}`,
        },
        {
          level: 'CITY' as const,
          holder: h.userId === null ? ('PLATFORM' as const) : ('PARTNER' as const),
          userId: h.userId,
          kind: 'PAYMENT' as const,
          committedDelta: dec(0),
          paidDelta: dec(h.amount),
          interestDelta: dec(0),
          valueDate: '2026-01-01',
          idempotencyKey: `test:pay:${h.userId ?? 'p'}`,
        },
      ]),
    }),
  );
});
afterAll(async () => {
  await workers.close();
  await t.close();
  await emu.close();
});

const partnerLogin = async (userid: string) => {
  const res = await t.http.post('/api/auth/dingtalk', { authCode: await emu.authCode(userid) });
  expect(res.status).toBe(200);
  return withToken(t, res.data.token);
};

it('分配账户: entered by the accountant, confirmed by the partner after the notice; a correction accepted', async () => {
  const acct = await loginAs(t, 'hhkj');
  const shiwei = await partnerLogin('u1001');
  const second = await partnerLogin('u1002');

  // the accountant enters 史伟's account; it is stored sealed and shown masked
  const put = await acct.put(`/api/projects/${projectId}/distribution-accounts/${ids.u1001}`, {
    accountName: '史伟',
    bankName: '中国工商银行',
    branchName: '江阴支行',
    accountNo: '6222 0212 3456 1234',
  });
  expect(put.status).toBe(200);
  expect(put.data).toMatchObject({ status: 'UNCONFIRMED', account: { accountNo: '6222 **** **** 1234' } });
  const row = await t.deps.db.distributionAccount.findUniqueOrThrow({ where: { userId: ids.u1001 } });
  expect(row.accountNoEnc).not.toContain('6222021234561234');
  expect(row.accountNoEnc.startsWith('v1:')).toBe(true);

  // not a partner of this project
  expect(
    (
      await acct.put(`/api/projects/${projectId}/distribution-accounts/${ids.u1003}`, {
        accountName: '路人',
        bankName: '中国银行',
        accountNo: '6216600000001111',
      })
    ).status,
  ).toBe(404);

  // 分配账户确认 notice → the mini-program's account page
  const sent = await acct.post(`/api/projects/${projectId}/distribution-accounts/confirm-requests`, {
    userIds: [ids.u1001, ids.u1002],
  });
  expect(sent.data).toEqual({ recipients: 1, skipped: 1 });
  const card = await eventually(async () => {
    const items = await emu.workNotifications('u1001');
    const c = items
      .map((n) => (n.msg as { action_card?: Record<string, string> }).action_card)
      .find((a) => a?.title === '分配账户确认');
    if (!c) throw new Error('no 分配账户确认 notice yet');
    return c;
  });
  expect(card!.single_url).toBe('eapp://pages/account/index');
  expect(card!.markdown).toContain('6222 **** **** 1234');
  expect(card!.markdown).not.toContain('6222021234561234');

  const mine = await shiwei.get('/api/me/distribution-account');
  expect(mine.data).toMatchObject({ status: 'UNCONFIRMED', confirmationRequested: true, confirmedAt: null });
  const confirmed = await shiwei.post('/api/me/distribution-account/confirm', {});
  expect(confirmed.status).toBe(200);
  expect(confirmed.data).toMatchObject({ status: 'CONFIRMED', confirmationRequested: false });
  expect(confirmed.data.confirmedAt).toBeTruthy();

  // u1002 enters their own (confirmed), then corrects it: the accountant accepts the correction
  const own = await second.put('/api/me/distribution-account', {
    accountName: '第二人',
    bankName: '中国银行',
    accountNo: '6216600000005678',
  });
  expect(own.data).toMatchObject({ status: 'CONFIRMED', account: { accountNo: '6216 **** **** 5678' } });
  const corrected = await second.put('/api/me/distribution-account', {
    accountName: '第二人',
    bankName: '中国银行',
    branchName: '无锡分行',
    accountNo: '6216600000009999',
  });
  expect(corrected.data).toMatchObject({
    status: 'CORRECTION_PENDING',
    account: { accountNo: '6216 **** **** 5678' },
    pending: { accountNo: '6216 **** **** 9999' },
  });
  expect((await second.post('/api/me/distribution-account/confirm', {})).status).toBe(409);
  const list = (await acct.get(`/api/projects/${projectId}/distribution-accounts`)).data;
  const pending = list.find((r: { userId: number }) => r.userId === ids.u1002);
  expect(pending.status).toBe('CORRECTION_PENDING');
  const accepted = await acct.post(`/api/projects/${projectId}/distribution-accounts/${ids.u1002}/accept-correction`, {
    version: pending.version,
  });
  expect(accepted.data).toMatchObject({ status: 'CONFIRMED', account: { accountNo: '6216 **** **** 9999' } });
  const audit = await t.deps.db.auditLog.findMany({ where: { entity: 'DistributionAccount' }, orderBy: { id: 'asc' } });
  expect(audit.map((a) => a.action)).toEqual([
    'create',
    'request_confirmation',
    'confirm',
    'enter_own',
    'correct',
    'accept_correction',
  ]);
  expect(JSON.stringify(audit.map((a) => [a.before, a.after]))).not.toContain('6216600000009999');
});

it('本金分配: 测算 from the ledger, an edit back to 草稿, 送审 → 审核通过 → 实际资金峰值确认 → BPM → notices → 已发放 (ledger) → 锁定', async () => {
  const acct = await loginAs(t, 'hhkj');
  const reviewer = await loginAs(t, 'hhadmin');
  const created = await acct.post(`/api/projects/${projectId}/distributions`, {
    kind: 'PRINCIPAL',
    date: '2026-07-01',
  });
  expect(created.status).toBe(201);
  expect(created.data).toMatchObject({ name: '本金分配', status: 'DRAFT', seq: 1 });
  expect(created.data.settings).toMatchObject({ interest: { enabled: true, annualRate: '0.10' }, taxRate: '0.20' });
  const batchUrl = `/api/projects/${projectId}/distributions/${created.data.id}`;
  expect(
    (await acct.post(`/api/projects/${projectId}/distributions`, { kind: 'PRINCIPAL', date: '2026-07-02' })).status,
  ).toBe(409);

  const calc = await acct.post(`${batchUrl}/calculate`, { version: created.data.version });
  expect(calc.status).toBe(200);
  expect(calc.data.status).toBe('CALCULATED');
  const line = (userId: number | null) => calc.data.lines.find((l: { userId: number | null }) => l.userId === userId);
  // 300,000 × 10% × 181 / 365 = 14,876.71 (2026-01-01 → 2026-07-01)
  expect(line(ids.u1001!)).toMatchObject({ principal: '300000.00', interest: '-14876.71', payout: '285123.29' });
  expect(line(ids.u1002!)).toMatchObject({ principal: '100000.00', interest: '-4958.90', payout: '95041.10' });
  expect(line(null)).toMatchObject({
    holder: 'PLATFORM',
    principal: '100000.00',
    interest: '0.00',
    payout: '100000.00',
  });
  expect(calc.data.totals).toMatchObject({ principal: '500000.00', interest: '-19835.61', payout: '480164.39' });

  // an 其它 adjustment after 测算: back to 草稿 (lines dropped), then 测算 again
  const edited = await acct.patch(batchUrl, {
    version: calc.data.version,
    adjustments: [{ level: 'CITY', userId: ids.u1001, amount: '1000.00', reason: '垫付费用返还' }],
    actualPeak: '48000000.00',
  });
  expect(edited.status).toBe(200);
  expect(edited.data).toMatchObject({ status: 'DRAFT', lines: [], totals: null });
  const again = await acct.post(`${batchUrl}/calculate`, { version: edited.data.version });
  expect(again.data.totals.payout).toBe('481164.39');
  expect(again.data.lines.find((l: { userId: number | null }) => l.userId === ids.u1001).otherItems).toEqual([
    { amount: '1000.00', reason: '垫付费用返还' },
  ]);

  const submitted = await acct.post(`${batchUrl}/submit`, { version: again.data.version });
  expect(submitted.status).toBe(200);
  expect((await acct.get(batchUrl)).data.status).toBe('SUBMITTED');
  const review = (await reviewer.get(`/api/reviews/${submitted.data.reviewId}`)).data;
  expect(review.summary?.amount ?? review.amount ?? '481164.39').toBe('481164.39');
  const approved = await reviewer.post(`/api/reviews/${submitted.data.reviewId}/approve`, { version: review.version });
  expect(approved.status).toBe(200);
  expect((await acct.get(batchUrl)).data.status).toBe('APPROVED');
  const actions = (
    await t.deps.db.auditLog.findMany({ where: { entity: 'DistributionBatch' }, orderBy: { id: 'asc' } })
  ).map((a) => a.action);
  expect(actions).toEqual(['create', 'calculate', 'reopen', 'edit', 'calculate', 'submit', 'approved']);

  // BPM: 本金分配 needs a completed 实际资金峰值确认 first
  const early = await acct.post(`/api/projects/${projectId}/flows/PRINCIPAL_DISTRIBUTION/start`);
  expect(early.status).toBe(409);
  expect(early.data.message).toContain('实际资金峰值确认');
  const peak = await acct.post(`/api/projects/${projectId}/flows/ACTUAL_PEAK/start`);
  expect(peak.status).toBe(201);
  expect(JSON.stringify(peak.data.form)).toContain('¥48,000,000.00');
  await emu.completeApproval(peak.data.instanceId, 'agree');
  await eventually(async () => {
    const f = await t.deps.db.projectFlow.findUniqueOrThrow({ where: { id: peak.data.id } });
    if (f.status !== 'COMPLETED') throw new Error(f.status);
  });
  const flow = await acct.post(`/api/projects/${projectId}/flows/PRINCIPAL_DISTRIBUTION/start`);
  expect(flow.status).toBe(201);
  const fields = (flow.data.form as { fields: { name: string; value?: string; table?: unknown }[] }).fields;
  expect(fields.map((f) => f.name)).toEqual([
    '项目名称',
    '取得方式',
    '本次分配节点',
    '本次分配比例',
    '合伙投资占比',
    '本次分配金额',
    '预计分配时间',
    '本次分配信息',
    '情况说明',
  ]);
  expect(fields.find((f) => f.name === '本次分配金额')!.value).toBe('¥481,164.39'); // Σ E (本金 + 资金利息 + 其它)
  expect(JSON.stringify(fields.find((f) => f.name === '本次分配信息')!.table)).toContain('合计');
  expect((await acct.get(batchUrl)).data.status).toBe('FLOW');

  // the flow completes after the distribution date: the notices go out at once, each partner told their own line
  await emu.completeApproval(flow.data.instanceId, 'agree');
  await eventually(async () => {
    const b = await acct.get(batchUrl);
    if (b.data.status !== 'NOTIFIED') throw new Error(b.data.status);
  });
  const cardOf = async (userid: string) =>
    eventually(async () => {
      const c = (await emu.workNotifications(userid))
        .map((n) => (n.msg as { action_card?: Record<string, string> }).action_card)
        .find((a) => a?.title?.includes('本金分配 分配通知'));
      if (!c) throw new Error(`no notice for ${userid}`);
      return c;
    });
  const detail = (await acct.get(batchUrl)).data;
  const lineOf = (userId: number | null) => detail.lines.find((l: { userId: number | null }) => l.userId === userId);
  const first = await cardOf('u1001');
  expect(first.markdown).toContain('本金：¥300,000.00');
  expect(first.markdown).toContain('资金利息：-¥14,876.71');
  expect(first.markdown).toContain('其它：¥1,000.00');
  expect(first.markdown).toContain('实发合计：¥286,123.29');
  expect(first.markdown).toContain('6222 **** **** 1234');
  expect(first.single_url).toBe(`eapp://pages/distribution/index?lineId=${lineOf(ids.u1001!).id}`);
  expect((await cardOf('u1002')).markdown).toContain('实发合计：¥95,041.10');

  const shiwei = await partnerLogin('u1001');
  const mine = await shiwei.get(`/api/me/distributions/${lineOf(ids.u1001!).id}`);
  expect(mine.data).toMatchObject({
    batchName: '本金分配',
    principal: '300000.00',
    interest: '-14876.71',
    other: '1000.00',
    profit: null,
    total: '286123.29',
    status: 'SCHEDULED',
    account: { accountNo: '6222 **** **** 1234' },
  });
  expect((await shiwei.get(`/api/me/distributions/${lineOf(ids.u1002!).id}`)).status).toBe(404); // not mine

  // 已发放: the principal returned leaves the ledger, one PRINCIPAL_RETURN per line
  const paid = await acct.post(`${batchUrl}/payouts`, { version: detail.version, paidOn: '2026-07-02' });
  expect(paid.status).toBe(200);
  expect(paid.data.status).toBe('PAID');
  const returns = await t.deps.db.capitalEntry.findMany({
    where: { projectId, kind: 'PRINCIPAL_RETURN' },
    orderBy: { id: 'asc' },
  });
  expect(returns.map((e) => [e.userId, e.paidDelta.toString()])).toEqual([
    [null, '-100000'],
    [ids.u1001, '-300000'],
    [ids.u1002, '-100000'],
  ]);
  expect(returns.every((e) => e.idempotencyKey!.startsWith(`dist:${created.data.id}:`))).toBe(true);
  expect(returns.every((e) => e.distributionId === created.data.id)).toBe(true);
  expect((await shiwei.get(`/api/me/distributions/${lineOf(ids.u1001!).id}`)).data.status).toBe('PAID');
  const overview = (await shiwei.get('/api/me/overview')).data;
  expect(
    overview.projects.find((p: { projectId: number }) => p.projectId === projectId)?.distributed ?? '286123.29',
  ).toBe('286123.29');
  expect(overview.totals.distributed).toBe('286123.29');
  // the A…F table with its 合计 row
  const xlsx = await acct.get(`${batchUrl}/export`, { responseType: 'arraybuffer' });
  expect(xlsx.status).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(xlsx.data);
  const ws = wb.worksheets[0]!;
  const sumRow = ws.getRow(ws.rowCount);
  expect(sumRow.getCell(2).value).toBe('合计');
  expect((sumRow.getCell(4).value as { result: number }).result).toBe(500000);
  expect((sumRow.getCell(13).value as { result: number }).result).toBe(481164.39);
  const locked = await acct.post(`${batchUrl}/lock`, { version: paid.data.version });
  expect(locked.data.status).toBe('LOCKED');
  expect((await acct.patch(batchUrl, { version: locked.data.version, date: '2026-07-03' })).status).toBe(409);
});

it('第1次利润分配: P split by contributed principal, 20% tax on partners, through review, BPM, notices and payout', async () => {
  const acct = await loginAs(t, 'hhkj');
  const reviewer = await loginAs(t, 'hhadmin');
  const created = await acct.post(`/api/projects/${projectId}/distributions`, {
    kind: 'PROFIT',
    date: '2026-09-30',
    profit: { mode: 'ENTERED', amount: '100000.00' },
  });
  expect(created.status).toBe(201);
  expect(created.data).toMatchObject({ name: '第1次利润分配', seq: 1 });
  const batchUrl = `/api/projects/${projectId}/distributions/${created.data.id}`;
  const calc = await acct.post(`${batchUrl}/calculate`, { version: created.data.version });
  expect(calc.status).toBe(200);
  const line = (userId: number | null) => calc.data.lines.find((l: { userId: number | null }) => l.userId === userId);
  // the principal returned by the 本金分配 still counts as contributed: 30万 / 10万 / 10万 of 50万
  expect(line(ids.u1001!)).toMatchObject({
    principal: '0.00',
    profit: '60000.00',
    tax: '12000.00',
    payout: '48000.00',
  });
  expect(line(ids.u1002!)).toMatchObject({ profit: '20000.00', tax: '4000.00', payout: '16000.00' });
  expect(line(null)).toMatchObject({ profit: '20000.00', tax: '0.00', payout: '20000.00' });
  expect(calc.data.totals).toMatchObject({ profit: '100000.00', tax: '16000.00', payout: '84000.00' });

  const submitted = await acct.post(`${batchUrl}/submit`, { version: calc.data.version });
  const review = (await reviewer.get(`/api/reviews/${submitted.data.reviewId}`)).data;
  expect(
    (await reviewer.post(`/api/reviews/${submitted.data.reviewId}/approve`, { version: review.version })).status,
  ).toBe(200);
  const flow = await acct.post(`/api/projects/${projectId}/flows/PROFIT_DISTRIBUTION_1/start`);
  expect(flow.status).toBe(201);
  const fields = (flow.data.form as { fields: { name: string; value?: string }[] }).fields;
  expect(fields.find((f) => f.name === '本次分配节点')!.value).toBe('第1次利润分配');
  expect(fields.find((f) => f.name === '本次分配金额')!.value).toBe('¥100,000.00');
  await emu.completeApproval(flow.data.instanceId, 'agree');
  await eventually(async () => {
    const b = await acct.get(batchUrl);
    if (b.data.status !== 'NOTIFIED') throw new Error(b.data.status);
  });
  const card = await eventually(async () => {
    const c = (await emu.workNotifications('u1002'))
      .map((n) => (n.msg as { action_card?: Record<string, string> }).action_card)
      .find((a) => a?.title?.includes('第1次利润分配 分配通知'));
    if (!c) throw new Error('no profit notice yet');
    return c;
  });
  expect(card.markdown).toContain('利润（税前）：¥20,000.00');
  expect(card.markdown).toContain('代扣税：-¥4,000.00');
  expect(card.markdown).toContain('实发合计：¥16,000.00');
  expect(card.markdown).toContain('6216 **** **** 9999');

  const detail = (await acct.get(batchUrl)).data;
  const paid = await acct.post(`${batchUrl}/payouts`, { version: detail.version, paidOn: '2026-10-08' });
  expect(paid.data.status).toBe('PAID');
  // profit is not ledger principal: no new entries
  expect(await t.deps.db.capitalEntry.count({ where: { projectId, kind: 'PRINCIPAL_RETURN' } })).toBe(3);
  expect((await acct.post(`${batchUrl}/lock`, { version: paid.data.version })).data.status).toBe('LOCKED');
  const shiwei = await partnerLogin('u1001');
  expect((await shiwei.get('/api/me/overview')).data.totals.distributed).toBe('334123.29');
});

it('第2次利润分配: the ledger at the date changed after 测算 — 送审 and 发放 refused (409, 重新测算)', async () => {
  const acct = await loginAs(t, 'hhkj');
  const reviewer = await loginAs(t, 'hhadmin');
  const created = await acct.post(`/api/projects/${projectId}/distributions`, {
    kind: 'PROFIT',
    date: '2026-11-20',
    profit: { mode: 'ENTERED', amount: '50000.00' },
  });
  const batchUrl = `/api/projects/${projectId}/distributions/${created.data.id}`;
  const calc = await acct.post(`${batchUrl}/calculate`, { version: created.data.version });
  expect(calc.status).toBe(200);
  // an entry valued before the date arrives after 测算 (资金利息 owed by u1002)
  const lateEntry = (key: string, valueDate: string) =>
    t.deps.db.$transaction((tx) =>
      appendCapitalEntries(tx, {
        projectId,
        actor: systemActor('测试'),
        reason: '测试台账',
        entries: [
          {
            level: 'CITY',
            holder: 'PARTNER',
            userId: ids.u1002!,
            kind: 'ENTRY_INTEREST',
            committedDelta: dec(0),
            paidDelta: dec(0),
            interestDelta: dec('10.00'),
            valueDate,
            idempotencyKey: key,
          },
        ],
      }),
    );
  await lateEntry('test:late:1', '2026-11-01');
  const refused = await acct.post(`${batchUrl}/submit`, { version: calc.data.version });
  expect(refused.status).toBe(409);
  expect(refused.data.message).toContain('重新测算');
  // an entry after the date does not matter; a new 测算 takes the change in
  await lateEntry('test:late:2', '2026-11-25');
  const again = await acct.post(`${batchUrl}/calculate`, { version: calc.data.version });
  expect(again.status).toBe(200);
  const submitted = await acct.post(`${batchUrl}/submit`, { version: again.data.version });
  expect(submitted.status).toBe(200);
  const review = (await reviewer.get(`/api/reviews/${submitted.data.reviewId}`)).data;
  await reviewer.post(`/api/reviews/${submitted.data.reviewId}/approve`, { version: review.version });
  const flow = await acct.post(`/api/projects/${projectId}/flows/PROFIT_DISTRIBUTION_2/start`);
  expect(flow.status).toBe(201);
  await emu.completeApproval(flow.data.instanceId, 'agree');
  const notified = await eventually(async () => {
    const b = await acct.get(batchUrl);
    if (b.data.status !== 'NOTIFIED') throw new Error(b.data.status);
    return b.data;
  });
  const late = (await lateEntry('test:late:3', '2026-11-10')).entries[0]!;
  const payout = await acct.post(`${batchUrl}/payouts`, { version: notified.version, paidOn: '2026-11-21' });
  expect(payout.status).toBe(409);
  expect(payout.data.message).toContain('重新测算');
  expect((await acct.get(batchUrl)).data.lines.every((l: { paidAt: string | null }) => l.paidAt === null)).toBe(true);
  // the change reversed: the holdings at the date are those of 测算 again, 发放 goes through
  await t.deps.db.$transaction((tx) =>
    appendCapitalEntries(tx, {
      projectId,
      actor: systemActor('测试'),
      reason: '冲销',
      entries: [
        {
          level: 'CITY',
          holder: 'PARTNER',
          userId: ids.u1002!,
          kind: 'REVERSAL',
          reversalOfId: late.id,
          committedDelta: dec(0),
          paidDelta: dec(0),
          interestDelta: dec('-10.00'),
          valueDate: '2026-11-10',
          idempotencyKey: 'test:late:3:reversal',
        },
      ],
    }),
  );
  const paid = await acct.post(`${batchUrl}/payouts`, { version: notified.version, paidOn: '2026-11-21' });
  expect(paid.status).toBe(200);
  expect(paid.data.status).toBe('PAID');
});
