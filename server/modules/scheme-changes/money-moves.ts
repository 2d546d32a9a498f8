/**
 * What a 立项调整 line means in money when the change applies (pure):
 * - 补缴 (top-up): the increase of the commitment (delta > 0), capped at what is unpaid of the new commitment. What was
 *   already due before the change stays on the partner's 认购缴款 due, so nothing is asked twice.
 * - 退款 (refund): what the partner paid above the new commitment (paid − new > 0).
 * The platform never gets a due.
 */
import type Decimal from 'decimal.js';
import { dec } from '../../../shared/money';

type Num = { toString(): string };
export interface MoneyLine {
  holder: string;
  oldCommitted: Num;
  newCommitted: Num;
  paid: Num;
}

const ZERO = dec(0);
const min = (a: Decimal, b: Decimal) => (a.lessThan(b) ? a : b);

export function topUpOf(l: MoneyLine): Decimal {
  if (l.holder !== 'PARTNER') return ZERO;
  const nc = dec(l.newCommitted.toString());
  const delta = nc.minus(dec(l.oldCommitted.toString()));
  const unpaid = nc.minus(dec(l.paid.toString()));
  return delta.greaterThan(0) && unpaid.greaterThan(0) ? min(delta, unpaid) : ZERO;
}

export function refundOf(l: MoneyLine): Decimal {
  if (l.holder !== 'PARTNER') return ZERO;
  const over = dec(l.paid.toString()).minus(dec(l.newCommitted.toString()));
  return over.greaterThan(0) ? over : ZERO;
}

/** How much a decrease takes off what was still due before the change (never below 0). */
export function dueReductionOf(l: MoneyLine): Decimal {
  if (l.holder !== 'PARTNER') return ZERO;
  const old = dec(l.oldCommitted.toString());
  const nc = dec(l.newCommitted.toString());
  const paid = dec(l.paid.toString());
  if (!nc.lessThan(old)) return ZERO;
  const unpaidBefore = old.greaterThan(paid) ? old.minus(paid) : ZERO;
  const unpaidAfter = nc.greaterThan(paid) ? nc.minus(paid) : ZERO;
  return unpaidBefore.minus(unpaidAfter);
}
