import ExcelJS from 'exceljs';
import { MANUAL_TEMPLATE_COLUMNS } from '../../../shared/api/distributions';
import { buildManualSheet, parseManualSheet, type TemplateRow } from './manual-sheet';

const row = (over: Partial<TemplateRow> = {}): TemplateRow => ({
  name: '金涛 离',
  jobNumber: 'JY-002',
  level: 'CITY',
  principal: '288940.00',
  interest: '-111573.50',
  other: '',
  otherReason: '',
  profit: '111573.50',
  ...over,
});

async function sheetOf(rows: (string | number | null)[][], header: readonly string[] = MANUAL_TEMPLATE_COLUMNS) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('s');
  ws.addRow([...header]);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('手动分配 导出模板 / 导入 sheet', () => {
  it('reads back what the template wrote: names with marks, 工号, level, amounts; formulas are not read', async () => {
    const file = await buildManualSheet('第1次利润分配', [
      row(),
      row({
        name: '平台公司',
        jobNumber: null,
        level: 'GROUP',
        interest: '',
        profit: '',
        other: '-5.00',
        otherReason: '退费',
      }),
    ]);
    const parsed = await parseManualSheet(file);
    expect(parsed.errors).toEqual([]);
    expect(parsed.rows).toEqual([2, 3]);
    expect(parsed.lines[0]).toEqual({
      name: '金涛 离',
      jobNumber: 'JY-002',
      level: 'CITY',
      principal: '288940',
      interest: '-111573.5',
      other: '',
      otherReason: '',
      profit: '111573.5',
    });
    expect(parsed.lines[1]).toMatchObject({ name: '平台公司', jobNumber: null, level: 'GROUP', other: '-5' });
  });

  it('skips empty rows and the 合计 row; names an unknown level by row and column', async () => {
    const parsed = await parseManualSheet(
      await sheetOf([
        [1, '肖鹏', '', '城市公司', '28,894.00', '-10,207.42', '', '', '', '', '10,207.42', ''],
        [],
        [2, '林宏', '', '集团', '28894', '', '', '', '', '', '', ''],
        ['', '合计:', '', '', '57,788.00'],
      ]),
    );
    expect(parsed.lines.map((l) => l.name)).toEqual(['肖鹏']);
    expect(parsed.lines[0]).toMatchObject({ principal: '28,894.00', profit: '10,207.42' });
    expect(parsed.errors).toEqual([
      {
        row: 4,
        column: '层级',
        message: '第 4 行「层级」：林宏 层级「集团」无法识别（应为 控股集团 / 置业集团 / 城市公司 / 其它）。',
      },
    ]);
  });

  it('refuses a file without the columns, without lines, or over the row limit', async () => {
    await expect(parseManualSheet(await sheetOf([], ['序号', '姓名']))).rejects.toThrow(/模板缺少列：层级/);
    await expect(parseManualSheet(await sheetOf([]))).rejects.toThrow('导入文件中没有分配明细');
    const many = Array.from({ length: 2002 }, (_, i) => [i + 1, `甲${i}`, '', '城市公司', '1.00']);
    await expect(parseManualSheet(await sheetOf(many))).rejects.toThrow(/最多 2000 行/);
    await expect(parseManualSheet(Buffer.from('not a workbook'))).rejects.toThrow(/无法读取文件/);
  });
});
