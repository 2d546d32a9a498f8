import { z } from 'zod';
import { staff } from '../../auth/policy';
import { route } from '../../http/route';
import { hasRole, type Actor } from '../../auth/actor';
import type { Deps } from '../../deps';
import { visibleProjectsWhere } from '../projects/visibility';
import { batchProgress, listBatches, ZBatchItemsQuery, ZBatchListQuery, type ProjectScope } from './progress';
import { ZNotificationBatchPage, ZNotificationBatchProgress } from '../../../shared/api/notify';

/** Accountants see the batches of their granted projects only. */
async function scopeOf(deps: Deps, actor: Actor): Promise<ProjectScope> {
  if (hasRole(actor, 'SYSTEM_ADMIN', 'BUSINESS_ADMIN')) return null;
  return (await deps.db.project.findMany({ where: visibleProjectsWhere(actor), select: { id: true } })).map(
    (p) => p.id,
  );
}

export const notifyRoutes = [
  route({
    method: 'GET',
    path: '/api/notification-batches',
    summary: '通知批次列表',
    response: ZNotificationBatchPage,
    policy: staff,
    query: ZBatchListQuery,
    handler: async ({ deps, actor }, { query }) => listBatches(deps, query, await scopeOf(deps, actor)),
  }),
  route({
    method: 'GET',
    path: '/api/notification-batches/:id',
    summary: '通知批次进度：排队 / 已发送 / 失败，及每人结果',
    response: ZNotificationBatchProgress,
    policy: staff,
    params: z.object({ id: z.coerce.number().int().positive() }),
    query: ZBatchItemsQuery,
    handler: async ({ deps, actor }, { params, query }) =>
      batchProgress(deps, params.id, query, await scopeOf(deps, actor)),
  }),
];
