/**
 * 资金台账 (capital ledger) contracts: the project's cumulative capital view, its entries, the partner's own history,
 * and the round corrections and receipt download that came with wiring the ledger. Amounts are decimal strings.
 */
import { z } from 'zod';
import { ZDate, ZDay, ZId, ZDecimalString, ZInstant, ZPageOf, ZPageQuery, ZVersion } from './common';
import {
  CAPITAL_ENTRY_KINDS,
  CAPITAL_HOLDERS,
  CATEGORIES,
  DUE_KINDS,
  HOLDING_MARKS,
  LEVELS,
  ROUND_KINDS,
  ROUND_STATUSES,
} from './labels';

// ---- GET /api/projects/:id/capital -------------------------------------------------------------------------
/** One level: the cap of the scheme in force and who holds it. */
export const ZCapitalLevel = z.object({
  level: z.enum(LEVELS),
  cap: ZDecimalString,
  /** Σ partners' 认缴 */
  partnersCommitted: ZDecimalString,
  /** 平台公司's 认缴 */
  platformCommitted: ZDecimalString,
  /** Σ 实缴 of partners */
  paidIn: ZDecimalString,
  /** Σ max(0, committed − paid) over partners: 未缴 */
  unpaid: ZDecimalString,
  /** Σ max(0, paid − committed) over partners: 应退 */
  refundsOwed: ZDecimalString,
  /** partners + platform = cap */
  balanced: z.boolean(),
  /** when not balanced: the Chinese message naming the amounts */
  message: z.string().nullable(),
});
export type TCapitalLevel = z.infer<typeof ZCapitalLevel>;

/** One holder × level (the platform has userId null and name 平台公司). */
export const ZCapitalHolding = z.object({
  holder: z.enum(CAPITAL_HOLDERS),
  userId: z.number().int().nullable(),
  name: z.string(),
  level: z.enum(LEVELS),
  committed: ZDecimalString,
  paid: ZDecimalString,
  /** committed − paid: > 0 owes (补缴 / 未缴), < 0 is owed a refund */
  outstanding: ZDecimalString,
  /** 资金利息 owed by a late entrant */
  interest: ZDecimalString,
  /** the rounds (seq) in which this holder took a commitment */
  rounds: z.array(z.number().int()),
  /** 退 (exited the project: the stake is the platform's), 离 (left the company, exit not done yet) */
  marks: z.array(z.enum(HOLDING_MARKS)),
});
export type TCapitalHolding = z.infer<typeof ZCapitalHolding>;

export const ZCapitalRound = z.object({
  id: z.number().int(),
  seq: z.number().int(),
  kind: z.enum(ROUND_KINDS),
  title: z.string(),
  status: z.enum(ROUND_STATUSES),
  deadline: ZInstant,
  dueDate: ZDay.nullable(),
  /** Σ 投资明细 of the round (after 测算 / edits) */
  invested: ZDecimalString,
});
export type TCapitalRound = z.infer<typeof ZCapitalRound>;

export const ZCapitalOverview = z.object({
  projectId: z.number().int(),
  peakCapital: ZDecimalString.nullable(),
  peakConfirmedAt: ZInstant.nullable(),
  levels: z.array(ZCapitalLevel),
  holdings: z.array(ZCapitalHolding),
  totals: z.object({
    cap: ZDecimalString,
    partnersCommitted: ZDecimalString,
    platformCommitted: ZDecimalString,
    paidIn: ZDecimalString,
    unpaid: ZDecimalString,
    refundsOwed: ZDecimalString,
  }),
  /** every level balanced (partners + platform = cap); false also before 立项 (no commitments yet) */
  invariantHolds: z.boolean(),
  rounds: z.array(ZCapitalRound),
});
export type TCapitalOverview = z.infer<typeof ZCapitalOverview>;

// ---- GET /api/projects/:id/capital/entries?userId=&level=&page=&pageSize= ----------------------------------
export const ZCapitalEntriesQuery = ZPageQuery.extend({
  userId: ZId.optional(),
  level: z.enum(LEVELS).optional(),
});
export const ZCapitalEntry = z.object({
  id: z.number().int(),
  level: z.enum(LEVELS),
  holder: z.enum(CAPITAL_HOLDERS),
  userId: z.number().int().nullable(),
  /** partner's name, or 平台公司 */
  name: z.string(),
  kind: z.enum(CAPITAL_ENTRY_KINDS),
  committedDelta: ZDecimalString,
  paidDelta: ZDecimalString,
  interestDelta: ZDecimalString,
  valueDate: ZDay,
  reversalOfId: z.number().int().nullable(),
  roundId: z.number().int().nullable(),
  adjustmentId: z.number().int().nullable(),
  paymentDueId: z.number().int().nullable(),
  note: z.string().nullable(),
  createdAt: ZInstant,
});
export type TCapitalEntry = z.infer<typeof ZCapitalEntry>;
export const ZCapitalEntryPage = ZPageOf(ZCapitalEntry);
export type TCapitalEntryPage = z.infer<typeof ZCapitalEntryPage>;

// ---- GET /api/me/projects/:projectId/capital-history -------------------------------------------------------------
/** One event of the partner's own history, oldest first. */
export const ZCapitalHistoryItem = z.object({
  /** COMMITMENT: 认购（第 n 轮）; COMMITMENT_CHANGE: 立项调整; PAYMENT: 缴款; REFUND: 退款; … */
  kind: z.enum(CAPITAL_ENTRY_KINDS),
  level: z.enum(LEVELS),
  valueDate: ZDay,
  committedDelta: ZDecimalString,
  paidDelta: ZDecimalString,
  interestDelta: ZDecimalString,
  /** the round of a commitment (seq and title), when it came from one */
  round: z.object({ id: z.number().int(), seq: z.number().int(), title: z.string() }).nullable(),
  /** SchemeChange id of a 立项调整 */
  schemeChangeId: z.number().int().nullable(),
  note: z.string().nullable(),
});
export type TCapitalHistoryItem = z.infer<typeof ZCapitalHistoryItem>;

export const ZCapitalHistory = z.object({
  projectId: z.number().int(),
  projectName: z.string(),
  items: z.array(ZCapitalHistoryItem),
  /** per level the partner holds */
  levels: z.array(
    z.object({
      level: z.enum(LEVELS),
      committed: ZDecimalString,
      paid: ZDecimalString,
      outstanding: ZDecimalString,
      interest: ZDecimalString,
      /** paid-in tranches with their dates (after refunds, LIFO) */
      tranches: z.array(z.object({ date: ZDay, amount: ZDecimalString })),
    }),
  ),
  totals: z.object({
    committed: ZDecimalString,
    paid: ZDecimalString,
    outstanding: ZDecimalString,
    interest: ZDecimalString,
  }),
  /** the partner's open 补缴 / 退款 / 认购缴款 dues */
  dues: z.array(
    z.object({
      id: z.number().int(),
      kind: z.enum(DUE_KINDS),
      level: z.enum(LEVELS),
      amountDue: ZDecimalString,
      paidAmount: ZDecimalString,
      dueDate: ZDay,
      status: z.string(),
    }),
  ),
});
export type TCapitalHistory = z.infer<typeof ZCapitalHistory>;

// ---- round corrections (subscription module) ---------------------------------------------------------------------
/** PATCH /api/projects/:id/rounds/:roundId/dates — deadline before 测算, due date before the payment notices. */
export const ZRoundDatesEdit = z
  .object({
    version: ZVersion,
    deadline: z.iso.datetime({ offset: true, message: '截止时间格式不正确' }).optional(),
    dueDate: ZDate.optional(),
    reason: z.string().trim().max(200).optional(),
  })
  .refine((v) => v.deadline !== undefined || v.dueDate !== undefined, '请填写新的认购截止时间或缴款截止日');

/** PATCH /api/projects/:id/rounds/:roundId/partners/:lineId/terms — limits, level, category before 测算. */
export const ZRoundPartnerEdit = z.object({
  version: ZVersion,
  level: z.enum(LEVELS).optional(),
  category: z.enum(CATEGORIES).optional(),
  minAmount: z
    .string()
    .regex(/^\d+(\.\d{1,2})?$/, '金额格式不正确')
    .optional(),
  maxAmount: z
    .string()
    .regex(/^\d+(\.\d{1,2})?$/, '金额格式不正确')
    .optional(),
  reason: z.string().trim().max(200).optional(),
});

/**
 * POST /api/projects/:id/rounds/:roundId/close-subscriptions — ends 认购 now (the deadline becomes now): without a
 * reason only when every listed partner has answered. 测算 is allowed right after.
 */
export const ZCloseSubscriptions = z.object({
  version: ZVersion.optional(),
  reason: z.string().trim().max(200).optional(),
});
/** The round after the change (the subscription module's round answer is reused where it exists). */
export const ZRoundCorrected = z.object({
  id: z.number().int(),
  status: z.enum(ROUND_STATUSES),
  deadline: ZInstant,
  dueDate: ZDay.nullable(),
  version: z.number().int(),
});
export type TRoundCorrected = z.infer<typeof ZRoundCorrected>;

/** The partner line after PATCH …/partners/:lineId/terms. */
export const ZRoundPartnerTerms = z.object({
  id: z.number().int(),
  userId: z.number().int(),
  level: z.enum(LEVELS),
  levelLabel: z.string(),
  category: z.enum(CATEGORIES),
  categoryLabel: z.string(),
  minAmount: ZDecimalString,
  maxAmount: ZDecimalString,
  version: z.number().int(),
});
export type TRoundPartnerTerms = z.infer<typeof ZRoundPartnerTerms>;

/** GET /api/projects/:id/payments/:dueId/receipt answers the stored file (its content type, a safe filename). */
export const RECEIPT_DOWNLOAD = 'GET /api/projects/:id/payments/:dueId/receipt' as const;
