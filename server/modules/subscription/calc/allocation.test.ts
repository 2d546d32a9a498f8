import fc from 'fast-check';
import type Decimal from 'decimal.js';
import { dec, decimalString, moneyString } from '../../../../shared/money';
import {
  allocate,
  CATEGORIES,
  largestRemainder,
  LEVELS,
  type AllocationInput,
  type AllocationPartner,
  type AllocationResult,
  type Category,
  type Level,
} from './allocation';

// ---------------------------------------------------------------------------------------------------------------
// Helpers

const d = (s: string): Decimal => dec(s);
const ratios = (h: string, g: string, c: string, o: string): Record<Level, Decimal> => ({
  HOLDING: d(h),
  GROUP: d(g),
  CITY: d(c),
  OTHER: d(o),
});
const partner = (
  id: number,
  level: Level,
  category: Category,
  min: string,
  max: string,
  subscribed: string | null,
): AllocationPartner => ({
  id,
  level,
  category,
  min: d(min),
  max: d(max),
  subscribed: subscribed === null ? null : d(subscribed),
});
const okOf = (r: AllocationResult) => {
  if (!r.ok) throw new Error(`expected a result, got ${r.code}: ${r.message}`);
  return r;
};
const errOf = (r: AllocationResult) => {
  if (r.ok) throw new Error('expected an error, got a result');
  return r;
};
const amounts = (r: AllocationResult): Record<number, string> =>
  Object.fromEntries(okOf(r).lines.map((l) => [l.id, decimalString(l.allocated)]));
/** JSON form of a result: Decimals serialise as strings. */
const serial = (r: AllocationResult): string => JSON.stringify(r);

let casesRun = 0;
const stats: Record<string, number> = {};
const count = (key: string) => {
  stats[key] = (stats[key] ?? 0) + 1;
};

afterAll(() => {
  process.stdout.write(`\n[allocation] property cases run: ${casesRun}; outcomes: ${JSON.stringify(stats)}\n`);
});

// ---------------------------------------------------------------------------------------------------------------
// Hand-worked examples

describe('level caps', () => {
  /** The levels of a 测算 with nobody on the list: cap (to the cent), shareable (to the unit), platform. */
  const capsOf = (peak: string, r: Record<Level, Decimal>, unit: string) =>
    Object.fromEntries(
      okOf(
        allocate({
          peakCapital: d(peak),
          levelRatios: r,
          allocationUnit: d(unit),
          perPersonCapRatio: null,
          partners: [],
        }),
      ).levels.map((l) => [l.level, [moneyString(l.cap), decimalString(l.shareable), moneyString(l.platform)]]),
    );
  it('reproduces the manual: 资金峰值 219,204,962 × 3.31% (置业集团) and × 0.60% (城市公司)', () => {
    const r = ratios('0', '0.0331', '0.0060', '0');
    // 219,204,962 × 0.0331 = 7,255,684.2422; × 0.0060 = 1,315,229.772 — the cap to the cent; partners share it
    // rounded down to the unit, and the cents below the unit stay with the platform company
    expect(capsOf('219204962', r, '1')).toEqual({
      HOLDING: ['0.00', '0', '0.00'],
      GROUP: ['7255684.24', '7255684', '7255684.24'],
      CITY: ['1315229.77', '1315229', '1315229.77'],
      OTHER: ['0.00', '0', '0.00'],
    });
    const cents = capsOf('219204962', r, '0.01');
    expect(cents.GROUP).toEqual(['7255684.24', '7255684.24', '7255684.24']);
    expect(cents.CITY).toEqual(['1315229.77', '1315229.77', '1315229.77']);
  });
  it('rounds the cap half-up to the cent; what partners share never exceeds it', () => {
    // 999.99 × 0.5 = 499.995 → cap ¥500.00 (it was ¥499 when the cap itself was rounded down to the unit)
    expect(capsOf('999.99', ratios('1', '0.5', '0.333333', '0'), '1').GROUP).toEqual(['500.00', '500', '500.00']);
    // 999.99 × 1 at a ¥100 unit: partners share ¥900, ¥99.99 is the platform's whatever they subscribe
    expect(capsOf('999.99', ratios('1', '0.5', '0.333333', '0'), '100').HOLDING).toEqual(['999.99', '900', '999.99']);
  });
});

describe('allocate — worked examples', () => {
  const base = (partners: AllocationPartner[], extra: Partial<AllocationInput> = {}): AllocationInput => ({
    peakCapital: d('1000000'),
    levelRatios: ratios('0', '0', '0.01', '0'),
    allocationUnit: d('1'),
    perPersonCapRatio: null,
    partners,
    ...extra,
  });

  it('three voluntary partners share ¥10,000 at a 1-yuan unit: 3,334 / 3,333 / 3,333, the extra yuan to the lowest id', () => {
    const ps = [
      partner(1, 'CITY', 'VOLUNTARY', '0', '100000', '5000'),
      partner(2, 'CITY', 'VOLUNTARY', '0', '100000', '5000'),
      partner(3, 'CITY', 'VOLUNTARY', '0', '100000', '5000'),
    ];
    const r = okOf(allocate(base(ps)));
    expect(amounts(r)).toEqual({ 1: '3334', 2: '3333', 3: '3333' });
    expect(r.lines.every((l) => l.capped)).toBe(true);
    const city = r.levels.find((l) => l.level === 'CITY')!;
    expect([
      decimalString(city.cap),
      decimalString(city.allocatedTotal),
      decimalString(city.platform),
      city.oversubscribed,
    ]).toEqual(['10000', '10000', '0', true]);
    // listed in another order: same amounts, lines in the order given
    const r2 = okOf(allocate(base([ps[2], ps[0], ps[1]])));
    expect(r2.lines.map((l) => l.id)).toEqual([3, 1, 2]);
    expect(amounts(r2)).toEqual({ 1: '3334', 2: '3333', 3: '3333' });
  });

  it('mandatory first, then priority, then voluntary pro rata with water-filling at a lower limit', () => {
    // cap ¥100,000. 强投 A unsubscribed → placed at its lower limit 20,000; 强投 B 30,000; 优先 C 20,000 → 30,000 left.
    // 自愿 D 40,000 / E 10,000 (lower 10,000) / F 30,000 (lower 5,000): pro rata 3/8 gives E 3,750 < 10,000 → E pinned at
    // 10,000, the remaining 20,000 shared 4:3 → D 11,428.57…, F 8,571.42… → largest remainder: D 11,429, F 8,571.
    const ps = [
      partner(11, 'CITY', 'MANDATORY', '20000', '50000', null),
      partner(12, 'CITY', 'MANDATORY', '10000', '50000', '30000'),
      partner(13, 'CITY', 'PRIORITY', '0', '50000', '20000'),
      partner(14, 'CITY', 'VOLUNTARY', '10000', '50000', '40000'),
      partner(15, 'CITY', 'VOLUNTARY', '10000', '50000', '10000'),
      partner(16, 'CITY', 'VOLUNTARY', '5000', '50000', '30000'),
    ];
    const r = okOf(allocate(base(ps, { levelRatios: ratios('0', '0', '0.1', '0') })));
    expect(amounts(r)).toEqual({ 11: '20000', 12: '30000', 13: '20000', 14: '11429', 15: '10000', 16: '8571' });
    const a = r.lines.find((l) => l.id === 11)!;
    expect([decimalString(a.subscribed), decimalString(a.demand), a.capped]).toEqual(['0', '20000', false]);
    expect(decimalString(r.platformTotal)).toBe('0');
  });

  it('an undersubscribed level gives everyone their demand and the rest to the platform company', () => {
    const ps = [
      partner(1, 'CITY', 'MANDATORY', '1000', '5000', '3000'),
      partner(2, 'CITY', 'VOLUNTARY', '0', '5000', '2500'),
      partner(3, 'CITY', 'VOLUNTARY', '0', '5000', null),
    ];
    const r = okOf(allocate(base(ps)));
    expect(amounts(r)).toEqual({ 1: '3000', 2: '2500', 3: '0' });
    const city = r.levels.find((l) => l.level === 'CITY')!;
    expect([decimalString(city.allocatedTotal), decimalString(city.platform), city.oversubscribed]).toEqual([
      '5500',
      '4500',
      false,
    ]);
    expect(decimalString(r.platformTotal)).toBe('4500'); // other levels have a 0 cap
    expect(r.lines.some((l) => l.capped)).toBe(false);
  });

  it('clamps subscriptions to the limits and to the per-person cap (资金峰值 × 1%)', () => {
    const ps = [
      partner(1, 'GROUP', 'VOLUNTARY', '0', '100000', '50000'), // per person ≤ 1,000,000 × 1% = 10,000
      partner(2, 'GROUP', 'PRIORITY', '3000', '8000', '1000'), // below its lower limit → 3,000
      partner(3, 'GROUP', 'VOLUNTARY', '0', '100000', '0'), // 0 = declined
    ];
    const r = okOf(allocate(base(ps, { levelRatios: ratios('0', '0.05', '0', '0'), perPersonCapRatio: d('0.01') })));
    expect(amounts(r)).toEqual({ 1: '10000', 2: '3000', 3: '0' });
    expect(r.lines.map((l) => l.capped)).toEqual([true, false, false]);
  });

  it('counts what a partner holds in other rounds against the per-person cap', () => {
    // per person ≤ 1,000,000 × 1% = 10,000. Partner 1 holds 6,000 already → at most 4,000 now; partner 2 holds
    // more than the cap → 0; partner 3 holds nothing.
    const withHeld = (p: AllocationPartner, held: string): AllocationPartner => ({ ...p, held: d(held) });
    const ps = [
      withHeld(partner(1, 'GROUP', 'VOLUNTARY', '0', '100000', '9000'), '6000'),
      withHeld(partner(2, 'GROUP', 'VOLUNTARY', '0', '100000', '9000'), '12000'),
      partner(3, 'GROUP', 'VOLUNTARY', '0', '100000', '9000'),
    ];
    const r = okOf(allocate(base(ps, { levelRatios: ratios('0', '0.05', '0', '0'), perPersonCapRatio: d('0.01') })));
    expect(amounts(r)).toEqual({ 1: '4000', 2: '0', 3: '9000' });
    expect(r.lines.map((l) => decimalString(l.demand))).toEqual(['4000', '0', '9000']);
    // a lower limit above what is left is reported, with the holding named
    const e = errOf(
      allocate(
        base([{ ...withHeld(partner(4, 'GROUP', 'MANDATORY', '5000', '9000', null), '6000'), name: '史伟' }], {
          levelRatios: ratios('0', '0.05', '0', '0'),
          perPersonCapRatio: d('0.01'),
        }),
      ),
    );
    expect(e.code).toBe('INVALID_LIMITS');
    expect(e.message).toContain('已持有的 ¥6,000.00');
    expect(e.details).toMatchObject({ partnerId: 4, perPersonCap: '4000.00', held: '6000.00' });
    // without a per-person cap a holding changes nothing
    expect(amounts(allocate(base(ps, { levelRatios: ratios('0', '0.05', '0', '0') })))).toEqual({
      1: '9000',
      2: '9000',
      3: '9000',
    });
  });

  it('works in cents when the unit is ¥0.01', () => {
    const ps = [
      partner(1, 'OTHER', 'VOLUNTARY', '0', '100', '1.00'),
      partner(2, 'OTHER', 'VOLUNTARY', '0', '100', '1.00'),
      partner(3, 'OTHER', 'VOLUNTARY', '0', '100', '1.00'),
    ];
    const r = okOf(
      allocate(
        base(ps, { peakCapital: d('100'), levelRatios: ratios('0', '0', '0', '0.01'), allocationUnit: d('0.01') }),
      ),
    );
    expect(amounts(r)).toEqual({ 1: '0.34', 2: '0.33', 3: '0.33' });
  });

  it('a tier below one that took the whole cap gets 0 without error, even with lower limits', () => {
    const ps = [
      partner(1, 'CITY', 'PRIORITY', '0', '20000', '10000'),
      partner(2, 'CITY', 'VOLUNTARY', '5000', '20000', '8000'),
    ];
    const r = okOf(allocate(base(ps)));
    expect(amounts(r)).toEqual({ 1: '10000', 2: '0' });
  });

  it('says plainly when mandatory minimums exceed the level cap', () => {
    const ps = [
      partner(7, 'GROUP', 'MANDATORY', '6000', '9000', null),
      partner(8, 'GROUP', 'MANDATORY', '5000', '9000', '9000'),
    ];
    const e = errOf(allocate(base(ps, { levelRatios: ratios('0', '0.01', '0', '0') })));
    expect(e.code).toBe('MANDATORY_EXCEEDS_CAP');
    expect(e.message).toContain('置业集团');
    expect(e.message).toContain('¥11,000.00');
    expect(e.message).toContain('¥10,000.00');
    expect(e.details).toMatchObject({
      level: 'GROUP',
      category: 'MANDATORY',
      cap: '10000.00',
      minimumsTotal: '11000.00',
      partnerIds: [7, 8],
    });
  });

  it('says plainly when voluntary minimums exceed what is left after mandatory and priority', () => {
    const ps = [
      partner(1, 'CITY', 'MANDATORY', '0', '9000', '9000'),
      partner(2, 'CITY', 'VOLUNTARY', '800', '5000', '5000'),
      partner(3, 'CITY', 'VOLUNTARY', '500', '5000', '600'),
    ];
    const e = errOf(allocate(base(ps)));
    expect(e.code).toBe('MIN_EXCEEDS_CAP');
    expect(e.message).toContain('城市公司自愿');
    expect(e.message).toContain('¥1,300.00');
    expect(e.message).toContain('¥1,000.00');
    expect(e.details).toMatchObject({ level: 'CITY', category: 'VOLUNTARY', remaining: '1000.00', partnerIds: [2, 3] });
  });

  it('rejects bad limits and amounts that are not multiples of the unit, naming the partner', () => {
    const e1 = errOf(allocate(base([partner(5, 'CITY', 'VOLUNTARY', '5000', '1000', '2000')])));
    expect(e1.code).toBe('INVALID_LIMITS');
    expect(e1.message).toContain('合伙人 #5');
    expect(e1.message).toContain('¥5,000.00');
    const e2 = errOf(allocate(base([partner(6, 'CITY', 'VOLUNTARY', '0', '1000', '100.50')])));
    expect(e2.code).toBe('NOT_A_UNIT_MULTIPLE');
    expect(e2.message).toContain('合伙人 #6');
    expect(e2.message).toContain('¥100.50');
    expect(e2.message).toContain('¥1.00');
    const e3 = errOf(
      allocate(base([partner(9, 'CITY', 'MANDATORY', '20000', '50000', null)], { perPersonCapRatio: d('0.01') })),
    );
    expect(e3.code).toBe('INVALID_LIMITS');
    expect(e3.details).toMatchObject({ partnerId: 9, perPersonCap: '10000.00' });
    const e4 = errOf(allocate(base([partner(1, 'CITY', 'VOLUNTARY', '0', '1000', '-5')])));
    expect(e4.code).toBe('INVALID_LIMITS');
    const e5 = errOf(
      allocate(
        base([partner(1, 'CITY', 'VOLUNTARY', '0', '1000', '5'), partner(1, 'CITY', 'VOLUNTARY', '0', '1000', '5')]),
      ),
    );
    expect(e5.message).toContain('不止一次');
    expect(errOf(allocate(base([], { allocationUnit: d('0.001') }))).code).toBe('INVALID_LIMITS');
    expect(errOf(allocate(base([], { levelRatios: ratios('0', '1.5', '0', '0') }))).code).toBe('INVALID_LIMITS');
  });

  it('names partners by name in its messages, by list id only when no name is given', () => {
    const named = (p: AllocationPartner, name: string): AllocationPartner => ({ ...p, name });
    const e1 = errOf(allocate(base([named(partner(5, 'CITY', 'VOLUNTARY', '5000', '1000', '2000'), '史伟')])));
    expect(e1.message).toContain('合伙人史伟（城市公司·自愿）');
    expect(e1.message).not.toContain('#5');
    const e2 = errOf(allocate(base([named(partner(6, 'CITY', 'VOLUNTARY', '0', '1000', '100.50'), '王芳')])));
    expect(e2.message).toContain('合伙人王芳');
    expect(e2.message).not.toContain('#6');
    const e3 = errOf(
      allocate(
        base(
          [
            named(partner(7, 'GROUP', 'MANDATORY', '6000', '9000', null), '李强'),
            named(partner(8, 'GROUP', 'MANDATORY', '5000', '9000', '9000'), '赵敏'),
          ],
          { levelRatios: ratios('0', '0.01', '0', '0') },
        ),
      ),
    );
    expect(e3.code).toBe('MANDATORY_EXCEEDS_CAP');
    expect(e3.message).toContain('李强、赵敏');
    expect(e3.details).toMatchObject({ partnerIds: [7, 8] });
    const e4 = errOf(
      allocate(
        base([
          named(partner(1, 'CITY', 'VOLUNTARY', '0', '1000', '5'), '史伟'),
          named(partner(1, 'CITY', 'VOLUNTARY', '0', '1000', '5'), '史伟'),
        ]),
      ),
    );
    expect(e4.message).toBe('合伙人史伟 在名单中出现了不止一次。');
    // a blank name counts as none
    expect(
      errOf(allocate(base([named(partner(5, 'CITY', 'VOLUNTARY', '5000', '1000', '2000'), ' ')]))).message,
    ).toContain('合伙人 #5');
  });

  it('keeps the sub-unit remainder of a cap with the platform company', () => {
    // ¥1,000,000.50 × 1% = ¥10,000.005 → cap ¥10,000.01; partners share ¥10,000; the platform holds ¥0.01
    const ps = [
      partner(1, 'CITY', 'VOLUNTARY', '0', '100000', '6000'),
      partner(2, 'CITY', 'VOLUNTARY', '0', '100000', '6000'),
    ];
    const r = okOf(allocate(base(ps, { peakCapital: d('1000000.50') })));
    expect(amounts(r)).toEqual({ 1: '5000', 2: '5000' });
    const city = r.levels.find((l) => l.level === 'CITY')!;
    expect([moneyString(city.cap), moneyString(city.shareable), moneyString(city.platform)]).toEqual([
      '10000.01',
      '10000.00',
      '0.01',
    ]);
    expect(city.oversubscribed).toBe(true);
    expect(moneyString(r.platformTotal)).toBe('0.01');
  });

  it('does not mutate its input', () => {
    const ps = [
      partner(1, 'CITY', 'VOLUNTARY', '0', '100000', '7000'),
      partner(2, 'CITY', 'VOLUNTARY', '0', '100000', '7000'),
    ];
    const input = base(ps);
    const before = JSON.stringify(input);
    allocate(input);
    expect(JSON.stringify(input)).toBe(before);
  });
});

describe('largestRemainder — worked examples', () => {
  it('splits 10,000 three ways', () => {
    const third = d('10000').dividedBy(3);
    expect(largestRemainder(d('10000'), [third, third, third], d('1')).map(decimalString)).toEqual([
      '3334',
      '3333',
      '3333',
    ]);
  });
  it('follows the remainders, not the positions, when they differ', () => {
    expect(largestRemainder(d('10'), [d('3.2'), d('3.5'), d('3.3')], d('1')).map(decimalString)).toEqual([
      '3',
      '4',
      '3',
    ]);
    expect(largestRemainder(d('1.00'), [d('0.333'), d('0.334'), d('0.333')], d('0.01')).map(moneyString)).toEqual([
      '0.33',
      '0.34',
      '0.33',
    ]);
  });
  it('respects bounds, which win over floor/ceil', () => {
    const r = largestRemainder(d('10'), [d('3.6'), d('3.6'), d('2.8')], d('1'), [
      { min: d('0'), max: d('3') },
      { min: d('0'), max: d('10') },
      { min: d('0'), max: d('10') },
    ]);
    expect(r.map(decimalString)).toEqual(['3', '4', '3']);
  });
  it('refuses what cannot be done', () => {
    expect(() => largestRemainder(d('10'), [d('1'), d('2')], d('1'))).toThrow(RangeError);
    expect(() => largestRemainder(d('10.5'), [d('10.5')], d('1'))).toThrow(RangeError);
    expect(() => largestRemainder(d('1'), [d('1')], d('0'))).toThrow(RangeError);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Property tests. The oracle below works in BigInt units and shares no code with the implementation.

type Flaw = 'none' | 'minAboveMax' | 'offUnit';
interface GenPartner {
  id: number;
  level: Level;
  category: Category;
  minU: bigint;
  maxU: bigint;
  subU: bigint | null;
  /** what the partner holds in other rounds, in units (null = not given) */
  heldU: bigint | null;
  flaw: Flaw;
}
interface Scenario {
  unitCents: bigint;
  peakCents: bigint;
  ratioMicro: Record<Level, bigint>;
  personMicro: bigint | null;
  partners: GenPartner[];
}

const big = (n: number): bigint => BigInt(n);
const UNITS_CENTS = [1n, 100n, 10000n]; // ¥0.01, ¥1, ¥100

const partnerArb = (minMax: number, dense: boolean) =>
  fc.record({
    level: dense ? fc.constantFrom<Level>('GROUP', 'CITY') : fc.constantFrom<Level>(...LEVELS),
    category: dense
      ? fc.oneof(
          { weight: 1, arbitrary: fc.constantFrom<Category>('MANDATORY', 'PRIORITY') },
          { weight: 3, arbitrary: fc.constant<Category>('VOLUNTARY') },
        )
      : fc.constantFrom<Category>(...CATEGORIES),
    minU: fc.oneof(
      { weight: 2, arbitrary: fc.constant(0) },
      { weight: 3, arbitrary: fc.integer({ min: 0, max: minMax }) },
    ),
    spanU: fc.integer({ min: 0, max: 300 }),
    sub: fc.oneof(
      { weight: 1, arbitrary: fc.constant<number | null>(null) },
      { weight: 1, arbitrary: fc.constant<number | null>(0) },
      { weight: 6, arbitrary: fc.integer({ min: 0, max: 400 }) },
    ),
    flaw: fc.oneof(
      { weight: 60, arbitrary: fc.constant<Flaw>('none') },
      { weight: 1, arbitrary: fc.constantFrom<Flaw>('minAboveMax', 'offUnit') },
    ),
    held: fc.oneof(
      { weight: 20, arbitrary: fc.constant<number | null>(null) },
      { weight: 1, arbitrary: fc.integer({ min: 0, max: 400 }) },
    ),
  });

const scenarioArb = (opts: {
  minMax: number;
  maxPartners: number;
  maxRatioMicro: number;
  dense?: boolean;
}): fc.Arbitrary<Scenario> =>
  fc
    .record({
      unitIdx: fc.integer({ min: 0, max: UNITS_CENTS.length - 1 }),
      peakUnits: fc.oneof(
        { weight: 1, arbitrary: fc.constant(0) },
        { weight: 12, arbitrary: fc.integer({ min: 1000, max: 60000 }) },
      ),
      peakExtraCents: fc.integer({ min: 0, max: 99 }),
      ratios: fc.tuple(
        ...LEVELS.map(() =>
          fc.oneof(
            { weight: 1, arbitrary: fc.constant(0) },
            { weight: 6, arbitrary: fc.integer({ min: 0, max: opts.maxRatioMicro }) },
          ),
        ),
      ),
      personMicro: fc.option(fc.integer({ min: 2000, max: 60000 }), { nil: null }),
      partners: fc.array(partnerArb(opts.minMax, opts.dense ?? false), { maxLength: opts.maxPartners }),
    })
    .chain((s) =>
      fc
        .uniqueArray(fc.integer({ min: 1, max: 100000 }), {
          minLength: s.partners.length,
          maxLength: s.partners.length,
        })
        .map((ids): Scenario => {
          const unitCents = UNITS_CENTS[s.unitIdx];
          return {
            unitCents,
            peakCents: big(s.peakUnits) * unitCents + big(s.peakExtraCents),
            ratioMicro: {
              HOLDING: big(s.ratios[0]),
              GROUP: big(s.ratios[1]),
              CITY: big(s.ratios[2]),
              OTHER: big(s.ratios[3]),
            },
            personMicro: s.personMicro === null ? null : big(s.personMicro),
            partners: s.partners.map((p, i) => {
              const lo = big(p.minU);
              const hi = lo + big(p.spanU);
              return {
                id: ids[i],
                level: p.level,
                category: p.category,
                flaw: p.flaw,
                subU: p.sub === null ? null : big(p.sub),
                heldU: p.held === null ? null : big(p.held),
                minU: p.flaw === 'minAboveMax' ? hi + 1n : lo,
                maxU: p.flaw === 'minAboveMax' ? lo : hi,
              };
            }),
          };
        }),
    );

const centsToDec = (c: bigint): Decimal => dec(c.toString()).dividedBy(100);
const microToDec = (m: bigint): Decimal => dec(m.toString()).dividedBy(1000000);

function toInput(s: Scenario): AllocationInput {
  const unit = centsToDec(s.unitCents);
  const amt = (u: bigint): Decimal => centsToDec(u * s.unitCents);
  return {
    peakCapital: centsToDec(s.peakCents),
    levelRatios: {
      HOLDING: microToDec(s.ratioMicro.HOLDING),
      GROUP: microToDec(s.ratioMicro.GROUP),
      CITY: microToDec(s.ratioMicro.CITY),
      OTHER: microToDec(s.ratioMicro.OTHER),
    },
    allocationUnit: unit,
    perPersonCapRatio: s.personMicro === null ? null : microToDec(s.personMicro),
    partners: s.partners.map((p) => ({
      id: p.id,
      level: p.level,
      category: p.category,
      min: amt(p.minU),
      max: p.flaw === 'offUnit' ? amt(p.maxU).plus(unit.dividedBy(2)) : amt(p.maxU),
      subscribed: p.subU === null ? null : amt(p.subU),
      ...(p.heldU === null ? {} : { held: amt(p.heldU) }),
    })),
  };
}

/** Whole units of an amount; fails the test if it is not a whole number of units. */
function unitsOf(x: Decimal, unitCents: bigint): bigint {
  const cents = x.times(100);
  expect(cents.isInteger()).toBe(true);
  const c = BigInt(decimalString(cents));
  expect(c % unitCents).toBe(0n);
  return c / unitCents;
}

const bmin = (a: bigint, b: bigint) => (a < b ? a : b);
const bmax = (a: bigint, b: bigint) => (a > b ? a : b);
const bclamp = (x: bigint, lo: bigint, hi: bigint) => bmax(lo, bmin(x, hi));

interface OracleTier {
  level: Level;
  category: Category;
  members: GenPartner[];
  demand: Map<number, bigint>;
  R: bigint;
  kind: 'full' | 'share' | 'zero';
}
type Oracle =
  | { ok: false; code: string; level?: Level; category?: Category; partnerId?: number }
  | {
      ok: true;
      /** the level cap in cents (资金峰值 × ratio, half-up) */
      capCents: Record<Level, bigint>;
      /** what partners may share, in units: the cent cap rounded down to the unit */
      capU: Record<Level, bigint>;
      demand: Map<number, bigint>;
      tiers: OracleTier[];
    };

function oracle(s: Scenario): Oracle {
  const personCapU = s.personMicro === null ? null : (s.peakCents * s.personMicro) / (s.unitCents * 1000000n);
  for (const p of [...s.partners].sort((a, b) => a.id - b.id)) {
    if (p.flaw === 'offUnit') return { ok: false, code: 'NOT_A_UNIT_MULTIPLE', partnerId: p.id };
    if (p.minU > p.maxU) return { ok: false, code: 'INVALID_LIMITS', partnerId: p.id };
    if (personCapU !== null && p.minU > bmax(0n, personCapU - (p.heldU ?? 0n)))
      return { ok: false, code: 'INVALID_LIMITS', partnerId: p.id };
  }
  const demand = new Map<number, bigint>();
  for (const p of s.partners) {
    const effMax = personCapU === null ? p.maxU : bmin(p.maxU, bmax(0n, personCapU - (p.heldU ?? 0n)));
    if (p.category === 'MANDATORY') demand.set(p.id, bclamp(p.subU ?? p.minU, p.minU, effMax));
    else demand.set(p.id, p.subU === null || p.subU === 0n ? 0n : bclamp(p.subU, p.minU, effMax));
  }
  const capU = {} as Record<Level, bigint>;
  const capCents = {} as Record<Level, bigint>;
  const tiers: OracleTier[] = [];
  for (const level of LEVELS) {
    const exact = s.peakCents * s.ratioMicro[level]; // in millionths of a cent
    capCents[level] = exact / 1000000n + (exact % 1000000n >= 500000n ? 1n : 0n);
    capU[level] = capCents[level] / s.unitCents;
    let R = capU[level];
    let exhausted = false;
    for (const category of CATEGORIES) {
      const members = s.partners.filter((p) => p.level === level && p.category === category);
      const takers = members.filter((p) => demand.get(p.id)! > 0n);
      const D = takers.reduce((a, p) => a + demand.get(p.id)!, 0n);
      const M = takers.reduce((a, p) => a + p.minU, 0n);
      if (exhausted || (D > R && R === 0n && category !== 'MANDATORY')) {
        tiers.push({ level, category, members, demand, R: 0n, kind: 'zero' });
        continue;
      }
      if (D <= R) {
        tiers.push({ level, category, members, demand, R, kind: 'full' });
        R -= D;
        continue;
      }
      if (M > R)
        return {
          ok: false,
          code: category === 'MANDATORY' ? 'MANDATORY_EXCEEDS_CAP' : 'MIN_EXCEEDS_CAP',
          level,
          category,
        };
      tiers.push({ level, category, members, demand, R, kind: 'share' });
      exhausted = true;
    }
  }
  return { ok: true, capCents, capU, demand, tiers };
}

/**
 * The exact water level of a shared tier as a fraction num/den (λ such that Σ max(min_i, λ·d_i) = R), found by
 * trying "pin the k partners with the highest min/demand" for k = 0, 1, … — a different route from the
 * implementation's iterative pinning.
 */
function waterLevel(R: bigint, takers: { m: bigint; d: bigint }[]): { num: bigint; den: bigint } {
  const sorted = [...takers].sort((a, b) => (a.m * b.d > b.m * a.d ? -1 : a.m * b.d < b.m * a.d ? 1 : 0));
  for (let k = 0; k < sorted.length; k++) {
    const num = R - sorted.slice(0, k).reduce((a, t) => a + t.m, 0n);
    const den = sorted.slice(k).reduce((a, t) => a + t.d, 0n);
    if (num < 0n) break;
    const total = sorted.reduce((a, t) => a + bmax(t.m * den, num * t.d), 0n);
    if (total === R * den) return { num, den };
  }
  throw new Error('oracle: no water level found');
}

function checkScenario(s: Scenario): void {
  casesRun++;
  const input = toInput(s);
  const res = allocate(input);
  const exp = oracle(s);
  if (!exp.ok) {
    // errors exactly when the oracle says the limits are infeasible, with the same code, level and partner
    expect(res.ok).toBe(false);
    if (res.ok) return;
    count(res.code);
    expect(res.code).toBe(exp.code);
    if (exp.level) expect(res.details).toMatchObject({ level: exp.level, category: exp.category });
    if (exp.partnerId !== undefined) expect(res.details).toMatchObject({ partnerId: exp.partnerId });
    expect(res.message.length).toBeGreaterThan(10);
    return;
  }
  if (!res.ok) throw new Error(`unexpected ${res.code}: ${res.message}`);
  count('ok');
  const U = s.unitCents;
  expect(res.lines.map((l) => l.id)).toEqual(s.partners.map((p) => p.id));
  const A = new Map<number, bigint>();
  res.lines.forEach((l, i) => {
    const p = s.partners[i];
    const a = unitsOf(l.allocated, U); // a multiple of the unit
    A.set(l.id, a);
    const dem = exp.demand.get(p.id)!;
    expect(unitsOf(l.demand, U)).toBe(dem);
    expect(a >= 0n && a <= dem).toBe(true);
    if (a > 0n) expect(a >= p.minU).toBe(true); // within [min, demand] whenever placed at all
    expect(l.subscribed.equals(p.subU === null ? dec(0) : centsToDec(p.subU * U))).toBe(true);
    expect(l.capped).toBe(l.allocated.lessThan(l.subscribed));
    expect([l.level, l.category]).toEqual([p.level, p.category]);
  });

  let platformSum = 0n;
  for (const lr of res.levels) {
    const capU = exp.capU[lr.level];
    const atLevel = s.partners.filter((p) => p.level === lr.level);
    const D = atLevel.reduce((a, p) => a + exp.demand.get(p.id)!, 0n);
    const total = atLevel.reduce((a, p) => a + A.get(p.id)!, 0n);
    expect(unitsOf(lr.cap, 1n)).toBe(exp.capCents[lr.level]);
    expect(unitsOf(lr.shareable, U)).toBe(capU);
    expect(unitsOf(lr.allocatedTotal, U)).toBe(total);
    expect(unitsOf(lr.demandTotal, U)).toBe(D);
    // the cap exactly when oversubscribed, all demand otherwise
    expect(total).toBe(D >= capU ? capU : D);
    expect(lr.oversubscribed).toBe(D > capU);
    const platform = unitsOf(lr.platform, 1n); // in cents: it includes the sub-unit remainder of the cap
    expect(platform).toBe(exp.capCents[lr.level] - total * U);
    expect(platform >= 0n).toBe(true);
    platformSum += platform;
    if (D > capU) count('oversubscribed level');
  }
  expect(res.levels.map((l) => l.level)).toEqual([...LEVELS]);
  expect(unitsOf(res.platformTotal, 1n)).toBe(platformSum);

  // mandatory before priority before voluntary: a lower tier gets anything only if every higher tier got its full demand
  for (const level of LEVELS) {
    const tiers = CATEGORIES.map((c) => s.partners.filter((p) => p.level === level && p.category === c));
    for (let hi = 0; hi < tiers.length; hi++) {
      for (let lo = hi + 1; lo < tiers.length; lo++) {
        if (tiers[lo].some((p) => A.get(p.id)! > 0n))
          expect(tiers[hi].every((p) => A.get(p.id) === exp.demand.get(p.id))).toBe(true);
      }
    }
  }

  for (const t of exp.tiers) {
    if (t.kind === 'full') for (const p of t.members) expect(A.get(p.id)).toBe(exp.demand.get(p.id));
    if (t.kind === 'zero') for (const p of t.members) expect(A.get(p.id)).toBe(0n);
    if (t.kind !== 'share') continue;
    count('shared tier');
    count(`shared ${t.category} R${t.R === 0n ? '=0' : '>0'}`);
    const takers = t.members.filter((p) => exp.demand.get(p.id)! > 0n);
    for (const p of t.members) if (exp.demand.get(p.id) === 0n) expect(A.get(p.id)).toBe(0n);
    expect(takers.reduce((a, p) => a + A.get(p.id)!, 0n)).toBe(t.R);
    // pro-rata fairness: each share is within one unit of its exact water-filled share max(min, λ·demand)
    const { num, den } = waterLevel(
      t.R,
      takers.map((p) => ({ m: p.minU, d: exp.demand.get(p.id)! })),
    );
    const rem = new Map<number, bigint>();
    for (const p of takers) {
      const exactTimesDen = bmax(p.minU * den, num * exp.demand.get(p.id)!);
      const diff = A.get(p.id)! * den - exactTimesDen;
      expect(diff > -den && diff < den).toBe(true);
      if (p.minU * den >= num * exp.demand.get(p.id)!)
        expect(A.get(p.id)).toBe(p.minU); // pinned at the lower limit
      else rem.set(p.id, exactTimesDen % den);
      if (diff !== 0n && p.minU * den < num * exp.demand.get(p.id)!) count('rounded share');
    }
    // largest remainder: a partner rounded down never has a larger remainder than one rounded up (ties → lower id)
    const free = takers.filter((p) => rem.has(p.id) && rem.get(p.id)! > 0n);
    const up = free.filter((p) => A.get(p.id)! * den > num * exp.demand.get(p.id)!);
    const down = free.filter((p) => A.get(p.id)! * den < num * exp.demand.get(p.id)!);
    for (const u of up)
      for (const dn of down) {
        expect(rem.get(u.id)! >= rem.get(dn.id)!).toBe(true);
        if (rem.get(u.id) === rem.get(dn.id)) expect(u.id < dn.id).toBe(true);
      }
  }
}

describe('allocate — properties', () => {
  it('meets every invariant and matches an independent oracle on outcome, totals, priority and fairness', () => {
    fc.assert(fc.property(scenarioArb({ minMax: 40, maxPartners: 30, maxRatioMicro: 80000 }), checkScenario), {
      numRuns: 2500,
    });
  });

  it('reports infeasible minimums exactly when they are infeasible (tight caps, high lower limits)', () => {
    fc.assert(fc.property(scenarioArb({ minMax: 200, maxPartners: 20, maxRatioMicro: 20000 }), checkScenario), {
      numRuns: 1500,
    });
  });

  it('shares crowded tiers fairly (many voluntary partners in two levels)', () => {
    fc.assert(
      fc.property(scenarioArb({ minMax: 30, maxPartners: 40, maxRatioMicro: 60000, dense: true }), checkScenario),
      { numRuns: 1000 },
    );
  });

  it('gives the same result whatever the order of the partner list', () => {
    const withOrder = scenarioArb({ minMax: 40, maxPartners: 25, maxRatioMicro: 60000 }).chain((s) =>
      fc
        .array(fc.integer(), { minLength: s.partners.length, maxLength: s.partners.length })
        .map((keys) => ({ s, keys })),
    );
    fc.assert(
      fc.property(withOrder, ({ s, keys }) => {
        casesRun++;
        const order = s.partners.map((_, i) => i).sort((a, b) => keys[a] - keys[b] || a - b);
        const shuffled: Scenario = { ...s, partners: order.map((i) => s.partners[i]) };
        const r1 = allocate(toInput(s));
        const r2 = allocate(toInput(shuffled));
        if (!r1.ok || !r2.ok) {
          expect(serial(r2)).toBe(serial(r1));
          return;
        }
        expect(r2.lines.map((l) => l.id)).toEqual(shuffled.partners.map((p) => p.id)); // lines in input order
        const byId = (r: typeof r1) => JSON.stringify([...r.lines].sort((a, b) => a.id - b.id));
        expect(byId(r2)).toBe(byId(r1));
        expect(JSON.stringify(r2.levels)).toBe(JSON.stringify(r1.levels));
        expect(r2.platformTotal.equals(r1.platformTotal)).toBe(true);
      }),
      { numRuns: 1200 },
    );
  });

  it('partners + platform = the cent cap of every level, and the platform keeps at least the sub-unit remainder', () => {
    fc.assert(
      fc.property(scenarioArb({ minMax: 40, maxPartners: 25, maxRatioMicro: 80000 }), (s) => {
        casesRun++;
        const res = allocate(toInput(s));
        if (!res.ok) return;
        for (const lr of res.levels) {
          const lines = res.lines.filter((l) => l.level === lr.level);
          const linesCents = lines.reduce((a, l) => a + unitsOf(l.allocated, 1n), 0n);
          const capCents = unitsOf(lr.cap, 1n);
          const platformCents = unitsOf(lr.platform, 1n);
          expect(linesCents + platformCents).toBe(capCents);
          const remainderCents = capCents % s.unitCents;
          expect(platformCents >= remainderCents).toBe(true);
          expect(unitsOf(lr.shareable, 1n)).toBe(capCents - remainderCents);
          if (remainderCents > 0n) count('sub-unit remainder');
        }
      }),
      { numRuns: 1500 },
    );
  });

  it('with a caps override (补投 on what is left) never shares more than the override, which is its cap', () => {
    const withCaps = scenarioArb({ minMax: 40, maxPartners: 25, maxRatioMicro: 80000 }).chain((s) =>
      fc
        .tuple(...LEVELS.map(() => fc.option(fc.integer({ min: 0, max: 3000 }), { nil: null })))
        .map((left) => ({ s, left })),
    );
    fc.assert(
      fc.property(withCaps, ({ s, left }) => {
        casesRun++;
        const caps: Partial<Record<Level, Decimal>> = {};
        LEVELS.forEach((l, i) => {
          if (left[i] !== null) caps[l] = centsToDec(big(left[i]) * s.unitCents);
        });
        const res = allocate({ ...toInput(s), caps });
        if (!res.ok) return;
        for (const lr of res.levels) {
          const allocated = res.lines.filter((l) => l.level === lr.level).reduce((a, l) => a.plus(l.allocated), dec(0));
          const override = caps[lr.level];
          if (override) {
            count('caps override');
            expect(lr.cap.equals(override)).toBe(true);
            expect(allocated.lessThanOrEqualTo(override)).toBe(true);
            expect(lr.platform.equals(override.minus(allocated))).toBe(true);
          }
          expect(allocated.equals(lr.allocatedTotal)).toBe(true);
        }
      }),
      { numRuns: 800 },
    );
  });

  it('is deterministic: the same input (or a fresh copy of it) gives the same output', () => {
    fc.assert(
      fc.property(scenarioArb({ minMax: 40, maxPartners: 25, maxRatioMicro: 60000 }), (s) => {
        casesRun++;
        const input = toInput(s);
        const first = serial(allocate(input));
        expect(serial(allocate(input))).toBe(first);
        expect(serial(allocate(toInput(s)))).toBe(first);
      }),
      { numRuns: 500 },
    );
  });

  it('exercised every branch', () => {
    // guards against generators that silently stop producing interesting cases
    for (const key of [
      'ok',
      'oversubscribed level',
      'shared tier',
      'rounded share',
      'MANDATORY_EXCEEDS_CAP',
      'MIN_EXCEEDS_CAP',
      'INVALID_LIMITS',
      'NOT_A_UNIT_MULTIPLE',
      'sub-unit remainder',
    ]) {
      expect(stats[key] ?? 0).toBeGreaterThan(10);
    }
  });
});

describe('largestRemainder — properties', () => {
  it('sums to the target, rounds each value to floor or ceil, and rounds up the largest remainders (ties by index)', () => {
    const arb = fc.record({
      unitCents: fc.constantFrom(1n, 100n),
      milli: fc.array(fc.integer({ min: 0, max: 5000000 }), { minLength: 1, maxLength: 20 }), // exact values in ¥0.001
      pick: fc.integer({ min: 0, max: 1000 }),
    });
    fc.assert(
      fc.property(arb, ({ unitCents, milli, pick }) => {
        casesRun++;
        const unitMilli = unitCents * 10n;
        const vals = milli.map(big);
        const floors = vals.map((v) => v / unitMilli);
        const ceils = vals.map((v) => (v % unitMilli === 0n ? v / unitMilli : v / unitMilli + 1n));
        const lo = floors.reduce((a, b) => a + b, 0n);
        const hi = ceils.reduce((a, b) => a + b, 0n);
        const targetU = lo + (hi > lo ? big(pick) % (hi - lo + 1n) : 0n);
        const unit = centsToDec(unitCents);
        const out = largestRemainder(
          unit.times(targetU.toString()),
          vals.map((v) => dec(v.toString()).dividedBy(1000)),
          unit,
        );
        const got = out.map((x) => unitsOf(x, unitCents));
        expect(got.reduce((a, b) => a + b, 0n)).toBe(targetU);
        got.forEach((g, i) => expect(g === floors[i] || g === ceils[i]).toBe(true));
        const remOf = (i: number) => vals[i] % unitMilli;
        for (let i = 0; i < vals.length; i++) {
          for (let j = 0; j < vals.length; j++) {
            const iDown = got[i] === floors[i] && ceils[i] > floors[i];
            const jUp = got[j] === ceils[j] && ceils[j] > floors[j];
            if (iDown && jUp) {
              expect(remOf(j) >= remOf(i)).toBe(true);
              if (remOf(j) === remOf(i)) expect(j < i).toBe(true);
            }
          }
        }
        // bounds equal to [floor, ceil] change nothing
        const bounded = largestRemainder(
          unit.times(targetU.toString()),
          vals.map((v) => dec(v.toString()).dividedBy(1000)),
          unit,
          floors.map((f, i) => ({ min: unit.times(f.toString()), max: unit.times(ceils[i].toString()) })),
        );
        expect(bounded.map(decimalString)).toEqual(out.map(decimalString));
      }),
      { numRuns: 1000 },
    );
  });
});
