/**
 * One project from creation to fully paid, over HTTP, with real PostgreSQL, Redis, the notification workers and
 * the DingTalk emulator: 立项 → 项目资金峰值 flow → 合伙名单 → 认购通知 → subscriptions (one too late, one above the
 * limit) → 测算 → 送审 → reject → fix → approve → 事业合伙立项 flow → 缴款通知 → partial, duplicate and final
 * confirmations. At each step it asserts what DingTalk (the emulator) received.
 */
import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { startWorkers, type RunningWorkers } from '../../server/jobs/worker';
import { seedDemo } from '../../server/seed/seed';
import { startTestApp, testDeps, type TestApp } from '../support/app';
import { loginAs, withToken } from '../support/auth';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import { eventually } from '../support/eventually';
import { approvePendingGrants } from '../support/grants';

jest.setTimeout(120_000);

let emu: TestEmulator;
let t: TestApp;
let workers: RunningWorkers;
const ROBOT_TOKEN = `spine-robot-${Date.now()}`;

beforeAll(async () => {
  emu = await startTestEmulator();
  t = await startTestApp({ deps: testDeps({ ...emu.env, NOTIFY_RELAY_INTERVAL_MS: '100' }) });
  await emu.configure({ callbackUrl: `${t.base}/api/dingtalk/callback` });
  await emu.addRobot({ accessToken: ROBOT_TOKEN, secret: 'SECspinetest0001' });
  await seedDemo(t.deps.db);
  workers = await startWorkers(t.deps, t.deps.redisUrl);
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
/** The card's mini-program link: its whole-card link, or its first button (a review's card has the console's as its second). */
const cardUrl = (n: { msg: unknown }) => {
  const card = (n.msg as { action_card?: { single_url?: string; btn_json_list?: { action_url: string }[] } })
    .action_card;
  return card?.single_url ?? card?.btn_json_list?.[0]?.action_url;
};

it('walks a project from creation to fully paid', async () => {
  const admin = await loginAs(t, 'admin');
  const acct = await loginAs(t, 'hhkj');
  const reviewer = await loginAs(t, 'hhadmin');

  // ---- project setup: admin creates and opens the project, grants the city accountant, sets the group robot
  const tree = (await admin.get('/api/org/tree')).data;
  const huanhu = tree[0].children[0].children.find((n: { name: string }) => n.name === '环沪城市公司');
  const chengjing = huanhu.children.find((n: { name: string }) => n.name === '澄靖直属项目公司');
  const created = await admin.post('/api/projects', {
    name: `靖江二期-${Date.now() % 100000}`,
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
        secret: 'SECspinetest0001',
      })
    ).status,
  ).toBe(201);

  // ---- 立项 data, validated
  const badRatios = await acct.put(`/api/projects/${pid}/scheme`, {
    version: 0,
    peakCapital: '100000000',
    holdingRatio: '0',
    groupRatio: '0.03',
    cityRatio: '0.01',
    otherRatio: '0',
    totalRatio: '0.05',
  });
  expect(badRatios.status).toBe(400);
  expect(badRatios.data.message).toContain('各层级占比之和 4.000% 与合伙投资占比 5.000% 不一致');
  expect(
    (
      await acct.put(`/api/projects/${pid}/shareholders`, {
        shareholders: [
          { name: '锦艺置业', equityRatio: '0.51', isOurs: true },
          { name: '合作方', equityRatio: '0.49' },
        ],
      })
    ).status,
  ).toBe(200);
  const scheme = await acct.put(`/api/projects/${pid}/scheme`, {
    version: 0,
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
  });
  expect(scheme.status).toBe(200);
  expect(scheme.data.scheme).toMatchObject({ peakCapital: '100000000.00', totalRatio: '0.005000' });
  expect(
    (
      await acct.put(`/api/projects/${pid}/milestones`, {
        milestones: [
          { kind: 'LAND', plannedOn: '2026-06-30' },
          { kind: 'CONSTRUCTION_START', plannedOn: '2026-05-01' },
        ],
      })
    ).status,
  ).toBe(400);

  // ---- 项目资金峰值 flow through DingTalk OA
  const peak = await acct.post(`/api/projects/${pid}/flows/PEAK_CAPITAL/start`);
  expect(peak.status).toBe(201);
  expect((await acct.post(`/api/projects/${pid}/flows/PEAK_CAPITAL/start`)).status).toBe(409); // already running
  await emu.completeApproval(peak.data.instanceId, 'agree');
  await eventually(async () =>
    expect(
      (await acct.get(`/api/projects/${pid}/flows`)).data.find((f: { type: string }) => f.type === 'PEAK_CAPITAL')
        .latest.status,
    ).toBe('COMPLETED'),
  );
  await eventually(async () =>
    expect((await emu.robotMessages(ROBOT_TOKEN)).map((m) => JSON.stringify(m.msg))).toEqual([
      expect.stringContaining('项目资金峰值（第 1 次）审批通过'),
    ]),
  );
  const flows = (await acct.get(`/api/projects/${pid}/flows`)).data;
  expect(flows).toHaveLength(11);
  expect(flows.map((f: { label: string }) => f.label)).toContain('事业合伙补充立项(循环)');

  // ---- 合伙名单 and 认购通知
  const users = await t.deps.db.user.findMany({
    where: { dingUserId: { in: ['u1001', 'u1002', 'u1003', 'u1004', 'u1005'] } },
    orderBy: { dingUserId: 'asc' },
  });
  const candidates = (await acct.get(`/api/projects/${pid}/partner-candidates`, { params: { q: '史伟' } })).data;
  expect(candidates).toEqual([expect.objectContaining({ name: '史伟', dingUserId: 'u1001' })]);
  const uid = (d: string) => users.find((u) => u.dingUserId === d)!.id;
  const deadline = new Date(Date.now() + 15_000).toISOString();
  const round = await acct.post(`/api/projects/${pid}/rounds`, { kind: 'INITIAL', deadline, dueDate: '2026-12-31' });
  expect(round.status).toBe(201);
  const rid: number = round.data.id;
  const overCap = await acct.post(`/api/projects/${pid}/rounds/${rid}/partners`, {
    partners: [{ userId: uid('u1001'), level: 'CITY', category: 'MANDATORY', minAmount: '50000', maxAmount: '200000' }],
  });
  expect(overCap.status).toBe(400);
  expect(overCap.data.message).toBe('认购上限不能超过单人上限 ¥100,000.00');
  const added = await acct.post(`/api/projects/${pid}/rounds/${rid}/partners`, {
    partners: [
      { userId: uid('u1001'), level: 'CITY', category: 'MANDATORY', minAmount: '50000', maxAmount: '100000' },
      { userId: uid('u1002'), level: 'CITY', category: 'VOLUNTARY', minAmount: '10000', maxAmount: '100000' },
      { userId: uid('u1003'), level: 'CITY', category: 'VOLUNTARY', minAmount: '10000', maxAmount: '100000' },
      { userId: uid('u1004'), level: 'GROUP', category: 'PRIORITY', minAmount: '20000', maxAmount: '100000' },
      { userId: uid('u1005'), level: 'GROUP', category: 'VOLUNTARY', minAmount: '10000', maxAmount: '50000' },
    ],
  });
  expect(added.status).toBe(201);
  const notices = await acct.post(`/api/projects/${pid}/rounds/${rid}/notices`);
  expect(notices.data.recipients).toBe(5);
  await eventually(async () => {
    for (const u of ['u1001', 'u1002', 'u1003', 'u1004', 'u1005']) {
      const got = await emu.workNotifications(u);
      expect(got.filter((n) => cardUrl(n) === `eapp://pages/subscribe/index?projectId=${pid}`)).toHaveLength(1);
    }
  }, 15_000);
  expect(await emu.workNotifications('u1006')).toHaveLength(0);

  // ---- partners subscribe in the mini-program; out-of-range and late ones are refused
  const p1 = await partnerLogin('u1001');
  const form = (await p1.get(`/api/me/projects/${pid}/subscription`)).data;
  expect(form).toMatchObject({ lower: '50000.00', upper: '100000.00', status: 'OPEN', levelName: '城市公司' });
  const tooMuch = await p1.post(`/api/me/projects/${pid}/subscription`, { amount: '150000' });
  expect(tooMuch.status).toBe(400);
  expect(tooMuch.data.message).toBe('认购金额应在 ¥50,000.00 至 ¥100,000.00 之间');
  expect((await p1.post(`/api/me/projects/${pid}/subscription`, { amount: '100000' })).data.status).toBe('SUBMITTED');
  expect(
    (await (await partnerLogin('u1002')).post(`/api/me/projects/${pid}/subscription`, { amount: '100000' })).status,
  ).toBe(200);
  expect(
    (await (await partnerLogin('u1003')).post(`/api/me/projects/${pid}/subscription`, { amount: '60000' })).status,
  ).toBe(200);
  expect(
    (await (await partnerLogin('u1004')).post(`/api/me/projects/${pid}/subscription`, { amount: '100000' })).status,
  ).toBe(200);
  const late = await partnerLogin('u1005');
  expect((await acct.post(`/api/projects/${pid}/rounds/${rid}/calculate`)).status).toBe(409); // not before the deadline
  await new Promise((r) => setTimeout(r, Math.max(0, Date.parse(deadline) - Date.now() + 200)));
  const tooLate = await late.post(`/api/me/projects/${pid}/subscription`, { amount: '50000' });
  expect(tooLate.status).toBe(409);
  expect(tooLate.data.message).toMatch(/^认购已于 .* 截止$/);

  // ---- 测算: city cap 200,000 (100M × 0.2%): 强投 100,000 first, the two voluntary share 100,000 pro rata 100:60
  const calc = await acct.post(`/api/projects/${pid}/rounds/${rid}/calculate`);
  expect(calc.status).toBe(200);
  const line = (d: string) => calc.data.lines.find((l: { user: { id: number } }) => l.user.id === uid(d));
  expect([
    line('u1001').investedAmount,
    line('u1002').investedAmount,
    line('u1003').investedAmount,
    line('u1004').investedAmount,
    line('u1005').investedAmount,
  ]).toEqual(['100000.00', '62500.00', '37500.00', '100000.00', '0.00']);
  expect(calc.data.levels.find((l: { level: string }) => l.level === 'GROUP')).toMatchObject({
    cap: '300000.00',
    invested: '100000.00',
    platform: '200000.00',
  });

  // ---- 送审 → the business admin gets a todo and a work notification; reject with a reason
  const submitted = await acct.post(`/api/projects/${pid}/rounds/${rid}/submit`);
  expect(submitted.status).toBe(200);
  const reviewId: number = submitted.data.id;
  await eventually(async () => {
    expect(
      (await emu.todos({ userid: 'hhadmin01' })).filter((x) => x.subject.includes('待审核') && !x.done),
    ).toHaveLength(1);
    expect(
      (await emu.workNotifications('hhadmin01')).filter(
        (n) => cardUrl(n) === `eapp://pages/review/index?reviewId=${reviewId}`,
      ),
    ).toHaveLength(1);
  }, 15_000);
  const queue = (await reviewer.get('/api/reviews', { params: { status: 'pending' } })).data.items;
  expect(queue.map((r: { id: number }) => r.id)).toContain(reviewId);
  // partner money in reviews: not for an accountant without a grant on the project, nor for the system admin
  const outsider = await loginAs(t, 'jnkj');
  expect((await outsider.get(`/api/reviews/${reviewId}`)).status).toBe(404);
  expect((await outsider.get('/api/reviews')).data.items.map((r: { id: number }) => r.id)).not.toContain(reviewId);
  expect((await admin.get(`/api/reviews/${reviewId}`)).status).toBe(403);
  expect((await acct.post(`/api/reviews/${reviewId}/approve`, {})).status).toBe(403); // accountants do not review
  expect((await reviewer.post(`/api/reviews/${reviewId}/reject`, {})).status).toBe(400);
  const rejected = await reviewer.post(`/api/reviews/${reviewId}/reject`, {
    reason: '肖鹏…不，u1003 的认购请核对后再送审',
  });
  expect(rejected.data.status).toBe('REJECTED');
  await eventually(async () =>
    expect(
      (await emu.todos({ userid: 'hhadmin01' })).find(
        (x) => x.sourceId?.includes(`review:${reviewId}`) || x.subject.includes('待审核'),
      )?.done,
    ).toBe(true),
  );

  // ---- fix: edit a line (audited, re-validated), re-submit, approve
  const detail = (await acct.get(`/api/projects/${pid}/rounds/${rid}`)).data;
  const l3 = detail.lines.find((l: { user: { id: number } }) => l.user.id === uid('u1003'));
  expect(
    (
      await acct.patch(`/api/projects/${pid}/rounds/${rid}/partners/${l3.id}`, {
        version: l3.version,
        investedAmount: '37000.50',
        reason: '核对',
      })
    ).status,
  ).toBe(400);
  expect(
    (
      await acct.patch(`/api/projects/${pid}/rounds/${rid}/partners/${l3.id}`, {
        version: l3.version,
        investedAmount: '120000',
        reason: '核对',
      })
    ).status,
  ).toBe(400);
  const edited = await acct.patch(`/api/projects/${pid}/rounds/${rid}/partners/${l3.id}`, {
    version: l3.version,
    investedAmount: '30000',
    reason: '本人确认只投 3 万',
  });
  expect(edited.status).toBe(200);
  expect(edited.data.levels.find((l: { level: string }) => l.level === 'CITY')).toMatchObject({
    invested: '192500.00',
    platform: '7500.00',
  });
  expect(
    (
      await acct.patch(`/api/projects/${pid}/rounds/${rid}/partners/${l3.id}`, {
        version: l3.version,
        investedAmount: '20000',
        reason: 'stale',
      })
    ).data.code,
  ).toBe('VERSION_CONFLICT');
  const again = await acct.post(`/api/projects/${pid}/rounds/${rid}/submit`);
  const approved = await reviewer.post(`/api/reviews/${again.data.id}/approve`, {});
  expect(approved.data).toMatchObject({ status: 'APPROVED', amount: '292500.00' });
  expect((await reviewer.get(`/api/reviews/${again.data.id}`)).data.lines).toHaveLength(5);

  // ---- 事业合伙立项 through DingTalk OA: refused once (the round goes back to 已测算 for another review), then agreed
  const refusedFlow = await acct.post(`/api/projects/${pid}/flows/SCHEME_APPROVAL/start`);
  expect(refusedFlow.status).toBe(201);
  await emu.completeApproval(refusedFlow.data.instanceId, 'refuse', '请补充说明');
  await eventually(async () =>
    expect((await acct.get(`/api/projects/${pid}/rounds/${rid}`)).data.round.status).toBe('CALCULATED'),
  );
  const third = await acct.post(`/api/projects/${pid}/rounds/${rid}/submit`);
  expect((await reviewer.post(`/api/reviews/${third.data.id}/approve`, {})).data.status).toBe('APPROVED');
  const flow = await acct.post(`/api/projects/${pid}/flows/SCHEME_APPROVAL/start`);
  expect(flow.status).toBe(201);
  expect(flow.data.run).toBe(2);
  await emu.completeApproval(flow.data.instanceId, 'agree');
  await eventually(async () =>
    expect((await acct.get(`/api/projects/${pid}/rounds/${rid}`)).data.round.status).toBe('CONFIRMED'),
  );
  await eventually(async () =>
    expect(
      (await emu.robotMessages(ROBOT_TOKEN)).some((m) =>
        JSON.stringify(m.msg).includes('事业合伙立项（第 2 次）审批通过'),
      ),
    ).toBe(true),
  );
  expect(
    (await emu.robotMessages(ROBOT_TOKEN)).some((m) =>
      JSON.stringify(m.msg).includes('事业合伙立项（第 1 次）审批驳回'),
    ),
  ).toBe(true);
  // every decision and flow result tells the accountant what comes next, with the button that opens that screen
  const cards = async () =>
    (await emu.workNotifications('hhkj001'))
      .map((n) => n.msg as { msgtype: string; action_card?: { markdown: string; single_url: string } })
      .filter((m) => m.msgtype === 'action_card')
      .map((m) => ({ text: m.action_card!.markdown, url: m.action_card!.single_url }));
  const link = (tab: string) => `/console/business/${tab}?projectId=${pid}`;
  await eventually(async () => {
    const got = await cards();
    const expectCard = (text: string, tab: string) =>
      expect(got.some((c) => c.text.includes(text) && c.url.endsWith(link(tab)))).toBe(true);
    expectCard('请按驳回原因修改后重新送审', 'calc'); // the review sent back → 认购明细 / 测算
    expectCard('请在【项目流程】发起【事业合伙立项】', 'flows'); // approved → 项目流程
    expectCard('流程未通过', 'flows'); // 事业合伙立项 refused in DingTalk
    expectCard('请在【缴款】发送缴款通知', 'payments'); // 事业合伙立项 completed → 缴款
    expectCard('请在【合伙名单】新建立项认购轮次', 'partners'); // 项目资金峰值 completed → 合伙名单
  }, 15_000);

  const dues = (await acct.get(`/api/projects/${pid}/payments`)).data;
  expect(dues.map((d: { user: { name: string }; amountDue: string }) => [d.user.name, d.amountDue])).toEqual([
    ['史伟', '100000.00'],
    ['金涛', '62500.00'],
    ['王磊', '30000.00'],
    ['刘乔', '100000.00'],
  ]);

  // ---- 缴款通知: a test to oneself first, then exactly the partners who owe money
  expect((await acct.post(`/api/projects/${pid}/rounds/${rid}/payment-notices`, { test: true })).data).toEqual({
    test: true,
    recipients: 1,
  });
  const sentAt = Date.now();
  await eventually(async () =>
    expect((await emu.workNotifications('hhkj001')).some((n) => JSON.stringify(n.msg).includes('【测试】'))).toBe(true),
  );
  // the sample says when it was sent in Shanghai time, and (the accountant owes nothing here) its button opens this
  // project's 缴款 in the console rather than a partner's notice, which only that partner may open
  const testCard = (await emu.workNotifications('hhkj001')).find((n) => JSON.stringify(n.msg).includes('【测试】'))!;
  const markdown = (testCard.msg as { action_card: { markdown: string } }).action_card.markdown;
  const stamp = /（样例：史伟，发送于 (\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2})）$/.exec(markdown)?.[1];
  expect(stamp).toBeDefined();
  expect(Math.abs(Date.parse(`${stamp!.replace(' ', 'T')}+08:00`) - sentAt)).toBeLessThan(60_000);
  expect(markdown).not.toMatch(/\d{2}T\d{2}:|Z）|UTC/);
  expect(cardUrl(testCard)).toMatch(new RegExp(`^https?://[^/]+/console/business/payments\\?projectId=${pid}$`));
  expect((await acct.post(`/api/projects/${pid}/rounds/${rid}/payment-notices`, { test: false })).data.recipients).toBe(
    4,
  );
  await eventually(async () => {
    for (const d of dues) {
      const u = users.find((x) => x.id === d.user.id)!;
      expect(
        (await emu.workNotifications(u.dingUserId!)).filter(
          (n) => cardUrl(n) === `eapp://pages/payment/index?noticeId=${d.id}`,
        ),
      ).toHaveLength(1);
    }
  }, 15_000);
  expect((await emu.workNotifications('u1005')).filter((n) => JSON.stringify(n.msg).includes('缴款'))).toHaveLength(0);
  const myNotice = (await p1.get(`/api/me/payment-notices/${dues[0].id}`)).data;
  expect(myNotice).toMatchObject({
    dueAmount: '100000.00',
    status: 'UNPAID',
    payee: { accountNo: '6217 0000 1234 5678' },
  });
  expect((await late.get(`/api/me/payment-notices/${dues[0].id}`)).status).toBe(404); // someone else's notice

  // ---- 缴款确认: two partial payments, a duplicate, an overpayment, a stale version, then all paid
  const confirm = (dueId: number, body: Record<string, unknown>) =>
    reviewer.post(`/api/projects/${pid}/payments/${dueId}/confirm`, body);
  expect(
    (
      await acct.post(`/api/projects/${pid}/payments/${dues[0].id}/confirm`, {
        amount: '1',
        paidOn: '2026-11-31',
        idempotencyKey: randomUUID(),
        version: 0,
      })
    ).data.details[0],
  ).toEqual({ path: 'paidOn', message: '日期不存在' });
  const key1 = randomUUID();
  const first = await confirm(dues[0].id, {
    amount: '40000',
    paidOn: '2026-11-20',
    idempotencyKey: key1,
    version: dues[0].version,
  });
  expect(first.data).toMatchObject({ paidAmount: '40000.00', status: 'PARTIAL', replayed: false });
  const dup = await confirm(dues[0].id, {
    amount: '40000',
    paidOn: '2026-11-20',
    idempotencyKey: key1,
    version: dues[0].version,
  });
  expect(dup.data).toMatchObject({ paidAmount: '40000.00', replayed: true });
  const stale = await confirm(dues[0].id, {
    amount: '10000',
    paidOn: '2026-11-21',
    idempotencyKey: randomUUID(),
    version: dues[0].version,
  });
  expect(stale.data.code).toBe('VERSION_CONFLICT');
  const over = await confirm(dues[0].id, {
    amount: '60000.01',
    paidOn: '2026-11-21',
    idempotencyKey: randomUUID(),
    version: first.data.version,
  });
  expect(over.status).toBe(422);
  expect(over.data.message).toContain('最多还可确认 ¥60,000.00');
  const second = await confirm(dues[0].id, {
    amount: '60000',
    paidOn: '2026-11-21',
    idempotencyKey: randomUUID(),
    version: first.data.version,
  });
  expect(second.data).toMatchObject({ paidAmount: '100000.00', status: 'PAID' });
  for (const d of dues.slice(1)) {
    expect(
      (
        await confirm(d.id, {
          amount: d.amountDue,
          paidOn: '2026-11-21',
          idempotencyKey: randomUUID(),
          version: d.version,
        })
      ).data.status,
    ).toBe('PAID');
  }
  expect((await acct.get(`/api/projects/${pid}/rounds/${rid}`)).data.round.status).toBe('CLOSED');
  const xlsx = await acct.get(`/api/projects/${pid}/rounds/${rid}/export`, { responseType: 'arraybuffer' });
  expect(xlsx.headers['content-disposition']).toContain(encodeURIComponent('投资明细.xlsx'));
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(xlsx.data);
  const sheet = wb.getWorksheet('投资明细')!;
  expect(sheet.getRow(2).getCell(2).value).toBe('史伟');
  expect(sheet.getRow(2).getCell(13).value).toBe(100000);
  const overview = (await p1.get('/api/me/overview')).data;
  expect(overview.projects.find((p: { projectId: number }) => p.projectId === pid)).toMatchObject({
    invested: '100000.00',
    paid: '100000.00',
    due: '0.00',
    paymentStatus: 'PAID',
  });

  // ---- every money and status change is in the audit log
  const audit = (await admin.get('/api/audit-logs', { params: { projectId: pid, pageSize: 200 } })).data.items.map(
    (e: { action: string }) => e.action,
  );
  expect(audit).toEqual(
    expect.arrayContaining([
      'create',
      'calculate',
      'submit',
      'reject',
      'approve',
      'edit_investment',
      'start_flow',
      'flow_completed',
      'send_payment_notices',
      'confirm_payment',
      'subscribe',
    ]),
  );
});
