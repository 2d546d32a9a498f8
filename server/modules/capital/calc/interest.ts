/**
 * Simple interest (资金利息, domain.md §4.5 and §7), shared by late-entry pricing (补投 at cost plus interest) now and
 * by distributions and exits later.
 *
 * interest = Σ over tranches of amount × annualRate × days / basis, where days = to − max(tranche date, from)
 * (actual calendar days, never negative: a tranche paid on or after `to` earns nothing), basis = 365 (ACT/365) or 360
 * (ACT/360). The sum is kept exact (numerators added, divided once) and rounded half-up to the cent once for the
 * line (shared/money roundMoney) — never per tranche, so a line of several tranches matches the manual's figures.
 * Pure: dates are 'YYYY-MM-DD' calendar days, no clock, no time zone.
 */
import type Decimal from 'decimal.js';
import { dec, roundMoney, type MoneyInput } from '../../../../shared/money';

export type DayCount = 'ACT/365' | 'ACT/360';

export interface InterestTranche {
  /** the day the money arrived, 'YYYY-MM-DD' */
  date: string;
  amount: MoneyInput;
}

export interface InterestOptions {
  /** 0.1 = 10% a year */
  annualRate: MoneyInput;
  /** interest runs from this day at the earliest (e.g. the original funding date for a late entrant) */
  from?: string;
  /** the day interest stops (distribution date, exit date, entry date): days = to − start */
  to: string;
  dayCount: DayCount;
}

export interface InterestLine {
  date: string;
  amount: Decimal;
  /** the day interest starts for this tranche */
  start: string;
  days: number;
  /** amount × rate × days / basis, unrounded (for display: the line total is rounded once) */
  exact: Decimal;
}

export interface InterestResult {
  /** rounded half-up to the cent */
  interest: Decimal;
  /** the unrounded sum */
  exact: Decimal;
  tranches: InterestLine[];
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Day numbers already computed: a ledger has few distinct dates and a 分配测算 asks for each one per tranche. */
const dayNumbers = new Map<string, number>();

/** Days since 1970-01-01 of a calendar day; throws on a malformed or impossible date. */
export function dayNumber(day: string): number {
  const known = dayNumbers.get(day);
  if (known !== undefined) return known;
  const n = parseDayNumber(day);
  if (dayNumbers.size >= 20_000) dayNumbers.clear();
  dayNumbers.set(day, n);
  return n;
}

function parseDayNumber(day: string): number {
  const m = DATE_RE.exec(day);
  if (!m) throw new RangeError(`日期格式应为 YYYY-MM-DD：${day}`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d)
    throw new RangeError(`日期无效：${day}`);
  return ms / 86_400_000;
}

/** Actual days from `a` to `b` (negative when b is before a). */
export const daysBetween = (a: string, b: string): number => dayNumber(b) - dayNumber(a);

export function simpleInterest(tranches: readonly InterestTranche[], opts: InterestOptions): InterestResult {
  const rate = dec(opts.annualRate);
  if (!rate.isFinite() || rate.isNegative()) throw new RangeError('年利率不能为负数');
  const basis = opts.dayCount === 'ACT/360' ? 360 : opts.dayCount === 'ACT/365' ? 365 : NaN;
  if (Number.isNaN(basis)) throw new RangeError(`未知的计息基准：${String(opts.dayCount)}`);
  dayNumber(opts.to);
  if (opts.from !== undefined) dayNumber(opts.from);
  let numerator = dec(0);
  const lines: InterestLine[] = tranches.map((t) => {
    const amount = dec(t.amount);
    const start = opts.from !== undefined && opts.from > t.date ? opts.from : t.date;
    const days = Math.max(0, daysBetween(start, opts.to));
    const num = amount.times(rate).times(days);
    numerator = numerator.plus(num);
    // a tranche's own exact value is for display: divided when it is read (a 分配测算 of 10,000 holders sums
    // 30,000 tranches and reads none of them)
    let exact: Decimal | undefined;
    return {
      date: t.date,
      amount,
      start,
      days,
      get exact() {
        return (exact ??= num.dividedBy(basis));
      },
    };
  });
  const exact = numerator.dividedBy(basis);
  return { interest: roundMoney(exact), exact, tranches: lines };
}
