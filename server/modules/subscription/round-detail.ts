import type { Deps } from '../../deps';
import { LEVEL_LABEL } from '../../../shared/api/scheme';
import { formatDate } from '../../../shared/datetime';
import { moneyString } from '../../../shared/money';
import { LEVELS, levelCaps, personCap, sumByLevel } from '../../../shared/scheme-math';
import { partnerMarksIn } from '../exits/repository';
import { latestRoundReview, loadRound, loadScheme, platformOfRound, roundLinesForDetail } from './repository';

/** The round as the accountant works on it: every line with limits, subscription, 测算, 投资明细 and payment, plus level totals. */
export async function roundDetail(deps: Deps, projectId: number, roundId: number) {
  const round = await loadRound(deps.db, projectId, roundId);
  const scheme = await loadScheme(deps.db, projectId);
  const [lines, platform, review] = await Promise.all([
    roundLinesForDetail(deps.db, roundId),
    platformOfRound(deps.db, roundId),
    latestRoundReview(deps.db, roundId),
  ]);
  const marks = await partnerMarksIn(
    deps.db,
    projectId,
    lines.map((l) => l.user),
  );
  const caps = levelCaps(scheme);
  const subscribed = sumByLevel(
    lines,
    (l) => l.level,
    (l) => l.subscribedAmount,
  );
  const allocated = sumByLevel(
    lines,
    (l) => l.level,
    (l) => l.allocatedAmount,
  );
  const invested = sumByLevel(
    lines,
    (l) => l.level,
    (l) => l.investedAmount,
  );
  const levels = LEVELS.filter((l) => caps[l].greaterThan(0) || lines.some((x) => x.level === l)).map((level) => ({
    level,
    label: LEVEL_LABEL[level],
    cap: moneyString(caps[level]),
    subscribed: moneyString(subscribed[level]),
    allocated: moneyString(allocated[level]),
    invested: moneyString(invested[level]),
    platform: moneyString(platform.find((p) => p.level === level)?.amount ?? 0),
  }));
  const cap = personCap(scheme);
  return {
    round: {
      id: round.id,
      kind: round.kind,
      seq: round.seq,
      title: round.title,
      status: round.status,
      deadline: round.deadline.toISOString(),
      dueDate: round.dueDate ? formatDate(round.dueDate) : null,
      noticeSentAt: round.noticeSentAt?.toISOString() ?? null,
      calculatedAt: round.calculatedAt?.toISOString() ?? null,
      version: round.version,
    },
    unit: moneyString(scheme.allocationUnit),
    personCap: cap ? moneyString(cap) : null,
    levels,
    lines: lines.map((l) => ({
      id: l.id,
      user: {
        id: l.user.id,
        name: l.user.name,
        company: l.user.orgUnit?.name ?? null,
        status: l.user.status,
        marks: marks.get(l.user.id) ?? [],
      },
      level: l.level,
      category: l.category,
      minAmount: moneyString(l.minAmount),
      maxAmount: moneyString(l.maxAmount),
      subscribedAmount: l.subscribedAmount === null ? null : moneyString(l.subscribedAmount),
      subscribedAt: l.subscribedAt?.toISOString() ?? null,
      allocatedAmount: l.allocatedAmount === null ? null : moneyString(l.allocatedAmount),
      investedAmount: l.investedAmount === null ? null : moneyString(l.investedAmount),
      editReason: l.editReason,
      payment: l.payment
        ? {
            id: l.payment.id,
            amountDue: moneyString(l.payment.amountDue),
            paidAmount: moneyString(l.payment.paidAmount),
            status: l.payment.status,
            dueDate: formatDate(l.payment.dueDate),
            version: l.payment.version,
          }
        : null,
      version: l.version,
    })),
    review: review && {
      id: review.id,
      status: review.status,
      reason: review.reason,
      decidedAt: review.decidedAt?.toISOString() ?? null,
      version: review.version,
    },
  };
}
