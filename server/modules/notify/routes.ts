import { z } from 'zod';
import { ZId } from '../../../shared/api/common';
import { notificationBatchRead, notificationBatchResend, singleNotifications, staff } from '../../auth/policy';
import { route } from '../../http/route';
import { auditActorOf } from '../../lib/audit';
import {
  batchProgress,
  listBatches,
  listSingleNotifications,
  ZBatchItemsQuery,
  ZBatchListQuery,
  ZNotificationListQuery,
} from './progress';
import { resendFailedOfBatch, resendNotification } from './resend-failed';
import {
  ZNotificationBatchPage,
  ZNotificationBatchProgress,
  ZNotificationPage,
  ZResendResult,
} from '../../../shared/api/notify';

export const notifyRoutes = [
  route({
    method: 'GET',
    path: '/api/notification-batches',
    summary: '通知记录：通知批次列表（项目、类型、状态筛选，进度与失败数）',
    response: ZNotificationBatchPage,
    policy: staff,
    query: ZBatchListQuery,
    handler: ({ deps, actor }, { query }) => listBatches(deps, query, actor),
  }),
  route({
    method: 'GET',
    path: '/api/notification-batches/:id',
    summary: '通知批次进度：排队 / 已发送 / 已送达 / 已读 / 失败，及每人结果',
    response: ZNotificationBatchProgress,
    policy: notificationBatchRead,
    params: z.object({ id: ZId }),
    query: ZBatchItemsQuery,
    handler: ({ deps }, { params, query }) => batchProgress(deps, params.id, query),
  }),
  route({
    method: 'POST',
    path: '/api/notification-batches/:id/resend-failed',
    summary: '重发失败：批次中发送失败的通知重新发送（只发一次，可能已送达的不重发）',
    response: ZResendResult,
    policy: notificationBatchResend,
    params: z.object({ id: ZId }),
    handler: (rc, { params }) => resendFailedOfBatch(rc.deps, auditActorOf(rc), params.id),
  }),
  route({
    method: 'GET',
    path: '/api/notifications',
    summary: '通知记录：不属于批次的单条消息（群机器人、待办、个人通知）',
    response: ZNotificationPage,
    policy: singleNotifications,
    query: ZNotificationListQuery,
    handler: ({ deps }, { query }) => listSingleNotifications(deps, query),
  }),
  route({
    method: 'POST',
    path: '/api/notifications/:id/resend',
    summary: '重发一条发送失败的单条消息',
    response: ZResendResult,
    policy: singleNotifications,
    params: z.object({ id: z.string().regex(/^\d{1,18}$/, '消息编号应为数字') }),
    handler: (rc, { params }) => resendNotification(rc.deps, auditActorOf(rc), BigInt(params.id)),
  }),
];
