/**
 * Shapes of endpoints the BFF does not serve yet (pages show an empty state on their 404): the mini-program's
 * proposal for the distribution contracts. Everything the BFF serves is typed by shared/api
 * (identity, me, reviews), the schemas the BFF checks its answers against.
 */
import type { TDistributionStatus } from '../../shared/api/labels';
import type { TBankAccount } from '../../shared/api/me';

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
