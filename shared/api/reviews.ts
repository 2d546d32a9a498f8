/** What the 方案审核 endpoints answer (console 审核 tab, mini-program 审批 pages). */
import { z } from 'zod';
import { ZDecimalString, ZInstant, ZPageOf, ZRef } from './common';
import { REVIEW_STATUSES } from './labels';

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

export const ZReviewDetail = ZReviewRow.extend({
  /** One line, e.g. "立项认购：4 人，合计 ¥292,500.00". */
  summary: z.string(),
  /** `amount: true` marks a value that is a decimal amount string. */
  lines: z.array(z.object({ label: z.string(), value: z.string(), amount: z.boolean().optional() })),
});
export type TReviewDetail = z.infer<typeof ZReviewDetail>;
