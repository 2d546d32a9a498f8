import fc from 'fast-check';
import { dec, moneyString } from '../../../../shared/money';
import { floorToUnit, levelCaps, type SchemeTerms } from '../../../../shared/scheme-math';
import { checkInvariant, initialCommitments } from './ledger';
import { lateEntryInterest, supplementCapacity, supplementEntries, supplementUpperLimit } from './supplement';

// 资金峰值 10,000,000.00; 城市公司 5.00005% → cap 500,005.00; 其它 0.001234% → 123.40; per person 2% → 200,000
const terms: SchemeTerms = {
  peakCapital: '10000000.00',
  holdingRatio: '0',
  groupRatio: '0',
  cityRatio: '0.0500005',
  otherRatio: '0.00001234',
  allocationUnit: '10',
  perPersonCapRatio: '0.02',
};
const caps = levelCaps(terms);
const initial = initialCommitments(
  [
    { userId: 1, level: 'CITY', amount: dec('150000') },
    { userId: 2, level: 'CITY', amount: dec('200000') },
    { userId: 3, level: 'OTHER', amount: dec('100') },
  ],
  caps,
  '2019-06-10',
);

describe('补投 capacity and entries', () => {
  it('capacity = shareable(cap) − partners: what the platform holds above the sub-unit remainder', () => {
    expect(moneyString(caps.CITY)).toBe('500005.00');
    expect(moneyString(caps.OTHER)).toBe('123.40');
    const c = supplementCapacity(initial, caps, terms.allocationUnit);
    expect(c.map((x) => [x.level, moneyString(x.shareable), moneyString(x.platform), moneyString(x.capacity)])).toEqual(
      [
        ['HOLDING', '0.00', '0.00', '0.00'],
        ['GROUP', '0.00', '0.00', '0.00'],
        ['CITY', '500000.00', '150005.00', '150000.00'],
        ['OTHER', '120.00', '23.40', '20.00'],
      ],
    );
  });

  it('the per-person cap counts what the partner already holds in every round', () => {
    expect(moneyString(supplementUpperLimit(initial, terms, 1, '100000'))).toBe('50000.00');
    expect(moneyString(supplementUpperLimit(initial, terms, 2, '100000'))).toBe('0.00');
    expect(moneyString(supplementUpperLimit(initial, terms, 9, '100000'))).toBe('100000.00');
  });

  it('writes partner COMMITMENTs and the platform’s negative COMMITMENT_CHANGE so the invariant holds', () => {
    const r = supplementEntries(
      initial,
      terms,
      caps,
      [
        { userId: 1, level: 'CITY', amount: dec('50000'), listedMax: dec('100000') },
        { userId: 9, level: 'CITY', amount: dec('99990'), listedMax: dec('100000'), roundPartnerId: 77 },
        { userId: 8, level: 'OTHER', amount: dec('0'), listedMax: dec('100') },
      ],
      { valueDate: '2020-08-01', roundId: 5 },
    );
    if (!r.ok) throw new Error(r.message);
    expect(r.entries.map((x) => [x.kind, x.holder, x.userId, moneyString(x.committedDelta), x.roundPartnerId])).toEqual(
      [
        ['COMMITMENT', 'PARTNER', 1, '50000.00', undefined],
        ['COMMITMENT', 'PARTNER', 9, '99990.00', 77],
        ['COMMITMENT_CHANGE', 'PLATFORM', null, '-149990.00', undefined],
      ],
    );
    const all = [...initial, ...r.entries];
    expect(checkInvariant(all, caps)).toEqual([]);
    expect(moneyString(supplementCapacity(all, caps, terms.allocationUnit)[2].capacity)).toBe('10.00');
  });

  it('refuses over-capacity, over-limit and fractional amounts with a Chinese message', () => {
    const line = (userId: number, amount: string, level: 'CITY' | 'OTHER' = 'CITY') => ({
      userId,
      level,
      amount: dec(amount),
      listedMax: dec('1000000'),
    });
    const over = supplementEntries(initial, terms, caps, [line(8, '30', 'OTHER')], { valueDate: '2020-08-01' });
    expect(over).toMatchObject({ ok: false, code: 'OVER_CAPACITY' });
    if (!over.ok) expect(over.message).toContain('其它补投合计 ¥30.00 超过可补投额度 ¥20.00');
    const limit = supplementEntries(initial, terms, caps, [line(1, '50010')], { valueDate: '2020-08-01' });
    expect(limit).toMatchObject({ ok: false, code: 'OVER_LIMIT' });
    const frac = supplementEntries(initial, terms, caps, [line(7, '15')], { valueDate: '2020-08-01' });
    expect(frac).toMatchObject({ ok: false, code: 'NOT_A_UNIT_MULTIPLE' });
    const twice = supplementEntries(initial, terms, caps, [line(7, '10'), line(7, '10')], { valueDate: '2020-08-01' });
    expect(twice).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
  });
});

describe('late entry at cost plus 资金利息', () => {
  it('owes simple interest on the new commitment from the original funding date to the entry date', () => {
    const r = lateEntryInterest(
      [
        { userId: 9, level: 'CITY', amount: dec('100000') },
        { userId: 8, level: 'CITY', amount: dec('0') },
      ],
      { fundedOn: '2019-06-19', entryDate: '2020-06-19', annualRate: '0.1', dayCount: 'ACT/365' },
    );
    expect(r.lines.map((l) => [l.userId, l.days, moneyString(l.interest)])).toEqual([
      [9, 366, '10027.40'],
      [8, 366, '0.00'],
    ]);
    expect(r.entries.map((e) => [e.kind, e.userId, moneyString(e.interestDelta), e.valueDate])).toEqual([
      ['ENTRY_INTEREST', 9, '10027.40', '2020-06-19'],
    ]);
    expect(checkInvariant([...initial, ...r.entries], caps)).toEqual([]); // interest never touches commitments
  });
});

describe('补投 properties', () => {
  it('within capacity and limits: accepted, the invariant holds and capacity shrinks by Σ; one unit over: refused', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000_00 }),
        fc.constantFrom('1', '0.01', '100'),
        fc.nat({ max: 100 }),
        fc.uniqueArray(fc.record({ userId: fc.integer({ min: 1, max: 30 }), pct: fc.nat({ max: 100 }) }), {
          minLength: 1,
          maxLength: 6,
          selector: (x) => x.userId,
        }),
        (capCents, unitS, initialPct, wanted) => {
          const unit = dec(unitS);
          const t: SchemeTerms = {
            ...terms,
            peakCapital: dec(capCents).dividedBy(100),
            cityRatio: '1',
            otherRatio: '0',
            allocationUnit: unit,
            perPersonCapRatio: '0.3',
          };
          const c = levelCaps(t);
          const shareable = floorToUnit(c.CITY, unit);
          const first = floorToUnit(shareable.times(initialPct).dividedBy(100), unit);
          const start = initialCommitments([{ userId: 99, level: 'CITY', amount: first }], c, '2019-01-01');
          let left = supplementCapacity(start, c, unit)[2].capacity;
          expect(left.equals(shareable.minus(first.greaterThan(0) ? first : 0))).toBe(true);
          const lines = wanted.map((w) => {
            const limit = supplementUpperLimit(start, t, w.userId, shareable);
            const amount = floorToUnit((limit.lessThan(left) ? limit : left).times(w.pct).dividedBy(100), unit);
            left = left.minus(amount);
            return { userId: w.userId, level: 'CITY' as const, amount, listedMax: shareable };
          });
          const r = supplementEntries(start, t, c, lines, { valueDate: '2020-01-01' });
          if (!r.ok) throw new Error(r.message);
          const all = [...start, ...r.entries];
          expect(checkInvariant(all, c)).toEqual([]);
          expect(supplementCapacity(all, c, unit)[2].capacity.equals(left)).toBe(true);
          // asking for one unit more than is left at the level is refused
          const more = supplementEntries(
            all,
            t,
            c,
            [{ userId: 1000, level: 'CITY', amount: left.plus(unit), listedMax: left.plus(unit) }],
            {
              valueDate: '2020-02-01',
            },
          );
          expect(more.ok).toBe(false);
        },
      ),
      { numRuns: 2000, seed: 20261201 },
    );
  });
});
