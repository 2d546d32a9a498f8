import { z } from 'zod';
import { ZId } from '../../../shared/api/common';
import type { Deps } from '../../deps';
import { notFound } from '../../lib/errors';
import { hasRole, type Actor } from '../../auth/actor';
import { visibleProjectsWhere } from '../projects/visibility';
import type { NotificationStatus } from '../../generated/prisma/enums';

const STATUSES: NotificationStatus[] = ['PENDING', 'QUEUED', 'SENDING', 'SENT', 'DELIVERED', 'FAILED', 'CANCELLED'];

export const ZBatchItemsQuery = z.object({
  status: z.enum(['PENDING', 'QUEUED', 'SENDING', 'SENT', 'DELIVERED', 'FAILED', 'CANCELLED']).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(100),
});

/** Progress of one batch: counts per status and per DingTalk outcome, and its notifications (with the reason of each failure). */
export async function batchProgress(deps: Deps, batchId: number, q: z.infer<typeof ZBatchItemsQuery>) {
  const batch = await deps.db.notificationBatch.findUnique({ where: { id: batchId } });
  if (!batch) throw notFound('通知批次');
  const [byStatus, byOutcome, total, items] = await Promise.all([
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
      select: {
        id: true,
        channel: true,
        userId: true,
        dingUserId: true,
        status: true,
        outcome: true,
        attempts: true,
        lastError: true,
        sentAt: true,
        taskId: true,
      },
    }),
  ]);
  const counts = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<NotificationStatus, number>;
  for (const g of byStatus) counts[g.status] = g._count._all;
  const all = Object.values(counts).reduce((a, b) => a + b, 0);
  return {
    batch: {
      id: batch.id,
      kind: batch.kind,
      title: batch.title,
      projectId: batch.projectId,
      createdAt: batch.createdAt.toISOString(),
    },
    total: all,
    counts,
    /** queued = not yet handed to DingTalk; sent = accepted; delivered = confirmed by getsendresult; failed = with reason */
    summary: {
      queued: counts.PENDING + counts.QUEUED + counts.SENDING,
      sent: counts.SENT,
      delivered: counts.DELIVERED,
      failed: counts.FAILED,
      cancelled: counts.CANCELLED,
    },
    outcomes: Object.fromEntries(byOutcome.map((g) => [g.outcome ?? '', g._count._all])),
    items: {
      total,
      page: q.page,
      pageSize: q.pageSize,
      rows: items.map((i) => ({ ...i, id: String(i.id), sentAt: i.sentAt?.toISOString() ?? null })),
    },
  };
}

export const ZBatchListQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
  projectId: ZId.optional(),
});

/** null = every project (the admins); else the ids of the projects the caller may see. */
type ProjectScope = number[] | null;

/** Accountants see the batches of their granted projects only (and none without a project). */
async function projectScopeOf(deps: Deps, actor: Actor | undefined): Promise<ProjectScope> {
  if (!actor || hasRole(actor, 'SYSTEM_ADMIN', 'BUSINESS_ADMIN')) return null;
  const projects = await deps.db.project.findMany({ where: visibleProjectsWhere(actor), select: { id: true } });
  return projects.map((p) => p.id);
}

/** One page of batches, newest first, scoped to the caller's projects (omit the actor for every batch). */
export async function listBatches(deps: Deps, q: z.infer<typeof ZBatchListQuery>, actor?: Actor) {
  const scope = await projectScopeOf(deps, actor);
  const where = { AND: [{ projectId: q.projectId }, scope ? { projectId: { in: scope } } : {}] };
  const [total, rows] = await Promise.all([
    deps.db.notificationBatch.count({ where }),
    deps.db.notificationBatch.findMany({
      where,
      orderBy: { id: 'desc' },
      skip: (q.page - 1) * q.pageSize,
      take: q.pageSize,
      include: { _count: { select: { items: true } } },
    }),
  ]);
  return {
    total,
    page: q.page,
    pageSize: q.pageSize,
    items: rows.map((b) => ({
      id: b.id,
      kind: b.kind,
      title: b.title,
      projectId: b.projectId,
      createdAt: b.createdAt.toISOString(),
      notifications: b._count.items,
    })),
  };
}
