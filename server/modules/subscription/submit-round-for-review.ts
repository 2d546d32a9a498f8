import type { Deps } from '../../deps';
import type { Tx } from '../../lib/db';
import { invalidState } from '../../lib/errors';
import { LEVEL_LABEL } from '../../../shared/api/scheme';
import { dec, formatMoney, sumMoney } from '../../../shared/money';
import { effectiveUpperLimit, LEVELS, sumByLevel } from '../../../shared/scheme-math';
import type { AuditActor } from '../../lib/audit';
import { submitForReview } from '../reviews/service';
import { assertMandatoryAcknowledged, recordAcknowledgement } from '../mandatory/check-round';
import { shareableCaps } from './limits';
import {
  heldInProjectByUser,
  loadRound,
  loadScheme,
  projectInvestments,
  projectName,
  roundLinesWithNames,
  type Round,
  type Scheme,
} from './repository';
import { assertRoundIn, transitionRound } from './round-state';

/** Before review: every line within its limits and the per-person cap, every level within its cap (all rounds of the project). */
async function assertWithinCaps(tx: Tx, scheme: Scheme, round: Round): Promise<void> {
  const held = await heldInProjectByUser(tx, round.projectId, round.id);
  for (const l of await roundLinesWithNames(tx, round.id)) {
    if (l.investedAmount === null) throw invalidState(`${l.user.name} 没有投资明细，请先测算`);
    const max = effectiveUpperLimit(scheme, l.maxAmount, held.get(l.userId) ?? 0);
    if (dec(l.investedAmount).greaterThan(max))
      throw invalidState(`${l.user.name} 的投资金额 ${formatMoney(l.investedAmount)} 超过上限 ${formatMoney(max)}`);
  }
  const caps = shareableCaps(scheme);
  const totals = sumByLevel(
    await projectInvestments(tx, round.projectId),
    (l) => l.level,
    (l) => l.investedAmount,
  );
  for (const level of LEVELS) {
    if (totals[level].greaterThan(caps[level]))
      throw invalidState(
        `${LEVEL_LABEL[level]}层级合计 ${formatMoney(totals[level])} 超过上限 ${formatMoney(caps[level])}`,
      );
  }
}

/** 送审: the calculated scheme goes to the business admin (todo + work notification). */
export async function submitRoundForReview(
  deps: Deps,
  who: AuditActor,
  projectId: number,
  roundId: number,
  acknowledgedMandatory?: readonly number[],
) {
  return deps.db.$transaction(async (tx) => {
    const round = await loadRound(tx, projectId, roundId);
    assertRoundIn(round, ['CALCULATED'], '送审');
    await assertWithinCaps(tx, await loadScheme(tx, projectId), round);
    // a 强投 who did not subscribe and was put at the lower limit must be acknowledged, not slip through
    const warnings = await assertMandatoryAcknowledged(tx, projectId, roundId, acknowledgedMandatory);
    const name = await projectName(tx, projectId);
    const total = sumMoney(
      (await tx.roundPartner.findMany({ where: { roundId }, select: { investedAmount: true } })).map(
        (l) => l.investedAmount ?? 0,
      ),
    );
    const review = await submitForReview(tx, deps, who, {
      subjectType: 'ROUND',
      subjectId: roundId,
      projectId,
      title: `${name} ${round.title}方案（合计 ${formatMoney(total)}）`,
    });
    await recordAcknowledgement(tx, who, { projectId, roundId, reviewId: review.id, warnings });
    await transitionRound(tx, roundId, 'submit', {
      actor: who,
      expected: round,
      audit: { after: { reviewId: review.id } },
    });
    return review;
  });
}
