import { z } from 'zod';
import { exportFileOwner, exportRequest } from '../../auth/policy';
import { route, XLSX_DOWNLOAD } from '../../http/route';
import { ZId } from '../../../shared/api/common';
import { ZExportFile, ZExportFileList, ZExportRequest } from '../../../shared/api/exports';
import { auditActorOf } from '../../lib/audit';
import { downloadExport } from './download-export';
import { exportFileOf, myExportFiles, requestExport } from './request-export';

const ZFile = z.object({ id: ZId });

export const exportRoutes = [
  route({
    method: 'POST',
    path: '/api/exports',
    summary: '辅助工具：导出事业合伙明细大表 / 缴款信息 / 所有项目盈利KPI指标（后台生成，可查询进度）',
    response: ZExportFile,
    status: 201,
    policy: exportRequest,
    body: ZExportRequest,
    handler: (rc, { body }) => requestExport(rc.deps, auditActorOf(rc), rc.actor, body.kind),
  }),
  route({
    method: 'GET',
    path: '/api/exports',
    summary: '我的导出（最近 20 个：进度、文件）',
    response: ZExportFileList,
    policy: exportRequest,
    handler: ({ deps, actor }) => myExportFiles(deps, actor),
  }),
  route({
    method: 'GET',
    path: '/api/exports/:id',
    summary: '导出进度',
    response: ZExportFile,
    policy: exportFileOwner,
    params: ZFile,
    handler: ({ deps }, { params }) => exportFileOf(deps, params.id),
  }),
  route({
    method: 'GET',
    path: '/api/exports/:id/file',
    summary: '下载导出文件（生成后保留 24 小时）',
    raw: XLSX_DOWNLOAD,
    policy: exportFileOwner,
    params: ZFile,
    handler: async (rc, { params }) => {
      const { fileName, size, body } = await downloadExport(rc.deps, auditActorOf(rc), params.id);
      rc.ctx.set('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`);
      rc.ctx.type = XLSX_DOWNLOAD.contentType;
      rc.ctx.length = size;
      rc.ctx.body = body;
    },
  }),
];
