import { dec, moneyString } from '../../../../shared/money';
import { positions } from '../../capital/calc/ledger';
import type { LedgerEntry, Level } from '../../capital/calc/types';
import { computeBatch, principalReturnEntries, type BatchInput } from './batch';
import type { BatchSuccess } from './types';

const Z = dec(0);
let nextId = 1;
const entry = (
  kind: LedgerEntry['kind'],
  userId: number | null,
  level: Level,
  valueDate: string,
  amounts: { c?: string; p?: string },
): LedgerEntry => ({
  id: nextId++,
  level,
  holder: userId === null ? 'PLATFORM' : 'PARTNER',
  userId,
  kind,
  committedDelta: dec(amounts.c ?? 0),
  paidDelta: dec(amounts.p ?? 0),
  interestDelta: Z,
  valueDate,
});

/**
 * A small project: 置业集团 cap 300,000 (partner 1: 100,000 + a 20,000 补缴; partner 2: 80,000; platform 100,000),
 * 城市公司 cap 50,000 (partner 3: 50,000). Partner 2 exits on 2020-03-01 (承接 recorded: stake to the platform).
 */
const ledger: LedgerEntry[] = [
  entry('COMMITMENT', 1, 'GROUP', '2019-06-19', { c: '120000' }),
  entry('COMMITMENT', 2, 'GROUP', '2019-06-19', { c: '80000' }),
  entry('COMMITMENT', null, 'GROUP', '2019-06-19', { c: '100000' }),
  entry('COMMITMENT', 3, 'CITY', '2019-06-19', { c: '50000' }),
  entry('PAYMENT', 1, 'GROUP', '2019-06-19', { p: '100000' }),
  entry('PAYMENT', 2, 'GROUP', '2019-06-19', { p: '80000' }),
  entry('PAYMENT', null, 'GROUP', '2019-06-19', { p: '100000' }),
  entry('PAYMENT', 3, 'CITY', '2019-07-01', { p: '50000' }),
  entry('PAYMENT', 1, 'GROUP', '2020-05-31', { p: '20000' }),
  entry('TRANSFER_OUT', 2, 'GROUP', '2020-03-01', { c: '-80000', p: '-80000' }),
  entry('TRANSFER_IN', null, 'GROUP', '2020-03-01', { c: '80000', p: '80000' }),
];
const names = { 1: '史伟', 2: '金涛', 3: '牛甲明' };
const levelRatios = { HOLDING: '0', GROUP: '0.0331', CITY: '0.006', OTHER: '0' };
const base: BatchInput = {
  kind: 'PRINCIPAL',
  date: '2020-06-19',
  entries: ledger,
  levelRatios,
  names,
  exits: [{ userId: 2, exitDate: '2020-03-01' }],
};
const run = (over: Partial<BatchInput>): BatchSuccess => {
  const r = computeBatch({ ...base, ...over });
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('\n'));
  return r;
};
const col = (r: BatchSuccess, c: keyof BatchSuccess['totals']) =>
  Object.fromEntries(r.lines.map((l) => [l.name, moneyString(l[c])]));

describe('computed batches', () => {
  it("domain.md's worked example through the ledger: ¥100,000.00 paid 2019-06-19, 本金分配 on 2020-06-19 → B −10,027.40", () => {
    const one = [
      entry('COMMITMENT', 7, 'CITY', '2019-06-19', { c: '100000' }),
      entry('PAYMENT', 7, 'CITY', '2019-06-19', { p: '100000.00' }),
    ];
    const r = run({ entries: one, exits: [], names: { 7: '肖鹏' } });
    expect([r.totals.principal, r.totals.interest, r.totals.principalNet].map((x) => moneyString(x))).toEqual([
      '100000.00',
      '-10027.40',
      '89972.60',
    ]);
    const late = computeBatch({
      ...base,
      kind: 'PROFIT',
      profit: { mode: 'ENTERED', amount: '1' },
      profitPeriodStart: '2020-06-19',
    });
    expect(!late.ok && late.errors[0].code).toBe('INVALID_INPUT');
  });

  it('本金分配: A from the ledger, B per tranche, C entered with reasons, D, E, 分配合计 = E; the platform pays no interest', () => {
    const r = run({
      adjustments: [
        { level: 'GROUP', userId: 1, amount: '-200.00', reason: '代垫律师费' },
        { level: 'GROUP', userId: 1, amount: '50.50', reason: '多扣手续费退回' },
      ],
    });
    expect(r.lines.map((l) => l.name)).toEqual(['平台公司', '史伟', '牛甲明']);
    expect(col(r, 'principal')).toEqual({ 平台公司: '180000.00', 史伟: '120000.00', 牛甲明: '50000.00' });
    // 史伟: 100,000 × 366 d + 20,000 × 19 d at 10% / 365 = 10,131.51; 牛甲明: 50,000 × 354 d = 4,849.32
    expect(col(r, 'interest')).toEqual({ 平台公司: '0.00', 史伟: '-10131.51', 牛甲明: '-4849.32' });
    expect(col(r, 'other')).toEqual({ 平台公司: '0.00', 史伟: '-149.50', 牛甲明: '0.00' });
    expect(col(r, 'principalTotal')).toEqual({
      平台公司: '180000.00',

      史伟: '109718.99',
      牛甲明: '45150.68',
    });
    expect(col(r, 'payout')).toEqual(col(r, 'principalTotal'));
    expect(r.totals.profit.isZero() && r.totals.tax.isZero()).toBe(true);
    // 金涛 exited on 2020-03-01 and the ledger moved the stake to the platform (承接): no line of their own
    expect(r.warnings).toEqual([]);
    expect(r.levels.map((x) => [x.label, moneyString(x.amount)])).toEqual([
      ['控股集团', '0.00'],
      ['置业集团', '289718.99'],
      ['城市公司', '45150.68'],
      ['其它', '0.00'],
      ['合计', '334869.67'],
    ]);
    // 已发放 writes the principal back out of the ledger: paid-in is 0 afterwards
    const after = [...ledger, ...principalReturnEntries(r)];
    expect(positions(after, { asOf: '2020-06-19' }).every((p) => p.paid.isZero())).toBe(true);
  });

  it('利润分配: P pro rata to contributed principal, largest remainder to the cent, the exited partner excluded, 20% tax on partners only', () => {
    const r = run({ kind: 'PROFIT', profit: { mode: 'ENTERED', amount: '10000.00' } });
    // weights 180,000 / 120,000 / 50,000 of 350,000
    expect(col(r, 'profit')).toEqual({ 平台公司: '5142.86', 史伟: '3428.57', 牛甲明: '1428.57' });
    expect(moneyString(r.totals.profit)).toBe('10000.00');
    expect(col(r, 'tax')).toEqual({ 平台公司: '0.00', 史伟: '685.71', 牛甲明: '285.71' });
    expect(col(r, 'payout')).toEqual({ 平台公司: '5142.86', 史伟: '2742.86', 牛甲明: '1142.86' });
    expect(r.totals.principal.isZero() && r.totals.interest.isZero()).toBe(true);
    expect(moneyString(r.levels.find((x) => x.level === 'CITY')!.amount)).toBe('1428.57');
  });

  it('a principal return does not end the stake: the next profit batch still weighs contributed principal', () => {
    const first = run({});
    const later = [...ledger, ...principalReturnEntries(first)];
    const r = run({
      kind: 'PROFIT',
      date: '2021-01-01',
      entries: later,
      profit: { mode: 'ENTERED', amount: '350.00' },
    });
    expect(col(r, 'profit')).toEqual({ 平台公司: '180.00', 史伟: '120.00', 牛甲明: '50.00' });
  });

  it('P computed: 项目利润 × 合伙投资占比 × 本次分配比例, rounded once; more than 100% in total is refused', () => {
    // 1,234,567.89 × 3.91% × 50% = 24,135.80… → 24,135.80
    const r = run({ kind: 'PROFIT', profit: { mode: 'COMPUTED', projectProfit: '1234567.89', batchRatio: '0.5' } });
    expect(moneyString(r.profitTotal)).toBe(
      moneyString(dec('1234567.89').times('0.0391').times('0.5').toDecimalPlaces(2)),
    );
    expect(r.totals.profit.equals(r.profitTotal)).toBe(true);
    const over = computeBatch({
      ...base,
      kind: 'PROFIT',
      profit: { mode: 'COMPUTED', projectProfit: '1000000', batchRatio: '0.6', distributedRatioBefore: '0.5' },
    });
    expect(!over.ok && over.errors[0].code).toBe('PROFIT_EXCEEDS_LIMIT');
    const ceiling = computeBatch({
      ...base,
      kind: 'PROFIT',
      profit: { mode: 'ENTERED', amount: '100.01', ceiling: '100' },
    });
    expect(!ceiling.ok && ceiling.errors[0].message).toContain('超过可分配上限');
  });

  it('principal × days held: a later payment weighs less', () => {
    const r = run({
      kind: 'PROFIT',
      profit: { mode: 'ENTERED', amount: '1000.00' },
      settings: { profitSplit: 'PRINCIPAL_DAYS' },
    });
    // platform 180,000 × 366 (80,000 since 2020-03-01: × 110); 史伟 100,000 × 366 + 20,000 × 19; 牛甲明 50,000 × 354
    const w = { p: 100000 * 366 + 80000 * 110, s: 100000 * 366 + 20000 * 19, n: 50000 * 354 };
    expect(r.lines.map((l) => l.weight.toNumber())).toEqual([w.p, w.s, w.n]);
    expect(moneyString(r.totals.profit)).toBe('1000.00');
  });

  it('清算分配 fills both: 分配合计 = E + F − tax', () => {
    const r = run({ kind: 'CLEARING', profit: { mode: 'ENTERED', amount: '10000.00' } });
    const s = r.lines[1];
    expect([s.principalTotal, s.profit, s.tax, s.payout].map((x) => moneyString(x))).toEqual([
      '109868.49',
      '3428.57',
      '685.71',
      '112611.35',
    ]);
  });

  it('errors name the partner: no principal, negative total, unknown line, a missing reason, a profit in a principal batch', () => {
    const unpaid = [...ledger, entry('COMMITMENT', 4, 'CITY', '2020-01-01', { c: '1000' })];
    const e1 = computeBatch({ ...base, entries: unpaid, names: { ...names, 4: '肖鹏' } });
    expect(!e1.ok && e1.errors.map((e) => [e.code, e.message.includes('肖鹏')])).toEqual([['NO_PRINCIPAL', true]]);
    const e2 = computeBatch({ ...base, adjustments: [{ level: 'CITY', userId: 3, amount: '-50000', reason: '赔偿' }] });
    expect(!e2.ok && e2.errors.map((e) => [e.code, e.message.includes('牛甲明')])).toEqual([['NEGATIVE_TOTAL', true]]);
    const e3 = computeBatch({ ...base, adjustments: [{ level: 'CITY', userId: 1, amount: '1', reason: 'x' }] });
    expect(!e3.ok && e3.errors[0]).toMatchObject({ code: 'UNKNOWN_LINE' });
    const e4 = computeBatch({ ...base, adjustments: [{ level: 'CITY', userId: 3, amount: '1', reason: '' }] });
    expect(!e4.ok && e4.errors[0]).toMatchObject({ code: 'MISSING_REASON' });
    const e5 = computeBatch({ ...base, profit: { mode: 'ENTERED', amount: '1' } });
    expect(!e5.ok && e5.errors[0]).toMatchObject({ code: 'PROFIT_NOT_ALLOWED' });
    const e6 = computeBatch({ ...base, interestOverrides: [{ level: 'GROUP', userId: 2, amount: '-1', reason: 'x' }] });
    expect(!e6.ok && e6.errors[0].message).toContain('金涛');
  });

  it('the 平台公司 with a commitment and no payment recorded (立项 today): no principal, its share of profit by commitment', () => {
    // 城市公司 cap 100,000: partner 3 commits and pays 40,000; the platform holds the other 60,000 unpaid
    const entries = [
      entry('COMMITMENT', 3, 'CITY', '2020-01-01', { c: '40000' }),
      entry('COMMITMENT', null, 'CITY', '2020-01-01', { c: '60000' }),
      entry('PAYMENT', 3, 'CITY', '2020-01-01', { p: '40000' }),
    ];
    const r = run({ kind: 'CLEARING', entries, exits: [], profit: { mode: 'ENTERED', amount: '1000.00' } });
    expect(r.lines.map((l) => [l.name, moneyString(l.principal), moneyString(l.profit), moneyString(l.tax)])).toEqual([
      ['平台公司', '0.00', '600.00', '0.00'],
      ['牛甲明', '40000.00', '400.00', '80.00'],
    ]);
    // split by days held it has no dated tranche: weight 0, said in a warning
    const days = run({
      kind: 'PROFIT',
      entries,
      exits: [],
      settings: { profitSplit: 'PRINCIPAL_DAYS' },
      profit: { mode: 'ENTERED', amount: '1000.00' },
    });
    expect(col(days, 'profit')).toEqual({ 平台公司: '0.00', 牛甲明: '1000.00' });
    expect(days.warnings.join()).toContain('平台公司');
    // a partner with nothing paid in is still an error
    const unpaid = computeBatch({
      ...base,
      entries: [...entries, entry('COMMITMENT', 4, 'OTHER', '2020-01-01', { c: '1' })],
    });
    expect(!unpaid.ok && unpaid.errors.map((e) => e.code)).toEqual(['NO_PRINCIPAL']);
  });

  it('an exit the ledger has not transferred yet: no share, and a warning', () => {
    const r = run({
      kind: 'PROFIT',
      exits: [{ userId: 3, exitDate: '2020-06-19' }],
      profit: { mode: 'ENTERED', amount: '300' },
    });
    const n = r.lines.find((l) => l.userId === 3);
    expect(moneyString(n!.profit)).toBe('0.00');
    expect(r.warnings.join()).toContain('牛甲明');
    expect(moneyString(r.totals.profit)).toBe('300.00');
  });

  it('interest override and the financed base flow through to the line', () => {
    const r = run({
      settings: { interest: { base: 'FINANCED' } },
      financing: [{ level: 'GROUP', userId: 1, share: '0.8' }],
      interestOverrides: [{ level: 'CITY', userId: 3, amount: '-1000.00', reason: '按协议上限' }],
    });
    expect(col(r, 'interest')).toMatchObject({
      史伟: '-8105.21' /* 10,131.5068… × 0.8 */,
      牛甲明: '-1000.00',
    });
    expect(r.lines[2]).toMatchObject({ interestOverrideReason: '按协议上限' });
    expect(r.lines[2].interestComputed && moneyString(r.lines[2].interestComputed)).toBe('0.00'); // no financing entered for 牛甲明
  });
});
