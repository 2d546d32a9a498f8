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
 * up to 100 userids (one asyncsend_v2 call each), robot posts and todos one per job. jobId = "n-<first row id>".
 * Rows are marked in a committed transaction first; if the enqueue then fails, the sweeper enqueues them.
 */
export async function relayPending(
  deps: Deps,
  queues: NotifyQueues,
  opts: NotifyOptions,
  limit = 2000,
): Promise<number> {
  const groups = await deps.db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ id: bigint; channel: NotificationChannel; contentHash: string }[]>`
      SELECT id, channel, "contentHash" FROM "Notification" WHERE status = 'PENDING' ORDER BY id LIMIT ${limit} FOR UPDATE SKIP LOCKED`;
    const byKey = new Map<string, bigint[][]>();
    for (const r of rows) {
      const key = r.channel === 'WORK' ? `WORK|${r.contentHash}` : `${r.channel}|${r.id}`;
      const chunks = byKey.get(key) ?? [[]];
      if (chunks[chunks.length - 1]!.length >= WORK_GROUP) chunks.push([]);
      chunks[chunks.length - 1]!.push(r.id);
      byKey.set(key, chunks);
    }
    const out: { channel: NotificationChannel; jobId: string; ids: bigint[] }[] = [];
    for (const [key, chunks] of byKey)
      for (const ids of chunks)
        out.push({ channel: key.split('|')[0] as NotificationChannel, jobId: jobIdFor(ids[0]!), ids });
    // one statement for every group: a loop of updates held the transaction (and the row locks) for seconds
    // with thousands of distinct notices on a busy machine
    const now = new Date();
    const ids = out.flatMap((g) => g.ids);
    const jobIds = out.flatMap((g) => g.ids.map(() => g.jobId));
    if (ids.length)
      await tx.$executeRaw`
        UPDATE "Notification" AS n SET status = 'QUEUED', "jobId" = u.job, "queuedAt" = ${now}, "updatedAt" = ${now}
        FROM unnest(${ids}::bigint[], ${jobIds}::text[]) AS u(id, job)
        WHERE n.id = u.id AND n.status = 'PENDING'`;
    return out;
  });
  for (const channel of ['WORK', 'ROBOT', 'TODO'] as const) {
    const list = groups.filter((g) => g.channel === channel);
    if (list.length)
      await queueFor(queues, channel).addBulk(
        list.map((g) => ({ name: 'send', data: { ids: g.ids.map(String) }, opts: jobOptions(opts, g.jobId) })),
      );
  }
  return groups.reduce((n, g) => n + g.ids.length, 0);
}
