import { Worker, type ConnectionOptions } from 'bullmq';
import type { Deps } from '../../deps';
import { runDailyDistributionNotices } from './send-distribution-notices';

export const DISTRIBUTIONS_QUEUE = 'distributions';

/** 分配通知 once a day (09:00 Shanghai, with 催缴) — one run however many worker processes there are. */
export async function startDistributionWorker(
  deps: Deps,
  connection: ConnectionOptions,
  pattern = deps.config.PAYMENT_REMINDER_CRON,
) {
  const queue = deps.queue(DISTRIBUTIONS_QUEUE);
  await queue.upsertJobScheduler('daily-distribution-notices', { pattern, tz: 'Asia/Shanghai' }, { name: 'daily' });
  const worker = new Worker(DISTRIBUTIONS_QUEUE, async () => runDailyDistributionNotices(deps), {
    connection,
    prefix: `${deps.prefix}:bull`,
    concurrency: 1,
  });
  worker.on('failed', (job, err) =>
    deps.logger.warn({ jobId: job?.id, err: err.message }, 'distribution notices failed'),
  );
  return { close: () => worker.close() };
}
