import { z } from 'zod';
import { loggedIn } from '../../auth/policy';
import { route } from '../../http/route';
import { ZId } from '../../../shared/api/common';
import { ZSubscribe } from '../../../shared/api/scheme';
import { auditActorOf } from '../../lib/audit';
import { overview } from './overview';
import { myProject } from './my-project';
import { mySubscription, submitSubscription } from './my-subscription';
import { myPaymentNotice } from './my-payment-notice';
import { uploadReceipt } from './upload-receipt';
import { myExitStatement } from './my-exit';
import { ZMyExitStatement } from '../../../shared/api/exits';
import { ZMyPaymentNotice, ZMyProject, ZMySubscription, ZOverview } from '../../../shared/api/me';

// Every /api/me route serves the caller's own data only: the queries are scoped by the caller's user id.
const ZProject = z.object({ projectId: ZId });
const ZNotice = z.object({ noticeId: ZId });
const ZExit = z.object({ exitId: ZId });

export const meRoutes = [
  route({
    method: 'GET',
    path: '/api/me/overview',
    summary: '个人中心：我的项目、金额、待办通知',
    response: ZOverview,
    policy: loggedIn,
    handler: ({ deps, actor }) => overview(deps, actor),
  }),
  route({
    method: 'GET',
    path: '/api/me/projects/:projectId',
    summary: '我的项目详情',
    response: ZMyProject,
    policy: loggedIn,
    params: ZProject,
    handler: ({ deps, actor }, { params }) => myProject(deps, actor, params.projectId),
  }),
  route({
    method: 'GET',
    path: '/api/me/projects/:projectId/subscription',
    summary: '我的认购',
    response: ZMySubscription,
    policy: loggedIn,
    params: ZProject,
    handler: ({ deps, actor }, { params }) => mySubscription(deps, actor, params.projectId),
  }),
  route({
    method: 'POST',
    path: '/api/me/projects/:projectId/subscription',
    summary: '提交 / 修改认购（截止前，上下限内）',
    response: ZMySubscription,
    policy: loggedIn,
    params: ZProject,
    body: ZSubscribe,
    handler: (rc, { params, body }) =>
      submitSubscription(rc.deps, auditActorOf(rc), rc.actor, params.projectId, body.amount),
  }),
  route({
    method: 'GET',
    path: '/api/me/payment-notices/:noticeId',
    summary: '我的缴款通知',
    response: ZMyPaymentNotice,
    policy: loggedIn,
    params: ZNotice,
    handler: ({ deps, actor }, { params }) => myPaymentNotice(deps, actor, params.noticeId),
  }),
  route({
    method: 'POST',
    path: '/api/me/payment-notices/:noticeId/receipts',
    summary: '我已打款（上传付款凭证）',
    response: ZMyPaymentNotice,
    policy: loggedIn,
    params: ZNotice,
    upload: true,
    handler: (rc, { params }) => {
      const f = rc.ctx.request.files?.file;
      return uploadReceipt(rc.deps, auditActorOf(rc), rc.actor, params.noticeId, Array.isArray(f) ? f[0] : f);
    },
  }),
  route({
    method: 'GET',
    path: '/api/me/exits/:exitId',
    summary: '我的退出结算单（退出价款各部分、打款）',
    response: ZMyExitStatement,
    policy: loggedIn,
    params: ZExit,
    handler: ({ deps, actor }, { params }) => myExitStatement(deps, actor, params.exitId),
  }),
];
