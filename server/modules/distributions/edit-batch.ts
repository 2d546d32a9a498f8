import type { Deps } from '../../deps';
import { conflict, versionConflict } from '../../lib/errors';
import { writeAudit, type AuditActor } from '../../lib/audit';
import { formatDate } from '../../../shared/datetime';
import type { TEditBatch } from '../../../shared/api/distributions';
import { assertBatchIn, transitionBatch, updateBatchInputs } from './batch-state';
import { batchDetail, lockBatch } from './repository';

/**
 * Edits a batch's inputs (date, settings, P, 其它 adjustments, 资金利息 overrides, 配资 per line). In 草稿 it is just an edit; after
 * 测算 the batch goes back to 草稿 and its lines are dropped (a new 测算 is needed); after 已送审 that also means the
 * review and the flow start over. Not once the notices are out. Before and after are audited.
 */
export async function editBatch(deps: Deps, who: AuditActor, projectId: number, batchId: number, input: TEditBatch) {
  return deps.db.$transaction(async (tx) => {
    let batch = await lockBatch(tx, projectId, batchId);
    if (batch.version !== input.version) throw versionConflict('分配批次', batch.version);
    assertBatchIn(batch, ['DRAFT', 'CALCULATED', 'SUBMITTED', 'APPROVED', 'FLOW_DONE'], '修改');
    if (batch.kind === 'PRINCIPAL' && input.profit) throw conflict('本金分配不分配利润');
    if (batch.kind !== 'PRINCIPAL' && input.actualPeak) throw conflict('资金峰值-实际在本金分配批次中填写');
    if (
      batch.mode === 'MANUAL' &&
      (input.adjustments?.length || input.interestOverrides?.length || input.financing?.length)
    )
      throw conflict('手动分配批次的其它和资金利息请在分配明细中填写');
    if (
      batch.kind === 'PROFIT' &&
      (input.adjustments?.length || input.interestOverrides?.length || input.financing?.length)
    )
      throw conflict('利润分配不含其它调整和资金利息');
    const before = {
      date: formatDate(batch.date),
      settings: batch.settings,
      profit: batch.profitInput,
      adjustments: batch.adjustments,
      interestOverrides: batch.interestOverrides,
      financing: batch.financing,
      actualPeak: batch.actualPeak?.toString() ?? null,
    };
    if (batch.status !== 'DRAFT') {
      await transitionBatch(tx, batchId, 'reopen', {
        actor: who,
        expected: { status: batch.status, version: batch.version },
        data: { calculatedAt: null, profitTotal: null, levels: [], warnings: [], ledgerFingerprint: null },
      });
      await tx.distributionLine.deleteMany({ where: { batchId } });
      batch = await lockBatch(tx, projectId, batchId);
    }
    await updateBatchInputs(tx, batch, {
      date: input.date ? new Date(`${input.date}T00:00:00Z`) : undefined,
      settings: input.settings,
      profitInput: input.profit === undefined ? undefined : (input.profit ?? undefined),
      adjustments: input.adjustments,
      interestOverrides: input.interestOverrides,
      financing: input.financing,
      actualPeak: input.actualPeak === undefined ? undefined : input.actualPeak,
    });
    await writeAudit(tx, who, {
      action: 'edit',
      entity: 'DistributionBatch',
      entityId: batchId,
      projectId,
      before,
      after: {
        date: input.date ?? before.date,
        settings: input.settings ?? before.settings,
        profit: input.profit === undefined ? before.profit : input.profit,
        adjustments: input.adjustments ?? before.adjustments,
        interestOverrides: input.interestOverrides ?? before.interestOverrides,
        financing: input.financing ?? before.financing,
        actualPeak: input.actualPeak === undefined ? before.actualPeak : input.actualPeak,
      },
    });
    return batchDetail(tx, projectId, batchId);
  });
}
