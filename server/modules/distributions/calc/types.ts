/**
 * The vocabulary of a distribution batch (分配批次, domain.md §4.5–4.8; manual quick guide 7.x–8.x and
 * "如何进行手动-非测算-利润分配"). Pure types, defaults and the two helpers every batch shares (column totals and the
 * BPM form's per-level table). Amounts are decimal.js values, rounded only at the named points listed in
 * server/modules/distributions/README.md.
 */
import type Decimal from 'decimal.js';
import type { MoneyInput } from '../../../../shared/money';
import type { DayCount } from '../../capital/calc/interest';
import { LEVEL_LABEL, LEVELS, positionKey, type Holder, type Level } from '../../capital/calc/types';

export { LEVEL_LABEL, LEVELS, type DayCount, type Holder, type Level };

/** 本金分配 / 第N次利润分配 / 清算分配 */
export type BatchKind = 'PRINCIPAL' | 'PROFIT' | 'CLEARING';
export const BATCH_KIND_LABEL: Record<BatchKind, string> = {
  PRINCIPAL: '本金分配',
  PROFIT: '利润分配',
  CLEARING: '清算分配',
};

/** Which columns a batch kind fills (README "Columns per batch kind"). */
export const fillsPrincipal = (kind: BatchKind): boolean => kind === 'PRINCIPAL' || kind === 'CLEARING';
export const fillsProfit = (kind: BatchKind): boolean => kind === 'PROFIT' || kind === 'CLEARING';

/** Marks shown after a name in the manual's lists: 退 (exited the scheme), 离 (left the company). */
export type Mark = '退' | '离';
export const MARKS: readonly Mark[] = ['退', '离'];

/** Per-project settings (stored per project with a group-wide default; these are the defaults). */
export interface InterestSettings {
  /** 资金利息 applies at all */
  enabled: boolean;
  /** 0.1 = 10% a year */
  annualRate: MoneyInput;
  /** ALL paid-in principal, or only the FINANCED part (配资 / 垫资; per-line financing input) */
  base: 'ALL' | 'FINANCED';
  dayCount: DayCount;
}

export interface DistributionSettings {
  interest: InterestSettings;
  /** F pro rata to contributed principal, or to principal × days held (per tranche) */
  profitSplit: 'PRINCIPAL' | 'PRINCIPAL_DAYS';
  /** 个人所得税 withheld on partners' profit (0.2 = 20%, 利息、股息、红利所得); 0 = no withholding */
  taxRate: MoneyInput;
}

export const DEFAULT_SETTINGS: DistributionSettings = {
  interest: { enabled: true, annualRate: '0.10', base: 'ALL', dayCount: 'ACT/365' },
  profitSplit: 'PRINCIPAL',
  taxRate: '0.20',
};

/** Settings with the defaults filled in (a partial `interest` keeps the default for what it leaves out). */
export function withDefaults(
  s: {
    interest?: Partial<InterestSettings>;
    profitSplit?: DistributionSettings['profitSplit'];
    taxRate?: MoneyInput;
  } = {},
): DistributionSettings {
  return {
    interest: { ...DEFAULT_SETTINGS.interest, ...(s.interest ?? {}) },
    profitSplit: s.profitSplit ?? DEFAULT_SETTINGS.profitSplit,
    taxRate: s.taxRate ?? DEFAULT_SETTINGS.taxRate,
  };
}

/** Which line an input refers to: a partner (userId) or the 平台公司 (userId null) at one level. */
export interface LineRef {
  level: Level;
  userId: number | null;
}

/** The stable key of a line (the ledger's position key: level × holder). */
export const lineKey = (ref: LineRef): string =>
  positionKey(ref.level, ref.userId === null ? 'PLATFORM' : 'PARTNER', ref.userId);

/** One 其它 (column C) item: an entered adjustment with its reason. */
export interface OtherItem {
  amount: Decimal;
  reason: string;
}

/** One line of a batch: a holder at one level. Column letters are the manual's. */
export interface DistributionLine {
  level: Level;
  holder: Holder;
  userId: number | null;
  name: string;
  marks: Mark[];
  /** A 事业合伙本金: paid-in principal at the date (0 in a profit batch) */
  principal: Decimal;
  /** B 资金利息, ≤ 0 (0 in a profit batch) */
  interest: Decimal;
  /** B as the rule computes it, kept when a manual override replaced it (null in manual batches) */
  interestComputed: Decimal | null;
  /** why B was overridden (null when it was not) */
  interestOverrideReason: string | null;
  /** C 其它 = Σ otherItems */
  other: Decimal;
  otherItems: OtherItem[];
  /** D = A + B (本金分配 不含其它) */
  principalNet: Decimal;
  /** E = D + C (本金分配 含其它) */
  principalTotal: Decimal;
  /** what the profit split weighs: contributed principal (or principal × days); 0 for excluded lines */
  weight: Decimal;
  /** F this batch's profit, before tax (税前) */
  profit: Decimal;
  /** 代扣税 (0 for the platform and when F = 0) */
  tax: Decimal;
  /** 实发利润 = F − tax */
  profitNet: Decimal;
  /** 分配合计 不含其它 (the manual's last column) = D + F, before tax */
  totalExclOther: Decimal;
  /** 分配合计 (实发), what this batch pays: E (本金分配), F − tax (利润分配), E + F − tax (清算分配) */
  payout: Decimal;
  /** set when the line takes no part in the batch (a partner who exited on or before the date) */
  excluded: string | null;
}

/** The column totals (合计 row): each is the sum of the lines, to the cent. */
export interface Totals {
  principal: Decimal;
  interest: Decimal;
  other: Decimal;
  principalNet: Decimal;
  principalTotal: Decimal;
  profit: Decimal;
  tax: Decimal;
  profitNet: Decimal;
  totalExclOther: Decimal;
  payout: Decimal;
}
export const TOTAL_COLUMNS: readonly (keyof Totals)[] = [
  'principal',
  'interest',
  'other',
  'principalNet',
  'principalTotal',
  'profit',
  'tax',
  'profitNet',
  'totalExclOther',
  'payout',
];

/** A row of the BPM form's 本次分配信息 table (类别 / 合伙投资占比 / 本次总额). */
export interface LevelRow {
  level: Level | 'TOTAL';
  /** 控股集团 / 置业集团 / 城市公司 / 其它 / 合计 */
  label: string;
  /** 合伙投资占比 of the level (合计: their sum) */
  ratio: Decimal;
  /** 本次总额: Σ F for a profit batch, Σ E for a principal batch, Σ (E + F) for a clearing batch (pre-tax) */
  amount: Decimal;
  principalTotal: Decimal;
  profit: Decimal;
  tax: Decimal;
  payout: Decimal;
}

export type DistributionErrorCode =
  | 'INVALID_INPUT'
  | 'INVALID_AMOUNT'
  | 'NO_PRINCIPAL'
  | 'NEGATIVE_TOTAL'
  | 'PROFIT_NOT_ALLOWED'
  | 'PROFIT_EXCEEDS_LIMIT'
  | 'NO_ELIGIBLE_HOLDERS'
  | 'UNKNOWN_LINE'
  | 'UNKNOWN_NAME'
  | 'AMBIGUOUS_NAME'
  | 'DUPLICATE_LINE'
  | 'MISSING_REASON'
  | 'LEDGER_ERROR';

export interface DistributionError {
  code: DistributionErrorCode;
  /** Chinese, names the partner where there is one */
  message: string;
  /** the line concerned (lineKey), or the manual row number as 'row:N' */
  line?: string;
  /** the typed / imported column the error is about (the template's header: 姓名, 事业合伙本金, …) */
  column?: string;
}

export interface BatchSuccess {
  ok: true;
  kind: BatchKind;
  date: string;
  /** in level order (控股集团, 置业集团, 城市公司, 其它), the platform first, then partners by userId */
  lines: DistributionLine[];
  totals: Totals;
  /** 控股集团 / 置业集团 / 城市公司 / 其它, then 合计 */
  levels: LevelRow[];
  /** P: the batch's profit total (0 for a principal batch) */
  profitTotal: Decimal;
  /** things the accountant should look at that do not stop the batch */
  warnings: string[];
}
export type BatchResult = BatchSuccess | { ok: false; errors: DistributionError[] };
