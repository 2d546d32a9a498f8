import { dec } from '../../../shared/money';
import type { Subject } from './calc/subjects';
import type { VersionRow } from './repository';
import { currentVersions, isOutdated, shownVersions, stateOf } from './views';

let nextId = 1;
const v = (subjectKey: string, version: number, status: VersionRow['status'], amount = '80000', seq = 1): VersionRow =>
  ({
    id: nextId++,
    projectId: 1,
    userId: 7,
    kind: subjectKey === 'partnership' ? 'PARTNERSHIP' : 'SUPPLEMENTARY',
    subjectKey,
    seq,
    number: `XY-A-000${seq}`,
    version,
    status,
    amount: dec(amount),
  }) as unknown as VersionRow;

const partnership = (amount: string): Subject => ({
  key: 'partnership',
  kind: 'PARTNERSHIP',
  amount: dec(amount),
  byLevel: {},
  paid: dec(0),
});

describe('协议状态 of a partner', () => {
  it('未生成 without documents, 待签署 while a latest version waits, 已签署 when every latest version is signed', () => {
    expect(stateOf([])).toBe('NONE');
    expect(stateOf([v('partnership', 1, 'PENDING')])).toBe('PENDING');
    expect(stateOf([v('partnership', 1, 'SIGNED')])).toBe('SIGNED');
    // a signed 合伙协议 and a 补充协议 waiting
    expect(stateOf([v('partnership', 1, 'SIGNED'), v('scheme-change:3', 1, 'PENDING', '60000', 2)])).toBe('PENDING');
    // a new version of a signed document waits for a new signature
    expect(stateOf([v('partnership', 1, 'SIGNED'), v('partnership', 2, 'PENDING')])).toBe('PENDING');
  });

  it('shows the latest versions (待签署 first) and a signed earlier one, never a superseded one', () => {
    const signed = v('partnership', 1, 'SIGNED');
    const superseded = v('partnership', 2, 'SUPERSEDED');
    const latest = v('partnership', 3, 'PENDING');
    const sup = v('scheme-change:3', 1, 'SIGNED', '60000', 2);
    const all = [signed, superseded, latest, sup];
    expect(currentVersions(all).map((x) => x.id)).toEqual([latest.id, sup.id]);
    expect(shownVersions(all).map((x) => x.id)).toEqual([latest.id, sup.id, signed.id]);
  });

  it('需重新生成 when the ledger no longer says what the latest version states, or a change has no 补充协议 yet', () => {
    const doc = v('partnership', 1, 'SIGNED');
    expect(isOutdated([doc], [partnership('80000.00')])).toBe(false);
    expect(isOutdated([doc], [partnership('90000')])).toBe(true);
    const change: Subject = {
      key: 'scheme-change:3',
      kind: 'SUPPLEMENTARY',
      cause: 'SCHEME_CHANGE',
      schemeChangeId: 3,
      exitId: null,
      previousAmount: dec(80000),
      amount: dec(60000),
      delta: dec(-20000),
      byLevel: {},
      valueDate: '2026-11-30',
    };
    expect(isOutdated([doc], [partnership('80000'), change])).toBe(true);
    expect(isOutdated([], [partnership('80000')])).toBe(false); // 未生成 says it already
  });
});
