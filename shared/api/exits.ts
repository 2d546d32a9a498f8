/**
 * 退投 (exits): settings (exit types and pricing rules), 测算, the exit list and detail, 登记打款.
 * The settings body is checked in the BFF with the exit calculation's own schema (ZExitSettings); here it is described.
 */
import { z } from 'zod';
import { ZMoney, ZMoneyNonNegative, ZRatio } from '../money';
import { ZDate, ZDay, ZDecimalString, ZInstant, ZRef, ZVersion } from './common';
import { ZFlowRun } from './flows';
import { LEVELS } from './labels';

export const EXIT_STATUSES = ['CALCULATED', 'FLOW_RUNNING', 'COMPLETED', 'REJECTED', 'PAID'] as const;
export type TExitStatus = (typeof EXIT_STATUSES)[number];
export const EXIT_STATUS_LABEL: Record<TExitStatus, string> = {
  CALCULATED: '已测算',
  FLOW_RUNNING: '审批中',
  COMPLETED: '已完成',
  REJECTED: '已驳回',
  PAID: '已打款',
};

// ---- settings ------------------------------------------------------------------------------------------------

export const ZExitRule = z.object({
  interest: z.object({ enabled: z.boolean(), annualRate: ZRatio, dayCount: z.enum(['ACT/365', 'ACT/360']) }),
  deductProfitReceived: z.boolean(),
  lowerOfNav: z.boolean(),
  discountRate: ZRatio,
  deductInterestOwed: z.boolean(),
});
export const ZExitTypeSetting = z.object({
  code: z.string(),
  label: z.string(),
  enabled: z.boolean().optional(),
  rule: ZExitRule,
});

/** PUT settings: the group's default (项目 id absent) or a project's overrides, with the row's version. */
export const ZExitSettingsSave = z.object({
  version: ZVersion,
  settings: z.object({ types: z.array(ZExitTypeSetting) }),
});
export type TExitSettingsSave = z.infer<typeof ZExitSettingsSave>;

export const ZExitSettingsView = z.object({
  scope: z.string(),
  /** what is stored for this scope (null when nothing is) */
  settings: z.object({ types: z.array(ZExitTypeSetting) }).nullable(),
  version: z.number().int(),
  /** the types in force (built-in defaults ← group ← project), with a Chinese summary of each rule */
  resolved: z.array(ZExitTypeSetting.extend({ enabled: z.boolean(), ruleSummary: z.string() })),
});
export type TExitSettingsView = z.infer<typeof ZExitSettingsView>;

// ---- 测算 ----------------------------------------------------------------------------------------------------

const ZPerLevel = <T extends z.ZodType>(v: T) => z.partialRecord(z.enum(LEVELS), v);

/** What the accountant enters besides the ledger. */
export const ZExitManualInputs = z.object({
  /** distributions received before the exit date, per level */
  received: ZPerLevel(
    z.object({
      principalReturned: ZMoneyNonNegative.nullable().optional(),
      profitReceived: ZMoneyNonNegative.nullable().optional(),
    }),
  ).optional(),
  /** the stake's 净资产 per level (when the rule takes the lower of NAV) */
  nav: ZPerLevel(ZMoney).optional(),
  /** 配资 / 垫资 interest still owed, per level */
  financingInterestOwed: ZPerLevel(ZMoneyNonNegative).optional(),
});
export type TExitManualInputs = z.infer<typeof ZExitManualInputs>;

/** 退投测算: 1. 输入日期及种类；2. 测算. */
export const ZExitCalculate = ZExitManualInputs.extend({
  userId: z.number().int().positive(),
  exitType: z.string().trim().min(1, '请选择退出类型'),
  exitDate: ZDate,
});
export type TExitCalculate = z.infer<typeof ZExitCalculate>;

/** 修改测算: another type, date or entered figure, with a reason (audited). */
export const ZExitRecalculate = ZExitManualInputs.extend({
  version: ZVersion,
  exitType: z.string().trim().min(1, '请选择退出类型'),
  exitDate: ZDate,
  reason: z.string().trim().min(1, '请填写修改原因').max(200),
});
export type TExitRecalculate = z.infer<typeof ZExitRecalculate>;

export const ZExitPriceLine = z.object({
  code: z.string(),
  name: z.string(),
  amount: ZDecimalString,
  note: z.string(),
  counts: z.boolean(),
});
export const ZExitHolding = z.object({
  level: z.enum(LEVELS),
  levelLabel: z.string(),
  committed: ZDecimalString,
  paid: ZDecimalString,
  tranches: z.array(z.object({ date: ZDay, amount: ZDecimalString, days: z.number().int() })),
  lines: z.array(ZExitPriceLine),
  price: ZDecimalString,
});

export const ZExitPayout = z.object({
  amount: ZDecimalString,
  paidOn: ZDay,
  account: z.string(),
  difference: ZDecimalString,
  note: z.string().nullable(),
});

export const ZExitRow = z.object({
  id: z.number().int(),
  projectId: z.number().int(),
  user: ZRef.extend({ left: z.boolean() }),
  status: z.enum(EXIT_STATUSES),
  statusLabel: z.string(),
  exitType: z.object({ code: z.string(), label: z.string() }),
  exitDate: ZDay,
  total: ZDecimalString,
  calculatedAt: ZInstant,
  flowId: z.number().int().nullable(),
  completedAt: ZInstant.nullable(),
  payout: ZExitPayout.nullable(),
  version: z.number().int(),
});
export type TExitRow = z.infer<typeof ZExitRow>;
export const ZExitList = z.array(ZExitRow);

export const ZExitDetail = ZExitRow.extend({
  rule: ZExitRule,
  ruleSummary: z.string(),
  holdings: z.array(ZExitHolding),
  warnings: z.array(z.string()),
  manualInputs: ZExitManualInputs,
  fingerprint: z.string(),
  /** the current inputs still give the stored fingerprint (the flow may start) */
  fresh: z.boolean(),
  editReason: z.string().nullable(),
  /** the latest 离职退休流程 run of this exit (查看BPM), null before 发起 */
  flow: ZFlowRun.nullable(),
});
export type TExitDetail = z.infer<typeof ZExitDetail>;

// ---- 打款 ----------------------------------------------------------------------------------------------------

/** 登记退出打款金额及打款日期. */
export const ZExitPayoutRegister = z.object({
  version: ZVersion,
  amount: ZMoneyNonNegative,
  paidOn: ZDate,
  account: z.string().trim().min(1, '请填写收款账户').max(100),
  note: z.string().trim().max(200).optional(),
  idempotencyKey: z.string().trim().min(8).max(120),
});
export type TExitPayoutRegister = z.infer<typeof ZExitPayoutRegister>;

// ---- 退出结算单 (the partner's own statement, mini-program pages/exit/index) -----------------------------------

/** GET /api/me/exits/:exitId: the caller's own exit, per holding the parts of the price; the account masked. */
export const ZMyExitStatement = z.object({
  exitId: z.number().int(),
  project: ZRef,
  status: z.enum(EXIT_STATUSES),
  statusLabel: z.string(),
  exitType: z.object({ code: z.string(), label: z.string() }),
  exitDate: ZDay,
  ruleSummary: z.string(),
  holdings: z.array(
    z.object({
      level: z.enum(LEVELS),
      levelLabel: z.string(),
      /** 实缴本金 */
      principal: ZDecimalString,
      /** 资金利息 (0 when the rule has none) */
      interest: ZDecimalString,
      /** 已分配利润 received before the exit date (a positive amount; deducted when the rule says so) */
      profitReceived: ZDecimalString,
      profitDeducted: z.boolean(),
      /** 净资产 entered for the 测算 (null when the rule does not take the lower of NAV) */
      nav: ZDecimalString.nullable(),
      /** the effect of 净资产孰低 (≤ 0) */
      navAdjustment: ZDecimalString,
      /** the effect of 折价 (≤ 0) and its rate */
      discount: ZDecimalString,
      discountRate: ZDecimalString,
      /** 扣除尚欠资金利息 (≤ 0) */
      interestOwed: ZDecimalString,
      price: ZDecimalString,
    }),
  ),
  total: ZDecimalString,
  /** null until the platform company has paid */
  payout: z
    .object({
      amount: ZDecimalString,
      paidOn: ZDay,
      /** e.g. 中国银行 6217 **** **** 0003 */
      accountMasked: z.string(),
      note: z.string().nullable(),
    })
    .nullable(),
});
export type TMyExitStatement = z.infer<typeof ZMyExitStatement>;
