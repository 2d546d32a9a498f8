import { z } from 'zod';
import { flowResetters, projectAccess, projectFromParam } from '../../auth/policy';
import { route } from '../../http/route';
import { ZId, ZIdParams } from '../../../shared/api/common';
import { FLOW_TYPES } from '../../../shared/api/scheme';
import { auditActorOf } from '../../lib/audit';
import * as service from './service';
import { ZFlowList, ZFlowRecord, ZFlowStart } from '../../../shared/api/flows';

export const flowRoutes = [
  route({
    method: 'GET',
    path: '/api/projects/:id/flows',
    summary: '项目流程列表',
    response: ZFlowList,
    policy: projectAccess({ mode: 'read', projectId: projectFromParam() }),
    params: ZIdParams,
    handler: ({ deps }, { params }) => service.listFlows(deps, params.id),
  }),
  route({
    method: 'POST',
    path: '/api/projects/:id/flows/:type/start',
    summary: '发起流程（钉钉 OA 审批）',
    response: ZFlowRecord,
    policy: projectAccess({ mode: 'write', projectId: projectFromParam() }),
    params: z.object({ id: ZId, type: z.enum(FLOW_TYPES) }),
    body: ZFlowStart,
    status: 201,
    handler: (rc, { params, body }) =>
      service.startFlow(rc.deps, auditActorOf(rc), rc.actor, params.id, params.type, body.subjectId),
  }),
  route({
    method: 'POST',
    path: '/api/projects/:id/flows/:flowId/reset',
    summary: '重置流程（业务管理员、系统管理员）',
    response: ZFlowRecord,
    policy: flowResetters,
    params: z.object({ id: ZId, flowId: ZId }),
    handler: (rc, { params }) => service.resetFlow(rc.deps, auditActorOf(rc), params.id, params.flowId),
  }),
];
