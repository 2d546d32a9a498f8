/**
 * Contracts of 峰值变更 → 立项调整 → 方案审核 → 立项信息变更 → 补缴/退款通知 → 变更缴款确认 (quick guide 4.1.1–4.3.2):
 * the BFF, the console and the mini-program build against these.
 *
 * Routes (all under /api/projects/:id/scheme-changes, project-scoped; the city accountant of the project prepares,
 * the business admin reviews and sends notices / confirms too, project staff read):
 *   GET    /                                  list                              → ZSchemeChangeList
 *   POST   /                                  draft a change (ZSchemeChangeInput) → ZSchemeChangeDetail (201)
 *   GET    /:changeId                         detail: old vs new terms, caps per level, lines, dues → ZSchemeChangeDetail
 *   PUT    /:changeId                         edit while 草稿 (ZSchemeChangeUpdate) → ZSchemeChangeDetail
 *   POST   /:changeId/cancel                  cancel while 草稿 ({ version })     → ZSchemeChangeDetail
 *   POST   /:changeId/calculate               立项调整 (峰值调整投资计算) ({ version }) → ZSchemeChangeDetail
 *   PUT    /:changeId/lines/:lineId           edit a line's new commitment with a reason (ZChangeLineEdit) → ZSchemeChangeDetail
 *   POST   /:changeId/submit                  送审 into 方案审核 ({ version })     → ZSchemeChangeSubmitted
 *   POST   /:changeId/notices                 补缴/退款通知 ({ test }) → ZChangeNoticesSent (test: to the caller only)
 *   GET    /:changeId/dues                    the change's 补缴 / 退款 dues with status → ZChangeDueList
 *   POST   /:changeId/dues/:dueId/confirm     变更缴款确认 (ZChangeDueConfirm) → ZChangeDueConfirmed
 * The two BPM flows go through the flow list as the others do: POST /api/projects/:id/flows/PEAK_ADJUSTMENT/start
 * (资金峰值调整, the open 草稿 change) and POST /api/projects/:id/flows/SCHEME_CHANGE/start (立项信息变更, the
 * 审核通过 change); the review is the usual /api/reviews/:id (subject type SCHEME_CHANGE).
 *
 * Partner (mini-program): GET /api/me/change-dues/:dueId → ZMyChangeDue. The work notice's action card opens
 * `eapp://pages/change-notice/index?dueId=<dueId>` (shared/deeplinks.ts page `change-notice`, NOTICE_PAGE TOP_UP /
 * REFUND): the mini-program's 补缴/退款通知 page lives at miniapp/pages/change-notice/index.
 */
import { z } from 'zod';
import { ZMoneyNonNegative, ZRatio } from '../money';
import { ZDate, ZDay, ZDecimalString, ZInstant, ZRef, ZVersion } from './common';
import { HOLDING_MARKS, LEVELS } from './labels';

export const SCHEME_CHANGE_STATUSES = [
  'DRAFT',
  'PEAK_FLOW',
  'PEAK_APPROVED',
  'CALCULATED',
  'IN_REVIEW',
  'APPROVED',
  'CHANGE_FLOW',
  'APPLIED',
  'CANCELLED',
] as const;
export type TSchemeChangeStatus = (typeof SCHEME_CHANGE_STATUSES)[number];
export const SCHEME_CHANGE_STATUS_LABEL: Record<TSchemeChangeStatus, string> = {
  DRAFT: '草稿',
  PEAK_FLOW: '资金峰值调整审批中',
  PEAK_APPROVED: '峰值已调整',
  CALCULATED: '已计算',
  IN_REVIEW: '审核中',
  APPROVED: '审核通过',
  CHANGE_FLOW: '立项信息变更审批中',
  APPLIED: '已生效',
  CANCELLED: '已取消',
};

export const CHANGE_DUE_KINDS = ['TOPUP', 'REFUND'] as const;
export type TChangeDueKind = (typeof CHANGE_DUE_KINDS)[number];
export const CHANGE_DUE_KIND_LABEL: Record<TChangeDueKind, string> = { TOPUP: '补缴', REFUND: '退款' };

export const CHANGE_DUE_STATUSES = ['UNPAID', 'PARTIAL', 'PAID'] as const;
export type TChangeDueStatus = (typeof CHANGE_DUE_STATUSES)[number];
export const CHANGE_DUE_STATUS_LABEL: Record<TChangeDueStatus, string> = {
  UNPAID: '未完成',
  PARTIAL: '部分完成',
  PAID: '已完成',
};

// ---- requests -------------------------------------------------------------------------------------------

/** 股权合作: the new shareholder rows (checked with the rules of 立项资料: 100 % in total, our side marked, no duplicates). */
export const ZChangeShareholder = z.object({
  name: z.string().trim().min(1, '请输入股东名称').max(100),
  equityRatio: ZRatio,
  isOurs: z.boolean().default(false),
  capitalContribution: ZMoneyNonNegative.nullable().optional(),
});

/** POST …/scheme-changes: the proposed 资金峰值, level ratios, per-person ratio, shareholders and the reason. */
export const ZSchemeChangeInput = z.object({
  peakCapital: ZMoneyNonNegative,
  holdingRatio: ZRatio,
  groupRatio: ZRatio,
  cityRatio: ZRatio,
  otherRatio: ZRatio,
  perPersonCapRatio: ZRatio.nullable().optional(),
  shareholders: z.array(ZChangeShareholder).min(1, '至少需要一位股东').max(50),
  reason: z.string().trim().min(1, '请填写变更原因').max(500),
});
export type TSchemeChangeInput = z.infer<typeof ZSchemeChangeInput>;

/** PUT …/scheme-changes/:changeId (草稿 only). */
export const ZSchemeChangeUpdate = ZSchemeChangeInput.extend({ version: ZVersion });
export type TSchemeChangeUpdate = z.infer<typeof ZSchemeChangeUpdate>;

/** cancel / calculate / submit: the version the user decided on. */
export const ZSchemeChangeVersion = z.object({ version: ZVersion });

/** PUT …/lines/:lineId: a partner line's new commitment, with the reason (audited). */
export const ZChangeLineEdit = z.object({
  newCommitted: ZMoneyNonNegative,
  reason: z.string().trim().min(1, '请填写修改原因').max(200),
  version: ZVersion,
});
export type TChangeLineEdit = z.infer<typeof ZChangeLineEdit>;

/** POST …/notices: `test` sends one sample to the caller only; `dueDate` sets the 补缴 due date (default: scheme's days). */
export const ZChangeNoticesSend = z.object({
  test: z.boolean().default(false),
  dueDate: ZDate.optional(),
});

/** POST …/dues/:dueId/confirm: a received 补缴 (TOPUP) or a paid-out 退款 (REFUND); partial allowed. */
export const ZChangeDueConfirm = z.object({
  amount: ZMoneyNonNegative.refine((s) => !/^0+(\.0+)?$/.test(s), '金额必须大于 0'),
  paidOn: ZDate,
  idempotencyKey: z.string().trim().min(8).max(100),
  note: z.string().trim().max(200).optional(),
  /** the due's version as shown (a concurrent confirmation answers VERSION_CONFLICT) */
  version: ZVersion,
});
export type TChangeDueConfirm = z.infer<typeof ZChangeDueConfirm>;

// ---- responses ------------------------------------------------------------------------------------------

export const ZChangeTerms = z.object({
  peakCapital: ZDecimalString,
  holdingRatio: ZDecimalString,
  groupRatio: ZDecimalString,
  cityRatio: ZDecimalString,
  otherRatio: ZDecimalString,
  totalRatio: ZDecimalString,
  perPersonCapRatio: ZDecimalString.nullable(),
  /** 单人上限 amount, null = none */
  personCap: ZDecimalString.nullable(),
  shareholders: z.array(
    z.object({
      name: z.string(),
      equityRatio: ZDecimalString,
      isOurs: z.boolean(),
      capitalContribution: ZDecimalString.nullable(),
    }),
  ),
});
export type TChangeTerms = z.infer<typeof ZChangeTerms>;

/** One level: the cap before and after, and (once calculated) the partners' and the platform's totals. */
export const ZChangeLevel = z.object({
  level: z.enum(LEVELS),
  oldRatio: ZDecimalString,
  newRatio: ZDecimalString,
  oldCap: ZDecimalString,
  newCap: ZDecimalString,
  oldPartners: ZDecimalString.nullable(),
  newPartners: ZDecimalString.nullable(),
  oldPlatform: ZDecimalString.nullable(),
  newPlatform: ZDecimalString.nullable(),
});

/** One 立项调整 line (holder × level); the platform's line has user null. */
export const ZChangeLine = z.object({
  id: z.number().int(),
  level: z.enum(LEVELS),
  holder: z.enum(['PARTNER', 'PLATFORM']),
  user: ZRef.nullable(),
  oldCommitted: ZDecimalString,
  paid: ZDecimalString,
  computedCommitted: ZDecimalString,
  newCommitted: ZDecimalString,
  delta: ZDecimalString,
  /** newCommitted − paid when positive: what the partner still owes after the change (补缴) */
  topUp: ZDecimalString,
  /** paid − newCommitted when positive: what the company pays back (退款) */
  refund: ZDecimalString,
  edited: z.boolean(),
  editReason: z.string().nullable(),
  editedBy: z.string().nullable(),
  /** what the calculation says about the line (clamped, below the minimum, refund …) */
  message: z.string().nullable(),
  version: z.number().int(),
});
export type TChangeLine = z.infer<typeof ZChangeLine>;

export const ZChangeDue = z.object({
  id: z.number().int(),
  kind: z.enum(CHANGE_DUE_KINDS),
  level: z.enum(LEVELS),
  /** `marks`: 退 (exited the project), 离 (left the company, exit not done yet) */
  user: ZRef.extend({ marks: z.array(z.enum(HOLDING_MARKS)) }),
  /** TOPUP: what the partner pays in; REFUND: what the company pays back */
  amountDue: ZDecimalString,
  /** TOPUP: received so far; REFUND: paid out so far */
  paidAmount: ZDecimalString,
  outstanding: ZDecimalString,
  dueDate: ZDay,
  status: z.enum(CHANGE_DUE_STATUSES),
  noticeSentAt: ZInstant.nullable(),
  version: z.number().int(),
  records: z.array(z.object({ id: z.number().int(), amount: ZDecimalString, paidOn: ZDay, createdAt: ZInstant })),
});
export type TChangeDue = z.infer<typeof ZChangeDue>;
export const ZChangeDueList = z.array(ZChangeDue);

export const ZSchemeChangeSummary = z.object({
  id: z.number().int(),
  projectId: z.number().int(),
  seq: z.number().int(),
  status: z.enum(SCHEME_CHANGE_STATUSES),
  oldPeakCapital: ZDecimalString,
  peakCapital: ZDecimalString,
  reason: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: ZInstant,
  calculatedAt: ZInstant.nullable(),
  appliedAt: ZInstant.nullable(),
  version: z.number().int(),
});
export const ZSchemeChangeList = z.array(ZSchemeChangeSummary);

export const ZSchemeChangeDetail = ZSchemeChangeSummary.extend({
  projectName: z.string(),
  old: ZChangeTerms,
  proposed: ZChangeTerms,
  levels: z.array(ZChangeLevel),
  lines: z.array(ZChangeLine),
  /** counts of the lines that mean money moves when the change applies */
  topUps: z.number().int(),
  refunds: z.number().int(),
  /** the latest runs of the two flows and the review, when there are */
  peakFlow: z.object({ id: z.number().int(), status: z.string(), instanceId: z.string().nullable() }).nullable(),
  changeFlow: z.object({ id: z.number().int(), status: z.string(), instanceId: z.string().nullable() }).nullable(),
  review: z
    .object({ id: z.number().int(), status: z.string(), reason: z.string().nullable(), decidedAt: ZInstant.nullable() })
    .nullable(),
  dues: z.array(ZChangeDue),
});
export type TSchemeChangeDetail = z.infer<typeof ZSchemeChangeDetail>;

export const ZSchemeChangeSubmitted = z.object({ reviewId: z.number().int() });

export const ZChangeNoticesSent = z.object({
  test: z.boolean(),
  recipients: z.number().int(),
  batchId: z.number().int().optional(),
});

export const ZChangeDueConfirmed = ZChangeDue.extend({ replayed: z.boolean() });

/** GET /api/me/change-dues/:dueId — the partner's 补缴/退款 notice page. */
export const ZMyChangeDue = z.object({
  id: z.number().int(),
  kind: z.enum(CHANGE_DUE_KINDS),
  project: ZRef,
  level: z.enum(LEVELS),
  oldCommitted: ZDecimalString,
  newCommitted: ZDecimalString,
  paid: ZDecimalString,
  amountDue: ZDecimalString,
  paidAmount: ZDecimalString,
  outstanding: ZDecimalString,
  dueDate: ZDay,
  status: z.enum(CHANGE_DUE_STATUSES),
  /** The 峰值变更 behind the due (第 n 次立项调整): the peak before and after, and why. */
  change: z.object({
    seq: z.number().int(),
    oldPeakCapital: ZDecimalString,
    peakCapital: ZDecimalString,
    reason: z.string().nullable(),
  }),
  /** Confirmed payments (TOPUP) or payouts (REFUND), oldest first, with the day the money moved. */
  records: z.array(z.object({ amount: ZDecimalString, paidOn: ZDay })),
  /** 我已打款 on a TOPUP (the same receipt upload as a 缴款通知: POST /api/me/payment-notices/:dueId/receipts). */
  markedPaidAt: ZInstant.nullable(),
  receipts: z.array(z.object({ id: z.number().int(), uploadedAt: ZInstant })),
  /** TOPUP: the company's payee account; REFUND: the partner's account the refund goes to */
  account: z.object({
    /** PAYEE: the scheme's 缴款账户 (top-up); NONE: no partner account is on file yet — a refund goes back to the account the partner paid from, which the accountant confirms with them */
    source: z.enum(['PAYEE', 'NONE']),
    name: z.string().nullable(),
    bank: z.string().nullable(),
    account: z.string().nullable(),
  }),
});
export type TMyChangeDue = z.infer<typeof ZMyChangeDue>;
