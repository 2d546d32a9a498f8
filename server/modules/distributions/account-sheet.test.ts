import ExcelJS from 'exceljs';
import { ACCOUNT_IMPORT_COLUMNS } from '../../../shared/api/distributions';
import { buildAccountSheet, parseAccountSheet, type RosterPerson } from './account-sheet';

const roster: RosterPerson[] = [
  { id: 1, name: '金涛', mobile: '13900000001', jobNumber: 'JY-001' },
  { id: 2, name: '林宏', mobile: '13900000002', jobNumber: 'JY-002' },
  { id: 3, name: '林宏', mobile: '13900000003', jobNumber: 'JY-003' },
];

async function file(rows: string[][]) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('分配账户');
  ws.addRow([...ACCOUNT_IMPORT_COLUMNS]);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('分配账户 import sheet', () => {
  it('matches by name, namesakes by 手机号 or 工号; 账号 spaces removed', async () => {
    const parsed = await parseAccountSheet(
      await file([
        ['金涛', '', '', '金涛', '招商银行', '泰安分行', '6214 8300 0000 0002'],
        ['林宏', '13900000003', '', '林宏', '工商银行', '', '6222020000000009'],
        ['林宏', '', 'JY-002', '林宏', '建设银行', '', '6217000000000010'],
      ]),
      roster,
    );
    expect(parsed.errors).toEqual([]);
    expect(parsed.rows.map((r) => [r.row, r.userId, r.account.accountNo, r.account.branchName])).toEqual([
      [2, 1, '6214830000000002', '泰安分行'],
      [3, 3, '6222020000000009', null],
      [4, 2, '6217000000000010', null],
    ]);
  });

  it('lists every problem by row and column', async () => {
    const parsed = await parseAccountSheet(
      await file([
        ['张三', '', '', '张三', '招商银行', '', '6214830000000002'],
        ['林宏', '', '', '林宏', '招商银行', '', '6214830000000002'],
        ['金涛', '', '', '', '招商银行', '', '12AB'],
        ['林宏', '', 'JY-009', '林宏', '招商银行', '', '6214830000000002'],
        ['金涛', '', '', '金涛', '招商银行', '', '6214830000000002'],
        ['金涛', '', '', '金涛', '招商银行', '', '6214830000000002'],
      ]),
      roster,
    );
    expect(parsed.errors.map((e) => [e.row, e.column])).toEqual([
      [2, '姓名'],
      [3, '手机号'],
      [4, '户名'],
      [4, '账号'],
      [5, '工号'],
      [7, '姓名'],
    ]);
    expect(parsed.errors[0]!.message).toBe('第 2 行「姓名」：张三 不是本项目的合伙人（姓名须与合伙名单一致）。');
    expect(parsed.errors[3]!.message).toContain('账号应为 8–30 位数字');
    expect(parsed.errors[5]!.message).toContain('与第 6 行是同一合伙人');
  });

  it('the template lists the partners with 户名 prefilled, 账号 as text', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await buildAccountSheet(roster)) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.rowCount).toBe(4);
    expect((ws.getRow(2).values as unknown[]).slice(1, 5)).toEqual(['金涛', '13900000001', 'JY-001', '金涛']);
    expect(ws.getColumn(7).numFmt).toBe('@');
  });
});
