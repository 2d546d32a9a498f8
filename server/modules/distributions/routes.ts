import { z } from 'zod';
import { distributionRead, distributionUnlock, distributionWrite, loggedIn, signedLink } from '../../auth/policy';
import { readFile } from 'node:fs/promises';
import { route, XLSX_DOWNLOAD, type RouteContext } from '../../http/route';
import { ZDate, ZId, ZIdParams, ZVersion } from '../../../shared/api/common';
import { AppError } from '../../lib/errors';
import {
  ZAccountConfirmRequest,
  ZAccountConfirmRequested,
  ZAccountImportResult,
  ZPayoutImportResult,
  ZSaveManualLines,
  ZUnlockBatch,
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
import { importManualLines, saveManualLines, unlockManualBatch } from './manual-batch';
import { manualTemplate } from './manual-template';
import { accountTemplate, importDistributionAccounts } from './import-accounts';
import { importPayoutResults, payoutResultTemplate } from './import-payout-results';
import { downloadSheet, SHEET_LINK } from './sheet-link';

/** The one uploaded file of an import route (multipart field `file`, ≤ 10 MB), read into memory. */
async function uploadedFile(rc: RouteContext): Promise<Buffer> {
  const files = rc.ctx.request.files?.file;
  const file = Array.isArray(files) ? files[0] : files;
  if (!file)
    throw new AppError('VALIDATION_FAILED', '请选择要导入的 Excel 文件', [{ path: 'file', message: '请选择文件' }]);
  return readFile(file.filepath);
}

/** An Excel download with its UTF-8 file name. */
function sendXlsx(rc: RouteContext, fileName: string, body: Buffer): void {
  rc.ctx.set('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`);
  rc.ctx.type = XLSX_DOWNLOAD.contentType;
  rc.ctx.body = body;
}

const ZImportQuery = z.object({ version: z.coerce.number().pipe(ZVersion), date: ZDate.optional() });
const ZVersionQuery = z.object({ version: z.coerce.number().pipe(ZVersion) });

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
  route({
    method: 'GET',
    path: '/api/projects/:id/distribution-accounts/template',
    summary: '分配账户导入模板（Excel：姓名、手机号、工号、户名、开户行、支行、账号）',
    raw: XLSX_DOWNLOAD,
    policy: distributionRead,
    params: ZIdParams,
    handler: async (rc, { params }) => {
      const { fileName, body } = await accountTemplate(rc.deps, params.id);
      sendXlsx(rc, fileName, body);
    },
  }),
  route({
    method: 'POST',
    path: '/api/projects/:id/distribution-accounts/import',
    summary: '导入分配账户（Excel；按姓名匹配，同名以手机号或工号区分；全部通过才导入）',
    response: ZAccountImportResult,
    policy: distributionWrite,
    params: ZIdParams,
    upload: true,
    handler: async (rc, { params }) =>
      importDistributionAccounts(rc.deps, auditActorOf(rc), params.id, await uploadedFile(rc)),
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
    path: '/api/distribution-sheets/:token',
    summary: '测算表下载（本金分配 / 利润分配审批单中的签名链接，30 天有效，无需登录；批次已变更则拒绝）',
    raw: XLSX_DOWNLOAD,
    // approvers open it from DingTalk OA, without a session here: the signed token is the access (policy.ts)
    policy: signedLink(SHEET_LINK),
    params: z.object({ token: z.string().max(200) }),
    handler: async (rc, { params }) => {
      const { fileName, body } = await downloadSheet(rc.deps, params.token, {
        ip: rc.ip,
        userAgent: rc.ctx.get('user-agent') || undefined,
      });
      sendXlsx(rc, fileName, body);
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
  // ---- 手动-非测算 ----
  route({
    method: 'POST',
    path: '/api/projects/:id/distributions/:batchId/unlock',
    summary: '解锁编辑（手动-非测算批次，业务管理员）',
    response: ZBatchDetail,
    policy: distributionUnlock,
    params: ZBatchParams,
    body: ZUnlockBatch,
    handler: (rc, { params, body }) => unlockManualBatch(rc.deps, auditActorOf(rc), params.id, params.batchId, body),
  }),
  route({
    method: 'PUT',
    path: '/api/projects/:id/distributions/:batchId/lines',
    summary: '保存手动分配明细（含分配日期；全部校验通过才保存）',
    response: ZBatchDetail,
    policy: distributionWrite,
    params: ZBatchParams,
    body: ZSaveManualLines,
    handler: (rc, { params, body }) => saveManualLines(rc.deps, auditActorOf(rc), params.id, params.batchId, body),
  }),
  route({
    method: 'GET',
    path: '/api/projects/:id/distributions/:batchId/template',
    summary: '导出模板（手动分配明细 Excel，含本项目持有人）',
    raw: XLSX_DOWNLOAD,
    policy: distributionRead,
    params: ZBatchParams,
    handler: async (rc, { params }) => {
      const { fileName, body } = await manualTemplate(rc.deps, params.id, params.batchId);
      sendXlsx(rc, fileName, body);
    },
  }),
  route({
    method: 'POST',
    path: '/api/projects/:id/distributions/:batchId/import',
    summary: '导入手动分配明细（Excel；逐行逐列列出全部错误，全部通过才保存）',
    response: ZBatchDetail,
    policy: distributionWrite,
    params: ZBatchParams,
    query: ZImportQuery,
    upload: true,
    handler: async (rc, { params, query }) =>
      importManualLines(rc.deps, auditActorOf(rc), params.id, params.batchId, await uploadedFile(rc), query),
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
    method: 'GET',
    path: '/api/projects/:id/distributions/:batchId/payout-results/template',
    summary: '发放结果导入模板（Excel：待发放明细）',
    raw: XLSX_DOWNLOAD,
    policy: distributionRead,
    params: ZBatchParams,
    handler: async (rc, { params }) => {
      const { fileName, body } = await payoutResultTemplate(rc.deps, params.id, params.batchId);
      sendXlsx(rc, fileName, body);
    },
  }),
  route({
    method: 'POST',
    path: '/api/projects/:id/distributions/:batchId/payout-results',
    summary: '导入银行发放结果（Excel；成功的明细登记已发放，重复导入不重复登记）',
    response: ZPayoutImportResult,
    policy: distributionWrite,
    params: ZBatchParams,
    query: ZVersionQuery,
    upload: true,
    handler: async (rc, { params, query }) =>
      importPayoutResults(rc.deps, auditActorOf(rc), params.id, params.batchId, await uploadedFile(rc), query.version),
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
