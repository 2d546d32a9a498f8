import type { Tx } from '../../lib/db';
import type { AuditActor } from '../../lib/audit';
import { roundMachine, transitionRound } from '../subscription/round-state';

/** A round is 已完成 once nothing in it is left to pay. Locks the round row so two last payments cannot both miss it. */
export async function closeRoundIfSettled(tx: Tx, roundPartnerId: number | null, who: AuditActor): Promise<void> {
  if (roundPartnerId === null) return; // 补缴 / 退款 dues belong to a scheme change, not to a round
  const { roundId } = await tx.roundPartner.findUniqueOrThrow({
    where: { id: roundPartnerId },
    select: { roundId: true },
  });
  const round = await roundMachine.store.lock(tx, roundId);
  if (round?.status !== 'CONFIRMED') return;
  const open = await tx.paymentDue.count({
    where: { roundPartner: { roundId }, status: { in: ['UNPAID', 'PARTIAL'] } },
  });
  if (open) return;
  await transitionRound(tx, roundId, 'close', { actor: who, expected: round });
}
