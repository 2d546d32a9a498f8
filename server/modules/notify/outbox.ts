/**
 * The producer side of the notification outbox. A module calls enqueueNotifications(tx, …) inside the
 * transaction that makes the business change: the rows commit (or roll back) with it, and the relay
 * hands them to BullMQ afterwards. Nothing is sent from inside a transaction.
 */
import { createHash } from 'node:crypto';
import type { Prisma } from '../../generated/prisma/client';
import type { Tx } from '../../lib/db';
import { AppError } from '../../lib/errors';
import { formatMoney, type MoneyInput } from '../../../shared/money';
import { formatDate, shanghaiDay, startOfShanghaiDay } from '../../../shared/datetime';
import { ZNotificationInput, type TNotificationInput } from './schemas';
import { canonicalJson } from '../../lib/canonical-json';

export const contentHashOf = (v: unknown): string => createHash('sha256').update(canonicalJson(v)).digest('hex');

export interface EnqueueOptions {
  batchId?: number;
  /**
   * DingTalk silently drops a work notification whose content it already delivered to the same person
   * that day. By default such an enqueue is refused, so a notice a partner needs is never lost to the
   * dedupe: put the date or the amount in the text (see distinctText). Set this only for notices where
   * a repeat may be dropped.
   */
  allowSameDayDuplicate?: boolean;
}

/**
 * Writes notification rows in the caller's transaction (status PENDING). A row whose dedupeKey already
 * exists is skipped, so producing the same notice twice sends it once. Returns how many were written.
 */
export async function enqueueNotifications(
  tx: Tx,
  items: TNotificationInput[],
  opts: EnqueueOptions = {},
): Promise<{ created: number }> {
  const parsed = items.map((i) => ZNotificationInput.parse(i));
  const rows: Prisma.NotificationCreateManyInput[] = parsed.map((i) => {
    const payload =
      i.channel === 'WORK' ? { msg: i.msg } : i.channel === 'ROBOT' ? { message: i.message } : { todo: i.todo };
    return {
      channel: i.channel,
      kind: i.kind,
      dedupeKey: i.dedupeKey,
      userId: i.userId,
      batchId: opts.batchId,
      templateVersionId: i.templateVersionId,
      dingUserId: i.channel === 'ROBOT' ? undefined : i.dingUserId,
      robotId: i.channel === 'ROBOT' ? i.robotId : undefined,
      contentHash: contentHashOf(i.channel === 'ROBOT' ? { robotId: i.robotId, payload } : payload),
      payload: payload as Prisma.InputJsonObject,
    };
  });
  if (!opts.allowSameDayDuplicate) await refuseSameDayDuplicates(tx, rows);
  if (!rows.length) return { created: 0 };
  const { count } = await tx.notification.createMany({ data: rows, skipDuplicates: true });
  return { created: count };
}

async function refuseSameDayDuplicates(tx: Tx, rows: Prisma.NotificationCreateManyInput[]): Promise<void> {
  const work = rows.filter((r) => r.channel === 'WORK' && r.dingUserId);
  if (!work.length) return;
  const seen = new Set<string>();
  for (const r of work) {
    const k = `${r.dingUserId}|${r.contentHash}`;
    if (seen.has(k)) throw sameDay(r.dingUserId!);
    seen.add(k);
  }
  const since = startOfShanghaiDay(shanghaiDay());
  const keys = new Set(work.map((r) => r.dedupeKey).filter((k): k is string => !!k));
  const existing = await tx.notification.findMany({
    where: {
      channel: 'WORK',
      createdAt: { gte: since },
      status: { notIn: ['FAILED', 'CANCELLED'] },
      dingUserId: { in: [...new Set(work.map((r) => r.dingUserId!))] },
      contentHash: { in: [...new Set(work.map((r) => r.contentHash))] },
    },
    select: { dingUserId: true, contentHash: true, dedupeKey: true },
  });
  for (const e of existing) {
    if (e.dedupeKey && keys.has(e.dedupeKey)) continue; // the same notice again: skipped by its dedupeKey
    if (seen.has(`${e.dingUserId}|${e.contentHash}`)) throw sameDay(e.dingUserId ?? '');
  }
}

const sameDay = (dingUserId: string) =>
  new AppError(
    'CONFLICT',
    '今天已向该用户发送过内容完全相同的工作通知，钉钉会丢弃重复内容：请在通知中写明日期或金额以示区分',
    { dingUserId },
  );

/** Makes a notice's text distinct on purpose: "…（2026-11-21，金额 ¥12,345.00）". */
export function distinctText(
  text: string,
  parts: { date?: Date | string | number; amount?: MoneyInput; ref?: string },
): string {
  const bits = [
    parts.date !== undefined ? formatDate(parts.date) : undefined,
    parts.amount !== undefined ? `金额 ${formatMoney(parts.amount, { symbol: true })}` : undefined,
    parts.ref,
  ].filter(Boolean);
  return bits.length ? `${text}（${bits.join('，')}）` : text;
}

/** A batch groups the notifications of one action (e.g. 缴款通知 for a project) for the progress view. */
export async function createNotificationBatch(
  tx: Tx,
  b: { kind: string; title: string; projectId?: number; createdById?: number },
): Promise<{ id: number }> {
  return tx.notificationBatch.create({ data: b, select: { id: true } });
}
