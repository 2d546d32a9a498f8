/**
 * What the 个人中心 endpoints (/api/me/*) answer: the mini-program's home, project, 认购 and 缴款 pages.
 * `agreement` is the state of the partner's 合伙协议 / 补充协议 in the project (the 协议 page: shared/api/agreements.ts).
 */
import { z } from 'zod';
import { ZDay, ZDecimalString, ZInstant } from './common';
import {
  AGREEMENT_STATES,
  CATEGORIES,
  DISTRIBUTION_STATUSES,
  HOLDING_MARKS,
  PAYMENT_STATUSES,
  ROUND_STATUSES,
  SUBSCRIPTION_STATUSES,
} from './labels';

export const ZMoneyTotals = z.object({
  invested: ZDecimalString,
  paid: ZDecimalString,
  due: ZDecimalString,
  distributed: ZDecimalString,
});
export type TMoneyTotals = z.infer<typeof ZMoneyTotals>;

export const ZMyProjectRow = ZMoneyTotals.extend({
  projectId: z.number().int(),
  projectName: z.string(),
  companyName: z.string(),
  /** the worst state of the project's payments, null before any amount is due */
  paymentStatus: z.enum(PAYMENT_STATUSES).nullable(),
  marks: z.array(z.enum(HOLDING_MARKS)),
});
export type TMyProjectRow = z.infer<typeof ZMyProjectRow>;

/** Kinds of notices (shared/deeplinks.ts NOTICE_PAGE says which page each opens). */
export const NOTICE_KINDS = [
  'SUBSCRIPTION',
  'PAYMENT',
  'REMINDER',
  'TOP_UP',
  'REFUND',
  'ACCOUNT_CONFIRM',
  'DISTRIBUTION',
  'DISCLOSURE',
  'REVIEW',
  'AGREEMENT',
] as const;
export const ZNoticeRow = z.object({
  /** Unique per kind only (a round line, a payment due or a review id). */
  id: z.number().int(),
  kind: z.enum(NOTICE_KINDS),
  title: z.string(),
  /** 待认购 / 已认购 ¥…，截止前可修改 / 尚欠 ¥… / 待审核 */
  summary: z.string().nullable(),
  projectName: z.string().nullable(),
  createdAt: ZInstant,
  /** an instant (认购) or a date (缴款) */
  deadline: z.union([ZInstant, ZDay]).nullable().optional(),
  /** The parameters of the page it opens (projectId, noticeId, dueId, lineId, reviewId). */
  params: z.record(z.string(), z.number()),
});
export type TNoticeRow = z.infer<typeof ZNoticeRow>;

/** GET /api/me/overview */
export const ZOverview = z.object({
  totals: ZMoneyTotals,
  projects: z.array(ZMyProjectRow),
  notices: z.array(ZNoticeRow),
});
export type TOverview = z.infer<typeof ZOverview>;

export const ZMyPaymentRow = z.object({
  noticeId: z.number().int(),
  title: z.string(),
  dueAmount: ZDecimalString,
  paidAmount: ZDecimalString,
  dueDate: ZDay,
  status: z.enum(PAYMENT_STATUSES),
});
export type TMyPaymentRow = z.infer<typeof ZMyPaymentRow>;

export const ZMyDistributionRow = z.object({
  lineId: z.number().int(),
  batchName: z.string(),
  amount: ZDecimalString,
  date: ZDay.nullable(),
  status: z.enum(DISTRIBUTION_STATUSES),
});
export type TMyDistributionRow = z.infer<typeof ZMyDistributionRow>;

/** GET /api/me/projects/:projectId */
export const ZMyProject = z.object({
  project: z.object({
    id: z.number().int(),
    name: z.string(),
    companyName: z.string(),
    acquiredOn: ZDay.nullable(),
    batchName: z.string().nullable(),
    /** 自操盘 / 我方操盘 / 合作方操盘 */
    operator: z.string().nullable(),
  }),
  /** `status` is the latest round's state. */
  scheme: z
    .object({
      peakCapital: ZDecimalString,
      coInvestRatio: ZDecimalString,
      capTotal: ZDecimalString,
      status: z.enum(ROUND_STATUSES),
    })
    .nullable(),
  subscription: z.object({
    amount: ZDecimalString.nullable(),
    lower: ZDecimalString,
    upper: ZDecimalString,
    deadline: ZInstant,
    status: z.enum(SUBSCRIPTION_STATUSES),
    confirmedAmount: ZDecimalString.nullable(),
  }),
  payments: z.array(ZMyPaymentRow),
  distributions: z.array(ZMyDistributionRow),
  /** null before any agreement was generated for me in this project; pending = documents waiting for my signature */
  agreement: z.object({ state: z.enum(AGREEMENT_STATES), pending: z.number().int() }).nullable(),
  marks: z.array(z.enum(HOLDING_MARKS)),
  /** my exit from this project once its 离职退休流程 has started (the 退出结算单 page), else null */
  exitId: z.number().int().nullable(),
});
export type TMyProject = z.infer<typeof ZMyProject>;

/** GET / POST /api/me/projects/:projectId/subscription */
export const ZMySubscription = z.object({
  projectId: z.number().int(),
  projectName: z.string(),
  /** 立项认购 / 补投认购（第 n 次） */
  roundTitle: z.string(),
  levelName: z.string(),
  /** 强投 / 优先 / 自愿: a 强投 partner cannot decline (0). */
  category: z.enum(CATEGORIES),
  lower: ZDecimalString,
  upper: ZDecimalString,
  /** the allocation unit */
  unit: ZDecimalString,
  /** the server's clock, for the countdown */
  serverTime: ZInstant,
  deadline: ZInstant,
  amount: ZDecimalString.nullable(),
  status: z.enum(SUBSCRIPTION_STATUSES),
  version: z.number().int(),
});
export type TMySubscription = z.infer<typeof ZMySubscription>;

export const ZBankAccount = z.object({
  accountName: z.string(),
  bankName: z.string(),
  branchName: z.string().nullable().optional(),
  accountNo: z.string(),
});
export type TBankAccount = z.infer<typeof ZBankAccount>;

/** GET /api/me/payment-notices/:noticeId (and the answer of 我已打款). */
export const ZMyPaymentNotice = z.object({
  noticeId: z.number().int(),
  projectId: z.number().int(),
  projectName: z.string(),
  title: z.string(),
  dueAmount: ZDecimalString,
  paidAmount: ZDecimalString,
  outstanding: ZDecimalString,
  dueDate: ZDay,
  status: z.enum(PAYMENT_STATUSES),
  /** Where to pay: the company's collection account (empty strings while the accountant has not set it). */
  payee: ZBankAccount,
  /** When the partner said "我已打款", with their receipt photos. */
  markedPaidAt: ZInstant.nullable(),
  receipts: z.array(z.object({ id: z.number().int(), uploadedAt: ZInstant })),
});
export type TMyPaymentNotice = z.infer<typeof ZMyPaymentNotice>;
