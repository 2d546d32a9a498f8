/** A batch as Excel: the manual's A…F table with the 合计 row (formulas, with the stored totals as their values). */
import ExcelJS from 'exceljs';
import type { Deps } from '../../deps';
import { LEVEL_LABEL, type TLevel } from '../../../shared/api/scheme';
import type { TBatchDetail } from '../../../shared/api/distributions';
import { getBatch } from './list-batches';
import { projectNameOf } from './repository';

const MONEY_FMT = '#,##0.00';

const MONEY_COLUMNS = [
  ['A 事业合伙本金', 'principal'],
  ['B 资金利息', 'interest'],
  ['C 其它', 'other'],
  ['D 本金分配（不含其它）', 'principalNet'],
  ['E 本金分配（含其它）', 'principalTotal'],
  ['F 利润（税前）', 'profit'],
  ['代扣税', 'tax'],
  ['实发利润', 'profitNet'],
  ['分配合计（不含其它）', 'totalExclOther'],
  ['分配合计（实发）', 'payout'],
] as const;

/**
 * What the sheet shows, as text: its name, the header, one row per line (amounts as the stored decimal strings) and
 * the 合计 row. The workbook is built from it, and the 测算表 link's fingerprint is taken over it (sheet-link.ts).
 */
export function sheetContent(b: TBatchDetail) {
  return {
    name: b.name,
    date: b.date,
    header: ['序号', '姓名', '层级', ...MONEY_COLUMNS.map(([h]) => h)],
    rows: b.lines.map((l, i) => [
      String(i + 1),
      [l.name, ...l.marks].join(' '),
      LEVEL_LABEL[l.level as TLevel],
      ...MONEY_COLUMNS.map(([, k]) => l[k]),
    ]),
    totals: MONEY_COLUMNS.map(([, k]) => (b.totals ? b.totals[k] : '0.00')),
  };
}

/** The workbook of a batch read already (the export, the 测算表 link). */
export async function batchWorkbook(b: TBatchDetail, projectName: string) {
  const content = sheetContent(b);
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(b.name);
  ws.columns = content.header.map((header, i) => ({ header, width: i === 0 ? 6 : i === 1 ? 14 : i === 2 ? 10 : 16 }));
  ws.getRow(1).font = { bold: true };
  // amounts go in as numbers for Excel's arithmetic; they come from exact decimal strings with two places
  for (const row of content.rows) ws.addRow([Number(row[0]), row[1], row[2], ...row.slice(3).map(Number)]);
  const last = ws.rowCount;
  const total = ws.addRow(['', '合计', '']);
  content.totals.forEach((amount, i) => {
    const col = 4 + i;
    const letter = ws.getColumn(col).letter;
    total.getCell(col).value = { formula: `SUM(${letter}2:${letter}${last})`, result: Number(amount) };
  });
  total.font = { bold: true };
  for (let c = 4; c < 4 + MONEY_COLUMNS.length; c++) ws.getColumn(c).numFmt = MONEY_FMT;
  return {
    fileName: `${projectName}-${b.name}-${b.date}.xlsx`,
    body: Buffer.from(await wb.xlsx.writeBuffer()),
  };
}

export async function exportBatch(deps: Deps, projectId: number, batchId: number) {
  const b = await getBatch(deps, projectId, batchId);
  return batchWorkbook(b, await projectNameOf(deps, projectId));
}
