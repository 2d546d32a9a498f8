/**
 * Trigger of the exits: when a partner is marked 离职 (contact sync or a DingTalk contact event), every accountant
 * granted a project where the partner still holds a stake gets a DingTalk 待办 "合伙人已离职，请发起退投测算",
 * linked to the project's exit screen in the console with the partner, the type 离职 and the leave date chosen.
 * Written in the transaction that marks the user 离职 (outbox); idempotent per project, partner and accountant.
 * Creates no exit and moves no money. The todos close when the exit flow starts, or when the partner becomes active
 * again before an exit (contact sync or DingTalk's user_active_org: `closeExitTodos`; the 离 mark follows the status).
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
        // the leave date in the key: a partner who comes back and leaves again later gets new todos
        dedupeKey: `${exitTodoKeyPrefix(project.id, userId)}${a.id}:${exitDate}`,
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

/**
 * Completes the open 离职 待办 of a partner — in one project (the exit flow started) or in every project (the partner
 * is active again) — through the outbox (a DingTalk todo update). Idempotent: each todo is completed once.
 */
export async function closeExitTodos(
  tx: Tx,
  userId: number,
  projectId: number | null,
  kind: 'exit_todo_done' | 'exit_todo_rejoined',
): Promise<number> {
  const todos = await tx.notification.findMany({
    where: {
      channel: 'TODO',
      kind: 'exit_todo',
      dedupeKey:
        projectId === null
          ? { startsWith: 'exit-todo:', contains: `:${userId}:` }
          : { startsWith: exitTodoKeyPrefix(projectId, userId) },
    },
    select: { dedupeKey: true, userId: true, dingUserId: true },
  });
  // exit-todo:<projectId>:<userId>:<accountantId>:<day>: the partner is the third part
  const mine = todos.filter((t) => t.dingUserId && t.dedupeKey?.split(':')[2] === String(userId));
  const r = await enqueueNotifications(
    tx,
    mine.map((t) => ({
      channel: 'TODO' as const,
      kind,
      userId: t.userId ?? undefined,
      dingUserId: t.dingUserId!,
      dedupeKey: `${t.dedupeKey}:done`,
      todo: { op: 'complete' as const, todoDedupeKey: t.dedupeKey! },
    })),
  );
  return r.created;
}
