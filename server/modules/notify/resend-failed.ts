/**
 * 重发失败: the failed notifications of a batch (or one single message) go back to the outbox as PENDING, and the
 * relay sends them like new ones. Exactly once however often it is pressed: the batch row is locked and only rows
 * still FAILED are moved (a second press finds them PENDING / SENT and moves none). A recipient never gets the same
 * notice twice: it is the same row — same dedupeKey, no copy — and rows whose first send may have arrived are held
 * back (outcome unknown: the call broke off, or DingTalk dropped it as a repeat of what the person already got).
 */
import type { TResendResult } from '../../../shared/api/notify';
import type { Deps } from '../../deps';
import type { Tx } from '../../lib/db';
import { writeAudit, type AuditActor } from '../../lib/audit';
import { notFound } from '../../lib/errors';

/** Outcomes never resent automatically: the person may already have the notice. */
export const HELD_OUTCOMES = ['unknown', 'duplicate', 'delivered_earlier'];

async function resendRows(tx: Tx, ids: bigint[]): Promise<number> {
  if (!ids.length) return 0;
  const { count } = await tx.notification.updateMany({
    where: { id: { in: ids }, status: 'FAILED' },
    data: {
      status: 'PENDING',
      resends: { increment: 1 },
      // a fresh send: claim's "an earlier attempt delivered it" rule and the sweeper's give-up count start again
      attempts: 0,
      jobId: null,
      taskId: null,
      outcome: null,
      lastError: null,
      sendingAt: null,
      sentAt: null,
      queuedAt: null,
      reconciledAt: null,
    },
  });
  return count;
}

/** Sends the batch's failed notifications again (those that may have arrived are held back). */
export async function resendFailedOfBatch(deps: Deps, who: AuditActor, batchId: number): Promise<TResendResult> {
  return deps.db.$transaction(async (tx) => {
    const [locked] = await tx.$queryRaw<{ id: number; projectId: number | null }[]>`
      SELECT id, "projectId" FROM "NotificationBatch" WHERE id = ${batchId} FOR UPDATE`;
    if (!locked) throw notFound('通知批次');
    const failed = await tx.notification.findMany({
      where: { batchId, status: 'FAILED' },
      select: { id: true, outcome: true },
    });
    const ids = failed.filter((f) => !HELD_OUTCOMES.includes(f.outcome ?? '')).map((f) => f.id);
    const resent = await resendRows(tx, ids);
    const held = failed.length - ids.length;
    if (resent)
      await writeAudit(tx, who, {
        action: 'resend_failed',
        entity: 'NotificationBatch',
        entityId: batchId,
        projectId: locked.projectId ?? undefined,
        after: { resent, held },
      });
    return { resent, held };
  });
}

/** Sends one failed single message (robot post, todo, one-person notice) again. */
export async function resendNotification(deps: Deps, who: AuditActor, id: bigint): Promise<TResendResult> {
  return deps.db.$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<{ id: bigint; status: string; outcome: string | null; batchId: number | null }[]>`
      SELECT id, status, outcome, "batchId" FROM "Notification" WHERE id = ${id} FOR UPDATE`;
    if (!row || row.batchId !== null) throw notFound('消息');
    if (row.status !== 'FAILED') return { resent: 0, held: 0 };
    if (HELD_OUTCOMES.includes(row.outcome ?? '')) return { resent: 0, held: 1 };
    const resent = await resendRows(tx, [row.id]);
    if (resent)
      await writeAudit(tx, who, { action: 'resend_failed', entity: 'Notification', entityId: String(row.id) });
    return { resent, held: 0 };
  });
}
