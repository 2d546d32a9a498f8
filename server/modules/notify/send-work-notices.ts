// 工作通知 (asyncsend_v2): one call per claimed group of rows, settled SENT with DingTalk's task id, then the
// getsendresult reconciliation is scheduled.
import type { Job, Worker } from 'bullmq';
import { claim, InFlightError } from './claim';
import { jobIdFor } from './queues';
import { ZSendJob, ZWorkMessage } from './schemas';
import { handleSendError, settleFailed } from './settle';
import type { Ctx } from './types';

export async function processWork(c: Ctx, worker: Worker, job: Job): Promise<unknown> {
  const { ids } = ZSendJob.parse(job.data);
  const jobId = job.id ?? jobIdFor(BigInt(ids[0]!));
  const { rows, inFlight } = await claim(c.deps, ids.map(BigInt), jobId, c.opts);
  if (!rows.length) {
    if (inFlight) throw new InFlightError(inFlight);
    return { skipped: ids.length };
  }
  const rowIds = rows.map((r) => r.id);
  const msg = ZWorkMessage.safeParse((rows[0]!.payload as { msg?: unknown } | null)?.msg);
  if (!msg.success) {
    await settleFailed(c.deps, rowIds, `通知内容不合法：${msg.error.issues[0]?.message ?? ''}`);
    return { invalid: rowIds.length };
  }
  const userids = [...new Set(rows.map((r) => r.dingUserId).filter((u): u is string => !!u))];
  const client = await c.clients.get();
  let taskId: string;
  try {
    ({ taskId } = await client.sendWorkNotification(userids, msg.data));
  } catch (err) {
    await handleSendError(c.deps, worker, job, rowIds, err, 1000);
    return { failed: rowIds.length };
  }
  await c.deps.db.notification.updateMany({
    where: { id: { in: rowIds } },
    data: { status: 'SENT', taskId, sentAt: new Date(), sendingAt: null, lastError: null },
  });
  await c.queues.reconcile
    .add(
      'reconcile',
      { taskId },
      {
        jobId: `rc-${taskId}`,
        delay: c.opts.reconcileDelayMs,
        attempts: c.opts.attempts,
        backoff: { type: 'exponential', delay: c.opts.backoffMs, jitter: 0.5 },
      },
    )
    .catch((err: unknown) =>
      c.deps.logger.warn(
        { taskId, err: err instanceof Error ? err.message : String(err) },
        'reconcile enqueue failed; the sweeper will retry',
      ),
    );
  return { sent: rowIds.length, taskId };
}
