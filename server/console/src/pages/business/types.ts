/**
 * What the business endpoints answer (server/modules/{scheme,subscription,reviews,flows,payments}): the
 * console reads them as the contract. Amounts and ratios are decimal strings, dates YYYY-MM-DD, instants ISO.
 */
import type {
  TCategory,
  TFlowType,
  TLevel,
  TPaymentStatus,
  ROUND_STATUS_LABEL,
  FLOW_STATUS_LABEL,
  MILESTONE_KINDS,
} from '../../../../../shared/api/scheme';

export type TRoundStatus = keyof typeof ROUND_STATUS_LABEL;
export type TFlowStatus = keyof typeof FLOW_STATUS_LABEL;
export type TMilestoneKind = (typeof MILESTONE_KINDS)[number];

export interface TBasics {
  address: string | null;
  landArea: string | null;
  floorArea: string | null;
  saleableArea: string | null;
  landPrice: string | null;
  totalInvestment: string | null;
  productType: string | null;
  description: string | null;
  version: number;
  updatedAt: string;
}
export interface TShareholder {
  id: number;
  name: string;
  equityRatio: string;
  isOurs: boolean;
  capitalContribution: string | null;
}
export interface TScheme {
  peakCapital: string;
  holdingRatio: string;
  groupRatio: string;
  cityRatio: string;
  otherRatio: string;
  totalRatio: string;
  maxTotalRatio: string;
  perPersonCapRatio: string | null;
  allocationUnit: string;
  tieBreak: 'PRO_RATA' | 'PAYMENT_ORDER';
  payeeName: string | null;
  payeeBank: string | null;
  payeeAccount: string | null;
  paymentDueDays: number;
  voluntaryForfeit: boolean;
  reminderOffsetsDays: number[];
  peakConfirmedAt: string | null;
  version: number;
  updatedAt: string;
}
export interface TMilestone {
  kind: TMilestoneKind;
  plannedOn: string;
  actualOn: string | null;
}
export interface TIndicators {
  salesRevenue: string | null;
  totalCost: string | null;
  netProfit: string | null;
  netMargin: string | null;
  irr: string | null;
  paybackMonths: number | null;
}

export interface TSetup {
  basics: TBasics | null;
  shareholders: TShareholder[];
  scheme: TScheme | null;
  milestones: TMilestone[];
  indicators: TIndicators | null;
}

export interface TRound {
  id: number;
  kind: 'INITIAL' | 'SUPPLEMENT';
  seq: number;
  title: string;
  status: TRoundStatus;
  deadline: string;
  dueDate: string | null;
  partnerCount: number;
  noticeSentAt: string | null;
  version: number;
}

export interface TLevelSummary {
  level: TLevel;
  label: string;
  cap: string;
  subscribed: string;
  allocated: string;
  invested: string;
  platform: string;
}

export interface TLinePayment {
  id: number;
  amountDue: string;
  paidAmount: string;
  status: 'UNPAID' | 'PARTIAL' | 'PAID' | 'FORFEITED';
  dueDate: string;
  version: number;
}

export interface TRoundLine {
  id: number;
  user: { id: number; name: string; company: string | null; status: string };
  level: TLevel;
  category: TCategory;
  minAmount: string;
  maxAmount: string;
  subscribedAmount: string | null;
  subscribedAt: string | null;
  allocatedAmount: string | null;
  investedAmount: string | null;
  editReason: string | null;
  payment: TLinePayment | null;
  version: number;
}

export interface TRoundReview {
  id: number;
  status: TReviewStatus;
  reason: string | null;
  decidedAt: string | null;
  version: number;
}

export interface TRoundDetail {
  round: Omit<TRound, 'partnerCount'> & { calculatedAt: string | null };
  unit: string;
  personCap: string | null;
  levels: TLevelSummary[];
  lines: TRoundLine[];
  review: TRoundReview | null;
}

export type TReviewStatus = 'PENDING' | 'APPROVED' | 'REJECTED' | 'CANCELLED';
export const REVIEW_STATUS_LABEL: Record<TReviewStatus, string> = {
  PENDING: '待审核',
  APPROVED: '审核通过',
  REJECTED: '已驳回',
  CANCELLED: '已撤回',
};

export interface TReviewRow {
  id: number;
  subjectType: string;
  subjectId: number;
  projectId: number;
  title: string;
  status: TReviewStatus;
  kind: string;
  submittedById: number;
  submittedBy: string | null;
  submittedAt: string;
  decidedById: number | null;
  decidedAt: string | null;
  reason: string | null;
  version: number;
  project: { id: number; name: string };
  projectName: string;
  amount: string | null;
}
export interface TReviewDetail extends TReviewRow {
  summary: string;
  lines: { label: string; value: string; amount?: boolean }[];
}

/** One field of the DingTalk approval form as sent by 发起: a value, a list, or a table (rows of named cells). */
export type TFlowFormField =
  | { name: string; value: string }
  | { name: string; list: string[] }
  | { name: string; table: { name: string; value: string }[][] };
/** The form sent with a run (runs started before it was stored have none). */
export interface TFlowForm {
  title: string;
  fields: TFlowFormField[];
}

export interface TFlowRun {
  id: number;
  run: number;
  status: TFlowStatus;
  result: string | null;
  instanceId: string | null;
  startedBy: string | null;
  startedAt: string;
  completedAt: string | null;
  version: number;
  form?: TFlowForm | null;
}
export interface TFlowRow {
  seq: number;
  type: TFlowType;
  label: string;
  repeatable: boolean;
  available: boolean;
  runs: number;
  latest?: TFlowRun;
}

export interface TPaymentRecord {
  id: number;
  amount: string;
  paidOn: string;
  createdAt: string;
}
export interface TDue {
  id: number;
  projectId: number;
  userId: number;
  amountDue: string;
  paidAmount: string;
  outstanding: string;
  dueDate: string;
  storedStatus: TLinePayment['status'];
  status: TPaymentStatus;
  noticeSentAt: string | null;
  lastReminderAt: string | null;
  partnerMarkedPaidAt: string | null;
  version: number;
  user?: { id: number; name: string };
  records: TPaymentRecord[];
}
export interface TConfirmResult extends Omit<TDue, 'records'> {
  replayed: boolean;
}

/** What the round-based tabs (合伙名单, 认购明细 / 测算, 缴款) get from the workspace. */
export interface RoundProps {
  projectId: number;
  round: TRound | null;
  roundId: number | null;
  detail: TRoundDetail | undefined;
  detailLoading: boolean;
  detailError: unknown;
  reloadRound: () => Promise<void>;
  editable: boolean;
  reviewer: boolean;
}
