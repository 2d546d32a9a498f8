// The four notification queues, and the job ids and retry options the relay, the senders and the sweeper share: the
// same jobId for the same rows is how the sweeper tells whether BullMQ still holds their job.
import { Queue } from 'bullmq';
import type { NotificationChannel } from '../../generated/prisma/enums';
import { bullConnection, DEFAULT_JOB_OPTIONS, QUEUE } from '../../jobs/queues';
import type { NotifyOptions } from './options';
import type { NotifyQueues } from './types';

export function createNotifyQueues(redisUrl: string, prefix: string): NotifyQueues {
  const connection = bullConnection(redisUrl);
  const mk = (name: string) =>
    new Queue(name, { connection, prefix: `${prefix}:bull`, defaultJobOptions: DEFAULT_JOB_OPTIONS });
  const q = {
    work: mk(QUEUE.notifyWork),
    robot: mk(QUEUE.notifyRobot),
    todo: mk(QUEUE.notifyTodo),
    reconcile: mk(QUEUE.notifyReconcile),
  };
  return {
    ...q,
    close: async () => {
      await Promise.all(Object.values(q).map((x) => x.close()));
    },
  };
}

export const queueFor = (q: NotifyQueues, channel: NotificationChannel) =>
  channel === 'WORK' ? q.work : channel === 'ROBOT' ? q.robot : q.todo;
export const jobIdFor = (leaderId: bigint, resends = 0) => `n-${leaderId}${resends > 0 ? `-r${resends}` : ''}`;

export function jobOptions(opts: NotifyOptions, jobId: string) {
  return {
    jobId,
    attempts: opts.attempts,
    backoff: { type: 'exponential' as const, delay: opts.backoffMs, jitter: 0.5 },
  };
}
