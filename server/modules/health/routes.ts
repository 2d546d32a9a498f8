import { publicAccess } from '../../auth/policy';
import type { Deps } from '../../deps';
import { route } from '../../http/route';
import { ZHealth } from '../../../shared/api/common';

const withTimeout = <T>(p: Promise<T>, ms: number) =>
  Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref())]);

export async function checkHealth(deps: Deps): Promise<{ db: 'ok' | 'down'; redis: 'ok' | 'down' }> {
  const [db, redis] = await Promise.allSettled([
    withTimeout(deps.db.$queryRaw`SELECT 1`, 2000),
    withTimeout(deps.redis.ping(), 2000),
  ]);
  return { db: db.status === 'fulfilled' ? 'ok' : 'down', redis: redis.status === 'fulfilled' ? 'ok' : 'down' };
}

export const healthRoutes = [
  route({
    method: 'GET',
    path: '/healthz',
    summary: '健康检查：数据库与 Redis',
    raw: { contentType: 'application/json', description: '200 正常；503 数据库或 Redis 不可用', schema: ZHealth },
    policy: publicAccess,
    handler: async ({ ctx, deps }) => {
      const parts = await checkHealth(deps);
      const ok = parts.db === 'ok' && parts.redis === 'ok';
      ctx.status = ok ? 200 : 503;
      ctx.body = { status: ok ? 'ok' : 'unavailable', ...parts };
    },
  }),
];
