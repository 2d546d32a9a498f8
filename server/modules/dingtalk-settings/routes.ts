import { ZIdParams } from '../../../shared/api/common';
import { systemAdmin } from '../../auth/policy';
import { route } from '../../http/route';
import { auditActorOf } from '../../lib/audit';
import {
  createRobot,
  getSettingsView,
  listRobots,
  testRobot,
  testTokenFetch,
  updateRobot,
  updateSettings,
  ZRobotCreate,
  ZRobotUpdate,
  ZSettingsUpdate,
} from './service';
import { searchInterfaceLogs, ZInterfaceLogQuery } from './interface-logs';
import { listApprovalTemplates, testApprovalTemplate, updateApprovalTemplate } from './approval-templates';
import {
  ZApprovalTemplate,
  ZApprovalTemplateList,
  ZApprovalTemplateTest,
  ZApprovalTemplateUpdate,
} from '../../../shared/api/approval-templates';
import { FLOW_TYPES } from '../../../shared/api/labels';
import { z } from 'zod';
import { ZDingtalkSettings, ZInterfaceLogPage, ZRobot, ZRobotList, ZTestResult } from '../../../shared/api/dingtalk';

export const dingtalkSettingsRoutes = [
  route({
    method: 'GET',
    path: '/api/admin/dingtalk/settings',
    summary: '钉钉集成设置（密钥仅显示掩码）',
    response: ZDingtalkSettings,
    policy: systemAdmin,
    handler: ({ deps }) => getSettingsView(deps),
  }),
  route({
    method: 'PUT',
    path: '/api/admin/dingtalk/settings',
    summary: '保存钉钉集成设置',
    response: ZDingtalkSettings,
    policy: systemAdmin,
    body: ZSettingsUpdate,
    handler: (rc, { body }) => updateSettings(rc.deps, auditActorOf(rc), body),
  }),
  route({
    method: 'POST',
    path: '/api/admin/dingtalk/settings/test-token',
    summary: '测试：用当前设置获取 access_token',
    response: ZTestResult,
    policy: systemAdmin,
    handler: ({ deps, actor }) => testTokenFetch(deps, actor?.userId ?? null),
  }),
  route({
    method: 'GET',
    path: '/api/admin/dingtalk/robots',
    summary: '群机器人列表',
    response: ZRobotList,
    policy: systemAdmin,
    handler: ({ deps }) => listRobots(deps),
  }),
  route({
    method: 'POST',
    path: '/api/admin/dingtalk/robots',
    summary: '新增群机器人',
    response: ZRobot,
    policy: systemAdmin,
    body: ZRobotCreate,
    status: 201,
    handler: (rc, { body }) => createRobot(rc.deps, auditActorOf(rc), body),
  }),
  route({
    method: 'PATCH',
    path: '/api/admin/dingtalk/robots/:id',
    summary: '修改群机器人',
    response: ZRobot,
    policy: systemAdmin,
    params: ZIdParams,
    body: ZRobotUpdate,
    handler: (rc, { params, body }) => updateRobot(rc.deps, auditActorOf(rc), params.id, body),
  }),
  route({
    method: 'POST',
    path: '/api/admin/dingtalk/robots/:id/test',
    summary: '测试：发送一条机器人测试消息',
    response: ZTestResult,
    policy: systemAdmin,
    params: ZIdParams,
    handler: (rc, { params }) => testRobot(rc.deps, params.id, { name: rc.actor.name, userId: rc.actor.userId }),
  }),
  route({
    method: 'GET',
    path: '/api/admin/dingtalk/approval-templates',
    summary: '审批模板：各流程的钉钉审批模板与字段对应关系',
    response: ZApprovalTemplateList,
    policy: systemAdmin,
    handler: ({ deps }) => listApprovalTemplates(deps),
  }),
  route({
    method: 'PUT',
    path: '/api/admin/dingtalk/approval-templates/:type',
    summary: '保存审批模板（processCode 与字段对应关系）',
    response: ZApprovalTemplate,
    policy: systemAdmin,
    params: z.object({ type: z.enum(FLOW_TYPES) }),
    body: ZApprovalTemplateUpdate,
    handler: (rc, { params, body }) => updateApprovalTemplate(rc.deps, auditActorOf(rc), params.type, body),
  }),
  route({
    method: 'POST',
    path: '/api/admin/dingtalk/approval-templates/:type/test',
    summary: '测试：从钉钉读取审批模板的表单，逐项核对字段对应关系',
    response: ZApprovalTemplateTest,
    policy: systemAdmin,
    params: z.object({ type: z.enum(FLOW_TYPES) }),
    handler: ({ deps }, { params }) => testApprovalTemplate(deps, params.type),
  }),
  route({
    method: 'GET',
    path: '/api/admin/interface-logs',
    summary: '接口日志查询',
    response: ZInterfaceLogPage,
    policy: systemAdmin,
    query: ZInterfaceLogQuery,
    handler: ({ deps }, { query }) => searchInterfaceLogs(deps, query),
  }),
];
