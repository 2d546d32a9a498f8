/** The reports' sorting (decimals, Chinese collation, empty cells last), paging and totals row. */
import { REPORTS } from '../../../../shared/api/reports';
import { pageOf, sortOf, sortRows, totalsRow } from './table';

const def = REPORTS.funding;
const rows = [
  { key: 'a', projectName: '靖江项目', paid: '900.00', partners: 2, totalRatio: '0.010000' },
  { key: 'b', projectName: '常州项目', paid: '10000.00', partners: 3, totalRatio: null },
  { key: 'c', projectName: '昆明-城市之光', paid: '99.50', partners: 1, totalRatio: '0.050000' },
];

describe('report tables', () => {
  it('sorts money as decimals (not text), both ways', () => {
    expect(sortRows(def, rows, { key: 'paid', order: 'ascend' }).map((r) => r.key)).toEqual(['c', 'a', 'b']);
    expect(sortRows(def, rows, { key: 'paid', order: 'descend' }).map((r) => r.key)).toEqual(['b', 'a', 'c']);
  });

  it('puts empty cells last in both orders', () => {
    expect(sortRows(def, rows, { key: 'totalRatio', order: 'ascend' }).map((r) => r.key)).toEqual(['a', 'c', 'b']);
    expect(sortRows(def, rows, { key: 'totalRatio', order: 'descend' }).map((r) => r.key)).toEqual(['c', 'a', 'b']);
  });

  it('sorts text in Chinese (pinyin) order', () => {
    expect(sortRows(def, rows, { key: 'projectName', order: 'ascend' }).map((r) => r.key)).toEqual(['b', 'a', 'c']);
  });

  it('falls back to the default sort for an unknown or unsortable column', () => {
    expect(sortOf(def, 'nope', 'descend')).toEqual(def.defaultSort);
    expect(sortOf(REPORTS.partners, 'xirr', 'descend')).toEqual(REPORTS.partners.defaultSort);
    expect(sortOf(def, 'paid', undefined)).toEqual({ key: 'paid', order: 'ascend' });
  });

  it('totals every totalled column over all rows, pages cut after sorting', () => {
    const totals = totalsRow(def, rows);
    expect(totals).toMatchObject({ projectName: '合计', paid: '10999.50', partners: 6 });
    expect(totals.totalRatio).toBeUndefined();
    expect(pageOf(rows, 2, 2).map((r) => r.key)).toEqual(['c']);
  });
});
