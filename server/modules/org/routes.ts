import { staff, systemAdmin } from '../../auth/policy';
import { route } from '../../http/route';
import { ZIdParams } from '../../../shared/api/common';
import { ZOrgTree, ZOrgUnit, ZOrgUnitCreate, ZOrgUnitUpdate } from '../../../shared/api/identity';
import { auditActorOf } from '../../lib/audit';
import * as service from './service';

export const orgRoutes = [
  route({
    method: 'GET',
    path: '/api/org/tree',
    summary: '组织与项目树（带项目数）',
    response: ZOrgTree,
    policy: staff,
    handler: ({ deps, actor }) => service.orgTree(deps, actor),
  }),
  route({
    method: 'POST',
    path: '/api/org/units',
    summary: '新建组织（城市公司 / 直属项目公司）',
    response: ZOrgUnit,
    policy: systemAdmin,
    body: ZOrgUnitCreate,
    status: 201,
    handler: (rc, { body }) => service.createUnit(rc.deps, auditActorOf(rc), body),
  }),
  route({
    method: 'PATCH',
    path: '/api/org/units/:id',
    summary: '重命名 / 移动 / 停用组织',
    response: ZOrgUnit,
    policy: systemAdmin,
    params: ZIdParams,
    body: ZOrgUnitUpdate,
    handler: (rc, { params, body }) => service.updateUnit(rc.deps, auditActorOf(rc), params.id, body),
  }),
];
