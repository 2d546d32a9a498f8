// 通知记录: what the console shows of the outbox — batches (one action's notices to many people) with their progress
// and failures, a batch's notifications one by one, and the single messages outside any batch (群机器人, 待办,
// one-person notices). Read from the rows themselves: the outbox is the record of what was sent.
import { z } from 'zod';
import { ZId } from '../../../shared/api/common';
import {
  NOTIFICATION_BATCH_STATUSES,
  NOTIFICATION_CHANNELS,
  NOTIFICATION_STATUSES,
  type TNotificationBatchStatus,
} from '../../../shared/api/labels';
import type {
  TBatchCounts,
  TNotificationBatchPage,
  TNotificationBatchProgress,
  TNotificationItem,
  TNotificationPage,
} from '../../../shared/api/notify';
import type { Deps } from '../../deps';
import { Prisma } from '../../generated/prisma/client';
import type { NotificationStatus } from '../../generated/prisma/enums';
import { notFound } from '../../lib/errors';
import { hasRole, type Actor } from '../../auth/actor';
import { visibleProjectsWhere } from '../projects/visibility';
import { HELD_OUTCOMES } from './resend-failed';

const STATUSES = NOTIFICATION_STATUSES as readonly NotificationStatus[];
const IN_FLIGHT: NotificationStatus[] = ['PENDING', 'QUEUED', 'SENDING'];

export const ZBatchItemsQuery = z.object({
  status: z.enum(NOTIFICATION_STATUSES).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(100),
});

const ITEM_SELECT = {
  id: true,
  channel: true,
  kind: true,
  userId: true,
  robotId: true,
  dingUserId: true,
  status: true,
  outcome: true,
  attempts: true,
  resends: true,
  lastError: true,
  sentAt: true,
  taskId: true,
  createdAt: true,
} satisfies Prisma.NotificationSelect;
type ItemRow = Prisma.NotificationGetPayload<{ select: typeof ITEM_SELECT }>;

const isResendable = (r: { status: NotificationStatus; outcome: string | null }) =>
  r.status === 'FAILED' && !HELD_OUTCOMES.includes(r.outcome ?? '');

/** Rows as the console lists them: the recipient's name (a robot post: the robot's) and whether 重发 applies. */
async function itemsOf(deps: Deps, rows: ItemRow[]): Promise<TNotificationItem[]> {
  const userIds = [...new Set(rows.map((r) => r.userId).filter((u): u is number => u !== null))];
  const dingIds = [...new Set(rows.filter((r) => r.userId === null && r.dingUserId).map((r) => r.dingUserId!))];
  const robotIds = [...new Set(rows.map((r) => r.robotId).filter((u): u is number => u !== null))];
  const [users, byDing, robots] = await Promise.all([
    userIds.length
      ? deps.db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true } })
      : Promise.resolve([]),
    dingIds.length
      ? deps.db.user.findMany({ where: { dingUserId: { in: dingIds } }, select: { dingUserId: true, name: true } })
      : Promise.resolve([]),
    robotIds.length
      ? deps.db.robotWebhook.findMany({ where: { id: { in: robotIds } }, select: { id: true, name: true } })
      : Promise.resolve([]),
  ]);
  const name = new Map(users.map((u) => [u.id, u.name]));
  const dingName = new Map(byDing.map((u) => [u.dingUserId, u.name]));
  const robotName = new Map(robots.map((r) => [r.id, `机器人「${r.name}」`]));
  return rows.map((r) => ({
    id: String(r.id),
    channel: r.channel,
    kind: r.kind,
    userId: r.userId,
    name:
      (r.userId !== null ? name.get(r.userId) : undefined) ??
      (r.robotId !== null ? robotName.get(r.robotId) : undefined) ??
      (r.dingUserId ? dingName.get(r.dingUserId) : undefined) ??
      null,
    dingUserId: r.dingUserId,
    status: r.status,
    outcome: r.outcome,
    attempts: r.attempts,
    resends: r.resends,
    lastError: r.lastError,
    sentAt: r.sentAt?.toISOString() ?? null,
    taskId: r.taskId,
    createdAt: r.createdAt.toISOString(),
    resendable: isResendable(r),
  }));
}

interface CountRow {
  batchId: number;
  total: bigint;
  queued: bigint;
  sent: bigint;
  delivered: bigint;
  read: bigint;
  failed: bigint;
  cancelled: bigint;
  resendable: bigint;
}

/** The figures of each batch, in one grouped query. */
async function countsOf(deps: Deps, batchIds: number[]): Promise<Map<number, TBatchCounts>> {
  if (!batchIds.length) return new Map();
  const rows = await deps.db.$queryRaw<CountRow[]>`
    SELECT "batchId",
      count(*) AS total,
      count(*) FILTER (WHERE status IN ('PENDING', 'QUEUED', 'SENDING')) AS queued,
      count(*) FILTER (WHERE status = 'SENT') AS sent,
      count(*) FILTER (WHERE status = 'DELIVERED') AS delivered,
      count(*) FILTER (WHERE status = 'DELIVERED' AND outcome = 'read') AS read,
      count(*) FILTER (WHERE status = 'FAILED') AS failed,
      count(*) FILTER (WHERE status = 'CANCELLED') AS cancelled,
      count(*) FILTER (WHERE status = 'FAILED' AND (outcome IS NULL OR outcome NOT IN (${Prisma.join(HELD_OUTCOMES)})))
        AS resendable
    FROM "Notification" WHERE "batchId" IN (${Prisma.join(batchIds)}) GROUP BY "batchId"`;
  return new Map(
    rows.map((r) => [
      r.batchId,
      {
        total: Number(r.total),
        queued: Number(r.queued),
        sent: Number(r.sent),
        delivered: Number(r.delivered),
        read: Number(r.read),
        failed: Number(r.failed),
        cancelled: Number(r.cancelled),
        resendable: Number(r.resendable),
      },
    ]),
  );
}

const EMPTY: TBatchCounts = {
  total: 0,
  queued: 0,
  sent: 0,
  delivered: 0,
  read: 0,
  failed: 0,
  cancelled: 0,
  resendable: 0,
};
const statusOf = (c: TBatchCounts): TNotificationBatchStatus => (c.queued ? 'SENDING' : c.failed ? 'FAILED' : 'DONE');

async function namesOf(deps: Deps, projectIds: number[], userIds: number[]) {
  const [projects, users] = await Promise.all([
    projectIds.length
      ? deps.db.project.findMany({ where: { id: { in: projectIds } }, select: { id: true, name: true } })
      : Promise.resolve([]),
    userIds.length
      ? deps.db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true } })
      : Promise.resolve([]),
  ]);
  return { project: new Map(projects.map((p) => [p.id, p.name])), user: new Map(users.map((u) => [u.id, u.name])) };
}

/** Progress of one batch: counts per status and per DingTalk outcome, and its notifications (with the reason of each failure). */
export async function batchProgress(
  deps: Deps,
  batchId: number,
  q: z.infer<typeof ZBatchItemsQuery>,
): Promise<TNotificationBatchProgress> {
  const batch = await deps.db.notificationBatch.findUnique({ where: { id: batchId } });
  if (!batch) throw notFound('通知批次');
  const [byStatus, byOutcome, total, rows, counts, names] = await Promise.all([
    deps.db.notification.groupBy({ by: ['status'], where: { batchId }, _count: { _all: true } }),
    deps.db.notification.groupBy({
      by: ['outcome'],
      where: { batchId, outcome: { not: null } },
      _count: { _all: true },
    }),
    deps.db.notification.count({ where: { batchId, status: q.status } }),
    deps.db.notification.findMany({
      where: { batchId, status: q.status },
      orderBy: { id: 'asc' },
      skip: (q.page - 1) * q.pageSize,
      take: q.pageSize,
      select: ITEM_SELECT,
    }),
    countsOf(deps, [batchId]),
    namesOf(deps, batch.projectId ? [batch.projectId] : [], batch.createdById ? [batch.createdById] : []),
  ]);
  const perStatus = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<NotificationStatus, number>;
  for (const g of byStatus) perStatus[g.status] = g._count._all;
  const summary = counts.get(batchId) ?? EMPTY;
  return {
    batch: {
      id: batch.id,
      kind: batch.kind,
      title: batch.title,
      projectId: batch.projectId,
      createdAt: batch.createdAt.toISOString(),
      projectName: batch.projectId ? (names.project.get(batch.projectId) ?? null) : null,
      createdByName: batch.createdById ? (names.user.get(batch.createdById) ?? null) : null,
      status: statusOf(summary),
    },
    total: summary.total,
    counts: perStatus,
    summary,
    outcomes: Object.fromEntries(byOutcome.map((g) => [g.outcome ?? '', g._count._all])),
    items: { total, page: q.page, pageSize: q.pageSize, rows: await itemsOf(deps, rows) },
  };
}

export const ZBatchListQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
  projectId: ZId.optional(),
  kind: z.string().trim().min(1).max(50).optional(),
  status: z.enum(NOTIFICATION_BATCH_STATUSES).optional(),
});

/** null = every project (the admins); else the ids of the projects the caller may see. */
type ProjectScope = number[] | null;

/** Accountants see the batches of their granted projects only (and none without a project). */
async function projectScopeOf(deps: Deps, actor: Actor | undefined): Promise<ProjectScope> {
  if (!actor || hasRole(actor, 'SYSTEM_ADMIN', 'BUSINESS_ADMIN')) return null;
  const projects = await deps.db.project.findMany({ where: visibleProjectsWhere(actor), select: { id: true } });
  return projects.map((p) => p.id);
}

const inFlight = { some: { status: { in: IN_FLIGHT } } };
const failed = { some: { status: 'FAILED' as const } };
const STATUS_WHERE: Record<(typeof NOTIFICATION_BATCH_STATUSES)[number], Prisma.NotificationBatchWhereInput> = {
  SENDING: { items: inFlight },
  FAILED: { items: failed, NOT: { items: inFlight } },
  DONE: { NOT: [{ items: inFlight }, { items: failed }] },
};

/** One page of batches, newest first, scoped to the caller's projects (omit the actor for every batch). */
export async function listBatches(
  deps: Deps,
  q: z.infer<typeof ZBatchListQuery>,
  actor?: Actor,
): Promise<TNotificationBatchPage> {
  const scope = await projectScopeOf(deps, actor);
  const where: Prisma.NotificationBatchWhereInput = {
    AND: [
      { projectId: q.projectId, kind: q.kind },
      scope ? { projectId: { in: scope } } : {},
      q.status ? STATUS_WHERE[q.status] : {},
    ],
  };
  const [total, rows] = await Promise.all([
    deps.db.notificationBatch.count({ where }),
    deps.db.notificationBatch.findMany({
      where,
      orderBy: { id: 'desc' },
      skip: (q.page - 1) * q.pageSize,
      take: q.pageSize,
    }),
  ]);
  const [counts, names] = await Promise.all([
    countsOf(
      deps,
      rows.map((b) => b.id),
    ),
    namesOf(
      deps,
      [...new Set(rows.map((b) => b.projectId).filter((p): p is number => p !== null))],
      [...new Set(rows.map((b) => b.createdById).filter((p): p is number => p !== null))],
    ),
  ]);
  return {
    total,
    page: q.page,
    pageSize: q.pageSize,
    items: rows.map((b) => {
      const c = counts.get(b.id) ?? EMPTY;
      return {
        id: b.id,
        kind: b.kind,
        title: b.title,
        projectId: b.projectId,
        createdAt: b.createdAt.toISOString(),
        notifications: c.total,
        projectName: b.projectId ? (names.project.get(b.projectId) ?? null) : null,
        createdByName: b.createdById ? (names.user.get(b.createdById) ?? null) : null,
        status: statusOf(c),
        counts: c,
      };
    }),
  };
}

export const ZNotificationListQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
  channel: z.enum(NOTIFICATION_CHANNELS).optional(),
  status: z.enum(NOTIFICATION_STATUSES).optional(),
  kind: z.string().trim().min(1).max(50).optional(),
});

/**
 * Single messages, newest first: the rows outside any batch — group robot posts, 待办, and notices to one person
 * (a flow's result to its starter, a review's result). They carry no project, so only the admins list them.
 */
export async function listSingleNotifications(
  deps: Deps,
  q: z.infer<typeof ZNotificationListQuery>,
): Promise<TNotificationPage> {
  const where: Prisma.NotificationWhereInput = { batchId: null, channel: q.channel, status: q.status, kind: q.kind };
  const [total, rows] = await Promise.all([
    deps.db.notification.count({ where }),
    deps.db.notification.findMany({
      where,
      orderBy: { id: 'desc' },
      skip: (q.page - 1) * q.pageSize,
      take: q.pageSize,
      select: ITEM_SELECT,
    }),
  ]);
  return { total, page: q.page, pageSize: q.pageSize, items: await itemsOf(deps, rows) };
}
