import { z } from 'zod';
import {
  exitGroupSettingsRead,
  exitGroupSettingsWrite,
  exitProjectSettings,
  exitRead,
  exitWrite,
} from '../../auth/policy';
import { route } from '../../http/route';
import { auditActorOf } from '../../lib/audit';
import { ZId, ZIdParams } from '../../../shared/api/common';
import {
  ZExitCalculate,
  ZExitDetail,
  ZExitList,
  ZExitPayoutRegister,
  ZExitRecalculate,
  ZExitSettingsSave,
  ZExitSettingsView,
} from '../../../shared/api/exits';
import { calculateExit, getExitDetail, recalculateExit } from './calculate-exit';
import { getExitSettings, saveExitSettings } from './exit-settings';
import { listExits } from './list-exits';
import { registerExitPayout } from './register-payout';

const ZExitParams = z.object({ id: ZId, exitId: ZId });

export const exitRoutes = [
  route({
    method: 'GET',
    path: '/api/exit-settings',
    summary: '退出设置（集团默认）：退出类型与计价规则',
    response: ZExitSettingsView,
    policy: exitGroupSettingsRead,
    handler: ({ deps }) => getExitSettings(deps, null),
  }),
  route({
    method: 'PUT',
    path: '/api/exit-settings',
    summary: '保存退出设置（集团默认）',
    response: ZExitSettingsView,
    policy: exitGroupSettingsWrite,
    body: ZExitSettingsSave,
    handler: (rc, { body }) => saveExitSettings(rc.deps, auditActorOf(rc), null, body),
  }),
  route({
    method: 'GET',
    path: '/api/projects/:id/exit-settings',
    summary: '项目退出设置（覆盖集团默认）',
    response: ZExitSettingsView,
    policy: exitProjectSettings('read'),
    params: ZIdParams,
    handler: ({ deps }, { params }) => getExitSettings(deps, params.id),
  }),
  route({
    method: 'PUT',
    path: '/api/projects/:id/exit-settings',
    summary: '保存项目退出设置',
    response: ZExitSettingsView,
    policy: exitProjectSettings('write'),
    params: ZIdParams,
    body: ZExitSettingsSave,
    handler: (rc, { params, body }) => saveExitSettings(rc.deps, auditActorOf(rc), params.id, body),
  }),
  route({
    method: 'GET',
    path: '/api/projects/:id/exits',
    summary: '退出流程：项目的退出列表',
    response: ZExitList,
    policy: exitRead,
    params: ZIdParams,
    handler: ({ deps }, { params }) => listExits(deps, params.id),
  }),
  route({
    method: 'POST',
    path: '/api/projects/:id/exits',
    summary: '退投测算（输入日期及种类；测算）',
    response: ZExitDetail,
    policy: exitWrite,
    params: ZIdParams,
    body: ZExitCalculate,
    status: 201,
    handler: (rc, { params, body }) => calculateExit(rc.deps, auditActorOf(rc), params.id, body),
  }),
  route({
    method: 'GET',
    path: '/api/projects/:id/exits/:exitId',
    summary: '退投测算明细',
    response: ZExitDetail,
    policy: exitRead,
    params: ZExitParams,
    handler: ({ deps }, { params }) => getExitDetail(deps, params.id, params.exitId),
  }),
  route({
    method: 'PATCH',
    path: '/api/projects/:id/exits/:exitId',
    summary: '修改退投测算（填写原因）',
    response: ZExitDetail,
    policy: exitWrite,
    params: ZExitParams,
    body: ZExitRecalculate,
    handler: (rc, { params, body }) => recalculateExit(rc.deps, auditActorOf(rc), params.id, params.exitId, body),
  }),
  route({
    method: 'POST',
    path: '/api/projects/:id/exits/:exitId/payout',
    summary: '登记退出打款金额及打款日期',
    response: ZExitDetail,
    policy: exitWrite,
    params: ZExitParams,
    body: ZExitPayoutRegister,
    handler: (rc, { params, body }) => registerExitPayout(rc.deps, auditActorOf(rc), params.id, params.exitId, body),
  }),
];
