import type { Deps } from '../../deps';
import { notFound } from '../../lib/errors';
import { writeAudit, type AuditActor } from '../../lib/audit';
import { findLine, loadRound } from './repository';
import { assertRoundIn, touchRound } from './round-state';

/** 移出合伙名单, while the round is a draft or open. */
export async function removePartner(deps: Deps, who: AuditActor, projectId: number, roundId: number, lineId: number) {
  await deps.db.$transaction(async (tx) => {
    const round = await loadRound(tx, projectId, roundId);
    assertRoundIn(round, ['DRAFT', 'OPEN'], '修改合伙名单');
    const line = await findLine(tx, roundId, lineId);
    if (!line) throw notFound('合伙人');
    await tx.roundPartner.delete({ where: { id: lineId } });
    await touchRound(tx, round);
    const { user: _user, ...before } = line;
    await writeAudit(tx, who, {
      action: 'remove_partner',
      entity: 'RoundPartner',
      entityId: lineId,
      projectId,
      before,
    });
  });
}
