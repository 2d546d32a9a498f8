/**
 * 凭证 (accounting vouchers): the rules per accounting entity, the vouchers generated from the money movements, the
 * periods marked 已导出, and the two import files (金蝶云星空, 用友 U8). See server/modules/vouchers/README.md.
 */
import { z } from 'zod';
import { ZDay, ZInstant, ZVersion } from './common';

/** What moves money, one rule each. Commitments (认缴) move no money and give no voucher. */
export const VOUCHER_MOVEMENT_KINDS = [
  'PAYMENT',
  'TOPUP',
  'REFUND',
  'TRANSFER',
  'PRINCIPAL_RETURN',
  'INTEREST',
  'OTHER_ADJUSTMENT',
  'PROFIT',
  'TAX',
  'EXIT_PAYOUT',
] as const;
export type TVoucherMovementKind = (typeof VOUCHER_MOVEMENT_KINDS)[number];
export const VOUCHER_MOVEMENT_KIND_LABEL: Record<TVoucherMovementKind, string> = {
  PAYMENT: '认购缴款',
  TOPUP: '补缴',
  REFUND: '退款',
  TRANSFER: '退投承接',
  PRINCIPAL_RETURN: '本金返还',
  INTEREST: '资金利息',
  OTHER_ADJUSTMENT: '分配其它调整',
  PROFIT: '利润分配',
  TAX: '代扣个人所得税',
  EXIT_PAYOUT: '退出打款',
};

export const VOUCHER_WORDS = ['记', '收', '付'] as const;
export type TVoucherWord = (typeof VOUCHER_WORDS)[number];
export const VOUCHER_GROUPINGS = ['MOVEMENT', 'BATCH'] as const;
export type TVoucherGrouping = (typeof VOUCHER_GROUPINGS)[number];
export const VOUCHER_GROUPING_LABEL: Record<TVoucherGrouping, string> = {
  MOVEMENT: '每笔一张',
  BATCH: '每批一张',
};
/** 辅助核算 items a rule line may carry. */
export const VOUCHER_AUX_ITEMS = ['PARTNER', 'PROJECT'] as const;
export type TVoucherAuxItem = (typeof VOUCHER_AUX_ITEMS)[number];
export const VOUCHER_AUX_LABEL: Record<TVoucherAuxItem, string> = { PARTNER: '往来单位/个人', PROJECT: '项目' };
/** Placeholders of a summary template. */
export const VOUCHER_SUMMARY_PLACEHOLDERS = ['{项目}', '{合伙人}', '{批次}', '{日期}', '{类型}'] as const;

export const ZVoucherPeriod = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '期间格式应为 YYYY-MM');
export const VOUCHER_EXPORT_FORMATS = ['kingdee', 'u8'] as const;
export const VOUCHER_EXPORT_FORMAT_LABEL: Record<(typeof VOUCHER_EXPORT_FORMATS)[number], string> = {
  kingdee: '金蝶云星空（凭证引入 Excel）',
  u8: '用友 U8（凭证引入文本）',
};

const ZAccount = z.object({
  code: z.string().trim().min(1, '请填写科目编码').max(40),
  name: z.string().trim().min(1, '请填写科目名称').max(100),
  aux: z.array(z.enum(VOUCHER_AUX_ITEMS)).max(2),
});
export const ZVoucherRule = z.object({
  kind: z.enum(VOUCHER_MOVEMENT_KINDS),
  word: z.enum(VOUCHER_WORDS),
  grouping: z.enum(VOUCHER_GROUPINGS),
  debit: ZAccount,
  credit: ZAccount,
  summaryTemplate: z.string().trim().min(1, '请填写摘要模板').max(200),
});
export type TVoucherRule = z.infer<typeof ZVoucherRule>;

export const ZVoucherRuleView = ZVoucherRule.extend({
  /** where the rule in force comes from: built-in default, the group's, or the entity's own */
  source: z.enum(['DEFAULT', 'GROUP', 'ENTITY']),
  version: z.number().int(),
});
export const ZVoucherRuleSet = z.object({
  entityId: z.number().int().nullable(),
  entityName: z.string().nullable(),
  rules: z.array(ZVoucherRuleView),
});
export type TVoucherRuleSet = z.infer<typeof ZVoucherRuleSet>;

/** PUT a rule for the group (entityId null) or an entity, with the stored row's version (0 when none). */
export const ZVoucherRuleSave = z.object({
  entityId: z.number().int().positive().nullable(),
  version: ZVersion,
  rule: ZVoucherRule,
});
export const ZVoucherRuleReset = z.object({
  entityId: z.number().int().positive(),
  kind: z.enum(VOUCHER_MOVEMENT_KINDS),
  version: ZVersion,
});

export const ZVoucherEntity = z.object({
  id: z.number().int(),
  name: z.string(),
  code: z.string().nullable(),
  projectCount: z.number().int(),
  exportedPeriods: z.array(z.string()),
});
export const ZVoucherEntityList = z.object({ items: z.array(ZVoucherEntity) });

export const ZVoucherLineView = z.object({
  seq: z.number().int(),
  summary: z.string(),
  accountCode: z.string(),
  accountName: z.string(),
  debit: z.string(),
  credit: z.string(),
  partnerName: z.string().nullable(),
  partnerCode: z.string().nullable(),
  projectId: z.number().int().nullable(),
  projectCode: z.string().nullable(),
  projectName: z.string().nullable(),
  movementKind: z.enum(VOUCHER_MOVEMENT_KINDS),
  sourceType: z.enum(['CAPITAL_ENTRY', 'DISTRIBUTION_LINE', 'PARTNER_EXIT']),
  sourceId: z.number().int(),
  /** the business record the line comes from, in words (e.g. 资金台账 #12) */
  sourceLabel: z.string(),
});
export const ZVoucherView = z.object({
  id: z.number().int(),
  period: z.string(),
  number: z.number().int(),
  word: z.enum(VOUCHER_WORDS),
  /** 记-0001 */
  label: z.string(),
  date: ZDay,
  kind: z.enum(VOUCHER_MOVEMENT_KINDS),
  summary: z.string(),
  totalDebit: z.string(),
  totalCredit: z.string(),
  balanced: z.boolean(),
  /** this voucher reverses (红字冲销) voucher … */
  reversalOf: z.object({ id: z.number().int(), label: z.string(), period: z.string() }).nullable(),
  /** … or was reversed by a later one */
  reversedBy: z.object({ id: z.number().int(), label: z.string(), period: z.string() }).nullable(),
  createdAt: ZInstant,
});
export const ZVoucherDetail = ZVoucherView.extend({ lines: z.array(ZVoucherLineView) });
export type TVoucherDetail = z.infer<typeof ZVoucherDetail>;

export const ZVoucherListQuery = z.object({ kind: z.enum(VOUCHER_MOVEMENT_KINDS).optional() });
export const ZVoucherList = z.object({
  entity: z.object({ id: z.number().int(), name: z.string() }),
  period: z.string(),
  exported: z.boolean(),
  exportedAt: ZInstant.nullable(),
  /** the period row's version (标记已导出 sends it back) */
  periodVersion: z.number().int(),
  items: z.array(ZVoucherView),
  /** the balance check over what is listed */
  check: z.object({
    count: z.number().int(),
    totalDebit: z.string(),
    totalCredit: z.string(),
    balanced: z.boolean(),
    unbalanced: z.array(z.string()),
    /** Σ per movement kind of what the vouchers carry (reversals included) */
    byKind: z.array(z.object({ kind: z.enum(VOUCHER_MOVEMENT_KINDS), amount: z.string() })),
  }),
});
export type TVoucherList = z.infer<typeof ZVoucherList>;

export const ZVoucherGenerateResult = z.object({
  period: z.string(),
  created: z.number().int(),
  reversed: z.number().int(),
  unchanged: z.number().int(),
});
export const ZVoucherExportQuery = z.object({ format: z.enum(VOUCHER_EXPORT_FORMATS) });
export const ZVoucherMarkExported = z.object({ version: ZVersion });
export const ZVoucherPeriodView = z.object({
  entityId: z.number().int(),
  period: z.string(),
  exported: z.boolean(),
  exportedAt: ZInstant.nullable(),
  version: z.number().int(),
});
