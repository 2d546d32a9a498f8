import { z } from 'zod';
import { distributionRead, distributionWrite, loggedIn } from '../../auth/policy';
import { route, XLSX_DOWNLOAD } from '../../http/route';
import { ZId, ZIdParams } from '../../../shared/api/common';
import {
  ZAccountConfirmRequest,
  ZAccountConfirmRequested,
  ZBankAccountInput,
  ZBatchDetail,
  ZBatchList,
  ZBatchNoticeList,
  ZBatchVersion,
  ZCreateBatch,
  ZDistributionAccountList,
  ZDistributionAccountRow,
  ZDistributionAccountUpsert,
  ZEditBatch,
  ZMyDistributionAccount,
  ZMyDistributionLine,
  ZRegisterPayouts,
} from '../../../shared/api/distributions';
import { auditActorOf } from '../../lib/audit';
import { submitBatchForReview } from './batch-review';
import { calculateBatch } from './calculate-batch';
import { createBatch } from './create-batch';
import {
  acceptAccountCorrection,
  confirmMyDistributionAccount,
  listDistributionAccounts,
  myDistributionAccount,
  requestAccountConfirmations,
  saveMyDistributionAccount,
  upsertDistributionAccount,
} from './distribution-accounts';
import { editBatch } from './edit-batch';
import { exportBatch } from './export';
import { listBatchNotices } from './list-batch-notices';
import { getBatch, listBatches } from './list-batches';
import { lockPaidBatch, registerPayouts } from './register-payouts';
import { myDistributionLine } from './my-distribution-line';

const ZUserParams = z.object({ id: ZId, userId: ZId });
const ZBatchParams = z.object({ id: ZId, batchId: ZId });

export const distributionRoutes = [
  // ---- 分配账户: the partner's own ----
  route({
    method: 'GET',
    path: '/api/me/distribution-account',
    summary: '我的分配账户（账号脱敏）',
    response: ZMyDistributionAccount,
    policy: loggedIn,
    handler: ({ deps, actor }) => myDistributionAccount(deps, actor.userId),
  }),
  route({
    method: 'PUT',
    path: '/api/me/distribution-account',
    summary: '填写 / 更正我的分配账户（更正需经营会计审核）',
    response: ZMyDistributionAccount,
    policy: loggedIn,
    body: ZBankAccountInput,
    handler: (rc, { body }) => saveMyDistributionAccount(rc.deps, auditActorOf(rc), rc.actor.userId, body),
  }),
  route({
    method: 'POST',
    path: '/api/me/distribution-account/confirm',
    summary: '确认我的分配账户',
    response: ZMyDistributionAccount,
    policy: loggedIn,
    handler: (rc) => confirmMyDistributionAccount(rc.deps, auditActorOf(rc), rc.actor.userId),
  }),
  route({
    method: 'GET',
    path: '/api/me/distributions/:lineId',
    summary: '我的分配通知（本金、利息、其它、利润、代扣税、实发，账户脱敏）',
    response: ZMyDistributionLine,
    policy: loggedIn,
    params: z.object({ lineId: ZId }),
    handler: ({ deps, actor }, { params }) => myDistributionLine(deps, actor.userId, params.lineId),
  }),
  // ---- 分配账户: the accountant's ----
  route({
    method: 'GET',
    path: '/api/projects/:id/distribution-accounts',
    summary: '分配账户（项目合伙人，账号脱敏）',
    response: ZDistributionAccountList,
    policy: distributionRead,
    params: ZIdParams,
    handler: ({ deps }, { params }) => listDistributionAccounts(deps, params.id),
  }),
  route({
    method: 'PUT',
    path: '/api/projects/:id/distribution-accounts/:userId',
    summary: '登记 / 修改合伙人的分配账户（修改后待合伙人确认）',
    response: ZDistributionAccountRow,
    policy: distributionWrite,
    params: ZUserParams,
    body: ZDistributionAccountUpsert,
    handler: (rc, { params, body }) =>
      upsertDistributionAccount(rc.deps, auditActorOf(rc), params.id, params.userId, body),
  }),
  route({
    method: 'POST',
    path: '/api/projects/:id/distribution-accounts/:userId/accept-correction',
    summary: '接受合伙人提交的账户更正',
    response: ZDistributionAccountRow,
    policy: distributionWrite,
    params: ZUserParams,
    body: ZBatchVersion,
    handler: (rc, { params, body }) =>
      acceptAccountCorrection(rc.deps, auditActorOf(rc), params.id, params.userId, body.version),
  }),
  route({
    method: 'POST',
    path: '/api/projects/:id/distribution-accounts/confirm-requests',
    summary: '发送分配账户确认通知',
    response: ZAccountConfirmRequested,
    policy: distributionWrite,
    params: ZIdParams,
    body: ZAccountConfirmRequest,
    handler: (rc, { params, body }) => requestAccountConfirmations(rc.deps, auditActorOf(rc), params.id, body.userIds),
  }),
  // ---- 分配批次 ----
  route({
    method: 'GET',
    path: '/api/projects/:id/distributions',
    summary: '分配批次',
    response: ZBatchList,
    policy: distributionRead,
    params: ZIdParams,
    handler: ({ deps }, { params }) => listBatches(deps, params.id),
  }),
  route({
    method: 'POST',
    path: '/api/projects/:id/distributions',
    summary: '新建分配批次（本金分配 / 第N次利润分配 / 清算分配）',
    status: 201,
    response: ZBatchDetail,
    policy: distributionWrite,
    params: ZIdParams,
    body: ZCreateBatch,
    handler: (rc, { params, body }) => createBatch(rc.deps, auditActorOf(rc), params.id, body),
  }),
  route({
    method: 'GET',
    path: '/api/projects/:id/distributions/:batchId',
    summary: '分配批次明细（A…F、合计、分层级汇总）',
    response: ZBatchDetail,
    policy: distributionRead,
    params: ZBatchParams,
    handler: ({ deps }, { params }) => getBatch(deps, params.id, params.batchId),
  }),
  route({
    method: 'GET',
    path: '/api/projects/:id/distributions/:batchId/export',
    summary: '导出分配明细（Excel，A…F 与合计）',
    raw: XLSX_DOWNLOAD,
    policy: distributionRead,
    params: ZBatchParams,
    handler: async ({ ctx, deps }, { params }) => {
      const { fileName, body } = await exportBatch(deps, params.id, params.batchId);
      ctx.set('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`);
      ctx.type = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
      ctx.body = body;
    },
  }),
  route({
    method: 'GET',
    path: '/api/projects/:id/distributions/:batchId/notices',
    summary: '分配通知（每位合伙人收到的通知内容、发送状态与时间）',
    response: ZBatchNoticeList,
    policy: distributionRead,
    params: ZBatchParams,
    handler: ({ deps }, { params }) => listBatchNotices(deps, params.id, params.batchId),
  }),
  route({
    method: 'PATCH',
    path: '/api/projects/:id/distributions/:batchId',
    summary: '修改分配批次（日期、设置、利润、其它调整、资金利息；测算后修改退回草稿）',
    response: ZBatchDetail,
    policy: distributionWrite,
    params: ZBatchParams,
    body: ZEditBatch,
    handler: (rc, { params, body }) => editBatch(rc.deps, auditActorOf(rc), params.id, params.batchId, body),
  }),
  route({
    method: 'POST',
    path: '/api/projects/:id/distributions/:batchId/calculate',
    summary: '分配测算',
    response: ZBatchDetail,
    policy: distributionWrite,
    params: ZBatchParams,
    body: ZBatchVersion,
    handler: (rc, { params, body }) =>
      calculateBatch(rc.deps, auditActorOf(rc), params.id, params.batchId, body.version),
  }),
  route({
    method: 'POST',
    path: '/api/projects/:id/distributions/:batchId/submit',
    summary: '分配送审',
    response: z.object({ reviewId: z.number().int() }),
    policy: distributionWrite,
    params: ZBatchParams,
    body: ZBatchVersion,
    handler: (rc, { params, body }) =>
      submitBatchForReview(rc.deps, auditActorOf(rc), params.id, params.batchId, body.version),
  }),

  route({
    method: 'POST',
    path: '/api/projects/:id/distributions/:batchId/payouts',
    summary: '发放登记（须分配账户已确认；全部发放后本金退回记入资金台账）',
    response: ZBatchDetail,
    policy: distributionWrite,
    params: ZBatchParams,
    body: ZRegisterPayouts,
    handler: (rc, { params, body }) => registerPayouts(rc.deps, auditActorOf(rc), params.id, params.batchId, body),
  }),
  route({
    method: 'POST',
    path: '/api/projects/:id/distributions/:batchId/lock',
    summary: '锁定已发放的分配批次',
    response: ZBatchDetail,
    policy: distributionWrite,
    params: ZBatchParams,
    body: ZBatchVersion,
    handler: (rc, { params, body }) =>
      lockPaidBatch(rc.deps, auditActorOf(rc), params.id, params.batchId, body.version),
  }),
];
