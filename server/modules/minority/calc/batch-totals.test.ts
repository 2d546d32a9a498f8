import fc from 'fast-check';
import { dec, moneyString } from '../../../../shared/money';
import { batchTotal, splitByRatio } from './batch-totals';

const cents = fc
  .bigInt({ min: 0n, max: 99_999_999_999n })
  .map((c) => `${c / 100n}.${String(c % 100n).padStart(2, '0')}`);

describe('minority batch totals', () => {
  it('the total is the sum of the lines to the cent (integer cents as the reference)', () => {
    fc.assert(
      fc.property(fc.array(cents, { minLength: 0, maxLength: 60 }), (lines) => {
        const ref = lines.reduce((s, l) => s + BigInt(l.replace('.', '')), 0n);
        expect(moneyString(batchTotal(lines))).toBe(`${ref / 100n}.${String(ref % 100n).padStart(2, '0')}`);
      }),
      { numRuns: 500 },
    );
  });

  it('a split by 持股比例 adds up to the total exactly and never moves a line by a cent or more from its share', () => {
    fc.assert(
      fc.property(
        cents,
        fc
          .array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 40 })
          .filter((w) => w.some((x) => x > 0)),
        (total, raw) => {
          const weights = raw.map((x) => dec(x).dividedBy(10_000)); // 持股比例 with 4 decimals
          const parts = splitByRatio(total, weights);
          expect(moneyString(batchTotal(parts))).toBe(moneyString(total));
          const sumW = weights.reduce((s, x) => s.plus(x), dec(0));
          parts.forEach((p, i) => {
            const exact = dec(total).times(weights[i]!).dividedBy(sumW);
            expect(p.minus(exact).abs().lessThan('0.01')).toBe(true);
            expect(p.decimalPlaces()).toBeLessThanOrEqual(2);
          });
        },
      ),
      { numRuns: 500 },
    );
  });

  it('splits ¥100.00 over 1/3 each as 33.34, 33.33, 33.33', () => {
    expect(splitByRatio('100.00', ['1', '1', '1']).map(moneyString)).toEqual(['33.34', '33.33', '33.33']);
  });
});
