/**
 * 钉钉设置 → 审批模板: the fields our 发起 fills for each flow type (the `formComponentValues` the flow definitions in
 * server/modules/** build), and the contracts of the endpoints that map them to a tenant's DingTalk approval template.
 * A tenant's template has a processCode DingTalk generated (PROC-…) and components named by whoever built it; the
 * mapping says which component receives which of our fields. Table columns are mapped too ("表/列").
 */
import { z } from 'zod';
import { ZInstant } from './common';
import { FLOW_LABEL, FLOW_TYPES, type TFlowType } from './labels';

/** What a field's value is on the wire: a text, a table (JSON rows of named cells), a 钉盘 attachment list. */
export type TFormFieldKind = 'text' | 'table' | 'attachment';

export interface FormFieldSpec {
  /** the name our 发起 uses for the field */
  name: string;
  kind: TFormFieldKind;
  /** a table's columns (the names of the cells in each row) */
  columns?: readonly string[];
}

/** The DingTalk component types a value of each kind fits (the template's componentName). */
export const KIND_COMPONENTS: Record<TFormFieldKind, readonly string[]> = {
  text: ['TextField', 'TextareaField'],
  table: ['TableField'],
  attachment: ['DDAttachment'],
};
export const KIND_LABEL: Record<TFormFieldKind, string> = { text: '文字', table: '明细表', attachment: '附件' };

const t = (name: string): FormFieldSpec => ({ name, kind: 'text' });
const table = (name: string, columns: string[]): FormFieldSpec => ({ name, kind: 'table', columns });
const attachment = (name: string): FormFieldSpec => ({ name, kind: 'attachment' });

const LEVEL_COLUMNS = ['类别', '合伙投资占比', '本次总额'];
const ROUND_FIELDS = [
  t('项目名称'),
  t('城市公司'),
  t('取得方式'),
  t('资金峰值'),
  t('合伙投资占比'),
  t('认购人数'),
  t('合伙投资合计'),
  table('分层级明细', LEVEL_COLUMNS),
  attachment('测算表'),
];
const DISTRIBUTION_FIELDS = [
  t('项目名称'),
  t('取得方式'),
  t('本次分配节点'),
  t('本次分配比例'),
  t('合伙投资占比'),
  t('本次分配金额'),
  t('预计分配时间'),
  table('本次分配信息', LEVEL_COLUMNS),
  t('情况说明'),
  t('测算表'),
  attachment('测算表附件'),
];

/** Every flow type's form, in the order 发起 sends it. */
export const APPROVAL_FORM_FIELDS: Record<TFlowType, readonly FormFieldSpec[]> = {
  PEAK_CAPITAL: [t('项目名称'), t('城市公司'), t('资金峰值'), table('股东信息', ['股东', '持股比例', '我方'])],
  SCHEME_APPROVAL: ROUND_FIELDS,
  SUPPLEMENT_APPROVAL: ROUND_FIELDS,
  PEAK_ADJUSTMENT: [
    t('项目名称'),
    t('城市公司'),
    t('原资金峰值'),
    t('调整后资金峰值'),
    t('调整原因'),
    table('股东信息', ['股东', '持股比例', '我方']),
    table('分层级额度', ['类别', '原占比', '原额度', '新占比', '新额度']),
  ],
  SCHEME_CHANGE: [
    t('项目名称'),
    t('城市公司'),
    t('原资金峰值'),
    t('调整后资金峰值'),
    t('原合伙人认缴合计'),
    t('调整后合伙人认缴合计'),
    t('补缴人数'),
    t('退款人数'),
    table('分层级明细', ['类别', '原额度', '新额度', '原合伙人认缴', '新合伙人认缴', '变动']),
  ],
  ACTUAL_PEAK: [t('项目名称'), t('城市公司'), t('资金峰值-计划'), t('资金峰值-实际')],
  PRINCIPAL_DISTRIBUTION: DISTRIBUTION_FIELDS,
  PROFIT_DISTRIBUTION_1: DISTRIBUTION_FIELDS,
  PROFIT_DISTRIBUTION_2: DISTRIBUTION_FIELDS,
  PROFIT_DISTRIBUTION_3: DISTRIBUTION_FIELDS,
  DISCLOSURE: [
    t('项目名称'),
    t('城市公司'),
    t('披露期间'),
    table('盈利指标', ['指标', '立项', '动态', '差异']),
    t('关键节点'),
    t('披露说明'),
    t('附件'),
  ],
  EXIT: [
    t('项目名称'),
    t('城市公司'),
    t('合伙人'),
    t('退出类型'),
    t('退出日期'),
    t('计价规则'),
    t('退出价款合计'),
    table('分层级明细', ['层级', '认缴', '实缴', '测算', '退出价款']),
  ],
};

/** The mapping keys of a flow type: every field, then every table column as "表/列". */
export function mappingKeys(type: TFlowType): { key: string; field: FormFieldSpec; column?: string }[] {
  return APPROVAL_FORM_FIELDS[type].flatMap((field) => [
    { key: field.name, field },
    ...(field.columns ?? []).map((column) => ({ key: `${field.name}/${column}`, field, column })),
  ]);
}

/** The "not configured" message 发起 answers and the console shows. */
export const unmappedMessage = (type: TFlowType) =>
  `【${FLOW_LABEL[type]}】尚未配置钉钉审批模板，请系统管理员在 钉钉设置 → 审批模板 中配置`;

/** A processCode as DingTalk generates them (PROC-…). */
export const ZProcessCode = z
  .string()
  .trim()
  .regex(/^PROC-[A-Za-z0-9-]{4,95}$/, '审批模板编码（processCode）应以 PROC- 开头，只含字母、数字和 -');

/** One row of GET /api/admin/dingtalk/approval-templates: a flow type and its template, if configured. */
export const ZApprovalTemplate = z.object({
  flowType: z.enum(FLOW_TYPES),
  label: z.string(),
  configured: z.boolean(),
  processCode: z.string().nullable(),
  /** our field (or "表/列") → the template's component label; "" = not sent */
  fieldMap: z.record(z.string(), z.string()),
  fields: z.array(
    z.object({
      key: z.string(),
      name: z.string(),
      column: z.string().nullable(),
      kind: z.enum(['text', 'table', 'attachment']),
    }),
  ),
  version: z.number().int(),
  updatedAt: ZInstant.nullable(),
});
export type TApprovalTemplate = z.infer<typeof ZApprovalTemplate>;
export const ZApprovalTemplateList = z.object({ items: z.array(ZApprovalTemplate) });

/** PUT /api/admin/dingtalk/approval-templates/:type */
export const ZApprovalTemplateUpdate = z.object({
  version: z.number().int().min(0),
  processCode: ZProcessCode,
  fieldMap: z.record(z.string().max(100), z.string().trim().max(100)),
});
export type TApprovalTemplateUpdate = z.infer<typeof ZApprovalTemplateUpdate>;

/** POST /api/admin/dingtalk/approval-templates/:type/test: the template fetched from DingTalk, checked per field. */
export const ZApprovalTemplateTest = z.object({
  ok: z.boolean(),
  /** what DingTalk answered about the template (its name), or why it could not be read */
  message: z.string(),
  templateName: z.string().nullable(),
  results: z.array(
    z.object({
      key: z.string(),
      component: z.string(),
      status: z.enum(['ok', 'missing', 'type_mismatch', 'not_sent']),
      componentType: z.string().nullable(),
      message: z.string(),
    }),
  ),
  /** required components of the template that no field of ours fills (DingTalk refuses 发起 without them) */
  unfilledRequired: z.array(z.string()),
});
export type TApprovalTemplateTest = z.infer<typeof ZApprovalTemplateTest>;
