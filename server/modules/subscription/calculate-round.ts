import type { Deps } from '../../deps';
import type { Tx } from '../../lib/db';
import { AppError, invalidState } from '../../lib/errors';
import { formatDateTime } from '../../../shared/datetime';
import { dec, moneyString } from '../../../shared/money';
import { LEVELS, levelCaps, levelRatios, sumByLevel } from '../../../shared/scheme-math';
import type { AuditActor } from '../../lib/audit';
import { allocate } from './calc/allocation';
import { supplementCapacity } from '../capital/calc/supplement';
import {
  heldInProjectByUser,
  loadRound,
  loadScheme,
  partnerNames,
  projectLedger,
  roundLines,
  type Round,
  type Scheme,
} from './repository';
import { assertRoundIn, transitionRound } from './round-state';

/** Runs 测算 over the subscriptions and stores it as the draft 投资明细 (edits start again from it). */
export async function calculateRound(deps: Deps, who: AuditActor, projectId: number, roundId: number) {
  return deps.db.$transaction(async (tx) => {
    const round = await loadRound(tx, projectId, roundId);
    assertRoundIn(round, ['OPEN', 'CALCULATED'], '测算');
    if (round.status === 'OPEN' && new Date() <= round.deadline)
      throw invalidState(`认购截止（${formatDateTime(round.deadline)}）后才能测算`);
    const scheme = await loadScheme(tx, projectId);
    const lines = await roundLines(tx, roundId);
    if (!lines.length) throw invalidState('合伙名单为空');
    const names = await partnerNames(
      tx,
      lines.map((l) => l.userId),
    );
    // a supplement round shares only what is left of each level (shareable cap − what partners hold, from the
    // ledger); the per-person cap counts what each partner holds across rounds
    const ledger = await projectLedger(tx, projectId);
    const supplement = round.kind === 'SUPPLEMENT' && ledger.some((e) => e.kind === 'COMMITMENT');
    const capacity = supplement ? supplementCapacity(ledger, levelCaps(scheme), dec(scheme.allocationUnit)) : [];
    const held = await heldInProjectByUser(tx, projectId, roundId);
    const result = allocate({
      peakCapital: dec(scheme.peakCapital),
      levelRatios: levelRatios(scheme),
      allocationUnit: dec(scheme.allocationUnit),
      perPersonCapRatio: scheme.perPersonCapRatio ? dec(scheme.perPersonCapRatio) : null,
      caps: supplement ? Object.fromEntries(capacity.map((c) => [c.level, c.capacity])) : undefined,
      partners: lines.map((l) => ({
        id: l.id,
        name: names.get(l.userId) ?? null,
        level: l.level,
        category: l.category,
        min: dec(l.minAmount),
        max: dec(l.maxAmount),
        subscribed: l.subscribedAmount === null ? null : dec(l.subscribedAmount),
        held: held.get(l.userId) ?? null,
      })),
    });
    if (!result.ok) throw new AppError('UNPROCESSABLE', result.message, { code: result.code, ...result.details });
    for (const line of result.lines) {
      await tx.roundPartner.update({
        where: { id: line.id },
        data: {
          allocatedAmount: moneyString(line.allocated),
          investedAmount: moneyString(line.allocated),
          editReason: null,
          editedById: null,
          version: { increment: 1 },
        },
      });
    }
    const platform = await storePlatform(tx, round, scheme);
    const caps = levelCaps(scheme);
    const snapshot = {
      lines: result.lines.map((l) => ({ id: l.id, allocated: moneyString(l.allocated) })),
      levels: result.levels.map((l) => ({
        level: l.level,
        cap: moneyString(caps[l.level]),
        allocated: moneyString(l.allocatedTotal),
        platform: moneyString(platform[l.level]),
      })),
    };
    await transitionRound(tx, roundId, 'calculate', {
      actor: who,
      expected: round,
      data: { calculatedAt: new Date(), calcSnapshot: snapshot },
      audit: { after: snapshot },
    });
  });
}

/**
 * 平台公司 of an 立项认购: what partners leave of each level's cap, to the cent (the sub-unit remainder of a cap is
 * always the platform's), so partners + platform = the level cap. Supplement rounds have no platform share.
 */
export async function storePlatform(tx: Tx, round: Pick<Round, 'id' | 'kind'>, scheme: Scheme) {
  const caps = levelCaps(scheme);
  const invested = sumByLevel(
    await roundLines(tx, round.id),
    (l) => l.level,
    (l) => l.investedAmount,
  );
  const platform = Object.fromEntries(LEVELS.map((l) => [l, caps[l].minus(invested[l])])) as typeof caps;
  await tx.platformAllocation.deleteMany({ where: { roundId: round.id } });
  if (round.kind === 'INITIAL')
    await tx.platformAllocation.createMany({
      data: LEVELS.filter((l) => platform[l].greaterThan(0)).map((level) => ({
        roundId: round.id,
        level,
        amount: moneyString(platform[level]),
      })),
    });
  return platform;
}
