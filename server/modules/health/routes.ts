import { publicAccess } from '../../auth/policy';
import { route } from '../../http/route';
import { checkHealth } from './service';

export { checkHealth };

export const healthRoutes = [
  route({
    method: 'GET',
    path: '/healthz',
    summary: '健康检查：数据库与 Redis',
    policy: publicAccess,
    handler: async ({ ctx, deps }) => {
      const parts = await checkHealth(deps);
      const ok = parts.db === 'ok' && parts.redis === 'ok';
      ctx.status = ok ? 200 : 503;
      ctx.body = { status: ok ? 'ok' : 'unavailable', ...parts };
    },
  }),
];
