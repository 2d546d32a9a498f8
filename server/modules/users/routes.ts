import { z } from 'zod';
import { passwordResetters, roles, staff, systemAdmin } from '../../auth/policy';
import { route } from '../../http/route';
import { ZId, ZIdParams } from '../../../shared/api/common';
import {
  ZGrantSet,
  ZPasswordReset,
  ZProjectGrants,
  ZRole,
  ZRoleCreate,
  ZRoleCreated,
  ZUser,
  ZUserCreate,
  ZUserCreated,
  ZUserListQuery,
  ZUserPage,
  ZUserUpdate,
} from '../../../shared/api/identity';
import { auditActorOf } from '../../lib/audit';
import * as service from './service';

const admins = roles('SYSTEM_ADMIN', 'BUSINESS_ADMIN');

export const userRoutes = [
  route({
    method: 'GET',
    path: '/api/users',
    summary: '用户列表',
    response: ZUserPage,
    policy: admins,
    query: ZUserListQuery,
    handler: ({ deps }, { query }) => service.listUsers(deps, query),
  }),
  route({
    method: 'GET',
    path: '/api/users/:id',
    summary: '用户详情',
    response: ZUser,
    policy: admins,
    params: ZIdParams,
    handler: ({ deps }, { params }) => service.getUser(deps, params.id),
  }),
  route({
    method: 'POST',
    path: '/api/users',
    summary: '新建用户（后台账号初始密码仅显示一次）',
    response: ZUserCreated,
    policy: systemAdmin,
    body: ZUserCreate,
    status: 201,
    handler: (rc, { body }) => service.createUser(rc.deps, auditActorOf(rc), body),
  }),
  route({
    method: 'PATCH',
    path: '/api/users/:id',
    summary: '修改用户 / 离职 / 停用 / 角色',
    response: ZUser,
    policy: systemAdmin,
    params: ZIdParams,
    body: ZUserUpdate,
    handler: (rc, { params, body }) => service.updateUser(rc.deps, auditActorOf(rc), params.id, body),
  }),
  route({
    method: 'POST',
    path: '/api/users/:id/reset-password',
    summary: '重置密码',
    response: ZPasswordReset,
    // the use case decides by the account: money roles by a business admin, the rest by the system admin
    policy: passwordResetters,
    params: ZIdParams,
    handler: (rc, { params }) => service.resetPassword(rc.deps, auditActorOf(rc), rc.actor, params.id),
  }),
  route({
    method: 'POST',
    path: '/api/users/:id/unlock',
    summary: '解除锁定',
    response: ZUser,
    policy: systemAdmin,
    params: ZIdParams,
    handler: (rc, { params }) => service.unlockUser(rc.deps, auditActorOf(rc), params.id),
  }),
  route({
    method: 'GET',
    path: '/api/roles',
    summary: '角色列表',
    response: z.array(ZRole),
    policy: staff,
    handler: ({ deps }) => service.listRoles(deps),
  }),
  route({
    method: 'POST',
    path: '/api/roles',
    summary: '新建角色',
    response: ZRoleCreated,
    policy: systemAdmin,
    body: ZRoleCreate,
    status: 201,
    handler: (rc, { body }) => service.createRole(rc.deps, auditActorOf(rc), body),
  }),
  route({
    method: 'GET',
    path: '/api/projects/:id/grants',
    summary: '项目授权（按角色的用户）',
    response: ZProjectGrants,
    policy: admins,
    params: ZIdParams,
    handler: ({ deps }, { params }) => service.projectGrants(deps, params.id),
  }),
  route({
    method: 'PUT',
    path: '/api/projects/:id/grants/:roleId',
    summary: '设置项目某角色的授权用户（新增授权待业务管理员批准）',
    response: ZProjectGrants,
    policy: systemAdmin,
    params: z.object({ id: ZId, roleId: ZId }),
    body: ZGrantSet,
    handler: (rc, { params, body }) =>
      service.setProjectGrants(rc.deps, auditActorOf(rc), params.id, params.roleId, body.userIds),
  }),
];
