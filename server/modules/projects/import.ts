/**
 * 导入主数据项目, the Excel side: the template, and reading + validating a filled sheet. Writing the rows (one
 * transaction, audited) is the use case `importProjects` in service.ts.
 */
import ExcelJS from 'exceljs';
import { z } from 'zod';
import { AppError } from '../../lib/errors';
import { cellText, openSheet } from '../../lib/excel';
import { PROJECT_OPERATOR_LABEL, type TImportResult, type TProjectOperator } from '../../../shared/api/identity';
import { dateOnly } from './repository';

export const IMPORT_COLUMNS = [
  '项目编码',
  '项目名称',
  '城市公司',
  '拿地时间',
  '批次',
  '开放',
  '清算',
  '合作操盘',
  '操盘方',
  '取得方式',
  '预留',
] as const;
const MAX_ROWS = 2000;
const MAX_BYTES = 5 * 1024 * 1024;

const operatorByLabel = new Map<string, TProjectOperator>(
  Object.entries(PROJECT_OPERATOR_LABEL).map(([k, v]) => [v, k as TProjectOperator]),
);
operatorByLabel.set('锦艺操盘', 'OURS').set('锦艺方', 'OURS');

// blank = leave as it is (a new project: 否)
const yesNo = z.string().transform((s, ctx): boolean | undefined => {
  if (s === '') return undefined;
  if (['是', 'Y', 'y', '1', 'TRUE', 'true', '√'].includes(s)) return true;
  if (['否', 'N', 'n', '0', 'FALSE', 'false'].includes(s)) return false;
  ctx.addIssue({ code: 'custom', message: '应填“是”或“否”' });
  return z.NEVER;
});

const ZImportRow = z.object({
  项目编码: z
    .string()
    .max(50)
    .regex(/^[A-Za-z0-9_-]*$/, '只能包含字母、数字、下划线和连字符'),
  项目名称: z.string().min(1, '不能为空').max(100),
  城市公司: z.string().min(1, '不能为空'),
  拿地时间: z.string().regex(/^(\d{4}-\d{2}-\d{2})?$/, '日期格式应为 YYYY-MM-DD'),
  批次: z.string().max(50),
  开放: yesNo,
  清算: yesNo,
  合作操盘: yesNo,
  预留: yesNo,
  操盘方: z.string().refine((s) => s === '' || operatorByLabel.has(s), '应为 自操盘 / 我方操盘 / 合作方操盘'),
  取得方式: z.string().max(50),
});

export async function importTemplate(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('项目');
  ws.columns = IMPORT_COLUMNS.map((c) => ({ header: c, key: c, width: c === '项目名称' ? 22 : 14 }));
  ws.getRow(1).font = { bold: true };
  ws.addRow([
    'P0001',
    '昆明-城市之光',
    '昆明城市公司',
    '2019-02-21',
    '2019年2月',
    '是',
    '否',
    '是',
    '我方操盘',
    '招拍挂',
    '否',
  ]);
  for (let r = 2; r <= 500; r++) {
    for (const col of [6, 7, 8, 11])
      ws.getCell(r, col).dataValidation = { type: 'list', allowBlank: true, formulae: ['"是,否"'] };
    ws.getCell(r, 9).dataValidation = { type: 'list', allowBlank: true, formulae: ['"自操盘,我方操盘,合作方操盘"'] };
  }
  const notes = wb.addWorksheet('说明');
  notes.addRows([
    ['项目名称、城市公司为必填；城市公司须与系统中的名称一致'],
    ['批次须已在【管理批次】中维护；拿地时间格式 YYYY-MM-DD'],
    ['项目编码相同（或未填编码而名称相同）的项目将被更新'],
  ]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** One valid row of the sheet, with its 城市公司 and 批次 resolved to ids. */
export interface ProjectImportRow {
  row: number;
  data: z.infer<typeof ZImportRow> & { orgUnitId: number; batchId: number | null };
}

/** The names a sheet may refer to: active city / direct companies and the batches (管理批次). */
export interface ProjectImportLookups {
  units: { id: number; name: string }[];
  batches: { id: number; name: string }[];
}

/**
 * Reads and validates the whole sheet. Every problem is collected; any problem refuses the file (422, with the row
 * and column of each), so nothing is written unless every row is good.
 */
export async function parseProjectImport(file: Buffer, lookups: ProjectImportLookups): Promise<ProjectImportRow[]> {
  if (file.length > MAX_BYTES) throw new AppError('PAYLOAD_TOO_LARGE', '文件过大（最大 5 MB）');
  const { ws, col } = await openSheet(file, IMPORT_COLUMNS, 'Excel 模板');

  const unitByName = new Map(lookups.units.map((u) => [u.name, u.id]));
  const batchByName = new Map(lookups.batches.map((b) => [b.name, b.id]));

  const errors: TImportResult['errors'] = [];
  const rows: ProjectImportRow[] = [];
  const seenNames = new Map<string, number>();
  const seenCodes = new Map<string, number>();
  for (let r = 2; r <= ws.rowCount; r++) {
    const raw = Object.fromEntries(IMPORT_COLUMNS.map((c) => [c, cellText(ws.getRow(r).getCell(col(c)).value)]));
    if (Object.values(raw).every((v) => v === '')) continue;
    if (rows.length + errors.length > MAX_ROWS) throw new AppError('VALIDATION_FAILED', `一次最多导入 ${MAX_ROWS} 行`);
    const parsed = ZImportRow.safeParse(raw);
    if (!parsed.success) {
      for (const i of parsed.error.issues) errors.push({ row: r, column: String(i.path[0]), message: i.message });
      continue;
    }
    const d = parsed.data;
    const orgUnitId = unitByName.get(d.城市公司);
    if (!orgUnitId)
      errors.push({ row: r, column: '城市公司', message: `系统中没有名为“${d.城市公司}”的城市公司或直属项目公司` });
    const batchId = d.批次 ? batchByName.get(d.批次) : null;
    if (batchId === undefined)
      errors.push({ row: r, column: '批次', message: `批次“${d.批次}”不存在，请先在【管理批次】中添加` });
    if (seenNames.has(d.项目名称))
      errors.push({ row: r, column: '项目名称', message: `与第 ${seenNames.get(d.项目名称)} 行重复` });
    if (d.项目编码 && seenCodes.has(d.项目编码))
      errors.push({ row: r, column: '项目编码', message: `与第 ${seenCodes.get(d.项目编码)} 行重复` });
    seenNames.set(d.项目名称, r);
    if (d.项目编码) seenCodes.set(d.项目编码, r);
    if (orgUnitId && batchId !== undefined) rows.push({ row: r, data: { ...d, orgUnitId, batchId } });
  }
  if (!rows.length && !errors.length) throw new AppError('VALIDATION_FAILED', '文件中没有数据行');
  if (errors.length) {
    const first = errors[0]!;
    throw new AppError(
      'UNPROCESSABLE',
      `导入失败：第 ${first.row} 行【${first.column}】${first.message}${errors.length > 1 ? `（共 ${errors.length} 处错误）` : ''}；未导入任何数据`,
      { imported: 0, errors },
    );
  }

  return rows;
}

/** The columns of a row as they are written to the project (blank cells keep what an existing project has). */
export function projectFieldsOf(d: ProjectImportRow['data']) {
  return {
    name: d.项目名称,
    orgUnitId: d.orgUnitId,
    batchId: d.batchId,
    acquiredOn: dateOnly(d.拿地时间 || null),
    isJointOperation: d.合作操盘,
    isReserved: d.预留,
    operator: d.操盘方 ? operatorByLabel.get(d.操盘方)! : null,
    acquisitionMethod: d.取得方式 || null,
  };
}
