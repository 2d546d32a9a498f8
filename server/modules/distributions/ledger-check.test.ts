import { dec } from '../../../shared/money';
import type { CapitalEntryRow } from '../capital/repository';
import { ledgerFingerprint } from './ledger-check';

let nextId = 1;
const entry = (over: Partial<CapitalEntryRow> & Pick<CapitalEntryRow, 'kind' | 'valueDate'>): CapitalEntryRow => ({
  id: nextId++,
  projectId: 1,
  level: 'CITY',
  holder: 'PARTNER',
  userId: 7,
  committedDelta: dec(0),
  paidDelta: dec(0),
  interestDelta: dec(0),
  reversalOfId: null,
  roundId: null,
  roundPartnerId: null,
  adjustmentId: null,
  paymentDueId: null,
  idempotencyKey: null,
  note: null,
  createdById: null,
  createdAt: new Date(0),
  ...over,
});

describe('ledgerFingerprint: the holdings and tranches 测算 reads up to the date', () => {
  const base = [
    entry({ kind: 'COMMITMENT', valueDate: '2026-01-01', committedDelta: dec('300000') }),
    entry({ kind: 'PAYMENT', valueDate: '2026-01-01', paidDelta: dec('200000') }),
    entry({ kind: 'PAYMENT', valueDate: '2026-03-01', paidDelta: dec('100000') }),
    entry({ kind: 'COMMITMENT', valueDate: '2026-01-01', holder: 'PLATFORM', userId: null, committedDelta: dec('1') }),
  ];
  const fp = ledgerFingerprint(base, '2026-07-01');

  it('is stable and ignores entries after the date', () => {
    expect(ledgerFingerprint([...base], '2026-07-01')).toBe(fp);
    const later = entry({ kind: 'PAYMENT', valueDate: '2026-07-02', paidDelta: dec('5') });
    expect(ledgerFingerprint([...base, later], '2026-07-01')).toBe(fp);
  });

  it('changes with a payment, a tranche date, interest owed or an exit on or before the date', () => {
    const pay = entry({ kind: 'PAYMENT', valueDate: '2026-07-01', paidDelta: dec('0.01') });
    expect(ledgerFingerprint([...base, pay], '2026-07-01')).not.toBe(fp);
    const moved = base.map((e, i) => (i === 2 ? { ...e, valueDate: '2026-03-02' } : e));
    expect(ledgerFingerprint(moved, '2026-07-01')).not.toBe(fp);
    const interest = entry({ kind: 'ENTRY_INTEREST', valueDate: '2026-05-01', interestDelta: dec('10') });
    expect(ledgerFingerprint([...base, interest], '2026-07-01')).not.toBe(fp);
    const exit = [entry({ kind: 'TRANSFER_OUT', valueDate: '2026-06-30', committedDelta: dec(0), paidDelta: dec(0) })];
    expect(ledgerFingerprint([...base, ...exit], '2026-07-01')).not.toBe(fp);
  });

  it('an entry and its reversal cancel out', () => {
    const wrong = entry({ kind: 'ENTRY_INTEREST', valueDate: '2026-05-01', interestDelta: dec('10') });
    const reversal = entry({
      kind: 'REVERSAL',
      valueDate: '2026-05-01',
      interestDelta: dec('-10'),
      reversalOfId: wrong.id,
    });
    expect(ledgerFingerprint([...base, wrong, reversal], '2026-07-01')).toBe(fp);
  });
});
