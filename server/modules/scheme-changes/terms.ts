/** The old and the proposed terms of a change as the arithmetic takes them (pure). */
import type Decimal from 'decimal.js';
import { dec, sumMoney } from '../../../shared/money';
import { levelCaps, type Level, type SchemeTerms } from '../../../shared/scheme-math';

export interface StoredShareholder {
  name: string;
  equityRatio: string;
  isOurs: boolean;
  capitalContribution: string | null;
}

type Num = { toString(): string };
interface ChangeTermsRow {
  peakCapital: Num;
  holdingRatio: Num;
  groupRatio: Num;
  cityRatio: Num;
  otherRatio: Num;
  perPersonCapRatio: Num | null;
  oldPeakCapital: Num;
  oldHoldingRatio: Num;
  oldGroupRatio: Num;
  oldCityRatio: Num;
  oldOtherRatio: Num;
  oldPerPersonCapRatio: Num | null;
}

const s = (v: Num | null) => (v === null ? null : v.toString());

/** The terms in force when the change was drafted (the allocation unit is the scheme's). */
export const oldTermsOf = (c: ChangeTermsRow, allocationUnit: Num): SchemeTerms => ({
  peakCapital: c.oldPeakCapital.toString(),
  holdingRatio: c.oldHoldingRatio.toString(),
  groupRatio: c.oldGroupRatio.toString(),
  cityRatio: c.oldCityRatio.toString(),
  otherRatio: c.oldOtherRatio.toString(),
  perPersonCapRatio: s(c.oldPerPersonCapRatio),
  allocationUnit: allocationUnit.toString(),
});

/** The proposed terms. */
export const newTermsOf = (c: ChangeTermsRow, allocationUnit: Num): SchemeTerms => ({
  peakCapital: c.peakCapital.toString(),
  holdingRatio: c.holdingRatio.toString(),
  groupRatio: c.groupRatio.toString(),
  cityRatio: c.cityRatio.toString(),
  otherRatio: c.otherRatio.toString(),
  perPersonCapRatio: s(c.perPersonCapRatio),
  allocationUnit: allocationUnit.toString(),
});

export const totalRatioOf = (t: SchemeTerms): Decimal =>
  sumMoney([t.holdingRatio, t.groupRatio, t.cityRatio, t.otherRatio].map((x) => dec(x)));

export const capsOf = (t: SchemeTerms): Record<Level, Decimal> => levelCaps(t);

/** Shareholder rows as stored in the change's JSON columns. */
export function shareholdersOf(json: unknown): StoredShareholder[] {
  return Array.isArray(json) ? (json as StoredShareholder[]) : [];
}
