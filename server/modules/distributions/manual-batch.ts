/**
 * 手动-非测算 batches (manual: "如何进行手动-非测算-利润分配"): the business admin unlocks the batch (解锁编辑), the city
 * accountant types the lines (PUT lines) or imports the 导出模板 file, with the 分配日期, and saves; `computeManualBatch`
 * checks every line at once and the batch is stored as 已测算 — or nothing is stored and every problem comes back by
 * row and column. 送审 locks the typed lines again (a later change needs a new 解锁编辑). Every unlock and save is
 * audited with before and after.
 */
import type { DistributionBatch } from '../../generated/prisma/client';
import type { Deps } from '../../deps';
import type { Tx } from '../../lib/db';
import { conflict, versionConflict } from '../../lib/errors';
import { writeAudit, type AuditActor } from '../../lib/audit';
import { formatDate } from '../../../shared/datetime';
import { moneyString } from '../../../shared/money';
import {
  ZDistributionSettings,
  ZProfitInput,
  type TManualLine,
  type TRowError,
  type TSaveManualLines,
} from '../../../shared/api/distributions';
import { computeManualBatch, type ManualLineInput } from './calc/manual';
import type { BatchResult, BatchSuccess } from './calc/types';
import { assertBatchIn, transitionBatch, updateBatchInputs } from './batch-state';
import { projectPartners } from './account-repository';
import { parseManualSheet } from './manual-sheet';
import { batchDetail, levelRatios, lockBatch } from './repository';
import { storeResult } from './store-lines';
import { refuseRows } from './row-errors';

/** States in which a typed batch may be unlocked and saved (after 送审 a save sends it back to 草稿). */
const EDITABLE = ['DRAFT', 'CALCULATED', 'SUBMITTED', 'APPROVED', 'FLOW_DONE'] as const;

function assertManual(batch: DistributionBatch) {
  if (batch.mode !== 'MANUAL') throw conflict('只有手动-非测算的分配批次可以解锁编辑和录入明细');
}

/** 解锁编辑 (the business admin): the accountant may then type or import the lines. */
export async function unlockManualBatch(
  deps: Deps,
  who: AuditActor,
  projectId: number,
  batchId: number,
  input: { version: number; reason?: string },
) {
  return deps.db.$transaction(async (tx) => {
    const batch = await lockBatch(tx, projectId, batchId);
    if (batch.version !== input.version) throw versionConflict('分配批次', batch.version);
    assertManual(batch);
    assertBatchIn(batch, EDITABLE, '解锁编辑');
    if (!batch.manualUnlocked) {
      await updateBatchInputs(tx, batch, { manualUnlocked: true });
      await writeAudit(tx, who, {
        action: 'unlock',
        entity: 'DistributionBatch',
        entityId: batchId,
        projectId,
        before: { manualUnlocked: false, status: batch.status },
        after: { manualUnlocked: true, status: batch.status, reason: input.reason ?? null },
      });
    }
    return batchDetail(tx, projectId, batchId);
  });
}

const rowErrorsOf = (result: Exclude<BatchResult, BatchSuccess>): TRowError[] =>
  result.errors.map((e) => ({
    row: e.line?.startsWith('row:') ? Number(e.line.slice(4)) : 0,
    ...(e.column ? { column: e.column } : {}),
    message: e.message,
  }));

/** A stored line as typed input (for the audit's before and the template of a saved batch). */
const typedView = (l: {
  seq: number;
  name: string;
  marks: string[];
  level: string;
  principal: unknown;
  interest: unknown;
  other: unknown;
  profit: unknown;
}) => ({
  seq: l.seq,
  name: [l.name, ...l.marks].join(' '),
  level: l.level,
  principal: moneyString(String(l.principal)),
  interest: moneyString(String(l.interest)),
  other: moneyString(String(l.other)),
  profit: moneyString(String(l.profit)),
});

/**
 * Checks and stores typed lines in the caller's transaction: refused as a whole (422 with every problem, `extraErrors`
 * — those of the file — included) or stored as the batch's lines, 已测算, with the date.
 */
async function storeManualLines(
  tx: Tx,
  who: AuditActor,
  projectId: number,
  batchId: number,
  input: { version: number; date: string; lines: ManualLineInput[]; rows?: number[]; source: 'typed' | 'import' },
  extraErrors: TRowError[] = [],
) {
  let batch = await lockBatch(tx, projectId, batchId);
  if (batch.version !== input.version) throw versionConflict('分配批次', batch.version);
  assertManual(batch);
  if (!batch.manualUnlocked) throw conflict('手动分配批次尚未解锁编辑，请先由业务管理员解锁');
  assertBatchIn(batch, EDITABLE, '保存');
  const settings = ZDistributionSettings.parse(batch.settings);
  const profit = batch.profitInput === null ? null : ZProfitInput.parse(batch.profitInput);
  const roster = (await projectPartners(tx, projectId)).map((p) => ({ userId: p.id, name: p.name }));
  const result = computeManualBatch({
    kind: batch.kind,
    date: input.date,
    lines: input.lines,
    rows: input.rows,
    roster,
    levelRatios: await levelRatios(tx, projectId),
    taxRate: settings.taxRate,
    profitCeiling: profit?.mode === 'ENTERED' ? (profit.ceiling ?? null) : null,
  });
  const errors = [...extraErrors, ...(result.ok ? [] : rowErrorsOf(result))];
  if (errors.length || !result.ok) throw refuseRows(errors);

  const old = await tx.distributionLine.findMany({ where: { batchId }, orderBy: { seq: 'asc' } });
  const before = { date: formatDate(batch.date), status: batch.status, lines: old.map(typedView) };
  if (batch.status !== 'DRAFT' && batch.status !== 'CALCULATED') {
    await transitionBatch(tx, batchId, 'reopen', {
      actor: who,
      expected: { status: batch.status, version: batch.version },
      data: { calculatedAt: null, profitTotal: null, levels: [], warnings: [], ledgerFingerprint: null },
    });
    await tx.distributionLine.deleteMany({ where: { batchId } });
    batch = await lockBatch(tx, projectId, batchId);
  }
  if (formatDate(batch.date) !== input.date) {
    await updateBatchInputs(tx, batch, { date: new Date(`${input.date}T00:00:00Z`) });
    batch = await lockBatch(tx, projectId, batchId);
  }
  await storeResult(tx, who, batch, result, { mode: 'MANUAL', source: input.source });
  const stored = await tx.distributionLine.findMany({ where: { batchId }, orderBy: { seq: 'asc' } });
  await writeAudit(tx, who, {
    action: input.source === 'import' ? 'import_lines' : 'edit_lines',
    entity: 'DistributionBatch',
    entityId: batchId,
    projectId,
    before,
    after: { date: input.date, lines: stored.map(typedView) },
  });
  return batchDetail(tx, projectId, batchId);
}

const toCalcLine = (l: TManualLine): ManualLineInput => ({
  name: l.name,
  userId: l.userId ?? null,
  level: l.level,
  principal: l.principal,
  interest: l.interest ?? null,
  other: l.other ?? null,
  otherReason: l.otherReason ?? null,
  profit: l.profit ?? null,
});

/** PUT …/lines: 保存 of typed lines with the distribution date. */
export async function saveManualLines(
  deps: Deps,
  who: AuditActor,
  projectId: number,
  batchId: number,
  input: TSaveManualLines,
) {
  return deps.db.$transaction((tx) =>
    storeManualLines(tx, who, projectId, batchId, {
      version: input.version,
      date: input.date,
      lines: input.lines.map(toCalcLine),
      source: 'typed',
    }),
  );
}

/**
 * POST …/import: the 导出模板 file filled in. Every problem of the file (cells, names, 工号, amounts, totals) comes back
 * in one answer by row and column; nothing is stored unless the whole file passes. The date: the query's, else the
 * batch's.
 */
export async function importManualLines(
  deps: Deps,
  who: AuditActor,
  projectId: number,
  batchId: number,
  file: Buffer,
  query: { version: number; date?: string },
) {
  const sheet = await parseManualSheet(file);
  return deps.db.$transaction(async (tx) => {
    const batch = await lockBatch(tx, projectId, batchId);
    // 工号 tells namesakes apart: it must be a partner of this project
    const partners = await projectPartners(tx, projectId);
    const users = await tx.user.findMany({
      where: { id: { in: partners.map((p) => p.id) } },
      select: { id: true, jobNumber: true },
    });
    const byJob = new Map(users.filter((u) => u.jobNumber).map((u) => [u.jobNumber!, u.id]));
    const errors = [...sheet.errors];
    const lines: ManualLineInput[] = [];
    const rows: number[] = [];
    sheet.lines.forEach((l, i) => {
      const { jobNumber, ...line } = l;
      if (jobNumber) {
        const id = byJob.get(jobNumber);
        if (id === undefined) {
          errors.push({
            row: sheet.rows[i]!,
            column: '工号',
            message: `第 ${sheet.rows[i]} 行「工号」：${l.name} 工号「${jobNumber}」不是本项目合伙人的工号。`,
          });
          return;
        }
        line.userId = id;
      }
      lines.push(line);
      rows.push(sheet.rows[i]!);
    });
    if (!lines.length) throw refuseRows(errors);
    return storeManualLines(
      tx,
      who,
      projectId,
      batchId,
      { version: query.version, date: query.date ?? formatDate(batch.date), lines, rows, source: 'import' },
      errors,
    );
  });
}
