import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { projectAccess, projectFromParam, staff, systemAdmin } from '../../auth/policy';
import { route, XLSX_DOWNLOAD } from '../../http/route';
import { AppError } from '../../lib/errors';
import { ZIdParams, ZNoContent } from '../../../shared/api/common';
import {
  ZBatch,
  ZBatchInput,
  ZBatchUpdated,
  ZProject,
  ZProjectImportResult,
  ZProjectPage,
  ZProjectCreate,
  ZProjectBusinessState,
  ZProjectFlags,
  ZProjectListQuery,
  ZProjectUpdate,
} from '../../../shared/api/identity';
import { auditActorOf } from '../../lib/audit';
import { importTemplate } from './import';
import * as service from './service';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const projectRoutes = [
  route({
    method: 'GET',
    path: '/api/projects',
    summary: '项目列表（搜索：名称、编码、批次、区域）',
    response: ZProjectPage,
    policy: staff,
    query: ZProjectListQuery,
    handler: ({ deps, actor }, { query }) => service.listProjects(deps, actor, query),
  }),
  route({
    method: 'GET',
    path: '/api/projects/import-template',
    summary: '下载项目导入模板',
    raw: XLSX_DOWNLOAD,
    policy: systemAdmin,
    handler: async ({ ctx }) => {
      ctx.set('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent('项目导入模板.xlsx')}`);
      ctx.type = XLSX;
      ctx.body = await importTemplate();
    },
  }),
  route({
    method: 'POST',
    path: '/api/projects/import',
    summary: '导入主数据项目（Excel）',
    response: ZProjectImportResult,
    policy: systemAdmin,
    upload: true,
    handler: async (rc) => {
      const files = rc.ctx.request.files?.file;
      const file = Array.isArray(files) ? files[0] : files;
      if (!file)
        throw new AppError('VALIDATION_FAILED', '请选择要导入的 Excel 文件', [{ path: 'file', message: '请选择文件' }]);
      return service.importProjects(rc.deps, auditActorOf(rc), await readFile(file.filepath));
    },
  }),
  route({
    method: 'GET',
    path: '/api/projects/:id',
    summary: '项目详情',
    response: ZProject,
    params: ZIdParams,
    policy: projectAccess({ mode: 'read', systemAdmin: true, projectId: projectFromParam() }),
    handler: ({ deps, actor }, { params }) => service.getProject(deps, actor, params.id),
  }),
  route({
    method: 'POST',
    path: '/api/projects',
    summary: '新建项目',
    response: ZProject,
    policy: systemAdmin,
    body: ZProjectCreate,
    status: 201,
    handler: (rc, { body }) => service.createProject(rc.deps, auditActorOf(rc), body),
  }),
  route({
    method: 'PATCH',
    path: '/api/projects/:id',
    summary: '修改项目信息',
    response: ZProject,
    policy: systemAdmin,
    params: ZIdParams,
    body: ZProjectUpdate,
    handler: (rc, { params, body }) => service.updateProject(rc.deps, auditActorOf(rc), params.id, body),
  }),
  route({
    method: 'GET',
    path: '/api/projects/:id/business-state',
    summary: '开放 / 关闭前的确认：认购轮次、合伙人、未缴款与待退款合计',
    response: ZProjectBusinessState,
    policy: systemAdmin,
    params: ZIdParams,
    handler: ({ deps }, { params }) => service.projectBusinessState(deps, params.id),
  }),
  route({
    method: 'PUT',
    path: '/api/projects/:id/flags',
    summary: '开放 / 清算',
    response: ZProject,
    policy: systemAdmin,
    params: ZIdParams,
    body: ZProjectFlags,
    handler: (rc, { params, body }) => service.setProjectFlags(rc.deps, auditActorOf(rc), params.id, body),
  }),
  route({
    method: 'GET',
    path: '/api/batches',
    summary: '批次列表',
    response: z.array(ZBatch),
    policy: staff,
    handler: ({ deps }) => service.listBatches(deps),
  }),
  route({
    method: 'POST',
    path: '/api/batches',
    summary: '新建批次',
    response: ZBatch,
    policy: systemAdmin,
    body: ZBatchInput,
    status: 201,
    handler: (rc, { body }) => service.createBatch(rc.deps, auditActorOf(rc), body),
  }),
  route({
    method: 'PATCH',
    path: '/api/batches/:id',
    summary: '修改批次',
    response: ZBatchUpdated,
    policy: systemAdmin,
    params: ZIdParams,
    body: ZBatchInput,
    handler: (rc, { params, body }) => service.updateBatch(rc.deps, auditActorOf(rc), params.id, body),
  }),
  route({
    method: 'DELETE',
    path: '/api/batches/:id',
    summary: '删除批次',
    response: ZNoContent,
    policy: systemAdmin,
    params: ZIdParams,
    handler: (rc, { params }) => service.deleteBatch(rc.deps, auditActorOf(rc), params.id),
  }),
];
