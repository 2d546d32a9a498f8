/**
 * Shapes the BFF answers with, as the mini-program uses them. Amounts are decimal strings ("1234567.89"),
 * instants ISO strings, dates "YYYY-MM-DD". Auth and /api/me are the identity contract; overview, project,
 * subscription, payment notice and reviews follow server/modules/me and server/modules/reviews. Agreement
 * and distribution shapes are still the proposal for endpoints the BFF does not serve yet (pages show an
 * empty state on their 404).
 */
import type { TLoginResult, TMe, TRoleKind } from '../../shared/api/identity';
import type { TCategory, TPaymentStatus } from '../../shared/api/scheme';
import type { NoticeKind } from '../../shared/deeplinks';

export type RoleKind = TRoleKind;
/** The signed-in user as POST /api/auth/dingtalk and GET /api/me return it. */
export type SessionUser = TMe;
export type LoginResponse = TLoginResult;

export interface MeResponse {
  user: TMe;
}

/** 未缴 / 部分缴款 / 已缴 / 逾期 / 已放弃 for payments; 退 / 离 marks; review and subscription states. */
export type PaymentStatus = TPaymentStatus;
export type HoldingMark = 'EXITED' | 'LEFT';
/** A subscription round's state (立项认购 / 补投认购), as GET /api/me/projects/:id reports it in `scheme.status`. */
export type RoundStatus = 'DRAFT' | 'OPEN' | 'CALCULATED' | 'IN_REVIEW' | 'APPROVED' | 'CONFIRMED' | 'CLOSED';

export interface MoneyTotals {
  invested: string;
  paid: string;
  due: string;
  distributed: string;
}

export interface MyProjectRow extends MoneyTotals {
  projectId: number;
  projectName: string;
  companyName: string;
  paymentStatus: PaymentStatus | null;
  marks: HoldingMark[];
}

export interface NoticeRow {
  /** Unique per kind only (a round line, a payment due or a review id). */
  id: number;
  kind: NoticeKind;
  title: string;
  /** 待认购 / 已认购 ¥…，截止前可修改 / 尚欠 ¥… / 待审核 */
  summary: string | null;
  projectName: string | null;
  createdAt: string;
  deadline?: string | null;
  /** The parameters of the page it opens (projectId, noticeId, lineId, reviewId). */
  params: Record<string, number>;
}

export interface OverviewResponse {
  totals: MoneyTotals;
  projects: MyProjectRow[];
  notices: NoticeRow[];
}

export interface PaymentRow {
  noticeId: number;
  title: string;
  dueAmount: string;
  paidAmount: string;
  dueDate: string | null;
  status: PaymentStatus;
}

export interface DistributionRow {
  lineId: number;
  batchName: string;
  amount: string;
  date: string | null;
  status: 'SCHEDULED' | 'PAID';
}

export interface ProjectDetailResponse {
  project: {
    id: number;
    name: string;
    companyName: string;
    acquiredOn: string | null;
    batchName: string | null;
    operator?: string | null;
  };
  /** `status` is the latest round's state. */
  scheme: {
    peakCapital: string | null;
    coInvestRatio: string | null;
    capTotal: string | null;
    status: RoundStatus | null;
  } | null;
  subscription: {
    amount: string | null;
    lower: string;
    upper: string;
    deadline: string | null;
    status: SubscriptionStatus;
    confirmedAmount: string | null;
  } | null;
  payments: PaymentRow[];
  distributions: DistributionRow[];
  agreement: { available: boolean; fileName: string | null } | null;
  marks: HoldingMark[];
}

export type SubscriptionStatus = 'OPEN' | 'SUBMITTED' | 'CONFIRMED' | 'CLOSED';

export interface SubscriptionResponse {
  projectId: number;
  projectName: string;
  /** 立项认购 / 补投认购（第 n 次） */
  roundTitle: string;
  levelName: string | null;
  /** 强投 / 优先 / 自愿: a 强投 partner cannot decline (0). */
  category: TCategory;
  lower: string;
  upper: string;
  deadline: string | null;
  amount: string | null;
  status: SubscriptionStatus;
  version: number;
}

export interface BankAccount {
  accountName: string;
  bankName: string;
  branchName?: string | null;
  accountNo: string;
}

export interface PaymentNoticeResponse {
  noticeId: number;
  projectId: number;
  projectName: string;
  title: string;
  dueAmount: string;
  paidAmount: string;
  outstanding: string;
  dueDate: string | null;
  status: PaymentStatus;
  /** Where to pay: the company's collection account (empty strings while the accountant has not set it). */
  payee: BankAccount;
  /** When the partner said "我已打款", with their receipt photos. */
  markedPaidAt: string | null;
  receipts: Array<{ id: number; uploadedAt: string }>;
}

export interface AgreementResponse {
  projectId: number;
  projectName: string;
  fileName: string;
  fileType: DdDocumentType;
  /** Path on the BFF that serves the file to this user (with the bearer token). */
  downloadPath: string;
  generatedAt: string | null;
}

export interface DistributionLineResponse {
  lineId: number;
  projectName: string;
  batchName: string;
  date: string | null;
  principal: string | null;
  interest: string | null;
  other: string | null;
  profit: string | null;
  tax: string | null;
  total: string;
  account: BankAccount | null;
  status: 'SCHEDULED' | 'PAID';
}

export interface DistributionAccountResponse {
  account: BankAccount | null;
  confirmedAt: string | null;
  /** The accountant asked this partner to confirm. */
  confirmationRequested: boolean;
}

export type ReviewStatus = 'PENDING' | 'APPROVED' | 'REJECTED' | 'CANCELLED';

/** A row of GET /api/reviews (and the head of GET /api/reviews/:id). */
export interface ReviewRow {
  id: number;
  /** 方案审核 (later: 分配审核 …). */
  kind: string;
  title: string;
  projectId: number;
  projectName: string;
  submittedBy: string | null;
  submittedAt: string;
  /** Total amount the item is about, if any. */
  amount: string | null;
  status: ReviewStatus;
  decidedAt: string | null;
  reason: string | null;
  /** Sent back with the decision: a review decided meanwhile answers 409. */
  version: number;
}

export interface ReviewListResponse {
  items: ReviewRow[];
  total: number;
  page: number;
  pageSize: number;
}

export interface ReviewDetailResponse extends ReviewRow {
  /** One line, e.g. "立项认购：4 人，合计 ¥292,500.00". */
  summary: string;
  /** `amount: true` marks a value that is a decimal amount string. */
  lines: Array<{ label: string; value: string; amount?: boolean }>;
}
