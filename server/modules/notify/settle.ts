// What happens to claimed rows when a DingTalk call fails — settled for good, put back in the queue, or left SENDING
// when the outcome is unknown — in one place, so every channel keeps the same never-twice rule.
import { Worker, type Job } from 'bullmq';
import type { Deps } from '../../deps';
import { DingtalkError } from '../../dingtalk/client';

export const errorText = (err: DingtalkError) => `${err.code} ${err.message}`.slice(0, 1000);
export async function settleFailed(deps: Deps, ids: bigint[], reason: string, outcome?: string) {
  await deps.db.notification.updateMany({
    where: { id: { in: ids } },
    data: { status: 'FAILED', sendingAt: null, lastError: reason, outcome },
  });
}
export async function settleRequeue(deps: Deps, ids: bigint[], reason: string) {
  await deps.db.notification.updateMany({
    where: { id: { in: ids }, status: 'SENDING' },
    data: { status: 'QUEUED', sendingAt: null, lastError: reason },
  });
}

/**
 * What to do with the rows of a failed call. Returns normally when the rows are settled for good;
 * throws to let BullMQ retry (after backoff, or the rate-limit delay).
 */
export async function handleSendError(
  deps: Deps,
  worker: Worker,
  job: Job,
  ids: bigint[],
  err: unknown,
  rateLimitDelayMs: number,
): Promise<void> {
  if (!(err instanceof DingtalkError)) throw err; // database or programming error: rows stay as they are, the retry reclaims them
  if (err.isRateLimit) {
    await settleRequeue(deps, ids, errorText(err));
    await worker.rateLimit(rateLimitDelayMs);
    throw Worker.RateLimitError();
  }
  if (!err.retryable) {
    await settleFailed(deps, ids, errorText(err));
    return;
  }
  const last = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
  if (err.outcomeUnknown) {
    // stays SENDING: the outcome is unknown; this job's retry resends (a same-day copy is dropped by DingTalk)
    if (last) {
      await settleFailed(deps, ids, `发送结果未知（多次重试后仍失败）：${errorText(err)}`, 'unknown');
      return;
    }
    await deps.db.notification.updateMany({ where: { id: { in: ids } }, data: { lastError: errorText(err) } });
  } else if (last) {
    await settleFailed(deps, ids, `重试 ${job.attemptsMade + 1} 次后仍失败：${errorText(err)}`);
    return;
  } else {
    await settleRequeue(deps, ids, errorText(err));
  }
  throw err;
}
