import type { z } from 'zod';
import type { Deps } from '../../deps';
import { AppError, invalidState } from '../../lib/errors';
import type { ZRoundCreate } from '../../../shared/api/scheme';
import { formatDate } from '../../../shared/datetime';
import { writeAudit, type AuditActor } from '../../lib/audit';
import { loadScheme, roundsOfProject } from './repository';

/** A new round (立项认购 first, then 补投认购 once every earlier round is 已立项), as a 草稿. */
export async function createRound(deps: Deps, who: AuditActor, projectId: number, input: z.infer<typeof ZRoundCreate>) {
  return deps.db.$transaction(async (tx) => {
    await loadScheme(tx, projectId);
    const rounds = await roundsOfProject(tx, projectId);
    if (input.kind === 'INITIAL' && rounds.length) throw invalidState('该项目已有立项认购，新增合伙请建【补投认购】');
    if (input.kind === 'SUPPLEMENT') {
      if (!rounds.length) throw invalidState('请先完成立项认购');
      const open = rounds.find((r) => !['CONFIRMED', 'CLOSED'].includes(r.status));
      if (open) throw invalidState(`【${open.title}】尚未立项，完成后再建补投认购`);
    }
    const deadline = new Date(input.deadline);
    if (deadline <= new Date())
      throw new AppError('VALIDATION_FAILED', '认购截止时间应晚于当前时间', [
        { path: 'deadline', message: '认购截止时间应晚于当前时间' },
      ]);
    if (input.dueDate && input.dueDate < formatDate(deadline))
      throw new AppError('VALIDATION_FAILED', '缴款截止日不能早于认购截止日', [
        { path: 'dueDate', message: '缴款截止日不能早于认购截止日' },
      ]);
    const seq = rounds.length + 1;
    const title = input.title ?? (input.kind === 'INITIAL' ? '立项认购' : `补投认购（第 ${seq - 1} 次）`);
    // no status: a round starts as DRAFT (the column's default); only round-state.ts moves it on
    const round = await tx.subscriptionRound.create({
      data: {
        projectId,
        kind: input.kind,
        seq,
        title,
        deadline,
        dueDate: input.dueDate ? new Date(`${input.dueDate}T00:00:00Z`) : null,
        createdById: who.actorId,
      },
    });
    await writeAudit(tx, who, {
      action: 'create',
      entity: 'SubscriptionRound',
      entityId: round.id,
      projectId,
      after: round,
    });
    return round;
  });
}
