/**
 * 申请审核 → 审核通过 of a register entry (manual 9.1.2–9.1.3), through the shared review state machine (subject
 * MINORITY_HOLDER): the business admin approves, or returns it with a reason the accountant sees on the entry.
 */
import type { Deps } from '../../deps';
import { systemActor, type AuditActor } from '../../lib/audit';
import { versionConflict } from '../../lib/errors';
import { assertState } from '../../lib/state-machine';
import { decimalString } from '../../../shared/money';
import { MINORITY_HOLDER_TYPE_LABEL } from '../../../shared/api/minority';
import { submitForReview, type ReviewSubject } from '../reviews/service';
import { HOLDER_REVIEW, lockHolder, projectNameOf } from './repository';
import { holderMachine, transitionHolder } from './state';

export const minorityHolderReviewSubject: ReviewSubject = {
  label: '外部股东登记审核',
  onDecided: async (tx, review, outcome) => {
    await transitionHolder(tx, review.subjectId, outcome === 'APPROVED' ? 'approve' : 'returnFromReview', {
      actor: systemActor('外部股东登记审核'),
      refusal: '外部股东登记不在审核中',
      data: { returnReason: outcome === 'APPROVED' ? null : (review.reason ?? '已撤回') },
      audit: { after: { reviewId: review.id, reason: review.reason } },
    });
  },
  summary: async (deps, holderId) => {
    const h = await deps.db.minorityHolder.findUniqueOrThrow({ where: { id: holderId } });
    const ratio = `${decimalString(h.holdingRatio)}%`;
    return {
      amount: null,
      text: `${h.name}（${MINORITY_HOLDER_TYPE_LABEL[h.type]}）持股 ${ratio}`,
      lines: [
        { label: '股东名称', value: h.name },
        { label: '类型', value: MINORITY_HOLDER_TYPE_LABEL[h.type] },
        { label: h.type === 'PERSON' ? '身份证号' : '统一社会信用代码', value: h.certificateHint },
        { label: '持股比例', value: ratio },
        { label: '开户行', value: h.bankName ?? '—' },
        { label: '联系人', value: [h.contactName, h.contactPhone].filter(Boolean).join(' ') || '—' },
      ],
    };
  },
};

export async function submitHolderForReview(
  deps: Deps,
  who: AuditActor,
  projectId: number,
  holderId: number,
  version: number,
) {
  return deps.db.$transaction(async (tx) => {
    const h = await lockHolder(tx, projectId, holderId);
    assertState(holderMachine, h.status, ['DRAFT', 'RETURNED'], '申请审核');
    if (h.version !== version) throw versionConflict('外部股东', h.version);
    const review = await submitForReview(tx, deps, who, {
      subjectType: HOLDER_REVIEW,
      subjectId: holderId,
      projectId,
      title: `${await projectNameOf(tx, projectId)} 外部股东登记：${h.name}`,
    });
    await transitionHolder(tx, holderId, 'submit', {
      actor: who,
      expected: h,
      data: { returnReason: null },
      audit: { after: { reviewId: review.id } },
    });
    return { reviewId: review.id };
  });
}
