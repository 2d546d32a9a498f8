/**
 * 分配 contracts: 分配账户 (the partner's bank account for distributions, account number always masked) and the
 * project's distribution batches (本金分配, 第N次利润分配, 清算分配) with their lines. Amounts are decimal strings.
 */
import { z } from 'zod';
import { ZDate, ZDay, ZDecimalString, ZInstant, ZVersion } from './common';
import { ZBankAccount } from './me';
import { DISTRIBUTION_ACCOUNT_STATUSES, DISTRIBUTION_STATUSES } from './labels';

// ---- 分配账户 ----------------------------------------------------------------------------------------------
export {
  DISTRIBUTION_ACCOUNT_STATUSES,
  DISTRIBUTION_ACCOUNT_STATUS_LABEL,
  type TDistributionAccountStatus,
} from './labels';

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
const ZShare = z.string().regex(/^(0(\.\d{1,6})?|1(\.0{1,6})?)$/, '配资比例应为 0 到 1 之间的小数（如 0.8）');
/** 资金利息 on base FINANCED: the part of the line's principal the company financed (配资 / 垫资), a share or an amount */
export const ZFinancing = ZLineRef.extend({ share: ZShare.optional(), amount: ZMoney.optional() }).refine(
  (f) => (f.share === undefined) !== (f.amount === undefined),
  { message: '配资请填写比例或金额中的一项' },
);
export type TFinancing = z.infer<typeof ZFinancing>;
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
  /** 资金利息按配资额: the financed part per line */
  financing: z.array(ZFinancing).max(2000).optional(),
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
  financing: z.array(ZFinancing),
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
  projectId: z.number().int(),
  projectName: z.string(),
  kind: z.enum(DISTRIBUTION_KINDS),
  batchName: z.string(),
  /** 分配日期 */
  date: ZDay.nullable(),
  /** when the 分配通知 went out */
  noticeSentAt: ZInstant.nullable(),
  /** 发放日期 (发放登记), null until paid */
  paidOn: ZDay.nullable(),
  principal: ZDecimalString.nullable(),
  interest: ZDecimalString.nullable(),
  other: ZDecimalString.nullable(),
  profit: ZDecimalString.nullable(),
  tax: ZDecimalString.nullable(),
  /** 实发合计: what this batch pays me (本金 + 资金利息 + 其它, 利润 − 代扣税, by kind) */
  total: ZDecimalString,
  account: ZBankAccount.nullable(),
  /** null: no 分配账户 on file */
  accountStatus: z.enum(DISTRIBUTION_ACCOUNT_STATUSES).nullable(),
  status: z.enum(DISTRIBUTION_STATUSES),
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
// ---- 手动-非测算 (解锁编辑, typed lines, 导出模板 / 导入) --------------------------------------------------------
/**
 * One typed line of a 手动-非测算 batch (the manual's columns A, B, C, F; D, E and the totals are derived).
 * `name` is the name cell as typed, marks may follow it ("王磊 离 退"); `userId` only where two partners share the name;
 * `平台公司` is the level's platform company. Amounts are decimal strings to the cent, "," allowed; empty = 0.
 */
export const ZManualLine = z.object({
  name: z.string().trim().min(1, '请填写姓名').max(100),
  userId: z.number().int().positive().nullable().optional(),
  level: z.enum(['HOLDING', 'GROUP', 'CITY', 'OTHER']),
  /** A 事业合伙本金 (> 0) */
  principal: z.string().max(30),
  /** B 资金利息 (≤ 0) */
  interest: z.string().max(30).nullable().optional(),
  /** C 其它 (any sign; a reason when not 0) */
  other: z.string().max(30).nullable().optional(),
  otherReason: z.string().trim().max(200).nullable().optional(),
  /** F 利润分配 (≥ 0) */
  profit: z.string().max(30).nullable().optional(),
});
export type TManualLine = z.infer<typeof ZManualLine>;

/** Most lines a typed batch (or its import file) may have. */
export const MANUAL_MAX_LINES = 2000;

/**
 * PUT /api/projects/:id/distributions/:batchId/lines: 保存 of a typed batch (unlocked by the business admin) with its
 * 分配日期; every line checked at once — refused as a whole (422, `details.errors[{ row, column, message }]`) or stored,
 * the batch 已测算. After 送审 the batch goes back to 草稿 first.
 */
export const ZSaveManualLines = z.object({
  version: ZVersion,
  date: ZDate,
  lines: z.array(ZManualLine).min(1, '分配明细为空').max(MANUAL_MAX_LINES),
});
export type TSaveManualLines = z.infer<typeof ZSaveManualLines>;

/** POST …/distributions/:batchId/unlock: 解锁编辑 (the business admin). */
export const ZUnlockBatch = z.object({ version: ZVersion, reason: z.string().trim().max(200).optional() });

/** One problem of an import file (or of typed lines): the spreadsheet row (or 序号) and the column, in Chinese. */
export const ZRowError = z.object({ row: z.number().int(), column: z.string().optional(), message: z.string() });
export type TRowError = z.infer<typeof ZRowError>;

/** Column headers of the 导出模板 / 导入 file of a typed batch, in order (the manual's table). */
export const MANUAL_TEMPLATE_COLUMNS = [
  '序号',
  '姓名',
  '工号',
  '层级',
  '事业合伙本金',
  '资金利息',
  '其它',
  '其它原因',
  '本金分配不含其它',
  '本金分配含其它',
  '利润分配',
  '分配合计不含其它',
] as const;

// ---- 分配账户导入 / 发放结果导入 ------------------------------------------------------------------------------
/** Columns of the 分配账户 import file: a partner by 姓名 (手机号 or 工号 where two share the name). */
export const ACCOUNT_IMPORT_COLUMNS = ['姓名', '手机号', '工号', '户名', '开户行', '支行', '账号'] as const;

/** POST /api/projects/:id/distribution-accounts/import: all rows or none; unchanged accounts are not rewritten. */
export const ZAccountImportResult = z.object({
  imported: z.number().int(),
  unchanged: z.number().int(),
  accounts: ZDistributionAccountList,
});
export type TAccountImportResult = z.infer<typeof ZAccountImportResult>;

/** Columns of the bank's payout result file (the template lists the batch's lines with a payout). */
export const PAYOUT_RESULT_COLUMNS = [
  '序号',
  '姓名',
  '层级',
  '应发金额',
  '发放日期',
  '实发金额',
  '状态',
  '备注',
] as const;
/** 状态 values: paid (成功 / 已发放) or not (失败 / 退票: reported back, nothing registered). */
export const PAYOUT_RESULT_PAID = ['成功', '已发放'] as const;
export const PAYOUT_RESULT_FAILED = ['失败', '退票'] as const;

/** POST …/distributions/:batchId/payout-results: registered through 发放登记; importing the same file again changes nothing. */
export const ZPayoutImportResult = z.object({
  /** lines registered 已发放 now */
  registered: z.number().int(),
  /** lines already registered with the same date (a repeated import) */
  alreadyPaid: z.number().int(),
  /** lines the bank did not pay: not registered */
  failed: z.array(z.object({ row: z.number().int(), lineId: z.number().int(), name: z.string(), note: z.string() })),
  batch: ZBatchDetail,
});
export type TPayoutImportResult = z.infer<typeof ZPayoutImportResult>;
