import { dec, moneyString, formatDecimal } from '../../../../shared/money';
import { lineInterest } from './interest';
import { DEFAULT_SETTINGS, type InterestSettings } from './types';

const rule = (over: Partial<InterestSettings> = {}): InterestSettings => ({ ...DEFAULT_SETTINGS.interest, ...over });
const b = (r: ReturnType<typeof lineInterest>) => {
  if (!r.ok) throw new Error(r.message);
  return moneyString(r.interest);
};
const ONE = [{ date: '2019-06-19', amount: '100000.00' }];
const TWO = [
  { date: '2019-06-19', amount: '100000.00' },
  { date: '2020-05-31', amount: '20000.00' }, // a 补缴 after the 资金峰值调整 flow of 2020-05-27: 19 days
];

describe('资金利息 (column B) of one line', () => {
  it("domain.md's worked example: ¥100,000.00 paid 2019-06-19, distributed 2020-06-19 → −10,027.40 (366 days)", () => {
    expect(b(lineInterest(ONE, rule(), '2020-06-19'))).toBe('-10027.40');
  });

  it('several tranches: each from its own payment date, summed exactly, rounded once', () => {
    // 10,027.3972… + 104.1095… = 10,131.5068…
    expect(b(lineInterest(TWO, rule(), '2020-06-19'))).toBe('-10131.51');
    // three tranches of ¥1,000 for one day: 0.2739… each; per-tranche rounding would give 0.81, the line gives 0.82
    const three = [1, 2, 3].map(() => ({ date: '2020-01-01', amount: '1000' }));
    expect(b(lineInterest(three, rule(), '2020-01-02'))).toBe('-0.82');
  });

  it('a leap year counts 366 days (ACT/365), and ACT/360 divides by 360', () => {
    const t = [{ date: '2024-01-01', amount: '36500' }];
    expect(b(lineInterest(t, rule(), '2025-01-01'))).toBe('-3660.00'); // 36,500 × 10% × 366 / 365
    expect(b(lineInterest(t, rule(), '2024-12-31'))).toBe('-3650.00'); // 365 days
    expect(b(lineInterest(t, rule({ dayCount: 'ACT/360' }), '2025-01-01'))).toBe('-3710.83'); // × 366 / 360 = 3,710.833…
    expect(b(lineInterest(t, rule({ annualRate: '0.08' }), '2025-01-01'))).toBe('-2928.00');
  });

  it('financed base by share: 配资 1:4 → four fifths of every payment bears interest', () => {
    // 80,000 × 10% × 366 / 365 = 8,021.917…
    expect(b(lineInterest(ONE, rule({ base: 'FINANCED' }), '2020-06-19', { financing: { share: '0.8' } }))).toBe(
      '-8021.92',
    );
  });

  it('financed base by amount: spread over the tranches in proportion, divided once (exact)', () => {
    // 80,000 of 120,000 financed: (100,000 × 366 + 20,000 × 19) × 10% / 365 × 2/3 = 6,754.3378…
    const r = lineInterest(TWO, rule({ base: 'FINANCED' }), '2020-06-19', { financing: { amount: '80000' } });
    expect(b(r)).toBe('-6754.34');
    if (r.ok)
      expect(formatDecimal(r.exact.times(3), 10)).toBe(formatDecimal(dec('3698000').dividedBy(365).times(2), 10));
    // nothing financed (or no financing entered): no interest under this base
    expect(b(lineInterest(TWO, rule({ base: 'FINANCED' }), '2020-06-19'))).toBe('0.00');
    expect(b(lineInterest(TWO, rule({ base: 'FINANCED' }), '2020-06-19', { financing: { amount: '0' } }))).toBe('0.00');
    const tooMuch = lineInterest(TWO, rule({ base: 'FINANCED' }), '2020-06-19', { financing: { amount: '120000.01' } });
    expect(tooMuch.ok).toBe(false);
    const both = lineInterest(TWO, rule({ base: 'FINANCED' }), '2020-06-19', {
      financing: { amount: '1', share: '0.1' },
    });
    expect(both.ok).toBe(false);
  });

  it('an override replaces B, keeps the computed value and needs a reason; B may not be positive', () => {
    const r = lineInterest(ONE, rule(), '2020-06-19', { override: { amount: '-5000.00', reason: '董事会决议减半' } });
    expect(r.ok && [moneyString(r.interest), moneyString(r.computed), r.overrideReason]).toEqual([
      '-5000.00',
      '-10027.40',
      '董事会决议减半',
    ]);
    expect(lineInterest(ONE, rule(), '2020-06-19', { override: { amount: '-5000', reason: ' ' } }).ok).toBe(false);
    expect(lineInterest(ONE, rule(), '2020-06-19', { override: { amount: '5000', reason: 'x' } }).ok).toBe(false);
    expect(lineInterest(ONE, rule(), '2020-06-19', { override: { amount: '-1.005', reason: 'x' } }).ok).toBe(false);
  });

  it('off: B = 0; a tranche paid on the distribution date earns nothing', () => {
    expect(b(lineInterest(TWO, rule({ enabled: false }), '2020-06-19'))).toBe('0.00');
    expect(b(lineInterest([{ date: '2020-06-19', amount: '5000' }], rule(), '2020-06-19'))).toBe('0.00');
  });
});
