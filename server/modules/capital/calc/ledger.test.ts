import { dec, moneyString } from '../../../../shared/money';
import {
  checkInvariant,
  entryShapeError,
  initialCommitments,
  paidTranches,
  positionOf,
  positions,
  reversalErrors,
  TrancheError,
} from './ledger';
import { partnerRef, PLATFORM, type Caps, type EntryKind, type LedgerEntry, type Level } from './types';

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
const caps = (h: string, g = '0', c = '0', o = '0'): Caps => ({
  HOLDING: dec(h),
  GROUP: dec(g),
  CITY: dec(c),
  OTHER: dec(o),
});
const tr = (t: { date: string; amount: { toFixed(n: number): string } }[]) =>
  t.map((x) => [x.date, moneyString(x.amount)]);

describe('positions', () => {
  // 控股集团 cap 1,000,000.50 (peak × ratio to the cent): partners 600,000 + 300,000, platform 100,000.50
  const entries = [
    e('COMMITMENT', 'HOLDING', 1, '2019-06-10', { c: '600000' }),
    e('COMMITMENT', 'HOLDING', 2, '2019-06-10', { c: '300000' }),
    e('COMMITMENT', 'HOLDING', null, '2019-06-10', { c: '100000.50' }),
    e('PAYMENT', 'HOLDING', 1, '2019-06-19', { p: '400000' }),
    e('PAYMENT', 'HOLDING', 1, '2019-07-01', { p: '200000' }),
    e('PAYMENT', 'HOLDING', 2, '2019-06-20', { p: '350000' }), // over-paid by 50,000 (refund owed)
    e('ENTRY_INTEREST', 'HOLDING', 2, '2019-06-20', { i: '123.45' }),
  ];

  it('sums committed, paid and interest per holder × level; outstanding = committed − paid', () => {
    const p = positions(entries);
    expect(
      p.map((x) => [x.holder, x.userId, moneyString(x.committed), moneyString(x.paid), moneyString(x.outstanding)]),
    ).toEqual([
      ['PLATFORM', null, '100000.50', '0.00', '100000.50'],
      ['PARTNER', 1, '600000.00', '600000.00', '0.00'],
      ['PARTNER', 2, '300000.00', '350000.00', '-50000.00'],
    ]);
    expect(moneyString(positionOf(entries, partnerRef(2), 'HOLDING').interest)).toBe('123.45');
  });

  it('as of a date counts only entries with a value date on or before it', () => {
    const p = positionOf(entries, partnerRef(1), 'HOLDING', { asOf: '2019-06-30' });
    expect([moneyString(p.committed), moneyString(p.paid), moneyString(p.outstanding)]).toEqual([
      '600000.00',
      '400000.00',
      '200000.00',
    ]);
    expect(positions(entries, { asOf: '2019-06-01' })).toEqual([]);
    expect(moneyString(positionOf(entries, PLATFORM, 'CITY').committed)).toBe('0.00');
  });

  it('checkInvariant: partners + platform = cap per level, and says which level breaks it by how much', () => {
    expect(checkInvariant(entries, caps('1000000.50'))).toEqual([]);
    const broken = checkInvariant(entries, caps('1000000.00', '10'));
    expect(broken.map((b) => [b.level, moneyString(b.difference)])).toEqual([
      ['HOLDING', '0.50'],
      ['GROUP', '-10.00'],
    ]);
    expect(broken[0].message).toBe(
      '控股集团：合伙人认缴 ¥900,000.00 + 平台公司 ¥100,000.50 = ¥1,000,000.50，与层级额度 ¥1,000,000.00 不符（多出 ¥0.50）。',
    );
    expect(broken[1].message).toContain('少 ¥10.00');
  });

  it('initialCommitments gives the platform cap − Σ partners to the cent', () => {
    const out = initialCommitments(
      [
        { userId: 1, level: 'CITY', amount: dec('500') },
        { userId: 2, level: 'CITY', amount: dec('0') },
      ],
      caps('0', '0', '1234.56'),
      '2020-01-01',
    );
    expect(out.map((x) => [x.holder, x.userId, moneyString(x.committedDelta)])).toEqual([
      ['PARTNER', 1, '500.00'],
      ['PLATFORM', null, '734.56'],
    ]);
    expect(checkInvariant(out, caps('0', '0', '1234.56'))).toEqual([]);
  });
});

describe('paidTranches (LIFO)', () => {
  it('keeps each payment with its date; a refund takes the latest tranche first', () => {
    const entries = [
      e('COMMITMENT', 'CITY', 7, '2019-06-01', { c: '100000' }),
      e('PAYMENT', 'CITY', 7, '2019-06-19', { p: '60000' }),
      e('PAYMENT', 'CITY', 7, '2019-06-25', { p: '40000' }),
      e('COMMITMENT_CHANGE', 'CITY', 7, '2020-05-27', { c: '20000' }), // peak raised: 补缴 20,000
      e('PAYMENT', 'CITY', 7, '2020-05-31', { p: '20000' }),
      e('COMMITMENT_CHANGE', 'CITY', 7, '2020-09-01', { c: '-50000' }), // peak lowered: 退款 50,000
      e('REFUND', 'CITY', 7, '2020-09-10', { p: '-50000' }),
    ];
    const who = partnerRef(7);
    expect(tr(paidTranches(entries, who, 'CITY', '2020-06-30'))).toEqual([
      ['2019-06-19', '60000.00'],
      ['2019-06-25', '40000.00'],
      ['2020-05-31', '20000.00'],
    ]);
    // the refund consumes the 2020-05-31 top-up (20,000) and then 30,000 of 2019-06-25
    expect(tr(paidTranches(entries, who, 'CITY', '2020-12-31'))).toEqual([
      ['2019-06-19', '60000.00'],
      ['2019-06-25', '10000.00'],
    ]);
  });

  it('principal returns and transfers out reduce the latest tranches too; the platform gets a tranche at the transfer date', () => {
    const entries = [
      e('PAYMENT', 'GROUP', 3, '2019-01-10', { p: '1000' }),
      e('PAYMENT', 'GROUP', 3, '2019-02-10', { p: '500' }),
      e('PRINCIPAL_RETURN', 'GROUP', 3, '2021-01-01', { p: '-600' }),
      e('TRANSFER_OUT', 'GROUP', 3, '2021-06-01', { c: '-1500', p: '-900' }),
      e('TRANSFER_IN', 'GROUP', null, '2021-06-01', { c: '1500', p: '900' }),
    ];
    expect(tr(paidTranches(entries, partnerRef(3), 'GROUP', '2021-03-01'))).toEqual([['2019-01-10', '900.00']]);
    expect(paidTranches(entries, partnerRef(3), 'GROUP')).toEqual([]);
    expect(tr(paidTranches(entries, PLATFORM, 'GROUP'))).toEqual([['2021-06-01', '900.00']]);
  });

  it('a reversed payment is left out entirely (and counts again if the reversal is after asOf)', () => {
    const pay = e('PAYMENT', 'OTHER', 4, '2020-01-05', { p: '300' });
    const entries = [
      e('PAYMENT', 'OTHER', 4, '2020-01-01', { p: '100' }),
      pay,
      e('REVERSAL', 'OTHER', 4, '2020-02-01', { p: '-300', rev: pay.id }),
      e('PAYMENT', 'OTHER', 4, '2020-02-02', { p: '250' }),
    ];
    expect(tr(paidTranches(entries, partnerRef(4), 'OTHER'))).toEqual([
      ['2020-01-01', '100.00'],
      ['2020-02-02', '250.00'],
    ]);
    expect(tr(paidTranches(entries, partnerRef(4), 'OTHER', '2020-01-31'))).toEqual([
      ['2020-01-01', '100.00'],
      ['2020-01-05', '300.00'],
    ]);
    expect(moneyString(positionOf(entries, partnerRef(4), 'OTHER').paid)).toBe('350.00');
    expect(reversalErrors(entries)).toEqual([]);
  });

  it('refuses to pay back more than was paid in', () => {
    const entries = [
      e('PAYMENT', 'CITY', 9, '2020-01-01', { p: '100' }),
      e('REFUND', 'CITY', 9, '2020-01-02', { p: '-100.01' }),
    ];
    expect(() => paidTranches(entries, partnerRef(9), 'CITY')).toThrow(TrancheError);
    expect(() => paidTranches(entries, partnerRef(9), 'CITY')).toThrow('超过已实缴金额');
  });
});

describe('entry shapes (same rules as the database trigger)', () => {
  it('accepts each kind with its signs and refuses the wrong ones', () => {
    expect(entryShapeError(e('PAYMENT', 'CITY', 1, '2020-01-01', { p: '1' }))).toBeNull();
    expect(entryShapeError(e('PAYMENT', 'CITY', 1, '2020-01-01', { p: '-1' }))).toContain('只能记录正的实缴');
    expect(entryShapeError(e('REFUND', 'CITY', 1, '2020-01-01', { p: '1' }))).toContain('只能记录负的实缴');
    expect(entryShapeError(e('COMMITMENT', 'CITY', null, '2020-01-01', { c: '-5' }))).toBeNull();
    expect(entryShapeError(e('COMMITMENT', 'CITY', 1, '2020-01-01', { c: '5', p: '5' }))).toContain('认缴变动');
    expect(entryShapeError(e('TRANSFER_OUT', 'CITY', 1, '2020-01-01', { c: '5' }))).not.toBeNull();
    expect(entryShapeError(e('ENTRY_INTEREST', 'CITY', 1, '2020-01-01', { i: '5' }))).toBeNull();
    expect(entryShapeError({ ...e('PAYMENT', 'CITY', 1, '2020-01-01', { p: '1' }), holder: 'PLATFORM' })).toContain(
      '平台公司分录不能有合伙人',
    );
    expect(entryShapeError(e('REVERSAL', 'CITY', 1, '2020-01-01', { p: '1' }))).toContain('冲销');
  });

  it('reversalErrors names a reversal that does not negate its entry', () => {
    const pay = e('PAYMENT', 'CITY', 1, '2020-01-01', { p: '10' });
    const bad = e('REVERSAL', 'CITY', 1, '2020-01-02', { p: '-9', rev: pay.id });
    expect(reversalErrors([pay, bad])[0]).toContain('不对应');
    expect(reversalErrors([e('REVERSAL', 'CITY', 1, '2020-01-02', { p: '-9', rev: 99999 })])[0]).toContain('不存在');
  });
});
