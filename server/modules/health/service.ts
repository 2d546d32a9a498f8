import type { Deps } from '../../deps';

const withTimeout = <T>(p: Promise<T>, ms: number) =>
  Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref())]);

/** Whether PostgreSQL and Redis answer within 2 s each. */
export async function checkHealth(deps: Deps): Promise<{ db: 'ok' | 'down'; redis: 'ok' | 'down' }> {
  const [db, redis] = await Promise.allSettled([
    withTimeout(deps.db.$queryRaw`SELECT 1`, 2000),
    withTimeout(deps.redis.ping(), 2000),
  ]);
  return { db: db.status === 'fulfilled' ? 'ok' : 'down', redis: redis.status === 'fulfilled' ? 'ok' : 'down' };
}
