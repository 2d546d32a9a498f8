import { Worker, type ConnectionOptions } from 'bullmq';
import { z } from 'zod';
import type { Deps } from '../../deps';
import { dingtalkClientFor } from '../../dingtalk/client';
import { createSyncLog } from './repository';
import { runContactSync } from './sync-contacts';

export const CONTACTS_QUEUE = 'contacts';
const ZSyncJob = z.object({
  syncLogId: z.number().int().positive().optional(),
  kind: z.enum(['FULL', 'INCREMENTAL']),
  triggeredBy: z.string().max(50),
});
export type SyncJob = z.infer<typeof ZSyncJob>;

/**
 * Runs contact syncs one at a time across all workers (concurrency 1 and a global concurrency of 1), and
 * schedules the nightly FULL sync once, however many worker processes there are (a BullMQ job scheduler).
 */
export async function startContactSyncWorker(
  deps: Deps,
  connection: ConnectionOptions,
): Promise<{ close: () => Promise<void> }> {
  const prefix = `${deps.prefix}:bull`;
  const queue = deps.queue(CONTACTS_QUEUE);
  await queue.setGlobalConcurrency(1);
  await queue.upsertJobScheduler(
    'nightly-full-sync',
    { pattern: deps.config.CONTACT_SYNC_CRON, tz: 'Asia/Shanghai' },
    { name: 'sync', data: { kind: 'FULL', triggeredBy: '定时任务' } },
  );
  const worker = new Worker(
    CONTACTS_QUEUE,
    async (job) => {
      const data = ZSyncJob.parse(job.data);
      const syncLogId =
        data.syncLogId ?? (await createSyncLog(deps.db, { kind: data.kind, triggeredBy: data.triggeredBy })).id;
      await runContactSync(deps, await dingtalkClientFor(deps), syncLogId, data.kind);
      return { syncLogId };
    },
    { connection, prefix, concurrency: 1 },
  );
  worker.on('failed', (job, err) => deps.logger.warn({ jobId: job?.id, err: err.message }, 'contact sync failed'));
  return { close: () => worker.close() };
}
