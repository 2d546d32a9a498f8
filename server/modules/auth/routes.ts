import { loggedInPendingPassword, publicAccess } from '../../auth/policy';
import { route } from '../../http/route';
import {
  ZChangePassword,
  ZDingtalkLogin,
  ZLoginResult,
  ZMeResponse,
  ZPasswordLogin,
} from '../../../shared/api/identity';
import { auditActorOf } from '../../lib/audit';
import { directoryFor } from './directory';
import { loginWithDingtalk } from './dingtalk-login';
import * as service from './service';
import { ZNoContent } from '../../../shared/api/common';

export const authRoutes = [
  route({
    method: 'POST',
    path: '/api/auth/password',
    summary: '账号密码登录（管理后台）',
    response: ZLoginResult,
    policy: publicAccess,
    body: ZPasswordLogin,
    handler: ({ deps, requestId, ip }, { body }) =>
      service.loginWithPassword(deps, { requestId, ip }, body.username, body.password),
  }),
  route({
    method: 'POST',
    path: '/api/auth/dingtalk',
    summary: '钉钉免登（小程序 / 工作台）',
    response: ZLoginResult,
    policy: publicAccess,
    body: ZDingtalkLogin,
    handler: async ({ deps, requestId, ip }, { body }) =>
      loginWithDingtalk(deps, { requestId, ip }, await directoryFor(deps), body.authCode),
  }),
  route({
    method: 'POST',
    path: '/api/auth/logout',
    summary: '退出登录',
    response: ZNoContent,
    policy: loggedInPendingPassword,
    handler: ({ deps, actor }) => service.logout(deps, actor),
  }),
  route({
    method: 'POST',
    path: '/api/auth/change-password',
    summary: '修改密码',
    response: ZLoginResult,
    policy: loggedInPendingPassword,
    body: ZChangePassword,
    handler: (rc, { body }) =>
      service.changePassword(rc.deps, auditActorOf(rc), rc.actor, body.oldPassword, body.newPassword),
  }),
  route({
    method: 'GET',
    path: '/api/me',
    summary: '当前用户',
    response: ZMeResponse,
    policy: loggedInPendingPassword,
    handler: async ({ deps, actor }) => ({ user: await service.me(deps, actor) }),
  }),
];
