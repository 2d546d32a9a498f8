/**
 * 股东分配 (manual 9.2.1–9.2.2): batches of payments to a project's approved 外部股东 — 新建分配批次, the amounts typed
 * or imported from Excel (every problem named by row and column, all rows or none), totals to the cent, export.
 * Every change is audited with the lines before and after.
 */
import type { Deps } from '../../deps';
import { writeAudit, type AuditActor } from '../../lib/audit';
import { AppError, versionConflict } from '../../lib/errors';
import { openSecret } from '../../lib/secret-box';
import { assertState } from '../../lib/state-machine';
import { refuseRows } from '../distributions/row-errors';
import type { TRowError } from '../../../shared/api/distributions';
import type { TMinorityBatch, TMinorityBatchDetail, TMinorityLinesSave } from '../../../shared/api/minority';
import { maskBankAccount } from '../../../shared/certificate';
import { formatDecimal, moneyString } from '../../../shared/money';
import { batchTotal } from './calc/batch-totals';
import { buildMinoritySheet, parseMinoritySheet, type SheetRow } from './batch-sheet';
import {
  BATCH_REVIEW,
  findBatch,
  findBatches,
  findHolders,
  insertBatch,
  latestReviews,
  lockBatch,
  projectNameOf,
  replaceLines,
  type BatchWithLines,
} from './repository';
import { minorityBatchMachine } from './state';

const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : null);

function toBatchDto(b: Omit<BatchWithLines, 'lines'> & { lineCount: number }, reviewId: number | null): TMinorityBatch {
  return {
    id: b.id,
    projectId: b.projectId,
    seq: b.seq,
    title: b.title,
    distributionDate: day(b.distributionDate),
    status: b.status,
    total: moneyString(b.total),
    lineCount: b.lineCount,
    returnReason: b.returnReason,
    reviewId,
    paidOn: day(b.paidOn),
    version: b.version,
    updatedAt: b.updatedAt.toISOString(),
  };
}

const maskedAccount = (deps: Deps, enc: string | null) =>
  enc ? maskBankAccount(openSecret(enc, deps.config.secretKey)) : null;

export async function listMinorityBatches(deps: Deps, projectId: number) {
  const rows = await findBatches(deps.db, projectId);
  const reviews = await latestReviews(
    deps.db,
    BATCH_REVIEW,
    rows.map((r) => r.id),
  );
  return { items: rows.map((b) => toBatchDto({ ...b, lineCount: b._count.lines }, reviews.get(b.id) ?? null)) };
}

export async function minorityBatchDetail(
  deps: Deps,
  projectId: number,
  batchId: number,
): Promise<TMinorityBatchDetail> {
  const b = await findBatch(deps.db, projectId, batchId);
  const reviews = await latestReviews(deps.db, BATCH_REVIEW, [batchId]);
  return {
    ...toBatchDto({ ...b, lineCount: b.lines.length }, reviews.get(batchId) ?? null),
    lines: b.lines.map((l) => ({
      id: l.id,
      holderId: l.holderId,
      name: l.holder.name,
      type: l.holder.type,
      holdingRatio: formatDecimal(l.holder.holdingRatio, 4),
      bankAccount: maskedAccount(deps, l.holder.bankAccountEnc),
      amount: moneyString(l.amount),
      note: l.note,
    })),
  };
}

export async function createMinorityBatch(
  deps: Deps,
  who: AuditActor,
  projectId: number,
  input: { title: string; distributionDate?: string | null },
) {
  const b = await deps.db.$transaction(async (tx) => {
    const created = await insertBatch(tx, projectId, {
      title: input.title,
      distributionDate: input.distributionDate ? new Date(`${input.distributionDate}T00:00:00Z`) : null,
      createdById: who.actorId,
    });
    await writeAudit(tx, who, {
      action: 'create',
      entity: 'MinorityBatch',
      entityId: created.id,
      projectId,
      after: { seq: created.seq, title: created.title, distributionDate: input.distributionDate ?? null },
    });
    return created;
  });
  return minorityBatchDetail(deps, projectId, b.id);
}

/**
 * Stores the lines (replacing the previous ones) while the batch is 录入中. Lines name approved holders of the
 * project, once each, with amounts ≥ 0; problems come back together (`rows` gives each line's spreadsheet row).
 */
async function storeLines(
  deps: Deps,
  who: AuditActor,
  projectId: number,
  batchId: number,
  input: TMinorityLinesSave,
  how: { action: 'edit_lines' | 'import_lines'; rows?: number[]; errors?: TRowError[] },
) {
  return deps.db.$transaction(async (tx) => {
    const batch = await lockBatch(tx, projectId, batchId);
    assertState(minorityBatchMachine, batch.status, ['DRAFT'], '修改分配明细');
    if (batch.version !== input.version) throw versionConflict('外部股东分配批次', batch.version);
    const holders = new Map((await findHolders(tx, projectId)).map((h) => [h.id, h]));
    const errors: TRowError[] = [...(how.errors ?? [])];
    const seen = new Set<number>();
    input.lines.forEach((l, i) => {
      const row = how.rows?.[i] ?? i + 1;
      const where = how.rows ? `第 ${row} 行` : `第 ${row} 行明细`;
      const h = holders.get(l.holderId);
      if (!h)
        errors.push({ row, column: '股东编号', message: `${where}「股东编号」：${l.holderId} 不是本项目的外部股东` });
      else if (h.status !== 'APPROVED')
        errors.push({
          row,
          column: '股东名称',
          message: `${where}「股东名称」：${h.name} 的登记尚未审核通过，不能分配`,
        });
      else if (seen.has(l.holderId))
        errors.push({
          row,
          column: '股东名称',
          message: `${where}「股东名称」：${h.name} 重复出现，每位股东只能有一行`,
        });
      if (l.amount.startsWith('-'))
        errors.push({ row, column: '分配金额', message: `${where}「分配金额」：金额不能为负数` });
      seen.add(l.holderId);
    });
    if (errors.length) throw refuseRows(errors);
    const lines = input.lines.map((l) => ({
      holderId: l.holderId,
      amount: moneyString(l.amount),
      note: l.note || null,
    }));
    const total = moneyString(batchTotal(lines.map((l) => l.amount)));
    const date =
      input.distributionDate === undefined
        ? {}
        : { distributionDate: input.distributionDate ? new Date(`${input.distributionDate}T00:00:00Z`) : null };
    if (!(await replaceLines(tx, batchId, batch.version, lines, { total, ...date })))
      throw versionConflict('外部股东分配批次');
    await writeAudit(tx, who, {
      action: how.action,
      entity: 'MinorityBatch',
      entityId: batchId,
      projectId,
      before: {
        total: moneyString(batch.total),
        lines: batch.lines.map((l) => ({ holderId: l.holderId, name: l.holder.name, amount: moneyString(l.amount) })),
      },
      after: {
        total,
        lines: lines.map((l) => ({ holderId: l.holderId, name: holders.get(l.holderId)!.name, amount: l.amount })),
        ...date,
      },
    });
  });
}

export async function saveMinorityLines(
  deps: Deps,
  who: AuditActor,
  projectId: number,
  batchId: number,
  input: TMinorityLinesSave,
) {
  await storeLines(deps, who, projectId, batchId, input, { action: 'edit_lines' });
  return minorityBatchDetail(deps, projectId, batchId);
}

export async function importMinorityLines(
  deps: Deps,
  who: AuditActor,
  projectId: number,
  batchId: number,
  file: Buffer,
  version: number,
) {
  const parsed = await parseMinoritySheet(file);
  await storeLines(
    deps,
    who,
    projectId,
    batchId,
    { version, lines: parsed.lines.map((l) => ({ holderId: l.holderId, amount: l.amount, note: l.note })) },
    { action: 'import_lines', rows: parsed.lines.map((l) => l.row), errors: parsed.errors },
  );
  return { ...(await minorityBatchDetail(deps, projectId, batchId)), imported: parsed.lines.length };
}

/**
 * The batch as Excel: every approved holder with this batch's amount (blank where none) — the 导入 template while
 * 录入中 — and the 合计 row.
 */
export async function exportMinorityBatch(deps: Deps, projectId: number, batchId: number) {
  const b = await findBatch(deps.db, projectId, batchId);
  const byHolder = new Map(b.lines.map((l) => [l.holderId, l]));
  const holders = (await findHolders(deps.db, projectId)).filter((h) => h.status === 'APPROVED' || byHolder.has(h.id));
  const rows: SheetRow[] = holders.map((h) => ({
    holderId: h.id,
    name: h.name,
    type: h.type,
    certificateNo: h.certificateHint,
    holdingRatio: formatDecimal(h.holdingRatio, 4),
    bankAccount: maskedAccount(deps, h.bankAccountEnc),
    amount: byHolder.has(h.id) ? moneyString(byHolder.get(h.id)!.amount) : '',
    note: byHolder.get(h.id)?.note ?? null,
  }));
  const project = await projectNameOf(deps.db, projectId);
  const body = await buildMinoritySheet(
    b.title,
    rows,
    moneyString(b.total),
    b.paidOn ? `发放日期 ${day(b.paidOn)}` : undefined,
  );
  return { fileName: `${project}-外部股东分配-${b.title}.xlsx`, body };
}

export const noLines = () => new AppError('INVALID_STATE', '分配批次没有明细，请先录入或导入分配金额');
