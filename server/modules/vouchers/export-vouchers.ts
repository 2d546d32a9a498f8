/**
 * 导出凭证 of one entity and period: 金蝶云星空 (凭证引入 Excel) or 用友 U8 (凭证引入 text). Exporting changes nothing;
 * 标记已导出 is the accountant's separate step (mark-period-exported.ts). Both layouts are described in the README.
 */
import ExcelJS from 'exceljs';
import type { Deps } from '../../deps';
import { notFound } from '../../lib/errors';
import type { TVoucherWord } from '../../../shared/api/vouchers';
import { kingdeeRows, u8File, u8Rows, type ExportVoucher } from './calc/layouts';
import { exportVoucherRows, findEntity } from './repository';

export interface VoucherFile {
  fileName: string;
  contentType: string;
  body: Buffer;
}

export async function exportVouchers(
  deps: Deps,
  entityId: number,
  period: string,
  format: 'kingdee' | 'u8',
  maker: string,
): Promise<VoucherFile> {
  const entity = await findEntity(deps.db, entityId);
  if (!entity) throw notFound('核算主体');
  const rows = await exportVoucherRows(deps.db, entityId, period);
  const vouchers: ExportVoucher[] = rows.map((v) => ({
    number: v.number,
    word: v.word as TVoucherWord,
    date: v.date.toISOString().slice(0, 10),
    lines: v.lines.map((l) => ({
      summary: l.summary,
      accountCode: l.accountCode,
      accountName: l.accountName,
      debit: l.debit.toString(),
      credit: l.credit.toString(),
      partnerCode: l.partnerCode,
      partnerName: l.partnerName,
      projectCode: l.projectCode,
      projectName: l.projectName,
    })),
  }));
  const base = `凭证_${entity.name}_${period}`;
  if (format === 'u8')
    return {
      fileName: `${base}_用友U8.txt`,
      contentType: 'text/plain; charset=utf-8',
      // with a BOM: U8's 凭证引入 tool reads the Chinese summaries right only when it knows the file is UTF-8
      body: Buffer.from(`\ufeff${u8File(u8Rows(vouchers, maker))}`, 'utf8'),
    };
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('凭证#单据头(FBillHead)');
  for (const r of kingdeeRows({ code: entity.code ?? String(entity.id), name: entity.name }, period, vouchers))
    ws.addRow(r);
  ws.getRow(1).font = { bold: true };
  ws.getRow(2).font = { bold: true };
  ws.columns.forEach((c) => (c.width = 16));
  return {
    fileName: `${base}_金蝶云星空.xlsx`,
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    body: Buffer.from(await wb.xlsx.writeBuffer()),
  };
}
