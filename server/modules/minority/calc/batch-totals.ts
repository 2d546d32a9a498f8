/**
 * A minority batch's money, pure: the total is the sum of its lines to the cent (decimal.js, never JS numbers), and
 * a total can be split over the holders by 持股比例 with the largest-remainder method so the lines add up to it
 * exactly.
 */
import { dec, roundMoney, sumMoney, type Dec, type MoneyInput } from '../../../../shared/money';

export const batchTotal = (amounts: readonly MoneyInput[]): Dec => roundMoney(sumMoney([...amounts]));

/** Splits `total` (≥ 0, whole cents) over `weights` (≥ 0, not all 0) in cents, largest remainder first. */
export function splitByRatio(total: MoneyInput, weights: readonly MoneyInput[]): Dec[] {
  const cents = dec(total).times(100);
  if (!cents.isInteger() || cents.isNegative()) throw new Error('total must be whole cents and not negative');
  const w = weights.map((x) => dec(x));
  const sumW = sumMoney(w);
  if (!sumW.greaterThan(0)) throw new Error('weights must not all be 0');
  const exact = w.map((x) => cents.times(x).dividedBy(sumW));
  const floor = exact.map((x) => x.floor());
  let left = cents.minus(sumMoney(floor)).toNumber(); // a count of cents, below the number of lines
  const order = exact.map((x, i) => ({ i, r: x.minus(floor[i]!) })).sort((a, b) => b.r.comparedTo(a.r) || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    floor[i] = floor[i]!.plus(1);
    left--;
  }
  return floor.map((c) => c.dividedBy(100));
}
