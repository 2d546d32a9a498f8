import { z } from 'zod';
import { projectAccess, projectFromParam } from '../../auth/policy';
import { route, XLSX_DOWNLOAD } from '../../http/route';
import { ZId, ZIdParams, ZNoContent } from '../../../shared/api/common';
import { ZLineEdit, ZRoundCreate, ZRoundPartnersAdd } from '../../../shared/api/scheme';
import { auditActorOf } from '../../lib/audit';
import { exportRound } from './export';
import { importPartners } from './import';
import { roundPartnerTemplate } from './partner-template';
import { addPartners } from './add-partners';
import { calculateRound } from './calculate-round';
import { createRound } from './create-round';
import { editInvestmentLine } from './edit-investment-line';
import { findPartnerCandidates } from './find-partner-candidates';
import { listRounds } from './list-rounds';
import { removePartner } from './remove-partner';
import { roundDetail } from './round-detail';
import { sendSubscriptionNotices } from './send-subscription-notices';
import { submitRoundForReview } from './submit-round-for-review';
import { prefillMandatory } from './prefill-mandatory';
import { ZMandatoryPrefill, ZRoundSubmit } from '../../../shared/api/mandatory';
import { changePartnerTerms, changeRoundDates, closeSubscriptions } from './correct-round';
import {
  ZCloseSubscriptions,
  ZRoundCorrected,
  ZRoundDatesEdit,
  ZRoundPartnerEdit,
  ZRoundPartnerTerms,
} from '../../../shared/api/capital';
import {
  ZNoticesSent,
  ZPartnerCandidates,
  ZPartnersAdded,
  ZRoundCreated,
  ZRoundDetail,
  ZRoundList,
  ZRoundSubmitted,
} from '../../../shared/api/subscription';

const read = projectAccess({ mode: 'read', projectId: projectFromParam() });
const write = projectAccess({ mode: 'write', projectId: projectFromParam() });
const ZRound = z.object({ id: ZId, roundId: ZId });
const ZLine = ZRound.extend({ lineId: ZId });

export const subscriptionRoutes = [
  route({
    method: 'GET',
    path: '/api/projects/:id/rounds',
    summary: '认购轮次列表',
    response: ZRoundList,
    policy: read,
    params: ZIdParams,
    handler: ({ deps }, { params }) => listRounds(deps, params.id),
  }),
  route({
    method: 'POST',
    path: '/api/projects/:id/rounds',
    summary: '新建认购轮次（立项认购 / 补投认购）',
    response: ZRoundCreated,
    policy: write,
    params: ZIdParams,
    body: ZRoundCreate,
    status: 201,
    handler: (rc, { params, body }) => createRound(rc.deps, auditActorOf(rc), params.id, body),
  }),
  route({
    method: 'GET',
    path: '/api/projects/:id/rounds/:roundId',
    summary: '合伙名单与认购明细 / 测算 / 投资明细',
    response: ZRoundDetail,
    policy: read,
    params: ZRound,
    handler: ({ deps }, { params }) => roundDetail(deps, params.id, params.roundId),
  }),
  route({
    method: 'GET',
    path: '/api/projects/:id/rounds/:roundId/export',
    summary: '导出投资明细（Excel）',
    raw: XLSX_DOWNLOAD,
    policy: read,
    params: ZRound,
    handler: async ({ ctx, deps }, { params }) => {
      const { fileName, body } = await exportRound(deps, params.id, params.roundId);
      ctx.set('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`);
      ctx.type = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
      ctx.body = body;
    },
  }),
  // 合伙名单: the accountant picks people by name (within the project's companies), or by full mobile, 工号 or
  // DingTalk id (active employees only; the mobile comes back masked)
  route({
    method: 'GET',
    path: '/api/projects/:id/partner-candidates',
    summary: '合伙人候选（在职员工：本项目所属公司内按姓名，或完整手机号、工号、钉钉ID）',
    response: ZPartnerCandidates,
    policy: write,
    params: ZIdParams,
    query: z.object({ q: z.string().trim().min(1, '请输入姓名、完整手机号或工号').max(50) }),
    handler: ({ deps, actor }, { params, query }) => findPartnerCandidates(deps, actor, params.id, query.q),
  }),
  route({
    method: 'POST',
    path: '/api/projects/:id/rounds/:roundId/partners',
    summary: '新增合伙人（认购上下限、层级、类别）',
    response: ZPartnersAdded,
    policy: write,
    params: ZRound,
    body: ZRoundPartnersAdd,
    status: 201,
    handler: (rc, { params, body }) => addPartners(rc.deps, auditActorOf(rc), params.id, params.roundId, body),
  }),
  route({
    method: 'GET',
    path: '/api/projects/:id/rounds/:roundId/partners/template',
    summary: '下载合伙名单导入模板',
    raw: XLSX_DOWNLOAD,
    policy: write,
    params: ZRound,
    handler: async ({ ctx, deps }, { params }) => {
      const body = await roundPartnerTemplate(deps, params.id, params.roundId);
      ctx.set('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent('合伙名单导入模板.xlsx')}`);
      ctx.type = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
      ctx.body = body;
    },
  }),
  route({
    method: 'POST',
    path: '/api/projects/:id/rounds/:roundId/partners/import',
    summary: '从 Excel 导入合伙名单',
    response: ZPartnersAdded,
    policy: write,
    params: ZRound,
    upload: true,
    handler: (rc, { params }) => importPartners(rc, params.id, params.roundId),
  }),
  route({
    method: 'DELETE',
    path: '/api/projects/:id/rounds/:roundId/partners/:lineId',
    summary: '移出合伙名单',
    response: ZNoContent,
    policy: write,
    params: ZLine,
    handler: (rc, { params }) => removePartner(rc.deps, auditActorOf(rc), params.id, params.roundId, params.lineId),
  }),
  route({
    method: 'POST',
    path: '/api/projects/:id/rounds/:roundId/notices',
    summary: '发送认购通知',
    response: ZNoticesSent,
    policy: write,
    params: ZRound,
    handler: (rc, { params }) => sendSubscriptionNotices(rc.deps, auditActorOf(rc), params.id, params.roundId),
  }),
  route({
    method: 'POST',
    path: '/api/projects/:id/rounds/:roundId/calculate',
    summary: '测算（生成投资明细）',
    response: ZRoundDetail,
    policy: write,
    params: ZRound,
    handler: async (rc, { params }) => {
      await calculateRound(rc.deps, auditActorOf(rc), params.id, params.roundId);
      return roundDetail(rc.deps, params.id, params.roundId);
    },
  }),
  route({
    method: 'PATCH',
    path: '/api/projects/:id/rounds/:roundId/partners/:lineId',
    summary: '调整投资明细（须填写原因）',
    response: ZRoundDetail,
    policy: write,
    params: ZLine,
    body: ZLineEdit,
    handler: async (rc, { params, body }) => {
      await editInvestmentLine(rc.deps, auditActorOf(rc), params.id, params.roundId, params.lineId, body);
      return roundDetail(rc.deps, params.id, params.roundId);
    },
  }),
  route({
    method: 'POST',
    path: '/api/projects/:id/rounds/:roundId/submit',
    summary: '送审（方案审核）',
    response: ZRoundSubmitted,
    policy: write,
    params: ZRound,
    body: ZRoundSubmit,
    handler: (rc, { params, body }) =>
      submitRoundForReview(rc.deps, auditActorOf(rc), params.id, params.roundId, body?.acknowledgedMandatory),
  }),
  route({
    method: 'POST',
    path: '/api/projects/:id/rounds/:roundId/partners/mandatory',
    summary: '按强投名单添加合伙人（类别强投，默认上下限）',
    response: ZMandatoryPrefill,
    policy: write,
    params: ZRound,
    handler: (rc, { params }) => prefillMandatory(rc.deps, auditActorOf(rc), params.id, params.roundId),
  }),
  // round corrections
  route({
    method: 'PATCH',
    path: '/api/projects/:id/rounds/:roundId/dates',
    summary: '修改认购截止时间（测算前）/ 缴款截止日（缴款通知前），并通知名单上的合伙人',
    response: ZRoundCorrected,
    policy: write,
    params: ZRound,
    body: ZRoundDatesEdit,
    handler: (rc, { params, body }) => changeRoundDates(rc.deps, auditActorOf(rc), params.id, params.roundId, body),
  }),
  route({
    method: 'PATCH',
    path: '/api/projects/:id/rounds/:roundId/partners/:lineId/terms',
    summary: '修改合伙名单行的认购上下限、层级、类别（测算前）',
    response: ZRoundPartnerTerms,
    policy: write,
    params: ZLine,
    body: ZRoundPartnerEdit,
    handler: (rc, { params, body }) =>
      changePartnerTerms(rc.deps, auditActorOf(rc), params.id, params.roundId, params.lineId, body),
  }),
  route({
    method: 'POST',
    path: '/api/projects/:id/rounds/:roundId/close-subscriptions',
    summary: '提前截止认购（全部合伙人已答复，或填写原因）',
    response: ZRoundCorrected,
    policy: write,
    params: ZRound,
    body: ZCloseSubscriptions,
    handler: (rc, { params, body }) => closeSubscriptions(rc.deps, auditActorOf(rc), params.id, params.roundId, body),
  }),
];
