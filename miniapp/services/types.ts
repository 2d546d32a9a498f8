/**
 * Shapes the BFF answers with, as the mini-program uses them. Amounts are decimal strings ("1234567.89"),
 * instants ISO strings, dates "YYYY-MM-DD". Auth and /api/me are the identity contract; the business
 * shapes (overview, subscriptions, payments, distributions, reviews) are the contract proposed for the
 * business endpoints and are read defensively until those land.
 */
import type { TLoginResult, TMe, TRoleKind } from '../../shared/api/identity';
import type { NoticeKind } from '../../shared/deeplinks';

export type RoleKind = TRoleKind;
/** The signed-in user as POST /api/auth/dingtalk and GET /api/me return it. */
export type SessionUser = TMe;
export type LoginResponse = TLoginResult;

export interface MeResponse {
  user: TMe;
}

/** 未缴 / 部分缴款 / 已缴 / 逾期 / 已放弃 for payments; 退 / 离 marks; review and subscription states. */
export type PaymentStatus = 'UNPAID' | 'PARTIAL' | 'PAID' | 'OVERDUE' | 'WAIVED';
export type HoldingMark = 'EXITED' | 'LEFT';

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
  id: number;
  kind: NoticeKind;
  title: string;
  summary?: string | null;
  projectName?: string | null;
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
  project: { id: number; name: string; companyName: string; acquiredOn: string | null; batchName: string | null; operator?: string | null };
  scheme: { peakCapital: string | null; coInvestRatio: string | null; capTotal: string | null; status: string | null } | null;
  subscription: { amount: string | null; lower: string; upper: string; deadline: string | null; status: SubscriptionStatus; confirmedAmount: string | null } | null;
  payments: PaymentRow[];
  distributions: DistributionRow[];
  agreement: { available: boolean; fileName: string | null } | null;
  marks: HoldingMark[];
}

export type SubscriptionStatus = 'OPEN' | 'SUBMITTED' | 'CONFIRMED' | 'CLOSED';

export interface SubscriptionResponse {
  projectId: number;
  projectName: string;
  levelName: string | null;
  lower: string;
  upper: string;
  deadline: string | null;
  amount: string | null;
  status: SubscriptionStatus;
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
  /** Where to pay: the company's collection account. */
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

export type ReviewStatus = 'PENDING' | 'APPROVED' | 'REJECTED';

export interface ReviewRow {
  id: number;
  kind: string;
  title: string;
  projectName: string | null;
  submittedBy: string | null;
  submittedAt: string;
  /** Total amount the item is about, if any. */
  amount: string | null;
}

export interface ReviewListResponse {
  items: ReviewRow[];
}

export interface ReviewDetailResponse extends ReviewRow {
  status: ReviewStatus;
  summary: string | null;
  lines: Array<{ label: string; value: string; amount?: boolean }>;
  decidedAt: string | null;
  reason: string | null;
}
