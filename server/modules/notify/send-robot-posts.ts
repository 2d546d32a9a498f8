// Group robot posts, one row at a time with msgUuid = the row id (DingTalk's own idempotency key), through the
// robot's decrypted webhook token and 加签 secret.
import type { Job, Worker } from 'bullmq';
import { openSecret } from '../../lib/secret-box';
import { claim, InFlightError } from './claim';
import { jobIdFor } from './queues';
import { ZRobotMessage, ZSendJob } from './schemas';
import { handleSendError, settleFailed } from './settle';
import type { Ctx } from './types';

export async function processRobot(c: Ctx, worker: Worker, job: Job): Promise<unknown> {
  const { ids } = ZSendJob.parse(job.data);
  const jobId = job.id ?? jobIdFor(BigInt(ids[0]!));
  const { rows, inFlight } = await claim(c.deps, ids.map(BigInt), jobId, c.opts);
  if (!rows.length) {
    if (inFlight) throw new InFlightError(inFlight);
    return { skipped: ids.length };
  }
  const client = await c.clients.get();
  for (const row of rows) {
    const message = ZRobotMessage.safeParse((row.payload as { message?: unknown } | null)?.message);
    const robot = row.robotId ? await c.deps.db.robotWebhook.findUnique({ where: { id: row.robotId } }) : null;
    if (!message.success || !robot || !robot.active) {
      await settleFailed(c.deps, [row.id], !robot || !robot.active ? '机器人不存在或已停用' : '机器人消息内容不合法');
      continue;
    }
    try {
      const key = c.deps.config.secretKey;
      await client.sendRobotMessage(
        {
          accessToken: openSecret(robot.accessTokenEnc, key),
          secret: robot.secretEnc ? openSecret(robot.secretEnc, key) : null,
        },
        { ...message.data, msgUuid: `n-${row.id}` },
      );
    } catch (err) {
      await handleSendError(c.deps, worker, job, [row.id], err, 60_000);
      continue;
    }
    await c.deps.db.notification.update({
      where: { id: row.id },
      data: { status: 'DELIVERED', outcome: 'posted', sentAt: new Date(), sendingAt: null, lastError: null },
    });
  }
  return { rows: rows.length };
}
