/** 认购明细 / 投资明细 / 缴款 of a round as an Excel file, the way accountants pass numbers around. */
import ExcelJS from 'exceljs';
import type { Deps } from '../../deps';
import {
  CATEGORY_LABEL,
  LEVEL_LABEL,
  PAYMENT_STATUS_LABEL,
  type TCategory,
  type TLevel,
  type TPaymentStatus,
} from '../../../shared/api/scheme';
import { projectNameOf } from './repository';
import { roundDetail } from './round-detail';

const MONEY_FMT = '#,##0.00';

export async function exportRound(
  deps: Deps,
  projectId: number,
  roundId: number,
): Promise<{ fileName: string; body: Buffer }> {
  const detail = await roundDetail(deps, projectId, roundId);
  const project = { name: await projectNameOf(deps, projectId) };
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('投资明细');
  ws.columns = [
    { header: '序号', width: 6 },
    { header: '姓名', width: 12 },
    { header: '公司', width: 18 },
    { header: '层级', width: 10 },
    { header: '类别', width: 8 },
    { header: '认购下限', width: 14 },
    { header: '认购上限', width: 14 },
    { header: '认购金额', width: 14 },
    { header: '测算金额', width: 14 },
    { header: '投资明细', width: 14 },
    { header: '调整原因', width: 18 },
    { header: '应缴', width: 14 },
    { header: '已缴', width: 14 },
    { header: '缴款状态', width: 10 },
  ];
  ws.getRow(1).font = { bold: true };
  // amounts go in as numbers for Excel's arithmetic; they come from exact decimal strings with two places
  const cell = (v: string | null | undefined) => (v === null || v === undefined ? null : Number(v));
  detail.lines.forEach((l, i) =>
    ws.addRow([
      i + 1,
      l.user.name,
      l.user.company ?? '',
      LEVEL_LABEL[l.level as TLevel],
      CATEGORY_LABEL[l.category as TCategory],
      cell(l.minAmount),
      cell(l.maxAmount),
      cell(l.subscribedAmount),
      cell(l.allocatedAmount),
      cell(l.investedAmount),
      l.editReason ?? '',
      cell(l.payment?.amountDue),
      cell(l.payment?.paidAmount),
      l.payment ? PAYMENT_STATUS_LABEL[l.payment.status as TPaymentStatus] : '',
    ]),
  );
  const last = ws.rowCount;
  const total = ws.addRow(['', '合计', '', '', '', null, null, null, null, null, '', null, null, '']);
  for (const col of [8, 9, 10, 12, 13]) {
    const letter = ws.getColumn(col).letter;
    total.getCell(col).value = { formula: `SUM(${letter}2:${letter}${last})` };
  }
  total.font = { bold: true };
  for (const col of [6, 7, 8, 9, 10, 12, 13]) ws.getColumn(col).numFmt = MONEY_FMT;
  const levels = wb.addWorksheet('分层级汇总');
  levels.columns = [
    { header: '层级', width: 10 },
    { header: '上限', width: 16 },
    { header: '认购', width: 16 },
    { header: '测算', width: 16 },
    { header: '投资明细', width: 16 },
    { header: '平台公司', width: 16 },
  ];
  levels.getRow(1).font = { bold: true };
  for (const l of detail.levels)
    levels.addRow([l.label, cell(l.cap), cell(l.subscribed), cell(l.allocated), cell(l.invested), cell(l.platform)]);
  for (const col of [2, 3, 4, 5, 6]) levels.getColumn(col).numFmt = MONEY_FMT;
  return {
    fileName: `${project.name}-${detail.round.title}-投资明细.xlsx`,
    body: Buffer.from(await wb.xlsx.writeBuffer()),
  };
}
