import fc from 'fast-check';
import { dec, formatMoney, formatRatio, moneyString, sumMoney, ZMoney } from './money';
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
        const s = dec(cents.toString()).dividedBy(100).toFixed(2);
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
    expect(sumMoney(Array(10).fill('0.10')).toFixed(2)).toBe('1.00');
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
