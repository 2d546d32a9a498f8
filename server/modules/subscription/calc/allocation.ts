/**
 * 认购测算 — the first, automatic allocation of a subscription round (domain.md §4.1–4.2).
 *
 * Pure functions over decimal.js: no I/O, no clock, no JS numbers for amounts. Amounts come in as Decimal and go
 * out as Decimal (built with `Dec` from shared/money). Internally every amount is turned into a whole number of
 * allocation units (¥1 or ¥0.01 …) so that the share-out and the largest-remainder rounding are exact rational
 * arithmetic: a partner's exact pro-rata share is kept as numerator / common denominator, never as a rounded
 * quotient, so remainders compare exactly and ties are real ties (broken by partner id, hence by input order
 * after sorting — the result does not depend on the order partners are listed in).
 *
 * Rules, made precise (the arithmetic of caps is shared/scheme-math.ts, the one home of these rounding points):
 * - Level cap = 资金峰值 × that level's 合伙投资占比 to the cent (LEVEL_CAP); partners share only the cap rounded
 *   DOWN to a multiple of the allocation unit (SHAREABLE). "The cap" below means that shareable part.
 * - Effective upper limit of a partner = min(认购上限, 单人上限 − what they hold in the project's other rounds
 *   (`held`, 0 when not given)), never below 0, with 单人上限 = floor_unit(资金峰值 × 单人上限比例) (PERSON_CAP and
 *   EFFECTIVE_UPPER of shared/scheme-math).
 * - Demand: 强投 → clamp(subscribed ?? lower, lower, effective upper) (an unsubscribed mandatory investor is placed
 *   at their lower limit); 优先 / 自愿 → 0 when they did not subscribe or subscribed 0, else
 *   clamp(subscribed, lower, effective upper).
 * - Per level, tiers in the order 强投 → 优先 → 自愿 with R = what is left of the cap: a tier whose demand fits gets
 *   it in full; the first tier that does not fit shares R pro rata to demand, each share clamped to
 *   [lower, demand] (water-filling: shares that fall under a lower limit are pinned there and the rest is shared
 *   again), rounded by largest remainder so the tier takes exactly R; every later tier gets 0.
 * - What nobody takes goes to the 平台公司: platform = the cent cap − allocated, so it includes the sub-unit
 *   remainder of the cap and partners + platform = the cent cap exactly.
 *
 * Infeasible minimums are reported, never silently "fixed":
 * - 强投 tier: lower limits above the level cap → MANDATORY_EXCEEDS_CAP.
 * - 优先 / 自愿 tier with 0 < R < Σ lower limits of those who subscribed → MIN_EXCEEDS_CAP. We chose to stop here
 *   rather than drop partners until the rest fits: who is left out of a scheme is a business decision, and every
 *   mechanical order we could pick (by id, by amount, by list position) would be an unwritten policy that an
 *   accountant cannot see or defend to the partner concerned. The message names the level, the tier and the
 *   amounts so the accountant can lower limits, move partners or decline on someone's behalf, then run again.
 * - When R is exactly 0 for a 优先 / 自愿 tier (the tiers above took the whole cap) there is nothing to share: the
 *   tier gets 0 like any tier below an oversubscribed one, and that is not an error.
 *
 * Input checks (first offender in id order, so the answer does not depend on list order): unit > 0 and a multiple
 * of ¥0.01; 0 ≤ 资金峰值 < 10^16; ratios in [0, 1]; unique integer ids; per partner 0 ≤ min ≤ max, min / max /
 * subscribed multiples of the unit, and min ≤ the per-person cap. The last applies to every listed partner, also one
 * who declined: a range nobody may legally take is a mistake in the list, reported rather than skipped.
 *
 * Determinism: rounding ties go to the lower partner id; lines come back in input order; levels always in the order
 * 控股集团, 置业集团, 城市公司, 其它. `oversubscribed` is strict (Σ demand > cap): equal demand and cap fills the cap
 * with nobody cut.
 */
import type Decimal from 'decimal.js';
import {
  CATEGORIES,
  CATEGORY_LABEL,
  LEVEL_LABEL,
  LEVELS,
  type TCategory,
  type TLevel,
} from '../../../../shared/api/scheme';
import { dec, decimalString, formatMoney, formatRatio, moneyString, type MoneyInput } from '../../../../shared/money';
import {
  effectiveUpperLimit,
  floorToUnit,
  isMultipleOfUnit,
  levelCapOf,
  personCap as personCapOf,
  shareableOf,
  type SchemeTerms,
} from '../../../../shared/scheme-math';

export type Level = TLevel; // 控股集团 / 置业集团 / 城市公司 / 其它
export type Category = TCategory; // 强投 / 优先 / 自愿
export { CATEGORIES, LEVELS };

export interface AllocationPartner {
  id: number;
  /** the partner's name, used in messages (the id is shown only when it is missing) */
  name?: string | null;
  level: Level;
  category: Category;
  /** 认购下限 */
  min: Decimal;
  /** 认购上限 */
  max: Decimal;
  /** 认购金额; null = did not subscribe */
  subscribed: Decimal | null;
  /**
   * What the partner already holds in the project's other rounds: it counts against the per-person cap
   * (effectiveUpperLimit in shared/scheme-math). Absent or null = 0.
   */
  held?: Decimal | null;
}

export interface AllocationInput {
  /** 资金峰值 */
  peakCapital: Decimal;
  /** 合伙投资占比 per level, as fractions (0.0331 = 3.31%) */
  levelRatios: Record<Level, Decimal>;
  /** 分配单位: 1 (yuan, default) or 0.01; any positive multiple of 0.01 is accepted */
  allocationUnit: Decimal;
  /** a single person may hold at most peakCapital × this (e.g. 0.01); null = no such limit */
  perPersonCapRatio: Decimal | null;
  partners: AllocationPartner[];
  /**
   * What partners may share per level instead of the level's cap (a 补投 round shares only what is left:
   * capital/calc/supplement `supplementCapacity`). Rounded down to the allocation unit; the result's `cap` is then
   * this amount and `platform` what stays with the platform of it. Absent levels use the level's cap.
   */
  caps?: Partial<Record<Level, Decimal>>;
}

export interface AllocationLine {
  id: number;
  level: Level;
  category: Category;
  /** what the partner subscribed (0 when they did not) */
  subscribed: Decimal;
  /** what the rules count them for before the level cap: the subscription clamped to the limits (see module doc) */
  demand: Decimal;
  allocated: Decimal;
  /** got less than subscribed */
  capped: boolean;
}

export interface LevelResult {
  level: Level;
  /** 资金峰值 × the level's ratio, to the cent */
  cap: Decimal;
  /** the part of the cap partners may share: the cap rounded down to the allocation unit */
  shareable: Decimal;
  /** Σ subscribed of the level's partners (as they entered it) */
  subscribedTotal: Decimal;
  /** Σ demand (subscriptions clamped to limits; unsubscribed 强投 at their lower limit) */
  demandTotal: Decimal;
  allocatedTotal: Decimal;
  /** cap − allocatedTotal: held by the 平台公司 (always includes the sub-unit remainder cap − shareable) */
  platform: Decimal;
  /** Σ demand > shareable: someone got less than their demand */
  oversubscribed: boolean;
}

export type AllocationErrorCode =
  'MANDATORY_EXCEEDS_CAP' | 'MIN_EXCEEDS_CAP' | 'INVALID_LIMITS' | 'NOT_A_UNIT_MULTIPLE';

export type AllocationResult =
  | { ok: true; lines: AllocationLine[]; levels: LevelResult[]; platformTotal: Decimal }
  | { ok: false; code: AllocationErrorCode; message: string; details: Record<string, unknown> };

/** Amounts stay below 10^16 (16 integer digits, as on the wire): products of two amounts in cents then fit the 50-digit precision exactly. */
const AMOUNT_LIMIT = dec('1e16');
const CENT = dec('0.01');
const ZERO = dec(0);
const ONE = dec(1);

// ---------------------------------------------------------------------------------------------------------------
// Exact helpers

/** floor(n / d) and the remainder n − floor·d (0 ≤ r < d) for d > 0, exactly. */
function floorDivRem(n: Decimal, d: Decimal): { q: Decimal; r: Decimal } {
  let q = n.divToInt(d); // truncates toward zero
  let r = n.minus(q.times(d));
  if (r.isNegative()) {
    q = q.minus(ONE);
    r = r.plus(d);
  }
  return { q, r };
}

const isMultipleOf = (x: Decimal, unit: Decimal): boolean => isMultipleOfUnit(x, unit);
const maxOf = (a: Decimal, b: Decimal): Decimal => (a.greaterThanOrEqualTo(b) ? a : b);
const minOf = (a: Decimal, b: Decimal): Decimal => (a.lessThanOrEqualTo(b) ? a : b);
const clamp = (x: Decimal, lo: Decimal, hi: Decimal): Decimal => maxOf(lo, minOf(x, hi));
const sum = (xs: readonly Decimal[]): Decimal => xs.reduce((acc, x) => acc.plus(x), ZERO);

/**
 * Largest-remainder apportionment in whole units. Item i's exact share is nums[i] / den units; it receives floor or
 * ceil of that, clamped to [lower[i], upper[i]], and the results add up to `target`. Items rounded up are those with
 * the largest remainders, ties to the lower index. Returns null when no such choice reaches the target.
 */
function apportionUnits(
  target: Decimal,
  nums: readonly Decimal[],
  den: Decimal,
  lower: readonly Decimal[],
  upper: readonly Decimal[],
): Decimal[] | null {
  const parts = nums.map((n, i) => {
    const { q, r } = floorDivRem(n, den);
    const ceil = r.isZero() ? q : q.plus(ONE);
    const lo = clamp(q, lower[i], upper[i]);
    const hi = clamp(ceil, lower[i], upper[i]);
    return { i, r, lo, canRaise: hi.greaterThan(lo) };
  });
  const out = parts.map((p) => p.lo);
  const missing = target.minus(sum(out));
  const raisable = parts.filter((p) => p.canRaise).sort((a, b) => b.r.comparedTo(a.r) || a.i - b.i);
  if (missing.isNegative() || !missing.isInteger() || missing.greaterThan(raisable.length)) return null;
  const k = missing.toNumber(); // a count of units, ≤ raisable.length
  for (let j = 0; j < k; j++) out[raisable[j].i] = out[raisable[j].i].plus(ONE);
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Public helpers

/**
 * Round `exact` to multiples of `unit` that add up to `target` exactly (largest-remainder / Hamilton method): each
 * result is floor or ceil of its exact value (to the unit), the ones rounded up being those with the largest
 * remainders, ties broken by index (lower index first). With `bounds`, each result is also kept within
 * [min, max] (bounds win over floor/ceil when the exact value lies outside them).
 *
 * Throws RangeError on misuse: a non-positive unit, a target or bound that is not a multiple of the unit,
 * min > max, or a target that cannot be reached within the floors/ceilings and bounds (e.g. Σ exact far from target).
 */
export function largestRemainder(
  target: Decimal,
  exact: Decimal[],
  unit: Decimal,
  bounds?: { min: Decimal; max: Decimal }[],
): Decimal[] {
  const u = dec(unit);
  if (!u.isFinite() || u.lessThanOrEqualTo(ZERO)) throw new RangeError('largestRemainder: the unit must be positive');
  const t = dec(target);
  if (!isMultipleOf(t, u))
    throw new RangeError(`largestRemainder: target ${decimalString(t)} is not a multiple of ${decimalString(u)}`);
  if (bounds && bounds.length !== exact.length)
    throw new RangeError('largestRemainder: bounds must match exact one to one');
  const toUnits = (x: Decimal, what: string): Decimal => {
    if (!isMultipleOf(x, u))
      throw new RangeError(`largestRemainder: ${what} ${decimalString(x)} is not a multiple of ${decimalString(u)}`);
    return x.dividedBy(u);
  };
  const lower = exact.map((_, i) => (bounds ? toUnits(dec(bounds[i].min), 'bound') : dec('-Infinity')));
  const upper = exact.map((_, i) => (bounds ? toUnits(dec(bounds[i].max), 'bound') : dec('Infinity')));
  if (lower.some((lo, i) => lo.greaterThan(upper[i]))) throw new RangeError('largestRemainder: a bound has min > max');
  const units = apportionUnits(
    t.dividedBy(u),
    exact.map((x) => dec(x)),
    u,
    lower,
    upper,
  );
  if (!units)
    throw new RangeError(
      `largestRemainder: ${decimalString(t)} cannot be reached by rounding these amounts within their bounds`,
    );
  return units.map((n) => n.times(u));
}

// ---------------------------------------------------------------------------------------------------------------
// allocate

interface Member {
  /** position in the input */
  index: number;
  partner: AllocationPartner;
  subscribed: Decimal; // amount, null → 0
  minU: Decimal; // lower limit in units
  demandU: Decimal; // demand in units
}

type Failure = Extract<AllocationResult, { ok: false }>;
const fail = (code: AllocationErrorCode, message: string, details: Record<string, unknown>): Failure => ({
  ok: false,
  code,
  message,
  details,
});
/** How messages name a partner: by name; by list id only when the caller gave no name. */
const nameOf = (p: AllocationPartner): string => {
  const name = typeof p.name === 'string' ? p.name.trim() : '';
  return name ? `合伙人${name}` : `合伙人 #${String(p.id)}`;
};
const who = (p: AllocationPartner): string => `${nameOf(p)}（${LEVEL_LABEL[p.level]}·${CATEGORY_LABEL[p.category]}）`;
/** Names for a message listing partners: at most `max`, then "等 N 人". */
function namesOf(ps: readonly AllocationPartner[], max = 10): string {
  const names = ps.slice(0, max).map((p) => nameOf(p).replace(/^合伙人 ?/, ''));
  return ps.length > max ? `${names.join('、')} 等 ${ps.length} 人` : names.join('、');
}

/** A Decimal from whatever the caller passed (another Decimal constructor, a decimal string …), or null if unusable. */
function readDecimal(v: unknown): Decimal | null {
  if (v === null || v === undefined) return null;
  try {
    const d = dec(v as MoneyInput);
    return d.isFinite() ? d : null;
  } catch {
    return null;
  }
}

interface Settings {
  unit: Decimal;
  peak: Decimal;
  ratios: Record<Level, Decimal>;
  personCap: Decimal | null;
  /** the terms scheme-math needs for the per-person limits */
  terms: SchemeTerms;
}

function readSettings(input: AllocationInput): Settings | Failure {
  const unit = readDecimal(input.allocationUnit);
  if (!unit || unit.lessThanOrEqualTo(ZERO) || !isMultipleOf(unit, CENT) || unit.greaterThanOrEqualTo(AMOUNT_LIMIT)) {
    return fail(
      'INVALID_LIMITS',
      `分配单位必须是正的金额且为 ¥0.01 的整数倍（例如 ¥1.00 或 ¥0.01），当前为 ${String(input.allocationUnit)}。`,
      { field: 'allocationUnit', value: String(input.allocationUnit) },
    );
  }
  const peak = readDecimal(input.peakCapital);
  if (!peak || peak.isNegative() || peak.greaterThanOrEqualTo(AMOUNT_LIMIT)) {
    return fail('INVALID_LIMITS', `资金峰值必须是不小于 0 的金额，当前为 ${String(input.peakCapital)}。`, {
      field: 'peakCapital',
      value: String(input.peakCapital),
    });
  }
  const ratios = {} as Record<Level, Decimal>;
  for (const level of LEVELS) {
    const r = readDecimal(input.levelRatios?.[level]);
    if (!r || r.isNegative() || r.greaterThan(ONE)) {
      return fail(
        'INVALID_LIMITS',
        `${LEVEL_LABEL[level]}的合伙投资占比必须在 0 到 100% 之间，当前为 ${String(input.levelRatios?.[level])}。`,
        { field: 'levelRatios', level, value: String(input.levelRatios?.[level]) },
      );
    }
    ratios[level] = r;
  }
  let personCap: Decimal | null = null;
  let terms: SchemeTerms = {
    peakCapital: peak,
    holdingRatio: ratios.HOLDING,
    groupRatio: ratios.GROUP,
    cityRatio: ratios.CITY,
    otherRatio: ratios.OTHER,
    allocationUnit: unit,
    perPersonCapRatio: null,
  };
  if (input.perPersonCapRatio !== null && input.perPersonCapRatio !== undefined) {
    const r = readDecimal(input.perPersonCapRatio);
    if (!r || r.isNegative() || r.greaterThan(ONE)) {
      return fail(
        'INVALID_LIMITS',
        `单人认购上限比例必须在 0 到 100% 之间，当前为 ${String(input.perPersonCapRatio)}。`,
        { field: 'perPersonCapRatio', value: String(input.perPersonCapRatio) },
      );
    }
    terms = { ...terms, perPersonCapRatio: r };
    personCap = personCapOf(terms);
  }
  return { unit, peak, ratios, personCap, terms };
}

/** Checks one partner's limits and works out their demand (in units). */
function readMember(p: AllocationPartner, index: number, s: Settings): Member | Failure {
  const { unit } = s;
  if (!LEVELS.includes(p.level) || !CATEGORIES.includes(p.category)) {
    return fail('INVALID_LIMITS', `${nameOf(p)} 的层级或类别无效（${String(p.level)} / ${String(p.category)}）。`, {
      partnerId: p.id,
      level: p.level,
      category: p.category,
    });
  }
  const amounts: { field: 'min' | 'max' | 'subscribed'; label: string; raw: unknown }[] = [
    { field: 'min', label: '认购下限', raw: p.min },
    { field: 'max', label: '认购上限', raw: p.max },
    { field: 'subscribed', label: '认购金额', raw: p.subscribed },
  ];
  const read: Partial<Record<'min' | 'max' | 'subscribed', Decimal>> = {};
  for (const a of amounts) {
    if (a.field === 'subscribed' && (a.raw === null || a.raw === undefined)) continue;
    const v = readDecimal(a.raw);
    if (!v || v.isNegative() || v.greaterThanOrEqualTo(AMOUNT_LIMIT)) {
      return fail('INVALID_LIMITS', `${who(p)}的${a.label}无效：必须是不小于 0 的金额，当前为 ${String(a.raw)}。`, {
        partnerId: p.id,
        field: a.field,
        value: String(a.raw),
      });
    }
    if (!isMultipleOf(v, unit)) {
      return fail(
        'NOT_A_UNIT_MULTIPLE',
        `${who(p)}的${a.label} ${formatMoney(v)} 不是分配单位 ${formatMoney(unit)} 的整数倍，请调整后再测算。`,
        { partnerId: p.id, field: a.field, value: moneyString(v), unit: moneyString(unit) },
      );
    }
    read[a.field] = v;
  }
  const min = read.min ?? ZERO;
  const max = read.max ?? ZERO;
  if (min.greaterThan(max)) {
    return fail(
      'INVALID_LIMITS',
      `${who(p)}的认购下限 ${formatMoney(min)} 高于认购上限 ${formatMoney(max)}，请调整后再测算。`,
      { partnerId: p.id, min: moneyString(min), max: moneyString(max) },
    );
  }
  let held = ZERO;
  if (p.held !== null && p.held !== undefined) {
    const h = readDecimal(p.held);
    if (!h || h.isNegative() || h.greaterThanOrEqualTo(AMOUNT_LIMIT)) {
      return fail('INVALID_LIMITS', `${who(p)}的已持有金额无效：必须是不小于 0 的金额，当前为 ${String(p.held)}。`, {
        partnerId: p.id,
        field: 'held',
        value: String(p.held),
      });
    }
    held = h;
  }
  // EFFECTIVE_UPPER, kept to whole units (a holding from a round with another unit may leave a fraction)
  const effMax = floorToUnit(effectiveUpperLimit(s.terms, max, held), unit);
  if (min.greaterThan(effMax)) {
    const heldText = held.isZero() ? '' : `，扣除其在本项目已持有的 ${formatMoney(held)}`;
    return fail(
      'INVALID_LIMITS',
      `${who(p)}的认购下限 ${formatMoney(min)} 高于单人认购上限 ${formatMoney(effMax)}（资金峰值 ${formatMoney(s.peak)} × 单人上限比例${heldText}），请调整后再测算。`,
      { partnerId: p.id, min: moneyString(min), perPersonCap: moneyString(effMax), held: moneyString(held) },
    );
  }
  const subscribed = read.subscribed ?? null;
  let demand: Decimal;
  if (p.category === 'MANDATORY') demand = clamp(subscribed ?? min, min, effMax);
  else demand = subscribed === null || subscribed.isZero() ? ZERO : clamp(subscribed, min, effMax);
  return {
    index,
    partner: p,
    subscribed: subscribed ?? ZERO,
    minU: min.dividedBy(unit),
    demandU: demand.dividedBy(unit),
  };
}

/**
 * The share-out of an oversubscribed tier, in units: R shared pro rata to demand, each clamped to [min, demand].
 * Members are sorted by id (ties in rounding go to the lower id). Requires Σ demand > R ≥ Σ min, all demands > 0.
 */
function shareTier(remaining: Decimal, members: readonly Member[]): Decimal[] {
  // Water-filling. λ = R_free / D_free only decreases as members are pinned at their lower limit, so everyone
  // pinned stays pinned and the loop ends after at most members.length rounds.
  const pinned = members.map(() => false);
  let rFree = remaining;
  let dFree = sum(members.map((m) => m.demandU));
  for (;;) {
    const newly = members.map((m, i) => !pinned[i] && rFree.times(m.demandU).lessThan(m.minU.times(dFree)));
    if (!newly.some(Boolean)) break;
    newly.forEach((n, i) => {
      if (!n) return;
      pinned[i] = true;
      rFree = rFree.minus(members[i].minU);
      dFree = dFree.minus(members[i].demandU);
    });
  }
  const free = members.map((_, i) => i).filter((i) => !pinned[i]);
  const out = members.map((m) => m.minU);
  if (free.length === 0) return out; // only when Σ min = R exactly
  const units = apportionUnits(
    rFree,
    free.map((i) => rFree.times(members[i].demandU)),
    dFree,
    free.map((i) => members[i].minU),
    free.map((i) => members[i].demandU),
  );
  // Cannot happen: each free exact share lies in [min, demand] and these are whole units.
  if (!units) throw new Error('allocate: internal error, the pro-rata share-out could not be rounded');
  free.forEach((i, j) => {
    out[i] = units[j];
  });
  return out;
}

/** 测算: allocate each level's cap to its partners (see the module comment for the rules). */
export function allocate(input: AllocationInput): AllocationResult {
  const settings = readSettings(input);
  if ('ok' in settings) return settings;
  const { unit, peak, ratios } = settings;

  // Validate in id order so the first error reported does not depend on the list order.
  const byId = input.partners.map((p, index) => ({ p, index })).sort((a, b) => a.p.id - b.p.id);
  const members: Member[] = [];
  for (let k = 0; k < byId.length; k++) {
    const { p, index } = byId[k];
    if (!Number.isSafeInteger(p.id))
      return fail('INVALID_LIMITS', `合伙人编号无效：${String(p.id)}。`, { partnerId: p.id });
    if (k > 0 && byId[k - 1].p.id === p.id)
      return fail('INVALID_LIMITS', `${nameOf(p)} 在名单中出现了不止一次。`, { partnerId: p.id });
    const m = readMember(p, index, settings);
    if ('ok' in m) return m;
    members.push(m);
  }

  const caps = Object.fromEntries(
    LEVELS.map((l) => {
      const override = input.caps?.[l];
      return [l, override ? (override.isNegative() ? ZERO : override) : levelCapOf(peak, ratios[l])];
    }),
  ) as Record<Level, Decimal>;
  const allocatedU = new Map<number, Decimal>(); // input index → units
  const levels: LevelResult[] = [];
  for (const level of LEVELS) {
    const shareable = shareableOf(caps[level], unit);
    const capU = shareable.dividedBy(unit);
    let remaining = capU;
    const atLevel = members.filter((m) => m.partner.level === level);
    for (const category of CATEGORIES) {
      const tier = atLevel.filter((m) => m.partner.category === category);
      const takers = tier.filter((m) => m.demandU.greaterThan(ZERO));
      for (const m of tier) allocatedU.set(m.index, ZERO);
      const demand = sum(takers.map((m) => m.demandU));
      if (demand.lessThanOrEqualTo(remaining)) {
        for (const m of takers) allocatedU.set(m.index, m.demandU);
        remaining = remaining.minus(demand);
        continue;
      }
      // Oversubscribed tier.
      if (remaining.isZero() && category !== 'MANDATORY') continue; // nothing left to share: the tier gets 0
      const mins = sum(takers.map((m) => m.minU));
      if (mins.greaterThan(remaining)) {
        const withMin = takers.filter((m) => !m.minU.isZero()).map((m) => m.partner);
        const ids = withMin.map((p) => p.id);
        const details = {
          level,
          category,
          cap: moneyString(caps[level]),
          shareable: moneyString(shareable),
          remaining: moneyString(remaining.times(unit)),
          minimumsTotal: moneyString(mins.times(unit)),
          partnerIds: ids,
        };
        const unitNote = shareable.equals(caps[level])
          ? ''
          : `，按分配单位 ${formatMoney(unit)} 可分配 ${formatMoney(shareable)}`;
        const capText = input.caps?.[level]
          ? `${formatMoney(caps[level])}（本轮可补投额度）`
          : `${formatMoney(caps[level])}（资金峰值 ${formatMoney(peak)} × ${formatRatio(ratios[level])}${unitNote}）`;
        const whoText = withMin.length ? `（${namesOf(withMin)}）` : '';
        if (category === 'MANDATORY') {
          return fail(
            'MANDATORY_EXCEEDS_CAP',
            `${LEVEL_LABEL[level]}强投合伙人${whoText}的认购下限合计 ${formatMoney(mins.times(unit))}，超过该层级跟投额度 ${capText}，无法测算。请调整强投名单、认购下限或合伙投资占比。`,
            details,
          );
        }
        return fail(
          'MIN_EXCEEDS_CAP',
          `${LEVEL_LABEL[level]}${CATEGORY_LABEL[category]}合伙人${whoText}的认购下限合计 ${formatMoney(mins.times(unit))}，超过扣除前序认购后的剩余额度 ${formatMoney(remaining.times(unit))}（该层级跟投额度 ${capText}），无法测算。请调整认购下限或名单。`,
          details,
        );
      }
      const shares = shareTier(remaining, takers); // takers are in id order
      takers.forEach((m, j) => allocatedU.set(m.index, shares[j]));
      remaining = ZERO; // later tiers get 0
    }
    const allocatedTotal = sum(atLevel.map((m) => allocatedU.get(m.index) ?? ZERO)).times(unit);
    const demandTotal = sum(atLevel.map((m) => m.demandU)).times(unit);
    levels.push({
      level,
      cap: caps[level],
      shareable,
      subscribedTotal: sum(atLevel.map((m) => m.subscribed)),
      demandTotal,
      allocatedTotal,
      platform: caps[level].minus(allocatedTotal),
      oversubscribed: demandTotal.greaterThan(shareable),
    });
  }

  const byIndex = [...members].sort((a, b) => a.index - b.index);
  const lines: AllocationLine[] = byIndex.map((m) => {
    const allocated = (allocatedU.get(m.index) ?? ZERO).times(unit);
    return {
      id: m.partner.id,
      level: m.partner.level,
      category: m.partner.category,
      subscribed: m.subscribed,
      demand: m.demandU.times(unit),
      allocated,
      capped: allocated.lessThan(m.subscribed),
    };
  });
  return { ok: true, lines, levels, platformTotal: sum(levels.map((l) => l.platform)) };
}
