/**
 * 钉钉设置 → 审批模板: per flow type, the tenant's DingTalk approval template (processCode) and which of its
 * components receives each field our 发起 fills. Saved by the system admin (audited, before and after); 测试 reads
 * the template's form schema from DingTalk and checks every mapped component exists and takes our kind of value.
 */
import type { Deps } from '../../deps';
import { DingtalkClient, DingtalkError, type FormSchemaComponent } from '../../dingtalk/client';
import { writeAudit, type AuditActor } from '../../lib/audit';
import { AppError, versionConflict } from '../../lib/errors';
import {
  KIND_COMPONENTS,
  KIND_LABEL,
  mappingKeys,
  type TApprovalTemplate,
  type TApprovalTemplateTest,
  type TApprovalTemplateUpdate,
} from '../../../shared/api/approval-templates';
import { FLOW_LABEL, FLOW_TYPES, type TFlowType } from '../../../shared/api/labels';
import { loadDingtalkApp } from './app-source';

type Row = { flowType: string; processCode: string; fieldMap: unknown; version: number; updatedAt: Date };

const fieldMapOf = (row: { fieldMap: unknown } | null | undefined): Record<string, string> =>
  row && row.fieldMap && typeof row.fieldMap === 'object' ? (row.fieldMap as Record<string, string>) : {};

function view(type: TFlowType, row: Row | undefined): TApprovalTemplate {
  return {
    flowType: type,
    label: FLOW_LABEL[type],
    configured: !!row,
    processCode: row?.processCode ?? null,
    fieldMap: fieldMapOf(row),
    fields: mappingKeys(type).map((k) => ({
      key: k.key,
      name: k.field.name,
      column: k.column ?? null,
      kind: k.column ? 'text' : k.field.kind,
    })),
    version: row?.version ?? 0,
    updatedAt: row?.updatedAt.toISOString() ?? null,
  };
}

export async function listApprovalTemplates(deps: Deps) {
  const rows = await deps.db.approvalTemplate.findMany();
  return {
    items: FLOW_TYPES.map((t) =>
      view(
        t,
        rows.find((r) => r.flowType === t),
      ),
    ),
  };
}

/** Saves a flow type's template and mapping: every field (and table column) named, "" for a field not sent. */
export async function updateApprovalTemplate(
  deps: Deps,
  who: AuditActor,
  type: TFlowType,
  input: TApprovalTemplateUpdate,
) {
  const keys = mappingKeys(type);
  const known = new Set(keys.map((k) => k.key));
  const details = [
    ...Object.keys(input.fieldMap)
      .filter((k) => !known.has(k))
      .map((k) => ({ path: `fieldMap.${k}`, message: `【${FLOW_LABEL[type]}】的表单没有字段「${k}」` })),
    ...keys
      .filter((k) => input.fieldMap[k.key] === undefined)
      .map((k) => ({ path: `fieldMap.${k.key}`, message: `请填写「${k.key}」对应的钉钉控件名称（不发送请留空）` })),
    ...keys
      .filter((k) => k.column && input.fieldMap[k.field.name] && !input.fieldMap[k.key])
      .map((k) => ({
        path: `fieldMap.${k.key}`,
        message: `明细表「${k.field.name}」的列「${k.column}」必须对应一个控件`,
      })),
  ];
  if (details.length) throw new AppError('VALIDATION_FAILED', details[0]!.message, details);
  const fieldMap = Object.fromEntries(keys.map((k) => [k.key, input.fieldMap[k.key]!.trim()]));
  return deps.db.$transaction(async (tx) => {
    const before = await tx.approvalTemplate.findUnique({ where: { flowType: type } });
    if ((before?.version ?? 0) !== input.version) throw versionConflict('审批模板', before?.version ?? 0);
    const after = before
      ? await tx.approvalTemplate.update({
          where: { flowType: type },
          data: { processCode: input.processCode, fieldMap, version: { increment: 1 }, updatedById: who.actorId },
        })
      : await tx.approvalTemplate.create({
          data: { flowType: type, processCode: input.processCode, fieldMap, version: 1, updatedById: who.actorId },
        });
    await writeAudit(tx, who, {
      action: before ? 'update' : 'create',
      entity: 'ApprovalTemplate',
      entityId: after.id,
      before: before ? { flowType: type, processCode: before.processCode, fieldMap: fieldMapOf(before) } : undefined,
      after: { flowType: type, processCode: after.processCode, fieldMap },
    });
    return view(type, after);
  });
}

/**
 * 测试: fetches the template's form schema from DingTalk (获取表单 schema) and checks, per field, that the mapped
 * component exists and takes the value we send (text → 单行/多行输入框, table → 明细 with the mapped columns,
 * attachment → 附件); also names the template's required components nothing of ours fills.
 */
export async function testApprovalTemplate(deps: Deps, type: TFlowType): Promise<TApprovalTemplateTest> {
  const row = await deps.db.approvalTemplate.findUnique({ where: { flowType: type } });
  if (!row)
    throw new AppError(
      'INVALID_STATE',
      `【${FLOW_LABEL[type]}】尚未配置审批模板，请先填写审批模板编码和字段对应关系并保存`,
    );
  const client = new DingtalkClient({
    app: await loadDingtalkApp(deps),
    redis: deps.redis,
    prefix: deps.prefix,
    db: deps.db,
    logger: deps.logger,
    timeoutMs: 5000,
  });
  let schema;
  try {
    schema = await client.getFormSchema(row.processCode);
  } catch (err) {
    if (!(err instanceof DingtalkError)) throw err;
    return {
      ok: false,
      message: `钉钉未能读取审批模板 ${row.processCode}：${err.message}（${err.code}）`,
      templateName: null,
      results: [],
      unfilledRequired: [],
    };
  }
  const fieldMap = fieldMapOf(row);
  const byLabel = new Map(schema.items.map((c) => [c.label, c]));
  const results: TApprovalTemplateTest['results'] = [];
  for (const k of mappingKeys(type)) {
    const component = fieldMap[k.key] ?? k.key;
    const parentComponent = k.column ? (fieldMap[k.field.name] ?? k.field.name) : '';
    if (!component || (k.column && !parentComponent)) {
      results.push({
        key: k.key,
        component: '',
        status: 'not_sent',
        componentType: null,
        message: '未对应控件：不发送',
      });
      continue;
    }
    let found: FormSchemaComponent | undefined;
    if (k.column) {
      const table = byLabel.get(parentComponent);
      found = table?.children.find((c) => c.label === component);
    } else found = byLabel.get(component);
    if (!found) {
      results.push({
        key: k.key,
        component,
        status: 'missing',
        componentType: null,
        message: k.column
          ? `明细「${parentComponent}」中没有列「${component}」`
          : `模板中没有名为「${component}」的控件`,
      });
      continue;
    }
    const kind = k.column ? 'text' : k.field.kind;
    const fits = k.column ? found.componentName !== 'TableField' : KIND_COMPONENTS[kind].includes(found.componentName);
    results.push(
      fits
        ? {
            key: k.key,
            component,
            status: 'ok',
            componentType: found.componentName,
            message: `通过（${found.componentName}）`,
          }
        : {
            key: k.key,
            component,
            status: 'type_mismatch',
            componentType: found.componentName,
            message: `控件类型为 ${found.componentName}，不能接收${KIND_LABEL[kind]}（应为 ${KIND_COMPONENTS[kind].join(' / ')}）`,
          },
    );
  }
  const filled = new Set(results.filter((r) => r.status === 'ok' && !r.key.includes('/')).map((r) => r.component));
  const unfilledRequired = schema.items
    .filter((c) => c.required && c.componentName !== 'TextNote' && !filled.has(c.label))
    .map((c) => c.label);
  const bad = results.filter((r) => r.status === 'missing' || r.status === 'type_mismatch').length;
  const ok = bad === 0 && unfilledRequired.length === 0;
  return {
    ok,
    message: ok
      ? `审批模板「${schema.name}」与字段对应关系一致`
      : `审批模板「${schema.name}」：${[
          bad ? `${bad} 个字段对应有误` : '',
          unfilledRequired.length ? `必填控件未对应：${unfilledRequired.join('、')}` : '',
        ]
          .filter(Boolean)
          .join('；')}`,
    templateName: schema.name,
    results,
    unfilledRequired,
  };
}
