import fc from 'fast-check';
import {
  dec,
  decimalString,
  formatDecimal,
  formatMoney,
  formatPercent,
  formatRatio,
  moneyString,
  ratioString,
  roundMoney,
  roundRatio,
  sumMoney,
  ZMoney,
} from './money';
import { endOfShanghaiDay, formatDate, formatDateTime, startOfShanghaiDay } from './datetime';

describe('formatMoney', () => {
  it.each([
    ['1234567.89', '¥1,234,567.89'],
    ['0', '¥0.00'],
    ['-1119979.05', '-¥1,119,979.05'],
    ['999.995', '¥1,000.00'],
    ['8570917', '¥8,570,917.00'],
    ['100', '¥100.00'],
    ['1000', '¥1,000.00'],
    ['-0.004', '¥0.00'],
  ])('%s → %s', (input, expected) => expect(formatMoney(input)).toBe(expected));

  it('round-trips every cent amount through grouping', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 17n), max: 10n ** 17n }), (cents) => {
        const s = moneyString(dec(cents.toString()).dividedBy(100));
        const shown = formatMoney(s);
        expect(dec(shown.replace(/[¥,]/g, '')).equals(s)).toBe(true);
        expect(shown).toMatch(/^-?¥\d{1,3}(,\d{3})*\.\d{2}$/);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('money helpers', () => {
  it('sums exactly where floats would drift', () => {
    expect(moneyString(sumMoney(Array(10).fill('0.10')))).toBe('1.00');
    expect(moneyString('0.1')).toBe('0.10');
  });
  it('validates amounts on the wire', () => {
    expect(ZMoney.safeParse('12.34').success).toBe(true);
    expect(ZMoney.safeParse('12.345').success).toBe(false);
    expect(ZMoney.safeParse('1e5').success).toBe(false);
  });
  it('formats ratios as percentages', () => {
    expect(formatRatio('0.0391')).toBe('3.91%');
    expect(formatRatio('0.033100')).toBe('3.31%');
    expect(formatRatio('0.123456')).toBe('12.3456%');
  });
});

// Every named rounding point rounds half-up (half away from zero), as accountants do by hand. These cases sit exactly
// half-way, where half-even (banker's rounding) or half-down would answer differently: switching the mode in
// shared/money.ts makes them fail.
describe('named rounding points round half-up', () => {
  it.each([
    ['0.125', '0.13'],
    ['2.345', '2.35'],
    ['0.005', '0.01'],
    ['1.115', '1.12'],
    ['7255684.245', '7255684.25'],
    ['-0.125', '-0.13'],
    ['-2.345', '-2.35'],
    ['0.135', '0.14'], // half-up and half-even agree here; half-down does not
    ['0.1249999', '0.12'],
  ])('roundMoney / moneyString: %s → %s', (input, expected) => {
    expect(decimalString(roundMoney(input))).toBe(dec(expected).toString());
    expect(moneyString(input)).toBe(expected);
  });

  it.each([
    ['0.0000125', '0.000013'],
    ['0.0391005', '0.039101'],
    ['0.0000105', '0.000011'],
    ['0.0000135', '0.000014'],
    ['0.12345649', '0.123456'],
  ])('roundRatio / ratioString: %s → %s', (input, expected) => {
    expect(roundRatio(input).equals(dec(expected))).toBe(true);
    expect(ratioString(input)).toBe(expected);
  });

  it.each([
    ['0.125', '¥0.13'],
    ['2.345', '¥2.35'],
    ['1234.565', '¥1,234.57'],
    ['-1119979.045', '-¥1,119,979.05'],
  ])('formatMoney: %s → %s', (input, expected) => expect(formatMoney(input)).toBe(expected));

  it.each([
    ['0.0000125', '0.0013%'],
    ['0.0391005', '3.9101%'],
    ['0.1234565', '12.3457%'],
  ])('formatRatio: %s → %s', (input, expected) => expect(formatRatio(input)).toBe(expected));

  it.each([
    [0.00125, 1, '0.1%'],
    ['0.00125', 2, '0.13%'],
    ['0.12345', 2, '12.35%'],
    [0.1, 1, '10.0%'],
  ])('formatPercent: %s (%i places) → %s', (input, places, expected) =>
    expect(formatPercent(input, places)).toBe(expected),
  );

  it.each([
    ['0.25', 1, '0.3'],
    ['2.45', 1, '2.5'],
    [12.5, 0, '13'],
  ])('formatDecimal: %s (%i places) → %s', (input, places, expected) =>
    expect(formatDecimal(input, places)).toBe(expected),
  );

  it('decimalString is exact and never exponential', () => {
    expect(decimalString('0.0000125')).toBe('0.0000125');
    expect(decimalString('1e21')).toBe('1000000000000000000000');
    expect(decimalString('2.345')).toBe('2.345');
  });
});

describe('Asia/Shanghai dates', () => {
  it('formats instants in UTC+8', () => {
    expect(formatDate('2026-11-21T16:30:00Z')).toBe('2026-11-22');
    expect(formatDateTime('2026-11-21T01:05:00Z')).toBe('2026-11-21 09:05');
  });
  it('gives day bounds in Shanghai time', () => {
    expect(startOfShanghaiDay('2026-11-21').toISOString()).toBe('2026-11-20T16:00:00.000Z');
    expect(endOfShanghaiDay('2026-11-21').toISOString()).toBe('2026-11-21T15:59:59.999Z');
  });
});
