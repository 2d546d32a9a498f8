/**
 * Positions, paid-in tranches and the cap invariant, derived from the capital ledger's immutable entries.
 *
 * Pure functions over decimal.js: no I/O, no clock. Entries apply in (valueDate, id, list position) order; only the
 * tranche rule depends on the order — sums do not.
 *
 * Signs per kind (the database trigger "CapitalEntry_shape" enforces the same; `entryShapeError` here):
 *   COMMITMENT, COMMITMENT_CHANGE   committedDelta any sign, paid 0, interest 0
 *   PAYMENT                         paidDelta > 0, committed 0, interest 0
 *   REFUND, PRINCIPAL_RETURN        paidDelta < 0, committed 0, interest 0
 *   TRANSFER_OUT                    committedDelta ≤ 0, paidDelta ≤ 0 (the exiting partner)
 *   TRANSFER_IN                     committedDelta ≥ 0, paidDelta ≥ 0 (the platform, mirror amounts)
 *   ENTRY_INTEREST                  interestDelta > 0, committed 0, paid 0
 *   REVERSAL                        reversalOfId set; every delta is the negation of the reversed entry's
 *   a platform entry has no userId, a partner entry has one.
 */
import type Decimal from 'decimal.js';
import { dec, formatMoney, moneyString } from '../../../../shared/money';
import {
  LEVEL_LABEL,
  LEVELS,
  holderLabel,
  positionKey,
  type Caps,
  type Holder,
  type HolderRef,
  type LedgerEntry,
  type Level,
} from './types';

const ZERO = dec(0);

export interface Position {
  level: Level;
  holder: Holder;
  userId: number | null;
  /** 认缴 */
  committed: Decimal;
  /** 实缴 */
  paid: Decimal;
  /** 资金利息 owed (late entry) */
  interest: Decimal;
  /** committed − paid: > 0 owes a top-up (补缴), < 0 is owed a refund (退款) */
  outstanding: Decimal;
}

/** A paid-in amount and the date it arrived. */
export interface Tranche {
  date: string;
  amount: Decimal;
}

/** Why an entry breaks the rules of its kind, or null. */
export function entryShapeError(e: LedgerEntry): string | null {
  const c = dec(e.committedDelta);
  const p = dec(e.paidDelta);
  const i = dec(e.interestDelta);
  // the label only when there is something to say (a 分配测算 checks 40,000 entries)
  const who = () => holderLabel(e.holder, e.userId);
  if ((e.holder === 'PLATFORM') !== (e.userId === null || e.userId === undefined))
    return `${who()}：平台公司分录不能有合伙人，合伙人分录必须有合伙人。`;
  if ((e.kind === 'REVERSAL') !== (e.reversalOfId !== null && e.reversalOfId !== undefined))
    return `${who()}：只有冲销分录（REVERSAL）指向被冲销的分录。`;
  const bad = (rule: string) =>
    `${who()}：${e.kind} 分录${rule}（认缴 ${moneyString(c)}，实缴 ${moneyString(p)}，利息 ${moneyString(i)}）。`;
  switch (e.kind) {
    case 'PAYMENT':
      return p.greaterThan(0) && c.isZero() && i.isZero() ? null : bad('只能记录正的实缴');
    case 'REFUND':
    case 'PRINCIPAL_RETURN':
      return p.lessThan(0) && c.isZero() && i.isZero() ? null : bad('只能记录负的实缴');
    case 'COMMITMENT':
    case 'COMMITMENT_CHANGE':
      return p.isZero() && i.isZero() ? null : bad('只能记录认缴变动');
    case 'TRANSFER_OUT':
      return c.lessThanOrEqualTo(0) && p.lessThanOrEqualTo(0) && i.isZero() ? null : bad('只能减少认缴与实缴');
    case 'TRANSFER_IN':
      return c.greaterThanOrEqualTo(0) && p.greaterThanOrEqualTo(0) && i.isZero() ? null : bad('只能增加认缴与实缴');
    case 'ENTRY_INTEREST':
      return i.greaterThan(0) && c.isZero() && p.isZero() ? null : bad('只能记录正的资金利息');
    case 'REVERSAL':
      return null;
    default:
      return `${who()}：未知的分录类型 ${String(e.kind)}。`;
  }
}

/** Entries in application order: by value date, then id (drafts without id after those with one), then list order. */
export function orderEntries<T extends LedgerEntry>(entries: readonly T[]): T[] {
  return entries
    .map((e, i) => ({ e, i }))
    .sort((a, b) => {
      if (a.e.valueDate !== b.e.valueDate) return a.e.valueDate < b.e.valueDate ? -1 : 1;
      const ai = a.e.id ?? Number.MAX_SAFE_INTEGER;
      const bi = b.e.id ?? Number.MAX_SAFE_INTEGER;
      return ai - bi || a.i - b.i;
    })
    .map((x) => x.e);
}

const upTo = (asOf: string | undefined) => (e: LedgerEntry) => asOf === undefined || e.valueDate <= asOf;

/**
 * Every holder × level position as of a date (inclusive; all entries without `asOf`). Positions come back in level
 * order (控股集团, 置业集团, 城市公司, 其它), the platform first, then partners by userId.
 */
export function positions(entries: readonly LedgerEntry[], opts: { asOf?: string } = {}): Position[] {
  const map = new Map<string, Position>();
  const asOf = opts.asOf;
  for (const e of entries) {
    if (asOf !== undefined && e.valueDate > asOf) continue;
    const userId = e.holder === 'PLATFORM' ? null : (e.userId ?? null);
    const key = positionKey(e.level, e.holder, userId);
    let p = map.get(key);
    if (!p) {
      p = { level: e.level, holder: e.holder, userId, committed: ZERO, paid: ZERO, interest: ZERO, outstanding: ZERO };
      map.set(key, p);
    }
    // a zero delta adds nothing: skipping it keeps the sums exact and saves most of the additions (every entry
    // moves one or two of the three amounts)
    const c = dec(e.committedDelta);
    const pd = dec(e.paidDelta);
    const i = dec(e.interestDelta);
    if (!c.isZero()) p.committed = p.committed.plus(c);
    if (!pd.isZero()) p.paid = p.paid.plus(pd);
    if (!i.isZero()) p.interest = p.interest.plus(i);
  }
  const out = [...map.values()].map((p) => ({ ...p, outstanding: p.committed.minus(p.paid) }));
  return out.sort(
    (a, b) =>
      LEVELS.indexOf(a.level) - LEVELS.indexOf(b.level) ||
      (a.holder === b.holder ? 0 : a.holder === 'PLATFORM' ? -1 : 1) ||
      (a.userId ?? 0) - (b.userId ?? 0),
  );
}

/** One holder's position at one level (zeros when there is none). */
export function positionOf(
  entries: readonly LedgerEntry[],
  who: HolderRef,
  level: Level,
  opts: { asOf?: string } = {},
): Position {
  const userId = who.holder === 'PLATFORM' ? null : who.userId;
  const found = positions(
    entries.filter((e) => e.level === level && e.holder === who.holder && (e.userId ?? null) === userId),
    opts,
  )[0];
  return found ?? { level, holder: who.holder, userId, committed: ZERO, paid: ZERO, interest: ZERO, outstanding: ZERO };
}

export class TrancheError extends Error {}

/**
 * The paid-in tranches of one holder at one level as of a date, oldest first, each with the date its money arrived.
 *
 * Increases (PAYMENT, TRANSFER_IN with paid-in) open a tranche dated at the entry's value date. Decreases (REFUND,
 * PRINCIPAL_RETURN, TRANSFER_OUT) consume the most recent tranches first (LIFO). Why LIFO: money that goes back
 * undoes the latest funding decision — a 退款 after a peak reduction returns what the latest 补缴 or the latest
 * payments brought in, and a partial principal return leaves the original 立项 payment standing — so the dates of
 * the earliest money (from which 资金利息 and capital × days are reckoned, domain.md §7: "top-ups carry their own
 * interest start date") never move because of a later event; FIFO would re-date the remaining principal to the
 * top-up's date and change interest already agreed on the original payment. LIFO is also what a partner can check
 * by hand from their own payment list.
 *
 * A REVERSAL and the entry it cancels are both left out when the reversal applies by `asOf` (the corrected entry is
 * treated as never made, which keeps LIFO consumption exact); a reversal dated after `asOf` is ignored.
 * Throws TrancheError when decreases exceed what was paid in (the ledger would hold negative paid-in).
 */
export function paidTranches(entries: readonly LedgerEntry[], who: HolderRef, level: Level, asOf?: string): Tranche[] {
  const userId = who.holder === 'PLATFORM' ? null : who.userId;
  const mine = orderEntries(
    entries.filter(
      (e) => e.level === level && e.holder === who.holder && (e.userId ?? null) === userId && upTo(asOf)(e),
    ),
  );
  const reversed = new Set(mine.filter((e) => e.kind === 'REVERSAL').map((e) => e.reversalOfId));
  const stack: Tranche[] = [];
  for (const e of mine) {
    if (e.kind === 'REVERSAL' || (e.id !== undefined && reversed.has(e.id))) continue;
    const p = dec(e.paidDelta);
    if (p.isZero()) continue;
    if (p.greaterThan(0)) {
      stack.push({ date: e.valueDate, amount: p });
      continue;
    }
    let left = p.negated();
    while (left.greaterThan(0)) {
      const top = stack[stack.length - 1];
      if (!top)
        throw new TrancheError(
          `${holderLabel(who.holder, userId)}（${LEVEL_LABEL[level]}）在 ${e.valueDate} 退回 ${formatMoney(p.negated())}，超过已实缴金额。`,
        );
      if (top.amount.greaterThan(left)) {
        top.amount = top.amount.minus(left);
        left = ZERO;
      } else {
        left = left.minus(top.amount);
        stack.pop();
      }
    }
  }
  return stack;
}

export interface InvariantBreak {
  level: Level;
  cap: Decimal;
  /** Σ committed of the partners and the platform */
  committed: Decimal;
  partners: Decimal;
  platform: Decimal;
  /** committed − cap */
  difference: Decimal;
  message: string;
}

/**
 * The ledger's invariant: for every level, Σ committed of all holders (partners + 平台公司) = the level's cap of the
 * scheme in force (to the cent). Returns the levels that break it, in level order (empty when it holds).
 */
export function checkInvariant(
  entries: readonly LedgerEntry[],
  caps: Caps,
  opts: { asOf?: string } = {},
): InvariantBreak[] {
  const pos = positions(entries, opts);
  const out: InvariantBreak[] = [];
  for (const level of LEVELS) {
    const cap = dec(caps[level] ?? 0);
    const at = pos.filter((p) => p.level === level);
    const partners = at.filter((p) => p.holder === 'PARTNER').reduce((s, p) => s.plus(p.committed), ZERO);
    const platform = at.filter((p) => p.holder === 'PLATFORM').reduce((s, p) => s.plus(p.committed), ZERO);
    const committed = partners.plus(platform);
    if (committed.equals(cap)) continue;
    const difference = committed.minus(cap);
    out.push({
      level,
      cap,
      committed,
      partners,
      platform,
      difference,
      message: `${LEVEL_LABEL[level]}：合伙人认缴 ${formatMoney(partners)} + 平台公司 ${formatMoney(platform)} = ${formatMoney(committed)}，与层级额度 ${formatMoney(cap)} 不符（${difference.greaterThan(0) ? '多出' : '少'} ${formatMoney(difference.abs())}）。`,
    });
  }
  return out;
}

/** Checks every REVERSAL negates the entry it names (by id); returns the messages of those that do not. */
export function reversalErrors(entries: readonly LedgerEntry[]): string[] {
  const byId = new Map(entries.filter((e) => e.id !== undefined).map((e) => [e.id, e]));
  const errors: string[] = [];
  for (const r of entries.filter((e) => e.kind === 'REVERSAL')) {
    const o = byId.get(r.reversalOfId ?? undefined);
    if (!o) {
      errors.push(`冲销分录 #${String(r.id)} 指向的分录 #${String(r.reversalOfId)} 不存在。`);
      continue;
    }
    const same =
      o.level === r.level &&
      o.holder === r.holder &&
      (o.userId ?? null) === (r.userId ?? null) &&
      dec(o.committedDelta).negated().equals(dec(r.committedDelta)) &&
      dec(o.paidDelta).negated().equals(dec(r.paidDelta)) &&
      dec(o.interestDelta).negated().equals(dec(r.interestDelta));
    if (!same)
      errors.push(
        `冲销分录 #${String(r.id)} 与分录 #${String(o.id)} 不对应（应为 ${moneyString(dec(o.committedDelta).negated())} / ${moneyString(dec(o.paidDelta).negated())} / ${moneyString(dec(o.interestDelta).negated())}）。`,
      );
  }
  return errors;
}

/**
 * The entries that confirm the first round (立项): a partner COMMITMENT per line with an amount and, per level, the
 * platform's COMMITMENT = cap − Σ partners (to the cent, so it includes the sub-unit remainder).
 */
export function initialCommitments(
  lines: readonly { userId: number; level: Level; amount: Decimal }[],
  caps: Caps,
  valueDate: string,
): LedgerEntry[] {
  const out: LedgerEntry[] = [];
  const base = { paidDelta: ZERO, interestDelta: ZERO, valueDate };
  for (const level of LEVELS) {
    const at = lines
      .filter((l) => l.level === level && dec(l.amount).greaterThan(0))
      .sort((a, b) => a.userId - b.userId);
    for (const l of at)
      out.push({
        ...base,
        level,
        holder: 'PARTNER',
        userId: l.userId,
        kind: 'COMMITMENT',
        committedDelta: dec(l.amount),
      });
    const platform = dec(caps[level] ?? 0).minus(at.reduce((s, l) => s.plus(dec(l.amount)), ZERO));
    if (!platform.isZero())
      out.push({ ...base, level, holder: 'PLATFORM', userId: null, kind: 'COMMITMENT', committedDelta: platform });
  }
  return out;
}
