import { dec } from '../../../../shared/money';
import { subjectsOf, type PartnerEntry } from './subjects';

const e = (id: number, kind: string, amount: string, extra: Partial<PartnerEntry> = {}): PartnerEntry => ({
  id,
  level: 'CITY',
  kind,
  committedDelta: dec(kind === 'PAYMENT' ? '0' : amount),
  paidDelta: dec(kind === 'PAYMENT' ? amount : '0'),
  valueDate: `2026-11-${String(10 + id).padStart(2, '0')}`,
  adjustmentId: null,
  exitId: null,
  ...extra,
});

describe('subjectsOf (what the agreements say, from the ledger)', () => {
  it('a partnership agreement of the rounds’ commitments, payments ignored', () => {
    const s = subjectsOf([
      e(1, 'COMMITMENT', '300000'),
      e(2, 'PAYMENT', '100000'),
      e(5, 'COMMITMENT', '50000', { level: 'GROUP' }),
    ]);
    expect(s).toHaveLength(1);
    expect(s[0]).toMatchObject({ key: 'partnership', kind: 'PARTNERSHIP' });
    expect(s[0]!.amount.toString()).toBe('350000');
    expect(s[0]!.kind === 'PARTNERSHIP' && s[0]!.byLevel.GROUP?.toString()).toBe('50000');
    expect(s[0]!.kind === 'PARTNERSHIP' && s[0]!.paid.toString()).toBe('100000');
  });

  it('a 补充协议 per 峰值变更 that moved the commitment, with before and after', () => {
    const s = subjectsOf([
      e(1, 'COMMITMENT', '300000'),
      e(7, 'COMMITMENT_CHANGE', '-60000', { adjustmentId: 4 }),
      e(9, 'COMMITMENT_CHANGE', '0', { adjustmentId: 5 }),
    ]);
    expect(s.map((x) => x.key)).toEqual(['partnership', 'scheme-change:4']);
    const sup = s[1]!;
    expect(
      sup.kind === 'SUPPLEMENTARY' && [sup.previousAmount, sup.amount, sup.delta].map((d) => d.toString()),
    ).toEqual(['300000', '240000', '-60000']);
    expect(s[0]!.amount.toString()).toBe('300000');
    expect(sup.kind === 'SUPPLEMENTARY' && [sup.valueDate, sup.byLevel.CITY?.toString()]).toEqual([
      '2026-11-17',
      '240000',
    ]);
  });

  it('a 补充协议 for the 承接 at an exit, after an earlier change', () => {
    const s = subjectsOf([
      e(1, 'COMMITMENT', '100000'),
      e(3, 'COMMITMENT_CHANGE', '20000', { adjustmentId: 2 }),
      e(8, 'TRANSFER_OUT', '-120000', { exitId: 6 }),
    ]);
    const exit = s.find((x) => x.key === 'exit:6')!;
    expect(exit).toMatchObject({ kind: 'SUPPLEMENTARY', cause: 'EXIT', exitId: 6, schemeChangeId: null });
    expect(exit.kind === 'SUPPLEMENTARY' && [exit.previousAmount.toString(), exit.amount.toString()]).toEqual([
      '120000',
      '0',
    ]);
  });

  it('nothing for a partner without commitments', () => {
    expect(subjectsOf([])).toEqual([]);
  });
});
