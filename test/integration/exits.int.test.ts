/**
 * 退投 over HTTP with PostgreSQL, Redis, the workers and the DingTalk emulator: contact sync marks a partner 离职 →
 * the accountant's 待办 → 退投测算 → a stale 测算 refused → the 离职退休流程 agreed in the emulator → the stake with
 * the 平台公司 in the ledger (totals and the invariant) → 登记打款 → the partner's statement. A refused flow changes
 * nothing; nobody exits twice; a 补投 round's capacity includes the transferred stake.
 *
 * The project's ledger is written directly through the ledger's write service (commitments and payments as the
 * rounds and 缴款确认 write them), so the test starts where exits start.
 */
import { randomUUID } from 'node:crypto';
import { startWorkers, type RunningWorkers } from '../../server/jobs/worker';
import { seedDemo } from '../../server/seed/seed';
import { systemActor } from '../../server/lib/audit';
import { appendCapitalEntries } from '../../server/modules/capital/append-capital-entries';
import { loadLedger } from '../../server/modules/capital/repository';
import { checkInvariant, positions } from '../../server/modules/capital/calc/ledger';
import { supplementCapacity } from '../../server/modules/capital/calc/supplement';
import { exitedPartners } from '../../server/modules/exits/repository';
import { dec, moneyString } from '../../shared/money';
import { levelCaps } from '../../shared/scheme-math';
import { shanghaiDay } from '../../shared/datetime';
import type { LedgerEntry } from '../../server/modules/capital/calc/types';
import { startTestApp, testDeps, type TestApp } from '../support/app';
import { loginAs } from '../support/auth';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import { eventually } from '../support/eventually';
import { approvePendingGrants } from '../support/grants';

jest.setTimeout(180_000);

let emu: TestEmulator;
let t: TestApp;
let workers: RunningWorkers;
const ROBOT_TOKEN = `exit-robot-${Date.now()}`;

beforeAll(async () => {
  emu = await startTestEmulator();
  t = await startTestApp({ deps: testDeps({ ...emu.env, NOTIFY_RELAY_INTERVAL_MS: '100' }) });
  await emu.configure({ callbackUrl: `${t.base}/api/dingtalk/callback` });
  await emu.addRobot({ accessToken: ROBOT_TOKEN, secret: 'SECexittest00001' });
  await seedDemo(t.deps.db);
  workers = await startWorkers(t.deps, t.deps.redisUrl);
});
afterAll(async () => {
  await workers.close();
  await t.close();
  await emu.close();
});

async function waitForSync(admin: Awaited<ReturnType<typeof loginAs>>, id: number) {
  for (let i = 0; i < 200; i++) {
    const log = (await admin.get('/api/contacts/sync-logs')).data.items.find((l: { id: number }) => l.id === id);
    if (log && log.status !== 'RUNNING') return log;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('sync did not finish');
}

type EntryInput = Omit<LedgerEntry, 'interestDelta' | 'reversalOfId' | 'committedDelta' | 'paidDelta'> & {
  key: string;
  committedDelta: string;
  paidDelta: string;
};
const entry = (e: EntryInput) => ({
  ...e,
  committedDelta: dec(e.committedDelta),
  paidDelta: dec(e.paidDelta),
  interestDelta: dec(0),
  reversalOfId: null,
  idempotencyKey: `exit-test:${e.key}`,
});

it('takes a partner who left from 测算 through the flow to the platform and the payout', async () => {
  const admin = await loginAs(t, 'admin');
  const acct = await loginAs(t, 'hhkj');
  const bizAdmin = await loginAs(t, 'hhadmin');

  // ---- a project granted to the city accountant, its scheme and its group robot
  const tree = (await admin.get('/api/org/tree')).data;
  const huanhu = tree[0].children[0].children.find((n: { name: string }) => n.name === '环沪城市公司');
  const chengjing = huanhu.children.find((n: { name: string }) => n.name === '澄靖直属项目公司');
  const created = await admin.post('/api/projects', {
    name: `靖江退出-${Date.now() % 100000}`,
    orgUnitId: chengjing.id,
    acquiredOn: '2026-06-30',
    operator: 'OURS',
    isOpen: true,
  });
  expect(created.status).toBe(201);
  const pid: number = created.data.id;
  const grants = (await admin.get(`/api/projects/${pid}/grants`)).data;
  const hhRole = grants.roles.find((r: { role: { name: string } }) => r.role.name === '环沪城市公司经营会计');
  const hhUser = hhRole.users.find((u: { name: string }) => u.name.startsWith('环沪会计'));
  expect((await admin.put(`/api/projects/${pid}/grants/${hhRole.role.id}`, { userIds: [hhUser.id] })).status).toBe(200);
  await approvePendingGrants(t);
  expect(
    (
      await admin.post('/api/admin/dingtalk/robots', {
        name: '环沪项目群',
        orgUnitId: huanhu.id,
        accessToken: ROBOT_TOKEN,
        secret: 'SECexittest00001',
      })
    ).status,
  ).toBe(201);
  expect(
    (
      await acct.put(`/api/projects/${pid}/scheme`, {
        version: 0,
        peakCapital: '100000000',
        holdingRatio: '0',
        groupRatio: '0.003',
        cityRatio: '0.002',
        otherRatio: '0',
        totalRatio: '0.005',
        perPersonCapRatio: '0.002',
        allocationUnit: '1',
      })
    ).status,
  ).toBe(200);

  // ---- the ledger: 城市公司 cap 200,000 and 置业集团 cap 300,000 (u1003 holds at both levels)
  const users = await t.deps.db.user.findMany({ where: { dingUserId: { in: ['u1001', 'u1003'] } } });
  const uid = (d: string) => users.find((u) => u.dingUserId === d)!.id;
  const leaver = uid('u1003');
  const retiree = uid('u1001');
  await t.deps.db.$transaction((tx) =>
    appendCapitalEntries(tx, {
      projectId: pid,
      actor: systemActor('测试'),
      reason: '立项与缴款',
      entries: [
        entry({
          key: `${pid}:c1`,
          level: 'CITY',
          holder: 'PARTNER',
          userId: leaver,
          kind: 'COMMITMENT',
          committedDelta: '100000',
          paidDelta: '0',
          valueDate: '2026-07-01',
        }),
        entry({
          key: `${pid}:c2`,
          level: 'CITY',
          holder: 'PARTNER',
          userId: retiree,
          kind: 'COMMITMENT',
          committedDelta: '60000',
          paidDelta: '0',
          valueDate: '2026-07-01',
        }),
        entry({
          key: `${pid}:c3`,
          level: 'CITY',
          holder: 'PLATFORM',
          userId: null,
          kind: 'COMMITMENT',
          committedDelta: '40000',
          paidDelta: '0',
          valueDate: '2026-07-01',
        }),
        entry({
          key: `${pid}:g1`,
          level: 'GROUP',
          holder: 'PARTNER',
          userId: leaver,
          kind: 'COMMITMENT',
          committedDelta: '50000',
          paidDelta: '0',
          valueDate: '2026-07-01',
        }),
        entry({
          key: `${pid}:g2`,
          level: 'GROUP',
          holder: 'PLATFORM',
          userId: null,
          kind: 'COMMITMENT',
          committedDelta: '250000',
          paidDelta: '0',
          valueDate: '2026-07-01',
        }),
        entry({
          key: `${pid}:p1`,
          level: 'CITY',
          holder: 'PARTNER',
          userId: leaver,
          kind: 'PAYMENT',
          committedDelta: '0',
          paidDelta: '100000',
          valueDate: '2026-07-10',
        }),
        entry({
          key: `${pid}:p2`,
          level: 'CITY',
          holder: 'PARTNER',
          userId: retiree,
          kind: 'PAYMENT',
          committedDelta: '0',
          paidDelta: '60000',
          valueDate: '2026-07-10',
        }),
        entry({
          key: `${pid}:p3`,
          level: 'GROUP',
          holder: 'PARTNER',
          userId: leaver,
          kind: 'PAYMENT',
          committedDelta: '0',
          paidDelta: '50000',
          valueDate: '2026-07-10',
        }),
      ],
    }),
  );
  const scheme = await t.deps.db.projectScheme.findUniqueOrThrow({ where: { projectId: pid } });
  const caps = levelCaps(scheme);
  const ledgerCount = async () => t.deps.db.capitalEntry.count({ where: { projectId: pid } });
  const capacityBefore = supplementCapacity(await loadLedger(t.deps.db, pid), caps, '1');

  // ---- u1003 leaves the emulator's contacts; the contact sync (or DingTalk's event) marks them 离职 → a 待办 for the project's accountant
  await emu.removeUser('u1003');
  const sync = await admin.post('/api/contacts/sync', { kind: 'FULL' });
  expect(sync.status).toBe(202);
  const syncLog = await waitForSync(admin, sync.data.id);
  // the emulator also sends user_leave_org to the callback: whichever comes first marks the user, once
  expect(syncLog.status).toBe('SUCCEEDED');
  await eventually(async () =>
    expect((await t.deps.db.user.findUniqueOrThrow({ where: { id: leaver } })).status).toBe('LEFT'),
  );
  expect(await t.deps.db.auditLog.count({ where: { entity: 'User', entityId: String(leaver), action: 'leave' } })).toBe(
    1,
  );
  const today = shanghaiDay();
  await eventually(async () => {
    const todos = (await emu.todos({ userid: 'hhkj001' })).filter((x) => x.subject.includes('合伙人已离职'));
    expect(todos).toHaveLength(1);
    expect(todos[0]!.subject).toBe(`【${created.data.name}】合伙人已离职，请发起退投测算`);
    const detail = (todos[0] as unknown as { detailUrl: { pcUrl: string } }).detailUrl;
    expect(detail.pcUrl).toContain(
      `/console/business/exits?projectId=${pid}&userId=${leaver}&exitType=RESIGNATION&exitDate=${today}`,
    );
  }, 20_000);
  // nobody else's list: the other accountants are not granted this project
  expect((await emu.todos({ userid: 'jnkj001' })).filter((x) => x.subject.includes('合伙人已离职'))).toHaveLength(0);
  expect((await acct.get(`/api/projects/${pid}/exits`)).data).toEqual([]);
  const holdersOf = async (userId: number) =>
    (await acct.get(`/api/projects/${pid}/capital`)).data.holdings
      .filter((h: { userId: number | null }) => h.userId === userId)
      .map((h: { level: string; committed: string; marks: string[] }) => [h.level, h.committed, h.marks]);
  expect(await holdersOf(leaver)).toEqual([
    ['GROUP', '50000.00', ['LEFT']],
    ['CITY', '100000.00', ['LEFT']],
  ]); // 离 until the exit is done
  expect(await holdersOf(retiree)).toEqual([['CITY', '60000.00', []]]);

  // ---- settings: the group default by the business admin (validated), a project override by the accountant
  const group = (await bizAdmin.get('/api/exit-settings')).data;
  expect(group.resolved.map((x: { code: string }) => x.code)).toEqual([
    'RESIGNATION',
    'RETIREMENT',
    'DISMISSAL',
    'TRANSFER',
    'DEATH',
  ]);
  const retirementRule = group.resolved.find((x: { code: string }) => x.code === 'RETIREMENT').rule;
  expect(
    (
      await bizAdmin.put('/api/exit-settings', {
        version: 0,
        settings: { types: [{ code: 'early', label: '提前退休', rule: retirementRule }] },
      })
    ).status,
  ).toBe(400);
  const savedGroup = await bizAdmin.put('/api/exit-settings', {
    version: 0,
    settings: { types: [{ code: 'EARLY_RETIREMENT', label: '提前退休', enabled: true, rule: retirementRule }] },
  });
  expect(savedGroup.status).toBe(200);
  expect(savedGroup.data.resolved.map((x: { code: string }) => x.code)).toContain('EARLY_RETIREMENT');
  expect((await acct.put('/api/exit-settings', { version: 1, settings: { types: [] } })).status).toBe(403);

  // ---- 退投测算 for the leaver: 离职 = 实缴本金 − 已分配利润, per holding
  const calc = await acct.post(`/api/projects/${pid}/exits`, {
    userId: leaver,
    exitType: 'RESIGNATION',
    exitDate: today,
    received: { CITY: { profitReceived: '5000' } },
  });
  expect(calc.status).toBe(201);
  expect(calc.data).toMatchObject({ status: 'CALCULATED', total: '145000.00', fresh: true, user: { left: true } });
  expect(calc.data.holdings.map((h: { level: string; price: string }) => [h.level, h.price])).toEqual([
    ['GROUP', '50000.00'],
    ['CITY', '95000.00'],
  ]);
  expect(calc.data.fingerprint).toMatch(/^exit-v1:/);
  const exitId: number = calc.data.id;
  expect(
    (await acct.post(`/api/projects/${pid}/exits`, { userId: leaver, exitType: 'RESIGNATION', exitDate: today }))
      .status,
  ).toBe(409); // one exit per partner and project

  // ---- a stale 测算 is refused: the project's 离职 rule changed after it
  const resignation = group.resolved.find((x: { code: string }) => x.code === 'RESIGNATION');
  const projectSettings = await acct.put(`/api/projects/${pid}/exit-settings`, {
    version: 0,
    settings: { types: [{ ...resignation, rule: { ...resignation.rule, deductProfitReceived: false } }] },
  });
  expect(projectSettings.status).toBe(200);
  expect((await acct.get(`/api/projects/${pid}/exits/${exitId}`)).data.fresh).toBe(false);
  const noSubject = await acct.post(`/api/projects/${pid}/flows/EXIT/start`, {});
  expect(noSubject.status).toBe(400);
  const stale = await acct.post(`/api/projects/${pid}/flows/EXIT/start`, { subjectId: exitId });
  expect(stale.status).toBe(409);
  expect(stale.data.message).toBe('测算后数据已变化（资金台账或退出规则），请重新测算');
  expect((await acct.post(`/api/projects/${pid}/flows/PEAK_CAPITAL/start`, { subjectId: exitId })).status).toBe(400);

  // ---- 修改测算 with a reason (audited); the new rule no longer deducts profit
  expect(
    (
      await acct.patch(`/api/projects/${pid}/exits/${exitId}`, {
        version: calc.data.version,
        exitType: 'RESIGNATION',
        exitDate: today,
        reason: '',
      })
    ).status,
  ).toBe(400);
  const recalc = await acct.patch(`/api/projects/${pid}/exits/${exitId}`, {
    version: calc.data.version,
    exitType: 'RESIGNATION',
    exitDate: today,
    received: { CITY: { profitReceived: '5000' } },
    reason: '项目退出规则调整：离职不扣已分配利润',
  });
  expect(recalc.status).toBe(200);
  expect(recalc.data).toMatchObject({
    total: '150000.00',
    fresh: true,
    editReason: '项目退出规则调整：离职不扣已分配利润',
  });

  // ---- a refused flow changes nothing: 退休 of u1001 (still employed), refused in DingTalk
  const retire = await acct.post(`/api/projects/${pid}/exits`, {
    userId: retiree,
    exitType: 'RETIREMENT',
    exitDate: '2026-11-30',
  });
  expect(retire.status).toBe(201);
  const entriesBefore = await ledgerCount();
  const refusedRun = await acct.post(`/api/projects/${pid}/flows/EXIT/start`, { subjectId: retire.data.id });
  expect(refusedRun.status).toBe(201);
  expect(refusedRun.data.form.fields.map((f: { name: string }) => f.name)).toEqual([
    '项目名称',
    '城市公司',
    '合伙人',
    '退出类型',
    '退出日期',
    '计价规则',
    '退出价款合计',
    '分层级明细',
  ]);
  expect((await acct.get(`/api/projects/${pid}/exits/${retire.data.id}`)).data.status).toBe('FLOW_RUNNING');
  expect((await acct.post(`/api/projects/${pid}/flows/EXIT/start`, { subjectId: retire.data.id })).status).toBe(409);
  await emu.completeApproval(refusedRun.data.instanceId, 'refuse', '请核对退休日期');
  await eventually(async () =>
    expect((await acct.get(`/api/projects/${pid}/exits/${retire.data.id}`)).data.status).toBe('REJECTED'),
  );
  expect(await ledgerCount()).toBe(entriesBefore);
  expect(await exitedPartners(t.deps.db, pid, today)).toEqual([]);

  // ---- 离职退休流程 for the leaver, agreed → the stake goes to the 平台公司 at both levels
  const run = await acct.post(`/api/projects/${pid}/flows/EXIT/start`, { subjectId: exitId });
  expect(run.status).toBe(201);
  const form = Object.fromEntries(
    run.data.form.fields
      .filter((f: { value?: string }) => 'value' in f)
      .map((f: { name: string; value: string }) => [f.name, f.value]),
  );
  expect(form).toMatchObject({ 合伙人: '王磊', 退出类型: '离职', 退出日期: today, 退出价款合计: '¥150,000.00' });
  expect(form['计价规则']).toContain('实缴本金');
  await emu.completeApproval(run.data.instanceId, 'agree');
  await eventually(async () =>
    expect((await acct.get(`/api/projects/${pid}/exits/${exitId}`)).data.status).toBe('COMPLETED'),
  );
  await eventually(async () =>
    expect(
      (await emu.robotMessages(ROBOT_TOKEN))
        .map((m) => JSON.stringify(m.msg))
        .filter((m) => m.includes('离职退休流程')),
    ).toEqual([
      expect.stringContaining('离职退休流程（第 1 次）审批驳回'),
      expect.stringContaining('离职退休流程（第 2 次）审批通过'),
    ]),
  );
  // the 待办 closed when the flow started
  await eventually(async () =>
    expect(
      (await emu.todos({ userid: 'hhkj001' })).filter((x) => x.subject.includes('合伙人已离职')).map((x) => x.done),
    ).toEqual([true]),
  );

  const ledger = await loadLedger(t.deps.db, pid);
  expect(checkInvariant(ledger, caps)).toEqual([]);
  const pos = positions(ledger);
  const at = (level: string, holder: string, userId: number | null) => {
    const p = pos.find((x) => x.level === level && x.holder === holder && (x.userId ?? null) === userId);
    return p ? [moneyString(p.committed), moneyString(p.paid)] : null;
  };
  expect(at('CITY', 'PARTNER', leaver)).toEqual(['0.00', '0.00']);
  expect(at('GROUP', 'PARTNER', leaver)).toEqual(['0.00', '0.00']);
  expect(at('CITY', 'PLATFORM', null)).toEqual(['140000.00', '100000.00']);
  expect(at('GROUP', 'PLATFORM', null)).toEqual(['300000.00', '50000.00']);
  expect(at('CITY', 'PARTNER', retiree)).toEqual(['60000.00', '60000.00']);
  const transfers = await t.deps.db.capitalEntry.findMany({ where: { projectId: pid, exitId } });
  expect(transfers.map((e) => e.kind).sort()).toEqual(['TRANSFER_IN', 'TRANSFER_IN', 'TRANSFER_OUT', 'TRANSFER_OUT']);
  expect(await exitedPartners(t.deps.db, pid, today)).toEqual([leaver]);
  expect(await holdersOf(leaver)).toEqual([
    ['GROUP', '0.00', ['EXITED']],
    ['CITY', '0.00', ['EXITED']],
  ]); // then 退
  expect(await exitedPartners(t.deps.db, pid, '2026-11-30')).toEqual([]);

  // ---- a profit batch afterwards leaves the exited partner out: the platform and 史伟 share it
  const batch = await acct.post(`/api/projects/${pid}/distributions`, {
    kind: 'PROFIT',
    date: today,
    profit: { mode: 'ENTERED', amount: '10000' },
  });
  expect(batch.status).toBe(201);
  const calculated = await acct.post(`/api/projects/${pid}/distributions/${batch.data.id}/calculate`, {
    version: batch.data.version,
  });
  expect(calculated.status).toBe(200);
  const profitOf = (userId: number | null) =>
    calculated.data.lines
      .filter((l: { userId: number | null }) => l.userId === userId)
      .reduce((s: ReturnType<typeof dec>, l: { profit: string }) => s.plus(dec(l.profit)), dec(0));
  expect(moneyString(profitOf(leaver))).toBe('0.00');
  expect(profitOf(retiree).isPositive()).toBe(true);
  expect(
    moneyString(
      calculated.data.lines.reduce((s: ReturnType<typeof dec>, l: { profit: string }) => s.plus(dec(l.profit)), dec(0)),
    ),
  ).toBe('10000.00');

  // ---- re-offer: what the platform took over is what a 补投 round may share now
  const capacityAfter = supplementCapacity(ledger, caps, '1');
  for (const level of ['CITY', 'GROUP'] as const) {
    const before = capacityBefore.find((c) => c.level === level)!.capacity;
    const after = capacityAfter.find((c) => c.level === level)!.capacity;
    expect(moneyString(after.minus(before))).toBe(level === 'CITY' ? '100000.00' : '50000.00');
  }

  // ---- nobody exits twice
  expect(
    (await acct.post(`/api/projects/${pid}/exits`, { userId: leaver, exitType: 'RESIGNATION', exitDate: today })).data
      .message,
  ).toBe('该合伙人已退出本项目，份额已由平台公司承接，不能重复退出');
  const done = (await acct.get(`/api/projects/${pid}/exits/${exitId}`)).data;
  expect(
    (
      await acct.patch(`/api/projects/${pid}/exits/${exitId}`, {
        version: done.version,
        exitType: 'RESIGNATION',
        exitDate: today,
        reason: '再算一次',
      })
    ).data.code,
  ).toBe('INVALID_STATE');
  expect((await acct.post(`/api/projects/${pid}/flows/EXIT/start`, { subjectId: exitId })).status).toBe(409);

  // ---- 登记打款: a different amount needs a note; idempotent by key; the partner's statement is queued
  const payoutBody = {
    version: done.version,
    amount: '149000',
    paidOn: today,
    account: '中国银行 6217 0000 9999 0003',
    idempotencyKey: randomUUID(),
  };
  expect((await acct.post(`/api/projects/${pid}/exits/${exitId}/payout`, payoutBody)).data.code).toBe(
    'VALIDATION_FAILED',
  );
  const paid = await acct.post(`/api/projects/${pid}/exits/${exitId}/payout`, {
    ...payoutBody,
    note: '代扣个税 1,000 元',
  });
  expect(paid.status).toBe(200);
  expect(paid.data).toMatchObject({
    status: 'PAID',
    payout: { amount: '149000.00', paidOn: today, difference: '-1000.00', note: '代扣个税 1,000 元' },
  });
  const replay = await acct.post(`/api/projects/${pid}/exits/${exitId}/payout`, {
    ...payoutBody,
    note: '代扣个税 1,000 元',
  });
  expect(replay.status).toBe(200);
  expect(replay.data.version).toBe(paid.data.version);
  expect(
    (await acct.post(`/api/projects/${pid}/exits/${exitId}/payout`, { ...payoutBody, idempotencyKey: randomUUID() }))
      .status,
  ).toBe(409);
  const statement = await t.deps.db.notification.findFirstOrThrow({ where: { dedupeKey: `exit:${exitId}:statement` } });
  expect(statement).toMatchObject({ channel: 'WORK', userId: leaver });
  expect(JSON.stringify(statement.payload)).toContain('退出价款合计 ¥150,000.00');
  expect(JSON.stringify(statement.payload)).toContain('打款 ¥149,000.00 至账户 中国银行 6217 **** **** 0003');
  expect(JSON.stringify(statement.payload)).toContain(`eapp://pages/exit/index?exitId=${exitId}`);
  // handed to DingTalk (the leaver is no longer in the organisation: DingTalk's send result, reconciled later, says
  // whether it reached them; the employed partner's statement below is read back from the emulator)
  await eventually(async () =>
    expect(['SENT', 'DELIVERED', 'FAILED']).toContain(
      (await t.deps.db.notification.findUniqueOrThrow({ where: { id: statement.id } })).status,
    ),
  );
  expect(await ledgerCount()).toBe(entriesBefore + 4); // the payout is not a ledger movement

  // ---- the employed partner's exit, recalculated after the refusal, agreed and paid: the statement reaches them
  const retired = await acct.patch(`/api/projects/${pid}/exits/${retire.data.id}`, {
    version: (await acct.get(`/api/projects/${pid}/exits/${retire.data.id}`)).data.version,
    exitType: 'RETIREMENT',
    exitDate: '2026-11-30',
    reason: '退休日期已核对',
  });
  expect(retired.data).toMatchObject({ status: 'CALCULATED', fresh: true });
  const run2 = await acct.post(`/api/projects/${pid}/flows/EXIT/start`, { subjectId: retire.data.id });
  expect(run2.status).toBe(201);
  await emu.completeApproval(run2.data.instanceId, 'agree');
  await eventually(async () =>
    expect((await acct.get(`/api/projects/${pid}/exits/${retire.data.id}`)).data.status).toBe('COMPLETED'),
  );
  const r = (await acct.get(`/api/projects/${pid}/exits/${retire.data.id}`)).data;
  const paid2 = await acct.post(`/api/projects/${pid}/exits/${retire.data.id}/payout`, {
    version: r.version,
    amount: r.total,
    paidOn: today,
    account: '工商银行 6222 0000 1111 0001',
    idempotencyKey: randomUUID(),
  });
  expect(paid2.status).toBe(200);
  await eventually(async () => {
    const got = (await emu.workNotifications('u1001')).map((n) => JSON.stringify(n.msg));
    expect(got.filter((m) => m.includes('【退出结算】'))).toEqual([expect.stringContaining(`已于 ${today} 打款 ¥`)]);
  }, 20_000);
  expect(checkInvariant(await loadLedger(t.deps.db, pid), caps)).toEqual([]);
  expect(await exitedPartners(t.deps.db, pid, today)).toEqual([retiree, leaver].sort((a, b) => a - b));

  // ---- an exit is final: the partner cannot be put on a round's list of this project again
  const round = await acct.post(`/api/projects/${pid}/rounds`, {
    kind: 'INITIAL',
    deadline: new Date(Date.now() + 86_400_000).toISOString(),
    dueDate: '2026-12-31',
  });
  expect(round.status).toBe(201);
  const again = await acct.post(`/api/projects/${pid}/rounds/${round.data.id}/partners`, {
    partners: [{ userId: retiree, level: 'CITY', category: 'VOLUNTARY', minAmount: '10000', maxAmount: '50000' }],
  });
  expect(again.status).toBe(400);
  expect(again.data.message).toBe('史伟 已退出本项目（份额已由平台公司承接）');

  // ---- the list and the audit trail
  const list = (await acct.get(`/api/projects/${pid}/exits`)).data;
  expect(list.map((e: { status: string }) => e.status)).toEqual(['PAID', 'PAID']);
  const audit = (await admin.get('/api/audit-logs', { params: { projectId: pid, pageSize: 200 } })).data.items.map(
    (e: { action: string }) => e.action,
  );
  expect(audit).toEqual(
    expect.arrayContaining([
      'save_exit_settings',
      'calculate_exit',
      'recalculate_exit',
      'start_exit_flow',
      'reject_exit',
      'complete_exit',
      'append_capital_entries',
      'register_exit_payout',
    ]),
  );
});

it('a partner who comes back before an exit: the 离职 待办 close and 离 goes; leaving again gives new 待办', async () => {
  const admin = await loginAs(t, 'admin');
  const acct = await loginAs(t, 'hhkj');
  const tree = (await admin.get('/api/org/tree')).data;
  const huanhu = tree[0].children[0].children.find((n: { name: string }) => n.name === '环沪城市公司');
  const chengjing = huanhu.children.find((n: { name: string }) => n.name === '澄靖直属项目公司');
  const created = await admin.post('/api/projects', {
    name: `回归-${Date.now() % 100000}`,
    orgUnitId: chengjing.id,
    acquiredOn: '2026-06-30',
    operator: 'OURS',
    isOpen: true,
  });
  const pid: number = created.data.id;
  const grants = (await admin.get(`/api/projects/${pid}/grants`)).data;
  const hhRole = grants.roles.find((r: { role: { name: string } }) => r.role.name === '环沪城市公司经营会计');
  const hhUser = hhRole.users.find((u: { name: string }) => u.name.startsWith('环沪会计'));
  await admin.put(`/api/projects/${pid}/grants/${hhRole.role.id}`, { userIds: [hhUser.id] });
  await approvePendingGrants(t);
  await acct.put(`/api/projects/${pid}/scheme`, {
    version: 0,
    peakCapital: '100000000',
    holdingRatio: '0',
    groupRatio: '0.003',
    cityRatio: '0.002',
    otherRatio: '0',
    totalRatio: '0.005',
    perPersonCapRatio: '0.002',
    allocationUnit: '1',
  });
  const partner = await t.deps.db.user.findFirstOrThrow({ where: { dingUserId: 'u1005' } });
  await t.deps.db.$transaction((tx) =>
    appendCapitalEntries(tx, {
      projectId: pid,
      actor: systemActor('测试'),
      reason: '立项与缴款',
      entries: [
        entry({
          key: `${pid}:c1`,
          level: 'CITY',
          holder: 'PARTNER',
          userId: partner.id,
          kind: 'COMMITMENT',
          committedDelta: '50000',
          paidDelta: '0',
          valueDate: '2026-07-01',
        }),
        entry({
          key: `${pid}:c2`,
          level: 'CITY',
          holder: 'PLATFORM',
          userId: null,
          kind: 'COMMITMENT',
          committedDelta: '150000',
          paidDelta: '0',
          valueDate: '2026-07-01',
        }),
        entry({
          key: `${pid}:p1`,
          level: 'CITY',
          holder: 'PARTNER',
          userId: partner.id,
          kind: 'PAYMENT',
          committedDelta: '0',
          paidDelta: '50000',
          valueDate: '2026-07-10',
        }),
      ],
    }),
  );
  const todosOf = async () =>
    (await emu.todos({ userid: 'hhkj001' })).filter(
      (x) => x.subject === `【${created.data.name}】合伙人已离职，请发起退投测算`,
    );
  const marksOf = async () =>
    (await acct.get(`/api/projects/${pid}/capital`)).data.holdings.find(
      (h: { userId: number | null }) => h.userId === partner.id,
    ).marks;

  // DingTalk tells the BFF the partner left (user_leave_org): 离 and a 待办
  await emu.removeUser('u1005');
  await eventually(async () => expect((await todosOf()).map((x) => x.done)).toEqual([false]), 20_000);
  expect(await marksOf()).toEqual(['LEFT']);

  // back in the organisation before any exit (user_add_org / a full sync reactivates): the 待办 completes, 离 goes
  await emu.addUser({ userid: 'u1005', name: partner.name, mobile: partner.mobile ?? undefined, deptIdList: [1] });
  const sync = await admin.post('/api/contacts/sync', { kind: 'FULL' });
  expect(sync.status).toBe(202);
  await waitForSync(admin, sync.data.id);
  await eventually(async () =>
    expect((await t.deps.db.user.findUniqueOrThrow({ where: { id: partner.id } })).status).toBe('ACTIVE'),
  );
  await eventually(async () => expect((await todosOf()).map((x) => x.done)).toEqual([true]), 20_000);
  expect(await marksOf()).toEqual([]);
  expect(
    await t.deps.db.notification.count({
      where: { kind: 'exit_todo_rejoined', dedupeKey: { startsWith: `exit-todo:${pid}:${partner.id}:` } },
    }),
  ).toBe(1);
});
