/**
 * 峰值变更 end to end over HTTP, with real PostgreSQL, Redis, the notification workers and the DingTalk emulator
 * (quick guide 4.1.1–4.3.2): a project through 立项 and payments (some partial); a peak increase — change →
 * 资金峰值调整 refused (nothing moves) then completed → 立项调整 → a line edited with a reason → 送审 → approve →
 * 立项信息变更 completed → 补缴 notices to exactly the affected partners → 补缴 confirmations (partial, idempotent retry);
 * then a peak decrease after payments — 退款 notices and confirmations. The ledger's totals and the cap invariant are
 * asserted at each step.
 */
import { randomUUID } from 'node:crypto';
import { startWorkers, type RunningWorkers } from '../../server/jobs/worker';
import { seedDemo } from '../../server/seed/seed';
import { loadLedger } from '../../server/modules/capital/repository';
import { checkInvariant, positions } from '../../server/modules/capital/calc/ledger';
import { levelCaps } from '../../shared/scheme-math';
import { dec, moneyString } from '../../shared/money';
import { shanghaiDay } from '../../shared/datetime';
import { systemActor } from '../../server/lib/audit';
import { appendCapitalEntries } from '../../server/modules/capital/append-capital-entries';
import { startTestApp, testDeps, type TestApp } from '../support/app';
import { loginAs, withToken } from '../support/auth';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import { eventually } from '../support/eventually';
import { approvePendingGrants } from '../support/grants';

jest.setTimeout(180_000);

let emu: TestEmulator;
let t: TestApp;
let workers: RunningWorkers;
const ROBOT_TOKEN = `peak-change-robot-${Date.now()}`;

beforeAll(async () => {
  emu = await startTestEmulator();
  t = await startTestApp({ deps: testDeps({ ...emu.env, NOTIFY_RELAY_INTERVAL_MS: '100' }) });
  await emu.configure({ callbackUrl: `${t.base}/api/dingtalk/callback` });
  await emu.addRobot({ accessToken: ROBOT_TOKEN, secret: 'SECpeakchange001' });
  await seedDemo(t.deps.db);
  workers = await startWorkers(t.deps, t.deps.redisUrl);
});
afterAll(async () => {
  await workers.close();
  await t.close();
  await emu.close();
});

const cardUrl = (n: { msg: unknown }) => (n.msg as { action_card?: { single_url?: string } }).action_card?.single_url;
type Line = { id: number; level: string; holder: string; user: { id: number } | null; version: number } & Record<
  string,
  unknown
>;

/** The ledger as it stands: per level committed / paid of partners and platform, and the invariant against the scheme in force. */
async function ledgerState(pid: number) {
  const ledger = await loadLedger(t.deps.db, pid);
  const scheme = await t.deps.db.projectScheme.findUniqueOrThrow({ where: { projectId: pid } });
  const pos = positions(ledger);
  const byUser = (userId: number, level: string) => {
    const p = pos.find((x) => x.holder === 'PARTNER' && x.userId === userId && x.level === level);
    return p ? { committed: moneyString(p.committed), paid: moneyString(p.paid) } : null;
  };
  const platform = (level: string) =>
    moneyString(pos.find((x) => x.holder === 'PLATFORM' && x.level === level)?.committed ?? 0);
  return { breaks: checkInvariant(ledger, levelCaps(scheme)), byUser, platform, caps: levelCaps(scheme) };
}

/** A ledger correction outside the change (1,000 from the platform to a partner at 城市公司), and its reversal. */
async function moveLedger(pid: number, userId: number) {
  return t.deps.db.$transaction(async (tx) => {
    const base = { level: 'CITY' as const, paidDelta: dec(0), interestDelta: dec(0), valueDate: shanghaiDay() };
    const { entries } = await appendCapitalEntries(tx, {
      projectId: pid,
      actor: systemActor('测试：台账更正'),
      reason: '测试：台账更正',
      entries: [
        {
          ...base,
          holder: 'PARTNER',
          userId,
          kind: 'COMMITMENT_CHANGE',
          committedDelta: dec(1000),
          idempotencyKey: `test-move:${randomUUID()}`,
        },
        {
          ...base,
          holder: 'PLATFORM',
          userId: null,
          kind: 'COMMITMENT_CHANGE',
          committedDelta: dec(-1000),
          idempotencyKey: `test-move:${randomUUID()}`,
        },
      ],
    });
    return entries;
  });
}
async function reverse(pid: number, entries: Awaited<ReturnType<typeof moveLedger>>) {
  await t.deps.db.$transaction(async (tx) => {
    await appendCapitalEntries(tx, {
      projectId: pid,
      actor: systemActor('测试：冲销'),
      reason: '测试：冲销',
      entries: entries.map((e) => ({
        level: e.level,
        holder: e.holder,
        userId: e.userId,
        kind: 'REVERSAL' as const,
        committedDelta: dec(e.committedDelta).negated(),
        paidDelta: dec(e.paidDelta).negated(),
        interestDelta: dec(e.interestDelta).negated(),
        valueDate: shanghaiDay(),
        reversalOfId: e.id,
        idempotencyKey: `test-reverse:${e.id}`,
      })),
    });
  });
}

it('takes a peak increase and a decrease from the change to the money', async () => {
  const admin = await loginAs(t, 'admin');
  const acct = await loginAs(t, 'hhkj');
  const reviewer = await loginAs(t, 'hhadmin');
  const outsider = await loginAs(t, 'jnkj');

  // ---- a project through 立项
  const tree = (await admin.get('/api/org/tree')).data;
  const huanhu = tree[0].children[0].children.find((n: { name: string }) => n.name === '环沪城市公司');
  const chengjing = huanhu.children.find((n: { name: string }) => n.name === '澄靖直属项目公司');
  const created = await admin.post('/api/projects', {
    name: `峰值变更-${Date.now() % 100000}`,
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
  await admin.post('/api/admin/dingtalk/robots', {
    name: '环沪项目群',
    orgUnitId: huanhu.id,
    accessToken: ROBOT_TOKEN,
    secret: 'SECpeakchange001',
  });
  await acct.put(`/api/projects/${pid}/shareholders`, {
    shareholders: [
      { name: '锦艺置业', equityRatio: '0.51', isOurs: true },
      { name: '合作方', equityRatio: '0.49' },
    ],
  });
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
        payeeName: '靖江锦艺置业有限公司',
        payeeBank: '中国银行靖江支行',
        payeeAccount: '6217 0000 1234 5678',
      })
    ).status,
  ).toBe(200);

  const draftBody = {
    peakCapital: '120000000',
    holdingRatio: '0',
    groupRatio: '0.003',
    cityRatio: '0.002',
    otherRatio: '0',
    perPersonCapRatio: '0.002',
    shareholders: [
      { name: '锦艺置业', equityRatio: '0.55', isOurs: true },
      { name: '合作方', equityRatio: '0.45' },
    ],
    reason: '追加土地款，资金峰值上调',
  };
  // not before the peak is confirmed
  expect((await acct.post(`/api/projects/${pid}/scheme-changes`, draftBody)).data.message).toBe(
    '【项目资金峰值】流程尚未完成，不能发起峰值变更',
  );
  const peak = await acct.post(`/api/projects/${pid}/flows/PEAK_CAPITAL/start`);
  await emu.completeApproval(peak.data.instanceId, 'agree');
  await eventually(async () =>
    expect(
      (await t.deps.db.projectScheme.findUniqueOrThrow({ where: { projectId: pid } })).peakConfirmedAt,
    ).not.toBeNull(),
  );
  // nor before 立项
  expect((await acct.post(`/api/projects/${pid}/scheme-changes`, draftBody)).data.message).toBe(
    '项目尚未完成【事业合伙立项】，不能发起峰值变更',
  );

  const users = await t.deps.db.user.findMany({
    where: { dingUserId: { in: ['u1001', 'u1002', 'u1003', 'u1004', 'u1005'] } },
  });
  const uid = (d: string) => users.find((u) => u.dingUserId === d)!.id;
  const deadline = new Date(Date.now() + 10_000).toISOString(); // room for five logins and subscriptions on a busy machine
  const rid: number = (
    await acct.post(`/api/projects/${pid}/rounds`, { kind: 'INITIAL', deadline, dueDate: '2026-12-31' })
  ).data.id;
  await acct.post(`/api/projects/${pid}/rounds/${rid}/partners`, {
    partners: [
      { userId: uid('u1001'), level: 'CITY', category: 'MANDATORY', minAmount: '50000', maxAmount: '150000' },
      { userId: uid('u1002'), level: 'CITY', category: 'VOLUNTARY', minAmount: '10000', maxAmount: '150000' },
      { userId: uid('u1003'), level: 'CITY', category: 'VOLUNTARY', minAmount: '10000', maxAmount: '50000' },
      { userId: uid('u1004'), level: 'GROUP', category: 'PRIORITY', minAmount: '20000', maxAmount: '150000' },
      { userId: uid('u1005'), level: 'GROUP', category: 'VOLUNTARY', minAmount: '10000', maxAmount: '100000' },
    ],
  });
  await acct.post(`/api/projects/${pid}/rounds/${rid}/notices`);
  const partner = async (userid: string) => {
    const res = await t.http.post('/api/auth/dingtalk', { authCode: await emu.authCode(userid) });
    return withToken(t, res.data.token);
  };
  for (const [u, amount] of [
    ['u1001', '100000'],
    ['u1002', '60000'],
    ['u1003', '0'],
    ['u1004', '100000'],
    ['u1005', '50000'],
  ] as const)
    expect((await (await partner(u)).post(`/api/me/projects/${pid}/subscription`, { amount })).status).toBe(200);
  await new Promise((r) => setTimeout(r, Math.max(0, Date.parse(deadline) - Date.now() + 200)));
  expect((await acct.post(`/api/projects/${pid}/rounds/${rid}/calculate`)).status).toBe(200);
  const sub = await acct.post(`/api/projects/${pid}/rounds/${rid}/submit`);
  await reviewer.post(`/api/reviews/${sub.data.id}/approve`, {});
  const lixiang = await acct.post(`/api/projects/${pid}/flows/SCHEME_APPROVAL/start`);
  await emu.completeApproval(lixiang.data.instanceId, 'agree');
  await eventually(async () =>
    expect((await acct.get(`/api/projects/${pid}/rounds/${rid}`)).data.round.status).toBe('CONFIRMED'),
  );

  // ---- payments: u1001 and u1004 in full, u1002 partly, u1005 nothing yet
  const dues = (await acct.get(`/api/projects/${pid}/payments`)).data as {
    id: number;
    userId: number;
    amountDue: string;
    version: number;
  }[];
  const dueOf = (d: string) => dues.find((x) => x.userId === uid(d))!;
  const pay = (dueId: number, amount: string, version: number) =>
    reviewer.post(`/api/projects/${pid}/payments/${dueId}/confirm`, {
      amount,
      paidOn: '2026-11-20',
      idempotencyKey: randomUUID(),
      version,
    });
  expect((await pay(dueOf('u1001').id, '100000', dueOf('u1001').version)).data.status).toBe('PAID');
  expect((await pay(dueOf('u1002').id, '30000', dueOf('u1002').version)).data.status).toBe('PARTIAL');
  expect((await pay(dueOf('u1004').id, '100000', dueOf('u1004').version)).data.status).toBe('PAID');
  let L = await ledgerState(pid);
  expect(L.breaks).toEqual([]);
  expect(L.byUser(uid('u1002'), 'CITY')).toEqual({ committed: '60000.00', paid: '30000.00' });
  expect(L.platform('CITY')).toBe('40000.00'); // 200,000 − 160,000
  expect(L.platform('GROUP')).toBe('150000.00'); // 300,000 − 150,000

  // ---- 4.1.1 股权合作: the new peak and shareholders, validated; one open change at a time
  const bad = await acct.post(`/api/projects/${pid}/scheme-changes`, {
    ...draftBody,
    shareholders: [{ name: '锦艺置业', equityRatio: '0.9', isOurs: true }],
  });
  expect(bad.status).toBe(400);
  expect(bad.data.message).toContain('股东持股比例合计 90.00%，应为 100%');
  expect((await outsider.post(`/api/projects/${pid}/scheme-changes`, draftBody)).status).toBe(403);
  expect((await reviewer.post(`/api/projects/${pid}/scheme-changes`, draftBody)).status).toBe(403); // admins review
  const draft = await acct.post(`/api/projects/${pid}/scheme-changes`, { ...draftBody, peakCapital: '110000000' });
  expect(draft.status).toBe(201);
  const cid: number = draft.data.id;
  expect(draft.data).toMatchObject({ status: 'DRAFT', oldPeakCapital: '100000000.00', peakCapital: '110000000.00' });
  expect((await acct.post(`/api/projects/${pid}/scheme-changes`, draftBody)).data.message).toContain(
    '项目已有未完成的峰值变更',
  );
  const edited = await acct.put(`/api/projects/${pid}/scheme-changes/${cid}`, { ...draftBody, version: 0 });
  expect(edited.data.levels.find((l: { level: string }) => l.level === 'CITY')).toMatchObject({
    oldCap: '200000.00',
    newCap: '240000.00',
  });
  expect((await acct.put(`/api/projects/${pid}/scheme-changes/${cid}`, { ...draftBody, version: 0 })).data.code).toBe(
    'VERSION_CONFLICT',
  );

  // ---- 4.1.2 资金峰值调整: refused once — the change is a draft again and nothing else moved
  const entriesBefore = (await loadLedger(t.deps.db, pid)).length;
  const refused = await acct.post(`/api/projects/${pid}/flows/PEAK_ADJUSTMENT/start`);
  expect(refused.status).toBe(201);
  expect((await acct.get(`/api/projects/${pid}/scheme-changes/${cid}`)).data.status).toBe('PEAK_FLOW');
  expect((await acct.put(`/api/projects/${pid}/scheme-changes/${cid}`, { ...draftBody, version: 1 })).status).toBe(409);
  await emu.completeApproval(refused.data.instanceId, 'refuse', '请补充说明');
  await eventually(async () =>
    expect((await acct.get(`/api/projects/${pid}/scheme-changes/${cid}`)).data.status).toBe('DRAFT'),
  );
  const unchanged = await ledgerState(pid);
  expect(unchanged.caps).toEqual(L.caps);
  expect((await loadLedger(t.deps.db, pid)).length).toBe(entriesBefore);
  expect((await t.deps.db.projectScheme.findUniqueOrThrow({ where: { projectId: pid } })).peakCapital.toString()).toBe(
    '100000000',
  );
  // 4.1.3 then completed, with the group's robot message
  const peakFlow = await acct.post(`/api/projects/${pid}/flows/PEAK_ADJUSTMENT/start`);
  expect(peakFlow.data.run).toBe(2);
  expect((peakFlow.data.form.fields as { name: string; value?: string }[]).slice(2, 4)).toEqual([
    { name: '原资金峰值', value: '¥100,000,000.00' },
    { name: '调整后资金峰值', value: '¥120,000,000.00' },
  ]);
  await emu.completeApproval(peakFlow.data.instanceId, 'agree');
  await eventually(async () =>
    expect((await acct.get(`/api/projects/${pid}/scheme-changes/${cid}`)).data.status).toBe('PEAK_APPROVED'),
  );
  await eventually(async () =>
    expect(
      (await emu.robotMessages(ROBOT_TOKEN)).some((m) =>
        JSON.stringify(m.msg).includes('资金峰值调整（第 2 次）审批通过'),
      ),
    ).toBe(true),
  );
  // the scheme in force is still the old one
  expect((await ledgerState(pid)).caps.CITY.toString()).toBe('200000');

  // ---- 4.2.1 立项调整 from the ledger; one line edited with a reason
  let detail = (await acct.get(`/api/projects/${pid}/scheme-changes/${cid}`)).data;
  const calc = await acct.post(`/api/projects/${pid}/scheme-changes/${cid}/calculate`, { version: detail.version });
  expect(calc.status).toBe(200);
  const lineOf = (d: { lines: Line[] }, u: string) => d.lines.find((l) => l.user?.id === uid(u))!;
  expect(
    ['u1001', 'u1002', 'u1004', 'u1005'].map((u) => [
      lineOf(calc.data, u).oldCommitted,
      lineOf(calc.data, u).newCommitted,
    ]),
  ).toEqual([
    ['100000.00', '120000.00'],
    ['60000.00', '72000.00'],
    ['100000.00', '120000.00'],
    ['50000.00', '60000.00'],
  ]);
  expect(calc.data.lines.some((l: Line) => l.user?.id === uid('u1003'))).toBe(false);
  expect(calc.data.levels.find((l: { level: string }) => l.level === 'CITY')).toMatchObject({
    newCap: '240000.00',
    newPartners: '192000.00',
    newPlatform: '48000.00',
  });
  const l5 = lineOf(calc.data, 'u1005');
  expect(
    (
      await acct.put(`/api/projects/${pid}/scheme-changes/${cid}/lines/${l5.id}`, {
        newCommitted: '50000.5',
        reason: '核对',
        version: l5.version,
      })
    ).status,
  ).toBe(400); // not a whole unit
  // separation of duties: a partner who is also the project's accountant does not edit their own line
  const u4 = (await admin.get(`/api/users/${uid('u1004')}`)).data;
  expect(
    (
      await admin.patch(`/api/users/${uid('u1004')}`, {
        version: u4.version,
        roleIds: [...u4.roles.map((r: { id: number }) => r.id), hhRole.role.id],
      })
    ).status,
  ).toBe(200);
  await admin.put(`/api/projects/${pid}/grants/${hhRole.role.id}`, { userIds: [hhUser.id, uid('u1004')] });
  await approvePendingGrants(t);
  const l4 = lineOf(calc.data, 'u1004');
  const own = await (
    await partner('u1004')
  ).put(`/api/projects/${pid}/scheme-changes/${cid}/lines/${l4.id}`, {
    newCommitted: '150000',
    reason: '我想多投',
    version: l4.version,
  });
  expect(own.status).toBe(403);
  expect(own.data.message).toBe('不能修改本人的立项调整金额，请由其他经营会计操作');
  const lineEdit = await acct.put(`/api/projects/${pid}/scheme-changes/${cid}/lines/${l5.id}`, {
    newCommitted: '50000',
    reason: '本人不增持',
    version: l5.version,
  });
  expect(lineEdit.status).toBe(200);
  expect(lineOf(lineEdit.data, 'u1005')).toMatchObject({ newCommitted: '50000.00', delta: '0.00', edited: true });
  expect(lineEdit.data.levels.find((l: { level: string }) => l.level === 'GROUP')).toMatchObject({
    newPartners: '170000.00',
    newPlatform: '190000.00',
  });
  expect(lineEdit.data).toMatchObject({ topUps: 3, refunds: 0 });

  // ---- 4.2.2 送审 → 4.2.3 方案审核: the reviewer sees caps and every line with its reason
  const submitted = await acct.post(`/api/projects/${pid}/scheme-changes/${cid}/submit`, {
    version: lineEdit.data.version,
  });
  expect(submitted.status).toBe(200);
  const review = (await reviewer.get(`/api/reviews/${submitted.data.reviewId}`)).data;
  expect(JSON.stringify(review)).toContain('本人不增持');
  expect(JSON.stringify(review)).toContain('¥200,000.00 → ¥240,000.00');
  expect((await acct.post(`/api/reviews/${submitted.data.reviewId}/approve`, {})).status).toBe(403);
  expect((await reviewer.post(`/api/reviews/${submitted.data.reviewId}/approve`, {})).data.status).toBe('APPROVED');
  expect((await acct.get(`/api/projects/${pid}/scheme-changes/${cid}`)).data.status).toBe('APPROVED');

  // ---- 4.2.4 立项信息变更 → 4.2.5 completed: the change applies
  const changeFlow = await acct.post(`/api/projects/${pid}/flows/SCHEME_CHANGE/start`);
  expect(changeFlow.status).toBe(201);
  expect(changeFlow.data.form.fields).toEqual(
    expect.arrayContaining([
      { name: '补缴人数', value: '3' },
      { name: '退款人数', value: '0' },
    ]),
  );
  await emu.completeApproval(changeFlow.data.instanceId, 'agree');
  await eventually(async () =>
    expect((await acct.get(`/api/projects/${pid}/scheme-changes/${cid}`)).data.status).toBe('APPLIED'),
  );
  L = await ledgerState(pid);
  expect(L.breaks).toEqual([]);
  expect(L.caps.CITY.toString()).toBe('240000');
  expect(L.byUser(uid('u1001'), 'CITY')).toEqual({ committed: '120000.00', paid: '100000.00' });
  expect(L.byUser(uid('u1005'), 'GROUP')).toEqual({ committed: '50000.00', paid: '0.00' });
  expect(L.platform('CITY')).toBe('48000.00');
  expect(L.platform('GROUP')).toBe('190000.00');
  expect(
    (await t.deps.db.shareholder.findMany({ where: { projectId: pid, isOurs: true } }))[0]!.equityRatio.toString(),
  ).toBe('0.55');
  const changeDues = (await acct.get(`/api/projects/${pid}/scheme-changes/${cid}/dues`)).data as {
    id: number;
    kind: string;
    user: { id: number };
    amountDue: string;
    version: number;
  }[];
  changeDues.sort((a, b) => a.user.id - b.user.id);
  expect(changeDues.map((d) => [d.kind, d.user.id, d.amountDue])).toEqual([
    ['TOPUP', uid('u1001'), '20000.00'],
    ['TOPUP', uid('u1002'), '12000.00'],
    ['TOPUP', uid('u1004'), '20000.00'],
  ]);

  // ---- 4.3.1 补缴通知: a test to oneself, then exactly the affected partners
  expect((await acct.post(`/api/projects/${pid}/scheme-changes/${cid}/notices`, { test: true })).data).toEqual({
    test: true,
    recipients: 1,
  });
  await eventually(async () =>
    expect((await emu.workNotifications('hhkj001')).some((n) => JSON.stringify(n.msg).includes('【测试】'))).toBe(true),
  );
  // the accountant owes nothing here: the sample's button opens this project's 变更缴款确认 in the console, and it
  // says when it was sent in Shanghai time
  const testCard = (await emu.workNotifications('hhkj001')).find((n) => JSON.stringify(n.msg).includes('【测试】'))!;
  expect(cardUrl(testCard)).toMatch(new RegExp(`/console/business/change-dues\\?projectId=${pid}$`));
  expect(JSON.stringify(testCard.msg)).toMatch(/发送于 \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}）/);
  const sent = await acct.post(`/api/projects/${pid}/scheme-changes/${cid}/notices`, { test: false });
  expect(sent.data).toMatchObject({ test: false, recipients: 3 });
  await eventually(async () => {
    for (const d of changeDues) {
      const u = users.find((x) => x.id === d.user.id)!;
      const cards = (await emu.workNotifications(u.dingUserId!)).filter(
        (n) => cardUrl(n) === `eapp://pages/change-notice/index?dueId=${d.id}`,
      );
      expect(cards).toHaveLength(1);
      expect(JSON.stringify(cards[0]!.msg)).toContain('6217 0000 1234 5678');
    }
  }, 15_000);
  for (const u of ['u1003', 'u1005'])
    expect((await emu.workNotifications(u)).filter((n) => JSON.stringify(n.msg).includes('补缴'))).toHaveLength(0);
  const p2 = await partner('u1002');
  expect((await p2.get(`/api/me/change-dues/${changeDues[1]!.id}`)).data).toMatchObject({
    kind: 'TOPUP',
    oldCommitted: '60000.00',
    newCommitted: '72000.00',
    amountDue: '12000.00',
    account: { source: 'PAYEE', account: '6217 0000 1234 5678' },
  });
  expect((await p2.get(`/api/me/change-dues/${changeDues[0]!.id}`)).status).toBe(404); // someone else's

  // ---- 4.3.2 补缴确认: partial, an idempotent retry, then the rest
  const confirmDue = (d: { id: number }, amount: string, version: number, key = randomUUID()) =>
    acct.post(`/api/projects/${pid}/scheme-changes/${cid}/dues/${d.id}/confirm`, {
      amount,
      paidOn: shanghaiDay(),
      idempotencyKey: key,
      version,
    });
  const key = randomUUID();
  const part = await confirmDue(changeDues[0]!, '5000', changeDues[0]!.version, key);
  expect(part.data).toMatchObject({ paidAmount: '5000.00', status: 'PARTIAL', replayed: false });
  expect((await ledgerState(pid)).byUser(uid('u1001'), 'CITY')).toEqual({ committed: '120000.00', paid: '105000.00' });
  const retry = await confirmDue(changeDues[0]!, '5000', changeDues[0]!.version, key);
  expect(retry.data).toMatchObject({ paidAmount: '5000.00', replayed: true });
  expect((await ledgerState(pid)).byUser(uid('u1001'), 'CITY')).toEqual({ committed: '120000.00', paid: '105000.00' });
  expect((await confirmDue(changeDues[0]!, '15000.01', part.data.version)).status).toBe(422);
  expect((await confirmDue(changeDues[0]!, '15000', part.data.version)).data.status).toBe('PAID');
  L = await ledgerState(pid);
  expect(L.breaks).toEqual([]);
  expect(L.byUser(uid('u1001'), 'CITY')).toEqual({ committed: '120000.00', paid: '120000.00' });

  // ---- a draft given up: cancelled, and a cancelled change cannot be cancelled or started again
  const dropped = await acct.post(`/api/projects/${pid}/scheme-changes`, { ...draftBody, peakCapital: '130000000' });
  expect(dropped.data.seq).toBe(2);
  const cancelled = await acct.post(`/api/projects/${pid}/scheme-changes/${dropped.data.id}/cancel`, { version: 0 });
  expect(cancelled.data.status).toBe('CANCELLED');
  const twice = await acct.post(`/api/projects/${pid}/scheme-changes/${dropped.data.id}/cancel`, { version: 1 });
  expect(twice.status).toBe(409);
  expect(twice.data.message).toBe('当前峰值变更状态为【已取消】，不能取消');
  expect((await acct.post(`/api/projects/${pid}/flows/PEAK_ADJUSTMENT/start`)).data.message).toBe(
    '没有待发起的峰值变更，请先在【股权合作】中录入新的资金峰值和股东信息',
  );

  // ---- a decrease after payments: 120M → 60M, refunds where paid exceeds the new commitment
  const down = await acct.post(`/api/projects/${pid}/scheme-changes`, {
    ...draftBody,
    peakCapital: '60000000',
    reason: '项目规模缩减',
  });
  expect(down.status).toBe(201);
  const cid2: number = down.data.id;
  expect(down.data.seq).toBe(3);
  const peak2 = await acct.post(`/api/projects/${pid}/flows/PEAK_ADJUSTMENT/start`);
  await emu.completeApproval(peak2.data.instanceId, 'agree');
  await eventually(async () =>
    expect((await acct.get(`/api/projects/${pid}/scheme-changes/${cid2}`)).data.status).toBe('PEAK_APPROVED'),
  );
  detail = (await acct.get(`/api/projects/${pid}/scheme-changes/${cid2}`)).data;
  const calc2 = await acct.post(`/api/projects/${pid}/scheme-changes/${cid2}/calculate`, { version: detail.version });
  expect(
    ['u1001', 'u1002', 'u1004', 'u1005'].map((u) => [
      lineOf(calc2.data, u).newCommitted,
      lineOf(calc2.data, u).paid,
      lineOf(calc2.data, u).refund,
    ]),
  ).toEqual([
    ['60000.00', '120000.00', '60000.00'],
    ['36000.00', '30000.00', '0.00'],
    ['60000.00', '100000.00', '40000.00'],
    ['25000.00', '0.00', '0.00'],
  ]);
  expect(lineOf(calc2.data, 'u1001').message).toContain('需退款');
  const sub2 = await acct.post(`/api/projects/${pid}/scheme-changes/${cid2}/submit`, { version: calc2.data.version });
  // a rejection returns it to 已计算 with the reason
  await reviewer.post(`/api/reviews/${sub2.data.reviewId}/reject`, { reason: '请核对退款账户' });
  expect((await acct.get(`/api/projects/${pid}/scheme-changes/${cid2}`)).data).toMatchObject({
    status: 'CALCULATED',
    review: { status: 'REJECTED', reason: '请核对退款账户' },
  });
  const sub3 = await acct.post(`/api/projects/${pid}/scheme-changes/${cid2}/submit`, {
    version: (await acct.get(`/api/projects/${pid}/scheme-changes/${cid2}`)).data.version,
  });
  await reviewer.post(`/api/reviews/${sub3.data.reviewId}/approve`, {});
  // the ledger moves after the calculation (a correction: 1,000 from the platform to u1002): 发起 is refused, saying so
  const moved = await moveLedger(pid, uid('u1002'));
  const stale = await acct.post(`/api/projects/${pid}/flows/SCHEME_CHANGE/start`);
  expect(stale.status).toBe(409);
  expect(stale.data.message).toContain('计算立项调整后资金台账已变动，请重新计算');
  expect(stale.data.message).toContain('金涛（城市公司）计算时认缴 ¥72,000.00，台账现为 ¥73,000.00');
  expect((await acct.get(`/api/projects/${pid}/scheme-changes/${cid2}`)).data.status).toBe('APPROVED');
  await reverse(pid, moved);
  // 立项信息变更 refused: back to 已计算, nothing applied
  const ledgerBefore = (await loadLedger(t.deps.db, pid)).length;
  const refusedChange = await acct.post(`/api/projects/${pid}/flows/SCHEME_CHANGE/start`);
  await emu.completeApproval(refusedChange.data.instanceId, 'refuse', '暂缓');
  await eventually(async () =>
    expect((await acct.get(`/api/projects/${pid}/scheme-changes/${cid2}`)).data.status).toBe('CALCULATED'),
  );
  expect((await loadLedger(t.deps.db, pid)).length).toBe(ledgerBefore);
  expect((await ledgerState(pid)).caps.CITY.toString()).toBe('240000');
  expect((await acct.get(`/api/projects/${pid}/scheme-changes/${cid2}/dues`)).data).toEqual([]);
  // again through review and the flow
  const sub4 = await acct.post(`/api/projects/${pid}/scheme-changes/${cid2}/submit`, {
    version: (await acct.get(`/api/projects/${pid}/scheme-changes/${cid2}`)).data.version,
  });
  await reviewer.post(`/api/reviews/${sub4.data.reviewId}/approve`, {});
  // the ledger moves while the flow runs: completion applies nothing and returns the change to 已计算
  const racing = await acct.post(`/api/projects/${pid}/flows/SCHEME_CHANGE/start`);
  expect(racing.status).toBe(201);
  const movedAgain = await moveLedger(pid, uid('u1002'));
  await emu.completeApproval(racing.data.instanceId, 'agree');
  await eventually(async () =>
    expect((await acct.get(`/api/projects/${pid}/scheme-changes/${cid2}`)).data.status).toBe('CALCULATED'),
  );
  expect((await ledgerState(pid)).caps.CITY.toString()).toBe('240000');
  const refusal = await t.deps.db.auditLog.findFirst({
    where: { entity: 'SchemeChange', entityId: String(cid2), action: 'apply_refused' },
  });
  expect(JSON.stringify(refusal?.after)).toContain('计算后资金台账已变动，变更未生效');
  await reverse(pid, movedAgain);
  const sub5 = await acct.post(`/api/projects/${pid}/scheme-changes/${cid2}/submit`, {
    version: (await acct.get(`/api/projects/${pid}/scheme-changes/${cid2}`)).data.version,
  });
  await reviewer.post(`/api/reviews/${sub5.data.reviewId}/approve`, {});
  const change2 = await acct.post(`/api/projects/${pid}/flows/SCHEME_CHANGE/start`);
  await emu.completeApproval(change2.data.instanceId, 'agree');
  await eventually(async () =>
    expect((await acct.get(`/api/projects/${pid}/scheme-changes/${cid2}`)).data.status).toBe('APPLIED'),
  );
  L = await ledgerState(pid);
  expect(L.breaks).toEqual([]);
  expect(L.caps.CITY.toString()).toBe('120000');
  expect(L.byUser(uid('u1001'), 'CITY')).toEqual({ committed: '60000.00', paid: '120000.00' });
  const dues2 = (await acct.get(`/api/projects/${pid}/scheme-changes/${cid2}/dues`)).data as typeof changeDues;
  dues2.sort((a, b) => a.user.id - b.user.id);
  expect(dues2.map((d) => [d.kind, d.user.id, d.amountDue])).toEqual([
    ['REFUND', uid('u1001'), '60000.00'],
    ['REFUND', uid('u1004'), '40000.00'],
  ]);
  // what was still due shrank with the commitments: u1002 owes 6,000 (36,000 − 30,000), u1005 25,000, u1004 nothing
  const open = await t.deps.db.paymentDue.findMany({
    where: { projectId: pid, status: { in: ['UNPAID', 'PARTIAL'] } },
  });
  const owed = (u: string) =>
    open
      .filter((d) => d.userId === uid(u) && d.kind !== 'REFUND')
      .reduce((s, d) => s + Number(d.amountDue) - Number(d.paidAmount), 0);
  expect([owed('u1002'), owed('u1004'), owed('u1005')]).toEqual([6000, 0, 25000]);

  // ---- 退款通知 to exactly the partners with a refund, then 退款确认 (partial, never more than owed)
  expect(
    (await acct.post(`/api/projects/${pid}/scheme-changes/${cid2}/notices`, { test: false })).data.recipients,
  ).toBe(2);
  await eventually(async () => {
    for (const d of dues2) {
      const u = users.find((x) => x.id === d.user.id)!;
      const cards = (await emu.workNotifications(u.dingUserId!)).filter(
        (n) => cardUrl(n) === `eapp://pages/change-notice/index?dueId=${d.id}`,
      );
      expect(cards).toHaveLength(1);
      expect(JSON.stringify(cards[0]!.msg)).toContain('退款通知');
    }
  }, 15_000);
  for (const u of ['u1002', 'u1005'])
    expect((await emu.workNotifications(u)).filter((n) => JSON.stringify(n.msg).includes('退款'))).toHaveLength(0);
  const confirmRefund = (d: { id: number }, amount: string, version: number) =>
    reviewer.post(`/api/projects/${pid}/scheme-changes/${cid2}/dues/${d.id}/confirm`, {
      amount,
      paidOn: shanghaiDay(),
      idempotencyKey: randomUUID(),
      version,
    });
  const r1 = await confirmRefund(dues2[0]!, '20000', dues2[0]!.version);
  expect(r1.data).toMatchObject({ paidAmount: '20000.00', status: 'PARTIAL' });
  expect((await ledgerState(pid)).byUser(uid('u1001'), 'CITY')).toEqual({ committed: '60000.00', paid: '100000.00' });
  const tooMuch = await confirmRefund(dues2[0]!, '40000.01', r1.data.version);
  expect(tooMuch.status).toBe(422);
  expect(tooMuch.data.message).toContain('超出应退金额');
  expect((await confirmRefund(dues2[0]!, '40000', r1.data.version)).data.status).toBe('PAID');
  expect((await confirmRefund(dues2[1]!, '40000', dues2[1]!.version)).data.status).toBe('PAID');
  L = await ledgerState(pid);
  expect(L.breaks).toEqual([]);
  expect(L.byUser(uid('u1001'), 'CITY')).toEqual({ committed: '60000.00', paid: '60000.00' });
  expect(L.byUser(uid('u1004'), 'GROUP')).toEqual({ committed: '60000.00', paid: '60000.00' });
  expect(L.platform('CITY')).toBe('24000.00'); // 120,000 − 60,000 − 36,000
  const refundEntries = (await loadLedger(t.deps.db, pid)).filter((e) => e.kind === 'REFUND');
  expect(refundEntries.map((e) => moneyString(e.paidDelta))).toEqual(['-20000.00', '-40000.00', '-40000.00']);

  // ---- audited
  const audit = (await admin.get('/api/audit-logs', { params: { projectId: pid, pageSize: 200 } })).data.items.map(
    (e: { action: string }) => e.action,
  );
  expect(audit).toEqual(
    expect.arrayContaining([
      'start_peak_flow',
      'peak_flow_stopped',
      'peak_approved',
      'edit_line',
      'apply_scheme_terms',
      'apply',
      'send_change_notices',
      'confirm_topup',
      'confirm_refund',
    ]),
  );
});
