// Outbox rows become queue jobs here, after the business transaction has committed: the step that makes writing a
// notice in that transaction enough for it to be sent.
import type { Deps } from '../../deps';
import type { NotificationChannel } from '../../generated/prisma/enums';
import type { NotifyOptions } from './options';
import { jobIdFor, jobOptions, queueFor } from './queues';
import type { NotifyQueues } from './types';

const WORK_GROUP = 100;

/**
 * Moves PENDING rows to QUEUED and enqueues them: work notifications with identical content in groups of
 * up to 100 userids (one asyncsend_v2 call each), robot posts and todos one per job. jobId = "n-<first row id>"
 * ("-r<n>" appended for rows put back by 重发失败 the n-th time).
 * Rows are marked QUEUED in one committed statement first; if the enqueue then fails, the sweeper enqueues them.
 */
export async function relayPending(
  deps: Deps,
  queues: NotifyQueues,
  opts: NotifyOptions,
  limit = 2000,
): Promise<number> {
  // One statement, committed on its own: pick PENDING rows (skipping rows another relay holds), group them (work
  // notices by content, ≤ 100 per group; robot posts and todos one each), and mark them QUEUED with their group's
  // job id. No interactive transaction: nothing holds row locks while the jobs are enqueued or the machine is busy.
  const now = new Date();
  const marked = await deps.db.$queryRaw<
    { id: bigint; channel: NotificationChannel; jobId: string; resends: number }[]
  >`
    WITH picked AS (
      SELECT id, channel, "contentHash", resends FROM "Notification"
      WHERE status = 'PENDING' ORDER BY id LIMIT ${limit} FOR UPDATE SKIP LOCKED
    ), keyed AS (
      SELECT id, channel, resends,
        CASE WHEN channel = 'WORK' THEN 'WORK|' || "contentHash" || '|' || resends::text
          ELSE channel::text || '|' || id::text END AS k
      FROM picked
    ), chunked AS (
      SELECT id, k, resends, (row_number() OVER (PARTITION BY k ORDER BY id) - 1) / ${WORK_GROUP} AS chunk FROM keyed
    ), grouped AS (
      SELECT id, resends, min(id) OVER (PARTITION BY k, chunk) AS leader FROM chunked
    )
    UPDATE "Notification" AS n
    SET status = 'QUEUED',
      "jobId" = 'n-' || g.leader::text || CASE WHEN g.resends > 0 THEN '-r' || g.resends::text ELSE '' END,
      "queuedAt" = ${now}, "updatedAt" = ${now}
    FROM grouped g WHERE n.id = g.id AND n.status = 'PENDING'
    RETURNING n.id, n.channel, n."jobId", n.resends`;
  const byJob = new Map<string, { channel: NotificationChannel; jobId: string; resends: number; ids: bigint[] }>();
  for (const r of marked.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    const g = byJob.get(r.jobId) ?? { channel: r.channel, jobId: r.jobId, resends: r.resends, ids: [] };
    g.ids.push(r.id);
    byJob.set(r.jobId, g);
  }
  const groups = [...byJob.values()];
  // the job id is the group's first row id, as jobIdFor makes it (a resent group: a new id, since BullMQ keeps the
  // completed job of the first send for a day and would ignore a job added again under its id)
  for (const g of groups)
    if (g.jobId !== jobIdFor(g.ids[0]!, g.resends)) throw new Error(`relay: unexpected job id ${g.jobId}`);
  for (const channel of ['WORK', 'ROBOT', 'TODO'] as const) {
    const list = groups.filter((g) => g.channel === channel);
    if (list.length)
      await queueFor(queues, channel).addBulk(
        list.map((g) => ({ name: 'send', data: { ids: g.ids.map(String) }, opts: jobOptions(opts, g.jobId) })),
      );
  }
  return groups.reduce((n, g) => n + g.ids.length, 0);
}
