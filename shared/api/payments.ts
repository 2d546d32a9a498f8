/** What the 缴款 endpoints answer (console 缴款 tab). */
import { z } from 'zod';
import { ZDay, ZDecimalString, ZInstant, ZRef } from './common';
import { DUE_KINDS, LEVELS, PAYMENT_STATUSES, STORED_PAYMENT_STATUSES } from './labels';

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
  /** 认购缴款 / 补缴 / 退款 (for 退款 amountDue is what the company pays back, paidAmount what it has paid out) */
  kind: z.enum(DUE_KINDS),
  level: z.enum(LEVELS),
  /** the scheme change of a 补缴 / 退款 */
  schemeChangeId: z.number().int().nullable(),
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

/** A receipt the partner uploaded ("我已打款"); download it at GET /api/projects/:id/payments/:dueId/receipt?receiptId= */
export const ZDueReceipt = z.object({
  id: z.number().int(),
  fileName: z.string(),
  mime: z.string(),
  size: z.number().int(),
  createdAt: ZInstant,
});
export type TDueReceipt = z.infer<typeof ZDueReceipt>;

/** A row of GET /api/projects/:id/payments. */
export const ZDue = ZDueHead.extend({ records: z.array(ZPaymentRecord), receipts: z.array(ZDueReceipt) });
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
