import type { TBatchDetail } from '../../../shared/api/distributions';
import { sheetFingerprint } from './sheet-link';

const money = (payout: string) => ({
  principal: payout,
  interest: '0.00',
  other: '0.00',
  principalNet: payout,
  principalTotal: payout,
  profit: '0.00',
  tax: '0.00',
  profitNet: '0.00',
  totalExclOther: payout,
  payout,
});

const batch = (over: Partial<TBatchDetail> = {}, line: Record<string, unknown> = {}) =>
  ({
    name: '本金分配',
    date: '2026-07-01',
    lines: [
      { name: '史伟', marks: [], level: 'CITY', ...money('300000.00'), ...line },
      { name: '平台公司', marks: [], level: 'CITY', ...money('100000.00') },
    ],
    totals: money('400000.00'),
    status: 'APPROVED',
    version: 5,
    ...over,
  }) as unknown as TBatchDetail;

describe('the 测算表 fingerprint', () => {
  it('covers what the sheet shows: 22 base64url characters, the same for the same sheet', () => {
    expect(sheetFingerprint(batch())).toMatch(/^[A-Za-z0-9_-]{22}$/);
    // status and version are not on the sheet (the flow moves them on; the sheet stays the one sent)
    expect(sheetFingerprint(batch({ status: 'FLOW', version: 9 } as Partial<TBatchDetail>))).toBe(
      sheetFingerprint(batch()),
    );
  });

  it('changes with any amount, name, mark, level, the date or the 合计', () => {
    const base = sheetFingerprint(batch());
    for (const changed of [
      batch({}, { payout: '300000.01' }),
      batch({}, { interest: '-1.00' }),
      batch({}, { name: '史 伟' }),
      batch({}, { marks: ['离'] }),
      batch({}, { level: 'GROUP' }),
      batch({ date: '2026-07-02' }),
      batch({ name: '清算分配' }),
      batch({ totals: money('400000.01') }),
      batch({ lines: [] }),
    ])
      expect(sheetFingerprint(changed)).not.toBe(base);
  });
});
