/** Contracts of 立项 data, 认购 rounds, 测算, 方案审核, 项目流程 and 缴款 (BFF, console and mini-program). */
import { z } from 'zod';
import { ZMoney, ZMoneyNonNegative, ZRatio } from '../money';
import { ZDate, ZDecimalString, ZInstant, ZDay, ZVersion } from './common';
import { CATEGORIES, LATE_ENTRY_PRICINGS, LEVELS, MILESTONE_KINDS } from './labels';

export {
  LEVELS,
  LEVEL_LABEL,
  CATEGORIES,
  CATEGORY_LABEL,
  MILESTONE_KINDS,
  MILESTONE_LABEL,
  ROUND_KINDS,
  ROUND_KIND_LABEL,
  ROUND_STATUSES,
  ROUND_STATUS_LABEL,
  PAYMENT_STATUSES,
  PAYMENT_STATUS_LABEL,
  STORED_PAYMENT_STATUSES,
  FLOW_TYPES,
  FLOW_LABEL,
  FLOW_STATUSES,
  FLOW_STATUS_LABEL,
  REVIEW_STATUSES,
  REVIEW_STATUS_LABEL,
  type TLevel,
  type TCategory,
  type TMilestoneKind,
  type TRoundKind,
  type TRoundStatus,
  type TPaymentStatus,
  type TStoredPaymentStatus,
  type TFlowType,
  type TFlowStatus,
  type TReviewStatus,
} from './labels';

// ---- 立项资料 --------------------------------------------------------------------------------------------
export const ZBasics = z.object({
  version: ZVersion,
  address: z.string().trim().max(200).nullable().optional(),
  landArea: ZMoneyNonNegative.nullable().optional(),
  floorArea: ZMoneyNonNegative.nullable().optional(),
  saleableArea: ZMoneyNonNegative.nullable().optional(),
  landPrice: ZMoneyNonNegative.nullable().optional(),
  totalInvestment: ZMoneyNonNegative.nullable().optional(),
  productType: z.string().trim().max(100).nullable().optional(),
  description: z.string().max(5000).nullable().optional(),
});

export const ZShareholders = z.object({
  shareholders: z
    .array(
      z.object({
        name: z.string().trim().min(1, '请输入股东名称').max(100),
        equityRatio: ZRatio,
        isOurs: z.boolean().default(false),
        capitalContribution: ZMoneyNonNegative.nullable().optional(),
      }),
    )
    .min(1, '至少需要一位股东')
    .max(50),
});

export const ZScheme = z.object({
  version: ZVersion,
  peakCapital: ZMoneyNonNegative,
  holdingRatio: ZRatio,
  groupRatio: ZRatio,
  cityRatio: ZRatio,
  otherRatio: ZRatio,
  totalRatio: ZRatio,
  maxTotalRatio: ZRatio.default('0.1'),
  perPersonCapRatio: ZRatio.nullable().optional(),
  allocationUnit: z.enum(['1', '0.01', '1.00']).default('1'),
  /** PAYMENT_ORDER is refused: payments come after 测算 in this product (see the subscription README) */
  tieBreak: z.enum(['PRO_RATA', 'PAYMENT_ORDER']).default('PRO_RATA'),
  /** 补投定价: at cost, or at cost plus 资金利息 at lateEntryRate (simple, ACT/365) from the original funding date */
  lateEntryPricing: z.enum(LATE_ENTRY_PRICINGS).default('AT_COST'),
  lateEntryRate: ZRatio.default('0.1'),
  payeeName: z.string().trim().max(100).nullable().optional(),
  payeeBank: z.string().trim().max(100).nullable().optional(),
  payeeAccount: z
    .string()
    .trim()
    .regex(/^[0-9 -]{6,40}$/, '银行账号格式不正确')
    .nullable()
    .optional(),
  paymentDueDays: z.number().int().min(1).max(365).default(15),
  voluntaryForfeit: z.boolean().default(true),
  reminderOffsetsDays: z.array(z.number().int().min(0).max(30)).max(5).default([1, 0]),
});

export const ZMilestones = z.object({
  milestones: z
    .array(z.object({ kind: z.enum(MILESTONE_KINDS), plannedOn: ZDate, actualOn: ZDate.nullable().optional() }))
    .max(MILESTONE_KINDS.length),
});

export const ZIndicators = z.object({
  salesRevenue: ZMoney.nullable().optional(),
  totalCost: ZMoney.nullable().optional(),
  netProfit: ZMoney.nullable().optional(),
  netMargin: z
    .string()
    .regex(/^-?\d{1,3}(\.\d{1,6})?$/, '比例格式不正确')
    .nullable()
    .optional(),
  irr: z
    .string()
    .regex(/^-?\d{1,3}(\.\d{1,6})?$/, '比例格式不正确')
    .nullable()
    .optional(),
  paybackMonths: z.number().int().min(0).max(600).nullable().optional(),
});

// ---- 认购 rounds and the partner list ---------------------------------------------------------------------
export const ZRoundCreate = z.object({
  kind: z.enum(['INITIAL', 'SUPPLEMENT']),
  title: z.string().trim().min(1).max(100).optional(),
  deadline: z.iso.datetime({ offset: true, message: '截止时间格式不正确' }),
  dueDate: ZDate.optional(),
});

export const ZRoundPartnerInput = z.object({
  userId: z.number().int().positive({ message: '请选择合伙人' }),
  level: z.enum(LEVELS),
  category: z.enum(CATEGORIES),
  minAmount: ZMoneyNonNegative,
  maxAmount: ZMoneyNonNegative,
});
export const ZRoundPartnersAdd = z.object({ partners: z.array(ZRoundPartnerInput).min(1).max(2000) });

export const ZSubscribe = z.object({ amount: ZMoneyNonNegative, version: ZVersion.optional() });

export const ZLineEdit = z.object({
  version: ZVersion,
  investedAmount: ZMoneyNonNegative,
  reason: z.string().trim().min(1, '请填写调整原因').max(200),
});

export const ZReviewDecision = z.object({
  version: ZVersion.optional(),
  reason: z.string().trim().max(500).optional(),
});
export const ZReject = z.object({
  version: ZVersion.optional(),
  reason: z.string().trim().min(1, '请填写驳回原因').max(500),
});

// ---- 缴款 -------------------------------------------------------------------------------------------------
export const ZPaymentNotices = z.object({ test: z.boolean().default(false) });
export const ZPaymentConfirm = z.object({
  amount: ZMoney.refine((s) => !s.startsWith('-') && !/^0+(\.0+)?$/.test(s), '金额必须大于 0'),
  paidOn: ZDate,
  idempotencyKey: z.string().trim().min(8).max(100),
  version: ZVersion,
  note: z.string().trim().max(200).optional(),
});

// ---- 立项资料 as the BFF answers it (GET /api/projects/:id/setup, and every PUT of its parts) ------------------
export const ZSetupBasics = z.object({
  address: z.string().nullable(),
  landArea: ZDecimalString.nullable(),
  floorArea: ZDecimalString.nullable(),
  saleableArea: ZDecimalString.nullable(),
  landPrice: ZDecimalString.nullable(),
  totalInvestment: ZDecimalString.nullable(),
  productType: z.string().nullable(),
  description: z.string().nullable(),
  version: z.number().int(),
  updatedAt: ZInstant,
});
export type TSetupBasics = z.infer<typeof ZSetupBasics>;
export const ZShareholder = z.object({
  id: z.number().int(),
  name: z.string(),
  equityRatio: ZDecimalString,
  isOurs: z.boolean(),
  capitalContribution: ZDecimalString.nullable(),
});
export type TShareholder = z.infer<typeof ZShareholder>;
export const ZSetupScheme = z.object({
  peakCapital: ZDecimalString,
  holdingRatio: ZDecimalString,
  groupRatio: ZDecimalString,
  cityRatio: ZDecimalString,
  otherRatio: ZDecimalString,
  totalRatio: ZDecimalString,
  maxTotalRatio: ZDecimalString,
  perPersonCapRatio: ZDecimalString.nullable(),
  allocationUnit: ZDecimalString,
  tieBreak: z.enum(['PRO_RATA', 'PAYMENT_ORDER']),
  lateEntryPricing: z.enum(LATE_ENTRY_PRICINGS),
  lateEntryRate: ZDecimalString,
  payeeName: z.string().nullable(),
  payeeBank: z.string().nullable(),
  payeeAccount: z.string().nullable(),
  paymentDueDays: z.number().int(),
  voluntaryForfeit: z.boolean(),
  reminderOffsetsDays: z.array(z.number().int()),
  peakConfirmedAt: ZInstant.nullable(),
  version: z.number().int(),
  updatedAt: ZInstant,
});
export type TSetupScheme = z.infer<typeof ZSetupScheme>;
export const ZMilestone = z.object({
  kind: z.enum(MILESTONE_KINDS),
  plannedOn: ZDay,
  actualOn: ZDay.nullable(),
});
export type TMilestone = z.infer<typeof ZMilestone>;
export const ZSetupIndicators = z.object({
  salesRevenue: ZDecimalString.nullable(),
  totalCost: ZDecimalString.nullable(),
  netProfit: ZDecimalString.nullable(),
  netMargin: ZDecimalString.nullable(),
  irr: ZDecimalString.nullable(),
  paybackMonths: z.number().int().nullable(),
});
export type TSetupIndicators = z.infer<typeof ZSetupIndicators>;
export const ZSetup = z.object({
  basics: ZSetupBasics.nullable(),
  shareholders: z.array(ZShareholder),
  scheme: ZSetupScheme.nullable(),
  milestones: z.array(ZMilestone),
  indicators: ZSetupIndicators.nullable(),
});
export type TSetup = z.infer<typeof ZSetup>;

/** Enums of the 认购 contracts, for the schemas beside this file. */
export const ZLevel = z.enum(LEVELS);
export const ZCategory = z.enum(CATEGORIES);
