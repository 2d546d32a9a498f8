/**
 * 补投 / 新增合伙 (quick guide 6.4.x): what a supplement round may share, and the ledger entries that confirm it.
 *
 * Pure, decimal.js only. Capacity per level = shareable(cap) − Σ partners' commitments (never below 0), i.e. what the
 * platform holds above the sub-unit remainder (the remainder is the platform's for good, shared/scheme-math). A
 * supplement round takes its partners' commitments from the platform: partner COMMITMENTs plus one negative platform
 * COMMITMENT_CHANGE per level, so partners + platform still equal the cap to the cent. The per-person cap counts every
 * round (and every level) the partner already holds (shared/scheme-math effectiveUpperLimit).
 */
import type Decimal from 'decimal.js';
import { dec, formatMoney, type MoneyInput } from '../../../../shared/money';
import { effectiveUpperLimit, isMultipleOfUnit, shareableOf, type SchemeTerms } from '../../../../shared/scheme-math';
import { simpleInterest, type DayCount } from './interest';
import { positions } from './ledger';
import { LEVEL_LABEL, LEVELS, type Caps, type LedgerEntry, type Level } from './types';

const ZERO = dec(0);

export interface LevelCapacity {
  level: Level;
  cap: Decimal;
  shareable: Decimal;
  partners: Decimal;
  platform: Decimal;
  /** what a supplement round may share: shareable − partners, ≥ 0 */
  capacity: Decimal;
}

/** Per level, what a 补投 round may share given the ledger (see the module comment). */
export function supplementCapacity(
  entries: readonly LedgerEntry[],
  caps: Caps,
  unit: MoneyInput,
  opts: { asOf?: string } = {},
): LevelCapacity[] {
  const pos = positions(entries, opts);
  return LEVELS.map((level) => {
    const cap = dec(caps[level] ?? 0);
    const shareable = shareableOf(cap, unit);
    const at = pos.filter((p) => p.level === level);
    const partners = at.filter((p) => p.holder === 'PARTNER').reduce((s, p) => s.plus(p.committed), ZERO);
    const platform = at.filter((p) => p.holder === 'PLATFORM').reduce((s, p) => s.plus(p.committed), ZERO);
    const left = shareable.minus(partners);
    return { level, cap, shareable, partners, platform, capacity: left.isNegative() ? ZERO : left };
  });
}

/** What a user already holds in the project (Σ committed over every level and round). */
export function heldBy(entries: readonly LedgerEntry[], userId: number, opts: { asOf?: string } = {}): Decimal {
  return positions(entries, opts)
    .filter((p) => p.holder === 'PARTNER' && p.userId === userId)
    .reduce((s, p) => s.plus(p.committed), ZERO);
}

/** The upper limit a partner may take in a supplement round: the listed maximum lowered by the per-person cap room. */
export function supplementUpperLimit(
  entries: readonly LedgerEntry[],
  terms: SchemeTerms,
  userId: number,
  listedMax: MoneyInput,
): Decimal {
  return effectiveUpperLimit(terms, listedMax, heldBy(entries, userId));
}

export interface SupplementLine {
  userId: number;
  level: Level;
  /** the round's confirmed 投资明细 for the partner */
  amount: Decimal;
  /** the 认购上限 listed for the partner in this round */
  listedMax: Decimal;
  roundPartnerId?: number;
}

export type SupplementResult =
  | { ok: true; entries: (LedgerEntry & { roundId?: number; roundPartnerId?: number })[]; capacity: LevelCapacity[] }
  | { ok: false; code: 'NOT_A_UNIT_MULTIPLE' | 'OVER_CAPACITY' | 'OVER_LIMIT' | 'INVALID_INPUT'; message: string };

/**
 * The entries that confirm a supplement round: a partner COMMITMENT per line with an amount, and per level one
 * platform COMMITMENT_CHANGE of −Σ. Refuses (with a Chinese message) amounts that are not whole units, above a
 * partner's effective limit (listed maximum and per-person cap across rounds), or above a level's capacity.
 */
export function supplementEntries(
  entries: readonly LedgerEntry[],
  terms: SchemeTerms,
  caps: Caps,
  lines: readonly SupplementLine[],
  opts: { valueDate: string; roundId?: number },
): SupplementResult {
  const unit = dec(terms.allocationUnit);
  const capacity = supplementCapacity(entries, caps, unit);
  const seen = new Set<number>();
  for (const l of lines) {
    if (seen.has(l.userId))
      return { ok: false, code: 'INVALID_INPUT', message: `合伙人 #${l.userId} 在本轮出现了不止一次。` };
    seen.add(l.userId);
    const amount = dec(l.amount);
    if (amount.isNegative())
      return { ok: false, code: 'INVALID_INPUT', message: `合伙人 #${l.userId} 的金额不能为负数。` };
    if (!isMultipleOfUnit(amount, unit))
      return {
        ok: false,
        code: 'NOT_A_UNIT_MULTIPLE',
        message: `合伙人 #${l.userId} 的补投金额 ${formatMoney(amount)} 不是分配单位 ${formatMoney(unit)} 的整数倍。`,
      };
    const limit = supplementUpperLimit(entries, terms, l.userId, l.listedMax);
    if (amount.greaterThan(limit))
      return {
        ok: false,
        code: 'OVER_LIMIT',
        message: `合伙人 #${l.userId} 的补投金额 ${formatMoney(amount)} 超过其可认购上限 ${formatMoney(limit)}（认购上限与单人上限扣除已持有后取小）。`,
      };
  }
  for (const c of capacity) {
    const taken = lines.filter((l) => l.level === c.level).reduce((s, l) => s.plus(dec(l.amount)), ZERO);
    if (taken.greaterThan(c.capacity))
      return {
        ok: false,
        code: 'OVER_CAPACITY',
        message: `${LEVEL_LABEL[c.level]}补投合计 ${formatMoney(taken)} 超过可补投额度 ${formatMoney(c.capacity)}（平台公司持有 ${formatMoney(c.platform)}，其中不足一个分配单位的部分不可分配）。`,
      };
  }
  const out: (LedgerEntry & { roundId?: number; roundPartnerId?: number })[] = [];
  const base = { paidDelta: ZERO, interestDelta: ZERO, valueDate: opts.valueDate, roundId: opts.roundId };
  for (const level of LEVELS) {
    const at = lines
      .filter((l) => l.level === level && dec(l.amount).greaterThan(0))
      .sort((a, b) => a.userId - b.userId);
    if (!at.length) continue;
    for (const l of at)
      out.push({
        ...base,
        level,
        holder: 'PARTNER',
        userId: l.userId,
        kind: 'COMMITMENT',
        committedDelta: dec(l.amount),
        roundPartnerId: l.roundPartnerId,
      });
    const total = at.reduce((s, l) => s.plus(dec(l.amount)), ZERO);
    out.push({
      ...base,
      level,
      holder: 'PLATFORM',
      userId: null,
      kind: 'COMMITMENT_CHANGE',
      committedDelta: total.negated(),
    });
  }
  return { ok: true, entries: out, capacity };
}

export interface LateEntryPricing {
  /** the day the original money went in (e.g. the 立项 payments' date, or the project's funding date) */
  fundedOn: string;
  /** the late entrant's entry date (their round's confirmation) */
  entryDate: string;
  annualRate: MoneyInput;
  dayCount: DayCount;
}

/**
 * 补投 priced at cost plus 资金利息 (domain.md §7 "Late entry"): each late entrant owes simple interest on their new
 * commitment from the original funding date to their entry date (interest.ts: exact, rounded once per line). Returns
 * the ENTRY_INTEREST entries (none for a zero amount, a zero rate or an entry on the funding day) with the figure.
 * Whether a round is priced at cost or at cost plus interest is the round's recorded choice, not decided here.
 */
export function lateEntryInterest(
  lines: readonly Pick<SupplementLine, 'userId' | 'level' | 'amount'>[],
  pricing: LateEntryPricing,
): { entries: LedgerEntry[]; lines: { userId: number; level: Level; days: number; interest: Decimal }[] } {
  const out: LedgerEntry[] = [];
  const detail = lines.map((l) => {
    const r = simpleInterest([{ date: pricing.fundedOn, amount: l.amount }], {
      annualRate: pricing.annualRate,
      to: pricing.entryDate,
      dayCount: pricing.dayCount,
    });
    if (r.interest.greaterThan(0))
      out.push({
        level: l.level,
        holder: 'PARTNER',
        userId: l.userId,
        kind: 'ENTRY_INTEREST',
        committedDelta: ZERO,
        paidDelta: ZERO,
        interestDelta: r.interest,
        valueDate: pricing.entryDate,
      });
    return { userId: l.userId, level: l.level, days: r.tranches[0].days, interest: r.interest };
  });
  return { entries: out, lines: detail };
}
