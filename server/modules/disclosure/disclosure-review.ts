/**
 * 披露审核 (review subject DISCLOSURE, manual 6.1.3): the business admin approves — the project's holders (from the
 * capital ledger) are queued for the 披露通知, merged per partner per day by the digest job — or returns it with a
 * reason (nobody is told; the accountant edits it and starts the flow again).
 */
import { systemActor } from '../../lib/audit';
import { ZDisclosureSnapshot } from '../../../shared/api/disclosure';
import type { ReviewSubject } from '../reviews/service';
import { changeWords, formatIndicator } from './calc/compare';
import { transitionDisclosure } from './disclosure-state';
import { currentHolders } from './repository';

export const disclosureReviewSubject: ReviewSubject = {
  label: '披露审核',
  onDecided: async (tx, review, outcome) => {
    const approved = outcome === 'APPROVED';
    await transitionDisclosure(tx, review.subjectId, approved ? 'approve' : 'return', {
      actor: systemActor('披露审核'),
      refusal: '披露不在审核中',
      data: approved ? { approvedAt: new Date() } : { returnReason: review.reason ?? '已撤回' },
      audit: { after: { reviewId: review.id, reason: review.reason } },
    });
    if (!approved) return;
    const holders = await currentHolders(tx, review.projectId);
    await tx.disclosureRecipient.createMany({
      data: holders.map((userId) => ({ disclosureId: review.subjectId, userId })),
      skipDuplicates: true,
    });
  },
  summary: async (deps, disclosureId) => {
    const d = await deps.db.disclosure.findUniqueOrThrow({ where: { id: disclosureId } });
    const snap = ZDisclosureSnapshot.parse(d.snapshot);
    const files = await deps.db.attachment.count({ where: { ownerType: 'DISCLOSURE', ownerId: disclosureId } });
    return {
      amount: null,
      text: `${snap.periodLabel}披露：${d.narrative}`,
      lines: [
        ...snap.comparison.map((r) => ({
          label: `${r.label}（立项 ${formatIndicator(r.unit, r.approval)}）`,
          value: `${formatIndicator(r.unit, r.dynamic)}，${changeWords(r)}`,
        })),
        ...snap.milestones.map((m) => ({
          label: `${m.label}（计划 ${m.plannedOn}）`,
          value: m.actualOn ? `实际 ${m.actualOn}` : '未完成',
        })),
        { label: '附件', value: `${files} 个` },
      ],
    };
  },
};
