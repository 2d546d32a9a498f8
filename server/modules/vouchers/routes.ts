import { z } from 'zod';
import { voucherEntitiesOf, voucherEntityAccess, voucherEntityList, voucherRules } from '../../auth/policy';
import { route } from '../../http/route';
import { auditActorOf } from '../../lib/audit';
import { ZId } from '../../../shared/api/common';
import {
  ZVoucherDetail,
  ZVoucherEntityList,
  ZVoucherExportQuery,
  ZVoucherGenerateResult,
  ZVoucherList,
  ZVoucherListQuery,
  ZVoucherMarkExported,
  ZVoucherPeriod,
  ZVoucherPeriodView,
  ZVoucherRuleReset,
  ZVoucherRuleSave,
  ZVoucherRuleSet,
} from '../../../shared/api/vouchers';
import { exportVouchers } from './export-vouchers';
import { generateEntityVouchers } from './generate-vouchers';
import { getVoucher, listVoucherEntities, listVouchers } from './list-vouchers';
import { markVoucherPeriodExported } from './mark-period-exported';
import { getVoucherRules, resetVoucherRule, saveVoucherRule } from './voucher-rules';

const ZPeriodParams = z.object({ entityId: ZId, period: ZVoucherPeriod });
const ZVoucherParams = z.object({ entityId: ZId, voucherId: ZId });
const ZRulesQuery = z.object({ entityId: ZId.optional() });

export const voucherRoutes = [
  route({
    method: 'GET',
    path: '/api/voucher-entities',
    summary: '凭证：可查看的核算主体（城市公司 / 直属项目公司）及已导出期间',
    response: ZVoucherEntityList,
    policy: voucherEntityList,
    handler: async (rc) => listVoucherEntities(rc.deps, await voucherEntitiesOf(rc.deps, rc.actor)),
  }),
  route({
    method: 'GET',
    path: '/api/voucher-entities/:entityId/periods/:period/vouchers',
    summary: '凭证列表（按核算主体、期间、业务类型）及借贷平衡检查',
    response: ZVoucherList,
    policy: voucherEntityAccess('read'),
    params: ZPeriodParams,
    query: ZVoucherListQuery,
    handler: ({ deps }, { params, query }) => listVouchers(deps, params.entityId, params.period, query.kind),
  }),
  route({
    method: 'POST',
    path: '/api/voucher-entities/:entityId/periods/:period/generate',
    summary: '生成凭证（幂等；已变更的业务生成红字冲销及新凭证）',
    response: ZVoucherGenerateResult,
    policy: voucherEntityAccess('write'),
    params: ZPeriodParams,
    handler: (rc, { params }) => generateEntityVouchers(rc.deps, auditActorOf(rc), params.entityId, params.period),
  }),
  route({
    method: 'GET',
    path: '/api/voucher-entities/:entityId/periods/:period/export',
    summary: '导出凭证：金蝶云星空（凭证引入 Excel）或用友 U8（凭证引入文本）',
    raw: {
      contentType: 'application/octet-stream',
      description:
        'format=kingdee：Excel（application/vnd.openxmlformats-officedocument.spreadsheetml.sheet）；format=u8：UTF-8 文本（text/plain）；Content-Disposition: attachment，文件名 UTF-8 编码',
    },
    policy: voucherEntityAccess('write'),
    params: ZPeriodParams,
    query: ZVoucherExportQuery,
    handler: async (rc, { params, query }) => {
      const file = await exportVouchers(rc.deps, params.entityId, params.period, query.format, rc.actor.name);
      rc.ctx.set('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`);
      rc.ctx.type = file.contentType;
      rc.ctx.body = file.body;
    },
  }),
  route({
    method: 'POST',
    path: '/api/voucher-entities/:entityId/periods/:period/mark-exported',
    summary: '标记已导出（之后的业务进入下一个期间）',
    response: ZVoucherPeriodView,
    policy: voucherEntityAccess('write'),
    params: ZPeriodParams,
    body: ZVoucherMarkExported,
    handler: (rc, { params, body }) =>
      markVoucherPeriodExported(rc.deps, auditActorOf(rc), params.entityId, params.period, body.version),
  }),
  route({
    method: 'GET',
    path: '/api/voucher-entities/:entityId/vouchers/:voucherId',
    summary: '凭证明细（分录、辅助核算、来源业务记录）',
    response: ZVoucherDetail,
    policy: voucherEntityAccess('read'),
    params: ZVoucherParams,
    handler: ({ deps }, { params }) => getVoucher(deps, params.entityId, params.voucherId),
  }),
  route({
    method: 'GET',
    path: '/api/voucher-rules',
    summary: '凭证规则（集团默认，或某核算主体生效的规则）',
    response: ZVoucherRuleSet,
    policy: voucherRules,
    query: ZRulesQuery,
    handler: ({ deps }, { query }) => getVoucherRules(deps, query.entityId ?? null),
  }),
  route({
    method: 'PUT',
    path: '/api/voucher-rules',
    summary: '保存凭证规则（集团默认或核算主体）',
    response: ZVoucherRuleSet,
    policy: voucherRules,
    body: ZVoucherRuleSave,
    handler: (rc, { body }) => saveVoucherRule(rc.deps, auditActorOf(rc), body),
  }),
  route({
    method: 'POST',
    path: '/api/voucher-rules/reset',
    summary: '恢复集团默认（删除核算主体自己的规则）',
    response: ZVoucherRuleSet,
    policy: voucherRules,
    body: ZVoucherRuleReset,
    handler: (rc, { body }) => resetVoucherRule(rc.deps, auditActorOf(rc), body),
  }),
];
