import { dec, formatMoney, moneyString, formatDecimal } from '../../../../shared/money';
import { computeManualBatch, parseNameCell, type ManualLineInput } from './manual';
import type { BatchSuccess, Level } from './types';

/**
 * The manual's FAQ table ("如何进行手动-非测算-利润分配", step 1, the first printout — the later copies of the same
 * screen carry scanning errors): name cell with its marks, A, B, C, D, E, F, 分配合计 不含其它, exactly as printed.
 */
const FAQ: [string, string, string, string, string, string, string, string][] = [
  ['史伟 退', '746,428.00', '-309,818.50', '', '436,609.50', '436,609.50', '', '436,609.50'],
  ['金涛 离', '288,940.00', '-111,573.50', '', '177,366.50', '177,366.50', '111,573.50', '288,940.00'],
  ['王磊 离 退', '57,788.00', '-19,442.10', '', '38,345.90', '38,345.90', '', '38,345.90'],
  ['刘乔 退', '288,940.00', '-102,074.11', '', '186,865.89', '186,865.89', '', '186,865.89'],
  ['周峰 退', '28,894.00', '-9,760.63', '', '19,133.37', '19,133.37', '', '19,133.37'],
  ['马海明 退', '28,894.00', '-9,800.21', '', '19,093.79', '19,093.79', '', '19,093.79'],
  ['崔振涛 退', '28,894.00', '-9,760.63', '', '19,133.37', '19,133.37', '', '19,133.37'],
  ['李瑾 退', '28,894.00', '-9,681.47', '', '19,212.53', '19,212.53', '', '19,212.53'],
  ['牛甲明', '28,894.00', '-10,199.50', '', '18,694.50', '18,694.50', '10,199.50', '28,894.00'],
  ['肖鹏', '28,894.00', '-10,207.42', '', '18,686.58', '18,686.58', '10,207.42', '28,894.00'],
  ['贾开航 退', '28,894.00', '-9,760.63', '', '19,133.37', '19,133.37', '', '19,133.37'],
  ['刘伟', '144,470.00', '-63,484.70', '', '80,985.30', '80,985.30', '', '80,985.30'],
  ['许之茂', '5,779.00', '-2,031.97', '', '3,747.03', '3,747.03', '', '3,747.03'],
  ['钟杨 退', '5,779.00', '-1,936.28', '', '3,842.72', '3,842.72', '', '3,842.72'],
  ['郭萍 离 退', '5,779.00', '-1,983.78', '', '3,795.22', '3,795.22', '', '3,795.22'],
  ['何天友 退', '96,313.00', '-42,375.91', '', '53,937.09', '53,937.09', '', '53,937.09'],
  ['苏萧龙', '96,313.00', '-42,296.75', '', '54,016.25', '54,016.25', '', '54,016.25'],
  ['任闽涛', '144,470.00', '-63,484.70', '', '80,985.30', '80,985.30', '', '80,985.30'],
  ['高光明 退', '28,894.00', '-9,800.21', '', '19,093.79', '19,093.79', '', '19,093.79'],
  ['陈家仁', '28,894.00', '-10,183.67', '', '18,710.33', '18,710.33', '', '18,710.33'],
  ['陈剑雄', '28,894.00', '-10,413.24', '', '18,480.76', '18,480.76', '', '18,480.76'],
  ['朱开龙', '86,682.00', '-31,999.67', '', '54,682.33', '54,682.33', '', '54,682.33'],
  ['黄荣健', '28,894.00', '-10,397.41', '', '18,496.59', '18,496.59', '', '18,496.59'],
  ['谢顺 离 退', '57,788.00', '-19,442.10', '', '38,345.90', '38,345.90', '', '38,345.90'],
  ['刘文峰 退', '57,788.00', '-19,283.78', '', '38,504.22', '38,504.22', '', '38,504.22'],
  ['郑家强', '2,889,397.00', '-15,427.01', '', '2,873,969.99', '2,873,969.99', '', '2,873,969.99'],
  ['陈航斌', '2,889,397.00', '-15,427.01', '', '2,873,969.99', '2,873,969.99', '', '2,873,969.99'],
  ['张虎臣', '28,894.00', '-10,524.07', '', '18,369.93', '18,369.93', '', '18,369.93'],
  ['杨泽强', '28,894.00', '-10,508.23', '', '18,385.77', '18,385.77', '', '18,385.77'],
  ['寇彦玲', '28,894.00', '-10,476.57', '', '18,417.43', '18,417.43', '', '18,417.43'],
  ['林宏', '28,894.00', '-10,476.57', '', '18,417.43', '18,417.43', '', '18,417.43'],
  ['张秉建 离 退', '5,779.00', '-1,983.78', '', '3,795.22', '3,795.22', '', '3,795.22'],
  ['徐慎亮 离 退', '240,783.00', '-94,400.21', '', '146,382.79', '146,382.79', '', '146,382.79'],
  ['毛嘉麟 离 退', '28,894.00', '-9,562.73', '', '19,331.27', '19,331.27', '', '19,331.27'],
];

const plain = (s: string) => s.replace(/,/g, '');
/** The three partners who get F are taken to be at the 城市公司 level (the BPM form puts all of F there). */
const levelOf = (row: (typeof FAQ)[number]): Level => (row[6] ? 'CITY' : 'GROUP');
const roster = FAQ.map((r, i) => ({ userId: 1001 + i, name: parseNameCell(r[0]).name }));
const lines: ManualLineInput[] = FAQ.map((r) => ({
  name: r[0],
  level: levelOf(r),
  principal: r[1],
  interest: r[2],
  other: r[3],
  profit: r[6],
}));
// 泰安-锦艺誉峯 in the BPM form: 合伙投资占比 3.910% = 置业集团 3.310% + 城市公司 0.600%
const levelRatios = { HOLDING: '0', GROUP: '0.0331', CITY: '0.006', OTHER: '0' };
const m = (x: { toFixed(n: number): string }) => formatMoney(x as never, { symbol: false });

describe('手动-非测算 batch: the manual FAQ table', () => {
  // Its F refunds the interest of three partners (domain.md §7), not profit: no tax is withheld on it.
  const r = computeManualBatch({ kind: 'PROFIT', date: '2020-06-19', lines, roster, levelRatios, taxRate: '0' });
  const ok = r as BatchSuccess;

  it('accepts the 34 lines', () => {
    expect(r.ok).toBe(true);
    expect(ok.lines).toHaveLength(34);
    expect(ok.warnings).toEqual([]);
  });

  it('reproduces every printed D, E and 分配合计 不含其它 line by line', () => {
    FAQ.forEach((row, i) => {
      const l = ok.lines[i];
      expect(moneyString(l.principalNet)).toBe(plain(row[4]));
      expect(moneyString(l.principalTotal)).toBe(plain(row[5]));
      expect(moneyString(l.totalExclOther)).toBe(plain(row[7]));
    });
  });

  it('the 合计 row: A 8,570,917.00, B −1,119,979.05, D 7,450,937.95, E 7,450,937.95, F 131,980.42, 分配合计 7,582,918.37', () => {
    const t = ok.totals;
    expect(m(t.principal)).toBe('8,570,917.00');
    expect(m(t.interest)).toBe('-1,119,979.05');
    expect(m(t.other)).toBe('0.00');
    expect(m(t.principalNet)).toBe('7,450,937.95');
    expect(m(t.principalTotal)).toBe('7,450,937.95');
    expect(m(t.profit)).toBe('131,980.42');
    expect(m(t.totalExclOther)).toBe('7,582,918.37');
    // a profit batch pays F − tax; the principal columns are shown for reference, as in the manual
    expect(m(t.payout)).toBe('131,980.42');
    // a clearing batch typed the same way pays E + F − tax = the manual's 分配合计
    const clearing = computeManualBatch({
      kind: 'CLEARING',
      date: '2020-06-19',
      lines,
      roster,
      levelRatios,
      taxRate: '0',
    });
    expect(clearing.ok && m(clearing.totals.payout)).toBe('7,582,918.37');
  });

  it('keeps names and marks as data', () => {
    expect(ok.lines[0]).toMatchObject({ name: '史伟', marks: ['退'] });
    expect(ok.lines[1]).toMatchObject({ name: '金涛', marks: ['离'] });
    expect(ok.lines[2]).toMatchObject({ name: '王磊', marks: ['退', '离'] });
    expect(ok.lines[8]).toMatchObject({ name: '牛甲明', marks: [] });
    expect(ok.lines.filter((l) => l.marks.includes('退'))).toHaveLength(17);
    expect(ok.lines.filter((l) => l.marks.includes('离'))).toHaveLength(7);
  });

  it("the BPM form's 本次分配信息 table: 置业集团 3.310% —, 城市公司 0.600% 131,980.42, 合计 3.910% 131,980.42", () => {
    const rows = ok.levels.map((x) => [x.label, formatDecimal(x.ratio.times(100), 3) + '%', m(x.amount)]);
    expect(rows).toEqual([
      ['控股集团', '0.000%', '0.00'],
      ['置业集团', '3.310%', '0.00'],
      ['城市公司', '0.600%', '131,980.42'],
      ['其它', '0.000%', '0.00'],
      ['合计', '3.910%', '131,980.42'],
    ]);
  });

  it('with the default 20% withholding, tax is per line on F only', () => {
    const taxed = computeManualBatch({ kind: 'PROFIT', date: '2020-06-19', lines, roster, levelRatios });
    if (!taxed.ok) throw new Error(JSON.stringify(taxed.errors));
    // 111,573.50 × 20% = 22,314.70; 10,199.50 → 2,039.90; 10,207.42 → 2,041.484 → 2,041.48
    expect(m(taxed.totals.tax)).toBe('26,396.08');
    expect(taxed.lines.filter((l) => l.tax.isZero())).toHaveLength(31);
    expect(m(taxed.totals.payout)).toBe(m(dec('131980.42').minus('26396.08')));
  });
});

describe('手动-非测算 batch: validation', () => {
  const base = { kind: 'PROFIT' as const, date: '2020-06-19', levelRatios, roster, taxRate: '0.2' };
  const one = (over: Partial<ManualLineInput>) => ({
    name: '肖鹏',
    level: 'CITY' as const,
    principal: '28894',
    ...over,
  });

  it('names the partner and the row in every message', () => {
    const r = computeManualBatch({
      ...base,
      lines: [
        one({ principal: '' }),
        one({ name: '张三', principal: '100' }),
        one({ name: '林宏', level: 'GROUP', interest: '10.00' }),
        one({ name: '寇彦玲', level: 'GROUP', profit: '1.234' }),
        one({ name: '杨泽强', level: 'GROUP', other: '-5', otherReason: '' }),
        one({ name: '张虎臣', level: 'GROUP', principal: '100', interest: '-200' }),
        one({ name: '黄荣健 调', level: 'GROUP' }),
      ],
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => [e.code, e.line])).toEqual([
      ['NO_PRINCIPAL', 'row:1'],
      ['UNKNOWN_NAME', 'row:2'],
      ['INVALID_AMOUNT', 'row:3'],
      ['INVALID_AMOUNT', 'row:4'],
      ['MISSING_REASON', 'row:5'],
      ['NEGATIVE_TOTAL', 'row:6'],
      ['INVALID_INPUT', 'row:7'],
    ]);
    expect(r.errors[0].message).toContain('肖鹏');
    expect(r.errors[1].message).toContain('张三');
    expect(r.errors[5].message).toMatch(/张虎臣.*-¥100\.00/);
  });

  it('with spreadsheet rows (an import), names the row and the column', () => {
    const r = computeManualBatch({
      ...base,
      rows: [5, 9],
      lines: [one({ profit: '-1.00' }), one({ name: '林宏', level: 'GROUP', other: '3.00' })],
    });
    expect(!r.ok && r.errors).toEqual([
      expect.objectContaining({
        line: 'row:5',
        column: '利润分配',
        message: expect.stringMatching(/^第 5 行「利润分配」：肖鹏 /),
      }),
      expect.objectContaining({
        line: 'row:9',
        column: '其它原因',
        message: expect.stringMatching(/^第 9 行「其它原因」：林宏 /),
      }),
    ]);
  });

  it('refuses a duplicate holder, asks which of two namesakes, and caps Σ F', () => {
    const twins = [...roster, { userId: 9001, name: '肖鹏' }];
    const dup = computeManualBatch({ ...base, roster: twins, lines: [one({ userId: 1010 }), one({ userId: 1010 })] });
    expect(!dup.ok && dup.errors[0].code).toBe('DUPLICATE_LINE');
    const amb = computeManualBatch({ ...base, roster: twins, lines: [one({})] });
    expect(!amb.ok && amb.errors[0].code).toBe('AMBIGUOUS_NAME');
    const cap = computeManualBatch({ ...base, lines: [one({ profit: '10.01' })], profitCeiling: '10.00' });
    expect(!cap.ok && cap.errors[0]).toMatchObject({ code: 'PROFIT_EXCEEDS_LIMIT' });
  });

  it('never taxes the platform company and warns about profit to a line marked 退', () => {
    const r = computeManualBatch({
      ...base,
      lines: [
        { name: '平台公司', level: 'CITY', principal: '1000', profit: '500' },
        one({ name: '史伟 退', level: 'GROUP', profit: '100' }),
      ],
    });
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.lines[0]).toMatchObject({ holder: 'PLATFORM', userId: null });
    expect(moneyString(r.lines[0].tax)).toBe('0.00');
    expect(moneyString(r.lines[1].tax)).toBe('20.00');
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toContain('史伟');
  });
});
