/**
 * 项目流程: the manual's BPM flows run as DingTalk OA approval instances. 发起 creates the instance with a
 * form built from our data; the bpms_instance_change callback moves the flow and the business object
 * behind it, and posts a robot message to the project's group.
 */
import type { Deps } from '../../deps';
import type { Tx } from '../../lib/db';
import { AppError, invalidState, notFound } from '../../lib/errors';
import { dingtalkClientFor } from '../../dingtalk/client';
import { DingtalkError } from '../../dingtalk/errors';
import type { DingtalkEvent } from '../../dingtalk/events';
import { FLOW_LABEL, type TFlowType } from '../../../shared/api/scheme';
import { nextStepAfterFlow, nextStepPath } from '../../../shared/next-step';
import { consoleUrl } from '../../lib/console-url';
import { PROJECT_FLOW_TYPES } from '../../../shared/api/labels';
import { writeAudit, systemActor, type AuditActor } from '../../lib/audit';
import { enqueueNotifications } from '../notify/outbox';
import { renderTemplate } from '../templates';
import type { Actor } from '../../auth/actor';
import { transitionFlow } from './flow-state';
import { applyFieldMap } from './template-map';
import { unmappedMessage } from '../../../shared/api/approval-templates';
import { flowDefinitionOf } from './definition';

/** Flows that may run many times (循环). */
const REPEATABLE: TFlowType[] = [
  'SUPPLEMENT_APPROVAL',
  'ACTUAL_PEAK',
  'DISCLOSURE',
  // once per 峰值变更, and a project may change its peak more than once
  'PEAK_ADJUSTMENT',
  'SCHEME_CHANGE',
];

/** DingTalk's answers that mean the template or the mapping does not fit (fixed in 钉钉设置 → 审批模板). */
const TEMPLATE_ERRORS = ['processCodeError', 'formConverterError', 'illegalComponent', 'formNotExist'];

/** The manual's flow list: every type with its latest run. */
export async function listFlows(deps: Deps, projectId: number) {
  const runs = await deps.db.projectFlow.findMany({
    where: { projectId },
    orderBy: [{ type: 'asc' }, { run: 'desc' }],
  });
  const templates = await deps.db.approvalTemplate.findMany({ select: { flowType: true } });
  const users = await deps.db.user.findMany({
    where: { id: { in: [...new Set(runs.map((r) => r.startedById))] } },
    select: { id: true, name: true },
  });
  return PROJECT_FLOW_TYPES.map((type, i) => {
    const latest = runs.find((r) => r.type === type);
    return {
      seq: i + 1,
      type,
      label: FLOW_LABEL[type],
      repeatable: REPEATABLE.includes(type) || !!flowDefinitionOf(type)?.perSubject,
      available: !!flowDefinitionOf(type),
      templateConfigured: templates.some((t) => t.flowType === type),
      runs: runs.filter((r) => r.type === type).length,
      latest: latest && {
        id: latest.id,
        run: latest.run,
        status: latest.status,
        result: latest.result,
        instanceId: latest.instanceId,
        instanceUrl: latest.instanceUrl,
        form: latest.form,
        startedBy: users.find((u) => u.id === latest.startedById)?.name ?? null,
        startedAt: latest.startedAt.toISOString(),
        completedAt: latest.completedAt?.toISOString() ?? null,
        version: latest.version,
      },
    };
  });
}

/**
 * 发起: needs the tenant's approval template for the type (钉钉设置 → 审批模板; refused with 409 before anything is
 * written without one). Reserves the run in the database first (so two clicks cannot start two instances), recording
 * the template's processCode on it, then — outside any transaction — uploads the form's files to the approval's 钉盘
 * space, creates the DingTalk instance with the form renamed to the template's components, and records its id and
 * where DingTalk shows it (查看BPM). If DingTalk refuses, the run is removed; a refusal of the template or the form is
 * a 422 in DingTalk's words.
 * A flow that decides one object among several (`perSubject`, e.g. an exit) needs the caller's `subjectId`.
 */
export async function startFlow(
  deps: Deps,
  who: AuditActor,
  actor: Actor,
  projectId: number,
  type: TFlowType,
  subjectId?: number,
) {
  const def = flowDefinitionOf(type);
  if (!def) throw invalidState(`【${FLOW_LABEL[type]}】流程将在对应业务功能上线后开放`);
  if (def.perSubject && subjectId === undefined)
    throw new AppError('VALIDATION_FAILED', `请选择要发起【${FLOW_LABEL[type]}】的${def.perSubject.label}`, [
      { path: 'subjectId', message: `请选择${def.perSubject.label}` },
    ]);
  if (!def.perSubject && subjectId !== undefined)
    throw new AppError('VALIDATION_FAILED', `【${FLOW_LABEL[type]}】不需要指定对象`, [
      { path: 'subjectId', message: '该流程不需要指定对象' },
    ]);
  if (!actor.dingUserId) throw invalidState('您的账号未绑定钉钉，不能发起审批流程');
  // the tenant's template for this flow (钉钉设置 → 审批模板): none, nothing is reserved and DingTalk is not called
  const template = await deps.db.approvalTemplate.findUnique({ where: { flowType: type } });
  if (!template) throw invalidState(unmappedMessage(type), { flowType: type, setting: '钉钉设置 → 审批模板' });
  const fieldMap = (template.fieldMap ?? {}) as Record<string, string>;
  const reserved = await deps.db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "Project" WHERE id = ${projectId} FOR NO KEY UPDATE`; // one 发起 at a time per project (NO KEY: rows being inserted under the project do not block it)
    const runs = await tx.projectFlow.findMany({ where: { projectId, type }, orderBy: { run: 'desc' } });
    const latest = runs[0];
    if (def.perSubject) {
      const running = runs.find(
        (r) => r.status === 'RUNNING' && r.subjectType === def.perSubject!.subjectType && r.subjectId === subjectId,
      );
      if (running) throw invalidState(`该${def.perSubject.label}的【${FLOW_LABEL[type]}】正在审批中`);
    } else {
      if (latest?.status === 'RUNNING') throw invalidState(`【${FLOW_LABEL[type]}】正在审批中`);
      if (latest?.status === 'COMPLETED' && !REPEATABLE.includes(type))
        throw invalidState(`【${FLOW_LABEL[type]}】已完成；如需重新发起，请业务管理员在【项目流程】中重置`);
    }
    const prepared = await def.prepare(tx, projectId, who, subjectId, deps);
    const flow = await tx.projectFlow.create({
      data: {
        projectId,
        type,
        run: (latest?.run ?? 0) + 1,
        subjectType: prepared.subjectType,
        subjectId: prepared.subjectId,
        startedById: actor.userId,
        // the template it starts with: the callback checks it, whatever the mapping says later
        processCode: template.processCode,
        form: { title: prepared.title, fields: prepared.fields } as object,
      },
    });
    return { flow, prepared };
  });
  try {
    const client = await dingtalkClientFor(deps);
    const fields = applyFieldMap(reserved.prepared.fields, fieldMap);
    // files go to the approval's 钉盘 space first; the form's 附件 control references them
    for (const a of reserved.prepared.attachments ?? []) {
      const to = fieldMap[a.name];
      if (!to) continue;
      const file = await client.uploadApprovalAttachment({
        userId: actor.dingUserId,
        fileName: a.fileName,
        bytes: a.content,
      });
      fields.push({ name: to, value: JSON.stringify([file]), componentType: 'DDAttachment' });
    }
    const { instanceId } = await client.createApprovalInstance({
      processCode: template.processCode,
      originatorUserId: actor.dingUserId,
      fields,
    });
    // 查看BPM: where DingTalk shows the instance (a task's pcUrl); without it the button is not shown
    const instanceUrl = await client
      .getApprovalInstance(instanceId)
      .then((i) => (i.url && /^https?:\/\//.test(i.url) ? i.url.slice(0, 500) : null))
      .catch(() => null);
    return await deps.db.$transaction(async (tx) => {
      const flow = await tx.projectFlow.update({
        where: { id: reserved.flow.id },
        data: { instanceId, instanceUrl, version: { increment: 1 } },
      });
      await writeAudit(tx, who, {
        action: 'start_flow',
        entity: 'ProjectFlow',
        entityId: flow.id,
        projectId,
        after: { type, run: flow.run, instanceId, subjectType: flow.subjectType, subjectId: flow.subjectId },
      });
      await def.onStarted?.(tx, deps, flow, who);
      return flow;
    });
  } catch (err) {
    await deps.db.$transaction(async (tx) => {
      await def.onStartFailed?.(tx, reserved.flow);
      await tx.projectFlow.delete({ where: { id: reserved.flow.id } });
    });
    if (err instanceof DingtalkError && TEMPLATE_ERRORS.includes(String(err.code)))
      throw new AppError(
        'UNPROCESSABLE',
        `钉钉拒绝了【${FLOW_LABEL[type]}】的审批表单：${err.message}。请系统管理员在 钉钉设置 → 审批模板 中测试并修正对应关系`,
        { dingtalkCode: err.code, processCode: template.processCode },
      );
    if (err instanceof DingtalkError)
      throw new AppError('UPSTREAM_FAILED', `发起钉钉审批失败：${err.message}`, { dingtalkCode: err.code });
    throw err;
  }
}

/** 重置 (the business admin, who works in 项目流程, or the system admin): the run is kept for the record but no longer counts; the flow can start again. */
export async function resetFlow(deps: Deps, who: AuditActor, projectId: number, flowId: number) {
  return deps.db.$transaction(async (tx) => {
    const flow = await tx.projectFlow.findFirst({ where: { id: flowId, projectId } });
    if (!flow) throw notFound('流程');
    await transitionFlow(tx, flowId, 'reset', { actor: who, expected: flow });
    const after = await tx.projectFlow.findUniqueOrThrow({ where: { id: flowId } });
    return after;
  });
}

/** The robot of the project's group: the company's, else the nearest ancestor's, else the default robot. */
async function robotFor(tx: Tx, projectId: number): Promise<number | null> {
  const project = await tx.project.findUniqueOrThrow({ where: { id: projectId }, select: { orgUnitId: true } });
  const robots = await tx.robotWebhook.findMany({ where: { active: true }, select: { id: true, orgUnitId: true } });
  for (let unitId: number | null = project.orgUnitId; unitId !== null;) {
    const hit = robots.find((r) => r.orgUnitId === unitId);
    if (hit) return hit.id;
    unitId = (await tx.orgUnit.findUnique({ where: { id: unitId }, select: { parentId: true } }))?.parentId ?? null;
  }
  return robots.find((r) => r.orgUnitId === null)?.id ?? null;
}

const eventRejected = (reason: string, details?: Record<string, unknown>) =>
  new AppError('UNPROCESSABLE', `审批事件未通过核验：${reason}`, details);

/**
 * What an approval event may move a run to, decided by DingTalk itself: the event must come from our corp and name
 * the run's process code, and the instance fetched from DingTalk (not the event's own words) must be finished —
 * COMPLETED + agree → 完成, COMPLETED + refuse → 驳回, TERMINATED / CANCELED → 撤销. Anything else (still running,
 * a task handed on — 转交 shows as result "redirect" on a task event) moves nothing.
 */
async function verifiedOutcome(
  deps: Deps,
  event: DingtalkEvent,
  flow: { type: string; instanceId: string | null; processCode: string | null },
): Promise<'COMPLETED' | 'REJECTED' | 'TERMINATED' | null> {
  const p = event.payload as { processCode?: unknown };
  const app = await deps.dingtalkApp();
  if (event.corpId !== app.corpId) throw eventRejected('企业 corpId 不符', { corpId: event.corpId ?? null });
  if (!flow.processCode || p.processCode !== flow.processCode)
    throw eventRejected('审批模板 processCode 不符', { processCode: p.processCode ?? null });
  const client = await dingtalkClientFor(deps);
  const instance = await client.getApprovalInstance(flow.instanceId!).catch((err: unknown) => {
    if ((err as { code?: string }).code === 'processInstanceIdError') throw eventRejected('钉钉中没有该审批实例');
    throw err; // DingTalk unreachable: not "success", DingTalk pushes the event again
  });
  if (instance.status === 'COMPLETED' && instance.result === 'agree') return 'COMPLETED';
  if (instance.status === 'COMPLETED' && instance.result === 'refuse') return 'REJECTED';
  if (instance.status === 'TERMINATED' || instance.status === 'CANCELED') return 'TERMINATED';
  return null;
}

/**
 * bpms_instance_change: finish or terminate, confirmed with DingTalk before anything moves (verifiedOutcome).
 * Idempotent: a settled run is left alone.
 */
export async function onApprovalEvent(deps: Deps, event: DingtalkEvent): Promise<void> {
  const p = event.payload as { processInstanceId?: string; type?: string; result?: string };
  if (!p.processInstanceId || (p.type !== 'finish' && p.type !== 'terminate')) return;
  const known = await deps.db.projectFlow.findUnique({ where: { instanceId: p.processInstanceId } });
  if (!known || known.status !== 'RUNNING') return;
  const status = await verifiedOutcome(deps, event, known);
  if (!status) return;
  await deps.db.$transaction(async (tx) => {
    const flow = await tx.projectFlow.findUnique({ where: { instanceId: p.processInstanceId } });
    if (!flow || flow.status !== 'RUNNING') return;
    // two deliveries of the same event at once: only the one that moves the run on does anything
    const moved = await transitionFlow(
      tx,
      flow.id,
      status === 'COMPLETED' ? 'complete' : status === 'REJECTED' ? 'reject' : 'terminate',
      {
        actor: systemActor('钉钉审批回调', event.eventId),
        skipIfNotAllowed: true, // locks the run and re-reads it: a run no longer 审批中 is left alone
        data: {
          result: status === 'COMPLETED' ? 'agree' : status === 'REJECTED' ? 'refuse' : (p.result ?? null),
          completedAt: new Date(),
        },
        audit: { after: { instanceId: flow.instanceId } },
      },
    );
    if (!moved) return;
    if (status === 'COMPLETED') await flowDefinitionOf(flow.type as TFlowType)?.onAgreed?.(tx, deps, flow);
    else await flowDefinitionOf(flow.type as TFlowType)?.onStopped?.(tx, flow, status);
    const project = await tx.project.findUniqueOrThrow({ where: { id: flow.projectId }, select: { name: true } });
    const verdict = status === 'COMPLETED' ? '审批通过' : status === 'REJECTED' ? '审批驳回' : '已撤销';
    const t = await renderTemplate(tx, 'FLOW_RESULT', {
      项目名称: project.name,
      流程名称: FLOW_LABEL[flow.type as TFlowType],
      发起次数: flow.run,
      审批结果: verdict,
      发起时间: flow.startedAt,
      完成时间: new Date(),
    });
    const step = nextStepAfterFlow(flow.type as TFlowType, status);
    const robotId = await robotFor(tx, flow.projectId);
    const starter = await tx.user.findUnique({
      where: { id: flow.startedById },
      select: { id: true, dingUserId: true, status: true },
    });
    await enqueueNotifications(tx, [
      ...(robotId
        ? [
            {
              channel: 'ROBOT' as const,
              kind: 'flow_result',
              robotId,
              dedupeKey: `flow:${flow.id}:${status}`,
              templateVersionId: t.templateVersionId,
              message: { msgtype: 'markdown' as const, markdown: { title: t.title, text: t.text } },
            },
          ]
        : []),
      // whoever started the flow is told in any case (a company without a robot used to hear nothing), with the
      // next step and the button that opens it
      ...(starter?.dingUserId && starter.status === 'ACTIVE'
        ? [
            {
              channel: 'WORK' as const,
              kind: 'flow_result_starter',
              userId: starter.id,
              dingUserId: starter.dingUserId,
              dedupeKey: `flow:${flow.id}:${status}:starter`,
              templateVersionId: t.templateVersionId,
              msg: {
                msgtype: 'action_card' as const,
                action_card: {
                  title: t.title,
                  markdown: `${t.text}\n\n**${step.text}**${robotId ? '' : '\n\n（该项目所在公司未配置群机器人，审批结果仅通知发起人）'}`,
                  single_title: step.button,
                  single_url: consoleUrl(deps, nextStepPath(step, flow.projectId)),
                },
              },
            },
          ]
        : []),
    ]);
  });
}
