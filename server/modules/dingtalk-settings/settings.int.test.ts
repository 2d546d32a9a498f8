import { SessionStore } from '../../auth/session-store';
import { seedDemo } from '../../seed/seed';
import { DEMO_ROBOT } from '../../emulator/app';
import { openSecret } from '../../lib/secret-box';
import { startTestApp, testDeps, type TestApp } from '../../../test/support/app';
import { startTestEmulator, type TestEmulator } from '../../../test/support/emulator';
import { createNotificationBatch, enqueueNotifications } from '../notify/outbox';

describe('DingTalk settings, robots, interface log and notification progress (admin API)', () => {
  let emu: TestEmulator;
  let t: TestApp;
  const auth: Record<string, { authorization: string }> = {};

  beforeAll(async () => {
    emu = await startTestEmulator();
    t = await startTestApp({ deps: testDeps(emu.env) });
    await seedDemo(t.deps.db);
    await t.deps.db.dingtalkSetting.deleteMany({});
    const store = new SessionStore(t.deps.redis, t.deps.prefix, 600);
    for (const [who, dingUserId] of [
      ['admin', 'admin001'],
      ['accountant', 'hhkj001'],
      ['partner', 'u1001'],
    ] as const) {
      const u = await t.deps.db.user.findUniqueOrThrow({ where: { dingUserId } });
      auth[who] = { authorization: `Bearer ${(await store.create(u.id, 'dingtalk')).token}` };
    }
  });
  afterAll(async () => {
    await t.deps.db.dingtalkSetting.deleteMany({});
    await t.close();
    await emu.close();
  });

  it('shows the environment defaults with secrets masked, saves encrypted and audited, rejects a stale version', async () => {
    const view = await t.http.get('/api/admin/dingtalk/settings', { headers: auth.admin });
    expect(view.status).toBe(200);
    expect(view.data).toMatchObject({
      source: 'environment',
      version: 0,
      appKey: t.deps.config.DINGTALK_APP_KEY,
      callbackMode: 'http',
    });
    expect(JSON.stringify(view.data)).not.toContain(t.deps.config.DINGTALK_APP_SECRET);
    expect(JSON.stringify(view.data)).not.toContain(t.deps.config.DINGTALK_CALLBACK_AES_KEY);

    const body = {
      version: 0,
      corpId: t.deps.config.DINGTALK_CORP_ID,
      appKey: t.deps.config.DINGTALK_APP_KEY,
      agentId: t.deps.config.DINGTALK_AGENT_ID,
      appSecret: t.deps.config.DINGTALK_APP_SECRET,
      callbackMode: 'http',
    };
    const saved = await t.http.put('/api/admin/dingtalk/settings', body, { headers: auth.admin });
    expect(saved.status).toBe(200);
    expect(saved.data).toMatchObject({ source: 'database', version: 1 });
    const row = await t.deps.db.dingtalkSetting.findUniqueOrThrow({ where: { name: 'default' } });
    expect(row.appSecretEnc).not.toContain(t.deps.config.DINGTALK_APP_SECRET);
    expect(openSecret(row.appSecretEnc, t.deps.config.secretKey)).toBe(t.deps.config.DINGTALK_APP_SECRET);
    const audit = await t.deps.db.auditLog.findFirstOrThrow({
      where: { entity: 'DingtalkSetting' },
      orderBy: { id: 'desc' },
    });
    expect(JSON.stringify({ before: audit.before, after: audit.after })).not.toContain(
      t.deps.config.DINGTALK_APP_SECRET,
    );
    expect(audit).toMatchObject({ action: 'create', actorName: '系统管理员' });

    const stale = await t.http.put('/api/admin/dingtalk/settings', body, { headers: auth.admin });
    expect(stale.status).toBe(409);
    expect(stale.data.code).toBe('VERSION_CONFLICT');
    expect((await t.http.put('/api/admin/dingtalk/settings', body, { headers: auth.accountant })).status).toBe(403);
  });

  it('测试 fetches a token, and reports wrong credentials in Chinese', async () => {
    const good = await t.http.post('/api/admin/dingtalk/settings/test-token', {}, { headers: auth.admin });
    expect(good.data).toMatchObject({ ok: true, expiresIn: 7200 });
    const { version } = (await t.http.get('/api/admin/dingtalk/settings', { headers: auth.admin })).data;
    await t.http.put(
      '/api/admin/dingtalk/settings',
      {
        version,
        corpId: 'c',
        appKey: t.deps.config.DINGTALK_APP_KEY,
        agentId: t.deps.config.DINGTALK_AGENT_ID,
        appSecret: 'wrong-secret',
      },
      { headers: auth.admin },
    );
    const bad = await t.http.post('/api/admin/dingtalk/settings/test-token', {}, { headers: auth.admin });
    expect(bad.data).toEqual({
      ok: false,
      code: 'invalidClientIdOrSecret',
      message: '钉钉 AppKey 或 AppSecret 不正确',
    });
    await t.deps.db.dingtalkSetting.deleteMany({});
  });

  it('manages robots (secrets encrypted) and sends a test message', async () => {
    const created = await t.http.post(
      '/api/admin/dingtalk/robots',
      {
        name: '环沪项目群',
        accessToken: `https://oapi.dingtalk.com/robot/send?access_token=${DEMO_ROBOT.accessToken}`,
        secret: DEMO_ROBOT.secret,
      },
      { headers: auth.admin },
    );
    expect(created.status).toBe(201);
    expect(created.data).toMatchObject({ name: '环沪项目群', signed: true, version: 0 });
    expect(JSON.stringify(created.data)).not.toContain(DEMO_ROBOT.accessToken);
    const tested = await t.http.post(`/api/admin/dingtalk/robots/${created.data.id}/test`, {}, { headers: auth.admin });
    expect(tested.data).toEqual({ ok: true, message: '测试消息已发送' });
    expect((await emu.robotMessages())[0]!.msg).toMatchObject({
      msgtype: 'text',
      text: { content: expect.stringContaining('环沪项目群') },
    });
    const upd = await t.http.patch(
      `/api/admin/dingtalk/robots/${created.data.id}`,
      { version: 0, secret: 'SECwrong' },
      { headers: auth.admin },
    );
    expect(upd.data.version).toBe(1);
    expect(
      (await t.http.post(`/api/admin/dingtalk/robots/${created.data.id}/test`, {}, { headers: auth.admin })).data,
    ).toMatchObject({ ok: false, code: 310000 });
    expect(
      (
        await t.http.patch(
          `/api/admin/dingtalk/robots/${created.data.id}`,
          { version: 0, name: 'x' },
          { headers: auth.admin },
        )
      ).status,
    ).toBe(409);
  });

  it('searches the interface log (admin only)', async () => {
    const r = await t.http.get('/api/admin/interface-logs', {
      headers: auth.admin,
      params: { api: 'robot', ok: 'false' },
    });
    expect(r.status).toBe(200);
    expect(r.data.items.length).toBeGreaterThan(0);
    expect(r.data.items.every((i: { api: string; ok: boolean }) => i.api === 'robot/send' && !i.ok)).toBe(true);
    expect(JSON.stringify(r.data)).not.toContain(DEMO_ROBOT.accessToken);
    expect((await t.http.get('/api/admin/interface-logs', { headers: auth.accountant })).status).toBe(403);
  });

  it('reports a batch’s progress to staff of the project, not to partners or other accountants', async () => {
    const jingjiang = await t.deps.db.project.findUniqueOrThrow({ where: { name: '靖江项目' } }); // granted to hhkj
    const batch = await createNotificationBatch(t.deps.db, {
      kind: 'payment_notice',
      title: '靖江项目缴款通知',
      projectId: jingjiang.id,
    });
    const other = await createNotificationBatch(t.deps.db, {
      kind: 'payment_notice',
      title: '昆明项目缴款通知',
      projectId: (await t.deps.db.project.findUniqueOrThrow({ where: { name: '昆明-城市之光' } })).id,
    });
    await enqueueNotifications(
      t.deps.db,
      [
        {
          channel: 'WORK',
          kind: 'payment_notice',
          dingUserId: 'u1001',
          msg: { msgtype: 'text', text: { content: '缴款通知（金额 ¥10,000.00）' } },
        },
        {
          channel: 'WORK',
          kind: 'payment_notice',
          dingUserId: 'u1002',
          msg: { msgtype: 'text', text: { content: '缴款通知（金额 ¥20,000.00）' } },
        },
      ],
      { batchId: batch.id },
    );
    await t.deps.db.notification.updateMany({
      where: { batchId: batch.id, dingUserId: 'u1002' },
      data: { status: 'FAILED', outcome: 'invalid_user', lastError: '钉钉用户无效或已离职' },
    });
    const r = await t.http.get(`/api/notification-batches/${batch.id}`, { headers: auth.accountant });
    expect(r.status).toBe(200);
    expect(r.data).toMatchObject({
      total: 2,
      summary: { queued: 1, sent: 0, delivered: 0, failed: 1 },
      outcomes: { invalid_user: 1 },
    });
    expect(r.data.items.rows[1]).toMatchObject({
      dingUserId: 'u1002',
      status: 'FAILED',
      lastError: '钉钉用户无效或已离职',
    });
    expect((await t.http.get(`/api/notification-batches/${batch.id}`, { headers: auth.partner })).status).toBe(403);
    expect((await t.http.get('/api/notification-batches', { headers: auth.accountant })).data.items[0]).toMatchObject({
      id: batch.id,
      notifications: 2,
    });
    expect((await t.http.get(`/api/notification-batches/${other.id}`, { headers: auth.accountant })).status).toBe(404);
    expect(
      (await t.http.get('/api/notification-batches', { headers: auth.accountant })).data.items.map(
        (b: { id: number }) => b.id,
      ),
    ).not.toContain(other.id);
  });
});
