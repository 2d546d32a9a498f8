/**
 * The scheme's arithmetic, in one place for the BFF, the console and the mini-program (domain.md §4.1–4.2).
 *
 * Named rounding points (every other module calls these, never `toDecimalPlaces` / `toFixed` itself):
 * - LEVEL_CAP: a level's cap = 资金峰值 × that level's 合伙投资占比, to the cent (half-up, shared/money roundMoney).
 * - SHAREABLE: what partners may share of a cap = the cap rounded DOWN to the allocation unit; the sub-unit
 *   remainder (cap − shareable) always belongs to the 平台公司, so partners + platform = cap to the cent.
 * - PERSON_CAP: 单人上限 = 资金峰值 × per-person ratio, rounded DOWN to the allocation unit (nobody may be offered
 *   a fraction of a unit beyond the limit).
 * - EFFECTIVE_UPPER: what a partner may take in a round = min(认购上限, 单人上限 − what they already hold in the
 *   project), never below 0 — one figure for the partner's pages, the subscription check, 测算 and review.
 * Pure functions: inputs are anything decimal-like (Prisma Decimal, strings), outputs are decimal.js values.
 *
 * For a caller holding a ProjectScheme row `s` (it satisfies SchemeTerms as it is):
 *   levelCaps(s)[level]                      the level's cap to the cent (what review checks a level total against)
 *   shareableOf(levelCaps(s)[level], unit)   what 测算 shares out; the rest of the cap is the platform's
 *   personCap(s)                             单人上限, or null
 *   effectiveUpperLimit(s, line.maxAmount, heldInOtherRounds)
 *   sumByLevel(lines, (l) => l.level, (l) => l.investedAmount)
 */
import type Decimal from 'decimal.js';
import { dec, Dec, roundMoney, type MoneyInput } from './money';
import { LEVELS, type TLevel } from './api/scheme';

export type Level = TLevel;
export { LEVELS };

/** The terms of a project's scheme that the arithmetic needs (a ProjectScheme row satisfies it). */
export interface SchemeTerms {
  peakCapital: MoneyInput;
  holdingRatio: MoneyInput;
  groupRatio: MoneyInput;
  cityRatio: MoneyInput;
  otherRatio: MoneyInput;
  allocationUnit: MoneyInput;
  perPersonCapRatio?: MoneyInput | null;
}

const RATIO_FIELD: Record<Level, keyof SchemeTerms> = {
  HOLDING: 'holdingRatio',
  GROUP: 'groupRatio',
  CITY: 'cityRatio',
  OTHER: 'otherRatio',
};

/** A level's 合伙投资占比 as a fraction (0.0331 = 3.31%). */
export const levelRatio = (terms: SchemeTerms, level: Level): Decimal => dec(terms[RATIO_FIELD[level]] as MoneyInput);

/** Each level's ratio. */
export const levelRatios = (terms: SchemeTerms): Record<Level, Decimal> =>
  Object.fromEntries(LEVELS.map((l) => [l, levelRatio(terms, l)])) as Record<Level, Decimal>;

/** The allocation unit (¥1 by default, or ¥0.01). */
export const allocationUnit = (terms: SchemeTerms): Decimal => dec(terms.allocationUnit);

/** x rounded down (towards −∞, exactly) to a multiple of unit (unit > 0). */
export function floorToUnit(x: MoneyInput, unit: MoneyInput): Decimal {
  const u = dec(unit);
  if (!u.isFinite() || u.lessThanOrEqualTo(0)) throw new RangeError('floorToUnit: the unit must be positive');
  const v = dec(x);
  const down = v.dividedToIntegerBy(u).times(u); // truncates towards zero: one unit too high for a negative x
  return down.greaterThan(v) ? down.minus(u) : down;
}

/** x is a whole number of units. */
export const isMultipleOfUnit = (x: MoneyInput, unit: MoneyInput): boolean => dec(x).mod(dec(unit)).isZero();

/** LEVEL_CAP: peak × ratio to the cent. */
export const levelCapOf = (peakCapital: MoneyInput, ratio: MoneyInput): Decimal =>
  roundMoney(dec(peakCapital).times(dec(ratio)));

/** One level's cap, to the cent. */
export const levelCap = (terms: SchemeTerms, level: Level): Decimal =>
  levelCapOf(terms.peakCapital, levelRatio(terms, level));

/** Every level's cap, to the cent. */
export const levelCaps = (terms: SchemeTerms): Record<Level, Decimal> =>
  Object.fromEntries(LEVELS.map((l) => [l, levelCap(terms, l)])) as Record<Level, Decimal>;

/**
 * The co-investment cap: Σ of the level caps (so it reconciles with them to the cent; it may differ by a few
 * cents from 资金峰值 × 合伙投资占比 rounded once, which is why nothing shows that product).
 */
export function totalCap(terms: SchemeTerms): Decimal {
  const caps = levelCaps(terms);
  return LEVELS.reduce<Decimal>((acc, l) => acc.plus(caps[l]), new Dec(0));
}

/** SHAREABLE: the part of a cap partners may share — rounded down to the allocation unit. */
export const shareableOf = (cap: MoneyInput, unit: MoneyInput): Decimal => floorToUnit(cap, unit);

/** The sub-unit remainder of a cap that belongs to the platform company whatever partners take. */
export const subUnitRemainder = (cap: MoneyInput, unit: MoneyInput): Decimal => dec(cap).minus(shareableOf(cap, unit));

/** PERSON_CAP: the most one person may hold across all rounds of the project, or null when unlimited. */
export function personCap(terms: SchemeTerms): Decimal | null {
  if (terms.perPersonCapRatio === null || terms.perPersonCapRatio === undefined) return null;
  return floorToUnit(dec(terms.peakCapital).times(dec(terms.perPersonCapRatio)), allocationUnit(terms));
}

/**
 * The upper limit a partner may actually subscribe in a round: the list's 认购上限, lowered to what the per-person
 * cap leaves after what they already hold in the project (other rounds), never below 0.
 */
export function effectiveUpperLimit(
  terms: SchemeTerms,
  listedMax: MoneyInput,
  alreadyHeld: MoneyInput | null = 0,
): Decimal {
  const max = dec(listedMax);
  const cap = personCap(terms);
  if (!cap) return max;
  const room = Dec.max(new Dec(0), cap.minus(dec(alreadyHeld ?? 0)));
  return Dec.min(max, room);
}

/** Σ of amounts per level (missing levels are 0). */
export function sumByLevel<T>(rows: T[], level: (r: T) => Level, amount: (r: T) => MoneyInput | null | undefined) {
  const out = Object.fromEntries(LEVELS.map((l) => [l, new Dec(0)])) as Record<Level, Decimal>;
  for (const r of rows) {
    const a = amount(r);
    if (a !== null && a !== undefined) out[level(r)] = out[level(r)].plus(dec(a));
  }
  return out;
}
