/** Contracts of 立项 data, 认购 rounds, 测算, 方案审核, 项目流程 and 缴款 (BFF, console and mini-program). */
import { z } from 'zod';
import { ZMoney, ZMoneyNonNegative, ZRatio } from '../money';
import { ZDate, ZVersion } from './common';

export const LEVELS = ['HOLDING', 'GROUP', 'CITY', 'OTHER'] as const;
export type TLevel = (typeof LEVELS)[number];
export const LEVEL_LABEL: Record<TLevel, string> = {
  HOLDING: '控股集团',
  GROUP: '置业集团',
  CITY: '城市公司',
  OTHER: '其它',
};

export const CATEGORIES = ['MANDATORY', 'PRIORITY', 'VOLUNTARY'] as const;
export type TCategory = (typeof CATEGORIES)[number];
export const CATEGORY_LABEL: Record<TCategory, string> = { MANDATORY: '强投', PRIORITY: '优先', VOLUNTARY: '自愿' };

export const MILESTONE_KINDS = [
  'LAND',
  'CONSTRUCTION_START',
  'SALES_START',
  'CASHFLOW_POSITIVE',
  'COMPLETION',
  'DELIVERY',
  'LIQUIDATION',
] as const;
export const MILESTONE_LABEL: Record<(typeof MILESTONE_KINDS)[number], string> = {
  LAND: '拿地',
  CONSTRUCTION_START: '开工',
  SALES_START: '开盘',
  CASHFLOW_POSITIVE: '现金流回正',
  COMPLETION: '竣工',
  DELIVERY: '交付',
  LIQUIDATION: '清算',
};

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
  tieBreak: z.enum(['PRO_RATA', 'PAYMENT_ORDER']).default('PRO_RATA'),
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

export const ROUND_STATUS_LABEL = {
  DRAFT: '草稿',
  OPEN: '认购中',
  CALCULATED: '已测算',
  IN_REVIEW: '审核中',
  APPROVED: '审核通过',
  CONFIRMED: '已立项',
  CLOSED: '已完成',
} as const;
export const PAYMENT_STATUS_LABEL = {
  UNPAID: '未缴',
  PARTIAL: '部分缴款',
  PAID: '已缴',
  OVERDUE: '逾期',
  FORFEITED: '已放弃',
} as const;
export type TPaymentStatus = keyof typeof PAYMENT_STATUS_LABEL;

export const FLOW_TYPES = [
  'PEAK_CAPITAL',
  'SCHEME_APPROVAL',
  'PEAK_ADJUSTMENT',
  'SCHEME_CHANGE',
  'SUPPLEMENT_APPROVAL',
  'ACTUAL_PEAK',
  'PRINCIPAL_DISTRIBUTION',
  'PROFIT_DISTRIBUTION_1',
  'PROFIT_DISTRIBUTION_2',
  'PROFIT_DISTRIBUTION_3',
  'DISCLOSURE',
] as const;
export type TFlowType = (typeof FLOW_TYPES)[number];
export const FLOW_LABEL: Record<TFlowType, string> = {
  PEAK_CAPITAL: '项目资金峰值',
  SCHEME_APPROVAL: '事业合伙立项',
  PEAK_ADJUSTMENT: '资金峰值调整',
  SCHEME_CHANGE: '立项信息变更',
  SUPPLEMENT_APPROVAL: '事业合伙补充立项(循环)',
  ACTUAL_PEAK: '实际资金峰值确认(循环)',
  PRINCIPAL_DISTRIBUTION: '本金分配',
  PROFIT_DISTRIBUTION_1: '利润分配1',
  PROFIT_DISTRIBUTION_2: '利润分配2',
  PROFIT_DISTRIBUTION_3: '利润分配3',
  DISCLOSURE: '披露(循环)',
};
export const FLOW_STATUS_LABEL = {
  NOT_STARTED: '未发起',
  RUNNING: '审批中',
  COMPLETED: '完成',
  REJECTED: '驳回',
  TERMINATED: '已撤销',
  RESET: '已重置',
} as const;
