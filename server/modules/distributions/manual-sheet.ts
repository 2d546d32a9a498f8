/**
 * The 导出模板 / 导入 file of a 手动-非测算 batch, without I/O: the sheet built from rows, and an uploaded sheet read
 * back into typed lines with every cell problem named by row and column ("第 5 行「层级」：…"). The columns are the
 * manual's table (MANUAL_TEMPLATE_COLUMNS); D, E and 分配合计 不含其它 are formulas in the template and recomputed on
 * import, never read.
 */
import ExcelJS from 'exceljs';
import { AppError } from '../../lib/errors';
import { cellText, openSheet } from '../../lib/excel';
import { MANUAL_MAX_LINES, MANUAL_TEMPLATE_COLUMNS, type TRowError } from '../../../shared/api/distributions';
import { LEVEL_LABEL, type TLevel } from '../../../shared/api/scheme';
import type { ManualLineInput } from './calc/manual';
import { LEVELS } from './calc/types';

export interface TemplateRow {
  name: string;
  jobNumber: string | null;
  level: TLevel;
  principal: string;
  interest: string;
  other: string;
  otherReason: string;
  profit: string;
}

const MONEY_FMT = '#,##0.00';
const col = (name: (typeof MANUAL_TEMPLATE_COLUMNS)[number]) => MANUAL_TEMPLATE_COLUMNS.indexOf(name) + 1;

/** The template: one row per holder (or per stored line), amounts as numbers, D / E / 合计 as formulas. */
export async function buildManualSheet(title: string, rows: readonly TemplateRow[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(title.slice(0, 31));
  ws.columns = MANUAL_TEMPLATE_COLUMNS.map((header) => ({
    header,
    width: header === '姓名' || header === '其它原因' ? 18 : 14,
  }));
  ws.getRow(1).font = { bold: true };
  // typed amounts are exact decimal strings with two places; Excel keeps numbers, so they go in as numbers
  const num = (s: string) => (s === '' ? null : Number(s));
  rows.forEach((r, i) => {
    const n = i + 2;
    const row = ws.addRow([
      i + 1,
      r.name,
      r.jobNumber ?? '',
      LEVEL_LABEL[r.level],
      num(r.principal),
      num(r.interest),
      num(r.other),
      r.otherReason,
    ]);
    const L = (c: Parameters<typeof col>[0]) => ws.getColumn(col(c)).letter;
    row.getCell(col('本金分配不含其它')).value = { formula: `${L('事业合伙本金')}${n}+${L('资金利息')}${n}` };
    row.getCell(col('本金分配含其它')).value = { formula: `${L('本金分配不含其它')}${n}+${L('其它')}${n}` };
    if (r.profit !== '') row.getCell(col('利润分配')).value = Number(r.profit);
    row.getCell(col('分配合计不含其它')).value = { formula: `${L('本金分配不含其它')}${n}+${L('利润分配')}${n}` };
  });
  for (const c of [
    '事业合伙本金',
    '资金利息',
    '其它',
    '本金分配不含其它',
    '本金分配含其它',
    '利润分配',
    '分配合计不含其它',
  ] as const)
    ws.getColumn(col(c)).numFmt = MONEY_FMT;
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export interface ParsedManualSheet {
  /** the rows that could be read, with their 工号 (resolved to a user by the caller) */
  lines: (ManualLineInput & { jobNumber: string | null })[];
  /** the spreadsheet row of each line */
  rows: number[];
  /** cell problems found while reading (the calculation adds its own) */
  errors: TRowError[];
}

const LEVEL_BY_LABEL = new Map<string, TLevel>(LEVELS.map((l) => [LEVEL_LABEL[l], l]));

/** Reads an uploaded template. Empty rows and the 合计 row are skipped; a file over MANUAL_MAX_LINES is refused. */
export async function parseManualSheet(file: Buffer): Promise<ParsedManualSheet> {
  const { ws, col: at } = await openSheet(
    file,
    ['姓名', '层级', '事业合伙本金', '资金利息', '其它', '其它原因', '利润分配'],
    '手动分配导入模板',
  );
  const lastRow = ws.actualRowCount > 0 ? ws.rowCount : 1;
  if (lastRow - 1 > MANUAL_MAX_LINES + 1)
    throw new AppError('VALIDATION_FAILED', `导入文件最多 ${MANUAL_MAX_LINES} 行明细，当前 ${lastRow - 1} 行`);
  const out: ParsedManualSheet = { lines: [], rows: [], errors: [] };
  const text = (row: ExcelJS.Row, name: string) => {
    const c = at(name);
    return c > 0 ? cellText(row.getCell(c).value) : '';
  };
  for (let r = 2; r <= lastRow; r++) {
    const row = ws.getRow(r);
    const name = text(row, '姓名');
    const cells = ['姓名', '层级', '事业合伙本金', '资金利息', '其它', '其它原因', '利润分配'].map((c) => text(row, c));
    if (cells.every((c) => c === '')) continue;
    if (/^合计/u.test(name)) continue;
    const levelText = text(row, '层级');
    const level = LEVEL_BY_LABEL.get(levelText);
    if (!level) {
      out.errors.push({
        row: r,
        column: '层级',
        message: `第 ${r} 行「层级」：${name || '（无姓名）'} 层级「${levelText}」无法识别（应为 控股集团 / 置业集团 / 城市公司 / 其它）。`,
      });
      continue;
    }
    const jobNumber = text(row, '工号') || null;
    out.lines.push({
      name,
      level,
      jobNumber,
      principal: text(row, '事业合伙本金'),
      interest: text(row, '资金利息'),
      other: text(row, '其它'),
      otherReason: text(row, '其它原因'),
      profit: text(row, '利润分配'),
    });
    out.rows.push(r);
  }
  if (!out.lines.length && !out.errors.length) throw new AppError('VALIDATION_FAILED', '导入文件中没有分配明细');
  return out;
}
