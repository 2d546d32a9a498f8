import { Worker, type ConnectionOptions } from 'bullmq';
import type { Deps } from '../../deps';
import { runDisclosureDigests } from './send-disclosure-digests';

export const DISCLOSURE_QUEUE = 'disclosure';

/**
 * 披露通知 once a day (DISCLOSURE_NOTICE_CRON, 18:00 Shanghai by default): a BullMQ job scheduler, so one run
 * however many worker processes there are (and the run itself is serialised in PostgreSQL).
 */
export async function startDisclosureWorker(
  deps: Deps,
  connection: ConnectionOptions,
  pattern = deps.config.DISCLOSURE_NOTICE_CRON,
) {
  const queue = deps.queue(DISCLOSURE_QUEUE);
  await queue.upsertJobScheduler('daily-disclosure-notices', { pattern, tz: 'Asia/Shanghai' }, { name: 'daily' });
  const worker = new Worker(DISCLOSURE_QUEUE, async () => runDisclosureDigests(deps), {
    connection,
    prefix: `${deps.prefix}:bull`,
    concurrency: 1,
  });
  worker.on('failed', (job, err) =>
    deps.logger.warn({ jobId: job?.id, err: err.message }, 'disclosure notices failed'),
  );
  return { close: () => worker.close() };
}
