import { roles, systemAdmin } from '../../auth/policy';
import { route } from '../../http/route';
import { AppError } from '../../lib/errors';
import { ZPageQuery } from '../../../shared/api/common';
import { ZSyncLog, ZSyncLogPage, ZSyncRequest } from '../../../shared/api/identity';
import { CONTACTS_QUEUE } from './job';
import { toSyncLogDto } from './service';

export const contactRoutes = [
  route({
    method: 'POST',
    path: '/api/contacts/sync',
    summary: '立即同步钉钉通讯录',
    response: ZSyncLog,
    policy: systemAdmin,
    body: ZSyncRequest,
    status: 202,
    handler: async ({ deps, actor }, { body }) => {
      const running = await deps.db.contactSyncLog.findFirst({
        where: { status: 'RUNNING', startedAt: { gt: new Date(Date.now() - 3600_000) } },
        select: { id: true },
      });
      if (running) throw new AppError('CONFLICT', '通讯录同步正在进行中，请稍后查看结果', { syncLogId: running.id });
      const log = await deps.db.contactSyncLog.create({ data: { kind: body.kind, triggeredBy: actor.name } });
      await deps
        .queue(CONTACTS_QUEUE)
        .add('sync', { syncLogId: log.id, kind: body.kind, triggeredBy: actor.name }, { jobId: `sync-${log.id}` });
      return toSyncLogDto(log);
    },
  }),
  route({
    method: 'GET',
    path: '/api/contacts/sync-logs',
    summary: '通讯录同步日志',
    response: ZSyncLogPage,
    policy: roles('SYSTEM_ADMIN', 'BUSINESS_ADMIN'),
    query: ZPageQuery,
    handler: async ({ deps }, { query }) => {
      const [rows, total] = await Promise.all([
        deps.db.contactSyncLog.findMany({
          orderBy: { id: 'desc' },
          skip: (query.page - 1) * query.pageSize,
          take: query.pageSize,
        }),
        deps.db.contactSyncLog.count(),
      ]);
      return { items: rows.map(toSyncLogDto), total, page: query.page, pageSize: query.pageSize };
    },
  }),
];
