/**
 * Never sent twice: a row is claimed (QUEUED → SENDING, sendingAt) in a short transaction before the call and
 * settled (SENT + task id) right after it. asyncsend_v2 has no idempotency key, so a row found SENDING (worker killed
 * mid-call, timeout, HTTP 5xx) has an unknown outcome: it is resent only on the same Shanghai day, with byte-identical
 * content, when DingTalk's own same-day dedupe drops the copy if the first call did arrive (getsendresult then reports
 * 143106, recorded as delivered by the earlier attempt). A row still SENDING on a later day is marked FAILED "结果未知"
 * for a person to decide. Robot posts carry msgUuid = row id, todos sourceId = row id: DingTalk's own idempotency keys.
 */
import type { Deps } from '../../deps';
import { Prisma } from '../../generated/prisma/client';
import { shanghaiDay } from '../../../shared/datetime';
import type { NotifyOptions } from './options';
import type { ClaimedRow } from './types';

/**
 * Takes the rows of a job for one call: QUEUED rows, and SENDING rows whose earlier call has certainly
 * ended (this same job ran them before — BullMQ runs one job once at a time — or they are older than the
 * in-flight grace). SENDING rows from an earlier day are failed as "outcome unknown" instead.
 */
export async function claim(
  deps: Deps,
  ids: bigint[],
  jobId: string,
  opts: NotifyOptions,
): Promise<{ rows: ClaimedRow[]; inFlight: number }> {
  return deps.db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<(ClaimedRow & { status: string; sendingAt: Date | null; jobId: string | null })[]>`
      SELECT id, status, "sendingAt", "jobId", "dingUserId", "robotId", payload, attempts, "contentHash" FROM "Notification"
      WHERE id IN (${Prisma.join(ids)}) ORDER BY id FOR UPDATE`;
    const now = new Date();
    const today = shanghaiDay(now);
    const take: ClaimedRow[] = [];
    const unknownOld: bigint[] = [];
    let inFlight = 0;
    for (const r of rows) {
      if (r.status === 'QUEUED') {
        take.push(r);
        continue;
      }
      if (r.status !== 'SENDING') continue;
      const ended = r.jobId === jobId || !r.sendingAt || now.getTime() - r.sendingAt.getTime() > opts.inflightGraceMs;
      if (!ended) {
        inFlight++;
        continue;
      }
      if (r.sendingAt && shanghaiDay(r.sendingAt) !== today) unknownOld.push(r.id);
      else take.push(r);
    }
    if (unknownOld.length) {
      await tx.notification.updateMany({
        where: { id: { in: unknownOld } },
        data: {
          status: 'FAILED',
          outcome: 'unknown',
          sendingAt: null,
          lastError: '发送结果未知：上次调用钉钉时中断且已跨日，为避免重复发送未自动重发，请确认后手工处理',
        },
      });
    }
    if (take.length)
      await tx.notification.updateMany({
        where: { id: { in: take.map((r) => r.id) } },
        data: { status: 'SENDING', sendingAt: now, jobId, attempts: { increment: 1 } },
      });
    return { rows: take, inFlight };
  });
}

export class InFlightError extends Error {
  constructor(n: number) {
    super(`${n} 条通知的上一次发送仍在进行中，稍后重试`);
  }
}
