/**
 * Trigger of the exits: when a partner is marked 离职 (contact sync or a DingTalk contact event), every accountant
 * granted a project where the partner still holds a stake gets a DingTalk 待办 "合伙人已离职，请发起退投测算",
 * linked to the project's exit screen in the console with the partner, the type 离职 and the leave date chosen.
 * Written in the transaction that marks the user 离职 (outbox); idempotent per project, partner and accountant.
 * Creates no exit and moves no money. The todos close when the exit flow starts.
 */
import type { Deps } from '../../deps';
import type { Tx } from '../../lib/db';
import { shanghaiDay } from '../../../shared/datetime';
import { enqueueNotifications } from '../notify/outbox';
import { consoleUrl } from '../reviews/service';
import { projectAccountants, projectsHeldBy } from './repository';

export const exitTodoKeyPrefix = (projectId: number, userId: number) => `exit-todo:${projectId}:${userId}:`;

/** The console's exit screen of a project, with the partner (and the type and date) chosen. */
export const exitScreenUrl = (deps: Deps, projectId: number, userId: number, exitDate: string) =>
  consoleUrl(deps, `business/exits?projectId=${projectId}&userId=${userId}&exitType=RESIGNATION&exitDate=${exitDate}`);

/** Queues the 待办 of a partner who left on `leftAt`; returns how many todos were written. */
export async function queueExitTodosForLeftPartner(
  tx: Tx,
  deps: Deps,
  userId: number,
  leftAt: Date = new Date(),
): Promise<number> {
  const user = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { name: true, jobNumber: true } });
  const exitDate = shanghaiDay(leftAt);
  let created = 0;
  for (const project of await projectsHeldBy(tx, userId)) {
    const accountants = (await projectAccountants(tx, project.id)).filter((a) => a.dingUserId && a.id !== userId);
    const url = exitScreenUrl(deps, project.id, userId, exitDate);
    const r = await enqueueNotifications(
      tx,
      accountants.map((a) => ({
        channel: 'TODO' as const,
        kind: 'exit_todo',
        userId: a.id,
        dingUserId: a.dingUserId!,
        dedupeKey: `${exitTodoKeyPrefix(project.id, userId)}${a.id}`,
        todo: {
          op: 'create' as const,
          subject: `【${project.name}】合伙人已离职，请发起退投测算`,
          description: `合伙人 ${user.name}${user.jobNumber ? `（${user.jobNumber}）` : ''} 已于 ${exitDate} 离职，请进行退投测算并发起离职退休流程`,
          detailUrl: { appUrl: url, pcUrl: url },
        },
      })),
    );
    created += r.created;
  }
  return created;
}
