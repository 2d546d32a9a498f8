import { closeDeps, type Deps } from '../../deps';
import { startTestEmulator, type TestEmulator } from '../../../test/support/emulator';
import { testDeps } from '../../../test/support/app';
import { DEMO_ROBOT } from '../../emulator/app';
import { sealSecret } from '../../lib/secret-box';
import { createNotificationBatch, distinctText, enqueueNotifications } from './outbox';
import type { RunningNotify } from './types';
import { startNotifyWorkers } from './workers';

const FAST = {
  relayIntervalMs: 50,
  sweepIntervalMs: 300,
  stuckAfterMs: 1500,
  inflightGraceMs: 1000,
  backoffMs: 100,
  reconcileDelayMs: 100,
  lockMs: 2000,
  callTimeoutMs: 800,
  attempts: 6,
};

async function waitFor<T>(fn: () => Promise<T>, until: (v: T) => boolean, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (until(v)) return v;
    if (Date.now() > end)
      throw new Error(
        `timed out waiting; last value: ${JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? String(x) : x))}`,
      );
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('notification pipeline (outbox → BullMQ → emulator)', () => {
  let emu: TestEmulator;
  let deps: Deps;
  let notify: RunningNotify | undefined;
  const start = async (o: Record<string, number> = {}) => {
    notify = startNotifyWorkers(deps, deps.config.REDIS_URL!, { ...FAST, ...o });
  };
  const settled = () =>
    deps.db.notification.count({ where: { status: { in: ['PENDING', 'QUEUED', 'SENDING', 'SENT'] } } });

  beforeAll(async () => {
    emu = await startTestEmulator({ faultTimeoutMs: 1500 });
    deps = testDeps(emu.env);
  });
  beforeEach(async () => {
    await emu.reset();
    await deps.db.notification.deleteMany({});
    await deps.db.notificationBatch.deleteMany({});
    await emu.addUsers(Array.from({ length: 300 }, (_, i) => ({ userid: `p${i}`, name: `合伙人${i}` })));
  });
  afterEach(async () => {
    await notify?.close();
    notify = undefined;
    // only this jest worker's queues (other workers share the Redis under other prefixes)
    const keys = await deps.redis.keys(`${deps.prefix}:bull:notify-*`);
    if (keys.length) await deps.redis.del(...keys);
  });
  afterAll(async () => {
    await closeDeps(deps);
    await emu.close();
  });

  it('groups identical content into asyncsend_v2 calls of at most 100 userids and reconciles per user', async () => {
    const batch = await createNotificationBatch(deps.db, { kind: 'disclosure', title: '披露通知' });
    await enqueueNotifications(
      deps.db,
      Array.from({ length: 250 }, (_, i) => ({
        channel: 'WORK' as const,
        kind: 'disclosure',
        dingUserId: `p${i}`,
        msg: { msgtype: 'text' as const, text: { content: '2026年第三季度项目披露已发布（2026-11-21）' } },
      })),
      { batchId: batch.id },
    );
    await start();
    await waitFor(settled, (n) => n === 0);
    const rows = await deps.db.notification.findMany({});
    expect(rows.every((r) => r.status === 'DELIVERED' && r.outcome === 'unread')).toBe(true);
    expect(new Set(rows.map((r) => r.taskId)).size).toBe(3);
    expect((await emu.stats()).byApi['/topapi/message/corpconversation/asyncsend_v2']).toBe(3);
    expect((await emu.workNotifications()).filter((i) => i.delivered)).toHaveLength(250);
  });

  it('stays within the per-app QPS with the limiter and backs off on rate-limit answers', async () => {
    await emu.configure({ qpsLimit: 5 });
    await enqueueNotifications(
      deps.db,
      Array.from({ length: 30 }, (_, i) => ({
        channel: 'WORK' as const,
        kind: 'payment',
        dingUserId: `p${i}`,
        msg: {
          msgtype: 'text' as const,
          text: { content: distinctText('缴款通知：靖江项目', { date: '2026-11-21', amount: String(10000 + i) }) },
        },
      })),
    );
    await emu.fault('asyncsend_v2', 'rateLimit', 3);
    const t0 = Date.now();
    await start({ qps: 5 });
    await waitFor(settled, (n) => n === 0, 30_000);
    expect(Date.now() - t0).toBeGreaterThan(4000); // 30 calls at ≤ 5/s
    expect(await deps.db.notification.count({ where: { status: 'DELIVERED' } })).toBe(30);
    expect((await emu.workNotifications()).filter((i) => i.delivered)).toHaveLength(30);
    await emu.configure({ qpsLimit: 20 });
  }, 40_000);

  it('resends after a call whose answer was lost, and DingTalk drops the copy: delivered once', async () => {
    await enqueueNotifications(deps.db, [
      {
        channel: 'WORK',
        kind: 'payment',
        dingUserId: 'p1',
        msg: { msgtype: 'text', text: { content: '缴款通知（2026-11-21，金额 ¥50,000.00）' } },
      },
    ]);
    await emu.fault('asyncsend_v2', 'timeout');
    await start();
    const [row] = await waitFor(
      () => deps.db.notification.findMany({}),
      (r) => r[0]?.status === 'DELIVERED',
    );
    expect(row).toMatchObject({ outcome: 'delivered_earlier', attempts: 2 });
    const items = await emu.workNotifications('p1');
    expect(items.map((i) => [i.delivered, i.forbiddenCode ?? null])).toEqual([
      [true, null],
      [false, '143106'],
    ]);
  });

  it('retries HTTP 500 with backoff, fails permanently on invalid users, records outcomes', async () => {
    await enqueueNotifications(deps.db, [
      { channel: 'WORK', kind: 'x', dingUserId: 'p2', msg: { msgtype: 'text', text: { content: '分配通知 A' } } },
      { channel: 'WORK', kind: 'x', dingUserId: 'ghost', msg: { msgtype: 'text', text: { content: '分配通知 B' } } },
    ]);
    await emu.fault('asyncsend_v2', 'http500', 2);
    await start();
    await waitFor(settled, (n) => n === 0);
    const rows = await deps.db.notification.findMany({ orderBy: { id: 'asc' } });
    expect(rows.map((r) => [r.dingUserId, r.status, r.outcome])).toEqual([
      ['p2', 'DELIVERED', 'unread'],
      ['ghost', 'FAILED', 'invalid_user'],
    ]);
  });

  it('refuses same-day identical content to one person and skips a repeated dedupeKey; rolls back with the transaction', async () => {
    const item = {
      channel: 'WORK' as const,
      kind: 'reminder',
      dingUserId: 'p3',
      dedupeKey: 'reminder-1',
      msg: { msgtype: 'text' as const, text: { content: '催缴通知' } },
    };
    expect(await enqueueNotifications(deps.db, [item])).toEqual({ created: 1 });
    expect(await enqueueNotifications(deps.db, [item])).toEqual({ created: 0 });
    await expect(enqueueNotifications(deps.db, [{ ...item, dedupeKey: 'reminder-2' }])).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    await expect(
      deps.db.$transaction(async (tx) => {
        await enqueueNotifications(tx, [
          {
            ...item,
            dedupeKey: 'reminder-3',
            msg: { msgtype: 'text', text: { content: distinctText('催缴通知', { date: '2026-11-22' }) } },
          },
        ]);
        throw new Error('business change failed');
      }),
    ).rejects.toThrow('business change failed');
    expect(await deps.db.notification.count()).toBe(1);
  });

  it('the sweeper re-enqueues rows whose job vanished', async () => {
    await enqueueNotifications(deps.db, [
      { channel: 'WORK', kind: 'x', dingUserId: 'p4', msg: { msgtype: 'text', text: { content: '丢失的任务' } } },
    ]);
    // as if the relay committed QUEUED and then Redis lost the job
    await deps.db.notification.updateMany({
      data: { status: 'QUEUED', jobId: 'n-999999', updatedAt: new Date(Date.now() - 60_000) },
    });
    await start();
    await waitFor(settled, (n) => n === 0);
    expect(await deps.db.notification.findFirst({})).toMatchObject({ status: 'DELIVERED' });
  });

  it('posts robot messages (signed, msgUuid) and creates and completes todos', async () => {
    const key = deps.config.secretKey;
    const robot = await deps.db.robotWebhook.create({
      data: {
        name: '环沪项目群',
        accessTokenEnc: sealSecret(DEMO_ROBOT.accessToken, key),
        secretEnc: sealSecret(DEMO_ROBOT.secret!, key),
      },
    });
    const badRobot = await deps.db.robotWebhook.create({
      data: {
        name: '错误密钥',
        accessTokenEnc: sealSecret(DEMO_ROBOT.accessToken, key),
        secretEnc: sealSecret('SECwrong', key),
      },
    });
    await enqueueNotifications(deps.db, [
      {
        channel: 'ROBOT',
        kind: 'flow',
        robotId: robot.id,
        message: { msgtype: 'text', text: { content: '【靖江项目】跟投方案审批已通过' } },
      },
      { channel: 'ROBOT', kind: 'flow', robotId: badRobot.id, message: { msgtype: 'text', text: { content: 'x' } } },
      {
        channel: 'TODO',
        kind: 'review',
        dingUserId: 'hhadmin01',
        dedupeKey: 'todo-flow-1',
        todo: {
          op: 'create',
          subject: '审核：靖江项目跟投方案',
          detailUrl: { appUrl: 'eapp://pages/index/index', pcUrl: 'http://127.0.0.1/console/' },
          creatorDingUserId: 'hhkj001',
        },
      },
    ]);
    await start();
    await waitFor(settled, (n) => n === 0);
    const posts = await emu.robotMessages();
    expect(posts).toHaveLength(1);
    expect(posts[0]!.msgUuid).toMatch(/^n-\d+$/);
    expect(await deps.db.notification.findFirst({ where: { robotId: badRobot.id } })).toMatchObject({
      status: 'FAILED',
      attempts: 1,
      lastError: expect.stringContaining('310000'),
    });
    expect(await emu.todos({ userid: 'hhadmin01' })).toMatchObject([
      { subject: '审核：靖江项目跟投方案', done: false },
    ]);
    await enqueueNotifications(deps.db, [
      {
        channel: 'TODO',
        kind: 'review-done',
        dingUserId: 'hhadmin01',
        todo: { op: 'complete', todoDedupeKey: 'todo-flow-1' },
      },
    ]);
    await waitFor(
      () => emu.todos({ userid: 'hhadmin01' }),
      (t) => t[0]?.done === true,
    );
  });
});
