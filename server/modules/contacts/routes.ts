import { roles, systemAdmin } from '../../auth/policy';
import { route } from '../../http/route';
import { ZPageQuery } from '../../../shared/api/common';
import { ZSyncLog, ZSyncLogPage, ZSyncRequest } from '../../../shared/api/identity';
import { listSyncLogs, requestContactSync } from './sync-logs';

export const contactRoutes = [
  route({
    method: 'POST',
    path: '/api/contacts/sync',
    summary: '立即同步钉钉通讯录',
    response: ZSyncLog,
    policy: systemAdmin,
    body: ZSyncRequest,
    status: 202,
    handler: ({ deps, actor }, { body }) => requestContactSync(deps, body.kind, actor.name),
  }),
  route({
    method: 'GET',
    path: '/api/contacts/sync-logs',
    summary: '通讯录同步日志',
    response: ZSyncLogPage,
    policy: roles('SYSTEM_ADMIN', 'BUSINESS_ADMIN'),
    query: ZPageQuery,
    handler: ({ deps }, { query }) => listSyncLogs(deps, query),
  }),
];
