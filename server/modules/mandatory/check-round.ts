/**
 * A round against the 强投名单: who on the list of the project's company (or a company above it) is missing from the
 * partner list or is on it but not as 强投, and — after 测算 — every 强投 who did not subscribe and was placed at
 * their lower limit. The accountant must acknowledge the latter before 送审 (they were easy to miss as a grey
 * 未认购); the acknowledgement is recorded with the review and shown to the reviewer in 方案审核.
 */
import type { Deps } from '../../deps';
import type { Db, Tx } from '../../lib/db';
import { writeAudit, type AuditActor } from '../../lib/audit';
import { AppError } from '../../lib/errors';
import type { TMandatoryCheck, TMandatoryWarning } from '../../../shared/api/mandatory';
import { formatDateTime } from '../../../shared/datetime';
import { dec, formatMoney, moneyString } from '../../../shared/money';
import { companiesAbove, findEntries, insertAcknowledgement, latestAcknowledgement, roundLinesOf } from './repository';

/** The list entries that apply to a project: one per person, the nearest company's entry first. */
export async function mandatoryFor(db: Db | Tx, projectId: number) {
  const units = await companiesAbove(db, projectId);
  const entries = (await findEntries(db, units)).sort(
    (a, b) => units.indexOf(a.orgUnitId) - units.indexOf(b.orgUnitId) || a.id - b.id,
  );
  const seen = new Set<number>();
  return entries.filter((e) => !seen.has(e.userId) && seen.add(e.userId));
}

type Line = Awaited<ReturnType<typeof roundLinesOf>>[number];

/** 强投 who did not subscribe (no answer or 0) and whose 投资明细 is exactly their lower limit (> 0). */
export const unsubscribedAtMinimum = (lines: readonly Line[]): TMandatoryWarning[] =>
  lines
    .filter(
      (l) =>
        l.category === 'MANDATORY' &&
        (l.subscribedAmount === null || dec(l.subscribedAmount).isZero()) &&
        l.investedAmount !== null &&
        dec(l.minAmount).greaterThan(0) &&
        dec(l.investedAmount).equals(l.minAmount),
    )
    .map((l) => ({
      lineId: l.id,
      userId: l.userId,
      name: l.user.name,
      minAmount: moneyString(l.minAmount),
      investedAmount: moneyString(l.investedAmount!),
    }));

export async function checkRound(deps: Deps, projectId: number, roundId: number): Promise<TMandatoryCheck> {
  const lines = await roundLinesOf(deps.db, projectId, roundId);
  const list = (await mandatoryFor(deps.db, projectId)).filter((e) => e.user.status === 'ACTIVE');
  const byUser = new Map(lines.map((l) => [l.userId, l]));
  const ack = await latestAcknowledgement(deps.db, roundId);
  return {
    missing: list
      .filter((e) => !byUser.has(e.userId))
      .map((e) => ({
        userId: e.userId,
        name: e.user.name,
        position: e.position,
        level: e.level,
        minAmount: moneyString(e.minAmount),
        maxAmount: moneyString(e.maxAmount),
      })),
    notMandatory: list
      .filter((e) => byUser.has(e.userId) && byUser.get(e.userId)!.category !== 'MANDATORY')
      .map((e) => ({ userId: e.userId, name: e.user.name, position: e.position })),
    unsubscribedAtMinimum: unsubscribedAtMinimum(lines),
    acknowledged: ack
      ? {
          at: ack.createdAt.toISOString(),
          by: ack.acknowledgedByName,
          userIds: (ack.warnings as TMandatoryWarning[]).map((w) => w.userId),
        }
      : null,
  };
}

/**
 * At 送审: refuses (409, every name and amount in the message) unless each 强投 placed at the lower limit without
 * subscribing is acknowledged by its partner-list line id. Returns what to record once the review exists.
 */
export async function assertMandatoryAcknowledged(
  tx: Tx,
  projectId: number,
  roundId: number,
  acknowledged: readonly number[] | undefined,
): Promise<TMandatoryWarning[]> {
  const warnings = unsubscribedAtMinimum(await roundLinesOf(tx, projectId, roundId));
  const ok = new Set(acknowledged ?? []);
  const open = warnings.filter((w) => !ok.has(w.lineId));
  if (open.length)
    throw new AppError(
      'INVALID_STATE',
      `送审前请确认强投提示：${open.map((w) => `${w.name} 未认购，已按认购下限 ${formatMoney(w.minAmount)} 计入`).join('；')}`,
      { reason: 'MANDATORY_ACK_REQUIRED', warnings: open },
    );
  return warnings;
}

/** Records the acknowledgement with the review it went with (and audits it on the round). */
export async function recordAcknowledgement(
  tx: Tx,
  who: AuditActor,
  s: { projectId: number; roundId: number; reviewId: number; warnings: TMandatoryWarning[] },
) {
  if (!s.warnings.length) return;
  await insertAcknowledgement(tx, {
    roundId: s.roundId,
    reviewId: s.reviewId,
    warnings: s.warnings,
    acknowledgedById: who.actorId,
    acknowledgedByName: who.actorName,
  });
  await writeAudit(tx, who, {
    action: 'acknowledge_mandatory',
    entity: 'SubscriptionRound',
    entityId: s.roundId,
    projectId: s.projectId,
    after: { reviewId: s.reviewId, warnings: s.warnings },
  });
}

/** For the reviewer (方案审核): the acknowledged warnings of this review, as summary lines. */
export async function acknowledgementLines(db: Db | Tx, roundId: number, reviewId: number | null) {
  const ack = await latestAcknowledgement(db, roundId);
  if (!ack || ack.reviewId !== reviewId) return [];
  return (ack.warnings as TMandatoryWarning[]).map((w) => ({
    label: `强投未认购：${w.name}（按认购下限计入，${ack.acknowledgedByName ?? ''} ${formatDateTime(ack.createdAt)} 送审时已确认）`,
    value: w.minAmount,
    amount: true,
  }));
}
