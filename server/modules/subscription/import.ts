/**
 * 合伙名单 from Excel: 姓名 or 钉钉ID / 手机号 to find the person, 层级, 类别, 认购下限, 认购上限.
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
import { addPartners } from './add-partners';
import { activeUsersOf } from './repository';

const COLUMNS = ['姓名', '钉钉ID', '手机号', '层级', '类别', '认购下限', '认购上限'] as const;
const levelByLabel = new Map(Object.entries(LEVEL_LABEL).map(([k, v]) => [v, k as TLevel]));
const categoryByLabel = new Map(Object.entries(CATEGORY_LABEL).map(([k, v]) => [v, k as TCategory]));

export async function partnerTemplate(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('合伙名单');
  ws.columns = COLUMNS.map((c) => ({ header: c, key: c, width: 14 }));
  ws.getRow(1).font = { bold: true };
  ws.addRow(['史伟', 'u1001', '', '城市公司', '强投', '100000', '300000']);
  for (let r = 2; r <= 1000; r++) {
    ws.getCell(r, 4).dataValidation = {
      type: 'list',
      allowBlank: false,
      formulae: ['"控股集团,置业集团,城市公司,其它"'],
    };
    ws.getCell(r, 5).dataValidation = { type: 'list', allowBlank: false, formulae: ['"强投,优先,自愿"'] };
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function importPartners(rc: RouteContext, projectId: number, roundId: number) {
  const files = rc.ctx.request.files?.file;
  const file = Array.isArray(files) ? files[0] : files;
  if (!file)
    throw new AppError('VALIDATION_FAILED', '请选择要导入的 Excel 文件', [{ path: 'file', message: '请选择文件' }]);
  const { ws, col } = await openSheet(await readFile(file.filepath), COLUMNS, '合伙名单导入模板');
  const users = await activeUsersOf(rc.deps);
  const errors: { row: number; column: string; message: string }[] = [];
  const partners: { userId: number; level: TLevel; category: TCategory; minAmount: string; maxAmount: string }[] = [];
  const rowOf: number[] = [];
  for (let r = 2; r <= ws.rowCount; r++) {
    const get = (c: string) => cellText(ws.getRow(r).getCell(col(c)).value);
    if (COLUMNS.every((c) => !get(c))) continue;
    const byId = get('钉钉ID')
      ? users.filter((u) => u.dingUserId === get('钉钉ID'))
      : get('手机号')
        ? users.filter((u) => u.mobile === get('手机号'))
        : users.filter((u) => u.name === get('姓名'));
    if (byId.length !== 1)
      errors.push({
        row: r,
        column: get('钉钉ID') ? '钉钉ID' : get('手机号') ? '手机号' : '姓名',
        message: byId.length ? '匹配到多名在职员工，请填写钉钉ID或手机号' : '找不到该在职员工',
      });
    const level = levelByLabel.get(get('层级'));
    if (!level) errors.push({ row: r, column: '层级', message: '应为 控股集团 / 置业集团 / 城市公司 / 其它' });
    const category = categoryByLabel.get(get('类别'));
    if (!category) errors.push({ row: r, column: '类别', message: '应为 强投 / 优先 / 自愿' });
    const min = ZMoneyNonNegative.safeParse(get('认购下限'));
    const max = ZMoneyNonNegative.safeParse(get('认购上限'));
    if (!min.success) errors.push({ row: r, column: '认购下限', message: '金额格式不正确' });
    if (!max.success) errors.push({ row: r, column: '认购上限', message: '金额格式不正确' });
    if (byId.length === 1 && level && category && min.success && max.success) {
      partners.push({ userId: byId[0]!.id, level, category, minAmount: min.data, maxAmount: max.data });
      rowOf.push(r);
    }
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
