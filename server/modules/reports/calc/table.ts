/**
 * The reports' table arithmetic, pure: sort the whole filtered set by a column (money and ratios as decimals,
 * text in Chinese collation, empty cells last), cut a page, and the totals row over the whole set.
 */
import { dec, moneyString } from '../../../../shared/money';
import type { ReportColumn, ReportDef, TReportRow } from '../../../../shared/api/reports';

const collator = new Intl.Collator('zh-Hans-CN');

function compareCells(type: ReportColumn['type'], a: TReportRow[string], b: TReportRow[string]): number {
  if (a === null || a === undefined || a === '') return b === null || b === undefined || b === '' ? 0 : 1;
  if (b === null || b === undefined || b === '') return -1;
  if (type === 'money' || type === 'ratio' || type === 'multiple' || type === 'int')
    return dec(String(a)).comparedTo(dec(String(b)));
  return collator.compare(String(a), String(b));
}

export interface SortSpec {
  key: string;
  order: 'ascend' | 'descend';
}

/** The sort asked for when the column exists and is sortable, else the report's default. */
export function sortOf(def: ReportDef, sort: string | undefined, order: SortSpec['order'] | undefined): SortSpec {
  const col = def.columns.find((c) => c.key === sort && !c.noSort);
  return col ? { key: col.key, order: order ?? 'ascend' } : def.defaultSort;
}

/** Sorted copy; empty cells last in both orders; ties keep the input order (stable). */
export function sortRows(def: ReportDef, rows: TReportRow[], spec: SortSpec): TReportRow[] {
  const col = def.columns.find((c) => c.key === spec.key);
  if (!col) return [...rows];
  const sign = spec.order === 'descend' ? -1 : 1;
  return rows
    .map((row, i) => ({ row, i }))
    .sort((x, y) => {
      const a = x.row[spec.key] ?? null;
      const b = y.row[spec.key] ?? null;
      const emptyA = a === null || a === '';
      const emptyB = b === null || b === '';
      if (emptyA || emptyB) return emptyA === emptyB ? x.i - y.i : emptyA ? 1 : -1;
      return sign * compareCells(col.type, a, b) || x.i - y.i;
    })
    .map((x) => x.row);
}

/** The totals row: Σ of every totalled column over all rows; the first column says 合计. */
export function totalsRow(def: ReportDef, rows: TReportRow[]): TReportRow {
  const out: TReportRow = {};
  for (const c of def.columns) {
    if (!c.total) continue;
    if (c.type === 'int') out[c.key] = rows.reduce((s, r) => s + Number(r[c.key] ?? 0), 0);
    else out[c.key] = moneyString(rows.reduce((s, r) => s.plus(dec(String(r[c.key] ?? '0'))), dec(0)));
  }
  out[def.columns[0]!.key] = '合计';
  return out;
}

export function pageOf<T>(rows: T[], page: number, pageSize: number): T[] {
  return rows.slice((page - 1) * pageSize, page * pageSize);
}
