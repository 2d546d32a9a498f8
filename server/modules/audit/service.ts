import type { z } from 'zod';
import type { Deps } from '../../deps';
import type { Prisma } from '../../generated/prisma/client';
import type { TAuditEntry, ZAuditQuery } from '../../../shared/api/identity';
import { endOfShanghaiDay, startOfShanghaiDay } from '../../../shared/datetime';

/** 系统日志: one page, newest first, filtered by project, user, object, action and Shanghai calendar days. */
export async function listAuditLogs(deps: Deps, q: z.infer<typeof ZAuditQuery>) {
  const where: Prisma.AuditLogWhereInput = {
    projectId: q.projectId,
    actorId: q.actorId,
    entity: q.entity,
    // several codes of one Chinese name (审核通过: approve, approved) come comma-separated
    action: q.action?.includes(',') ? { in: q.action.split(',') } : q.action,
    at:
      q.from || q.to
        ? { gte: q.from ? startOfShanghaiDay(q.from) : undefined, lte: q.to ? endOfShanghaiDay(q.to) : undefined }
        : undefined,
  };
  const [rows, total] = await Promise.all([
    deps.db.auditLog.findMany({
      where,
      orderBy: { id: 'desc' },
      skip: (q.page - 1) * q.pageSize,
      take: q.pageSize,
    }),
    deps.db.auditLog.count({ where }),
  ]);
  const items: TAuditEntry[] = rows.map((r) => ({
    id: r.id.toString(),
    at: r.at.toISOString(),
    actor: r.actorName ? { id: r.actorId ?? 0, name: r.actorName } : null,
    action: r.action,
    entity: r.entity,
    entityId: r.entityId,
    projectId: r.projectId,
    before: r.before,
    after: r.after,
    requestId: r.requestId,
    ip: r.ip,
  }));
  return { items, total, page: q.page, pageSize: q.pageSize };
}
