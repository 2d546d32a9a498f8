/**
 * The export worker: a BullMQ worker process of its own for the `exports` queue (辅助工具 → 导出). It loads only what
 * an export needs — the raw `pg` pool, exceljs, BullMQ and the export definitions — and neither Prisma nor the app,
 * so a 100,000-row 事业合伙明细大表 runs in a process a fraction of the API's size (test/bench/export.ts measures it).
 *
 * `npm start` (mode all) and `npm run start:worker` spawn it beside their other workers (spawnExportWorker, below);
 * a deployment may instead run it on its own with `npm run start:export-worker` (DATABASE_URL and REDIS_URL set).
 * Run directly, it exits when its parent process goes (IPC channel closed) and on SIGTERM / SIGINT, after the jobs
 * in hand.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { Queue } from 'bullmq';
import { loadConfig } from '../config';
import { bullConnection, DEFAULT_JOB_OPTIONS } from '../jobs/queues';
import { createLogger, type Logger } from '../lib/logger';
import { closeRawPool } from '../lib/raw-pg';
import { startExportWorker, type ExportDeps } from '../modules/exports/export-job';

export interface ExportWorkerOptions {
  databaseUrl: string;
  redisUrl: string;
  prefix: string;
  logger: Logger;
}

/** Starts the exports queue's worker in this process; `close` lets the jobs in hand finish, then closes the pool. */
export async function runExportWorker(opts: ExportWorkerOptions): Promise<{ close: () => Promise<void> }> {
  const queues = new Map<string, Queue>();
  const deps: ExportDeps = {
    databaseUrl: opts.databaseUrl,
    logger: opts.logger,
    prefix: opts.prefix,
    queue: (name) => {
      let q = queues.get(name);
      if (!q) {
        q = new Queue(name, {
          connection: bullConnection(opts.redisUrl),
          prefix: `${opts.prefix}:bull`,
          defaultJobOptions: DEFAULT_JOB_OPTIONS,
        });
        queues.set(name, q);
      }
      return q;
    },
  };
  const worker = await startExportWorker(deps, bullConnection(opts.redisUrl));
  return {
    close: async () => {
      await worker.close();
      await Promise.all([...queues.values()].map((q) => q.close()));
      await closeRawPool(opts.databaseUrl);
    },
  };
}

const ENTRY = path.join(__dirname, `export-worker${path.extname(__filename)}`);

/**
 * Spawns the export worker as a child process of this one (the same Node, and under tsx the same loader), on the
 * given database and Redis. A child that dies unexpectedly is started again after a second; `stop` ends it with
 * SIGTERM and waits for it to exit.
 */
export function spawnExportWorker(
  logger: Logger,
  services: { databaseUrl: string; redisUrl: string },
): { stop: () => Promise<void> } {
  let child: ChildProcess | undefined;
  let stopping = false;
  const start = () => {
    const c = spawn(process.execPath, [...process.execArgv, ENTRY], {
      env: { ...process.env, DATABASE_URL: services.databaseUrl, REDIS_URL: services.redisUrl },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child = c;
    c.on('exit', (code, signal) => {
      if (child === c) child = undefined;
      if (stopping) return;
      logger.error({ code, signal }, 'export worker exited; starting it again');
      setTimeout(() => !stopping && start(), 1000).unref();
    });
  };
  start();
  return {
    stop: async () => {
      stopping = true;
      const c = child;
      if (!c || c.exitCode !== null) return;
      await new Promise<void>((resolve) => {
        c.once('exit', () => resolve());
        c.kill('SIGTERM');
      });
    },
  };
}

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL, 'gentou-export');
  if (!config.DATABASE_URL || !config.REDIS_URL)
    throw new Error('配置错误 / invalid configuration: the export worker needs DATABASE_URL and REDIS_URL');
  const worker = await runExportWorker({
    databaseUrl: config.DATABASE_URL,
    redisUrl: config.REDIS_URL,
    prefix: config.REDIS_PREFIX,
    logger,
  });
  logger.info('export worker started');
  process.send?.({ ready: true });
  let closing = false;
  const shutdown = async () => {
    if (closing) return;
    closing = true;
    const force = setTimeout(() => process.exit(1), 20_000);
    force.unref();
    await worker.close().catch((err: unknown) => logger.error({ err }, 'error while closing the export worker'));
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown());
  process.once('SIGINT', () => void shutdown());
  // spawned by the app: go with it
  process.once('disconnect', () => void shutdown());
}

if (require.main === module)
  main().catch((err: unknown) => {
    process.stderr.write(`export worker failed to start: ${err instanceof Error ? (err.stack ?? err.message) : err}\n`);
    process.exit(1);
  });
