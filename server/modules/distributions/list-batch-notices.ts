/**
 * 分配通知 as the console shows them: for every partner line with a payout, the notice the outbox holds for it
 * (dedupe key `distribution:line:<lineId>:notice`, written by send-distribution-notices.ts) — what it said, its
 * delivery state and when it was written and sent.
 */
import type { Deps } from '../../deps';
import type { TBatchNoticeRow } from '../../../shared/api/distributions';
import { dec } from '../../../shared/money';
import { lineDto, loadBatch } from './repository';

const noticeKey = (lineId: number) => `distribution:line:${lineId}:notice`;

const QUEUED = new Set(['PENDING', 'QUEUED', 'SENDING']);

export async function listBatchNotices(deps: Deps, projectId: number, batchId: number): Promise<TBatchNoticeRow[]> {
  await loadBatch(deps.db, projectId, batchId);
  const lines = (
    await deps.db.distributionLine.findMany({ where: { batchId, userId: { not: null } }, orderBy: { seq: 'asc' } })
  ).filter((l) => dec(String(l.payout)).greaterThan(0));
  const notices = await deps.db.notification.findMany({
    where: { dedupeKey: { in: lines.map((l) => noticeKey(l.id)) } },
  });
  const byKey = new Map(notices.map((n) => [n.dedupeKey, n]));
  return lines.map((row) => {
    const l = lineDto(row);
    const n = byKey.get(noticeKey(l.id));
    const card = (n?.payload as { msg?: { action_card?: { title?: string; markdown?: string } } } | undefined)?.msg
      ?.action_card;
    return {
      lineId: l.id,
      seq: l.seq,
      userId: l.userId!,
      name: l.name,
      marks: l.marks,
      level: l.level,
      payout: l.payout,
      delivery: !n
        ? 'NOT_SENT'
        : QUEUED.has(n.status)
          ? 'PENDING'
          : (n.status as Exclude<TBatchNoticeRow['delivery'], 'NOT_SENT' | 'PENDING'>),
      title: card?.title ?? null,
      text: card?.markdown ?? null,
      outcome: n?.outcome ?? null,
      lastError: n?.lastError ?? null,
      writtenAt: n?.createdAt.toISOString() ?? null,
      sentAt: n?.sentAt?.toISOString() ?? null,
    };
  });
}
