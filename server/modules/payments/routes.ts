import { z } from 'zod';
import { capitalRead, projectAccess, projectFromParam } from '../../auth/policy';
import { route } from '../../http/route';
import { ZId, ZIdParams } from '../../../shared/api/common';
import { ZPaymentConfirm, ZPaymentNotices } from '../../../shared/api/scheme';
import { auditActorOf } from '../../lib/audit';
import { confirmPayment } from './confirm-payment';
import { dueReceipt, listDues } from './dues';
import { sendPaymentNotices } from './send-payment-notices';
import { sendReminders } from './send-reminders';
import { ZConfirmResult, ZDueList, ZPaymentNoticesSent, ZRemindersSent } from '../../../shared/api/payments';

const read = projectAccess({ mode: 'read', projectId: projectFromParam() });
const act = projectAccess({ mode: 'write', businessAdmin: true, projectId: projectFromParam() });

export const paymentRoutes = [
  route({
    method: 'GET',
    path: '/api/projects/:id/payments',
    summary: '缴款明细（应缴、已缴、状态）',
    response: ZDueList,
    policy: read,
    params: ZIdParams,
    query: z.object({ roundId: ZId.optional() }),
    handler: ({ deps }, { params, query }) => listDues(deps, params.id, query.roundId),
  }),
  route({
    method: 'POST',
    path: '/api/projects/:id/rounds/:roundId/payment-notices',
    summary: '发送缴款通知（可先发测试消息给自己）',
    response: ZPaymentNoticesSent,
    policy: act,
    params: z.object({ id: ZId, roundId: ZId }),
    body: ZPaymentNotices,
    handler: (rc, { params, body }) =>
      sendPaymentNotices(rc.deps, auditActorOf(rc), rc.actor.userId, params.id, params.roundId, body.test),
  }),
  route({
    method: 'POST',
    path: '/api/projects/:id/rounds/:roundId/reminders',
    summary: '发送催缴通知（未缴清者）',
    response: ZRemindersSent,
    policy: act,
    params: z.object({ id: ZId, roundId: ZId }),
    handler: (rc, { params }) => sendReminders(rc.deps, auditActorOf(rc), params.id, { roundId: params.roundId }),
  }),
  route({
    method: 'GET',
    path: '/api/projects/:id/payments/:dueId/receipt',
    summary: '下载合伙人上传的付款凭证（默认最新一份）',
    raw: {
      contentType: 'application/octet-stream',
      description:
        '付款凭证原文件：Content-Type 为上传时识别的类型（image/jpeg、image/png 或 application/pdf），Content-Disposition: attachment，文件名 UTF-8 编码',
    },
    policy: capitalRead,
    params: z.object({ id: ZId, dueId: ZId }),
    query: z.object({ receiptId: ZId.optional() }),
    handler: async ({ ctx, deps }, { params, query }) => {
      const file = await dueReceipt(deps, params.id, params.dueId, query.receiptId);
      ctx.set('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`);
      ctx.set('x-content-type-options', 'nosniff');
      ctx.type = file.mime;
      ctx.body = file.body;
    },
  }),
  route({
    method: 'POST',
    path: '/api/projects/:id/payments/:dueId/confirm',
    summary: '缴款确认（日期、金额；同一确认编号重复提交不重复入账）',
    response: ZConfirmResult,
    policy: act,
    params: z.object({ id: ZId, dueId: ZId }),
    body: ZPaymentConfirm,
    handler: (rc, { params, body }) => confirmPayment(rc.deps, auditActorOf(rc), params.id, params.dueId, body),
  }),
];
