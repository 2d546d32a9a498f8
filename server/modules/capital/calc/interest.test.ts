import fc from 'fast-check';
import { dec, moneyString, formatDecimal } from '../../../../shared/money';
import { daysBetween, dayNumber, simpleInterest } from './interest';

const s = (x: { toFixed(n: number): string }) => moneyString(x);

describe('simpleInterest (资金利息)', () => {
  it("reproduces the manual's FAQ figure: ¥100,000.00 from 2019-06-19 to 2020-06-19 at 10% ACT/365 = 10,027.40", () => {
    const r = simpleInterest([{ date: '2019-06-19', amount: '100000.00' }], {
      annualRate: '0.1',
      to: '2020-06-19',
      dayCount: 'ACT/365',
    });
    expect(r.tranches[0].days).toBe(366); // 2020-02-29 lies in between
    expect(s(r.interest)).toBe('10027.40');
  });

  it('sums several tranches exactly and rounds once per line', () => {
    // 1,000 × 10% × 1/365 = 0.27397…, three times: rounded per tranche 0.27 × 3 = 0.81, once for the line 0.82
    const r = simpleInterest(
      [
        { date: '2020-01-01', amount: '1000' },
        { date: '2020-01-01', amount: '1000' },
        { date: '2020-01-01', amount: '1000' },
      ],
      { annualRate: '0.1', to: '2020-01-02', dayCount: 'ACT/365' },
    );
    expect(s(r.interest)).toBe('0.82');
    expect(formatDecimal(r.exact, 6)).toBe('0.821918');
  });

  it('a top-up carries its own start date (the manual: a 补缴 after 2020-05-27 accrues about 19 days)', () => {
    const r = simpleInterest(
      [
        { date: '2019-06-19', amount: '100000' },
        { date: '2020-05-31', amount: '20000' },
      ],
      { annualRate: '0.1', to: '2020-06-19', dayCount: 'ACT/365' },
    );
    expect(r.tranches.map((t) => t.days)).toEqual([366, 19]);
    // 10,027.3972… + 104.1095… = 10,131.5068… → 10,131.51
    expect(s(r.interest)).toBe('10131.51');
  });

  it('counts a leap day and uses ACT/360 when asked', () => {
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(daysBetween('2023-02-28', '2023-03-01')).toBe(1);
    const r = simpleInterest([{ date: '2024-01-01', amount: '36000' }], {
      annualRate: '0.1',
      to: '2025-01-01',
      dayCount: 'ACT/360',
    });
    expect(r.tranches[0].days).toBe(366);
    expect(s(r.interest)).toBe('3660.00');
  });

  it('a zero-day tranche (paid on the end date) and one paid after it earn nothing', () => {
    const r = simpleInterest(
      [
        { date: '2020-06-19', amount: '5000' },
        { date: '2020-07-01', amount: '5000' },
      ],
      { annualRate: '0.1', to: '2020-06-19', dayCount: 'ACT/365' },
    );
    expect(r.tranches.map((t) => t.days)).toEqual([0, 0]);
    expect(s(r.interest)).toBe('0.00');
  });

  it('`from` moves the start of earlier tranches (late entry priced from the original funding date)', () => {
    const r = simpleInterest([{ date: '2019-01-01', amount: '100000' }], {
      annualRate: '0.08',
      from: '2019-07-01',
      to: '2020-07-01',
      dayCount: 'ACT/365',
    });
    expect(r.tranches[0].start).toBe('2019-07-01');
    expect(r.tranches[0].days).toBe(366);
    expect(s(r.interest)).toBe('8021.92'); // 8,000 × 366 / 365 = 8,021.917…
  });

  it('refuses malformed dates, negative rates and unknown day counts', () => {
    expect(() => dayNumber('2020-02-30')).toThrow(RangeError);
    expect(() => simpleInterest([], { annualRate: '-0.1', to: '2020-01-01', dayCount: 'ACT/365' })).toThrow();
    expect(() =>
      simpleInterest([], { annualRate: '0.1', to: '2020-01-01', dayCount: 'ACT/366' as 'ACT/365' }),
    ).toThrow();
  });

  it('properties: splitting a tranche never changes the exact sum, and rounding happens once', () => {
    const day = fc.integer({ min: 0, max: 3000 }).map((n) => new Date(Date.UTC(2018, 0, 1) + n * 86_400_000));
    const iso = (d: Date) => d.toISOString().slice(0, 10);
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000_000_00 }),
        fc.integer({ min: 0, max: 10_000_000_00 }),
        day,
        day,
        fc.integer({ min: 0, max: 2000 }),
        fc.constantFrom('ACT/365' as const, 'ACT/360' as const),
        (a, b, d1, d2, bp, dayCount) => {
          const [from, to] = d1 <= d2 ? [d1, d2] : [d2, d1];
          const rate = dec(bp).dividedBy(10_000);
          const whole = simpleInterest([{ date: iso(from), amount: dec(a + b).dividedBy(100) }], {
            annualRate: rate,
            to: iso(to),
            dayCount,
          });
          const split = simpleInterest(
            [
              { date: iso(from), amount: dec(a).dividedBy(100) },
              { date: iso(from), amount: dec(b).dividedBy(100) },
            ],
            { annualRate: rate, to: iso(to), dayCount },
          );
          expect(split.exact.equals(whole.exact)).toBe(true);
          expect(split.interest.equals(whole.interest)).toBe(true);
          expect(whole.interest.minus(whole.exact).abs().lessThanOrEqualTo('0.005')).toBe(true);
        },
      ),
      { numRuns: 2000, seed: 20261201 },
    );
  });
});
