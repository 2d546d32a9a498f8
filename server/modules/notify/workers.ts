/**
 * Runs the notification pipeline in a worker process: outbox rows (PostgreSQL) → relay → BullMQ → senders → DingTalk
 * → reconciliation, with the sweeper behind them. Why it never loses and never repeats a notice: claim.ts, sweep.ts
 * and server/dingtalk/README.md.
 */
import { Worker, type Job } from 'bullmq';
import type { Deps } from '../../deps';
import { bullConnection, QUEUE } from '../../jobs/queues';
import { ClientCache } from './client-cache';
import { notifyOptions, type NotifyOptions } from './options';
import { createNotifyQueues } from './queues';
import { processReconcile } from './reconcile';
import { relayPending } from './relay';
import { processRobot } from './send-robot-posts';
import { processTodo } from './send-todos';
import { processWork } from './send-work-notices';
import { sweepStuck } from './sweep';
import type { Ctx, RunningNotify } from './types';

/** Starts the notification workers, the relay loop and the sweeper in this process. */
export function startNotifyWorkers(
  deps: Deps,
  redisUrl: string,
  overrides: Partial<NotifyOptions> = {},
): RunningNotify {
  const opts = notifyOptions(process.env, overrides);
  const queues = createNotifyQueues(redisUrl, deps.prefix);
  const ctx: Ctx = { deps, opts, queues, clients: new ClientCache(deps, opts.callTimeoutMs) };
  const connection = bullConnection(redisUrl);
  const prefix = `${deps.prefix}:bull`;
  const common = {
    connection,
    prefix,
    lockDuration: opts.lockMs,
    stalledInterval: Math.max(1000, Math.floor(opts.lockMs / 2)),
    maxStalledCount: 3,
  };
  const workers: Worker[] = [];
  const mk = (
    name: string,
    fn: (c: Ctx, w: Worker, j: Job) => Promise<unknown>,
    extra: { concurrency: number; limiter?: { max: number; duration: number } },
  ) => {
    const w: Worker = new Worker(name, (job) => fn(ctx, w, job), { ...common, ...extra });
    w.on('failed', (job, err) =>
      deps.logger.warn(
        { queue: name, jobId: job?.id, attempts: job?.attemptsMade, err: err.message },
        'notification job failed',
      ),
    );
    w.on('error', (err) => deps.logger.warn({ queue: name, err: err.message }, 'notification worker error'));
    workers.push(w);
  };
  // BullMQ's limiter is global per queue (across every worker process), so the app stays within DingTalk's QPS
  mk(QUEUE.notifyWork, processWork, { concurrency: opts.concurrency, limiter: { max: opts.qps, duration: 1000 } });
  mk(QUEUE.notifyReconcile, processReconcile, { concurrency: 4, limiter: { max: opts.reconcileQps, duration: 1000 } });
  mk(QUEUE.notifyRobot, processRobot, { concurrency: 1, limiter: { max: opts.robotPerMinute, duration: 60_000 } });
  mk(QUEUE.notifyTodo, processTodo, { concurrency: 4, limiter: { max: opts.qps, duration: 1000 } });

  let stopping = false;
  const loop = (name: string, everyMs: number, fn: () => Promise<unknown>) => {
    let timer: NodeJS.Timeout | undefined;
    let running: Promise<unknown> = Promise.resolve();
    const tick = () => {
      if (stopping) return;
      running = fn()
        .catch((err: unknown) =>
          deps.logger.warn(
            { loop: name, err: err instanceof Error ? err.message : String(err) },
            'notification loop failed',
          ),
        )
        .finally(() => {
          if (!stopping) timer = setTimeout(tick, everyMs);
        });
    };
    timer = setTimeout(tick, 0);
    return async () => {
      if (timer) clearTimeout(timer);
      await running;
    };
  };
  const stopRelay = loop('relay', opts.relayIntervalMs, async () => {
    // drain: keep relaying while there is a backlog
    while (!stopping && (await relayPending(deps, queues, opts)) > 0) {
      /* next chunk */
    }
  });
  const stopSweep = loop('sweep', opts.sweepIntervalMs, () => sweepStuck(deps, queues, opts));
  return {
    queues,
    close: async () => {
      stopping = true;
      await stopRelay();
      await stopSweep();
      await Promise.all(workers.map((w) => w.close()));
      await queues.close();
    },
  };
}
