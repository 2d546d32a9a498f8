/**
 * Staleness of a 退投测算: a stable hash over every input that can change its result — the partner's ledger entries
 * (every date: a later entry also blocks the 承接), the rule, the exit type and date, NAV, distributions received and
 * 配资 interest owed. The wiring stores it with the 测算 and refuses to start the flow (or to write the 承接) when the
 * fingerprint of the current inputs differs: the 测算 is older than a changed input.
 *
 * Canonical form: amounts as decimal.js normal strings ("100.00" and "100" are the same input), ratios likewise, keys
 * sorted, entries in ledger application order; then SHA-256. Prefixed "exit-v1:" so a future change of the canonical
 * form can never match an old value by accident.
 */
import { createHash } from 'node:crypto';
import { dec, type MoneyInput } from '../../../../shared/money';
import { orderEntries } from '../../capital/calc/ledger';
import { LEVELS, type LedgerEntry, type Level } from '../../capital/calc/types';
import { ZExitPricingRule, type ExitPricingRule } from './rules';
import { canonicalJson } from '../../../lib/canonical-json';

export interface ReceivedInput {
  /** 本金分配 received before the exit date (already a PRINCIPAL_RETURN in the ledger; shown, checked, not subtracted) */
  principalReturned?: MoneyInput | null;
  /** 利润分配 received before the exit date */
  profitReceived?: MoneyInput | null;
}

/** Everything a 测算 depends on. */
export interface ExitPricingInput {
  userId: number;
  exitType: { code: string; label: string };
  /** 退出日期 'YYYY-MM-DD' */
  exitDate: string;
  rule: ExitPricingRule;
  /** the project's ledger (only the partner's entries are read) */
  entries: readonly LedgerEntry[];
  /** distributions received before the exit date, per level */
  received?: Partial<Record<Level, ReceivedInput>> | null;
  /** the stake's 净资产 per level (required for held levels when the rule takes the lower of NAV) */
  nav?: Partial<Record<Level, MoneyInput | null>> | null;
  /** hand-entered 配资 / 垫资 interest the partner still owes, per level (deducted with ENTRY_INTEREST) */
  financingInterestOwed?: Partial<Record<Level, MoneyInput | null>> | null;
}

export interface StoredEntry {
  id: number | null;
  level: Level;
  kind: string;
  committedDelta: string;
  paidDelta: string;
  interestDelta: string;
  valueDate: string;
  reversalOfId: number | null;
}

/** The inputs as stored with a 测算 (JSON-ready, canonical). */
export interface ExitInputsRecord {
  userId: number;
  exitType: { code: string; label: string };
  exitDate: string;
  rule: ExitPricingRule;
  entries: StoredEntry[];
  received: Partial<Record<Level, { principalReturned: string | null; profitReceived: string | null }>>;
  nav: Partial<Record<Level, string>>;
  financingInterestOwed: Partial<Record<Level, string>>;
}

const norm = (v: MoneyInput): string => {
  try {
    return dec(v).toString();
  } catch {
    return `invalid:${String(v)}`;
  }
};
const normOpt = (v: MoneyInput | null | undefined): string | null => (v === null || v === undefined ? null : norm(v));

function perLevel(m: Partial<Record<Level, MoneyInput | null>> | null | undefined): Partial<Record<Level, string>> {
  const out: Partial<Record<Level, string>> = {};
  for (const l of LEVELS) {
    const v = m?.[l];
    if (v !== null && v !== undefined) out[l] = norm(v);
  }
  return out;
}

/** The partner's entries (every date), in application order, as plain strings. */
export function partnerEntries(entries: readonly LedgerEntry[], userId: number): StoredEntry[] {
  return orderEntries(entries.filter((e) => e.holder === 'PARTNER' && e.userId === userId)).map((e) => ({
    id: e.id ?? null,
    level: e.level,
    kind: e.kind,
    committedDelta: norm(e.committedDelta),
    paidDelta: norm(e.paidDelta),
    interestDelta: norm(e.interestDelta),
    valueDate: e.valueDate,
    reversalOfId: e.reversalOfId ?? null,
  }));
}

/** The canonical record of a 测算's inputs. */
export function exitInputsRecord(input: ExitPricingInput): ExitInputsRecord {
  const received: ExitInputsRecord['received'] = {};
  for (const l of LEVELS) {
    const r = input.received?.[l];
    if (!r) continue;
    const principalReturned = normOpt(r.principalReturned);
    const profitReceived = normOpt(r.profitReceived);
    if (principalReturned !== null || profitReceived !== null) received[l] = { principalReturned, profitReceived };
  }
  const parsed = ZExitPricingRule.safeParse(input.rule);
  const rule = parsed.success ? parsed.data : input.rule;
  return {
    userId: input.userId,
    exitType: { code: input.exitType.code, label: input.exitType.label },
    exitDate: input.exitDate,
    rule: {
      interest: {
        enabled: rule.interest.enabled,
        annualRate: norm(rule.interest.annualRate),
        dayCount: rule.interest.dayCount,
      },
      deductProfitReceived: rule.deductProfitReceived,
      lowerOfNav: rule.lowerOfNav,
      discountRate: norm(rule.discountRate),
      deductInterestOwed: rule.deductInterestOwed,
    },
    entries: partnerEntries(input.entries, input.userId),
    received,
    nav: perLevel(input.nav),
    financingInterestOwed: perLevel(input.financingInterestOwed),
  };
}

/** "exit-v1:<sha256 hex>" over the canonical inputs: equal inputs give equal strings, any change gives another. */
export function exitInputsFingerprint(input: ExitPricingInput): string {
  return fingerprintOfRecord(exitInputsRecord(input));
}

/** The same fingerprint from a stored record (e.g. to check a stored 测算 was not edited). */
export function fingerprintOfRecord(record: ExitInputsRecord): string {
  return `exit-v1:${createHash('sha256').update(canonicalJson(record)).digest('hex')}`;
}
