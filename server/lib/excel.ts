/** Reading accountants' Excel files: cell text whatever Excel stored (rich text, formulas, dates), and the header row. */
import ExcelJS from 'exceljs';
import { AppError } from './errors';
import { checkXlsxBounds, EXCEL_LIMITS } from './xlsx-bounds';

export function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10); // Excel dates are calendar days stored at UTC midnight
  if (typeof v === 'object') {
    if ('richText' in v)
      return v.richText
        .map((t) => t.text)
        .join('')
        .trim();
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue);
    if ('text' in v) return String(v.text).trim();
    return '';
  }
  return String(v).trim();
}

/** The first worksheet and a column lookup by header; every required column must be there. */
export async function openSheet(
  file: Buffer,
  required: readonly string[],
  what: string,
): Promise<{ ws: ExcelJS.Worksheet; col: (name: string) => number }> {
  await checkXlsxBounds(file); // rows, columns and size, before anything is loaded
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(file as unknown as ArrayBuffer);
  } catch {
    throw new AppError('VALIDATION_FAILED', `无法读取文件，请使用系统提供的${what}（.xlsx）`);
  }
  const ws = wb.worksheets[0];
  if (!ws) throw new AppError('VALIDATION_FAILED', 'Excel 文件中没有工作表');
  if (ws.rowCount > EXCEL_LIMITS.maxRows || ws.columnCount > EXCEL_LIMITS.maxColumns)
    throw new AppError(
      'VALIDATION_FAILED',
      `表格行数或列数过多：最多 ${EXCEL_LIMITS.maxRows} 行、${EXCEL_LIMITS.maxColumns} 列`,
    );
  const header = (ws.getRow(1).values as ExcelJS.CellValue[]).slice(1).map(cellText);
  const missing = required.filter((c) => !header.includes(c));
  if (missing.length) throw new AppError('VALIDATION_FAILED', `模板缺少列：${missing.join('、')}`, { missing });
  return { ws, col: (name) => header.indexOf(name) + 1 };
}
