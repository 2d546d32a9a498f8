import { z } from 'zod';
import { loggedIn, signedLink } from '../../auth/policy';
import { route } from '../../http/route';
import { ZId } from '../../../shared/api/common';
import { ZSubscribe } from '../../../shared/api/scheme';
import { auditActorOf } from '../../lib/audit';
import { cachedOverview } from './overview-cache';
import { myProject } from './my-project';
import { mySubscription, submitSubscription } from './my-subscription';
import { myPaymentNotice } from './my-payment-notice';
import { uploadReceipt } from './upload-receipt';
import { myExitStatement } from './my-exit';
import { ZMyExitStatement } from '../../../shared/api/exits';
import { ZMyPaymentNotice, ZMyProject, ZMySubscription, ZOverview } from '../../../shared/api/me';
import { ZMyStatement, ZStatementLink } from '../../../shared/api/statement';
import { downloadStatementPdf, myStatement, STATEMENT_LINK, statementLink } from './my-statement';

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
    handler: ({ deps, actor }) => cachedOverview(deps, actor),
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
  route({
    method: 'GET',
    path: '/api/me/statement',
    summary: '我的投资对账单：各项目与合计的认缴、缴款、补缴、退款、本金返还、利息、利润、税、实发、MOIC、XIRR',
    response: ZMyStatement,
    policy: loggedIn,
    handler: ({ deps, actor }) => myStatement(deps, actor.userId),
  }),
  route({
    method: 'POST',
    path: '/api/me/statement/pdf-link',
    summary: '投资对账单 PDF 的下载链接（签名，10 分钟有效，供 dd.downloadFile 打开）',
    response: ZStatementLink,
    policy: loggedIn,
    handler: ({ deps, actor }) => statementLink(deps, actor),
  }),
  route({
    method: 'GET',
    path: '/api/statement-pdfs/:token',
    summary: '投资对账单 PDF（签名链接，无需登录，10 分钟有效）',
    raw: {
      contentType: 'application/pdf',
      description: 'PDF 文件（Content-Disposition: attachment，文件名 UTF-8 编码）',
    },
    // dd.downloadFile sends no Authorization header: the signed, short-lived token names the partner (policy.ts)
    policy: signedLink(STATEMENT_LINK),
    params: z.object({ token: z.string().max(200) }),
    handler: async (rc, { params }) => {
      const { fileName, body } = await downloadStatementPdf(rc.deps, params.token, {
        ip: rc.ip,
        userAgent: rc.ctx.get('user-agent') || undefined,
      });
      rc.ctx.set('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`);
      rc.ctx.type = 'application/pdf';
      rc.ctx.body = body;
    },
  }),
];
