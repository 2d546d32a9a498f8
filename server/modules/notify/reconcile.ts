// A SENT work notification is not yet delivered: getsendresult, asked after a delay, says per person whether it was
// read, dropped as a same-day duplicate, capped or refused, and that outcome is written on each row.
import { Worker, type Job } from 'bullmq';
import { DingtalkError } from '../../dingtalk/client';
import type { Prisma } from '../../generated/prisma/client';
import { ZReconcileJob } from './schemas';
import { errorText } from './settle';
import type { Ctx } from './types';

/** getsendresult's forbidden_list codes (docs/dingtalk.md §3), as the reason a person reads in 通知记录. */
const FORBIDDEN_TEXT: Record<string, string> = {
  '143103': '超过应用每分钟发送上限',
  '143104': '超过企业每分钟发送上限',
  '143105': '超过钉钉每人每天 500 条的上限',
  '143106': '钉钉同日相同内容去重',
  '143205': '超过每人每天的发送上限（第三方应用）',
  '143206': '同日相同内容去重（第三方应用）',
  '1430000': '接收人为空',
  '1430002': '内容含禁止发送的信息',
  '1430003': '触发钉钉开放接口保护',
  '1430004': '接收人受超级高管保护，不能接收应用消息',
};

/** getsendresult → per-user outcome on each row of the task. */
export async function processReconcile(c: Ctx, worker: Worker, job: Job): Promise<unknown> {
  const { taskId } = ZReconcileJob.parse(job.data);
  const rows = await c.deps.db.notification.findMany({
    where: { taskId, status: 'SENT' },
    select: { id: true, dingUserId: true, attempts: true },
  });
  if (!rows.length) return { rows: 0 };
  const client = await c.clients.get();
  let r;
  try {
    r = await client.getSendResult(taskId);
  } catch (err) {
    if (err instanceof DingtalkError && err.isRateLimit) {
      await worker.rateLimit(1000);
      throw Worker.RateLimitError();
    }
    if (err instanceof DingtalkError && !err.retryable) {
      await c.deps.db.notification.updateMany({
        where: { taskId, status: 'SENT' },
        data: { reconciledAt: new Date(), outcome: 'unconfirmed', lastError: `无法查询发送结果：${errorText(err)}` },
      });
      return { unconfirmed: rows.length };
    }
    throw err;
  }
  const forbidden = new Map(r.forbiddenList.map((f) => [f.userid, f.code]));
  const now = new Date();
  const updates: Prisma.PrismaPromise<unknown>[] = [];
  for (const row of rows) {
    const u = row.dingUserId ?? '';
    let data: Prisma.NotificationUpdateManyMutationInput;
    if (r.readUserIds.includes(u)) data = { status: 'DELIVERED', outcome: 'read' };
    else if (r.unreadUserIds.includes(u)) data = { status: 'DELIVERED', outcome: 'unread' };
    else if (forbidden.get(u) === '143106') {
      data =
        row.attempts > 1
          ? { status: 'DELIVERED', outcome: 'delivered_earlier' } // our earlier, interrupted call delivered it; DingTalk dropped the resend
          : { status: 'FAILED', outcome: 'duplicate', lastError: '钉钉同日相同内容去重（143106），该通知未送达' };
    } else if (forbidden.get(u) === '143105')
      data = { status: 'FAILED', outcome: 'daily_cap', lastError: '超过钉钉每人每天 500 条的上限（143105）' };
    else if (forbidden.has(u))
      data = {
        status: 'FAILED',
        outcome: `forbidden_${forbidden.get(u)}`,
        lastError: `钉钉拒绝发送（${forbidden.get(u)}）：${FORBIDDEN_TEXT[forbidden.get(u)!] ?? '流控拦截'}`,
      };
    else if (r.invalidUserIds.includes(u))
      data = { status: 'FAILED', outcome: 'invalid_user', lastError: '钉钉用户无效或已离职' };
    else if (r.failedUserIds.includes(u))
      data = { status: 'FAILED', outcome: 'failed', lastError: '钉钉发送失败（failed_user_id_list）' };
    else data = { outcome: 'pending' };
    updates.push(
      c.deps.db.notification.updateMany({
        where: { id: row.id, status: 'SENT' },
        data: { ...data, reconciledAt: now },
      }),
    );
  }
  await c.deps.db.$transaction(updates);
  return { reconciled: rows.length };
}
