import type { ConnectionOptions, JobsOptions } from 'bullmq';
import { redisOptions } from '../lib/redis';

/** Queue names. One queue per kind of work so each can be scaled and rate-limited on its own. */
export const QUEUE = {
  maintenance: 'maintenance',
  /** 工作通知 (asyncsend_v2), robot posts, todos, and the getsendresult reconciliation. */
  notifyWork: 'notify-work',
  notifyRobot: 'notify-robot',
  notifyTodo: 'notify-todo',
  notifyReconcile: 'notify-reconcile',
} as const;
export type QueueName = (typeof QUEUE)[keyof typeof QUEUE];

/** Keep finished jobs for a while (visible in progress APIs), never forever. */
export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

export function bullConnection(redisUrl: string): ConnectionOptions {
  const { host, port, username, password, db, tls } = redisOptions(redisUrl);
  return { host, port, username, password, db, tls: tls ? {} : undefined, maxRetriesPerRequest: null };
}
