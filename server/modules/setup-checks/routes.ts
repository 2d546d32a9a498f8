import { ZIdParams } from '../../../shared/api/common';
import { ZSetupWarnings } from '../../../shared/api/setup-warnings';
import { projectNextStepsRead, systemAdmin } from '../../auth/policy';
import { route } from '../../http/route';
import { readSetupWarnings } from './read-setup-warnings';

export const setupCheckRoutes = [
  route({
    method: 'GET',
    path: '/api/projects/:id/setup-warnings',
    summary: '设置提醒：该项目依赖但未配好的设置（群机器人、钉钉设置测试），各说明影响与由谁在哪里处理',
    response: ZSetupWarnings,
    policy: projectNextStepsRead,
    params: ZIdParams,
    handler: ({ deps }, { params }) => readSetupWarnings(deps, params.id),
  }),
  route({
    method: 'GET',
    path: '/api/admin/setup-warnings',
    summary: '设置提醒（全部项目）：钉钉设置页顶部',
    response: ZSetupWarnings,
    policy: systemAdmin,
    handler: ({ deps }) => readSetupWarnings(deps),
  }),
];
