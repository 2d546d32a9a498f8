/**
 * The scheme's limits as the subscription use cases apply them — all arithmetic from shared/scheme-math, so the
 * BFF, the console and the mini-program agree to the cent.
 */
import type { Tx } from '../../lib/db';
import { dec, formatMoney, type Dec } from '../../../shared/money';
import { isMultipleOfUnit, levelCaps, personCap, shareableOf, effectiveUpperLimit } from '../../../shared/scheme-math';
import type { Level } from '../../../shared/scheme-math';
import { heldInProject, type Scheme } from './repository';

/** Limits must be whole allocation units, lower ≤ upper, and the upper within the per-person cap. */
export function checkLimits(scheme: Scheme, min: string, max: string): string | null {
  const unit = scheme.allocationUnit;
  if (!isMultipleOfUnit(min, unit) || !isMultipleOfUnit(max, unit))
    return `认购上下限须为分配单位 ${formatMoney(unit)} 的整数倍`;
  if (dec(min).greaterThan(dec(max))) return '认购下限不能高于上限';
  const cap = personCap(scheme);
  if (cap && dec(max).greaterThan(cap)) return `认购上限不能超过单人上限 ${formatMoney(cap)}`;
  return null;
}

/**
 * The most this partner may hold in this round: their listed 认购上限, lowered to what the per-person cap leaves
 * after what they already hold in the project's confirmed rounds.
 */
export async function upperLimitOf(
  tx: Tx,
  scheme: Scheme,
  line: { userId: number; roundId: number; maxAmount: unknown },
): Promise<Dec> {
  const held = await heldInProject(tx, scheme.projectId, line.userId, line.roundId);
  return effectiveUpperLimit(scheme, String(line.maxAmount), held);
}

/** What partners may share of each level's cap (the cap to the cent, rounded down to the allocation unit). */
export function shareableCaps(scheme: Scheme): Record<Level, Dec> {
  const caps = levelCaps(scheme);
  return Object.fromEntries(
    (Object.keys(caps) as Level[]).map((l) => [l, shareableOf(caps[l], scheme.allocationUnit)]),
  ) as Record<Level, Dec>;
}
