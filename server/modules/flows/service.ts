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
import { PROJECT_FLOW_TYPES } from '../../../shared/api/labels';
import { formatDateTime } from '../../../shared/datetime';
import { writeAudit, systemActor, type AuditActor } from '../../lib/audit';
import { enqueueNotifications } from '../notify/outbox';
import type { Actor } from '../../auth/actor';
import { transitionFlow } from './flow-state';
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

/** The DingTalk approval template of each flow: PROC-GENTOU-<TYPE> unless configured otherwise. */
export const processCodeOf = (type: TFlowType) => `PROC-GENTOU-${type.replace(/_/g, '-')}`;

/** The manual's flow list: every type with its latest run. */
export async function listFlows(deps: Deps, projectId: number) {
  const runs = await deps.db.projectFlow.findMany({
    where: { projectId },
    orderBy: [{ type: 'asc' }, { run: 'desc' }],
  });
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
      runs: runs.filter((r) => r.type === type).length,
      latest: latest && {
        id: latest.id,
        run: latest.run,
        status: latest.status,
        result: latest.result,
        instanceId: latest.instanceId,
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
 * 发起: reserves the run in the database first (so two clicks cannot start two instances), then creates the
 * DingTalk instance outside any transaction, then records its id. If DingTalk refuses, the run is removed.
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
        form: { title: prepared.title, fields: prepared.fields } as object,
      },
    });
    return { flow, prepared };
  });
  try {
    const client = await dingtalkClientFor(deps);
    const { instanceId } = await client.createApprovalInstance({
      processCode: processCodeOf(type),
      originatorUserId: actor.dingUserId,
      fields: reserved.prepared.fields,
    });
    return await deps.db.$transaction(async (tx) => {
      const flow = await tx.projectFlow.update({
        where: { id: reserved.flow.id },
        data: { instanceId, version: { increment: 1 } },
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

/** bpms_instance_change: finish(agree|refuse) or terminate. Idempotent: a settled run is left alone. */
export async function onApprovalEvent(deps: Deps, event: DingtalkEvent): Promise<void> {
  const p = event.payload as { processInstanceId?: string; type?: string; result?: string };
  if (!p.processInstanceId || (p.type !== 'finish' && p.type !== 'terminate')) return;
  await deps.db.$transaction(async (tx) => {
    const flow = await tx.projectFlow.findUnique({ where: { instanceId: p.processInstanceId } });
    if (!flow || flow.status !== 'RUNNING') return;
    const status = p.type === 'terminate' ? 'TERMINATED' : p.result === 'agree' ? 'COMPLETED' : 'REJECTED';
    // two deliveries of the same event at once: only the one that moves the run on does anything
    const moved = await transitionFlow(
      tx,
      flow.id,
      status === 'COMPLETED' ? 'complete' : status === 'REJECTED' ? 'reject' : 'terminate',
      {
        actor: systemActor('钉钉审批回调', event.eventId),
        skipIfNotAllowed: true, // locks the run and re-reads it: a run no longer 审批中 is left alone
        data: { result: p.result ?? null, completedAt: new Date() },
        audit: { after: { instanceId: flow.instanceId } },
      },
    );
    if (!moved) return;
    if (status === 'COMPLETED') await flowDefinitionOf(flow.type as TFlowType)?.onAgreed?.(tx, deps, flow);
    else await flowDefinitionOf(flow.type as TFlowType)?.onStopped?.(tx, flow, status);
    const robotId = await robotFor(tx, flow.projectId);
    if (robotId) {
      const project = await tx.project.findUniqueOrThrow({ where: { id: flow.projectId }, select: { name: true } });
      const verdict = status === 'COMPLETED' ? '审批通过' : status === 'REJECTED' ? '审批驳回' : '已撤销';
      await enqueueNotifications(tx, [
        {
          channel: 'ROBOT',
          kind: 'flow_result',
          robotId,
          dedupeKey: `flow:${flow.id}:${status}`,
          message: {
            msgtype: 'markdown',
            markdown: {
              title: `${FLOW_LABEL[flow.type as TFlowType]}${verdict}`,
              text: `#### 【${project.name}】${FLOW_LABEL[flow.type as TFlowType]}（第 ${flow.run} 次）${verdict}\n\n发起时间：${formatDateTime(flow.startedAt)}\n\n完成时间：${formatDateTime(new Date())}`,
            },
          },
        },
      ]);
    }
  });
}
