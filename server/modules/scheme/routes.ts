import { projectAccess, projectFromParam } from '../../auth/policy';
import { route } from '../../http/route';
import { ZIdParams } from '../../../shared/api/common';
import { ZBasics, ZIndicators, ZMilestones, ZScheme, ZSetup, ZShareholders } from '../../../shared/api/scheme';
import { auditActorOf } from '../../lib/audit';
import * as service from './service';

const read = projectAccess({ mode: 'read', projectId: projectFromParam() });
const write = projectAccess({ mode: 'write', projectId: projectFromParam() });

export const schemeRoutes = [
  route({
    method: 'GET',
    path: '/api/projects/:id/setup',
    summary: '立项资料（基础信息、股权合作、立项信息、关键节点、盈利指标）',
    response: ZSetup,
    policy: read,
    params: ZIdParams,
    handler: ({ deps }, { params }) => service.getSetup(deps, params.id),
  }),
  route({
    method: 'PUT',
    path: '/api/projects/:id/basics',
    summary: '保存基础信息',
    response: ZSetup,
    policy: write,
    params: ZIdParams,
    body: ZBasics,
    handler: (rc, { params, body }) => service.saveBasics(rc.deps, auditActorOf(rc), params.id, body),
  }),
  route({
    method: 'PUT',
    path: '/api/projects/:id/shareholders',
    summary: '保存股权合作（股东信息）',
    response: ZSetup,
    policy: write,
    params: ZIdParams,
    body: ZShareholders,
    handler: (rc, { params, body }) => service.saveShareholders(rc.deps, auditActorOf(rc), params.id, body),
  }),
  route({
    method: 'PUT',
    path: '/api/projects/:id/scheme',
    summary: '保存立项信息（资金峰值、合伙投资占比、分配单位、上限）',
    response: ZSetup,
    policy: write,
    params: ZIdParams,
    body: ZScheme,
    handler: (rc, { params, body }) => service.saveScheme(rc.deps, auditActorOf(rc), params.id, body),
  }),
  route({
    method: 'PUT',
    path: '/api/projects/:id/milestones',
    summary: '保存关键节点',
    response: ZSetup,
    policy: write,
    params: ZIdParams,
    body: ZMilestones,
    handler: (rc, { params, body }) => service.saveMilestones(rc.deps, auditActorOf(rc), params.id, body),
  }),
  route({
    method: 'PUT',
    path: '/api/projects/:id/indicators',
    summary: '保存盈利指标（立项）',
    response: ZSetup,
    policy: write,
    params: ZIdParams,
    body: ZIndicators,
    handler: (rc, { params, body }) => service.saveIndicators(rc.deps, auditActorOf(rc), params.id, body),
  }),
];
