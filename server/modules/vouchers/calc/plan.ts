/**
 * Which vouchers a generation for one entity and period writes (pure).
 *
 * - A movement belongs to the month it happened in; when that month is 已导出, to the first open month after it
 *   (`effectivePeriod`). So a payment dated in an exported month lands in the next open one, never in a file the
 *   accountant has already imported.
 * - A stored voucher whose group is generated again with the same fingerprint is left alone (idempotent).
 * - A stored voucher whose content changed (or whose source is gone, or whose rule now groups differently) is
 *   reversed (红字, a new voucher with every line negated) and, when there is new content, a new voucher follows.
 *   Never an edit. The reversal and the new voucher go to the period being generated, for a stored voucher of that
 *   period or an earlier one (exported or not: a batch voucher of an open month that a later payout completes is
 *   re-issued in the later month, so no movement waits for an older month to be generated again).
 */
import type { DraftVoucher } from './types';

export const periodOf = (day: string): string => day.slice(0, 7);

export function nextPeriod(period: string): string {
  const [y, m] = period.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

/** The first period ≥ `period` that is not exported. */
export function effectivePeriod(period: string, exported: ReadonlySet<string>): string {
  let p = period;
  while (exported.has(p)) p = nextPeriod(p);
  return p;
}

/** The last day of a period (YYYY-MM-DD). */
export function lastDayOf(period: string): string {
  const [y, m] = period.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m, 0));
  return d.toISOString().slice(0, 10);
}

/** A voucher's date inside `period`: the movement's own date, or the period's first day when it is earlier. */
export const dateWithin = (day: string, period: string): string => (periodOf(day) < period ? `${period}-01` : day);

export interface StoredVoucherRef {
  id: number;
  groupKey: string;
  period: string;
  fingerprint: string;
}

export interface Plan {
  /** stored vouchers to reverse in this period */
  reverse: StoredVoucherRef[];
  /** new vouchers to write in this period (dates moved inside it) */
  create: DraftVoucher[];
  unchanged: number;
}

/**
 * @param desired what the rules give now for every movement of the entity up to the period's end
 * @param active stored vouchers of the entity that are neither reversals nor reversed
 */
export function planPeriod(
  period: string,
  desired: readonly DraftVoucher[],
  active: readonly StoredVoucherRef[],
  exported: ReadonlySet<string>,
): Plan {
  if (exported.has(period)) throw new Error(`period ${period} is exported`);
  const byGroup = new Map(active.map((v) => [v.groupKey, v]));
  const lands = (storedPeriod: string) => storedPeriod <= period;
  const plan: Plan = { reverse: [], create: [], unchanged: 0 };
  const seen = new Set<string>();
  for (const d of desired) {
    seen.add(d.groupKey);
    const stored = byGroup.get(d.groupKey);
    if (!stored) {
      if (effectivePeriod(periodOf(d.date), exported) === period)
        plan.create.push({ ...d, date: dateWithin(d.date, period) });
      continue;
    }
    if (stored.fingerprint === d.fingerprint) {
      if (stored.period === period) plan.unchanged += 1;
      continue;
    }
    if (!lands(stored.period)) continue;
    plan.reverse.push(stored);
    plan.create.push({ ...d, date: dateWithin(d.date, period) });
  }
  for (const v of active) if (!seen.has(v.groupKey) && lands(v.period)) plan.reverse.push(v);
  return plan;
}
