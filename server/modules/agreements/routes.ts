import { z } from 'zod';
import { agreementRead, agreementWrite, loggedIn, signedLink } from '../../auth/policy';
import { route, type RawResponse, type RouteContext } from '../../http/route';
import { auditActorOf } from '../../lib/audit';
import { ZId, ZIdParams } from '../../../shared/api/common';
import {
  ZAgreementLink,
  ZAgreementList,
  ZAgreementListQuery,
  ZAgreementReminders,
  ZAgreementRemindersSent,
  ZAgreementVersion,
  ZGenerateAgreements,
  ZGenerateResult,
  ZMyAgreements,
  ZRegenerateAgreement,
  ZSignAgreement,
  ZSignedAgreement,
  ZSigningStart,
} from '../../../shared/api/agreements';
import { AGREEMENT_LINK, agreementFileByToken, agreementFileForStaff, myAgreementLink } from './agreement-file';
import { generateAgreements, regenerateAgreement } from './generate-agreements';
import { listAgreements, myAgreements } from './read-agreements';
import { sendAgreementReminders } from './send-reminders';
import { signAgreement, startSigning } from './sign-agreement';
import { versionView } from './views';

const PDF_DOWNLOAD: RawResponse = {
  contentType: 'application/pdf',
  description: 'PDF 文件（Content-Disposition: attachment，文件名 UTF-8 编码；X-Content-SHA256 为文件摘要）',
};

function sendPdf(rc: RouteContext, file: { pdf: Uint8Array; fileName: string; sha256: string }) {
  rc.ctx.set('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`);
  rc.ctx.set('x-content-sha256', file.sha256);
  rc.ctx.set('cache-control', 'private, no-store');
  rc.ctx.type = PDF_DOWNLOAD.contentType;
  rc.ctx.body = Buffer.from(file.pdf);
}

const ZAgreementParams = z.object({ id: ZId, agreementId: ZId });
const ZMyAgreementParams = z.object({ agreementId: ZId });

export const agreementRoutes = [
  route({
    method: 'GET',
    path: '/api/projects/:id/agreements',
    summary: '协议状态：合伙人的合伙协议 / 补充协议（未生成 / 待签署 / 已签署），可按认购轮次',
    response: ZAgreementList,
    policy: agreementRead,
    params: ZIdParams,
    query: ZAgreementListQuery,
    handler: ({ deps }, { params, query }) => listAgreements(deps, params.id, query.roundId),
  }),
  route({
    method: 'POST',
    path: '/api/projects/:id/agreements/generate',
    summary: '生成协议（认购轮次的一批合伙人，金额取自资金台账；已有协议的不重复生成）',
    response: ZGenerateResult,
    policy: agreementWrite,
    params: ZIdParams,
    body: ZGenerateAgreements,
    handler: (rc, { params, body }) => generateAgreements(rc.deps, auditActorOf(rc), params.id, body),
  }),
  route({
    method: 'POST',
    path: '/api/projects/:id/agreements/:agreementId/regenerate',
    summary: '重新生成协议（新版本；已签署的协议不变，仅在明确要求时另出新版本）',
    response: ZAgreementVersion,
    policy: agreementWrite,
    params: ZAgreementParams,
    body: ZRegenerateAgreement,
    status: 201,
    handler: async (rc, { params, body }) =>
      versionView(await regenerateAgreement(rc.deps, auditActorOf(rc), params.id, params.agreementId, body)),
  }),
  route({
    method: 'GET',
    path: '/api/projects/:id/agreements/:agreementId/pdf',
    summary: '下载协议 PDF',
    raw: PDF_DOWNLOAD,
    policy: agreementRead,
    params: ZAgreementParams,
    handler: async (rc, { params }) => sendPdf(rc, await agreementFileForStaff(rc.deps, params.id, params.agreementId)),
  }),
  route({
    method: 'POST',
    path: '/api/projects/:id/agreements/reminders',
    summary: '发送签署提醒（工作通知，打开小程序协议页）给尚未签署的合伙人',
    response: ZAgreementRemindersSent,
    policy: agreementWrite,
    params: ZIdParams,
    body: ZAgreementReminders,
    handler: (rc, { params, body }) => sendAgreementReminders(rc.deps, auditActorOf(rc), params.id, body.roundId),
  }),
  // ---- the partner's 协议 page (own documents only: another partner's id answers 404) ----
  route({
    method: 'GET',
    path: '/api/me/projects/:projectId/agreement',
    summary: '我的协议（合伙协议 / 补充协议，编号、版本、金额、状态）',
    response: ZMyAgreements,
    policy: loggedIn,
    params: z.object({ projectId: ZId }),
    handler: ({ deps, actor }, { params }) => myAgreements(deps, actor, params.projectId),
  }),
  route({
    method: 'GET',
    path: '/api/me/agreements/:agreementId/link',
    summary: '我的协议下载链接（签名链接，10 分钟有效，供 dd.downloadFile）',
    response: ZAgreementLink,
    policy: loggedIn,
    params: ZMyAgreementParams,
    handler: ({ deps, actor }, { params }) => myAgreementLink(deps, actor, params.agreementId),
  }),
  route({
    method: 'POST',
    path: '/api/me/agreements/:agreementId/signing',
    summary: '开始签署：二次确认的内容（金额小写与大写、文件摘要）',
    response: ZSigningStart,
    policy: loggedIn,
    params: ZMyAgreementParams,
    handler: ({ deps, actor }, { params }) => startSigning(deps, actor, params.agreementId),
  }),
  route({
    method: 'POST',
    path: '/api/me/agreements/:agreementId/signature',
    summary: '确认签署（记录签署人、时间、文件摘要与钉钉用户；重复确认不重复记录）',
    response: ZSignedAgreement,
    policy: loggedIn,
    params: ZMyAgreementParams,
    body: ZSignAgreement,
    handler: (rc, { params, body }) => signAgreement(rc.deps, auditActorOf(rc), rc.actor, params.agreementId, body),
  }),
  route({
    method: 'GET',
    path: '/api/agreement-files/:token',
    summary: '协议文件下载（小程序的签名链接，10 分钟有效，无需登录）',
    raw: PDF_DOWNLOAD,
    // dd.downloadFile fetches it: the signed token is the access (policy.ts signedLink)
    policy: signedLink(AGREEMENT_LINK),
    params: z.object({ token: z.string().max(200) }),
    handler: async (rc, { params }) => sendPdf(rc, await agreementFileByToken(rc.deps, params.token)),
  }),
];
