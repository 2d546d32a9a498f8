// DingTalk 待办: created with sourceId = the row id (so a repeated create answers "task exist"), and completed once
// the todo they refer to has been created.
import type { Job, Worker } from 'bullmq';
import { DingtalkError } from '../../dingtalk/client';
import { claim, InFlightError } from './claim';
import { jobIdFor } from './queues';
import { ZSendJob, ZTodoPayload } from './schemas';
import { handleSendError, settleFailed, settleRequeue } from './settle';
import type { Ctx } from './types';

export async function processTodo(c: Ctx, worker: Worker, job: Job): Promise<unknown> {
  const { ids } = ZSendJob.parse(job.data);
  const jobId = job.id ?? jobIdFor(BigInt(ids[0]!));
  const { rows, inFlight } = await claim(c.deps, ids.map(BigInt), jobId, c.opts);
  if (!rows.length) {
    if (inFlight) throw new InFlightError(inFlight);
    return { skipped: ids.length };
  }
  const client = await c.clients.get();
  for (const row of rows) {
    const todo = ZTodoPayload.safeParse((row.payload as { todo?: unknown } | null)?.todo);
    if (!todo.success || !row.dingUserId) {
      await settleFailed(c.deps, [row.id], '待办内容不合法');
      continue;
    }
    try {
      if (todo.data.op === 'create') {
        const executor = (await client.getUser(row.dingUserId)).unionid;
        const creator = todo.data.creatorDingUserId
          ? (await client.getUser(todo.data.creatorDingUserId)).unionid
          : executor;
        try {
          const created = await client.createTodo(creator, {
            subject: todo.data.subject,
            description: todo.data.description,
            detailUrl: todo.data.detailUrl,
            dueTime: todo.data.dueTime,
            executorIds: [executor],
            sourceId: `n-${row.id}`,
          });
          await c.deps.db.notification.update({
            where: { id: row.id },
            data: {
              status: 'DELIVERED',
              outcome: 'created',
              taskId: created.id,
              sentAt: new Date(),
              sendingAt: null,
              lastError: null,
            },
          });
        } catch (err) {
          // sourceId = row id: "task exist" means an earlier, interrupted call created it
          if (!(
            err instanceof DingtalkError &&
            err.code === 'todo.taskCreate.paramError' &&
            /task exist/.test(err.message)
          ))
            throw err;
          await c.deps.db.notification.update({
            where: { id: row.id },
            data: { status: 'DELIVERED', outcome: 'exists', sentAt: new Date(), sendingAt: null, lastError: null },
          });
        }
      } else {
        const original = await c.deps.db.notification.findUnique({ where: { dedupeKey: todo.data.todoDedupeKey } });
        if (!original || original.status === 'FAILED' || original.status === 'CANCELLED') {
          await settleFailed(c.deps, [row.id], '要完成的待办不存在或未创建成功');
          continue;
        }
        if (!original.taskId) {
          if (original.status === 'DELIVERED') {
            await settleFailed(c.deps, [row.id], '待办已创建但未取得其 ID，无法自动完成');
            continue;
          }
          await settleRequeue(c.deps, [row.id], '待办尚未创建，稍后完成');
          throw new InFlightError(1);
        }
        const orig = ZTodoPayload.parse((original.payload as { todo?: unknown } | null)?.todo);
        const ownerUserid =
          orig.op === 'create' && orig.creatorDingUserId ? orig.creatorDingUserId : original.dingUserId!;
        await client.completeTodo((await client.getUser(ownerUserid)).unionid, original.taskId);
        await c.deps.db.notification.update({
          where: { id: row.id },
          data: { status: 'DELIVERED', outcome: 'completed', sentAt: new Date(), sendingAt: null, lastError: null },
        });
      }
    } catch (err) {
      if (err instanceof InFlightError) throw err;
      await handleSendError(c.deps, worker, job, [row.id], err, 1000);
    }
  }
  return { rows: rows.length };
}
