/**
 * 录入分配及申请审核 → 审核通过 (manual 9.2.2–9.2.3) through the shared review machine (subject MINORITY_BATCH), then
 * the paid date registered once the bank has paid (登记发放).
 */
import type { Deps } from '../../deps';
import { systemActor, type AuditActor } from '../../lib/audit';
import { AppError, versionConflict } from '../../lib/errors';
import { assertState } from '../../lib/state-machine';
import { formatMoney, moneyString } from '../../../shared/money';
import { submitForReview, type ReviewSubject } from '../reviews/service';
import { batchTotal } from './calc/batch-totals';
import { minorityBatchDetail, noLines } from './batches';
import { BATCH_REVIEW, findBatch, lockBatch, projectNameOf } from './repository';
import { minorityBatchMachine, transitionMinorityBatch } from './state';

export const minorityBatchReviewSubject: ReviewSubject = {
  label: '外部股东分配审核',
  onDecided: async (tx, review, outcome) => {
    await transitionMinorityBatch(tx, review.subjectId, outcome === 'APPROVED' ? 'approve' : 'returnFromReview', {
      actor: systemActor('外部股东分配审核'),
      refusal: '外部股东分配批次不在审核中',
      data: { returnReason: outcome === 'APPROVED' ? null : (review.reason ?? '已撤回') },
      audit: { after: { reviewId: review.id, reason: review.reason } },
    });
  },
  summary: async (deps, batchId) => {
    const b = await deps.db.minorityBatch.findUniqueOrThrow({ where: { id: batchId }, select: { projectId: true } });
    const d = await findBatch(deps.db, b.projectId, batchId);
    return {
      amount: moneyString(d.total),
      text: `${d.title}：${d.lines.length} 位外部股东，分配合计 ${formatMoney(d.total)}`,
      lines: d.lines.map((l) => ({ label: l.holder.name, value: moneyString(l.amount), amount: true })),
    };
  },
};

export async function submitMinorityBatch(
  deps: Deps,
  who: AuditActor,
  projectId: number,
  batchId: number,
  version: number,
) {
  return deps.db.$transaction(async (tx) => {
    const b = await lockBatch(tx, projectId, batchId);
    assertState(minorityBatchMachine, b.status, ['DRAFT'], '送审');
    if (b.version !== version) throw versionConflict('外部股东分配批次', b.version);
    if (!b.lines.length) throw noLines();
    const unapproved = b.lines.filter((l) => l.holder.status !== 'APPROVED').map((l) => l.holder.name);
    if (unapproved.length)
      throw new AppError(
        'INVALID_STATE',
        `${unapproved.join('、')} 的登记尚未审核通过（登记已修改），审核通过后才能送审`,
      );
    if (!b.distributionDate)
      throw new AppError('VALIDATION_FAILED', '请先填写分配日期', [
        { path: 'distributionDate', message: '请填写分配日期' },
      ]);
    // the stored total is what the reviewer sees: it must still be the sum of the lines to the cent
    const total = batchTotal(b.lines.map((l) => l.amount));
    if (!total.equals(b.total)) throw new AppError('INVALID_STATE', '分配合计与明细不一致，请重新保存明细');
    const review = await submitForReview(tx, deps, who, {
      subjectType: BATCH_REVIEW,
      subjectId: batchId,
      projectId,
      title: `${await projectNameOf(tx, projectId)} 外部股东分配：${b.title}（分配合计 ${formatMoney(total)}）`,
    });
    await transitionMinorityBatch(tx, batchId, 'submit', {
      actor: who,
      expected: b,
      data: { returnReason: null },
      audit: { after: { reviewId: review.id, total: moneyString(total) } },
    });
    return { reviewId: review.id };
  });
}

/** 登记发放: the date the bank paid the approved batch. */
export async function registerMinorityPaid(
  deps: Deps,
  who: AuditActor,
  projectId: number,
  batchId: number,
  input: { version: number; paidOn: string },
) {
  await deps.db.$transaction(async (tx) => {
    const b = await lockBatch(tx, projectId, batchId);
    if (b.version !== input.version) throw versionConflict('外部股东分配批次', b.version);
    await transitionMinorityBatch(tx, batchId, 'markPaid', {
      actor: who,
      expected: b,
      data: { paidOn: new Date(`${input.paidOn}T00:00:00Z`) },
      audit: { before: { paidOn: null }, after: { paidOn: input.paidOn, total: moneyString(b.total) } },
    });
  });
  return minorityBatchDetail(deps, projectId, batchId);
}
