/** What the 缴款 endpoints answer (console 缴款 tab). */
import { z } from 'zod';
import { ZDay, ZDecimalString, ZInstant, ZRef } from './common';
import { PAYMENT_STATUSES, STORED_PAYMENT_STATUSES } from './labels';

export const ZPaymentRecord = z.object({
  id: z.number().int(),
  amount: ZDecimalString,
  paidOn: ZDay,
  createdAt: ZInstant,
});
export type TPaymentRecord = z.infer<typeof ZPaymentRecord>;

const ZDueHead = z.object({
  id: z.number().int(),
  projectId: z.number().int(),
  userId: z.number().int(),
  amountDue: ZDecimalString,
  paidAmount: ZDecimalString,
  outstanding: ZDecimalString,
  dueDate: ZDay,
  /** as stored */
  storedStatus: z.enum(STORED_PAYMENT_STATUSES),
  /** as shown: OVERDUE when unpaid or partial after the due date */
  status: z.enum(PAYMENT_STATUSES),
  noticeSentAt: ZInstant.nullable(),
  lastReminderAt: ZInstant.nullable(),
  partnerMarkedPaidAt: ZInstant.nullable(),
  version: z.number().int(),
  user: ZRef.optional(),
});

/** A row of GET /api/projects/:id/payments. */
export const ZDue = ZDueHead.extend({ records: z.array(ZPaymentRecord) });
export type TDue = z.infer<typeof ZDue>;
export const ZDueList = z.array(ZDue);

/** POST …/payments/:dueId/confirm: `replayed` when the same idempotency key was confirmed before. */
export const ZConfirmResult = ZDueHead.extend({ replayed: z.boolean() });
export type TConfirmResult = z.infer<typeof ZConfirmResult>;

/** POST …/payment-notices: a test goes to the caller only and has no batch. */
export const ZPaymentNoticesSent = z.object({
  test: z.boolean(),
  recipients: z.number().int(),
  batchId: z.number().int().optional(),
});
export type TPaymentNoticesSent = z.infer<typeof ZPaymentNoticesSent>;

/** POST …/reminders */
export const ZRemindersSent = z.object({ reminded: z.number().int(), alreadyRemindedToday: z.number().int() });
export type TRemindersSent = z.infer<typeof ZRemindersSent>;
