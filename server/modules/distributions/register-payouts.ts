/**
 * 发放登记: the lines paid out (each with its date). A partner line is paid only to a confirmed 分配账户. When every
 * line with a payout is paid the batch becomes 已发放 and, in the same transaction, the principal it returned goes
 * into the ledger: one PRINCIPAL_RETURN per line with A > 0 (`principalReturnEntries`), idempotency key per line.
 * 锁定 after that makes the batch read-only.
 */
import type { Deps } from '../../deps';
import type { Tx } from '../../lib/db';
import { assertLedgerUnchanged } from './ledger-check';
import { AppError, invalidState, versionConflict } from '../../lib/errors';
import { writeAudit, type AuditActor } from '../../lib/audit';
import { formatDate } from '../../../shared/datetime';
import { dec } from '../../../shared/money';
import { appendCapitalEntries } from '../capital/append-capital-entries';
import { principalReturnEntries } from './calc/batch';
import type { BatchSuccess, DistributionLine, Mark } from './calc/types';
import { assertBatchIn, transitionBatch } from './batch-state';
import { batchDetail, lockBatch } from './repository';

export interface PayoutInput {
  version: number;
  /** default: every unpaid line with a payout */
  lineIds?: number[];
  paidOn: string;
}

export async function registerPayouts(
  deps: Deps,
  who: AuditActor,
  projectId: number,
  batchId: number,
  input: PayoutInput,
) {
  return deps.db.$transaction(async (tx) => {
    await registerPayoutsInTx(tx, who, projectId, batchId, input);
    return batchDetail(tx, projectId, batchId);
  });
}

/** 发放登记 in the caller's transaction (also each date of an imported bank result). */
export async function registerPayoutsInTx(
  tx: Tx,
  who: AuditActor,
  projectId: number,
  batchId: number,
  input: PayoutInput,
) {
  {
    const batch = await lockBatch(tx, projectId, batchId);
    if (batch.version !== input.version) throw versionConflict('分配批次', batch.version);
    assertBatchIn(batch, ['NOTIFIED'], '登记发放');
    await assertLedgerUnchanged(tx, batch, '登记发放');
    const lines = await tx.distributionLine.findMany({ where: { batchId }, orderBy: { seq: 'asc' } });
    const payable = lines.filter((l) => dec(String(l.payout)).greaterThan(0) && !l.paidAt);
    const chosen = input.lineIds ? payable.filter((l) => input.lineIds!.includes(l.id)) : payable;
    if (input.lineIds && chosen.length !== input.lineIds.length)
      throw invalidState('所选明细不在本批次待发放之列', { lineIds: input.lineIds });
    const partnerIds = chosen.filter((l) => l.userId !== null).map((l) => l.userId!);
    const confirmed = new Set(
      (
        await tx.distributionAccount.findMany({
          where: { userId: { in: partnerIds }, status: 'CONFIRMED' },
          select: { userId: true },
        })
      ).map((a) => a.userId),
    );
    const missing = chosen.filter((l) => l.userId !== null && !confirmed.has(l.userId));
    if (missing.length)
      throw new AppError(
        'INVALID_STATE',
        `以下合伙人的分配账户尚未确认，不能登记发放：${missing.map((l) => l.name).join('、')}`,
        { userIds: missing.map((l) => l.userId) },
      );
    const paidOn = new Date(`${input.paidOn}T00:00:00Z`);
    await tx.distributionLine.updateMany({ where: { id: { in: chosen.map((l) => l.id) } }, data: { paidAt: paidOn } });
    await writeAudit(tx, who, {
      action: 'register_payouts',
      entity: 'DistributionBatch',
      entityId: batchId,
      projectId,
      after: { lineIds: chosen.map((l) => l.id), paidOn: input.paidOn },
    });
    if (payable.length === chosen.length) {
      // every line paid: the principal returned leaves the ledger (valued at the distribution date)
      const result = {
        ok: true,
        kind: batch.kind,
        date: formatDate(batch.date),
        lines: lines.map(
          (l) =>
            ({
              level: l.level,
              holder: l.holder,
              userId: l.userId,
              name: l.name,
              marks: l.marks as Mark[],
              principal: dec(String(l.principal)),
            }) as DistributionLine,
        ),
      } as BatchSuccess;
      const byKey = new Map(lines.map((l) => [`${l.level}:${l.userId ?? 'PLATFORM'}`, l]));
      const entries = principalReturnEntries(result).map((e) => ({
        ...e,
        note: `本金分配 #${batchId}`,
        distributionId: batchId,
        idempotencyKey: `dist:${batchId}:${byKey.get(`${e.level}:${e.userId ?? 'PLATFORM'}`)!.id}`,
      }));
      if (entries.length) await appendCapitalEntries(tx, { projectId, actor: who, reason: '本金分配发放', entries });
      await transitionBatch(tx, batchId, 'markPaid', {
        actor: who,
        audit: { after: { principalReturns: entries.length } },
      });
    }
  }
}

/** 锁定 a paid batch. */
export async function lockPaidBatch(deps: Deps, who: AuditActor, projectId: number, batchId: number, version: number) {
  return deps.db.$transaction(async (tx) => {
    const batch = await lockBatch(tx, projectId, batchId);
    await transitionBatch(tx, batchId, 'lock', {
      actor: who,
      expected: { status: batch.status, version },
      data: { manualUnlocked: false },
    });
    return batchDetail(tx, projectId, batchId);
  });
}
