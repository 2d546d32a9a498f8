/**
 * Shapes of endpoints the BFF does not serve yet (pages show an empty state on their 404): the mini-program's
 * proposal for the agreement and distribution contracts. Everything the BFF serves is typed by shared/api
 * (identity, me, reviews), the schemas the BFF checks its answers against.
 */
import type { TCapitalEntryKind, TDistributionStatus, TLevel, TPaymentStatus } from '../../shared/api/labels';
import type { TBankAccount } from '../../shared/api/me';

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
  account: TBankAccount | null;
  status: TDistributionStatus;
}

export interface DistributionAccountResponse {
  account: TBankAccount | null;
  confirmedAt: string | null;
  /** The accountant asked this partner to confirm. */
  confirmationRequested: boolean;
}

/**
 * GET /api/me/projects/:projectId/capital-history — 投资记录 read from the capital ledger (the proposal until
 * shared/api/capital.ts lands). `outstanding` = committed − paid: > 0 still to pay (待缴), < 0 to be refunded (待退).
 */
export interface CapitalHistoryResponse {
  projectId: number;
  projectName: string;
  totals: { committed: string; paid: string; outstanding: string };
  /** 认缴 per confirmed round and level (立项认购 / 补投认购), oldest first. */
  rounds: Array<{ roundId: number; title: string; level: TLevel; amount: string; date: string }>;
  /** 立项调整 after each applied peak change, per level: old → new commitment. */
  changes: Array<{
    changeId: number;
    seq: number;
    date: string;
    level: TLevel;
    oldPeakCapital: string;
    newPeakCapital: string;
    oldCommitted: string;
    newCommitted: string;
    delta: string;
  }>;
  /** Money in (PAYMENT, positive) and back out (REFUND, negative), by value date, oldest first. */
  tranches: Array<{ id: number; kind: TCapitalEntryKind; date: string; amount: string; level: TLevel }>;
  /** 补缴 / 退款 dues created by the changes (each opens the change-notice page). */
  dues: Array<{
    dueId: number;
    kind: 'TOPUP' | 'REFUND';
    amountDue: string;
    paidAmount: string;
    dueDate: string | null;
    status: TPaymentStatus;
  }>;
}

/**
 * What the 补缴/退款通知 page needs beyond GET /api/me/change-dues/:dueId as shared/api/scheme-change.ts has it
 * (asked of the BFF; each part is shown only when the answer carries it): the peak change behind the due, the
 * confirmed payments or payouts with their dates, and 我已打款 with the receipts uploaded for it.
 */
export interface ChangeDueExtras {
  change?: { seq: number; oldPeakCapital: string; newPeakCapital: string; reason: string | null };
  records?: Array<{ amount: string; paidOn: string }>;
  markedPaidAt?: string | null;
  receipts?: Array<{ id: number; uploadedAt: string }>;
}
