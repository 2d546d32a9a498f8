/**
 * 项目流程: the manual's BPM flows run as DingTalk OA approval instances. 发起 creates the instance with a
 * form built from our data; the bpms_instance_change callback moves the flow and the business object
 * behind it, and posts a robot message to the project's group.
 */
import type Decimal from 'decimal.js';
import type { Deps } from '../../deps';
import type { Tx } from '../../lib/db';
import { AppError, invalidState, notFound } from '../../lib/errors';
import { dingtalkClientFor, type ApprovalField } from '../../dingtalk/client';
import { DingtalkError } from '../../dingtalk/errors';
import type { DingtalkEvent } from '../../dingtalk/events';
import { FLOW_LABEL, FLOW_TYPES, LEVEL_LABEL, LEVELS, type TFlowType, type TLevel } from '../../../shared/api/scheme';
import { formatDateTime } from '../../../shared/datetime';
import { dec, formatMoney, formatRatio, sumMoney } from '../../../shared/money';
import { levelCaps, levelRatio, sumByLevel, type SchemeTerms } from '../../../shared/scheme-math';
import { writeAudit, systemActor, type AuditActor } from '../../lib/audit';
import { enqueueNotifications } from '../notify/outbox';
import type { Actor } from '../../auth/actor';
import { confirmRound } from '../payments/confirm-round';
import { transitionRound } from '../subscription/round-state';
import { transitionFlow } from './flow-state';

/** Flows that may run many times (循环). */
const REPEATABLE: TFlowType[] = ['SUPPLEMENT_APPROVAL', 'ACTUAL_PEAK', 'DISCLOSURE'];

/** The DingTalk approval template of each flow: PROC-GENTOU-<TYPE> unless configured otherwise. */
export const processCodeOf = (type: TFlowType) => `PROC-GENTOU-${type.replace(/_/g, '-')}`;

interface FlowDefinition {
  /** What must be true before 发起, and the object the flow decides. */
  prepare: (
    tx: Tx,
    projectId: number,
  ) => Promise<{ subjectType?: string; subjectId?: number; fields: ApprovalField[]; title: string }>;
  /** What completion (agree) does to the business object. */
  onAgreed?: (tx: Tx, deps: Deps, flow: { projectId: number; subjectId: number | null }) => Promise<void>;
  /** What a refusal or a withdrawal does: the object goes back to where it can be corrected. */
  onStopped?: (
    tx: Tx,
    flow: { id: number; projectId: number; subjectId: number | null },
    status: 'REJECTED' | 'TERMINATED',
  ) => Promise<void>;
}

async function projectHeader(tx: Tx, projectId: number) {
  const p = await tx.project.findUniqueOrThrow({
    where: { id: projectId },
    select: { name: true, acquisitionMethod: true, orgUnit: { select: { name: true } } },
  });
  return p;
}

/** The BPM form's per-level table: ratio and amount per level (the level caps when no amounts are given). */
function levelTable(scheme: SchemeTerms, amounts?: Record<TLevel, Decimal>): { name: string; value: string }[][] {
  const shown = amounts ?? levelCaps(scheme);
  return LEVELS.map((level) => [
    { name: '类别', value: LEVEL_LABEL[level] },
    { name: '合伙投资占比', value: formatRatio(levelRatio(scheme, level), 3) },
    { name: '本次总额', value: formatMoney(shown[level]) },
  ]);
}

async function roundFlow(tx: Tx, projectId: number, kind: 'INITIAL' | 'SUPPLEMENT') {
  const round = await tx.subscriptionRound.findFirst({
    where: { projectId, kind, status: 'APPROVED' },
    orderBy: { seq: 'desc' },
  });
  if (!round)
    throw invalidState(
      kind === 'INITIAL'
        ? '立项认购方案尚未审核通过，不能发起【事业合伙立项】流程'
        : '补投认购方案尚未审核通过，不能发起【事业合伙补充立项】流程',
    );
  // one query at a time: an interactive transaction is a single connection
  const p = await projectHeader(tx, projectId);
  const scheme = await tx.projectScheme.findUniqueOrThrow({ where: { projectId } });
  const lines = await tx.roundPartner.findMany({
    where: { roundId: round.id },
    select: { level: true, investedAmount: true },
  });
  const byLevel = sumByLevel(
    lines,
    (l) => l.level,
    (l) => l.investedAmount,
  );
  const total = sumMoney(lines.map((l) => l.investedAmount ?? 0));
  return {
    subjectType: 'ROUND',
    subjectId: round.id,
    title: `${p.name} ${round.title}`,
    fields: [
      { name: '项目名称', value: p.name },
      { name: '城市公司', value: p.orgUnit.name },
      { name: '取得方式', value: p.acquisitionMethod ?? '' },
      { name: '资金峰值', value: formatMoney(scheme.peakCapital) },
      { name: '合伙投资占比', value: formatRatio(scheme.totalRatio, 3) },
      { name: '认购人数', value: String(lines.filter((l) => dec(l.investedAmount ?? 0).greaterThan(0)).length) },
      { name: '合伙投资合计', value: formatMoney(total) },
      { name: '分层级明细', table: levelTable(scheme, byLevel), componentType: 'TableField' },
    ] satisfies ApprovalField[],
  };
}

/** A refused or withdrawn 立项 flow sends the round back to 已测算, so the accountant can correct it and go through review again. */
async function returnRound(
  tx: Tx,
  flow: { id: number; projectId: number; subjectId: number | null },
  status: 'REJECTED' | 'TERMINATED',
) {
  if (!flow.subjectId) return;
  // a round no longer 审核通过 (already moved on) is left alone: callbacks may arrive late or twice
  await transitionRound(tx, flow.subjectId, 'returnFromFlow', {
    actor: systemActor('钉钉审批回调'),
    skipIfNotAllowed: true,
    audit: { after: { flowId: flow.id, flowStatus: status } },
  });
}

const DEFINITIONS: Partial<Record<TFlowType, FlowDefinition>> = {
  PEAK_CAPITAL: {
    prepare: async (tx, projectId) => {
      const p = await projectHeader(tx, projectId);
      const scheme = await tx.projectScheme.findUnique({ where: { projectId } });
      const shareholders = await tx.shareholder.findMany({ where: { projectId }, orderBy: { sortOrder: 'asc' } });
      if (!scheme) throw invalidState('请先填写【立项信息】中的资金峰值');
      if (!shareholders.length) throw invalidState('请先维护【股权合作】中的股东信息');
      return {
        title: `${p.name} 项目资金峰值`,
        fields: [
          { name: '项目名称', value: p.name },
          { name: '城市公司', value: p.orgUnit.name },
          { name: '资金峰值', value: formatMoney(scheme.peakCapital) },
          {
            name: '股东信息',
            table: shareholders.map((s) => [
              { name: '股东', value: s.name },
              { name: '持股比例', value: formatRatio(s.equityRatio, 2) },
              { name: '我方', value: s.isOurs ? '是' : '否' },
            ]),
            componentType: 'TableField',
          },
        ],
      };
    },
    onAgreed: async (tx, _deps, flow) => {
      await tx.projectScheme.update({
        where: { projectId: flow.projectId },
        data: { peakConfirmedAt: new Date(), version: { increment: 1 } },
      });
    },
  },
  SCHEME_APPROVAL: {
    prepare: (tx, projectId) => roundFlow(tx, projectId, 'INITIAL'),
    onAgreed: (tx, deps, flow) => confirmRound(tx, deps, flow.subjectId!),
    onStopped: returnRound,
  },
  SUPPLEMENT_APPROVAL: {
    prepare: (tx, projectId) => roundFlow(tx, projectId, 'SUPPLEMENT'),
    onAgreed: (tx, deps, flow) => confirmRound(tx, deps, flow.subjectId!),
    onStopped: returnRound,
  },
};

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
  return FLOW_TYPES.map((type, i) => {
    const latest = runs.find((r) => r.type === type);
    return {
      seq: i + 1,
      type,
      label: FLOW_LABEL[type],
      repeatable: REPEATABLE.includes(type),
      available: !!DEFINITIONS[type],
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
 */
export async function startFlow(deps: Deps, who: AuditActor, actor: Actor, projectId: number, type: TFlowType) {
  const def = DEFINITIONS[type];
  if (!def) throw invalidState(`【${FLOW_LABEL[type]}】流程将在对应业务功能上线后开放`);
  if (!actor.dingUserId) throw invalidState('您的账号未绑定钉钉，不能发起审批流程');
  const reserved = await deps.db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "Project" WHERE id = ${projectId} FOR UPDATE`; // one 发起 at a time per project
    const runs = await tx.projectFlow.findMany({ where: { projectId, type }, orderBy: { run: 'desc' } });
    const latest = runs[0];
    if (latest?.status === 'RUNNING') throw invalidState(`【${FLOW_LABEL[type]}】正在审批中`);
    if (latest?.status === 'COMPLETED' && !REPEATABLE.includes(type))
      throw invalidState(`【${FLOW_LABEL[type]}】已完成；如需重新发起，请系统管理员重置`);
    const prepared = await def.prepare(tx, projectId);
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
      return flow;
    });
  } catch (err) {
    await deps.db.projectFlow.delete({ where: { id: reserved.flow.id } });
    if (err instanceof DingtalkError)
      throw new AppError('UPSTREAM_FAILED', `发起钉钉审批失败：${err.message}`, { dingtalkCode: err.code });
    throw err;
  }
}

/** 重置 (system admin only): the run is kept for the record but no longer counts; the flow can start again. */
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
    if (status === 'COMPLETED') await DEFINITIONS[flow.type as TFlowType]?.onAgreed?.(tx, deps, flow);
    else await DEFINITIONS[flow.type as TFlowType]?.onStopped?.(tx, flow, status);
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
