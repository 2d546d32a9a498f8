import type { Prisma } from '../../generated/prisma/client';
import { roles } from '../../auth/policy';
import { route } from '../../http/route';
import { type TAuditEntry, ZAuditPage, ZAuditQuery } from '../../../shared/api/identity';
import { endOfShanghaiDay, startOfShanghaiDay } from '../../../shared/datetime';

export const auditRoutes = [
  route({
    method: 'GET',
    path: '/api/audit-logs',
    summary: '系统日志（按项目、用户、对象、日期筛选）',
    response: ZAuditPage,
    policy: roles('SYSTEM_ADMIN', 'BUSINESS_ADMIN'),
    query: ZAuditQuery,
    handler: async ({ deps }, { query: q }) => {
      const where: Prisma.AuditLogWhereInput = {
        projectId: q.projectId,
        actorId: q.actorId,
        entity: q.entity,
        action: q.action,
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
    },
  }),
];
