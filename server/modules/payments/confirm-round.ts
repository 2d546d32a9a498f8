import type { Deps } from '../../deps';
import type { Tx } from '../../lib/db';
import { shanghaiDay } from '../../../shared/datetime';
import { systemActor } from '../../lib/audit';
import { transitionRound } from '../subscription/round-state';

/** The 事业合伙立项 / 补充立项 flow completed: the round is confirmed and each partner owes their 投资明细. */
export async function confirmRound(tx: Tx, _deps: Deps, roundId: number): Promise<void> {
  const round = await tx.subscriptionRound.findUniqueOrThrow({
    where: { id: roundId },
    select: { id: true, projectId: true, status: true, version: true, dueDate: true },
  });
  const scheme = await tx.projectScheme.findUniqueOrThrow({
    where: { projectId: round.projectId },
    select: { paymentDueDays: true },
  });
  // Partners get at least paymentDueDays from today to pay: a planned due date that approvals have overtaken moves out.
  const earliest = new Date(`${shanghaiDay(Date.now() + scheme.paymentDueDays * 86_400_000)}T00:00:00Z`);
  const dueDate = round.dueDate && round.dueDate >= earliest ? round.dueDate : earliest;
  const lines = await tx.roundPartner.findMany({
    where: { roundId, investedAmount: { gt: 0 } },
    select: { id: true, userId: true, investedAmount: true },
  });
  // the state first: a round not 审核通过 creates no amounts due
  await transitionRound(tx, roundId, 'confirm', {
    actor: systemActor('立项流程完成'),
    expected: round,
    refusal: '认购方案未审核通过',
    data: { dueDate },
    audit: { after: { dueDate, dues: lines.map((l) => ({ userId: l.userId, amountDue: l.investedAmount })) } },
  });
  await tx.paymentDue.createMany({
    data: lines.map((l) => ({
      roundPartnerId: l.id,
      projectId: round.projectId,
      userId: l.userId,
      amountDue: l.investedAmount!,
      dueDate,
    })),
    skipDuplicates: true,
  });
}
