import { publicAccess } from '../../auth/policy';
import { route } from '../../http/route';
import { checkHealth } from './service';
import { ZHealth } from '../../../shared/api/common';

export { checkHealth };

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
