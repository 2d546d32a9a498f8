/**
 * 设置提醒 through the API: the warnings of a project's workspace and of 钉钉设置 appear and disappear as the
 * configuration changes — 钉钉设置 never tested, tested OK, changed since, failing; the company without a group robot,
 * then one for its parent unit, deactivated, a default robot, and a robot whose 测试 fails.
 */
import { SessionStore } from '../../auth/session-store';
import { seedDemo } from '../../seed/seed';
import { DEMO_ROBOT } from '../../emulator/app';
import { startTestApp, testDeps, type TestApp } from '../../../test/support/app';
import { startTestEmulator, type TestEmulator } from '../../../test/support/emulator';
import type { TSetupWarning } from '../../../shared/api/setup-warnings';

let emu: TestEmulator;
let t: TestApp;
const auth: Record<string, { authorization: string }> = {};
let project: { id: number; orgUnitId: number; name: string };

beforeAll(async () => {
  emu = await startTestEmulator();
  t = await startTestApp({ deps: testDeps(emu.env) });
  await seedDemo(t.deps.db);
  await t.deps.db.dingtalkSetting.deleteMany({});
  project = await t.deps.db.project.findUniqueOrThrow({ where: { name: '靖江项目' } }); // granted to hhkj
  const store = new SessionStore(t.deps.redis, t.deps.prefix, 600);
  for (const [who, dingUserId] of [
    ['admin', 'admin001'],
    ['business', 'hhadmin01'],
    ['accountant', 'hhkj001'],
    ['otherAccountant', 'jnkj001'],
  ] as const) {
    const u = await t.deps.db.user.findUniqueOrThrow({ where: { dingUserId } });
    auth[who] = { authorization: `Bearer ${(await store.create(u.id, 'dingtalk')).token}` };
  }
});
afterAll(async () => {
  await t.close();
  await emu.close();
});

const projectWarnings = async (who = 'accountant'): Promise<TSetupWarning[]> => {
  const r = await t.http.get(`/api/projects/${project.id}/setup-warnings`, { headers: auth[who] });
  expect(r.status).toBe(200);
  return r.data.warnings;
};
const codes = async () => (await projectWarnings()).map((w) => w.code).sort();
const settingsBody = async (appSecret: string) => ({
  version: (await t.http.get('/api/admin/dingtalk/settings', { headers: auth.admin })).data.version,
  corpId: t.deps.config.DINGTALK_CORP_ID,
  appKey: t.deps.config.DINGTALK_APP_KEY,
  agentId: t.deps.config.DINGTALK_AGENT_ID,
  appSecret,
});

describe('设置提醒', () => {
  it('warns in the workspace, saying what is wrong, what it breaks and who fixes it where', async () => {
    const warnings = await projectWarnings();
    expect(warnings.map((w) => w.code).sort()).toEqual(['DINGTALK_TEST_NEVER', 'ROBOT_MISSING']);
    const robot = warnings.find((w) => w.code === 'ROBOT_MISSING')!;
    const unit = await t.deps.db.orgUnit.findUniqueOrThrow({ where: { id: project.orgUnitId } });
    expect(robot).toMatchObject({
      key: `ROBOT_MISSING:${unit.id}`,
      problem: expect.stringContaining(`「${unit.name}」没有配置群机器人`),
      impact: expect.stringContaining('靖江项目的审批流程结果不会发到钉钉群'),
      fixer: '系统管理员',
      fixerRole: 'SYSTEM_ADMIN',
      fixWhere: expect.stringContaining('后台管理 → 钉钉设置 → 群机器人'),
      link: 'admin/dingtalk',
    });
    expect(await projectWarnings('business')).toHaveLength(2);
    const denied = await t.http.get(`/api/projects/${project.id}/setup-warnings`, { headers: auth.otherAccountant });
    expect([403, 404]).toContain(denied.status);
  });

  it('follows 钉钉设置’s 测试: passed, changed since, failed, passed again', async () => {
    const ok = await t.http.post('/api/admin/dingtalk/settings/test-token', {}, { headers: auth.admin });
    expect(ok.data.ok).toBe(true);
    expect(await codes()).toEqual(['ROBOT_MISSING']);
    const view = await t.http.get('/api/admin/dingtalk/settings', { headers: auth.admin });
    expect(view.data.lastTest).toMatchObject({ ok: true, testedAt: expect.any(String) });

    // saved after the test: the test no longer vouches for the settings
    await new Promise((r) => setTimeout(r, 20));
    await t.http.put('/api/admin/dingtalk/settings', await settingsBody('wrong-secret'), { headers: auth.admin });
    expect(await codes()).toEqual(['DINGTALK_TEST_STALE', 'ROBOT_MISSING']);

    const bad = await t.http.post('/api/admin/dingtalk/settings/test-token', {}, { headers: auth.admin });
    expect(bad.data.ok).toBe(false);
    const failed = (await projectWarnings()).find((w) => w.code === 'DINGTALK_TEST_FAILED')!;
    expect(failed.problem).toContain('invalidClientIdOrSecret 钉钉 AppKey 或 AppSecret 不正确');
    expect(failed.since).toEqual(expect.any(String));

    await t.http.put('/api/admin/dingtalk/settings', await settingsBody(t.deps.config.DINGTALK_APP_SECRET!), {
      headers: auth.admin,
    });
    await t.http.post('/api/admin/dingtalk/settings/test-token', {}, { headers: auth.admin });
    expect(await codes()).toEqual(['ROBOT_MISSING']);
  });

  it('follows the group robots: a parent unit’s robot, deactivated, a default robot, a failing 测试', async () => {
    const unit = await t.deps.db.orgUnit.findUniqueOrThrow({ where: { id: project.orgUnitId } });
    const parentId = unit.parentId ?? unit.id;
    const created = await t.http.post(
      '/api/admin/dingtalk/robots',
      { name: '城市公司群', orgUnitId: parentId, accessToken: DEMO_ROBOT.accessToken, secret: DEMO_ROBOT.secret },
      { headers: auth.admin },
    );
    expect(created.status).toBe(201);
    expect(await codes()).toEqual([]);

    await t.http.patch(
      `/api/admin/dingtalk/robots/${created.data.id}`,
      { version: 0, active: false },
      { headers: auth.admin },
    );
    expect(await codes()).toEqual(['ROBOT_MISSING']);

    const fallback = await t.http.post(
      '/api/admin/dingtalk/robots',
      { name: '默认群', accessToken: DEMO_ROBOT.accessToken, secret: 'SECwrong' },
      { headers: auth.admin },
    );
    expect(await codes()).toEqual([]);
    const test = await t.http.post(`/api/admin/dingtalk/robots/${fallback.data.id}/test`, {}, { headers: auth.admin });
    expect(test.data).toMatchObject({ ok: false, code: 310000 });
    const warnings = await projectWarnings();
    expect(warnings).toEqual([
      expect.objectContaining({
        code: 'ROBOT_TEST_FAILED',
        problem: expect.stringContaining('群机器人「默认群」最近一次测试失败'),
        fixWhere: expect.stringContaining('群机器人「默认群」'),
      }),
    ]);

    await t.http.patch(
      `/api/admin/dingtalk/robots/${fallback.data.id}`,
      { version: 0, secret: DEMO_ROBOT.secret },
      { headers: auth.admin },
    );
    expect(
      (await t.http.post(`/api/admin/dingtalk/robots/${fallback.data.id}/test`, {}, { headers: auth.admin })).data,
    ).toMatchObject({ ok: true });
    expect(await codes()).toEqual([]);
  });

  it('lists every project’s warnings for the system admin in 钉钉设置, and only for them', async () => {
    await t.deps.db.robotWebhook.updateMany({ data: { active: false } });
    const r = await t.http.get('/api/admin/setup-warnings', { headers: auth.admin });
    expect(r.status).toBe(200);
    const missing = r.data.warnings.filter((w: TSetupWarning) => w.code === 'ROBOT_MISSING');
    const companies = await t.deps.db.project.findMany({ distinct: ['orgUnitId'], select: { orgUnitId: true } });
    expect(missing).toHaveLength(companies.length);
    expect((await t.http.get('/api/admin/setup-warnings', { headers: auth.business })).status).toBe(403);
  });
  it('warns while a flow type has no DingTalk approval template, naming the flows whose 发起 it stops', async () => {
    const before = await t.deps.db.approvalTemplate.findMany();
    expect(before.length).toBeGreaterThan(0);
    const removed = before.filter((r) => r.flowType === 'DISCLOSURE' || r.flowType === 'EXIT');
    await t.deps.db.approvalTemplate.deleteMany({ where: { id: { in: removed.map((r) => r.id) } } });
    const warning = (await projectWarnings()).find((w) => w.code === 'APPROVAL_TEMPLATE_MISSING');
    expect(warning).toMatchObject({
      problem: expect.stringMatching(/【.+】【.+】尚未配置钉钉审批模板/),
      fixer: '系统管理员',
      link: 'admin/dingtalk',
      fixWhere: expect.stringContaining('审批模板'),
    });
    await t.deps.db.approvalTemplate.createMany({ data: removed.map(({ id: _id, ...r }) => r) as never });
    expect((await projectWarnings()).map((w) => w.code)).not.toContain('APPROVAL_TEMPLATE_MISSING');
  });
});
