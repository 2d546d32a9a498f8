/**
 * 合伙名单 from Excel: 姓名 finds the person (手机号 or 工号 only where names repeat, 钉钉ID optional and last:
 * calc/match-partner-row.ts), then 层级, 类别, 认购下限, 认购上限.
 * Every row is checked first; nothing is added unless the whole file is right.
 */
import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import type { RouteContext } from '../../http/route';
import { AppError } from '../../lib/errors';
import { cellText, openSheet } from '../../lib/excel';
import { CATEGORY_LABEL, LEVEL_LABEL, type TCategory, type TLevel } from '../../../shared/api/scheme';
import { ZMoneyNonNegative } from '../../../shared/money';
import { auditActorOf } from '../../lib/audit';
import { addPartners, checkPartners } from './add-partners';
import { indexByName, matchPartnerRow } from './calc/match-partner-row';
import { activeUsersOf } from './repository';

const COLUMNS = ['姓名', '手机号', '工号', '层级', '类别', '认购下限', '认购上限', '钉钉ID'] as const;
/** 手机号, 工号 and 钉钉ID may be left out of the file altogether (older templates had no 工号). */
const REQUIRED = ['姓名', '层级', '类别', '认购下限', '认购上限'] as const;
const levelByLabel = new Map(Object.entries(LEVEL_LABEL).map(([k, v]) => [v, k as TLevel]));
const categoryByLabel = new Map(Object.entries(CATEGORY_LABEL).map(([k, v]) => [v, k as TCategory]));

export async function partnerTemplate(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('合伙名单');
  ws.columns = COLUMNS.map((c) => ({ header: c, key: c, width: c === '钉钉ID' ? 16 : 14 }));
  ws.getRow(1).font = { bold: true };
  const note = (c: (typeof COLUMNS)[number], text: string) => {
    ws.getCell(1, COLUMNS.indexOf(c) + 1).note = text;
  };
  note('姓名', '必填：在职员工的姓名');
  note('手机号', '选填：仅当有同名员工时填写手机号或工号以区分');
  note('工号', '选填：仅当有同名员工时填写手机号或工号以区分');
  note('钉钉ID', '选填，一般无需填写；填写时须与姓名一致');
  for (let r = 2; r <= 1000; r++) {
    ws.getCell(r, COLUMNS.indexOf('层级') + 1).dataValidation = {
      type: 'list',
      allowBlank: false,
      formulae: ['"控股集团,置业集团,城市公司,其它"'],
    };
    ws.getCell(r, COLUMNS.indexOf('类别') + 1).dataValidation = {
      type: 'list',
      allowBlank: false,
      formulae: ['"强投,优先,自愿"'],
    };
  }
  // how to fill it in, on its own sheet: a sample row in the list would be imported as a real person
  const help = wb.addWorksheet('填写说明');
  help.columns = [
    { header: '列', key: 'c', width: 12 },
    { header: '说明', key: 'd', width: 60 },
    { header: '示例', key: 'e', width: 16 },
  ];
  help.getRow(1).font = { bold: true };
  help.addRows([
    ['姓名', '必填。按姓名匹配在职员工', '张三'],
    ['手机号', '选填。仅当系统中有同名在职员工时，填写手机号或工号之一以区分', '13800000000'],
    ['工号', '选填。同上', 'E0001'],
    ['层级', '必填。控股集团 / 置业集团 / 城市公司 / 其它', '城市公司'],
    ['类别', '必填。强投 / 优先 / 自愿', '自愿'],
    ['认购下限', '必填。元，强投者至少认购此金额', '0'],
    ['认购上限', '必填。元，不超过单人上限', '300000'],
    ['钉钉ID', '选填，一般无需填写；填写时须与姓名一致', ''],
  ]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function importPartners(rc: RouteContext, projectId: number, roundId: number) {
  const files = rc.ctx.request.files?.file;
  const file = Array.isArray(files) ? files[0] : files;
  if (!file)
    throw new AppError('VALIDATION_FAILED', '请选择要导入的 Excel 文件', [{ path: 'file', message: '请选择文件' }]);
  const { ws, col } = await openSheet(await readFile(file.filepath), REQUIRED, '合伙名单导入模板');
  const byName = indexByName((await activeUsersOf(rc.deps)).map((u) => ({ ...u, unit: u.orgUnit?.name ?? null })));
  const errors: { row: number; column: string; message: string }[] = [];
  const partners: { userId: number; level: TLevel; category: TCategory; minAmount: string; maxAmount: string }[] = [];
  const rowOf: number[] = [];
  for (let r = 2; r <= ws.rowCount; r++) {
    const get = (c: string) => (col(c) > 0 ? cellText(ws.getRow(r).getCell(col(c)).value) : '');
    if (COLUMNS.every((c) => !get(c))) continue;
    const who = matchPartnerRow(
      { name: get('姓名'), mobile: get('手机号'), jobNumber: get('工号'), dingUserId: get('钉钉ID') },
      byName,
    );
    if (!who.ok) errors.push({ row: r, column: who.column, message: who.message });
    const level = levelByLabel.get(get('层级'));
    if (!level) errors.push({ row: r, column: '层级', message: '应为 控股集团 / 置业集团 / 城市公司 / 其它' });
    const category = categoryByLabel.get(get('类别'));
    if (!category) errors.push({ row: r, column: '类别', message: '应为 强投 / 优先 / 自愿' });
    const min = ZMoneyNonNegative.safeParse(get('认购下限'));
    const max = ZMoneyNonNegative.safeParse(get('认购上限'));
    if (!min.success) errors.push({ row: r, column: '认购下限', message: '金额格式不正确' });
    if (!max.success) errors.push({ row: r, column: '认购上限', message: '金额格式不正确' });
    if (who.ok && level && category && min.success && max.success) {
      partners.push({ userId: who.person.id, level, category, minAmount: min.data, maxAmount: max.data });
      rowOf.push(r);
    }
  }
  // the list's own rules (limits, people already listed, left or exited) for the rows that parsed, so one upload
  // names every error in the file, not the format errors first and the rest on the next try
  if (partners.length) {
    for (const d of await checkPartners(rc.deps, projectId, roundId, partners))
      errors.push({
        row: rowOf[Number(d.path.split('.')[1])] ?? 0,
        column: d.path.endsWith('userId') ? '姓名' : '认购上限',
        message: d.message,
      });
    errors.sort((a, b) => a.row - b.row);
  }
  if (errors.length) {
    const e = errors[0]!;
    throw new AppError(
      'UNPROCESSABLE',
      `导入失败：第 ${e.row} 行【${e.column}】${e.message}${errors.length > 1 ? `（共 ${errors.length} 处错误）` : ''}；未导入任何数据`,
      { imported: 0, errors },
    );
  }
  if (!partners.length) throw new AppError('VALIDATION_FAILED', '文件中没有数据行');
  try {
    return await addPartners(rc.deps, auditActorOf(rc), projectId, roundId, { partners });
  } catch (err) {
    // name the Excel row instead of the array index
    if (err instanceof AppError && Array.isArray(err.details)) {
      const rows = (err.details as { path: string; message: string }[]).map((d) => ({
        row: rowOf[Number(d.path.split('.')[1])] ?? 0,
        column: d.path.endsWith('userId') ? '姓名' : '认购上限',
        message: d.message,
      }));
      throw new AppError('UNPROCESSABLE', `导入失败：第 ${rows[0]!.row} 行 ${rows[0]!.message}；未导入任何数据`, {
        imported: 0,
        errors: rows,
      });
    }
    throw err;
  }
}
