import { dec } from '../../../../shared/money';
import { initialCommitments } from '../../capital/calc/ledger';
import type { EntryKind, LedgerEntry, Level } from '../../capital/calc/types';
import { exitInputsFingerprint } from './fingerprint';
import { priceExit, type ExitPricing, type ExitPricingInput } from './price';
import { DEFAULT_EXIT_RULES, type ExitPricingRule } from './rules';
import { transferEntries } from './transfer';

let nextId = 1;
function e(
  kind: EntryKind,
  level: Level,
  userId: number | null,
  valueDate: string,
  d: { c?: string; p?: string; i?: string; rev?: number } = {},
): LedgerEntry {
  return {
    id: nextId++,
    kind,
    level,
    holder: userId === null ? 'PLATFORM' : 'PARTNER',
    userId,
    committedDelta: dec(d.c ?? 0),
    paidDelta: dec(d.p ?? 0),
    interestDelta: dec(d.i ?? 0),
    valueDate,
    reversalOfId: d.rev ?? null,
  };
}

const RETIREMENT = { code: 'RETIREMENT', label: '退休' };
const RESIGNATION = { code: 'RESIGNATION', label: '离职' };
const DISMISSAL = { code: 'DISMISSAL', label: '辞退' };

function ok(r: ReturnType<typeof priceExit>): ExitPricing {
  if (!r.ok) throw new Error(`${r.code}: ${r.message}`);
  return r;
}
const lines = (r: ExitPricing, i = 0) => r.holdings[i]!.lines.map((l) => [l.code, l.amount, l.counts]);
const rule = (base: ExitPricingRule, patch: Partial<ExitPricingRule> = {}): ExitPricingRule => ({
  ...structuredClone(base),
  ...patch,
});

// The manual's FAQ partner: ¥100,000.00 paid on 2019-06-19 (控股集团 level, cap 1,000,000.00)
const faq = (): LedgerEntry[] => [
  e('COMMITMENT', 'HOLDING', 7, '2019-06-10', { c: '100000' }),
  e('COMMITMENT', 'HOLDING', null, '2019-06-10', { c: '900000' }),
  e('PAYMENT', 'HOLDING', 7, '2019-06-19', { p: '100000' }),
];

describe('priceExit — 退休 (principal + interest − profit received)', () => {
  it("reproduces the manual's 资金利息: ¥100,000.00 from 2019-06-19 to 2020-06-19 at 10% ACT/365 = 10,027.40", () => {
    const r = ok(
      priceExit({
        userId: 7,
        exitType: RETIREMENT,
        exitDate: '2020-06-19',
        rule: DEFAULT_EXIT_RULES.RETIREMENT,
        entries: faq(),
        received: { HOLDING: { profitReceived: '5000' } },
      }),
    );
    expect(lines(r)).toEqual([
      ['PRINCIPAL', '100000.00', true],
      ['INTEREST', '10027.40', true],
      ['PROFIT_RECEIVED', '-5000.00', true],
      ['SUBTOTAL', '105027.40', false],
      ['INTEREST_OWED', '0.00', true],
    ]);
    expect(r.holdings[0]!.price).toBe('105027.40');
    expect(r.total).toBe('105027.40');
    expect(r.holdings[0]!.lines[1]!.note).toContain('¥100,000.00 × 366 天');
    expect(r.holdings[0]!.tranches).toEqual([{ date: '2019-06-19', amount: '100000.00', days: 366 }]);
    expect(r.ruleSummary).toBe(
      '实缴本金 + 资金利息（年利率 10.00%，ACT/365） − 已分配利润，扣除尚欠资金利息，不低于零',
    );
  });

  it('several tranches (a top-up after the 资金峰值调整 carries its own start date): interest rounded once per line', () => {
    const entries = [
      e('COMMITMENT', 'GROUP', 3, '2019-06-10', { c: '600000' }),
      e('COMMITMENT', 'GROUP', null, '2019-06-10', { c: '400000' }),
      e('PAYMENT', 'GROUP', 3, '2019-06-19', { p: '400000' }),
      e('PAYMENT', 'GROUP', 3, '2019-07-01', { p: '200000' }),
      e('COMMITMENT_CHANGE', 'GROUP', 3, '2020-05-27', { c: '50000' }),
      e('COMMITMENT_CHANGE', 'GROUP', null, '2020-05-27', { c: '-50000' }),
      e('PAYMENT', 'GROUP', 3, '2020-05-27', { p: '50000' }),
    ];
    const r = ok(
      priceExit({
        userId: 3,
        exitType: RETIREMENT,
        exitDate: '2020-06-15',
        rule: DEFAULT_EXIT_RULES.RETIREMENT,
        entries,
      }),
    );
    // 400,000 × 10% × 362/365 + 200,000 × 10% × 350/365 + 50,000 × 10% × 19/365 = 59,109.589… → 59,109.59
    // (rounding each tranche would give 39,671.23 + 19,178.08 + 260.27 = 59,109.58)
    expect(r.holdings[0]!.tranches.map((t) => [t.date, t.amount, t.days])).toEqual([
      ['2019-06-19', '400000.00', 362],
      ['2019-07-01', '200000.00', 350],
      ['2020-05-27', '50000.00', 19],
    ]);
    expect(lines(r)).toEqual([
      ['PRINCIPAL', '650000.00', true],
      ['INTEREST', '59109.59', true],
      ['PROFIT_RECEIVED', '0.00', true],
      ['SUBTOTAL', '709109.59', false],
      ['INTEREST_OWED', '0.00', true],
    ]);
    expect(r.total).toBe('709109.59');
  });

  it('principal already returned (本金分配) is shown but not subtracted again; interest runs on what is still in', () => {
    const entries = [...faq(), e('PRINCIPAL_RETURN', 'HOLDING', 7, '2020-01-10', { p: '-40000' })];
    const r = ok(
      priceExit({
        userId: 7,
        exitType: RETIREMENT,
        exitDate: '2020-06-19',
        rule: DEFAULT_EXIT_RULES.RETIREMENT,
        entries,
        received: { HOLDING: { principalReturned: '40000.00', profitReceived: '3000' } },
      }),
    );
    // P = 60,000.00; I = 60,000 × 10% × 366 / 365 = 6,016.438… → 6,016.44; − 3,000 profit
    expect(lines(r)).toEqual([
      ['PRINCIPAL', '60000.00', true],
      ['INTEREST', '6016.44', true],
      ['PROFIT_RECEIVED', '-3000.00', true],
      ['PRINCIPAL_RETURNED', '40000.00', false],
      ['SUBTOTAL', '63016.44', false],
      ['INTEREST_OWED', '0.00', true],
    ]);
    expect(r.total).toBe('63016.44');
  });

  it('refuses a principal-returned figure that disagrees with the ledger', () => {
    const r = priceExit({
      userId: 7,
      exitType: RETIREMENT,
      exitDate: '2020-06-19',
      rule: DEFAULT_EXIT_RULES.RETIREMENT,
      entries: [...faq(), e('PRINCIPAL_RETURN', 'HOLDING', 7, '2020-01-10', { p: '-40000' })],
      received: { HOLDING: { principalReturned: '30000' } },
    });
    expect(r).toMatchObject({ ok: false, code: 'INCONSISTENT_INPUT' });
    expect(!r.ok && r.message).toContain('¥30,000.00');
  });

  it('a discount is taken once, rounded half-up to the cent: 110,027.40 × 3% = 3,300.822 → 3,300.82', () => {
    const r = ok(
      priceExit({
        userId: 7,
        exitType: RETIREMENT,
        exitDate: '2020-06-19',
        rule: rule(DEFAULT_EXIT_RULES.RETIREMENT, { discountRate: '0.03' }),
        entries: faq(),
      }),
    );
    expect(lines(r)).toEqual([
      ['PRINCIPAL', '100000.00', true],
      ['INTEREST', '10027.40', true],
      ['PROFIT_RECEIVED', '0.00', true],
      ['SUBTOTAL', '110027.40', false],
      ['DISCOUNT', '-3300.82', true],
      ['INTEREST_OWED', '0.00', true],
    ]);
    expect(r.total).toBe('106726.58');
  });

  it('deducts 资金利息 owed: ENTRY_INTEREST in the ledger plus hand-entered 配资 interest; switchable', () => {
    const entries = [...faq(), e('ENTRY_INTEREST', 'HOLDING', 7, '2019-06-19', { i: '1234.56' })];
    const input: ExitPricingInput = {
      userId: 7,
      exitType: RETIREMENT,
      exitDate: '2020-06-19',
      rule: DEFAULT_EXIT_RULES.RETIREMENT,
      entries,
      financingInterestOwed: { HOLDING: '500' },
    };
    const r = ok(priceExit(input));
    expect(r.holdings[0]!.lines.find((l) => l.code === 'INTEREST_OWED')).toMatchObject({
      amount: '-1734.56',
      note: '补投资金利息（资金台账）¥1,234.56 + 配资利息 ¥500.00',
    });
    expect(r.total).toBe('108292.84'); // 110,027.40 − 1,734.56
    const off = ok(priceExit({ ...input, rule: rule(DEFAULT_EXIT_RULES.RETIREMENT, { deductInterestOwed: false }) }));
    expect(off.total).toBe('110027.40');
    expect(off.holdings[0]!.lines.some((l) => l.code === 'INTEREST_OWED')).toBe(false);
  });

  it('ACT/360 and another rate are taken from the rule', () => {
    const r = ok(
      priceExit({
        userId: 7,
        exitType: RETIREMENT,
        exitDate: '2020-06-19',
        rule: rule(DEFAULT_EXIT_RULES.RETIREMENT, {
          interest: { enabled: true, annualRate: '0.06', dayCount: 'ACT/360' },
        }),
        entries: faq(),
      }),
    );
    // 100,000 × 6% × 366 / 360 = 6,100.00
    expect(r.holdings[0]!.lines[1]).toMatchObject({ code: 'INTEREST', amount: '6100.00' });
  });
});

describe('priceExit — 离职 and 辞退', () => {
  const ledger = () => [
    e('COMMITMENT', 'CITY', 9, '2019-03-01', { c: '300000' }),
    e('COMMITMENT', 'CITY', null, '2019-03-01', { c: '700000.37' }),
    e('PAYMENT', 'CITY', 9, '2019-03-15', { p: '300000' }),
  ];

  it('离职 by default: principal − profit received, no interest, NAV not needed', () => {
    const r = ok(
      priceExit({
        userId: 9,
        exitType: RESIGNATION,
        exitDate: '2021-04-30',
        rule: DEFAULT_EXIT_RULES.RESIGNATION,
        entries: ledger(),
        received: { CITY: { profitReceived: '20000' } },
      }),
    );
    expect(lines(r)).toEqual([
      ['PRINCIPAL', '300000.00', true],
      ['PROFIT_RECEIVED', '-20000.00', true],
      ['SUBTOTAL', '280000.00', false],
      ['INTEREST_OWED', '0.00', true],
    ]);
    expect(r.total).toBe('280000.00');
  });

  it('离职 with the NAV variant: a NAV below principal − received sets the price', () => {
    const r = ok(
      priceExit({
        userId: 9,
        exitType: RESIGNATION,
        exitDate: '2021-04-30',
        rule: rule(DEFAULT_EXIT_RULES.RESIGNATION, { lowerOfNav: true }),
        entries: ledger(),
        received: { CITY: { profitReceived: '20000' } },
        nav: { CITY: '250000' },
      }),
    );
    expect(lines(r)).toEqual([
      ['PRINCIPAL', '300000.00', true],
      ['PROFIT_RECEIVED', '-20000.00', true],
      ['SUBTOTAL', '280000.00', false],
      ['NAV', '-30000.00', true],
      ['INTEREST_OWED', '0.00', true],
    ]);
    expect(r.holdings[0]!.lines[3]!.note).toBe('持有份额净资产 ¥250,000.00 低于小计 ¥280,000.00，按净资产计');
    expect(r.total).toBe('250000.00');
  });

  it('辞退: the lower of principal (less profit received) and NAV', () => {
    const base = {
      userId: 9,
      exitType: DISMISSAL,
      exitDate: '2021-04-30',
      rule: DEFAULT_EXIT_RULES.DISMISSAL,
      entries: ledger(),
    };
    expect(ok(priceExit({ ...base, nav: { CITY: '320000' } })).total).toBe('300000.00');
    expect(ok(priceExit({ ...base, nav: { CITY: '180000.5' } })).total).toBe('180000.50');
    // never better than a resignation on the same facts
    const received = { CITY: { profitReceived: '50000' } };
    expect(ok(priceExit({ ...base, nav: { CITY: '320000' }, received })).total).toBe('250000.00');
  });

  it('a NAV below zero, or deductions above the price, floor the price at 0', () => {
    const r = ok(
      priceExit({
        userId: 9,
        exitType: DISMISSAL,
        exitDate: '2021-04-30',
        rule: DEFAULT_EXIT_RULES.DISMISSAL,
        entries: ledger(),
        nav: { CITY: '-1000' },
      }),
    );
    expect(lines(r).slice(-3)).toEqual([
      ['NAV', '-301000.00', true],
      ['INTEREST_OWED', '0.00', true],
      ['FLOOR', '1000.00', true],
    ]);
    expect(r.total).toBe('0.00');
  });

  it('NAV missing where the rule needs it is an error naming the level', () => {
    const r = priceExit({
      userId: 9,
      exitType: DISMISSAL,
      exitDate: '2021-04-30',
      rule: DEFAULT_EXIT_RULES.DISMISSAL,
      entries: ledger(),
    });
    expect(r).toEqual({
      ok: false,
      code: 'NAV_MISSING',
      message: '按“净资产孰低”计价，请先录入城市公司持有份额的净资产。',
    });
  });
});

describe('priceExit — several levels, errors, record', () => {
  const twoLevels = () => [
    ...initialCommitments(
      [
        { userId: 5, level: 'HOLDING', amount: dec('200000') },
        { userId: 5, level: 'CITY', amount: dec('100000') },
        { userId: 6, level: 'CITY', amount: dec('50000') },
      ],
      { HOLDING: dec('1000000'), GROUP: dec('0'), CITY: dec('500000.25'), OTHER: dec('0') },
      '2019-06-10',
    ),
    e('PAYMENT', 'HOLDING', 5, '2019-06-19', { p: '200000' }),
    e('PAYMENT', 'CITY', 5, '2019-06-19', { p: '60000' }),
    e('PAYMENT', 'CITY', 6, '2019-06-20', { p: '50000' }),
  ];

  it('prices each level the partner holds and totals them; an unpaid part of a commitment is warned about', () => {
    const r = ok(
      priceExit({
        userId: 5,
        exitType: RETIREMENT,
        exitDate: '2020-06-19',
        rule: DEFAULT_EXIT_RULES.RETIREMENT,
        entries: twoLevels(),
        received: { HOLDING: { profitReceived: '1000' }, CITY: { profitReceived: '300' } },
      }),
    );
    expect(r.holdings.map((h) => [h.level, h.committed, h.paid, h.price])).toEqual([
      ['HOLDING', '200000.00', '200000.00', '219054.79'], // 200,000 + 20,054.794… → 20,054.79 − 1,000
      ['CITY', '100000.00', '60000.00', '65716.44'], // 60,000 + 6,016.438… → 6,016.44 − 300
    ]);
    expect(r.total).toBe('284771.23');
    expect(r.warnings).toEqual(['城市公司认缴中尚有 ¥40,000.00 未缴，未缴部分随份额转给平台公司，不计价。']);
  });

  it('errors: before the first payment, never paid, no holding, already exited, bad rule, bad date', () => {
    const base = {
      userId: 5,
      exitType: RETIREMENT,
      rule: DEFAULT_EXIT_RULES.RETIREMENT,
      entries: twoLevels(),
    };
    expect(priceExit({ ...base, exitDate: '2019-06-18' })).toMatchObject({
      ok: false,
      code: 'BEFORE_FIRST_PAYMENT',
      message: '退出日期 2019-06-18 早于合伙人 #5的首次缴款日 2019-06-19。',
    });
    const onlyCommitted = [...base.entries, e('COMMITMENT', 'OTHER', 11, '2019-06-10', { c: '1000' })];
    expect(priceExit({ ...base, entries: onlyCommitted, userId: 11, exitDate: '2020-01-01' })).toMatchObject({
      ok: false,
      code: 'BEFORE_FIRST_PAYMENT',
    });
    const gone = [
      ...base.entries,
      e('PAYMENT', 'OTHER', 12, '2019-06-10', { p: '1000' }),
      e('REFUND', 'OTHER', 12, '2019-07-10', { p: '-1000' }),
    ];
    expect(priceExit({ ...base, entries: gone, userId: 12, exitDate: '2020-01-01' })).toMatchObject({
      ok: false,
      code: 'NO_HOLDING',
    });
    const priced = ok(priceExit({ ...base, exitDate: '2020-06-19' }));
    const t = transferEntries(base.entries, priced);
    if (!t.ok) throw new Error(t.message);
    expect(priceExit({ ...base, entries: [...base.entries, ...t.entries], exitDate: '2020-07-01' })).toMatchObject({
      ok: false,
      code: 'ALREADY_EXITED',
      message: '合伙人 #5已于 2020-06-19 退出（份额已由平台公司承接），不能再次退出；如需更正，请先冲销原承接分录。',
    });
    expect(priceExit({ ...base, exitDate: '2020-02-30' })).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    expect(
      priceExit({ ...base, exitDate: '2020-06-19', rule: rule(base.rule, { discountRate: '1.5' }) }),
    ).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    expect(
      priceExit({ ...base, exitDate: '2020-06-19', received: { HOLDING: { profitReceived: '-1' } } }),
    ).toMatchObject({ ok: false, code: 'INVALID_INPUT', message: '控股集团已分配利润不能为负数：-¥1.00。' });
  });

  it('warns about the partner’s entries after the exit date (they block the 承接 until handled)', () => {
    const entries = [...twoLevels(), e('PAYMENT', 'CITY', 5, '2020-09-01', { p: '40000' })];
    const r = ok(
      priceExit({
        userId: 5,
        exitType: RETIREMENT,
        exitDate: '2020-06-19',
        rule: DEFAULT_EXIT_RULES.RETIREMENT,
        entries,
      }),
    );
    expect(r.warnings[0]).toBe(
      '退出日 2020-06-19 之后还有 1 笔资金变动（最早 2020-09-01），未计入本次测算；完成承接前须冲销或改用更晚的退出日期。',
    );
    expect(transferEntries(entries, r)).toMatchObject({ ok: false, code: 'CHANGED_SINCE_PRICING' });
  });

  it('stores the rule and every input, and the fingerprint of those inputs', () => {
    const input: ExitPricingInput = {
      userId: 5,
      exitType: RETIREMENT,
      exitDate: '2020-06-19',
      rule: DEFAULT_EXIT_RULES.RETIREMENT,
      entries: twoLevels(),
      received: { CITY: { profitReceived: '300.00' } },
      nav: { HOLDING: '210000' },
    };
    const r = ok(priceExit(input));
    expect(r.rule).toEqual(DEFAULT_EXIT_RULES.RETIREMENT);
    expect(r.inputs.entries.map((x) => [x.level, x.kind, x.committedDelta, x.paidDelta])).toEqual([
      ['HOLDING', 'COMMITMENT', '200000', '0'],
      ['CITY', 'COMMITMENT', '100000', '0'],
      ['HOLDING', 'PAYMENT', '0', '200000'],
      ['CITY', 'PAYMENT', '0', '60000'],
    ]);
    expect(r.inputs.received).toEqual({ CITY: { principalReturned: null, profitReceived: '300' } });
    expect(r.inputs.nav).toEqual({ HOLDING: '210000' });
    expect(r.fingerprint).toBe(exitInputsFingerprint(input));
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });
});
