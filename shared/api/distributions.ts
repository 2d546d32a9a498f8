/**
 * 分配 contracts: 分配账户 (the partner's bank account for distributions, account number always masked) and the
 * project's distribution batches (本金分配, 第N次利润分配, 清算分配) with their lines. Amounts are decimal strings.
 */
import { z } from 'zod';
import { ZDate, ZDay, ZDecimalString, ZInstant, ZVersion } from './common';
import { ZBankAccount } from './me';

// ---- 分配账户 ----------------------------------------------------------------------------------------------
export const DISTRIBUTION_ACCOUNT_STATUSES = ['UNCONFIRMED', 'CONFIRMED', 'CORRECTION_PENDING'] as const;
export type TDistributionAccountStatus = (typeof DISTRIBUTION_ACCOUNT_STATUSES)[number];
export const DISTRIBUTION_ACCOUNT_STATUS_LABEL: Record<TDistributionAccountStatus, string> = {
  UNCONFIRMED: '未确认',
  CONFIRMED: '已确认',
  CORRECTION_PENDING: '待审核更正',
};

const ZText = (max: number, what: string) =>
  z.string().trim().min(1, `请填写${what}`).max(max, `${what}不能超过 ${max} 个字`);

/** 账号: digits, spaces allowed when typed (6222 0212 …), 8 to 30 digits. */
export const ZAccountNo = z
  .string()
  .transform((s) => s.replace(/\s+/g, ''))
  .pipe(z.string().regex(/^\d{8,30}$/, '账号应为 8–30 位数字'));

/** What the accountant or the partner enters: 户名, 开户行, 支行, 账号. */
export const ZBankAccountInput = z.object({
  accountName: ZText(100, '户名'),
  bankName: ZText(100, '开户行'),
  branchName: z.string().trim().max(100, '支行不能超过 100 个字').nullable().optional(),
  accountNo: ZAccountNo,
});
export type TBankAccountInput = z.infer<typeof ZBankAccountInput>;

/** PUT /api/projects/… accountant's upsert: the version of the row edited (absent for a new one). */
export const ZDistributionAccountUpsert = ZBankAccountInput.extend({ version: ZVersion.optional() });

/**
 * GET /api/me/distribution-account (and the answer of PUT / confirm): the mini-program's account page.
 * `account.accountNo` is masked (6222 **** **** 1234); `pending` is my correction awaiting the accountant.
 */
export const ZMyDistributionAccount = z.object({
  account: ZBankAccount.nullable(),
  status: z.enum(DISTRIBUTION_ACCOUNT_STATUSES).nullable(),
  confirmedAt: ZInstant.nullable(),
  /** The accountant asked this partner to confirm and the partner has not yet. */
  confirmationRequested: z.boolean(),
  pending: ZBankAccount.nullable(),
});
export type TMyDistributionAccount = z.infer<typeof ZMyDistributionAccount>;

/** A row of the accountant's 分配账户 list. */
export const ZDistributionAccountRow = z.object({
  userId: z.number().int(),
  name: z.string(),
  account: ZBankAccount.nullable(),
  status: z.enum(DISTRIBUTION_ACCOUNT_STATUSES).nullable(),
  confirmedAt: ZInstant.nullable(),
  confirmationRequestedAt: ZInstant.nullable(),
  pending: ZBankAccount.nullable(),
  version: z.number().int().nullable(),
});
export type TDistributionAccountRow = z.infer<typeof ZDistributionAccountRow>;
export const ZDistributionAccountList = z.array(ZDistributionAccountRow);

export const ZAccountConfirmRequest = z.object({ userIds: z.array(z.number().int().positive()).min(1).max(1000) });
export const ZAccountConfirmRequested = z.object({ recipients: z.number().int(), skipped: z.number().int() });

// ---- 分配批次 ----------------------------------------------------------------------------------------------
export const DISTRIBUTION_KINDS = ['PRINCIPAL', 'PROFIT', 'CLEARING'] as const;
export type TDistributionKind = (typeof DISTRIBUTION_KINDS)[number];

export const BATCH_STATUSES = [
  'DRAFT',
  'CALCULATED',
  'SUBMITTED',
  'APPROVED',
  'FLOW',
  'FLOW_DONE',
  'NOTIFIED',
  'PAID',
  'LOCKED',
] as const;
export type TBatchStatus = (typeof BATCH_STATUSES)[number];
export const BATCH_STATUS_LABEL: Record<TBatchStatus, string> = {
  DRAFT: '草稿',
  CALCULATED: '已测算',
  SUBMITTED: '已送审',
  APPROVED: '审核通过',
  FLOW: '流程审批中',
  FLOW_DONE: '流程已通过',
  NOTIFIED: '已通知',
  PAID: '已发放',
  LOCKED: '已锁定',
};

/** 本金分配 / 第N次利润分配 / 清算分配 */
export const batchName = (kind: TDistributionKind, seq: number): string =>
  kind === 'PRINCIPAL' ? '本金分配' : kind === 'CLEARING' ? '清算分配' : `第${seq}次利润分配`;

const ZRate = z.string().regex(/^\d+(\.\d+)?$/, '应为小数（如 0.10）');
const ZMoney = z.string().regex(/^-?\d+(\.\d{1,2})?$/, '金额应精确到分');

export const ZDistributionSettings = z.object({
  interest: z.object({
    enabled: z.boolean(),
    annualRate: ZRate,
    base: z.enum(['ALL', 'FINANCED']),
    dayCount: z.enum(['ACT/365', 'ACT/360']),
  }),
  profitSplit: z.enum(['PRINCIPAL', 'PRINCIPAL_DAYS']),
  taxRate: ZRate,
});
export type TDistributionSettings = z.infer<typeof ZDistributionSettings>;

const ZLineRef = z.object({
  level: z.enum(['HOLDING', 'GROUP', 'CITY', 'OTHER']),
  /** null = the 平台公司 of the level */
  userId: z.number().int().positive().nullable(),
});
export const ZAdjustment = ZLineRef.extend({ amount: ZMoney, reason: ZText(200, '调整原因') });
export const ZInterestOverride = ZLineRef.extend({ amount: ZMoney, reason: ZText(200, '修改原因') });
export const ZProfitInput = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('ENTERED'), amount: ZMoney, ceiling: ZMoney.nullable().optional() }),
  z.object({
    mode: z.literal('COMPUTED'),
    projectProfit: ZMoney,
    batchRatio: ZRate,
    distributedRatioBefore: ZRate.optional(),
  }),
]);

/** POST /api/projects/:id/distributions */
export const ZCreateBatch = z.object({
  kind: z.enum(DISTRIBUTION_KINDS),
  mode: z.enum(['COMPUTED', 'MANUAL']).default('COMPUTED'),
  date: ZDate,
  settings: ZDistributionSettings.partial().optional(),
  profit: ZProfitInput.nullable().optional(),
});
export type TCreateBatch = z.infer<typeof ZCreateBatch>;

/** PATCH /api/projects/:id/distributions/:batchId: the inputs; after 已送审 the batch goes back to 草稿. */
export const ZEditBatch = z.object({
  version: ZVersion,
  date: ZDate.optional(),
  settings: ZDistributionSettings.optional(),
  profit: ZProfitInput.nullable().optional(),
  adjustments: z.array(ZAdjustment).max(2000).optional(),
  interestOverrides: z.array(ZInterestOverride).max(2000).optional(),
  /** 资金峰值-实际 (本金分配; the 实际资金峰值确认 flow's form) */
  actualPeak: ZMoney.nullable().optional(),
});
export type TEditBatch = z.infer<typeof ZEditBatch>;

export const ZBatchVersion = z.object({ version: ZVersion });

/** POST …/distributions/:batchId/payouts: 发放登记 (all unpaid lines with a payout unless lineIds are given). */
export const ZRegisterPayouts = z.object({
  version: ZVersion,
  paidOn: ZDate,
  lineIds: z.array(z.number().int().positive()).min(1).optional(),
});

export const ZBatchLine = z.object({
  id: z.number().int(),
  seq: z.number().int(),
  level: z.enum(['HOLDING', 'GROUP', 'CITY', 'OTHER']),
  holder: z.enum(['PARTNER', 'PLATFORM']),
  userId: z.number().int().nullable(),
  name: z.string(),
  marks: z.array(z.string()),
  principal: ZDecimalString,
  interest: ZDecimalString,
  interestComputed: ZDecimalString.nullable(),
  interestOverrideReason: z.string().nullable(),
  other: ZDecimalString,
  otherItems: z.array(z.object({ amount: ZDecimalString, reason: z.string() })),
  principalNet: ZDecimalString,
  principalTotal: ZDecimalString,
  profit: ZDecimalString,
  tax: ZDecimalString,
  profitNet: ZDecimalString,
  totalExclOther: ZDecimalString,
  payout: ZDecimalString,
  excluded: z.string().nullable(),
  noticeSentAt: ZInstant.nullable(),
  paidAt: ZDay.nullable(),
});
export type TBatchLine = z.infer<typeof ZBatchLine>;

export const ZBatchTotals = z.object({
  principal: ZDecimalString,
  interest: ZDecimalString,
  other: ZDecimalString,
  principalNet: ZDecimalString,
  principalTotal: ZDecimalString,
  profit: ZDecimalString,
  tax: ZDecimalString,
  profitNet: ZDecimalString,
  totalExclOther: ZDecimalString,
  payout: ZDecimalString,
});

export const ZBatchHead = z.object({
  id: z.number().int(),
  projectId: z.number().int(),
  kind: z.enum(DISTRIBUTION_KINDS),
  seq: z.number().int(),
  name: z.string(),
  mode: z.enum(['COMPUTED', 'MANUAL']),
  date: ZDay,
  status: z.enum(BATCH_STATUSES),
  profitTotal: ZDecimalString.nullable(),
  actualPeak: ZDecimalString.nullable(),
  calculatedAt: ZInstant.nullable(),
  version: z.number().int(),
});
export const ZBatchList = z.array(ZBatchHead);

export const ZBatchLevelRow = z.object({
  level: z.string(),
  label: z.string(),
  ratio: ZDecimalString,
  amount: ZDecimalString,
});

export const ZBatchDetail = ZBatchHead.extend({
  settings: ZDistributionSettings,
  profit: ZProfitInput.nullable(),
  adjustments: z.array(ZAdjustment),
  interestOverrides: z.array(ZInterestOverride),
  manualUnlocked: z.boolean(),
  warnings: z.array(z.string()),
  lines: z.array(ZBatchLine),
  /** the 合计 row (null before 测算) */
  totals: ZBatchTotals.nullable(),
  /** the BPM form's per-level table (控股集团 / 置业集团 / 城市公司 / 其它, 合计) */
  levels: z.array(ZBatchLevelRow),
});
export type TBatchDetail = z.infer<typeof ZBatchDetail>;

/** GET /api/me/distributions/:lineId: my line of a batch (the mini-program's 分配通知 page); the account masked. */
export const ZMyDistributionLine = z.object({
  lineId: z.number().int(),
  projectName: z.string(),
  batchName: z.string(),
  date: ZDay.nullable(),
  principal: ZDecimalString.nullable(),
  interest: ZDecimalString.nullable(),
  other: ZDecimalString.nullable(),
  profit: ZDecimalString.nullable(),
  tax: ZDecimalString.nullable(),
  total: ZDecimalString,
  account: ZBankAccount.nullable(),
  status: z.enum(['SCHEDULED', 'PAID']),
});
export type TMyDistributionLine = z.infer<typeof ZMyDistributionLine>;

// ---- 分配通知 (console) -------------------------------------------------------------------------------------------
export const NOTICE_DELIVERIES = ['NOT_SENT', 'PENDING', 'SENT', 'DELIVERED', 'FAILED', 'CANCELLED'] as const;
export const NOTICE_DELIVERY_LABEL: Record<(typeof NOTICE_DELIVERIES)[number], string> = {
  NOT_SENT: '未发送',
  PENDING: '待发送',
  SENT: '已发送',
  DELIVERED: '已送达',
  FAILED: '发送失败',
  CANCELLED: '已取消',
};

/**
 * GET /api/projects/:id/distributions/:batchId/notices: who was told what and when — one row per partner line with a
 * payout, the 分配通知 from the notification outbox (null before it was written).
 */
export const ZBatchNoticeRow = z.object({
  lineId: z.number().int(),
  seq: z.number().int(),
  userId: z.number().int(),
  name: z.string(),
  marks: z.array(z.string()),
  level: z.enum(['HOLDING', 'GROUP', 'CITY', 'OTHER']),
  payout: ZDecimalString,
  delivery: z.enum(NOTICE_DELIVERIES),
  /** the card's title and text as sent (markdown) */
  title: z.string().nullable(),
  text: z.string().nullable(),
  /** read / unread as DingTalk reported it, when known */
  outcome: z.string().nullable(),
  lastError: z.string().nullable(),
  writtenAt: ZInstant.nullable(),
  sentAt: ZInstant.nullable(),
});
export type TBatchNoticeRow = z.infer<typeof ZBatchNoticeRow>;
export const ZBatchNoticeList = z.array(ZBatchNoticeRow);
