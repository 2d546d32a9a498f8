/**
 * Returns on a partner's money: MOIC and XIRR, shared by the reports (员工合伙信息查询表) and the partner's statement.
 *
 * A cash flow is seen from the partner: money paid in is negative, money received (principal returned, interest,
 * profit after tax, an exit payout) is positive. Dates are calendar days in Asia/Shanghai ("2026-03-01"; a Date is
 * taken as the Shanghai day it falls on); flows of the same day are added together.
 *
 * XIRR is the annual rate r with Σ amountᵢ · (1 + r)^(−daysᵢ / 365) = 0, days counted from the first flow (actual/365,
 * as Excel's XIRR). It is computed with decimal.js (no JS numbers for the amounts): Newton's method from a guess,
 * and, when Newton leaves (−1, ∞), stalls or does not converge, bisection over a bracket where the value changes sign.
 * There is no rate when every flow has the same sign, when all flows fall on one day, or when no sign change is found
 * (null, shown as —). The result is exact to about 1e-12 and rounded by the caller where it is shown (ratioString).
 */
import Decimal from 'decimal.js';
import { shanghaiDay } from './datetime';
import type { MoneyInput } from './money';

/** Enough digits for a rate to 1e-12 and the discounted amounts to well below a cent, and still fast. */
const D = Decimal.clone({ precision: 24, rounding: Decimal.ROUND_HALF_UP, toExpNeg: -40, toExpPos: 40 });

export interface CashFlow {
  /** a Shanghai calendar day "YYYY-MM-DD", or an instant (its Shanghai day) */
  when: string | Date;
  /** negative: paid in by the partner; positive: received by the partner */
  amount: MoneyInput;
}

export interface XirrOptions {
  /** starting guess of Newton's method (default 0.1) */
  guess?: MoneyInput;
  /** stop when the step is below this (default 1e-12) */
  tolerance?: MoneyInput;
  /** iterations of Newton before bisection (default 60) */
  maxIterations?: number;
}

const DAY_MS = 24 * 3600 * 1000;

function dayNumber(when: string | Date): number {
  const day = typeof when === 'string' ? when.slice(0, 10) : shanghaiDay(when);
  const t = Date.parse(`${day}T00:00:00Z`);
  if (!Number.isFinite(t)) throw new Error(`XIRR: not a date: ${String(when)}`);
  return Math.round(t / DAY_MS);
}

interface Point {
  /** years since the first flow (actual/365), exact */
  years: Decimal;
  amount: Decimal;
}

/** Flows grouped per day, in date order, zero days dropped; years from the first day. */
function points(flows: readonly CashFlow[]): Point[] {
  const byDay = new Map<number, Decimal>();
  for (const f of flows) {
    const d = dayNumber(f.when);
    byDay.set(d, (byDay.get(d) ?? new D(0)).plus(new D(String(f.amount))));
  }
  const days = [...byDay.keys()].sort((a, b) => a - b);
  if (days.length === 0) return [];
  const first = days[0]!;
  return days
    .map((d) => ({ years: new D(d - first).div(365), amount: byDay.get(d)! }))
    .filter((p) => !p.amount.isZero());
}

/**
 * Σ Aᵢ (1+r)^(−tᵢ) and its derivative Σ −tᵢ Aᵢ (1+r)^(−tᵢ−1), r > −1, given ln(1 + r) (each discount is then one exp,
 * and 1 + r near zero keeps its digits).
 */
function npvAt(ps: Point[], logBase: Decimal): { value: Decimal; slope: Decimal } {
  const base = logBase.exp();
  let value = new D(0);
  let slope = new D(0);
  for (const p of ps) {
    const discount = p.years.isZero() ? new D(1) : logBase.times(p.years).neg().exp();
    const term = p.amount.times(discount);
    value = value.plus(term);
    if (!p.years.isZero()) slope = slope.minus(term.times(p.years).div(base));
  }
  return { value, slope };
}

const npv = (ps: Point[], rate: Decimal) => npvAt(ps, rate.plus(1).ln());

/**
 * The XIRR of the flows as a Decimal fraction (0.1234 = 12.34% a year), or null when it is not defined (fewer than
 * two days, flows of one sign only) or no root is found.
 */
export function xirr(flows: readonly CashFlow[], options: XirrOptions = {}): Decimal | null {
  const ps = points(flows);
  if (ps.length < 2) return null;
  if (!ps.some((p) => p.amount.isNegative()) || !ps.some((p) => p.amount.isPositive())) return null;
  const tolerance = new D(String(options.tolerance ?? '1e-12'));
  const maxIterations = options.maxIterations ?? 60;

  // Newton's method
  let rate = new D(String(options.guess ?? '0.1'));
  for (let i = 0; i < maxIterations; i++) {
    const { value, slope } = npv(ps, rate);
    if (value.isZero()) return rate;
    if (slope.isZero() || !slope.isFinite() || !value.isFinite()) break;
    const next = rate.minus(value.div(slope));
    if (!next.isFinite() || next.lte(-1)) break;
    if (next.minus(rate).abs().lt(tolerance)) return next;
    rate = next;
  }

  // Bisection on x = ln(1 + r), so that rates near −100% (1 + r down to 1e-30) are as reachable as large ones and
  // the step is relative to 1 + r: a bracket [lo, hi] with a sign change, hi grown until one is found
  const at = (x: Decimal) => npvAt(ps, x).value;
  let lo = new D(-69); // 1 + r = 1e-30
  let fLo = at(lo);
  let hi = new D(0); // r = 0
  let fHi = at(hi);
  while (fLo.isPositive() === fHi.isPositive() && hi.lt(21)) {
    lo = hi;
    fLo = fHi;
    hi = hi.plus(3); // r up to e^21 ≈ 1.3e9
    fHi = at(hi);
  }
  if (fLo.isZero()) return lo.exp().minus(1);
  if (fHi.isZero()) return hi.exp().minus(1);
  if (fLo.isPositive() === fHi.isPositive()) return null;
  for (let i = 0; i < 200 && hi.minus(lo).gt(tolerance); i++) {
    const mid = lo.plus(hi).div(2);
    const fMid = at(mid);
    if (fMid.isZero()) return mid.exp().minus(1);
    if (fMid.isPositive() === fLo.isPositive()) {
      lo = mid;
      fLo = fMid;
    } else {
      hi = mid;
    }
  }
  return lo.plus(hi).div(2).exp().minus(1);
}

/** The net present value of the flows at a rate, and Σ |each discounted flow| to judge it by (for tests and checks). */
export function xirrNpv(flows: readonly CashFlow[], rate: MoneyInput): { npv: Decimal; scale: Decimal } {
  const ps = points(flows);
  const r = new D(String(rate));
  const scale = ps.reduce((s, p) => s.plus(p.amount.abs().times(r.plus(1).pow(p.years.neg()))), new D(0));
  return { npv: npv(ps, r).value, scale };
}

/**
 * MOIC: what the partner received ÷ what they paid in (1.25 = received 125% of the money put in); null when nothing
 * was paid in.
 */
export function moic(paid: MoneyInput, received: MoneyInput): Decimal | null {
  const p = new D(String(paid));
  if (p.lte(0)) return null;
  return new D(String(received)).div(p);
}
