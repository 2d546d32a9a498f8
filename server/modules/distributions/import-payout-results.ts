/**
 * The bank's payout result by Excel. The template lists the batch's lines with a payout (序号, 姓名, 层级, 应发金额);
 * the bank's answer fills 发放日期, 实发金额, 状态 (成功 / 已发放, or 失败 / 退票) and 备注. All rows are checked first —
 * every problem by row and column, nothing registered unless the file passes; then the paid lines are registered through
 * 发放登记 (`registerPayoutsInTx`, one call per date, in one transaction), failed ones reported back. Importing the same
 * file again registers nothing: lines already paid on that date count as `alreadyPaid`.
 */
import ExcelJS from 'exceljs';
import type { Deps } from '../../deps';
import { AppError, versionConflict } from '../../lib/errors';
import { writeAudit, type AuditActor } from '../../lib/audit';
import { cellText, openSheet } from '../../lib/excel';
import { formatDate } from '../../../shared/datetime';
import { dec, formatMoney, moneyString } from '../../../shared/money';
import {
  batchName,
  MANUAL_MAX_LINES,
  PAYOUT_RESULT_COLUMNS,
  PAYOUT_RESULT_FAILED,
  PAYOUT_RESULT_PAID,
  type TPayoutImportResult,
  type TRowError,
} from '../../../shared/api/distributions';
import { LEVEL_LABEL } from '../../../shared/api/scheme';
import { refuseRows } from './row-errors';
import { registerPayoutsInTx } from './register-payouts';
import { batchDetail, loadBatch, lockBatch, projectNameOf } from './repository';

export async function payoutResultTemplate(deps: Deps, projectId: number, batchId: number) {
  const batch = await loadBatch(deps.db, projectId, batchId);
  const lines = await deps.db.distributionLine.findMany({ where: { batchId }, orderBy: { seq: 'asc' } });
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('发放结果');
  ws.columns = PAYOUT_RESULT_COLUMNS.map((header) => ({ header, width: header === '备注' ? 24 : 14 }));
  ws.getRow(1).font = { bold: true };
  for (const l of lines.filter((x) => dec(String(x.payout)).greaterThan(0)))
    ws.addRow([
      l.seq,
      l.name,
      LEVEL_LABEL[l.level],
      Number(moneyString(String(l.payout))),
      l.paidAt ? formatDate(l.paidAt) : '',
      l.paidAt ? Number(moneyString(String(l.payout))) : null,
      l.paidAt ? '已发放' : '',
      '',
    ]);
  ws.getColumn(4).numFmt = '#,##0.00';
  ws.getColumn(6).numFmt = '#,##0.00';
  const name = batchName(batch.kind, batch.seq);
  return {
    fileName: `${await projectNameOf(deps, projectId)}-${name}-发放结果.xlsx`,
    body: Buffer.from(await wb.xlsx.writeBuffer()),
  };
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const CENTS = /^-?\d+(\.\d{1,2})?$/;

export async function importPayoutResults(
  deps: Deps,
  who: AuditActor,
  projectId: number,
  batchId: number,
  file: Buffer,
  version: number,
): Promise<TPayoutImportResult> {
  const { ws, col } = await openSheet(file, ['序号', '姓名', '发放日期', '实发金额', '状态'], '发放结果导入模板');
  if (ws.rowCount - 1 > MANUAL_MAX_LINES)
    throw new AppError('VALIDATION_FAILED', `导入文件最多 ${MANUAL_MAX_LINES} 行，当前 ${ws.rowCount - 1} 行`);
  return deps.db.$transaction(async (tx) => {
    const batch = await lockBatch(tx, projectId, batchId);
    const lines = await tx.distributionLine.findMany({ where: { batchId }, orderBy: { seq: 'asc' } });
    const bySeq = new Map(lines.map((l) => [l.seq, l]));
    const errors: TRowError[] = [];
    const paid: { row: number; lineId: number; date: string }[] = [];
    const failed: TPayoutImportResult['failed'] = [];
    const seen = new Map<number, number>();
    const text = (row: ExcelJS.Row, name: string) => (col(name) > 0 ? cellText(row.getCell(col(name)).value) : '');
    for (let r = 2; r <= ws.rowCount; r++) {
      const row = ws.getRow(r);
      if (PAYOUT_RESULT_COLUMNS.every((c) => text(row, c) === '')) continue;
      const name = text(row, '姓名');
      const fail = (column: string, message: string) =>
        errors.push({ row: r, column, message: `第 ${r} 行「${column}」：${name || '（无姓名）'} ${message}` });
      const seqText = text(row, '序号');
      const line = /^\d+$/.test(seqText) ? bySeq.get(Number(seqText)) : undefined;
      if (!line) {
        fail('序号', `序号「${seqText}」不是本批次的明细。`);
        continue;
      }
      if (line.name !== name.split(/\s+/u)[0]) {
        fail('姓名', `与第 ${line.seq} 号明细的姓名「${line.name}」不一致。`);
        continue;
      }
      if (!dec(String(line.payout)).greaterThan(0)) {
        fail('序号', `第 ${line.seq} 号明细本批次没有应发金额。`);
        continue;
      }
      const dup = seen.get(line.id);
      if (dup !== undefined) {
        fail('序号', `与第 ${dup} 行是同一明细。`);
        continue;
      }
      seen.set(line.id, r);
      const status = text(row, '状态');
      const note = text(row, '备注');
      if ((PAYOUT_RESULT_FAILED as readonly string[]).includes(status)) {
        failed.push({ row: r, lineId: line.id, name: line.name, note: note || status });
        continue;
      }
      if (!(PAYOUT_RESULT_PAID as readonly string[]).includes(status)) {
        fail('状态', `状态「${status}」无法识别（应为 成功、已发放、失败 或 退票）。`);
        continue;
      }
      const date = text(row, '发放日期');
      if (!DAY.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`))) {
        fail('发放日期', `发放日期「${date}」格式应为 YYYY-MM-DD。`);
        continue;
      }
      const amount = text(row, '实发金额').replace(/,/g, '');
      if (!CENTS.test(amount)) {
        fail('实发金额', `实发金额「${amount}」格式不正确（金额最多两位小数）。`);
        continue;
      }
      if (!dec(amount).equals(dec(String(line.payout)))) {
        fail('实发金额', `实发金额 ${formatMoney(amount)} 与应发金额 ${formatMoney(String(line.payout))} 不一致。`);
        continue;
      }
      if (line.paidAt && formatDate(line.paidAt) !== date) {
        fail('发放日期', `已于 ${formatDate(line.paidAt)} 登记发放，与导入的 ${date} 不一致。`);
        continue;
      }
      paid.push({ row: r, lineId: line.id, date });
    }
    if (errors.length) throw refuseRows(errors);

    const paidIds = new Set(lines.filter((l) => l.paidAt).map((l) => l.id));
    const fresh = paid.filter((p) => !paidIds.has(p.lineId));
    if (fresh.length) {
      if (batch.version !== version) throw versionConflict('分配批次', batch.version);
      const dates = [...new Set(fresh.map((p) => p.date))].sort();
      for (const date of dates) {
        const current = await lockBatch(tx, projectId, batchId);
        await registerPayoutsInTx(tx, who, projectId, batchId, {
          version: current.version,
          paidOn: date,
          lineIds: fresh.filter((p) => p.date === date).map((p) => p.lineId),
        });
      }
    }
    if (fresh.length || failed.length)
      await writeAudit(tx, who, {
        action: 'import_payout_results',
        entity: 'DistributionBatch',
        entityId: batchId,
        projectId,
        after: {
          registered: fresh.map((p) => ({ lineId: p.lineId, paidOn: p.date })),
          alreadyPaid: paid.length - fresh.length,
          failed: failed.map((f) => ({ lineId: f.lineId, note: f.note })),
        },
      });
    return {
      registered: fresh.length,
      alreadyPaid: paid.length - fresh.length,
      failed,
      batch: await batchDetail(tx, projectId, batchId),
    };
  });
}
