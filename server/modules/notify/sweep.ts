// Never lost: a row is the source of truth from the business transaction on, so whatever BullMQ loses (Redis restart,
// crash between commit and enqueue, a job that failed for a non-DingTalk reason) is found here from the rows and
// enqueued again, under the same jobId.
import type { Deps } from '../../deps';
import type { NotificationChannel } from '../../generated/prisma/enums';
import type { NotifyOptions } from './options';
import { jobIdFor, jobOptions, queueFor } from './queues';
import { settleFailed } from './settle';
import type { NotifyQueues } from './types';

/** Re-enqueues rows whose job is gone (Redis restart, crash between commit and enqueue), and lost reconciliations. */
export async function sweepStuck(
  deps: Deps,
  queues: NotifyQueues,
  opts: NotifyOptions,
): Promise<{ requeued: number; reconciles: number }> {
  const cutoff = new Date(Date.now() - opts.stuckAfterMs);
  const stuck = await deps.db.notification.findMany({
    where: { status: { in: ['QUEUED', 'SENDING'] }, updatedAt: { lt: cutoff } },
    select: { id: true, channel: true, jobId: true, attempts: true },
    orderBy: { id: 'asc' },
    take: 5000,
  });
  const byJob = new Map<string, { channel: NotificationChannel; ids: bigint[] }>();
  for (const r of stuck) {
    if (r.attempts >= opts.attempts * 3) {
      await settleFailed(deps, [r.id], '多次重新排队后仍未发送成功');
      continue;
    }
    const jobId = r.jobId ?? jobIdFor(r.id);
    const g = byJob.get(jobId) ?? { channel: r.channel, ids: [] };
    g.ids.push(r.id);
    byJob.set(jobId, g);
  }
  let requeued = 0;
  for (const [jobId, g] of byJob) {
    const queue = queueFor(queues, g.channel);
    const job = await queue.getJob(jobId);
    const state = job ? await job.getState() : 'missing';
    if (state !== 'missing' && state !== 'completed' && state !== 'failed' && state !== 'unknown') continue; // waiting, delayed or active: BullMQ has it
    if (job) await job.remove().catch(() => undefined);
    await queue.add('send', { ids: g.ids.map(String) }, jobOptions(opts, jobId));
    await deps.db.notification.updateMany({
      where: { id: { in: g.ids }, status: { in: ['QUEUED', 'SENDING'] } },
      data: { jobId, updatedAt: new Date() },
    });
    requeued += g.ids.length;
  }
  // SENT rows whose reconciliation never ran (getsendresult only answers for 24 h)
  const lost = await deps.db.notification.findMany({
    where: {
      status: 'SENT',
      reconciledAt: null,
      taskId: { not: null },
      sentAt: {
        lt: new Date(Date.now() - opts.reconcileDelayMs - opts.stuckAfterMs),
        gt: new Date(Date.now() - 23 * 3600_000),
      },
    },
    distinct: ['taskId'],
    select: { taskId: true },
    take: 1000,
  });
  let reconciles = 0;
  for (const { taskId } of lost) {
    const jobId = `rc-${taskId}`;
    const job = await queues.reconcile.getJob(jobId);
    const state = job ? await job.getState() : 'missing';
    if (state !== 'missing' && state !== 'completed' && state !== 'failed' && state !== 'unknown') continue;
    if (job) await job.remove().catch(() => undefined);
    await queues.reconcile.add(
      'reconcile',
      { taskId: taskId! },
      { jobId, attempts: opts.attempts, backoff: { type: 'exponential', delay: opts.backoffMs, jitter: 0.5 } },
    );
    reconciles++;
  }
  return { requeued, reconciles };
}
