import { CATEGORY_LABEL, LEVEL_LABEL } from '../../../shared/api/scheme';
import { dec, formatMoney, moneyString, sumMoney } from '../../../shared/money';
import { systemActor } from '../../lib/audit';
import type { ReviewSubject } from '../reviews/service';
import { latestRoundReviewId, roundForReview } from './repository';
import { acknowledgementLines } from '../mandatory/check-round';
import { transitionRound } from './round-state';

/**
 * 方案审核 of a round (review subject ROUND): approval lets the BPM flow start; rejection or withdrawal sends it
 * back to 投资明细 for edits. Registered with the reviews module at start (modules/event-handlers.ts).
 */
export const roundReviewSubject: ReviewSubject = {
  label: '方案审核',
  onDecided: async (tx, review, outcome) => {
    await transitionRound(tx, review.subjectId, outcome === 'APPROVED' ? 'approve' : 'returnFromReview', {
      actor: systemActor('方案审核'),
      refusal: '认购轮次不在审核中',
      audit: { after: { reviewId: review.id, reason: review.reason } },
    });
  },
  summary: async (deps, roundId) => {
    const round = await roundForReview(deps.db, roundId);
    const total = sumMoney(round.partners.map((p) => p.investedAmount ?? 0));
    const acknowledged = await acknowledgementLines(deps.db, roundId, await latestRoundReviewId(deps.db, roundId));
    return {
      amount: moneyString(total),
      text: `${round.title}：${round.partners.filter((p) => dec(p.investedAmount ?? 0).greaterThan(0)).length} 人，合计 ${formatMoney(total)}`,
      lines: [
        ...acknowledged,
        ...round.partners
          .filter((p) => p.investedAmount !== null)
          .map((p) => ({
            label: `${p.user.name}（${LEVEL_LABEL[p.level]}·${CATEGORY_LABEL[p.category]}）`,
            value: moneyString(p.investedAmount ?? 0),
            amount: true,
          })),
      ],
    };
  },
};
