import type { Deps } from '../../deps';
import { conflict } from '../../lib/errors';
import { writeAudit, type AuditActor } from '../../lib/audit';
import { batchName, type TCreateBatch } from '../../../shared/api/distributions';
import { withDefaults } from './calc/types';
import { batchDetail } from './repository';
import { clearingFlowSeq, PROFIT_FLOWS } from './distribution-flows';

/**
 * 新建分配批次: 本金分配 and 清算分配 once per project, 第N次利润分配 numbered on (N = the next), with the settings
 * defaulted (资金利息 10% on all principal ACT/365, split by principal, 20% tax) unless given. Starts as 草稿.
 * Every batch but 本金分配 goes through one of the flows 利润分配1–3 (a 清算分配 through the next one after the profit
 * batches, distribution-flows.ts), so at most three of them, and the 清算分配 is the last: no profit batch after it.
 */
export async function createBatch(deps: Deps, who: AuditActor, projectId: number, input: TCreateBatch) {
  return deps.db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT "projectId" FROM "ProjectScheme" WHERE "projectId" = ${projectId} FOR UPDATE`;
    const last = await tx.distributionBatch.findFirst({
      where: { projectId, kind: input.kind },
      orderBy: { seq: 'desc' },
      select: { seq: true },
    });
    if (last && input.kind !== 'PROFIT') throw conflict(`该项目已有${batchName(input.kind, 1)}批次`);
    const seq = (last?.seq ?? 0) + 1;
    if (input.kind !== 'PRINCIPAL') {
      const [profits, clearing] = await Promise.all([
        tx.distributionBatch.count({ where: { projectId, kind: 'PROFIT' } }),
        tx.distributionBatch.count({ where: { projectId, kind: 'CLEARING' } }),
      ]);
      if (input.kind === 'PROFIT' && clearing)
        throw conflict('该项目已有清算分配批次：清算分配是最后一次分配，不能再新建利润分配');
      if (input.kind === 'PROFIT' && seq > PROFIT_FLOWS)
        throw conflict(`利润分配审批流程只有利润分配1–${PROFIT_FLOWS}，不能新建第${seq}次利润分配`);
      if (input.kind === 'CLEARING' && clearingFlowSeq(profits) === null)
        throw conflict(
          `该项目已有 ${profits} 次利润分配，利润分配1–${PROFIT_FLOWS} 流程均已使用，清算分配没有可用的审批流程`,
        );
    }
    if (input.kind === 'PRINCIPAL' && input.profit) throw conflict('本金分配不分配利润');
    const settings = withDefaults(input.settings ?? {});
    const created = await tx.distributionBatch.create({
      data: {
        projectId,
        kind: input.kind,
        seq,
        mode: input.mode,
        date: new Date(`${input.date}T00:00:00Z`),
        settings: { ...settings, taxRate: String(settings.taxRate) } as object,
        profitInput: input.profit ?? undefined,
        createdById: who.actorId,
      },
    });
    await writeAudit(tx, who, {
      action: 'create',
      entity: 'DistributionBatch',
      entityId: created.id,
      projectId,
      after: { kind: input.kind, seq, mode: input.mode, date: input.date, status: 'DRAFT' },
    });
    return batchDetail(tx, projectId, created.id);
  });
}
