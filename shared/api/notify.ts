/** What the notification endpoints answer: 通知记录 (batches, their progress and failures, 重发失败) and single messages. */
import { z } from 'zod';
import { ZInstant } from './common';
import { NOTIFICATION_BATCH_STATUSES, NOTIFICATION_CHANNELS, NOTIFICATION_STATUSES } from './labels';

const ZBatchHead = z.object({
  id: z.number().int(),
  /** subscription_notice, payment_notice, reminder, … (NOTIFICATION_KIND_LABEL) */
  kind: z.string(),
  title: z.string(),
  projectId: z.number().int().nullable(),
  createdAt: ZInstant,
});

/** A batch's figures: queued = not yet handed to DingTalk; sent = accepted, per-person result not yet known. */
export const ZBatchCounts = z.object({
  total: z.number().int(),
  queued: z.number().int(),
  sent: z.number().int(),
  /** confirmed by getsendresult (or posted / created for robots and todos) */
  delivered: z.number().int(),
  /** of the delivered: read (getsendresult's read_user_id_list) */
  read: z.number().int(),
  failed: z.number().int(),
  cancelled: z.number().int(),
  /** failed ones 重发失败 would send again (not those whose outcome is unknown or that DingTalk dropped as a repeat) */
  resendable: z.number().int(),
});
export type TBatchCounts = z.infer<typeof ZBatchCounts>;

export const ZNotificationBatchRow = ZBatchHead.extend({
  /** notifications in the batch (= counts.total) */
  notifications: z.number().int(),
  projectName: z.string().nullable(),
  /** who started it; null when the system did (daily runs, flow callbacks) */
  createdByName: z.string().nullable(),
  status: z.enum(NOTIFICATION_BATCH_STATUSES),
  counts: ZBatchCounts,
});
export type TNotificationBatchRow = z.infer<typeof ZNotificationBatchRow>;

/** GET /api/notification-batches */
export const ZNotificationBatchPage = z.object({
  items: z.array(ZNotificationBatchRow),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type TNotificationBatchPage = z.infer<typeof ZNotificationBatchPage>;

/** One notification as the progress views list it, with DingTalk's reason when it failed. */
export const ZNotificationItem = z.object({
  id: z.string(),
  channel: z.enum(NOTIFICATION_CHANNELS),
  kind: z.string(),
  userId: z.number().int().nullable(),
  /** the recipient's name (a robot post: the robot's) */
  name: z.string().nullable(),
  dingUserId: z.string().nullable(),
  status: z.enum(NOTIFICATION_STATUSES),
  outcome: z.string().nullable(),
  attempts: z.number().int(),
  /** times 重发失败 sent it again */
  resends: z.number().int(),
  lastError: z.string().nullable(),
  sentAt: ZInstant.nullable(),
  taskId: z.string().nullable(),
  createdAt: ZInstant,
  /** FAILED and may be sent again (its outcome is not unknown, and DingTalk did not drop it as a same-day repeat) */
  resendable: z.boolean(),
});
export type TNotificationItem = z.infer<typeof ZNotificationItem>;

/** GET /api/notification-batches/:id */
export const ZNotificationBatchProgress = z.object({
  batch: ZBatchHead.extend({
    projectName: z.string().nullable(),
    createdByName: z.string().nullable(),
    status: z.enum(NOTIFICATION_BATCH_STATUSES),
  }),
  total: z.number().int(),
  counts: z.record(z.enum(NOTIFICATION_STATUSES), z.number().int()),
  /** queued = not yet handed to DingTalk; sent = accepted; delivered = confirmed; failed = with reason */
  summary: ZBatchCounts,
  /** per DingTalk outcome */
  outcomes: z.record(z.string(), z.number().int()),
  items: z.object({
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
    rows: z.array(ZNotificationItem),
  }),
});
export type TNotificationBatchProgress = z.infer<typeof ZNotificationBatchProgress>;

/** POST /api/notification-batches/:id/resend-failed and POST /api/notifications/:id/resend */
export const ZResendResult = z.object({
  /** put back in the queue now */
  resent: z.number().int(),
  /** failed ones left alone: outcome unknown (may have arrived) or dropped by DingTalk as a same-day repeat */
  held: z.number().int(),
});
export type TResendResult = z.infer<typeof ZResendResult>;

/** GET /api/notifications: single messages outside any batch (群机器人, 待办, one-person notices) */
export const ZNotificationPage = z.object({
  items: z.array(ZNotificationItem),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type TNotificationPage = z.infer<typeof ZNotificationPage>;
