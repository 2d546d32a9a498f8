import { CATEGORY_LABEL, LEVEL_LABEL } from '../../../shared/api/scheme';
import { dec, formatMoney, moneyString, sumMoney } from '../../../shared/money';
import { systemActor } from '../../lib/audit';
import type { ReviewSubject } from '../reviews/service';
import { latestRoundReviewId, roundForReview, userNames } from './repository';
import type { TReviewPartner } from '../../../shared/api/reviews';
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
    const editors = await userNames(
      deps.db,
      round.partners.flatMap((p) => (p.editedById === null ? [] : [p.editedById])),
    );
    const partners = round.partners.map((p) => reviewPartnerOf(p, editors));
    const positive = (v: string | null) => v !== null && dec(v).greaterThan(0);
    const counts = {
      listed: partners.length,
      subscribed: partners.filter((p) => positive(p.subscribedAmount)).length,
      declined: partners.filter((p) => p.subscribedAmount !== null && dec(p.subscribedAmount).isZero()).length,
      unanswered: partners.filter((p) => p.subscribedAmount === null).length,
      invested: partners.filter((p) => positive(p.investedAmount)).length,
    };
    const total = sumMoney(partners.map((p) => p.investedAmount ?? 0));
    const acknowledged = await acknowledgementLines(deps.db, roundId, await latestRoundReviewId(deps.db, roundId));
    return {
      amount: moneyString(total),
      text: `${round.title}：名单 ${counts.listed} 人，已认购 ${counts.subscribed} 人，计入投资 ${counts.invested} 人，合计 ${formatMoney(total)}`,
      lines: [
        ...acknowledged,
        ...partners.map((p) => ({
          label: `${p.name}（${LEVEL_LABEL[p.level]}·${CATEGORY_LABEL[p.category]}）`,
          value: p.investedAmount ?? '',
          amount: p.investedAmount !== null,
          note: reviewNote(p),
        })),
      ],
      partners,
      counts,
    };
  },
};

type ReviewLine = Awaited<ReturnType<typeof roundForReview>>['partners'][number];

/** A list line as the reviewer reads it: every amount as decimal text, the edit and who made it. */
export function reviewPartnerOf(p: ReviewLine, editors: Map<number, string>): TReviewPartner {
  const text = (v: ReviewLine['investedAmount']) => (v === null ? null : moneyString(v));
  const invested = text(p.investedAmount);
  const allocated = text(p.allocatedAmount);
  const subscribed = text(p.subscribedAmount);
  const changed = invested !== null && allocated !== null && !dec(invested).equals(allocated);
  return {
    lineId: p.id,
    name: p.user.name,
    level: p.level,
    category: p.category,
    minAmount: moneyString(p.minAmount),
    maxAmount: moneyString(p.maxAmount),
    subscribedAmount: subscribed,
    allocatedAmount: allocated,
    investedAmount: invested,
    adjustment: changed ? moneyString(dec(invested).minus(allocated)) : null,
    editReason: p.editReason,
    editedBy: p.editedById === null ? null : (editors.get(p.editedById) ?? null),
    mandatoryPlaced:
      p.category === 'MANDATORY' &&
      (subscribed === null || dec(subscribed).isZero()) &&
      invested !== null &&
      dec(invested).greaterThan(0),
  };
}

/** The second line under a person in the mini-program's 审批详情: what they subscribed, 测算, the edit and why. */
export function reviewNote(p: TReviewPartner): string {
  const parts = [
    p.subscribedAmount === null
      ? '未认购'
      : dec(p.subscribedAmount).isZero()
        ? '放弃认购（¥0）'
        : `认购 ${formatMoney(p.subscribedAmount)}`,
    `测算 ${formatMoney(p.allocatedAmount)}`,
  ];
  if (p.adjustment !== null)
    parts.push(
      `调整 ${dec(p.adjustment).greaterThan(0) ? '+' : ''}${formatMoney(p.adjustment)}${p.editReason ? `：${p.editReason}` : ''}`,
    );
  if (p.mandatoryPlaced) parts.push('强投未认购，按强投计入');
  return parts.join('；');
}
