import { z } from 'zod';
import { mandatoryListRead, mandatoryListWrite, projectAccess, projectFromParam } from '../../auth/policy';
import { route } from '../../http/route';
import { ZId, ZIdParams, ZNoContent } from '../../../shared/api/common';
import {
  ZMandatoryCheck,
  ZMandatoryInvestor,
  ZMandatoryInvestorEdit,
  ZMandatoryInvestorInput,
  ZMandatoryInvestorList,
  ZMandatoryListQuery,
} from '../../../shared/api/mandatory';
import { auditActorOf } from '../../lib/audit';
import { addMandatory, editMandatory, listMandatory, removeMandatory } from './manage-list';
import { checkRound } from './check-round';

export const mandatoryRoutes = [
  route({
    method: 'GET',
    path: '/api/mandatory-investors',
    summary: '强投名单（按公司）',
    response: ZMandatoryInvestorList,
    policy: mandatoryListRead,
    query: ZMandatoryListQuery,
    handler: ({ deps }, { query }) => listMandatory(deps, query.orgUnitId),
  }),
  route({
    method: 'POST',
    path: '/api/mandatory-investors',
    summary: '新增强投名单条目（公司、岗位、人员、层级、默认上下限）',
    response: ZMandatoryInvestor,
    policy: mandatoryListWrite,
    body: ZMandatoryInvestorInput,
    status: 201,
    handler: (rc, { body }) => addMandatory(rc.deps, auditActorOf(rc), body),
  }),
  route({
    method: 'PUT',
    path: '/api/mandatory-investors/:id',
    summary: '修改强投名单条目',
    response: ZMandatoryInvestor,
    policy: mandatoryListWrite,
    params: ZIdParams,
    body: ZMandatoryInvestorEdit,
    handler: (rc, { params, body }) => editMandatory(rc.deps, auditActorOf(rc), params.id, body),
  }),
  route({
    method: 'DELETE',
    path: '/api/mandatory-investors/:id',
    summary: '删除强投名单条目',
    response: ZNoContent,
    policy: mandatoryListWrite,
    params: ZIdParams,
    handler: (rc, { params }) => removeMandatory(rc.deps, auditActorOf(rc), params.id),
  }),
  route({
    method: 'GET',
    path: '/api/projects/:id/rounds/:roundId/mandatory-check',
    summary: '强投检查：名单中未列入本轮的人员、未认购按下限计入的强投',
    response: ZMandatoryCheck,
    policy: projectAccess({ mode: 'read', projectId: projectFromParam() }),
    params: z.object({ id: ZId, roundId: ZId }),
    handler: ({ deps }, { params }) => checkRound(deps, params.id, params.roundId),
  }),
];
