/** What the notification-batch endpoints answer (send progress of 认购 / 缴款 / 催缴 notices). */
import { z } from 'zod';
import { ZInstant } from './common';
import { NOTIFICATION_CHANNELS, NOTIFICATION_STATUSES } from './labels';

const ZBatchHead = z.object({
  id: z.number().int(),
  /** subscription_notice, payment_notice, reminder, … */
  kind: z.string(),
  title: z.string(),
  projectId: z.number().int().nullable(),
  createdAt: ZInstant,
});

/** GET /api/notification-batches */
export const ZNotificationBatchPage = z.object({
  items: z.array(ZBatchHead.extend({ notifications: z.number().int() })),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type TNotificationBatchPage = z.infer<typeof ZNotificationBatchPage>;

/** GET /api/notification-batches/:id */
export const ZNotificationBatchProgress = z.object({
  batch: ZBatchHead,
  total: z.number().int(),
  counts: z.record(z.enum(NOTIFICATION_STATUSES), z.number().int()),
  /** queued = not yet handed to DingTalk; sent = accepted; delivered = confirmed; failed = with reason */
  summary: z.object({
    queued: z.number().int(),
    sent: z.number().int(),
    delivered: z.number().int(),
    failed: z.number().int(),
    cancelled: z.number().int(),
  }),
  /** per DingTalk outcome */
  outcomes: z.record(z.string(), z.number().int()),
  items: z.object({
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
    rows: z.array(
      z.object({
        id: z.string(),
        channel: z.enum(NOTIFICATION_CHANNELS),
        userId: z.number().int().nullable(),
        dingUserId: z.string().nullable(),
        status: z.enum(NOTIFICATION_STATUSES),
        outcome: z.string().nullable(),
        attempts: z.number().int(),
        lastError: z.string().nullable(),
        sentAt: ZInstant.nullable(),
        taskId: z.string().nullable(),
      }),
    ),
  }),
});
export type TNotificationBatchProgress = z.infer<typeof ZNotificationBatchProgress>;
