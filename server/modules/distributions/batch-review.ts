import type { Deps } from '../../deps';
import { invalidState } from '../../lib/errors';
import { systemActor, type AuditActor } from '../../lib/audit';
import { batchName } from '../../../shared/api/distributions';
import { LEVEL_LABEL } from '../../../shared/api/scheme';
import { formatMoney, moneyString } from '../../../shared/money';
import { submitForReview, type ReviewSubject } from '../reviews/service';
import { assertBatchIn, transitionBatch } from './batch-state';
import { lockBatch, totalsOf } from './repository';
import { assertLedgerUnchanged } from './ledger-check';

/**
 * 分配审核 (review subject DISTRIBUTION): approval lets the BPM flow start; rejection or withdrawal sends the batch
 * back to 草稿. Registered with the reviews module at start (modules/event-handlers.ts).
 */
export const distributionReviewSubject: ReviewSubject = {
  label: '分配审核',
  onDecided: async (tx, review, outcome) => {
    await transitionBatch(tx, review.subjectId, outcome === 'APPROVED' ? 'approve' : 'returnFromReview', {
      actor: systemActor('分配审核'),
      refusal: '分配批次不在审核中',
      audit: { after: { reviewId: review.id, reason: review.reason } },
    });
    if (outcome !== 'APPROVED') await tx.distributionLine.deleteMany({ where: { batchId: review.subjectId } });
  },
  summary: async (deps, batchId) => {
    const b = await deps.db.distributionBatch.findUniqueOrThrow({ where: { id: batchId } });
    const lines = await deps.db.distributionLine.findMany({ where: { batchId }, orderBy: { seq: 'asc' } });
    const t = totalsOf(lines);
    return {
      amount: t.payout,
      text: `${batchName(b.kind, b.seq)}：${lines.length} 行，分配合计 ${formatMoney(t.payout)}`,
      lines: lines.map((l) => ({
        label: `${l.name}（${LEVEL_LABEL[l.level]}）`,
        value: moneyString(String(l.payout)),
        amount: true,
      })),
    };
  },
};

/** 送审 of a calculated batch: the business admin gets a todo and a work notice. */
export async function submitBatchForReview(
  deps: Deps,
  who: AuditActor,
  projectId: number,
  batchId: number,
  version: number,
) {
  return deps.db.$transaction(async (tx) => {
    const batch = await lockBatch(tx, projectId, batchId);
    assertBatchIn(batch, ['CALCULATED'], '送审');
    await assertLedgerUnchanged(tx, batch, '送审');
    const lines = await tx.distributionLine.findMany({ where: { batchId } });
    if (!lines.length) throw invalidState('分配批次没有明细，请先测算');
    const project = await tx.project.findUniqueOrThrow({ where: { id: projectId }, select: { name: true } });
    const review = await submitForReview(tx, deps, who, {
      subjectType: 'DISTRIBUTION',
      subjectId: batchId,
      projectId,
      title: `${project.name} ${batchName(batch.kind, batch.seq)}（分配合计 ${formatMoney(totalsOf(lines).payout)}）`,
    });
    // 送审 locks typed lines again: a change after this needs a new 解锁编辑
    await transitionBatch(tx, batchId, 'submit', {
      actor: who,
      expected: { status: batch.status, version },
      data: { manualUnlocked: false },
      audit: {
        before: { manualUnlocked: batch.manualUnlocked },
        after: { reviewId: review.id, manualUnlocked: false },
      },
    });
    return { reviewId: review.id };
  });
}
