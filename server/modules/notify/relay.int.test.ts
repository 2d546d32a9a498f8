/**
 * The relay holds no interactive transaction: one committed statement picks, groups and marks the rows, then the
 * jobs are enqueued. Groups: identical work notices ≤ 100 per job, robot posts one each.
 */
import { startTestApp, type TestApp } from '../../../test/support/app';
import { seedDemo } from '../../seed/seed';
import { notifyOptions } from './options';
import { relayPending } from './relay';
import { enqueueNotifications } from './outbox';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  await seedDemo(t.deps.db);
});
afterAll(() => t.close());

it('marks and groups pending rows without an interactive transaction', async () => {
  const users = await t.deps.db.user.findMany({ where: { dingUserId: { startsWith: 'u1' } }, take: 30 });
  await t.deps.db.$transaction((tx) =>
    enqueueNotifications(
      tx,
      users.map((u) => ({
        channel: 'WORK' as const,
        kind: 'relay_test',
        dingUserId: u.dingUserId!,
        dedupeKey: `relay-test:${u.id}`,
        msg: { msgtype: 'text', text: { content: '同一内容' } },
      })),
    ),
  );
  const added: { name: string; opts: { jobId: string }; data: { ids: string[] } }[] = [];
  const queue = { addBulk: async (jobs: typeof added) => void added.push(...jobs) };
  const queues = { work: queue, robot: queue, todo: queue } as never;
  await t.deps.db.notification.updateMany({
    where: { status: 'PENDING', NOT: { kind: 'relay_test' } },
    data: { status: 'SENT' },
  });
  const spy = jest.spyOn(t.deps.db, '$transaction');
  const n = await relayPending(t.deps, queues, notifyOptions({}));
  expect(spy).not.toHaveBeenCalled();
  spy.mockRestore();
  expect(n).toBe(users.length);
  expect(added).toHaveLength(1);
  expect(added[0]!.data.ids).toHaveLength(users.length);
  const rows = await t.deps.db.notification.findMany({ where: { kind: 'relay_test' } });
  expect(new Set(rows.map((r) => r.status))).toEqual(new Set(['QUEUED']));
  expect(new Set(rows.map((r) => r.jobId))).toEqual(new Set([added[0]!.opts.jobId]));
});
