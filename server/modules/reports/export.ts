/**
 * A report as an Excel workbook: the columns of the page (shared/api/reports.ts) in their order, every row of the
 * filtered set in the order shown, then the totals row — exactly what the console shows across all its pages. Money
 * as numbers with #,##0.00, ratios as percentages, dates as text (YYYY-MM-DD, Asia/Shanghai), a frozen header and
 * key columns.
 */
import ExcelJS from 'exceljs';
import { REPORTS, type TReportKind, type TReportRow } from '../../../shared/api/reports';

const FORMAT: Record<string, string | undefined> = {
  money: '#,##0.00',
  ratio: '0.0000%',
  multiple: '0.0000',
  int: '0',
};

const cellValue = (type: string, v: TReportRow[string] | undefined): ExcelJS.CellValue => {
  if (v === null || v === undefined || v === '') return null;
  if (type === 'money' || type === 'ratio' || type === 'multiple' || type === 'int') return Number(v);
  return String(v);
};

export async function reportWorkbook(
  kind: TReportKind,
  rows: TReportRow[],
  totals: TReportRow,
  meta: { asOf: string; filters: string },
): Promise<{ fileName: string; body: Buffer }> {
  const def = REPORTS[kind];
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(def.title, {
    views: [{ state: 'frozen', xSplit: def.columns.filter((c) => c.fixed).length, ySplit: 1 }],
  });
  ws.columns = def.columns.map((c) => ({ header: c.title, key: c.key, width: Math.max(10, Math.round(c.width / 7)) }));
  ws.getRow(1).font = { bold: true };
  for (const r of rows) ws.addRow(def.columns.map((c) => cellValue(c.type, r[c.key])));
  const total = ws.addRow(def.columns.map((c) => cellValue(c.type, totals[c.key])));
  total.font = { bold: true };
  def.columns.forEach((c, i) => {
    const fmt = FORMAT[c.type];
    if (fmt) ws.getColumn(i + 1).numFmt = fmt;
  });
  ws.addRow([]);
  ws.addRow([`数据截至 ${meta.asOf}${meta.filters ? `；筛选：${meta.filters}` : ''}`]);
  const body = Buffer.from(await wb.xlsx.writeBuffer());
  return { fileName: `${def.title}-${meta.asOf}.xlsx`, body };
}
