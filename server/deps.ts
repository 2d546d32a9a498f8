import type { Config } from './config';
import { createDb, type Db } from './lib/db';
import type { Logger } from './lib/logger';
import { createRedis, type Redis } from './lib/redis';

/** What the API and the workers share. Built once per process; nothing here holds per-request state. */
export interface Deps {
  config: Config;
  logger: Logger;
  db: Db;
  redis: Redis;
  /** Prefix for every Redis key and BullMQ queue, so several deployments or test workers can share one Redis. */
  prefix: string;
}

export function createDeps(config: Config, logger: Logger, urls: { databaseUrl: string; redisUrl: string }): Deps {
  return {
    config,
    logger,
    db: createDb(urls.databaseUrl),
    redis: createRedis(urls.redisUrl),
    prefix: config.REDIS_PREFIX,
  };
}

export async function closeDeps(deps: Deps): Promise<void> {
  await deps.db.$disconnect();
  deps.redis.disconnect();
}
