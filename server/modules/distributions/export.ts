/** A batch as Excel: the manual's A…F table with the 合计 row (formulas, with the stored totals as their values). */
import ExcelJS from 'exceljs';
import type { Deps } from '../../deps';
import { LEVEL_LABEL, type TLevel } from '../../../shared/api/scheme';
import { getBatch } from './list-batches';
import { projectNameOf } from './repository';

const MONEY_FMT = '#,##0.00';

export async function exportBatch(deps: Deps, projectId: number, batchId: number) {
  const b = await getBatch(deps, projectId, batchId);
  const projectName = await projectNameOf(deps, projectId);
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(b.name);
  const money = [
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
  ws.columns = [
    { header: '序号', width: 6 },
    { header: '姓名', width: 14 },
    { header: '层级', width: 10 },
    ...money.map(([header]) => ({ header, width: 16 })),
  ];
  ws.getRow(1).font = { bold: true };
  // amounts go in as numbers for Excel's arithmetic; they come from exact decimal strings with two places
  b.lines.forEach((l, i) =>
    ws.addRow([
      i + 1,
      [l.name, ...l.marks].join(' '),
      LEVEL_LABEL[l.level as TLevel],
      ...money.map(([, k]) => Number(l[k])),
    ]),
  );
  const last = ws.rowCount;
  const total = ws.addRow(['', '合计', '']);
  money.forEach(([, k], i) => {
    const col = 4 + i;
    const letter = ws.getColumn(col).letter;
    total.getCell(col).value = {
      formula: `SUM(${letter}2:${letter}${last})`,
      result: b.totals ? Number(b.totals[k]) : 0,
    };
  });
  total.font = { bold: true };
  for (let c = 4; c < 4 + money.length; c++) ws.getColumn(c).numFmt = MONEY_FMT;
  return {
    fileName: `${projectName}-${b.name}-${b.date}.xlsx`,
    body: Buffer.from(await wb.xlsx.writeBuffer()),
  };
}
