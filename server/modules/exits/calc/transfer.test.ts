import { dec, moneyString, decimalString } from '../../../../shared/money';
import {
  checkInvariant,
  entryShapeError,
  initialCommitments,
  paidTranches,
  positionOf,
} from '../../capital/calc/ledger';
import {
  PLATFORM,
  partnerRef,
  type Caps,
  type EntryKind,
  type LedgerEntry,
  type Level,
} from '../../capital/calc/types';
import { exitedOn, isExitedAt } from './exited';
import { exitInputsFingerprint } from './fingerprint';
import { priceExit, type ExitPricing, type ExitPricingInput } from './price';
import { DEFAULT_EXIT_RULES } from './rules';
import { nextExitStatus } from './status';
import { payoutEntry, transferEntries } from './transfer';

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
const withIds = (xs: LedgerEntry[]) => xs.map((x) => ({ ...x, id: x.id ?? nextId++ }));
const caps: Caps = { HOLDING: dec('1000000'), GROUP: dec('0'), CITY: dec('500000.25'), OTHER: dec('0') };
const ledger = () =>
  withIds([
    ...initialCommitments(
      [
        { userId: 5, level: 'HOLDING', amount: dec('200000') },
        { userId: 5, level: 'CITY', amount: dec('100000') },
        { userId: 6, level: 'CITY', amount: dec('50000') },
      ],
      caps,
      '2019-06-10',
    ),
    e('PAYMENT', 'HOLDING', 5, '2019-06-19', { p: '200000' }),
    e('PAYMENT', 'CITY', 5, '2019-06-19', { p: '60000' }),
    e('PAYMENT', 'CITY', 6, '2019-06-20', { p: '50000' }),
  ]);
const price = (entries: LedgerEntry[], userId = 5, exitDate = '2020-06-19'): ExitPricing => {
  const r = priceExit({
    userId,
    exitType: { code: 'RESIGNATION', label: '离职' },
    exitDate,
    rule: DEFAULT_EXIT_RULES.RESIGNATION,
    entries,
  });
  if (!r.ok) throw new Error(r.message);
  return r;
};

describe('transferEntries (承接)', () => {
  it('moves every level the partner holds to the platform; the invariant still holds', () => {
    const entries = ledger();
    expect(checkInvariant(entries, caps)).toEqual([]);
    const t = transferEntries(entries, price(entries), { exitId: 42 });
    if (!t.ok) throw new Error(t.message);
    expect(
      t.entries.map((x) => [
        x.level,
        x.holder,
        x.userId,
        x.kind,
        moneyString(x.committedDelta),
        moneyString(x.paidDelta),
        x.valueDate,
        x.exitId,
      ]),
    ).toEqual([
      ['HOLDING', 'PARTNER', 5, 'TRANSFER_OUT', '-200000.00', '-200000.00', '2020-06-19', 42],
      ['HOLDING', 'PLATFORM', null, 'TRANSFER_IN', '200000.00', '200000.00', '2020-06-19', 42],
      ['CITY', 'PARTNER', 5, 'TRANSFER_OUT', '-100000.00', '-60000.00', '2020-06-19', 42],
      ['CITY', 'PLATFORM', null, 'TRANSFER_IN', '100000.00', '60000.00', '2020-06-19', 42],
    ]);
    for (const x of t.entries) expect(entryShapeError(x)).toBeNull();
    const after = withIds([...entries, ...t.entries]);
    expect(checkInvariant(after, caps)).toEqual([]);
    const p = positionOf(after, partnerRef(5), 'CITY');
    expect([moneyString(p.committed), moneyString(p.paid)]).toEqual(['0.00', '0.00']);
    expect(paidTranches(after, PLATFORM, 'CITY').map((x) => [x.date, moneyString(x.amount)])).toEqual([
      ['2020-06-19', '60000.00'],
    ]);
  });

  it('nobody exits twice; a reversed 承接 lets the exit be redone', () => {
    const entries = ledger();
    const first = transferEntries(entries, price(entries));
    if (!first.ok) throw new Error(first.message);
    const after = withIds([...entries, ...first.entries]);
    expect(transferEntries(after, price(entries))).toEqual({
      ok: false,
      code: 'ALREADY_EXITED',
      message: '合伙人 #5 已于 2020-06-19 退出，份额已由平台公司承接，不能重复承接。',
    });
    expect(exitedOn(after, 5)).toBe('2020-06-19');
    expect(exitedOn(after, 6)).toBeNull();
    const reversals = after
      .filter((x) => x.kind === 'TRANSFER_OUT' || x.kind === 'TRANSFER_IN')
      .map((x) =>
        e('REVERSAL', x.level, x.userId, '2020-07-01', {
          c: decimalString(x.committedDelta.negated()),
          p: decimalString(x.paidDelta.negated()),
          rev: x.id,
        }),
      );
    const undone = [...after, ...reversals];
    expect(exitedOn(undone, 5)).toBeNull();
    expect(isExitedAt(undone, 5, '2020-06-30')).toBe(true); // the reversal applies from 2020-07-01
    expect(isExitedAt(undone, 5, '2020-07-01')).toBe(false);
    expect(checkInvariant(undone, caps)).toEqual([]);
  });

  it('isExitedAt: false before the exit date, true from it (distributions give an exited partner 0)', () => {
    const entries = ledger();
    const t = transferEntries(entries, price(entries));
    if (!t.ok) throw new Error(t.message);
    const after = [...entries, ...t.entries];
    expect(isExitedAt(after, 5, '2020-06-18')).toBe(false);
    expect(isExitedAt(after, 5, '2020-06-19')).toBe(true);
    expect(isExitedAt(after, 5, '2025-01-01')).toBe(true);
    expect(isExitedAt(after, 6, '2025-01-01')).toBe(false);
  });

  it('refuses when the ledger moved since the 测算', () => {
    const entries = ledger();
    const priced = price(entries);
    const moved = [...entries, e('PAYMENT', 'CITY', 5, '2020-03-01', { p: '10000' })];
    expect(transferEntries(moved, priced)).toMatchObject({ ok: false, code: 'CHANGED_SINCE_PRICING' });
    const later = [...entries, e('PAYMENT', 'CITY', 5, '2020-08-01', { p: '10000' })];
    expect(transferEntries(later, priced)).toMatchObject({ ok: false, code: 'CHANGED_SINCE_PRICING' });
    expect(transferEntries(entries, { ...priced, userId: 77 })).toMatchObject({ ok: false, code: 'NO_HOLDING' });
  });
});

describe('payoutEntry (登记退出打款)', () => {
  const exit = { status: 'COMPLETED', exitDate: '2020-06-19', total: '255000.00' };
  it('records amount and date on the exit and writes no capital entry', () => {
    expect(payoutEntry(exit, { amount: '255000', paidOn: '2020-07-10' })).toEqual({
      ok: true,
      payout: { amount: '255000.00', paidOn: '2020-07-10', price: '255000.00', difference: '0.00', note: null },
      capitalEntries: [],
    });
  });
  it('a different amount needs a note; only once; only after 完成; not before the exit date', () => {
    expect(payoutEntry(exit, { amount: '254000', paidOn: '2020-07-10' })).toMatchObject({
      ok: false,
      code: 'NOTE_REQUIRED',
      message: '打款金额 ¥254,000.00 与测算的退出价款 ¥255,000.00 不一致（差 -¥1,000.00），请填写说明。',
    });
    expect(payoutEntry(exit, { amount: '254000', paidOn: '2020-07-10', note: '扣除代扣个税' })).toMatchObject({
      ok: true,
      payout: { difference: '-1000.00', note: '扣除代扣个税' },
    });
    expect(payoutEntry({ ...exit, status: 'FLOW_RUNNING' }, { amount: '255000', paidOn: '2020-07-10' })).toMatchObject({
      code: 'NOT_COMPLETED',
    });
    expect(payoutEntry({ ...exit, status: 'PAID' }, { amount: '255000', paidOn: '2020-07-10' })).toMatchObject({
      code: 'ALREADY_PAID',
    });
    expect(payoutEntry(exit, { amount: '255000', paidOn: '2020-06-18' })).toMatchObject({ code: 'INVALID_INPUT' });
    expect(payoutEntry(exit, { amount: '1.234', paidOn: '2020-07-10' })).toMatchObject({ code: 'INVALID_INPUT' });
  });
});

describe('exit status table', () => {
  it('测算 → 发起 → 完成 → 已打款; 驳回 changes nothing and allows a new 测算', () => {
    expect(nextExitStatus('CALCULATED', 'START_FLOW')).toEqual({ ok: true, status: 'FLOW_RUNNING' });
    expect(nextExitStatus('FLOW_RUNNING', 'FLOW_AGREED')).toEqual({ ok: true, status: 'COMPLETED' });
    expect(nextExitStatus('COMPLETED', 'PAYOUT_REGISTERED')).toEqual({ ok: true, status: 'PAID' });
    expect(nextExitStatus('FLOW_RUNNING', 'FLOW_REFUSED')).toEqual({ ok: true, status: 'REJECTED' });
    expect(nextExitStatus('REJECTED', 'RECALCULATE')).toEqual({ ok: true, status: 'CALCULATED' });
    expect(nextExitStatus('CALCULATED', 'PAYOUT_REGISTERED')).toEqual({
      ok: false,
      message: '退出处于“已测算”状态，不能登记打款（须先发起退出流程并经审批完成）。',
    });
    expect(nextExitStatus('FLOW_RUNNING', 'RECALCULATE').ok).toBe(false);
    expect(nextExitStatus('PAID', 'FLOW_AGREED').ok).toBe(false);
  });
});

describe('exitInputsFingerprint (staleness)', () => {
  const base = (): ExitPricingInput => ({
    userId: 5,
    exitType: { code: 'DISMISSAL', label: '辞退' },
    exitDate: '2020-06-19',
    rule: DEFAULT_EXIT_RULES.DISMISSAL,
    entries: ledger(),
    received: { CITY: { profitReceived: '300' } },
    nav: { HOLDING: '150000', CITY: '61000' },
  });

  it('is stable: formatting of amounts, order of the entry list, and other holders do not matter', () => {
    const a = base();
    const f = exitInputsFingerprint(a);
    expect(f).toMatch(/^exit-v1:[0-9a-f]{64}$/);
    expect(exitInputsFingerprint({ ...a, entries: [...a.entries].reverse() })).toBe(f);
    expect(exitInputsFingerprint({ ...a, received: { CITY: { profitReceived: '300.00' } } })).toBe(f);
    expect(exitInputsFingerprint({ ...a, nav: { CITY: dec('61000.0'), HOLDING: '150000' } })).toBe(f);
    expect(exitInputsFingerprint({ ...a, rule: { ...a.rule, discountRate: '0.000' } })).toBe(f);
    const other = [...a.entries, e('PAYMENT', 'CITY', 6, '2020-01-01', { p: '1' })];
    expect(exitInputsFingerprint({ ...a, entries: other })).toBe(f);
  });

  it('changes with any input of the partner', () => {
    const a = base();
    const f = exitInputsFingerprint(a);
    const variants: ExitPricingInput[] = [
      { ...a, exitDate: '2020-06-20' },
      { ...a, exitType: { code: 'RESIGNATION', label: '离职' } },
      { ...a, rule: { ...a.rule, discountRate: '0.01' } },
      { ...a, rule: { ...a.rule, interest: { ...a.rule.interest, annualRate: '0.11' } } },
      { ...a, nav: { HOLDING: '150000', CITY: '61000.01' } },
      { ...a, received: { CITY: { profitReceived: '301' } } },
      { ...a, received: { CITY: { profitReceived: '300', principalReturned: '0' } } },
      { ...a, financingInterestOwed: { CITY: '1' } },
      { ...a, entries: [...a.entries, e('PAYMENT', 'CITY', 5, '2021-01-01', { p: '1' })] },
    ];
    const all = variants.map(exitInputsFingerprint);
    expect(new Set([f, ...all]).size).toBe(variants.length + 1);
  });
});
