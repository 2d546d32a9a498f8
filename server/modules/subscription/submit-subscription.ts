import type { Deps } from '../../deps';
import { AppError, invalidState, notFound, versionConflict } from '../../lib/errors';
import { formatDateTime } from '../../../shared/datetime';
import { dec, formatMoney, moneyString } from '../../../shared/money';
import { isMultipleOfUnit } from '../../../shared/scheme-math';
import { writeAudit, type AuditActor } from '../../lib/audit';
import { upperLimitOf } from './limits';
import { loadScheme, myOpenEntry } from './repository';

/**
 * The partner subscribes (or changes it) within their limits before the deadline; 0 declines (not for 强投).
 * The upper limit counts what they already hold in the project's confirmed rounds (the per-person cap is per project).
 */
export async function subscribe(deps: Deps, who: AuditActor, userId: number, projectId: number, amount: string) {
  return deps.db.$transaction(async (tx) => {
    const entry = await myOpenEntry(tx, userId, projectId);
    if (!entry) throw notFound('您在该项目的认购邀请');
    if (entry.round.status !== 'OPEN')
      throw invalidState(entry.round.status === 'DRAFT' ? '认购尚未开始' : '认购已结束，不能再修改');
    if (new Date() > entry.round.deadline) throw invalidState(`认购已于 ${formatDateTime(entry.round.deadline)} 截止`);
    const scheme = await loadScheme(tx, projectId);
    const unit = scheme.allocationUnit;
    const value = dec(amount);
    const max = await upperLimitOf(tx, scheme, entry);
    const declining = value.isZero();
    if (declining && entry.category === 'MANDATORY')
      throw new AppError('VALIDATION_FAILED', `您是强投人员，认购金额不能低于 ${formatMoney(entry.minAmount)}`, [
        { path: 'amount', message: '强投人员不能放弃认购' },
      ]);
    if (!declining && (value.lessThan(dec(entry.minAmount)) || value.greaterThan(max))) {
      throw new AppError(
        'VALIDATION_FAILED',
        `认购金额应在 ${formatMoney(entry.minAmount)} 至 ${formatMoney(max)} 之间`,
        [{ path: 'amount', message: `应在 ${formatMoney(entry.minAmount)} 至 ${formatMoney(max)} 之间` }],
      );
    }
    if (!isMultipleOfUnit(value, unit))
      throw new AppError('VALIDATION_FAILED', `认购金额须为 ${formatMoney(unit)} 的整数倍`, [
        { path: 'amount', message: `须为 ${formatMoney(unit)} 的整数倍` },
      ]);
    const { count } = await tx.roundPartner.updateMany({
      where: { id: entry.id, version: entry.version },
      data: { subscribedAmount: moneyString(value), subscribedAt: new Date(), version: { increment: 1 } },
    });
    if (!count) throw versionConflict('认购');
    await writeAudit(tx, who, {
      action: declining ? 'decline' : 'subscribe',
      entity: 'RoundPartner',
      entityId: entry.id,
      projectId,
      before: { subscribedAmount: entry.subscribedAmount },
      after: { subscribedAmount: moneyString(value) },
    });
    return entry.id;
  });
}
