import { z } from 'zod';
import { ZId } from '../../../shared/api/common';
import { notificationBatchRead, staff } from '../../auth/policy';
import { route } from '../../http/route';
import { batchProgress, listBatches, ZBatchItemsQuery, ZBatchListQuery } from './progress';
import { ZNotificationBatchPage, ZNotificationBatchProgress } from '../../../shared/api/notify';

export const notifyRoutes = [
  route({
    method: 'GET',
    path: '/api/notification-batches',
    summary: '通知批次列表',
    response: ZNotificationBatchPage,
    policy: staff,
    query: ZBatchListQuery,
    handler: ({ deps, actor }, { query }) => listBatches(deps, query, actor),
  }),
  route({
    method: 'GET',
    path: '/api/notification-batches/:id',
    summary: '通知批次进度：排队 / 已发送 / 失败，及每人结果',
    response: ZNotificationBatchProgress,
    policy: notificationBatchRead,
    params: z.object({ id: ZId }),
    query: ZBatchItemsQuery,
    handler: ({ deps }, { params, query }) => batchProgress(deps, params.id, query),
  }),
];
