/** What the 方案审核 endpoints answer (console 审核 tab, mini-program 审批 pages). */
import { z } from 'zod';
import { ZDecimalString, ZInstant, ZPageOf, ZRef } from './common';
import { CATEGORIES, LEVELS, REVIEW_STATUSES } from './labels';

/** A row of GET /api/reviews (and the head of GET /api/reviews/:id). */
export const ZReviewRow = z.object({
  id: z.number().int(),
  /** ROUND (方案审核); later DISTRIBUTION, EXIT … */
  subjectType: z.string(),
  subjectId: z.number().int(),
  projectId: z.number().int(),
  project: ZRef,
  projectName: z.string(),
  title: z.string(),
  status: z.enum(REVIEW_STATUSES),
  /** 方案审核 (later: 分配审核 …) */
  kind: z.string(),
  submittedById: z.number().int(),
  submittedBy: z.string().nullable(),
  submittedAt: ZInstant,
  decidedById: z.number().int().nullable(),
  decidedAt: ZInstant.nullable(),
  reason: z.string().nullable(),
  /** Total amount the item is about, if any. */
  amount: ZDecimalString.nullable(),
  /** Sent back with the decision: a review decided meanwhile answers 409. */
  version: z.number().int(),
});
export type TReviewRow = z.infer<typeof ZReviewRow>;
export const ZReviewPage = ZPageOf(ZReviewRow);
export type TReviewPage = z.infer<typeof ZReviewPage>;

/**
 * One person of a round under 方案审核, everything the reviewer decides on: the 认购区间, what they subscribed
 * (null: never answered; "0.00": declined), the 测算 amount, the 投资明细 (after the accountant's edits) with the
 * edit's reason, and whether they are a 强投 placed without subscribing.
 */
export const ZReviewPartner = z.object({
  lineId: z.number().int(),
  name: z.string(),
  level: z.enum(LEVELS),
  category: z.enum(CATEGORIES),
  minAmount: ZDecimalString,
  maxAmount: ZDecimalString,
  subscribedAmount: ZDecimalString.nullable(),
  allocatedAmount: ZDecimalString.nullable(),
  investedAmount: ZDecimalString.nullable(),
  /** investedAmount − allocatedAmount when the accountant changed the 测算 amount, else null. */
  adjustment: ZDecimalString.nullable(),
  editReason: z.string().nullable(),
  editedBy: z.string().nullable(),
  /** 强投 who did not subscribe (no answer or 0) and holds an amount all the same. */
  mandatoryPlaced: z.boolean(),
});
export type TReviewPartner = z.infer<typeof ZReviewPartner>;

/** The head counts of a round under review: `listed` equals the number of `partners` rows. */
export const ZReviewCounts = z.object({
  listed: z.number().int(),
  /** subscribed more than ¥0 (a partner who declined with ¥0 is not counted) */
  subscribed: z.number().int(),
  declined: z.number().int(),
  unanswered: z.number().int(),
  /** hold more than ¥0 in the 投资明细 */
  invested: z.number().int(),
});
export type TReviewCounts = z.infer<typeof ZReviewCounts>;

export const ZReviewDetail = ZReviewRow.extend({
  /** One line, e.g. "立项认购：名单 4 人，已认购 2 人，计入投资 3 人，合计 ¥292,500.00". */
  summary: z.string(),
  /** `amount: true` marks a value that is a decimal amount string; `note` is a second line under the label. */
  lines: z.array(
    z.object({ label: z.string(), value: z.string(), amount: z.boolean().optional(), note: z.string().optional() }),
  ),
  /** A round's review (方案审核): every person on the list, for the reviewer's table. */
  partners: z.array(ZReviewPartner).optional(),
  counts: ZReviewCounts.optional(),
});
export type TReviewDetail = z.infer<typeof ZReviewDetail>;
