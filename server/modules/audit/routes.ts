import { roles } from '../../auth/policy';
import { route } from '../../http/route';
import { ZAuditPage, ZAuditQuery } from '../../../shared/api/identity';
import { listAuditLogs } from './service';

export const auditRoutes = [
  route({
    method: 'GET',
    path: '/api/audit-logs',
    summary: '系统日志（按项目、用户、对象、日期筛选）',
    response: ZAuditPage,
    policy: roles('SYSTEM_ADMIN', 'BUSINESS_ADMIN'),
    query: ZAuditQuery,
    handler: ({ deps }, { query }) => listAuditLogs(deps, query),
  }),
];
