import { z } from 'zod';
import { disclosureRead, disclosureWrite, loggedIn } from '../../auth/policy';
import { route } from '../../http/route';
import { ZId, ZIdParams } from '../../../shared/api/common';
import {
  ZDisclosureCreate,
  ZDisclosureDetail,
  ZDisclosureEdit,
  ZDisclosureRow,
  ZDynamicHistory,
  ZDynamicOverview,
  ZDynamicSave,
  ZMyDisclosureDigest,
  ZPeriod,
} from '../../../shared/api/disclosure';
import { auditActorOf } from '../../lib/audit';
import { dynamicHistory, getDynamicOverview, saveDynamicPeriod } from './dynamic-indicators';
import {
  addAttachment,
  attachmentFile,
  createDisclosure,
  editDisclosure,
  getDisclosure,
  listDisclosures,
  removeAttachment,
} from './disclosures';
import { myDisclosureDigest } from './my-disclosures';

const ZPeriodParams = z.object({ id: ZId, period: ZPeriod });
const ZDisclosureParams = z.object({ id: ZId, disclosureId: ZId });
const ZAttachmentParams = ZDisclosureParams.extend({ attachmentId: ZId });

export const disclosureRoutes = [
  route({
    method: 'GET',
    path: '/api/projects/:id/dynamic-indicators',
    summary: '盈亏动态：立项值与各报告期（季度）的动态值、差异',
    response: ZDynamicOverview,
    policy: disclosureRead,
    params: ZIdParams,
    handler: ({ deps }, { params }) => getDynamicOverview(deps, params.id),
  }),
  route({
    method: 'PUT',
    path: '/api/projects/:id/dynamic-indicators/:period',
    summary: '盈亏维护：保存一个报告期的动态盈利指标与关键节点实际日期（新报告期 version 为 0）',
    response: ZDynamicOverview,
    policy: disclosureWrite,
    params: ZPeriodParams,
    body: ZDynamicSave,
    handler: (rc, { params, body }) => saveDynamicPeriod(rc.deps, auditActorOf(rc), params.id, params.period, body),
  }),
  route({
    method: 'GET',
    path: '/api/projects/:id/dynamic-indicators/:period/history',
    summary: '盈亏动态修改记录（每次保存的变更字段）',
    response: ZDynamicHistory,
    policy: disclosureRead,
    params: ZPeriodParams,
    handler: ({ deps }, { params }) => dynamicHistory(deps, params.id, params.period),
  }),
  route({
    method: 'GET',
    path: '/api/projects/:id/disclosures',
    summary: '披露列表',
    response: z.array(ZDisclosureRow),
    policy: disclosureRead,
    params: ZIdParams,
    handler: ({ deps }, { params }) => listDisclosures(deps, params.id),
  }),
  route({
    method: 'POST',
    path: '/api/projects/:id/disclosures',
    summary: '新建披露（报告期的盈亏动态、关键节点与披露说明）',
    response: ZDisclosureDetail,
    policy: disclosureWrite,
    params: ZIdParams,
    body: ZDisclosureCreate,
    status: 201,
    handler: (rc, { params, body }) => createDisclosure(rc.deps, auditActorOf(rc), params.id, body),
  }),
  route({
    method: 'GET',
    path: '/api/projects/:id/disclosures/:disclosureId',
    summary: '披露详情',
    response: ZDisclosureDetail,
    policy: disclosureRead,
    params: ZDisclosureParams,
    handler: ({ deps }, { params }) => getDisclosure(deps, params.id, params.disclosureId),
  }),
  route({
    method: 'PATCH',
    path: '/api/projects/:id/disclosures/:disclosureId',
    summary: '修改披露说明（并按当前盈亏动态更新指标）',
    response: ZDisclosureDetail,
    policy: disclosureWrite,
    params: ZDisclosureParams,
    body: ZDisclosureEdit,
    handler: (rc, { params, body }) => editDisclosure(rc.deps, auditActorOf(rc), params.id, params.disclosureId, body),
  }),
  route({
    method: 'POST',
    path: '/api/projects/:id/disclosures/:disclosureId/attachments',
    summary: '上传披露附件（按内容识别类型，每个不超过 10 MB，最多 10 个）',
    response: ZDisclosureDetail,
    policy: disclosureWrite,
    params: ZDisclosureParams,
    upload: true,
    status: 201,
    handler: (rc, { params }) => {
      const f = rc.ctx.request.files?.file;
      return addAttachment(rc.deps, auditActorOf(rc), params.id, params.disclosureId, Array.isArray(f) ? f[0] : f);
    },
  }),
  route({
    method: 'GET',
    path: '/api/projects/:id/disclosures/:disclosureId/attachments/:attachmentId',
    summary: '下载披露附件',
    raw: {
      contentType: 'application/octet-stream',
      description: '附件原文件：Content-Type 为上传时识别的类型，Content-Disposition: attachment，文件名 UTF-8 编码',
    },
    policy: disclosureRead,
    params: ZAttachmentParams,
    handler: async ({ ctx, deps }, { params }) => {
      const file = await attachmentFile(deps, params.id, params.disclosureId, params.attachmentId);
      ctx.set('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`);
      ctx.set('x-content-type-options', 'nosniff');
      ctx.type = file.mime;
      ctx.body = file.body;
    },
  }),
  route({
    method: 'DELETE',
    path: '/api/projects/:id/disclosures/:disclosureId/attachments/:attachmentId',
    summary: '删除披露附件',
    response: ZDisclosureDetail,
    policy: disclosureWrite,
    params: ZAttachmentParams,
    handler: (rc, { params }) =>
      removeAttachment(rc.deps, auditActorOf(rc), params.id, params.disclosureId, params.attachmentId),
  }),
  route({
    method: 'GET',
    path: '/api/me/disclosure-digests/:digestId',
    summary: '我的项目披露（某日披露通知中的全部项目）',
    response: ZMyDisclosureDigest,
    policy: loggedIn,
    params: z.object({ digestId: ZId }),
    handler: ({ deps, actor }, { params }) => myDisclosureDigest(deps, actor, params.digestId),
  }),
];
