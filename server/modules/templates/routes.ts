import { z } from 'zod';
import { templateManage, templatePreview, templatePreviewPartners } from '../../auth/policy';
import { route } from '../../http/route';
import { auditActorOf } from '../../lib/audit';
import {
  ZPreviewPartners,
  ZPreviewPartnersQuery,
  ZTemplateDetail,
  ZTemplateKind,
  ZTemplateList,
  ZTemplatePreview,
  ZTemplatePreviewInput,
  ZTemplateRestore,
  ZTemplateSave,
  ZTemplateVersionList,
} from '../../../shared/api/templates';
import { getTemplate, listTemplates, listTemplateVersions } from './list-templates';
import { restoreTemplateVersion, saveTemplate } from './save-template';
import { listPreviewPartners, previewTemplate } from './preview-template';

const ZKind = z.object({ kind: ZTemplateKind });
const ZKindVersion = z.object({ kind: ZTemplateKind, version: z.coerce.number().int().positive() });

export const templateRoutes = [
  route({
    method: 'GET',
    path: '/api/templates',
    summary: '模板管理：所有模板及其当前版本',
    response: ZTemplateList,
    policy: templateManage,
    handler: ({ deps }) => listTemplates(deps),
  }),
  route({
    method: 'GET',
    path: '/api/templates/:kind',
    summary: '模板当前版本',
    response: ZTemplateDetail,
    policy: templateManage,
    params: ZKind,
    handler: ({ deps }, { params }) => getTemplate(deps, params.kind),
  }),
  route({
    method: 'GET',
    path: '/api/templates/:kind/versions',
    summary: '模板的全部版本（新→旧，含全文）',
    response: ZTemplateVersionList,
    policy: templateManage,
    params: ZKind,
    handler: ({ deps }, { params }) => listTemplateVersions(deps, params.kind),
  }),
  route({
    method: 'PUT',
    path: '/api/templates/:kind',
    summary: '保存模板为新版本（校验占位符；baseVersion 不是当前版本时 409）',
    response: ZTemplateDetail,
    policy: templateManage,
    params: ZKind,
    body: ZTemplateSave,
    handler: (rc, { params, body }) => saveTemplate(rc.deps, auditActorOf(rc), params.kind, body),
  }),
  route({
    method: 'POST',
    path: '/api/templates/:kind/versions/:version/restore',
    summary: '把旧版本恢复为新版本',
    response: ZTemplateDetail,
    policy: templateManage,
    params: ZKindVersion,
    body: ZTemplateRestore,
    handler: (rc, { params, body }) =>
      restoreTemplateVersion(rc.deps, auditActorOf(rc), params.kind, params.version, body),
  }),
  route({
    method: 'POST',
    path: '/api/templates/:kind/preview',
    summary: '预览模板（已保存或草稿；选定合伙人时用其真实数据，否则用样例）',
    response: ZTemplatePreview,
    policy: templatePreview,
    params: ZKind,
    body: ZTemplatePreviewInput,
    handler: ({ deps }, { params, body }) => previewTemplate(deps, params.kind, body),
  }),
  route({
    method: 'GET',
    path: '/api/template-preview/partners',
    summary: '预览用：项目的合伙人',
    response: ZPreviewPartners,
    policy: templatePreviewPartners,
    query: ZPreviewPartnersQuery,
    handler: ({ deps }, { query }) => listPreviewPartners(deps, query.projectId),
  }),
];
