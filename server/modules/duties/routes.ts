import { grantRequestDecide, grantRequestRead } from '../../auth/policy';
import { route } from '../../http/route';
import { ZIdParams } from '../../../shared/api/common';
import {
  ZGrantApprove,
  ZGrantDecided,
  ZGrantRefuse,
  ZGrantRequestListQuery,
  ZGrantRequests,
} from '../../../shared/api/duties';
import { auditActorOf } from '../../lib/audit';
import { approveGrantRequest, listGrantRequests, refuseGrantRequest } from './decide-grant-request';

export const dutiesRoutes = [
  route({
    method: 'GET',
    path: '/api/grant-requests',
    summary: '待批准授权（资金相关角色与项目授权）',
    response: ZGrantRequests,
    policy: grantRequestRead,
    query: ZGrantRequestListQuery,
    handler: ({ deps }, { query }) => listGrantRequests(deps, query.status),
  }),
  route({
    method: 'POST',
    path: '/api/grant-requests/:id/approve',
    summary: '批准授权（业务管理员，非申请人、非本人）',
    response: ZGrantDecided,
    policy: grantRequestDecide,
    params: ZIdParams,
    body: ZGrantApprove,
    handler: (rc, { params, body }) => approveGrantRequest(rc.deps, auditActorOf(rc), params.id, body.version),
  }),
  route({
    method: 'POST',
    path: '/api/grant-requests/:id/refuse',
    summary: '拒绝授权（业务管理员，写明原因）',
    response: ZGrantDecided,
    policy: grantRequestDecide,
    params: ZIdParams,
    body: ZGrantRefuse,
    handler: (rc, { params, body }) =>
      refuseGrantRequest(rc.deps, auditActorOf(rc), params.id, body.version, body.reason),
  }),
];
