import fc from 'fast-check';
import type Decimal from 'decimal.js';
import { dec, decimalString, moneyString } from './money';
import {
  effectiveUpperLimit,
  floorToUnit,
  isMultipleOfUnit,
  LEVELS,
  levelCap,
  levelCapOf,
  levelCaps,
  personCap,
  shareableOf,
  subUnitRemainder,
  sumByLevel,
  totalCap,
  type SchemeTerms,
} from './scheme-math';

// ---------------------------------------------------------------------------------------------------------------
// Generators: amounts in cents and ratios in millionths as integers, turned into decimal strings, so the
// expectations below are integer arithmetic that shares nothing with the module.

const UNITS = ['1', '0.01', '1.00'] as const;
const cents = (max: bigint) => fc.bigInt({ min: 0n, max });
const centsStr = (c: bigint): string => `${c / 100n}.${String(c % 100n).padStart(2, '0')}`;
const micro = fc.oneof(
  { weight: 1, arbitrary: fc.constant(0n) },
  { weight: 8, arbitrary: fc.bigInt({ min: 0n, max: 200000n }) },
  { weight: 1, arbitrary: fc.bigInt({ min: 0n, max: 1000000n }) },
);
const microStr = (m: bigint): string => decimalString(dec(m.toString()).dividedBy(1000000));

const termsArb = fc
  .record({
    peak: cents(10n ** 17n), // up to 10^15 yuan
    ratios: fc.tuple(micro, micro, micro, micro),
    person: fc.option(micro, { nil: null }),
    unit: fc.constantFrom(...UNITS),
  })
  .map(({ peak, ratios, person, unit }): SchemeTerms & { peakCents: bigint; ratioMicro: bigint[] } => ({
    peakCents: peak,
    ratioMicro: ratios,
    peakCapital: centsStr(peak),
    holdingRatio: microStr(ratios[0]),
    groupRatio: microStr(ratios[1]),
    cityRatio: microStr(ratios[2]),
    otherRatio: microStr(ratios[3]),
    allocationUnit: unit,
    perPersonCapRatio: person === null ? null : microStr(person),
  }));

/** peakCents × ratioMicro / 10^6, rounded half-up to the cent, in cents. */
const capCents = (peakCents: bigint, ratioMicro: bigint): bigint => {
  const n = peakCents * ratioMicro;
  const q = n / 1000000n;
  return n % 1000000n >= 500000n ? q + 1n : q;
};
const toCents = (x: Decimal): bigint => {
  expect(x.times(100).isInteger()).toBe(true);
  return BigInt(decimalString(x.times(100)));
};

const RUNS = 3000;

describe('scheme-math — worked examples', () => {
  const manual: SchemeTerms = {
    peakCapital: '219204962',
    holdingRatio: '0',
    groupRatio: '0.0331',
    cityRatio: '0.0060',
    otherRatio: '0',
    allocationUnit: '1',
    perPersonCapRatio: '0.001',
  };

  it('reproduces the manual: 219,204,962 × 3.31% and × 0.60%, to the cent', () => {
    const caps = levelCaps(manual);
    expect(LEVELS.map((l) => moneyString(caps[l]))).toEqual(['0.00', '7255684.24', '1315229.77', '0.00']);
    expect(moneyString(totalCap(manual))).toBe('8570914.01');
    expect(decimalString(shareableOf(caps.GROUP, '1'))).toBe('7255684');
    expect(moneyString(subUnitRemainder(caps.CITY, '1'))).toBe('0.77');
    expect(decimalString(personCap(manual)!)).toBe('219204'); // 219,204.962 rounded down to the yuan
  });

  it('rounds the cap half-up to the cent, then shares only whole units', () => {
    expect(moneyString(levelCapOf('999.99', '0.5'))).toBe('500.00'); // 499.995
    expect(moneyString(levelCapOf('0.25', '0.5'))).toBe('0.13'); // 0.125
    expect(decimalString(shareableOf('999.99', '100'))).toBe('900');
    expect(moneyString(subUnitRemainder('999.99', '100'))).toBe('99.99');
  });

  it('floors to the unit towards −∞, exactly', () => {
    expect(decimalString(floorToUnit('12.99', '1'))).toBe('12');
    expect(decimalString(floorToUnit('-0.5', '1'))).toBe('-1');
    expect(decimalString(floorToUnit('-2', '1'))).toBe('-2');
    expect(() => floorToUnit('1', '0')).toThrow(RangeError);
  });

  it('the effective upper limit takes what the partner already holds into account', () => {
    expect(moneyString(effectiveUpperLimit(manual, '300000'))).toBe('219204.00');
    expect(moneyString(effectiveUpperLimit(manual, '300000', '200000'))).toBe('19204.00');
    expect(moneyString(effectiveUpperLimit(manual, '10000', '200000'))).toBe('10000.00');
    expect(moneyString(effectiveUpperLimit(manual, '10000', '250000'))).toBe('0.00');
    expect(moneyString(effectiveUpperLimit({ ...manual, perPersonCapRatio: null }, '300000', '250000'))).toBe(
      '300000.00',
    );
  });

  it('sums amounts per level, missing levels and null amounts as 0', () => {
    const sums = sumByLevel(
      [
        { level: 'CITY' as const, amount: '100.50' },
        { level: 'CITY' as const, amount: null },
        { level: 'GROUP' as const, amount: '7' },
        { level: 'CITY' as const, amount: '0.50' },
      ],
      (r) => r.level,
      (r) => r.amount,
    );
    expect(LEVELS.map((l) => moneyString(sums[l]))).toEqual(['0.00', '7.00', '101.00', '0.00']);
  });
});

describe('scheme-math — properties', () => {
  it('a level cap is peak × ratio half-up to the cent', () => {
    fc.assert(
      fc.property(termsArb, (t) => {
        LEVELS.forEach((l, i) => expect(toCents(levelCap(t, l))).toBe(capCents(t.peakCents, t.ratioMicro[i]!)));
      }),
      { numRuns: RUNS },
    );
  });

  it('shareable + remainder = cap; shareable is a unit multiple ≤ cap and > cap − unit', () => {
    fc.assert(
      fc.property(termsArb, (t) => {
        const unit = dec(t.allocationUnit);
        for (const l of LEVELS) {
          const cap = levelCap(t, l);
          const shareable = shareableOf(cap, unit);
          const rest = subUnitRemainder(cap, unit);
          expect(shareable.plus(rest).equals(cap)).toBe(true);
          expect(isMultipleOfUnit(shareable, unit)).toBe(true);
          expect(shareable.lessThanOrEqualTo(cap)).toBe(true);
          expect(shareable.greaterThan(cap.minus(unit))).toBe(true);
          expect(rest.greaterThanOrEqualTo(0) && rest.lessThan(unit)).toBe(true);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('Σ level caps = totalCap, to the cent', () => {
    fc.assert(
      fc.property(termsArb, (t) => {
        const caps = levelCaps(t);
        const sum = LEVELS.reduce((a, l) => a + toCents(caps[l]), 0n);
        expect(toCents(totalCap(t))).toBe(sum);
      }),
      { numRuns: RUNS },
    );
  });

  it('the per-person cap is peak × ratio rounded down to the unit', () => {
    fc.assert(
      fc.property(termsArb, (t) => {
        const cap = personCap(t);
        if (t.perPersonCapRatio === null) return expect(cap).toBeNull();
        const unit = dec(t.allocationUnit);
        const exact = dec(t.peakCapital).times(dec(t.perPersonCapRatio!));
        expect(cap).not.toBeNull();
        expect(isMultipleOfUnit(cap!, unit)).toBe(true);
        expect(cap!.lessThanOrEqualTo(exact) && cap!.greaterThan(exact.minus(unit))).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it('effectiveUpperLimit ≤ listed max, ≤ personCap − held, ≥ 0, and a unit multiple when its inputs are', () => {
    const arb = fc.record({
      t: termsArb,
      maxUnits: fc.bigInt({ min: 0n, max: 10n ** 12n }),
      heldUnits: fc.oneof(fc.constant(0n), fc.bigInt({ min: 0n, max: 10n ** 12n })),
      offUnitCents: fc.bigInt({ min: 0n, max: 99n }),
      onUnit: fc.boolean(),
    });
    fc.assert(
      fc.property(arb, ({ t, maxUnits, heldUnits, offUnitCents, onUnit }) => {
        const unit = dec(t.allocationUnit);
        const extra = onUnit ? dec(0) : dec(offUnitCents.toString()).dividedBy(100);
        const listed = unit.times(maxUnits.toString()).plus(extra);
        const held = unit.times(heldUnits.toString());
        const limit = effectiveUpperLimit(t, listed, held);
        expect(limit.lessThanOrEqualTo(listed)).toBe(true);
        expect(limit.greaterThanOrEqualTo(0)).toBe(true);
        const cap = personCap(t);
        if (cap) {
          expect(limit.lessThanOrEqualTo(cap.minus(held)) || limit.isZero()).toBe(true);
          // exactly the smaller of the two, when there is room
          const room = cap.minus(held);
          expect(limit.equals(room.isNegative() ? dec(0) : room.lessThan(listed) ? room : listed)).toBe(true);
        } else {
          expect(limit.equals(listed)).toBe(true);
        }
        if (onUnit) expect(isMultipleOfUnit(limit, unit)).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it('sumByLevel adds up to the sum of all rows', () => {
    const rows = fc.array(
      fc.record({ level: fc.constantFrom(...LEVELS), c: fc.option(cents(10n ** 15n), { nil: null }) }),
      { maxLength: 40 },
    );
    fc.assert(
      fc.property(rows, (rs) => {
        const sums = sumByLevel(
          rs,
          (r) => r.level,
          (r) => (r.c === null ? null : centsStr(r.c)),
        );
        for (const l of LEVELS)
          expect(toCents(sums[l])).toBe(rs.filter((r) => r.level === l).reduce((a, r) => a + (r.c ?? 0n), 0n));
      }),
      { numRuns: 1000 },
    );
  });
});
