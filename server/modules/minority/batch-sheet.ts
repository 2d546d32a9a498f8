/**
 * The Excel file of a minority batch, without I/O: 导出模板 / 导出 (one row per approved holder with the batch's
 * amounts and a 合计 row) and 导入 (every cell problem named by row and column; nothing half-imported).
 */
import ExcelJS from 'exceljs';
import { AppError } from '../../lib/errors';
import { cellText, openSheet } from '../../lib/excel';
import type { TRowError } from '../../../shared/api/distributions';
import { MINORITY_HOLDER_TYPE_LABEL, type TMinorityHolderType } from '../../../shared/api/minority';
import { dec, ZMoney } from '../../../shared/money';

export const MINORITY_COLUMNS = [
  '股东编号',
  '股东名称',
  '类型',
  '证件号码',
  '持股比例(%)',
  '银行账号',
  '分配金额',
  '备注',
] as const;
const MAX_ROWS = 500;

export interface SheetRow {
  holderId: number;
  name: string;
  type: TMinorityHolderType;
  certificateNo: string;
  holdingRatio: string;
  bankAccount: string | null;
  amount: string;
  note: string | null;
}

export async function buildMinoritySheet(
  title: string,
  rows: readonly SheetRow[],
  total: string | null,
  heading?: string,
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(title.slice(0, 31));
  ws.columns = MINORITY_COLUMNS.map((header) => ({ header, width: header === '股东名称' ? 28 : 18 }));
  ws.getRow(1).font = { bold: true };
  for (const r of rows)
    ws.addRow([
      r.holderId,
      r.name,
      MINORITY_HOLDER_TYPE_LABEL[r.type],
      r.certificateNo,
      Number(r.holdingRatio),
      r.bankAccount ?? '',
      r.amount === '' ? null : Number(r.amount),
      r.note ?? '',
    ]);
  if (total !== null) {
    const row = ws.addRow(['', '合计', '', '', '', '', Number(total), heading ?? '']);
    row.font = { bold: true };
  }
  ws.getColumn(7).numFmt = '#,##0.00';
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export interface ParsedMinorityLine {
  row: number;
  holderId: number;
  name: string;
  amount: string;
  note: string | null;
}

/** Reads an uploaded sheet. Empty rows and the 合计 row are skipped. */
export async function parseMinoritySheet(file: Buffer): Promise<{ lines: ParsedMinorityLine[]; errors: TRowError[] }> {
  const { ws, col } = await openSheet(file, ['股东编号', '股东名称', '分配金额'], '外部股东分配导入模板');
  const last = ws.actualRowCount > 0 ? ws.rowCount : 1;
  if (last - 1 > MAX_ROWS + 1)
    throw new AppError('VALIDATION_FAILED', `导入文件最多 ${MAX_ROWS} 行，当前 ${last - 1} 行`);
  const lines: ParsedMinorityLine[] = [];
  const errors: TRowError[] = [];
  const text = (row: ExcelJS.Row, name: string) => (col(name) > 0 ? cellText(row.getCell(col(name)).value) : '');
  for (let r = 2; r <= last; r++) {
    const row = ws.getRow(r);
    const idText = text(row, '股东编号');
    const name = text(row, '股东名称');
    const amountText = text(row, '分配金额').replace(/,/g, '');
    if (!idText && !name && !amountText) continue;
    if (/^合计/u.test(name)) continue;
    const who = name || '（无名称）';
    const id = Number(idText);
    if (!Number.isInteger(id) || id <= 0) {
      errors.push({
        row: r,
        column: '股东编号',
        message: `第 ${r} 行「股东编号」：${who} 的股东编号「${idText}」不正确，请使用导出的模板`,
      });
      continue;
    }
    const parsed = ZMoney.safeParse(amountText);
    if (!parsed.success) {
      errors.push({
        row: r,
        column: '分配金额',
        message: `第 ${r} 行「分配金额」：${who} 的金额「${amountText}」不是有效金额（最多两位小数）`,
      });
      continue;
    }
    if (dec(parsed.data).isNegative()) {
      errors.push({ row: r, column: '分配金额', message: `第 ${r} 行「分配金额」：${who} 的金额不能为负数` });
      continue;
    }
    lines.push({ row: r, holderId: id, name, amount: parsed.data, note: text(row, '备注') || null });
  }
  if (!lines.length && !errors.length) throw new AppError('VALIDATION_FAILED', '导入文件中没有分配明细');
  return { lines, errors };
}
