/**
 * 标记已导出: the accountant has imported the period's vouchers into the ledger system. The period is frozen from
 * then on — no generation into it; movements dated in it that arrive later, and changes to its vouchers, go to the
 * next open period (calc/plan.ts). Version-checked, audited.
 */
import type { Deps } from '../../deps';
import { invalidState, notFound, versionConflict } from '../../lib/errors';
import { writeAudit, type AuditActor } from '../../lib/audit';
import { ensurePeriod, findEntity, lockEntity, markPeriodExported } from './repository';

export async function markVoucherPeriodExported(
  deps: Deps,
  who: AuditActor,
  entityId: number,
  period: string,
  version: number,
) {
  return deps.db.$transaction(async (tx) => {
    if (!(await findEntity(tx, entityId))) throw notFound('核算主体');
    await lockEntity(tx, entityId);
    const row = await ensurePeriod(tx, entityId, period);
    if (row.exportedAt) throw invalidState(`${period} 已于之前标记为已导出`, { period });
    if (row.version !== version || !(await markPeriodExported(tx, row.id, row.version, who.actorId)))
      throw versionConflict('凭证期间', row.version);
    await writeAudit(tx, who, {
      action: 'mark_voucher_period_exported',
      entity: 'VoucherPeriod',
      entityId: `${entityId}:${period}`,
      before: { exported: false },
      after: { exported: true },
    });
    const after = await ensurePeriod(tx, entityId, period);
    return {
      entityId,
      period,
      exported: true,
      exportedAt: after.exportedAt!.toISOString(),
      version: after.version,
    };
  });
}
