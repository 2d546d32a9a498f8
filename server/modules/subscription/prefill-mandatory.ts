import type { Deps } from '../../deps';
import { moneyString } from '../../../shared/money';
import type { AuditActor } from '../../lib/audit';
import { mandatoryFor } from '../mandatory/check-round';
import { addPartners } from './add-partners';
import { loadRound, roundLines } from './repository';

/**
 * 合伙名单 → 按强投名单添加: everyone on the 强投名单 of the project's company (and the companies above it) who is not
 * on the round yet joins it as 强投 with the list's level and default limits (clamped to the scheme's limits by the
 * usual checks). Those who left the company are skipped and named.
 */
export async function prefillMandatory(deps: Deps, who: AuditActor, projectId: number, roundId: number) {
  await loadRound(deps.db, projectId, roundId); // another project's round: 404 before its lines are read
  const list = await mandatoryFor(deps.db, projectId);
  const onRound = new Set((await roundLines(deps.db, roundId)).map((l) => l.userId));
  const skipped = list.filter((e) => e.user.status !== 'ACTIVE').map((e) => `${e.user.name}（已离职或停用）`);
  const toAdd = list.filter((e) => e.user.status === 'ACTIVE' && !onRound.has(e.userId));
  if (!toAdd.length) return { added: 0, skipped };
  const partners = toAdd.map((e) => ({
    userId: e.userId,
    level: e.level,
    category: 'MANDATORY' as const,
    minAmount: moneyString(e.minAmount),
    maxAmount: moneyString(e.maxAmount),
  }));
  // one transaction with its audit row (add_partners, category 强投), like any other addition
  await addPartners(deps, who, projectId, roundId, { partners });
  return { added: partners.length, skipped };
}
