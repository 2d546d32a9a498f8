import { dispatchEvent } from '../../server/dingtalk/events';
import { startWorkers, type RunningWorkers } from '../../server/jobs/worker';
import { registerContactEventHandlers } from '../../server/modules/contacts/events';
import { seedDemo } from '../../server/seed/seed';
import { startTestApp, testDeps, type TestApp } from '../support/app';
import { loginAs, withToken } from '../support/auth';
import { startTestEmulator, type TestEmulator } from '../support/emulator';

let emu: TestEmulator;
let t: TestApp;
let workers: RunningWorkers;
let clockOffset = 0; // lets a test move the emulator's clock forward (auth-code expiry)

beforeAll(async () => {
  emu = await startTestEmulator({ now: () => Date.now() + clockOffset });
  t = await startTestApp({ deps: testDeps(emu.env) });
  await seedDemo(t.deps.db);
  workers = await startWorkers(t.deps, t.deps.redisUrl);
});
afterAll(async () => {
  await workers.close();
  await t.close();
  await emu.close();
});

async function waitForSync(admin: Awaited<ReturnType<typeof loginAs>>, id: number) {
  for (let i = 0; i < 100; i++) {
    const log = (await admin.get('/api/contacts/sync-logs')).data.items.find((l: { id: number }) => l.id === id);
    if (log && log.status !== 'RUNNING') return log;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('sync did not finish');
}

describe('DingTalk 免登', () => {
  it('logs a partner in with a fresh auth code', async () => {
    const code = await emu.authCode('u1001');
    const res = await t.http.post('/api/auth/dingtalk', { authCode: code });
    expect(res.status).toBe(200);
    expect(res.data.user).toMatchObject({ name: '史伟', dingUserId: 'u1001', roles: ['PARTNER'] });
    expect((await withToken(t, res.data.token).get('/api/me')).data.user.dingUserId).toBe('u1001');
  });

  it('rejects a reused code and an expired code with a clear message', async () => {
    const code = await emu.authCode('u1003');
    expect((await t.http.post('/api/auth/dingtalk', { authCode: code })).status).toBe(200);
    const reused = await t.http.post('/api/auth/dingtalk', { authCode: code });
    expect(reused.status).toBe(401);
    expect(reused.data.message).toBe('钉钉免登授权码无效或已过期（5 分钟内有效且只能使用一次），请重新打开应用');
    const old = await emu.authCode('u1004');
    clockOffset += 5 * 60_000 + 1000;
    const expired = await t.http.post('/api/auth/dingtalk', { authCode: old });
    expect(expired.status).toBe(401);
    expect(expired.data.details).toEqual({ dingtalkCode: '40078' });
    expect((await t.http.post('/api/auth/dingtalk', {})).status).toBe(400);
  });

  it('waits and asks again when DingTalk refuses a 免登 for speed (9 a.m. rush), but not for other failures', async () => {
    await emu.fault('user/getuserinfo', 'rateLimit', 2);
    const ok = await t.http.post('/api/auth/dingtalk', { authCode: await emu.authCode('u1006') });
    expect(ok.status).toBe(200);
    expect(ok.data.user.dingUserId).toBe('u1006');
    await emu.fault('user/getuserinfo', 'http500', 1);
    const down = await t.http.post('/api/auth/dingtalk', { authCode: await emu.authCode('u1007') });
    expect(down.status).toBe(502);
    expect(down.data.message).toBe('钉钉服务暂时不可用，请稍后重试');
  });

  it('creates a first-time employee from their DingTalk details, placed in their company', async () => {
    await emu.addUser({
      userid: 'new001',
      name: '新员工',
      mobile: '13700000001',
      deptIdList: [130],
      title: '置业顾问',
    });
    const res = await t.http.post('/api/auth/dingtalk', { authCode: await emu.authCode('new001') });
    expect(res.status).toBe(200);
    expect(res.data.user).toMatchObject({ name: '新员工', roles: ['PARTNER'], orgUnit: { name: '昆明城市公司' } });
  });
});

describe('contact sync', () => {
  it('a user who leaves DingTalk loses access within one sync, and stays in history as 离职', async () => {
    const session = withToken(
      t,
      (await t.http.post('/api/auth/dingtalk', { authCode: await emu.authCode('u1002') })).data.token,
    );
    expect((await session.get('/api/me')).status).toBe(200);
    await emu.removeUser('u1002');
    await emu.updateUser('u1005', { name: '周峰（改名）', title: '副总经理' });
    const admin = await loginAs(t, 'admin');
    const started = await admin.post('/api/contacts/sync', { kind: 'FULL' });
    expect(started.status).toBe(202);
    const log = await waitForSync(admin, started.data.id);
    expect(log).toMatchObject({ kind: 'FULL', status: 'SUCCEEDED', deactivated: 1, triggeredBy: '系统管理员' });
    expect(log.updated).toBeGreaterThanOrEqual(1);
    expect((await session.get('/api/me')).status).toBe(401);
    const left = await t.deps.db.user.findUniqueOrThrow({ where: { dingUserId: 'u1002' } });
    expect(left.status).toBe('LEFT');
    expect((await t.deps.db.user.findUniqueOrThrow({ where: { dingUserId: 'u1005' } })).name).toBe('周峰（改名）');
    const again = await t.http.post('/api/auth/dingtalk', { authCode: 'anything' });
    expect(again.status).toBe(401);
    // a second sync changes nothing
    const second = await waitForSync(admin, (await admin.post('/api/contacts/sync', { kind: 'FULL' })).data.id);
    expect(second).toMatchObject({ status: 'SUCCEEDED', created: 0, updated: 0, deactivated: 0 });
  });

  it('stops without writing anything when too many would be marked 离职', async () => {
    for (let i = 1010; i < 1020; i++) await emu.removeUser(`u${i}`);
    const admin = await loginAs(t, 'admin');
    const log = await waitForSync(admin, (await admin.post('/api/contacts/sync', { kind: 'FULL' })).data.id);
    expect(log).toMatchObject({ status: 'ABORTED', deactivated: 0, message: expect.any(String) });
    expect(log.message).toContain('超过阈值');
    expect(await t.deps.db.user.count({ where: { dingUserId: { in: ['u1010', 'u1011'] }, status: 'LEFT' } })).toBe(0);
    // an incremental pass never deactivates
    const inc = await waitForSync(admin, (await admin.post('/api/contacts/sync', { kind: 'INCREMENTAL' })).data.id);
    expect(inc).toMatchObject({ status: 'SUCCEEDED', deactivated: 0 });
  });
});

describe('contact change events', () => {
  beforeAll(() => registerContactEventHandlers());

  it('user_leave_org marks the user 离职 at once and ends their sessions; a redelivered event changes nothing', async () => {
    const session = withToken(
      t,
      (await t.http.post('/api/auth/dingtalk', { authCode: await emu.authCode('u1030') })).data.token,
    );
    const event = {
      eventId: `leave-u1030-${Date.now()}`,
      eventType: 'user_leave_org',
      payload: { EventType: 'user_leave_org', userId: ['u1030'], timeStamp: String(Date.now()) },
      source: 'http' as const,
    };
    expect(await dispatchEvent(t.deps, event)).toBe('processed');
    expect((await session.get('/api/me')).status).toBe(401);
    expect((await t.deps.db.user.findUniqueOrThrow({ where: { dingUserId: 'u1030' } })).status).toBe('LEFT');
    const audits = await t.deps.db.auditLog.count({
      where: { entity: 'User', action: 'leave', actorName: '系统:通讯录事件' },
    });
    expect(await dispatchEvent(t.deps, event)).toBe('duplicate');
    expect(
      await t.deps.db.auditLog.count({ where: { entity: 'User', action: 'leave', actorName: '系统:通讯录事件' } }),
    ).toBe(audits);
  });

  it('user_add_org and user_modify_org create and update from DingTalk details (older UserId spelling too)', async () => {
    await emu.addUser({ userid: 'evt001', name: '事件新人', deptIdList: [110] });
    await dispatchEvent(t.deps, {
      eventId: `add-evt001-${Date.now()}`,
      eventType: 'user_add_org',
      payload: { UserId: ['evt001'] },
      source: 'http',
    });
    expect(
      await t.deps.db.user.findUniqueOrThrow({
        where: { dingUserId: 'evt001' },
        select: { name: true, orgUnit: { select: { name: true } } },
      }),
    ).toEqual({ name: '事件新人', orgUnit: { name: '环沪城市公司' } });
    await emu.updateUser('evt001', { name: '事件新人（已转正）' });
    await dispatchEvent(t.deps, {
      eventId: `mod-evt001-${Date.now()}`,
      eventType: 'user_modify_org',
      payload: { userId: ['evt001'] },
      source: 'http',
    });
    expect((await t.deps.db.user.findUniqueOrThrow({ where: { dingUserId: 'evt001' } })).name).toBe(
      '事件新人（已转正）',
    );
  });
});
