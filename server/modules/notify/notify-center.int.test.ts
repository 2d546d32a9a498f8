/**
 * 通知记录 through the API against the emulator and the real pipeline: a batch where DingTalk fails two recipients
 * (one refused with a forbidden_list code, one in failed_user_id_list) shows its progress and each failure with
 * DingTalk's reason; 重发失败 pressed three times (twice at once) sends each failed notice exactly once and nobody
 * else again; a notice whose outcome is unknown is held back; single robot messages are listed for the admins only.
 */
import { SessionStore } from '../../auth/session-store';
import { seedDemo } from '../../seed/seed';
import { startTestApp, testDeps, type TestApp } from '../../../test/support/app';
import { startTestEmulator, type TestEmulator } from '../../../test/support/emulator';
import { createNotificationBatch, distinctText, enqueueNotifications } from './outbox';
import type { RunningNotify } from './types';
import { startNotifyWorkers } from './workers';

jest.setTimeout(90_000);

const FAST = {
  relayIntervalMs: 50,
  sweepIntervalMs: 300,
  stuckAfterMs: 1500,
  inflightGraceMs: 1000,
  backoffMs: 100,
  reconcileDelayMs: 100,
  lockMs: 2000,
  callTimeoutMs: 2000,
  attempts: 4,
};

async function waitFor<T>(fn: () => Promise<T>, until: (v: T) => boolean, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (until(v)) return v;
    if (Date.now() > end) throw new Error(`timed out waiting; last value: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

let emu: TestEmulator;
let t: TestApp;
let notify: RunningNotify;
const auth: Record<string, { authorization: string }> = {};
let projectId: number;
let otherProjectId: number;
const RECIPIENTS = ['u1001', 'u1002', 'u1003', 'u1004', 'u1005'];

beforeAll(async () => {
  emu = await startTestEmulator();
  t = await startTestApp({ deps: testDeps(emu.env) });
  await seedDemo(t.deps.db);
  projectId = (await t.deps.db.project.findUniqueOrThrow({ where: { name: '靖江项目' } })).id; // granted to hhkj
  otherProjectId = (await t.deps.db.project.findUniqueOrThrow({ where: { name: '昆明-城市之光' } })).id;
  const store = new SessionStore(t.deps.redis, t.deps.prefix, 600);
  for (const [who, dingUserId] of [
    ['admin', 'admin001'],
    ['business', 'hhadmin01'],
    ['accountant', 'hhkj001'],
    ['otherAccountant', 'jnkj001'],
    ['partner', 'u1001'],
  ] as const) {
    const u = await t.deps.db.user.findUniqueOrThrow({ where: { dingUserId } });
    auth[who] = { authorization: `Bearer ${(await store.create(u.id, 'dingtalk')).token}` };
  }
  notify = startNotifyWorkers(t.deps, t.deps.config.REDIS_URL!, FAST);
});
afterAll(async () => {
  await notify?.close();
  const keys = await t.deps.redis.keys(`${t.deps.prefix}:bull:notify-*`);
  if (keys.length) await t.deps.redis.del(...keys);
  await t.close();
  await emu.close();
});

const settled = (batchId: number) =>
  t.deps.db.notification.count({ where: { batchId, status: { in: ['PENDING', 'QUEUED', 'SENDING', 'SENT'] } } });

async function paymentBatch(title: string, project = projectId) {
  const starter = await t.deps.db.user.findUniqueOrThrow({ where: { dingUserId: 'hhkj001' } });
  const users = await t.deps.db.user.findMany({ where: { dingUserId: { in: RECIPIENTS } } });
  const batch = await createNotificationBatch(t.deps.db, {
    kind: 'payment_notice',
    title,
    projectId: project,
    createdById: starter.id,
  });
  await enqueueNotifications(
    t.deps.db,
    users.map((u, i) => ({
      channel: 'WORK' as const,
      kind: 'payment_notice',
      userId: u.id,
      dingUserId: u.dingUserId!,
      dedupeKey: `test:${batch.id}:${u.dingUserId}`,
      msg: {
        msgtype: 'text' as const,
        text: { content: distinctText(`${title}：${u.name}`, { amount: `${(i + 1) * 10000}.00` }) },
      },
    })),
    { batchId: batch.id },
  );
  return batch.id;
}

describe('通知记录: progress, failures and 重发失败', () => {
  let batchId: number;

  it('shows a batch’s progress and each failure with DingTalk’s reason', async () => {
    await emu.failWorkNotifications('u1002', '1430004');
    await emu.failWorkNotifications('u1003');
    batchId = await paymentBatch('靖江项目 缴款通知');
    await waitFor(
      () => settled(batchId),
      (n) => n === 0,
    );

    const list = await t.http.get('/api/notification-batches', {
      headers: auth.accountant,
      params: { status: 'FAILED' },
    });
    expect(list.status).toBe(200);
    expect(list.data.items[0]).toMatchObject({
      id: batchId,
      kind: 'payment_notice',
      projectName: '靖江项目',
      createdByName: expect.any(String),
      status: 'FAILED',
      counts: { total: 5, queued: 0, sent: 0, delivered: 3, failed: 2, resendable: 2 },
    });
    expect(
      (await t.http.get('/api/notification-batches', { headers: auth.admin, params: { status: 'DONE' } })).data.items,
    ).toEqual([]);
    expect(
      (await t.http.get('/api/notification-batches', { headers: auth.admin, params: { kind: 'distribution_notice' } }))
        .data.total,
    ).toBe(0);
    expect(
      (await t.http.get('/api/notification-batches', { headers: auth.admin, params: { projectId: otherProjectId } }))
        .data.total,
    ).toBe(0);
    // another project's accountant sees nothing of it
    expect((await t.http.get('/api/notification-batches', { headers: auth.otherAccountant })).data.total).toBe(0);

    const detail = await t.http.get(`/api/notification-batches/${batchId}`, {
      headers: auth.accountant,
      params: { status: 'FAILED' },
    });
    expect(detail.status).toBe(200);
    expect(detail.data.batch).toMatchObject({ projectName: '靖江项目', status: 'FAILED' });
    const byUser = Object.fromEntries(
      detail.data.items.rows.map((r: { dingUserId: string }) => [r.dingUserId, r]),
    ) as Record<string, { lastError: string; name: string; resendable: boolean }>;
    expect(Object.keys(byUser).sort()).toEqual(['u1002', 'u1003']);
    expect(byUser.u1002).toMatchObject({
      name: expect.any(String),
      resendable: true,
      lastError: expect.stringContaining('1430004'),
    });
    expect(byUser.u1002!.lastError).toContain('超级高管保护');
    expect(byUser.u1003!.lastError).toContain('failed_user_id_list');
  });

  it('重发失败 sends the failed ones exactly once, however often it is pressed', async () => {
    await emu.clearWorkNotificationFailure('u1002');
    await emu.clearWorkNotificationFailure('u1003');
    const url = `/api/notification-batches/${batchId}/resend-failed`;
    expect((await t.http.post(url, {}, { headers: auth.partner })).status).toBe(403);
    expect((await t.http.post(url, {}, { headers: auth.otherAccountant })).status).toBe(404);
    const [a, b] = await Promise.all([
      t.http.post(url, {}, { headers: auth.accountant }),
      t.http.post(url, {}, { headers: auth.business }),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(a.data.resent + b.data.resent).toBe(2);
    const c = await t.http.post(url, {}, { headers: auth.admin });
    expect(c.data).toEqual({ resent: 0, held: 0 });
    await waitFor(
      () => settled(batchId),
      (n) => n === 0,
    );
    // pressed again once all is delivered: nothing left to send
    expect((await t.http.post(url, {}, { headers: auth.accountant })).data).toEqual({ resent: 0, held: 0 });

    const detail = await t.http.get(`/api/notification-batches/${batchId}`, { headers: auth.accountant });
    expect(detail.data.batch.status).toBe('DONE');
    expect(detail.data.summary).toMatchObject({ total: 5, delivered: 5, failed: 0 });
    const resent = detail.data.items.rows.filter((r: { resends: number }) => r.resends === 1);
    expect(resent.map((r: { dingUserId: string }) => r.dingUserId).sort()).toEqual(['u1002', 'u1003']);

    // what DingTalk received: each recipient got the notice once (the failed calls reached nobody)
    for (const userid of RECIPIENTS) {
      const got = (await emu.workNotifications(userid)).filter(
        (i) => i.delivered && JSON.stringify(i.msg).includes('靖江项目 缴款通知'),
      );
      expect({ userid, delivered: got.length }).toEqual({ userid, delivered: 1 });
    }
    const audit = await t.deps.db.auditLog.findMany({
      where: { entity: 'NotificationBatch', entityId: String(batchId) },
    });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'resend_failed', projectId, after: { resent: 2, held: 0 } });
  });

  it('holds back a failed notice whose outcome is unknown (it may have arrived)', async () => {
    const id = await paymentBatch('靖江项目 缴款通知（第二批）');
    await waitFor(
      () => settled(id),
      (n) => n === 0,
    );
    await t.deps.db.notification.updateMany({
      where: { batchId: id, dingUserId: 'u1004' },
      data: { status: 'FAILED', outcome: 'unknown', lastError: '发送结果未知' },
    });
    const before = (await emu.workNotifications('u1004')).length;
    const r = await t.http.post(`/api/notification-batches/${id}/resend-failed`, {}, { headers: auth.accountant });
    expect(r.data).toEqual({ resent: 0, held: 1 });
    const row = (
      await t.http.get(`/api/notification-batches/${id}`, { headers: auth.accountant })
    ).data.items.rows.find((x: { dingUserId: string }) => x.dingUserId === 'u1004');
    expect(row).toMatchObject({ status: 'FAILED', resendable: false });
    await new Promise((res) => setTimeout(res, 500));
    expect((await emu.workNotifications('u1004')).length).toBe(before);
  });

  it('lists single robot messages with their failure for the admins, and resends one once', async () => {
    const robot = await t.deps.db.robotWebhook.create({
      data: { name: '已停用的群', accessTokenEnc: 'x', active: false },
    });
    await enqueueNotifications(t.deps.db, [
      {
        channel: 'ROBOT',
        kind: 'flow_result',
        robotId: robot.id,
        dedupeKey: 'test:robot:1',
        message: { msgtype: 'text', text: { content: '流程结果' } },
      },
    ]);
    await waitFor(
      () => t.deps.db.notification.findUniqueOrThrow({ where: { dedupeKey: 'test:robot:1' } }),
      (n) => n.status === 'FAILED',
    );
    const list = await t.http.get('/api/notifications', { headers: auth.business, params: { channel: 'ROBOT' } });
    expect(list.status).toBe(200);
    expect(list.data.items[0]).toMatchObject({
      kind: 'flow_result',
      name: '机器人「已停用的群」',
      status: 'FAILED',
      lastError: '机器人不存在或已停用',
      resendable: true,
    });
    expect((await t.http.get('/api/notifications', { headers: auth.accountant })).status).toBe(403);
    const id = list.data.items[0].id as string;
    const [a, b] = await Promise.all([
      t.http.post(`/api/notifications/${id}/resend`, {}, { headers: auth.admin }),
      t.http.post(`/api/notifications/${id}/resend`, {}, { headers: auth.business }),
    ]);
    expect(a.data.resent + b.data.resent).toBe(1);
    const row = await t.deps.db.notification.findUniqueOrThrow({ where: { dedupeKey: 'test:robot:1' } });
    expect(row.resends).toBe(1);
    // a batch's notice is not a single message
    const inBatch = await t.deps.db.notification.findFirstOrThrow({ where: { batchId } });
    expect((await t.http.post(`/api/notifications/${inBatch.id}/resend`, {}, { headers: auth.admin })).status).toBe(
      404,
    );
  });
});
