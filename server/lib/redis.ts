import { Redis, type RedisOptions } from 'ioredis';

/**
 * BullMQ wants connection options (with instances the process does not exit on close); everything else
 * shares one ioredis client. `maxRetriesPerRequest: null` is required by BullMQ workers.
 */
export function redisOptions(url: string): RedisOptions {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port || 6379),
    username: u.username || undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    db: u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0,
    tls: u.protocol === 'rediss:' ? {} : undefined,
    maxRetriesPerRequest: null,
  };
}

export function createRedis(url: string, extra: RedisOptions = {}): Redis {
  return new Redis({ ...redisOptions(url), lazyConnect: false, ...extra });
}

export type { Redis };
