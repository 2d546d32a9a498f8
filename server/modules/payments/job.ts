import { Worker, type ConnectionOptions } from 'bullmq';
import type { Deps } from '../../deps';
import { runDailyPaymentDuties } from './run-daily-payment-duties';

export const PAYMENTS_QUEUE = 'payments';

/** 催缴 and 放弃 once a day at 09:00 Shanghai time — one run however many worker processes there are. */
export async function startPaymentWorker(
  deps: Deps,
  connection: ConnectionOptions,
  pattern = deps.config.PAYMENT_REMINDER_CRON,
) {
  const queue = deps.queue(PAYMENTS_QUEUE);
  await queue.upsertJobScheduler('daily-payment-duties', { pattern, tz: 'Asia/Shanghai' }, { name: 'daily' });
  const worker = new Worker(PAYMENTS_QUEUE, async () => runDailyPaymentDuties(deps), {
    connection,
    prefix: `${deps.prefix}:bull`,
    concurrency: 1,
  });
  worker.on('failed', (job, err) => deps.logger.warn({ jobId: job?.id, err: err.message }, 'payment duties failed'));
  return { close: () => worker.close() };
}
