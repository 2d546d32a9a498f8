/**
 * Notification pipeline: outbox rows (PostgreSQL) → relay → BullMQ → workers → DingTalk → reconciliation.
 *
 * Guarantees (see server/dingtalk/README.md):
 * - never lost: a row is the source of truth from the business transaction on; the relay enqueues it after
 *   commit; the sweeper re-enqueues any QUEUED/SENDING row whose job has vanished (Redis restart, crash
 *   between commit and enqueue, a job that failed for a non-DingTalk reason);
 * - never sent twice: a row is claimed (QUEUED → SENDING, sendingAt) in a short transaction before the
 *   call and settled (SENT + task id) right after it. asyncsend_v2 has no idempotency key, so a row found
 *   SENDING (worker killed mid-call, timeout, HTTP 5xx) has an unknown outcome: it is resent only on the
 *   same Shanghai day, with byte-identical content, when DingTalk's own same-day dedupe drops the copy if
 *   the first call did arrive (getsendresult then reports 143106, recorded as delivered by the earlier
 *   attempt). A row still SENDING on a later day is marked FAILED "结果未知" for a person to decide.
 *   Robot posts carry msgUuid = row id, todos sourceId = row id: DingTalk's own idempotency keys.
 */
import { Queue, Worker, type Job } from 'bullmq';
import type { Deps } from '../../deps';
import { DingtalkClient, DingtalkError, dingtalkClientFor } from '../../dingtalk/client';
import { Prisma } from '../../generated/prisma/client';
import type { NotificationChannel } from '../../generated/prisma/enums';
import { openSecret } from '../../lib/secret-box';
import { bullConnection, DEFAULT_JOB_OPTIONS, QUEUE } from '../../jobs/queues';
import { shanghaiDay } from '../../../shared/datetime';
import { notifyOptions, type NotifyOptions } from './options';
import { ZReconcileJob, ZRobotMessage, ZSendJob, ZTodoPayload, ZWorkMessage } from './schemas';

export interface NotifyQueues {
  work: Queue;
  robot: Queue;
  todo: Queue;
  reconcile: Queue;
  close: () => Promise<void>;
}

export function createNotifyQueues(redisUrl: string, prefix: string): NotifyQueues {
  const connection = bullConnection(redisUrl);
  const mk = (name: string) =>
    new Queue(name, { connection, prefix: `${prefix}:bull`, defaultJobOptions: DEFAULT_JOB_OPTIONS });
  const q = {
    work: mk(QUEUE.notifyWork),
    robot: mk(QUEUE.notifyRobot),
    todo: mk(QUEUE.notifyTodo),
    reconcile: mk(QUEUE.notifyReconcile),
  };
  return {
    ...q,
    close: async () => {
      await Promise.all(Object.values(q).map((x) => x.close()));
    },
  };
}

const queueFor = (q: NotifyQueues, channel: NotificationChannel) =>
  channel === 'WORK' ? q.work : channel === 'ROBOT' ? q.robot : q.todo;
const jobIdFor = (leaderId: bigint) => `n-${leaderId}`;
const WORK_GROUP = 100;

function jobOptions(opts: NotifyOptions, jobId: string) {
  return {
    jobId,
    attempts: opts.attempts,
    backoff: { type: 'exponential' as const, delay: opts.backoffMs, jitter: 0.5 },
  };
}

// ---- relay ----------------------------------------------------------------------------------------------------

/**
 * Moves PENDING rows to QUEUED and enqueues them: work notifications with identical content in groups of
 * up to 100 userids (one asyncsend_v2 call each), robot posts and todos one per job. jobId = "n-<first row id>".
 * Rows are marked in a committed transaction first; if the enqueue then fails, the sweeper enqueues them.
 */
export async function relayPending(
  deps: Deps,
  queues: NotifyQueues,
  opts: NotifyOptions,
  limit = 2000,
): Promise<number> {
  const groups = await deps.db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ id: bigint; channel: NotificationChannel; contentHash: string }[]>`
      SELECT id, channel, "contentHash" FROM "Notification" WHERE status = 'PENDING' ORDER BY id LIMIT ${limit} FOR UPDATE SKIP LOCKED`;
    const byKey = new Map<string, bigint[][]>();
    for (const r of rows) {
      const key = r.channel === 'WORK' ? `WORK|${r.contentHash}` : `${r.channel}|${r.id}`;
      const chunks = byKey.get(key) ?? [[]];
      if (chunks[chunks.length - 1]!.length >= WORK_GROUP) chunks.push([]);
      chunks[chunks.length - 1]!.push(r.id);
      byKey.set(key, chunks);
    }
    const out: { channel: NotificationChannel; jobId: string; ids: bigint[] }[] = [];
    for (const [key, chunks] of byKey)
      for (const ids of chunks)
        out.push({ channel: key.split('|')[0] as NotificationChannel, jobId: jobIdFor(ids[0]!), ids });
    // one statement for every group: a loop of updates held the transaction (and the row locks) for seconds
    // with thousands of distinct notices on a busy machine
    const now = new Date();
    const ids = out.flatMap((g) => g.ids);
    const jobIds = out.flatMap((g) => g.ids.map(() => g.jobId));
    if (ids.length)
      await tx.$executeRaw`
        UPDATE "Notification" AS n SET status = 'QUEUED', "jobId" = u.job, "queuedAt" = ${now}, "updatedAt" = ${now}
        FROM unnest(${ids}::bigint[], ${jobIds}::text[]) AS u(id, job)
        WHERE n.id = u.id AND n.status = 'PENDING'`;
    return out;
  });
  for (const channel of ['WORK', 'ROBOT', 'TODO'] as const) {
    const list = groups.filter((g) => g.channel === channel);
    if (list.length)
      await queueFor(queues, channel).addBulk(
        list.map((g) => ({ name: 'send', data: { ids: g.ids.map(String) }, opts: jobOptions(opts, g.jobId) })),
      );
  }
  return groups.reduce((n, g) => n + g.ids.length, 0);
}

// ---- claiming and settling rows ------------------------------------------------------------------------------

interface ClaimedRow {
  id: bigint;
  dingUserId: string | null;
  robotId: number | null;
  payload: unknown;
  attempts: number;
  contentHash: string;
}

/**
 * Takes the rows of a job for one call: QUEUED rows, and SENDING rows whose earlier call has certainly
 * ended (this same job ran them before — BullMQ runs one job once at a time — or they are older than the
 * in-flight grace). SENDING rows from an earlier day are failed as "outcome unknown" instead.
 */
async function claim(
  deps: Deps,
  ids: bigint[],
  jobId: string,
  opts: NotifyOptions,
): Promise<{ rows: ClaimedRow[]; inFlight: number }> {
  return deps.db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<(ClaimedRow & { status: string; sendingAt: Date | null; jobId: string | null })[]>`
      SELECT id, status, "sendingAt", "jobId", "dingUserId", "robotId", payload, attempts, "contentHash" FROM "Notification"
      WHERE id IN (${Prisma.join(ids)}) ORDER BY id FOR UPDATE`;
    const now = new Date();
    const today = shanghaiDay(now);
    const take: ClaimedRow[] = [];
    const unknownOld: bigint[] = [];
    let inFlight = 0;
    for (const r of rows) {
      if (r.status === 'QUEUED') {
        take.push(r);
        continue;
      }
      if (r.status !== 'SENDING') continue;
      const ended = r.jobId === jobId || !r.sendingAt || now.getTime() - r.sendingAt.getTime() > opts.inflightGraceMs;
      if (!ended) {
        inFlight++;
        continue;
      }
      if (r.sendingAt && shanghaiDay(r.sendingAt) !== today) unknownOld.push(r.id);
      else take.push(r);
    }
    if (unknownOld.length) {
      await tx.notification.updateMany({
        where: { id: { in: unknownOld } },
        data: {
          status: 'FAILED',
          outcome: 'unknown',
          sendingAt: null,
          lastError: '发送结果未知：上次调用钉钉时中断且已跨日，为避免重复发送未自动重发，请确认后手工处理',
        },
      });
    }
    if (take.length)
      await tx.notification.updateMany({
        where: { id: { in: take.map((r) => r.id) } },
        data: { status: 'SENDING', sendingAt: now, jobId, attempts: { increment: 1 } },
      });
    return { rows: take, inFlight };
  });
}

const errorText = (err: DingtalkError) => `${err.code} ${err.message}`.slice(0, 1000);

async function settleFailed(deps: Deps, ids: bigint[], reason: string, outcome?: string) {
  await deps.db.notification.updateMany({
    where: { id: { in: ids } },
    data: { status: 'FAILED', sendingAt: null, lastError: reason, outcome },
  });
}
async function settleRequeue(deps: Deps, ids: bigint[], reason: string) {
  await deps.db.notification.updateMany({
    where: { id: { in: ids }, status: 'SENDING' },
    data: { status: 'QUEUED', sendingAt: null, lastError: reason },
  });
}

class InFlightError extends Error {
  constructor(n: number) {
    super(`${n} 条通知的上一次发送仍在进行中，稍后重试`);
  }
}

/**
 * What to do with the rows of a failed call. Returns normally when the rows are settled for good;
 * throws to let BullMQ retry (after backoff, or the rate-limit delay).
 */
async function handleSendError(
  deps: Deps,
  worker: Worker,
  job: Job,
  ids: bigint[],
  err: unknown,
  rateLimitDelayMs: number,
): Promise<void> {
  if (!(err instanceof DingtalkError)) throw err; // database or programming error: rows stay as they are, the retry reclaims them
  if (err.isRateLimit) {
    await settleRequeue(deps, ids, errorText(err));
    await worker.rateLimit(rateLimitDelayMs);
    throw Worker.RateLimitError();
  }
  if (!err.retryable) {
    await settleFailed(deps, ids, errorText(err));
    return;
  }
  const last = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
  if (err.outcomeUnknown) {
    // stays SENDING: the outcome is unknown; this job's retry resends (a same-day copy is dropped by DingTalk)
    if (last) {
      await settleFailed(deps, ids, `发送结果未知（多次重试后仍失败）：${errorText(err)}`, 'unknown');
      return;
    }
    await deps.db.notification.updateMany({ where: { id: { in: ids } }, data: { lastError: errorText(err) } });
  } else if (last) {
    await settleFailed(deps, ids, `重试 ${job.attemptsMade + 1} 次后仍失败：${errorText(err)}`);
    return;
  } else {
    await settleRequeue(deps, ids, errorText(err));
  }
  throw err;
}

// ---- processors ------------------------------------------------------------------------------------------------

class ClientCache {
  private cached?: { at: number; client: DingtalkClient };
  constructor(
    private readonly deps: Deps,
    private readonly timeoutMs: number,
  ) {}
  async get(): Promise<DingtalkClient> {
    if (!this.cached || Date.now() - this.cached.at > 5000)
      this.cached = { at: Date.now(), client: await dingtalkClientFor(this.deps, { timeoutMs: this.timeoutMs }) };
    return this.cached.client;
  }
}

interface Ctx {
  deps: Deps;
  opts: NotifyOptions;
  queues: NotifyQueues;
  clients: ClientCache;
}

async function processWork(c: Ctx, worker: Worker, job: Job): Promise<unknown> {
  const { ids } = ZSendJob.parse(job.data);
  const jobId = job.id ?? jobIdFor(BigInt(ids[0]!));
  const { rows, inFlight } = await claim(c.deps, ids.map(BigInt), jobId, c.opts);
  if (!rows.length) {
    if (inFlight) throw new InFlightError(inFlight);
    return { skipped: ids.length };
  }
  const rowIds = rows.map((r) => r.id);
  const msg = ZWorkMessage.safeParse((rows[0]!.payload as { msg?: unknown } | null)?.msg);
  if (!msg.success) {
    await settleFailed(c.deps, rowIds, `通知内容不合法：${msg.error.issues[0]?.message ?? ''}`);
    return { invalid: rowIds.length };
  }
  const userids = [...new Set(rows.map((r) => r.dingUserId).filter((u): u is string => !!u))];
  const client = await c.clients.get();
  let taskId: string;
  try {
    ({ taskId } = await client.sendWorkNotification(userids, msg.data));
  } catch (err) {
    await handleSendError(c.deps, worker, job, rowIds, err, 1000);
    return { failed: rowIds.length };
  }
  await c.deps.db.notification.updateMany({
    where: { id: { in: rowIds } },
    data: { status: 'SENT', taskId, sentAt: new Date(), sendingAt: null, lastError: null },
  });
  await c.queues.reconcile
    .add(
      'reconcile',
      { taskId },
      {
        jobId: `rc-${taskId}`,
        delay: c.opts.reconcileDelayMs,
        attempts: c.opts.attempts,
        backoff: { type: 'exponential', delay: c.opts.backoffMs, jitter: 0.5 },
      },
    )
    .catch((err: unknown) =>
      c.deps.logger.warn(
        { taskId, err: err instanceof Error ? err.message : String(err) },
        'reconcile enqueue failed; the sweeper will retry',
      ),
    );
  return { sent: rowIds.length, taskId };
}

/** getsendresult → per-user outcome on each row of the task. */
async function processReconcile(c: Ctx, worker: Worker, job: Job): Promise<unknown> {
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
        lastError: `钉钉流控拦截（${forbidden.get(u)}）`,
      };
    else if (r.invalidUserIds.includes(u))
      data = { status: 'FAILED', outcome: 'invalid_user', lastError: '钉钉用户无效或已离职' };
    else if (r.failedUserIds.includes(u)) data = { status: 'FAILED', outcome: 'failed', lastError: '钉钉发送失败' };
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

async function processRobot(c: Ctx, worker: Worker, job: Job): Promise<unknown> {
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

async function processTodo(c: Ctx, worker: Worker, job: Job): Promise<unknown> {
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

// ---- sweeper ----------------------------------------------------------------------------------------------------

/** Re-enqueues rows whose job is gone (Redis restart, crash between commit and enqueue), and lost reconciliations. */
export async function sweepStuck(
  deps: Deps,
  queues: NotifyQueues,
  opts: NotifyOptions,
): Promise<{ requeued: number; reconciles: number }> {
  const cutoff = new Date(Date.now() - opts.stuckAfterMs);
  const stuck = await deps.db.notification.findMany({
    where: { status: { in: ['QUEUED', 'SENDING'] }, updatedAt: { lt: cutoff } },
    select: { id: true, channel: true, jobId: true, attempts: true },
    orderBy: { id: 'asc' },
    take: 5000,
  });
  const byJob = new Map<string, { channel: NotificationChannel; ids: bigint[] }>();
  for (const r of stuck) {
    if (r.attempts >= opts.attempts * 3) {
      await settleFailed(deps, [r.id], '多次重新排队后仍未发送成功');
      continue;
    }
    const jobId = r.jobId ?? jobIdFor(r.id);
    const g = byJob.get(jobId) ?? { channel: r.channel, ids: [] };
    g.ids.push(r.id);
    byJob.set(jobId, g);
  }
  let requeued = 0;
  for (const [jobId, g] of byJob) {
    const queue = queueFor(queues, g.channel);
    const job = await queue.getJob(jobId);
    const state = job ? await job.getState() : 'missing';
    if (state !== 'missing' && state !== 'completed' && state !== 'failed' && state !== 'unknown') continue; // waiting, delayed or active: BullMQ has it
    if (job) await job.remove().catch(() => undefined);
    await queue.add('send', { ids: g.ids.map(String) }, jobOptions(opts, jobId));
    await deps.db.notification.updateMany({
      where: { id: { in: g.ids }, status: { in: ['QUEUED', 'SENDING'] } },
      data: { jobId, updatedAt: new Date() },
    });
    requeued += g.ids.length;
  }
  // SENT rows whose reconciliation never ran (getsendresult only answers for 24 h)
  const lost = await deps.db.notification.findMany({
    where: {
      status: 'SENT',
      reconciledAt: null,
      taskId: { not: null },
      sentAt: {
        lt: new Date(Date.now() - opts.reconcileDelayMs - opts.stuckAfterMs),
        gt: new Date(Date.now() - 23 * 3600_000),
      },
    },
    distinct: ['taskId'],
    select: { taskId: true },
    take: 1000,
  });
  let reconciles = 0;
  for (const { taskId } of lost) {
    const jobId = `rc-${taskId}`;
    const job = await queues.reconcile.getJob(jobId);
    const state = job ? await job.getState() : 'missing';
    if (state !== 'missing' && state !== 'completed' && state !== 'failed' && state !== 'unknown') continue;
    if (job) await job.remove().catch(() => undefined);
    await queues.reconcile.add(
      'reconcile',
      { taskId: taskId! },
      { jobId, attempts: opts.attempts, backoff: { type: 'exponential', delay: opts.backoffMs, jitter: 0.5 } },
    );
    reconciles++;
  }
  return { requeued, reconciles };
}

// ---- workers ------------------------------------------------------------------------------------------------------

export interface RunningNotify {
  close: () => Promise<void>;
  queues: NotifyQueues;
}

/** Starts the notification workers, the relay loop and the sweeper in this process. */
export function startNotifyWorkers(
  deps: Deps,
  redisUrl: string,
  overrides: Partial<NotifyOptions> = {},
): RunningNotify {
  const opts = notifyOptions(process.env, overrides);
  const queues = createNotifyQueues(redisUrl, deps.prefix);
  const ctx: Ctx = { deps, opts, queues, clients: new ClientCache(deps, opts.callTimeoutMs) };
  const connection = bullConnection(redisUrl);
  const prefix = `${deps.prefix}:bull`;
  const common = {
    connection,
    prefix,
    lockDuration: opts.lockMs,
    stalledInterval: Math.max(1000, Math.floor(opts.lockMs / 2)),
    maxStalledCount: 3,
  };
  const workers: Worker[] = [];
  const mk = (
    name: string,
    fn: (c: Ctx, w: Worker, j: Job) => Promise<unknown>,
    extra: { concurrency: number; limiter?: { max: number; duration: number } },
  ) => {
    const w: Worker = new Worker(name, (job) => fn(ctx, w, job), { ...common, ...extra });
    w.on('failed', (job, err) =>
      deps.logger.warn(
        { queue: name, jobId: job?.id, attempts: job?.attemptsMade, err: err.message },
        'notification job failed',
      ),
    );
    w.on('error', (err) => deps.logger.warn({ queue: name, err: err.message }, 'notification worker error'));
    workers.push(w);
  };
  // BullMQ's limiter is global per queue (across every worker process), so the app stays within DingTalk's QPS
  mk(QUEUE.notifyWork, processWork, { concurrency: opts.concurrency, limiter: { max: opts.qps, duration: 1000 } });
  mk(QUEUE.notifyReconcile, processReconcile, { concurrency: 4, limiter: { max: opts.reconcileQps, duration: 1000 } });
  mk(QUEUE.notifyRobot, processRobot, { concurrency: 1, limiter: { max: opts.robotPerMinute, duration: 60_000 } });
  mk(QUEUE.notifyTodo, processTodo, { concurrency: 4, limiter: { max: opts.qps, duration: 1000 } });

  let stopping = false;
  const loop = (name: string, everyMs: number, fn: () => Promise<unknown>) => {
    let timer: NodeJS.Timeout | undefined;
    let running: Promise<unknown> = Promise.resolve();
    const tick = () => {
      if (stopping) return;
      running = fn()
        .catch((err: unknown) =>
          deps.logger.warn(
            { loop: name, err: err instanceof Error ? err.message : String(err) },
            'notification loop failed',
          ),
        )
        .finally(() => {
          if (!stopping) timer = setTimeout(tick, everyMs);
        });
    };
    timer = setTimeout(tick, 0);
    return async () => {
      if (timer) clearTimeout(timer);
      await running;
    };
  };
  const stopRelay = loop('relay', opts.relayIntervalMs, async () => {
    // drain: keep relaying while there is a backlog
    while (!stopping && (await relayPending(deps, queues, opts)) > 0) {
      /* next chunk */
    }
  });
  const stopSweep = loop('sweep', opts.sweepIntervalMs, () => sweepStuck(deps, queues, opts));
  return {
    queues,
    close: async () => {
      stopping = true;
      await stopRelay();
      await stopSweep();
      await Promise.all(workers.map((w) => w.close()));
      await queues.close();
    },
  };
}
