import { Worker, type Job } from 'bullmq';
import type { Deps } from '../deps';
import { startContactSyncWorker } from '../modules/contacts/job';
import { registerDomainEventHandlers } from '../modules/event-handlers';
import { startPaymentWorker } from '../modules/payments/job';
import { startDistributionWorker } from '../modules/distributions/job';
import { startDisclosureWorker } from '../modules/disclosure/job';
import { startExportWorker } from '../modules/exports/export-job';
import { bullConnection, QUEUE } from './queues';
import { startNotifyWorkers } from '../modules/notify/workers';
import { startDingtalkStreamIfEnabled } from '../dingtalk/stream';
import { pruneInterfaceLogs } from '../modules/dingtalk-settings/interface-logs';
import { compactPartnerChanges } from '../modules/me/partner-change';
import { spawnExportWorker } from '../workers/export-worker';

export interface RunningWorkers {
  close: () => Promise<void>;
}

export interface StartWorkersOptions {
  /**
   * Where the exports queue's worker runs: 'process' (npm start, npm run start:worker) spawns the slim export worker
   * (server/workers/export-worker.ts: no Prisma, no app) as a child process; 'inline' (the tests, default) runs the
   * same job code in this process.
   */
  exports?: 'process' | 'inline';
}

/**
 * Starts this process's BullMQ workers. Schedules are BullMQ job schedulers: however many worker
 * processes run, each scheduled run is one job, taken by one of them.
 */
export async function startWorkers(
  deps: Deps,
  redisUrl: string,
  opts: StartWorkersOptions = {},
): Promise<RunningWorkers> {
  const connection = bullConnection(redisUrl);
  const prefix = `${deps.prefix}:bull`;
  const maintenance = deps.queue(QUEUE.maintenance);
  await maintenance.upsertJobScheduler(
    'interface-log-retention',
    { pattern: '0 30 3 * * *', tz: 'Asia/Shanghai' },
    { name: 'interface-log-retention' },
  );

  await maintenance.upsertJobScheduler(
    'partner-change-compaction',
    { pattern: '0 40 3 * * *', tz: 'Asia/Shanghai' },
    { name: 'partner-change-compaction' },
  );

  const workers = [
    new Worker(
      QUEUE.maintenance,
      async (job: Job) => {
        if (job.name === 'interface-log-retention') {
          return { deleted: await pruneInterfaceLogs(deps) };
        }
        if (job.name === 'partner-change-compaction') return compactPartnerChanges(deps);
        return undefined;
      },
      { connection, prefix, concurrency: 1 },
    ),
  ];
  const notify = startNotifyWorkers(deps, redisUrl);
  registerDomainEventHandlers();
  const stream = await startDingtalkStreamIfEnabled(deps);
  for (const w of workers)
    w.on('failed', (job, err) => deps.logger.warn({ queue: w.name, jobId: job?.id, err: err.message }, 'job failed'));
  const moduleWorkers = [
    await startContactSyncWorker(deps, connection),
    await startPaymentWorker(deps, connection),
    await startDistributionWorker(deps, connection),
    await startDisclosureWorker(deps, connection),
    opts.exports === 'process'
      ? (() => {
          const child = spawnExportWorker(deps.logger, { databaseUrl: deps.databaseUrl, redisUrl });
          return { close: child.stop };
        })()
      : await startExportWorker(deps, connection),
  ];
  deps.logger.info({ queues: workers.map((w) => w.name) }, 'workers started');
  return {
    close: async () => {
      stream?.close();
      await notify.close();
      await Promise.all(moduleWorkers.map((w) => w.close()));
      await Promise.all(workers.map((w) => w.close()));
    },
  };
}
