/** What the 认购 endpoints answer: rounds, the partner list with 测算 and 投资明细 (console 合伙名单 / 测算 tabs). */
import { z } from 'zod';
import { ZDay, ZDecimalString, ZInstant } from './common';
import {
  CATEGORIES,
  LEVELS,
  REVIEW_STATUSES,
  ROUND_KINDS,
  ROUND_STATUSES,
  STORED_PAYMENT_STATUSES,
  USER_STATUSES,
  HOLDING_MARKS,
} from './labels';

const ZRoundHead = z.object({
  id: z.number().int(),
  kind: z.enum(ROUND_KINDS),
  seq: z.number().int(),
  title: z.string(),
  status: z.enum(ROUND_STATUSES),
  deadline: ZInstant,
  dueDate: ZDay.nullable(),
  noticeSentAt: ZInstant.nullable(),
  version: z.number().int(),
});

/** A row of GET /api/projects/:id/rounds. */
export const ZRound = ZRoundHead.extend({ partnerCount: z.number().int() });
export type TRound = z.infer<typeof ZRound>;
export const ZRoundList = z.array(ZRound);

/** POST /api/projects/:id/rounds: the new round. */
export const ZRoundCreated = ZRoundHead.extend({
  /** the stored row: the due date as midnight UTC of that date, an ISO instant (not YYYY-MM-DD as elsewhere) */
  dueDate: ZInstant.nullable(),
  projectId: z.number().int(),
  calculatedAt: ZInstant.nullable(),
  createdAt: ZInstant,
  updatedAt: ZInstant,
});
export type TRoundCreated = z.infer<typeof ZRoundCreated>;

export const ZLevelSummary = z.object({
  level: z.enum(LEVELS),
  label: z.string(),
  cap: ZDecimalString,
  subscribed: ZDecimalString,
  allocated: ZDecimalString,
  invested: ZDecimalString,
  platform: ZDecimalString,
});
export type TLevelSummary = z.infer<typeof ZLevelSummary>;

/** The amount due of a line once the round is 已立项 (stored status: OVERDUE is derived elsewhere). */
export const ZLinePayment = z.object({
  id: z.number().int(),
  amountDue: ZDecimalString,
  paidAmount: ZDecimalString,
  status: z.enum(STORED_PAYMENT_STATUSES),
  dueDate: ZDay,
  version: z.number().int(),
});
export type TLinePayment = z.infer<typeof ZLinePayment>;

export const ZRoundLine = z.object({
  id: z.number().int(),
  user: z.object({
    id: z.number().int(),
    name: z.string(),
    company: z.string().nullable(),
    status: z.enum(USER_STATUSES),
    /** 退 (exited this project), 离 (left the company, exit not done yet) */
    marks: z.array(z.enum(HOLDING_MARKS)),
  }),
  level: z.enum(LEVELS),
  category: z.enum(CATEGORIES),
  minAmount: ZDecimalString,
  maxAmount: ZDecimalString,
  subscribedAmount: ZDecimalString.nullable(),
  subscribedAt: ZInstant.nullable(),
  allocatedAmount: ZDecimalString.nullable(),
  investedAmount: ZDecimalString.nullable(),
  editReason: z.string().nullable(),
  payment: ZLinePayment.nullable(),
  version: z.number().int(),
});
export type TRoundLine = z.infer<typeof ZRoundLine>;

export const ZRoundReview = z.object({
  id: z.number().int(),
  status: z.enum(REVIEW_STATUSES),
  reason: z.string().nullable(),
  decidedAt: ZInstant.nullable(),
  version: z.number().int(),
});
export type TRoundReview = z.infer<typeof ZRoundReview>;

/** GET /api/projects/:id/rounds/:roundId (and the answer of 测算 and of a line edit). */
export const ZRoundDetail = z.object({
  round: ZRoundHead.extend({ calculatedAt: ZInstant.nullable() }),
  /** the allocation unit ("1" or "0.01") */
  unit: ZDecimalString,
  /** the per-person cap, if the scheme sets one */
  personCap: ZDecimalString.nullable(),
  levels: z.array(ZLevelSummary),
  lines: z.array(ZRoundLine),
  review: ZRoundReview.nullable(),
});
export type TRoundDetail = z.infer<typeof ZRoundDetail>;

/** GET /api/projects/:id/partner-candidates */
export const ZPartnerCandidate = z.object({
  id: z.number().int(),
  name: z.string(),
  title: z.string().nullable(),
  dingUserId: z.string().nullable(),
  /** masked (138****0001): tells namesakes apart */
  mobile: z.string().nullable(),
  company: z.string().nullable(),
  /** the console roles this person holds (e.g. 环沪城市公司经营会计): shown as a mark in the picker */
  staffRoles: z.array(z.string()),
});
export type TPartnerCandidate = z.infer<typeof ZPartnerCandidate>;
export const ZPartnerCandidates = z.array(ZPartnerCandidate);

/** POST …/partners and …/partners/import */
export const ZPartnersAdded = z.object({ added: z.number().int() });
export type TPartnersAdded = z.infer<typeof ZPartnersAdded>;
/** POST …/notices: the notification batch that sends the 认购通知. */
export const ZNoticesSent = z.object({ batchId: z.number().int(), recipients: z.number().int() });
export type TNoticesSent = z.infer<typeof ZNoticesSent>;
/** POST …/submit: the review it created. */
export const ZRoundSubmitted = z.object({ id: z.number().int() });
