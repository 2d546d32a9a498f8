import type { Dec } from '../../../../shared/money';
import type {
  TVoucherAuxItem,
  TVoucherGrouping,
  TVoucherMovementKind,
  TVoucherWord,
} from '../../../../shared/api/vouchers';

export type SourceType = 'CAPITAL_ENTRY' | 'DISTRIBUTION_LINE' | 'PARTNER_EXIT';

/** The 往来 of a movement: a partner, or the 平台公司 (id null). */
export interface Counterparty {
  id: number | null;
  name: string;
  /** the partner's DingTalk userid (their code in the ledger system); null for the platform */
  code: string | null;
}

export interface ProjectRef {
  id: number;
  code: string | null;
  name: string;
}

/** One money movement of an accounting entity, read from the ledger, a distribution line or an exit. */
export interface Movement {
  /** unique per movement and kind: ce:<entryId>, dl:<lineId>:<kind>, exit:<exitId> */
  key: string;
  kind: TVoucherMovementKind;
  /** signed: a movement the source reversed (REVERSAL of a ledger entry) is negative — 红字 */
  amount: Dec;
  /** YYYY-MM-DD: when the money moved */
  date: string;
  /** what one voucher per batch gathers: a distribution batch, an exit, a payment round, a scheme change … */
  batchKey: string;
  /** the batch in words, for {批次} */
  batchLabel: string;
  project: ProjectRef;
  counterparty: Counterparty;
  source: { type: SourceType; id: number };
}

export interface RuleAccount {
  code: string;
  name: string;
  aux: TVoucherAuxItem[];
}

export interface VoucherRuleSpec {
  kind: TVoucherMovementKind;
  word: TVoucherWord;
  grouping: TVoucherGrouping;
  debit: RuleAccount;
  credit: RuleAccount;
  summaryTemplate: string;
}

export interface DraftLine {
  summary: string;
  accountCode: string;
  accountName: string;
  debit: Dec;
  credit: Dec;
  counterparty: Counterparty | null;
  project: ProjectRef | null;
  movementKind: TVoucherMovementKind;
  source: { type: SourceType; id: number };
  /** the movement's signed amount this line carries */
  amount: Dec;
}

export interface DraftVoucher {
  groupKey: string;
  kind: TVoucherMovementKind;
  word: TVoucherWord;
  /** the latest movement date of the voucher */
  date: string;
  summary: string;
  lines: DraftLine[];
  fingerprint: string;
}
