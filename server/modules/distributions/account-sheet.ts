/**
 * The 分配账户 import file, without I/O: rows read and checked cell by cell (户名, 开户行, 支行, 账号), each matched to
 * one partner of the project by 姓名 — where two partners share the name, by 手机号 or 工号 as well. Every problem is
 * named by row and column; the caller writes nothing unless there are none.
 */
import ExcelJS from 'exceljs';
import { AppError } from '../../lib/errors';
import { cellText, openSheet } from '../../lib/excel';
import {
  ACCOUNT_IMPORT_COLUMNS,
  MANUAL_MAX_LINES,
  ZBankAccountInput,
  type TBankAccountInput,
  type TRowError,
} from '../../../shared/api/distributions';

export interface RosterPerson {
  id: number;
  name: string;
  mobile: string | null;
  jobNumber: string | null;
}

export interface ParsedAccounts {
  rows: { row: number; userId: number; name: string; account: TBankAccountInput }[];
  errors: TRowError[];
}

const FIELD_COLUMN: Record<keyof TBankAccountInput, string> = {
  accountName: '户名',
  bankName: '开户行',
  branchName: '支行',
  accountNo: '账号',
};

export async function buildAccountSheet(people: readonly RosterPerson[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('分配账户');
  ws.columns = ACCOUNT_IMPORT_COLUMNS.map((header) => ({ header, width: header === '账号' ? 26 : 16 }));
  ws.getRow(1).font = { bold: true };
  ws.getColumn(7).numFmt = '@'; // 账号 as text: Excel would turn 19 digits into 6.22E+18
  for (const p of people) ws.addRow([p.name, p.mobile ?? '', p.jobNumber ?? '', p.name, '', '', '']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Reads the file and matches every row to a partner of the roster. */
export async function parseAccountSheet(file: Buffer, roster: readonly RosterPerson[]): Promise<ParsedAccounts> {
  const { ws, col } = await openSheet(file, ['姓名', '户名', '开户行', '账号'], '分配账户导入模板');
  const lastRow = ws.rowCount;
  if (lastRow - 1 > MANUAL_MAX_LINES)
    throw new AppError('VALIDATION_FAILED', `导入文件最多 ${MANUAL_MAX_LINES} 行，当前 ${lastRow - 1} 行`);
  const text = (row: ExcelJS.Row, name: string) => (col(name) > 0 ? cellText(row.getCell(col(name)).value) : '');
  const out: ParsedAccounts = { rows: [], errors: [] };
  const seen = new Map<number, number>();
  for (let r = 2; r <= lastRow; r++) {
    const row = ws.getRow(r);
    const cells = ACCOUNT_IMPORT_COLUMNS.map((c) => text(row, c));
    if (cells.every((c) => c === '')) continue;
    const name = text(row, '姓名');
    const fail = (column: string, message: string) =>
      out.errors.push({ row: r, column, message: `第 ${r} 行「${column}」：${name || '（无姓名）'} ${message}` });
    let rowOk = true;
    let candidates = roster.filter((p) => p.name === name);
    if (!name) {
      fail('姓名', '缺少姓名。');
      rowOk = false;
    } else if (!candidates.length) {
      fail('姓名', '不是本项目的合伙人（姓名须与合伙名单一致）。');
      rowOk = false;
    } else if (candidates.length > 1) {
      const mobile = text(row, '手机号');
      const job = text(row, '工号');
      candidates = candidates.filter((p) => (mobile && p.mobile === mobile) || (job && p.jobNumber === job));
      if (candidates.length !== 1) {
        fail(mobile || !job ? '手机号' : '工号', '项目中有同名合伙人，请填写与账号一致的手机号或工号以区分。');
        rowOk = false;
      }
    }
    const parsed = ZBankAccountInput.safeParse({
      accountName: text(row, '户名'),
      bankName: text(row, '开户行'),
      branchName: text(row, '支行') || null,
      accountNo: text(row, '账号'),
    });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = issue.path[0] as keyof TBankAccountInput;
        fail(FIELD_COLUMN[field] ?? String(field), `${issue.message}。`);
      }
      rowOk = false;
    }
    if (!rowOk || !parsed.success) continue;
    const person = candidates[0]!;
    const dup = seen.get(person.id);
    if (dup !== undefined) {
      fail('姓名', `与第 ${dup} 行是同一合伙人，请只保留一行。`);
      continue;
    }
    seen.set(person.id, r);
    out.rows.push({ row: r, userId: person.id, name: person.name, account: parsed.data });
  }
  if (!out.rows.length && !out.errors.length) throw new AppError('VALIDATION_FAILED', '导入文件中没有分配账户');
  return out;
}
