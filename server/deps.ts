import { Queue } from 'bullmq';
import type { Config } from './config';
import type { DingtalkAppSource } from './dingtalk/app-config';
import { bullConnection, DEFAULT_JOB_OPTIONS } from './jobs/queues';
import { createDb, type Db } from './lib/db';
import { closeRawPool } from './lib/raw-pg';
import type { Logger } from './lib/logger';
import { createRedis, type Redis } from './lib/redis';
import { loadDingtalkApp } from './modules/dingtalk-settings/app-source';

/** What the API and the workers share. Built once per process; nothing here holds per-request state. */
export interface Deps {
  config: Config;
  logger: Logger;
  db: Db;
  /** The database's URL, for the raw `pg` pool of streamed reads and large objects (server/lib/raw-pg.ts). */
  databaseUrl: string;
  redis: Redis;
  redisUrl: string;
  /** Prefix for every Redis key and BullMQ queue, so several deployments or test workers can share one Redis. */
  prefix: string;
  /** Producer side of a BullMQ queue, created once per process and closed with the deps. */
  queue: (name: string) => Queue;
  /** The DingTalk app in use (钉钉设置 row, else the environment); infrastructure reads it through this, not the module. */
  dingtalkApp: DingtalkAppSource;
}

export function createDeps(config: Config, logger: Logger, urls: { databaseUrl: string; redisUrl: string }): Deps {
  const queues = new Map<string, Queue>();
  const deps: Deps = {
    config,
    logger,
    db: createDb(urls.databaseUrl),
    databaseUrl: urls.databaseUrl,
    // a Redis that does not answer fails a command after 1.5 s (503), instead of queueing it until it is back
    redis: createRedis(urls.redisUrl, { commandTimeout: 1500 }),
    redisUrl: urls.redisUrl,
    prefix: config.REDIS_PREFIX,
    queue: (name) => {
      let q = queues.get(name);
      if (!q) {
        q = new Queue(name, {
          connection: bullConnection(urls.redisUrl),
          prefix: `${config.REDIS_PREFIX}:bull`,
          defaultJobOptions: DEFAULT_JOB_OPTIONS,
        });
        queues.set(name, q);
      }
      return q;
    },
    dingtalkApp: () => loadDingtalkApp(deps),
  };
  openQueues.set(deps, queues);
  return deps;
}

const openQueues = new WeakMap<Deps, Map<string, Queue>>();

export async function closeDeps(deps: Deps): Promise<void> {
  await Promise.all([...(openQueues.get(deps)?.values() ?? [])].map((q) => q.close()));
  await deps.db.$disconnect();
  await closeRawPool(deps.databaseUrl);
  deps.redis.disconnect();
}
