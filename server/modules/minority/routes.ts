import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { minorityRead, minorityWrite } from '../../auth/policy';
import { route, XLSX_DOWNLOAD, type RouteContext } from '../../http/route';
import { ZId, ZIdParams, ZVersion } from '../../../shared/api/common';
import {
  ZMinorityBatchCreate,
  ZMinorityBatchDetail,
  ZMinorityBatchList,
  ZMinorityHolder,
  ZMinorityHolderEdit,
  ZMinorityHolderInput,
  ZMinorityHolderList,
  ZMinorityImported,
  ZMinorityLinesSave,
  ZMinorityPaid,
  ZMinoritySubmitted,
  ZMinorityVersion,
} from '../../../shared/api/minority';
import { auditActorOf } from '../../lib/audit';
import { AppError } from '../../lib/errors';
import { createHolder, editHolder, listHolders } from './register-holder';
import { submitHolderForReview } from './holder-review';
import {
  createMinorityBatch,
  exportMinorityBatch,
  importMinorityLines,
  listMinorityBatches,
  minorityBatchDetail,
  saveMinorityLines,
} from './batches';
import { registerMinorityPaid, submitMinorityBatch } from './batch-review';

const ZHolderParams = z.object({ id: ZId, holderId: ZId });
const ZBatchParams = z.object({ id: ZId, batchId: ZId });
const ZVersionQuery = z.object({ version: z.coerce.number().pipe(ZVersion) });

async function uploadedFile(rc: RouteContext): Promise<Buffer> {
  const files = rc.ctx.request.files?.file;
  const file = Array.isArray(files) ? files[0] : files;
  if (!file)
    throw new AppError('VALIDATION_FAILED', '请选择要导入的 Excel 文件', [{ path: 'file', message: '请选择文件' }]);
  return readFile(file.filepath);
}

export const minorityRoutes = [
  route({
    method: 'GET',
    path: '/api/projects/:id/minority-holders',
    summary: '外部股东名册（证件号码、银行账号脱敏）',
    response: ZMinorityHolderList,
    policy: minorityRead,
    params: ZIdParams,
    handler: ({ deps }, { params }) => listHolders(deps, params.id),
  }),
  route({
    method: 'POST',
    path: '/api/projects/:id/minority-holders',
    summary: '股东登记（登录股东信息）',
    response: ZMinorityHolder,
    policy: minorityWrite,
    params: ZIdParams,
    body: ZMinorityHolderInput,
    status: 201,
    handler: (rc, { params, body }) => createHolder(rc.deps, auditActorOf(rc), params.id, body),
  }),
  route({
    method: 'PUT',
    path: '/api/projects/:id/minority-holders/:holderId',
    summary: '修改股东登记（已审核的登记修改后须重新申请审核）',
    response: ZMinorityHolder,
    policy: minorityWrite,
    params: ZHolderParams,
    body: ZMinorityHolderEdit,
    handler: (rc, { params, body }) => editHolder(rc.deps, auditActorOf(rc), params.id, params.holderId, body),
  }),
  route({
    method: 'POST',
    path: '/api/projects/:id/minority-holders/:holderId/submit',
    summary: '申请审核（业务管理员审核通过或退回）',
    response: ZMinoritySubmitted,
    policy: minorityWrite,
    params: ZHolderParams,
    body: ZMinorityVersion,
    handler: (rc, { params, body }) =>
      submitHolderForReview(rc.deps, auditActorOf(rc), params.id, params.holderId, body.version),
  }),
  route({
    method: 'GET',
    path: '/api/projects/:id/minority-batches',
    summary: '外部股东分配批次',
    response: ZMinorityBatchList,
    policy: minorityRead,
    params: ZIdParams,
    handler: ({ deps }, { params }) => listMinorityBatches(deps, params.id),
  }),
  route({
    method: 'POST',
    path: '/api/projects/:id/minority-batches',
    summary: '新建外部股东分配批次',
    response: ZMinorityBatchDetail,
    policy: minorityWrite,
    params: ZIdParams,
    body: ZMinorityBatchCreate,
    status: 201,
    handler: (rc, { params, body }) => createMinorityBatch(rc.deps, auditActorOf(rc), params.id, body),
  }),
  route({
    method: 'GET',
    path: '/api/projects/:id/minority-batches/:batchId',
    summary: '外部股东分配批次明细',
    response: ZMinorityBatchDetail,
    policy: minorityRead,
    params: ZBatchParams,
    handler: ({ deps }, { params }) => minorityBatchDetail(deps, params.id, params.batchId),
  }),
  route({
    method: 'PUT',
    path: '/api/projects/:id/minority-batches/:batchId/lines',
    summary: '录入分配（逐位股东的分配金额与分配日期）',
    response: ZMinorityBatchDetail,
    policy: minorityWrite,
    params: ZBatchParams,
    body: ZMinorityLinesSave,
    handler: (rc, { params, body }) => saveMinorityLines(rc.deps, auditActorOf(rc), params.id, params.batchId, body),
  }),
  route({
    method: 'GET',
    path: '/api/projects/:id/minority-batches/:batchId/export',
    summary: '导出（Excel：已审核股东及本批次金额，录入中即导入模板）',
    raw: XLSX_DOWNLOAD,
    policy: minorityRead,
    params: ZBatchParams,
    handler: async (rc, { params }) => {
      const { fileName, body } = await exportMinorityBatch(rc.deps, params.id, params.batchId);
      rc.ctx.set('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`);
      rc.ctx.type = XLSX_DOWNLOAD.contentType;
      rc.ctx.body = body;
    },
  }),
  route({
    method: 'POST',
    path: '/api/projects/:id/minority-batches/:batchId/import',
    summary: '导入分配金额（Excel；逐行逐列列出全部错误，全部通过才保存）',
    response: ZMinorityImported,
    policy: minorityWrite,
    params: ZBatchParams,
    query: ZVersionQuery,
    upload: true,
    handler: async (rc, { params, query }) =>
      importMinorityLines(rc.deps, auditActorOf(rc), params.id, params.batchId, await uploadedFile(rc), query.version),
  }),
  route({
    method: 'POST',
    path: '/api/projects/:id/minority-batches/:batchId/submit',
    summary: '申请审核（外部股东分配审核）',
    response: ZMinoritySubmitted,
    policy: minorityWrite,
    params: ZBatchParams,
    body: ZMinorityVersion,
    handler: (rc, { params, body }) =>
      submitMinorityBatch(rc.deps, auditActorOf(rc), params.id, params.batchId, body.version),
  }),
  route({
    method: 'POST',
    path: '/api/projects/:id/minority-batches/:batchId/paid',
    summary: '登记发放日期（审核通过后）',
    response: ZMinorityBatchDetail,
    policy: minorityWrite,
    params: ZBatchParams,
    body: ZMinorityPaid,
    handler: (rc, { params, body }) => registerMinorityPaid(rc.deps, auditActorOf(rc), params.id, params.batchId, body),
  }),
];
