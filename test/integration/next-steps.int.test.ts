/**
 * A project's next-step banner over HTTP (`GET /api/projects/:id/next-steps`), on a new project walked through
 * 立项 → 合伙名单 → 认购 → 测算 → 送审 → 审核通过 → 事业合伙立项 flow → 缴款通知: at each stage it says what waits,
 * who must act and which tab does it.
 */
import { startWorkers, type RunningWorkers } from '../../server/jobs/worker';
import { seedDemo } from '../../server/seed/seed';
import type { TProjectNextSteps } from '../../shared/api/next-steps';
import { startTestApp, testDeps, type TestApp } from '../support/app';
import { loginAs, withToken } from '../support/auth';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import { eventually } from '../support/eventually';
import { approvePendingGrants } from '../support/grants';

jest.setTimeout(120_000);

let emu: TestEmulator;
let t: TestApp;
let workers: RunningWorkers;

beforeAll(async () => {
  emu = await startTestEmulator();
  t = await startTestApp({ deps: testDeps({ ...emu.env, NOTIFY_RELAY_INTERVAL_MS: '100' }) });
  await emu.configure({ callbackUrl: `${t.base}/api/dingtalk/callback` });
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

it('says at each stage what waits, who acts, since when and the tab that does it', async () => {
  const admin = await loginAs(t, 'admin');
  const acct = await loginAs(t, 'hhkj');
  const reviewer = await loginAs(t, 'hhadmin');
  const steps = async (who = acct) => {
    const res = await who.get(`/api/projects/${pid}/next-steps`);
    expect(res.status).toBe(200);
    return res.data as TProjectNextSteps;
  };
  /**
   * 工作跟踪表 for the same user and project lists what the banner shows, with the same link: a stage step as its
   * row (same line, same link), a single item as its row, a group as rows of its kind on the tab it names.
   */
  const sameInWork = async (who = acct) => {
    const banner = await steps(who);
    const work = await who.get('/api/reports/work', { params: { projectId: pid, pageSize: 500 } });
    expect(work.status).toBe(200);
    const rows = work.data.rows as Array<{ kind: string; link: string; detail: string }>;
    for (const s of banner.steps) {
      const same =
        s.kind === 'STAGE'
          ? rows.filter((r) => r.link === s.link && r.detail === s.text)
          : rows.filter(
              (r) => r.kind === s.kind && (r.link === s.link || s.link === `business/${s.tab}?projectId=${pid}`),
            );
      expect({ step: s.text, inWork: same.length > 0 }).toEqual({ step: s.text, inWork: true });
    }
    // and nothing in 工作跟踪表 for the project that the banner leaves out
    const kinds = new Set(banner.steps.map((s) => s.kind));
    for (const r of rows)
      expect({
        row: r.kind,
        inBanner: kinds.has(r.kind) || banner.steps.some((s) => s.link === r.link && s.text === r.detail),
      }).toEqual({ row: r.kind, inBanner: true });
    return banner;
  };

  const tree = (await admin.get('/api/org/tree')).data;
  const huanhu = tree[0].children[0].children.find((n: { name: string }) => n.name === '环沪城市公司');
  const chengjing = huanhu.children.find((n: { name: string }) => n.name === '澄靖直属项目公司');
  const created = await admin.post('/api/projects', {
    name: `下一步-${Date.now() % 100000}`,
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

  // ---- before 立项 is saved: the accountant must save it, on 立项
  expect(await steps()).toEqual({
    projectId: pid,
    stage: '立项资料',
    steps: [
      {
        kind: 'STAGE',
        text: '请填写并保存【立项】资料（方案上限与各层级比例）',
        actor: '经营会计',
        actorRole: 'ACCOUNTANT',
        since: expect.any(String),
        days: 0,
        tab: 'setup',
        link: `business/setup?projectId=${pid}&section=scheme`,
      },
    ],
  });
  expect((await steps(reviewer)).steps).toHaveLength(1); // the business admin reads the same
  await sameInWork();

  await acct.put(`/api/projects/${pid}/shareholders`, {
    shareholders: [
      { name: '锦艺置业', equityRatio: '0.51', isOurs: true },
      { name: '合作方', equityRatio: '0.49' },
    ],
  });
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
  // 事业合伙立项 needs the confirmed peak: 股权合作 (entered above), then the 项目资金峰值 flow, first
  expect(await steps()).toMatchObject({
    stage: '合伙名单',
    steps: [
      {
        text: '请在【项目流程】发起【项目资金峰值】流程（确认资金峰值）',
        actorRole: 'ACCOUNTANT',
        tab: 'flows',
        link: `business/flows?projectId=${pid}`,
      },
      { text: '请在【合伙名单】新建认购轮次并导入合伙名单', actorRole: 'ACCOUNTANT', tab: 'partners' },
    ],
  });
  await sameInWork();
  const peak = await acct.post(`/api/projects/${pid}/flows/PEAK_CAPITAL/start`);
  expect(peak.status).toBe(201);
  expect((await steps()).steps[0]).toMatchObject({
    text: '【项目资金峰值】流程审批中（已发起 0 天）',
    actor: '钉钉审批人',
    actorRole: 'APPROVER',
  });
  await emu.completeApproval(peak.data.instanceId, 'agree');
  await eventually(async () =>
    expect(
      (await acct.get(`/api/projects/${pid}/flows`)).data.find((f: { type: string }) => f.type === 'PEAK_CAPITAL')
        .latest.status,
    ).toBe('COMPLETED'),
  );
  expect(await steps()).toMatchObject({
    stage: '合伙名单',
    steps: [{ text: '请在【合伙名单】新建认购轮次并导入合伙名单', actorRole: 'ACCOUNTANT', tab: 'partners' }],
  });

  // ---- 合伙名单 → 认购 (open until the deadline: the partners act) → 测算
  const users = await t.deps.db.user.findMany({ where: { dingUserId: { in: ['u1001', 'u1002', 'u1003'] } } });
  const uid = (d: string) => users.find((u) => u.dingUserId === d)!.id;
  const deadline = new Date(Date.now() + 15_000).toISOString(); // room for the steps below on a busy machine
  const round = await acct.post(`/api/projects/${pid}/rounds`, { kind: 'INITIAL', deadline, dueDate: '2026-12-20' });
  expect(round.status).toBe(201);
  const rid: number = round.data.id;
  expect((await steps()).steps[0]).toMatchObject({ text: '请完成合伙名单并发送认购通知', tab: 'partners' });
  const added = await acct.post(`/api/projects/${pid}/rounds/${rid}/partners`, {
    partners: ['u1001', 'u1002', 'u1003'].map((d) => ({
      userId: uid(d),
      level: 'CITY',
      category: 'VOLUNTARY',
      minAmount: '10000',
      maxAmount: '50000',
    })),
  });
  expect(added.status).toBe(201);
  expect((await acct.post(`/api/projects/${pid}/rounds/${rid}/notices`)).status).toBe(200);
  expect(await steps()).toMatchObject({
    stage: '认购',
    steps: [{ actor: '合伙人', actorRole: 'PARTNER', tab: 'calc' }],
  });
  expect((await steps()).steps[0]!.text).toMatch(/^认购中，截止 \d{4}-\d{2}-\d{2} \d{2}:\d{2} 后测算$/);
  for (const d of ['u1001', 'u1002', 'u1003'])
    expect(
      (await (await partnerLogin(d)).post(`/api/me/projects/${pid}/subscription`, { amount: '30000' })).status,
    ).toBe(200);
  await new Promise((r) => setTimeout(r, Math.max(0, Date.parse(deadline) - Date.now() + 200)));
  expect((await steps()).steps[0]).toMatchObject({ text: '认购已截止，请在【认购明细 / 测算】测算', tab: 'calc' });
  expect((await acct.post(`/api/projects/${pid}/rounds/${rid}/calculate`)).status).toBe(200);
  expect(await steps()).toMatchObject({ stage: '测算', steps: [{ text: '测算已完成，请送【方案审核】' }] });

  // ---- sent to review: the business admin must act (the accountant reads it as information)
  const submitted = await acct.post(`/api/projects/${pid}/rounds/${rid}/submit`);
  expect(submitted.status).toBe(200);
  const inReview = await steps();
  expect(inReview.stage).toBe('方案审核');
  expect(inReview.steps).toEqual([
    expect.objectContaining({
      kind: 'REVIEW',
      actor: '业务管理员',
      actorRole: 'BUSINESS_ADMIN',
      days: 0,
      tab: 'review',
    }),
  ]);
  expect(inReview.steps[0]!.text).toMatch(/^待 业务管理员 审核：.+（已送审 0 天）$/);
  expect(await steps(reviewer)).toEqual(inReview);
  expect(inReview.steps[0]!.link).toBe(`business/review?reviewId=${submitted.data.id}`);
  await sameInWork();
  await sameInWork(reviewer);

  // ---- approved: start 事业合伙立项; then, while it runs, the DingTalk approvers act
  expect((await reviewer.post(`/api/reviews/${submitted.data.id}/approve`, {})).status).toBe(200);
  expect(await steps()).toMatchObject({
    stage: '立项流程',
    steps: [{ text: '审核已通过，请发起【事业合伙立项】流程', actorRole: 'ACCOUNTANT', tab: 'flows' }],
  });
  const flow = await acct.post(`/api/projects/${pid}/flows/SCHEME_APPROVAL/start`);
  expect(flow.status).toBe(201);
  expect((await steps()).steps).toEqual([
    expect.objectContaining({ text: '【事业合伙立项】流程审批中（已发起 0 天）', actorRole: 'APPROVER' }),
  ]);
  await emu.completeApproval(flow.data.instanceId, 'agree');
  await eventually(async () =>
    expect((await acct.get(`/api/projects/${pid}/rounds/${rid}`)).data.round.status).toBe('CONFIRMED'),
  );

  // ---- the flow completed: 缴款通知 to send, then 3 partners unpaid with the nearest due date; the partners now
  // hold a stake without an agreement, so 协议待生成 waits on the accountant too
  const agreementsToGenerate = expect.objectContaining({
    kind: 'AGREEMENT_TO_GENERATE',
    actorRole: 'ACCOUNTANT',
    tab: 'partners',
  });
  const afterFlow = await steps();
  expect(afterFlow.stage).toBe('缴款');
  expect(afterFlow.steps).toEqual(
    expect.arrayContaining([
      expect.objectContaining({
        text: '3 人的缴款通知尚未发送，请在【缴款】发送',
        actorRole: 'ACCOUNTANT',
        tab: 'payments',
      }),
      agreementsToGenerate,
    ]),
  );
  expect(afterFlow.steps).toHaveLength(2);
  await sameInWork();
  expect((await acct.post(`/api/projects/${pid}/rounds/${rid}/payment-notices`, { test: false })).status).toBe(200);
  const afterNotices = await steps();
  expect(afterNotices.stage).toBe('缴款');
  expect(afterNotices.steps).toEqual(
    expect.arrayContaining([
      expect.objectContaining({
        kind: 'UNPAID',
        text: '3 人未缴款，最近截止 12-20，请跟进缴款',
        actor: '合伙人',
        actorRole: 'PARTNER',
        days: 0,
        tab: 'payments',
      }),
      agreementsToGenerate,
    ]),
  );
  expect(afterNotices.steps).toHaveLength(2);
  await sameInWork();
  await sameInWork(reviewer);

  // not granted / not staff: refused like the project itself
  expect((await (await loginAs(t, 'jnkj')).get(`/api/projects/${pid}/next-steps`)).status).toBe(403);
  expect((await admin.get(`/api/projects/999999/next-steps`)).status).toBe(403);
});
