/**
 * 披露(循环) on DingTalk OA (manual 6.1.1–6.1.2): started from 项目流程 (or the 披露 tab) for the project's open
 * disclosure; its form carries the quarter's 盈利指标 against 立项, the milestones, the narrative and the attachments'
 * names. On completion the disclosure goes to 披露审核 (the business admin); a refused or withdrawn flow sends it back
 * to 草稿. Registered in modules/event-handlers.ts.
 */
import { invalidState } from '../../lib/errors';
import { systemActor } from '../../lib/audit';
import { ZDisclosureSnapshot } from '../../../shared/api/disclosure';
import { projectHeader, type FlowDefinition } from '../flows/definition';
import { submitForReview } from '../reviews/service';
import { changeWords, formatIndicator } from './calc/compare';
import { transitionDisclosure } from './disclosure-state';

export const disclosureFlow: FlowDefinition = {
  prepare: async (tx, projectId) => {
    const d = await tx.disclosure.findFirst({
      where: { projectId, status: { in: ['DRAFT', 'RETURNED'] } },
      orderBy: { id: 'desc' },
    });
    if (!d) throw invalidState('请先在【披露】中新建本期披露（盈亏动态、关键节点、披露说明）');
    const snap = ZDisclosureSnapshot.parse(d.snapshot);
    const p = await projectHeader(tx, projectId);
    const files = await tx.attachment.findMany({
      where: { ownerType: 'DISCLOSURE', ownerId: d.id },
      select: { fileName: true },
      orderBy: { id: 'asc' },
    });
    return {
      title: `${p.name} ${snap.periodLabel}披露`,
      subjectType: 'DISCLOSURE',
      subjectId: d.id,
      fields: [
        { name: '项目名称', value: p.name },
        { name: '城市公司', value: p.orgUnit.name },
        { name: '披露期间', value: snap.periodLabel },
        {
          name: '盈利指标',
          componentType: 'TableField',
          table: snap.comparison.map((r) => [
            { name: '指标', value: r.label },
            { name: '立项', value: formatIndicator(r.unit, r.approval) },
            { name: '动态', value: formatIndicator(r.unit, r.dynamic) },
            { name: '差异', value: changeWords(r) },
          ]),
        },
        {
          name: '关键节点',
          value:
            snap.milestones.map((m) => `${m.label}：计划 ${m.plannedOn}，实际 ${m.actualOn ?? '未完成'}`).join('；') ||
            '—',
        },
        { name: '披露说明', value: d.narrative },
        { name: '附件', value: files.map((f) => f.fileName).join('、') || '无' },
      ],
    };
  },
  onStarted: async (tx, _deps, flow) => {
    if (flow.subjectId === null) return;
    await transitionDisclosure(tx, flow.subjectId, 'startFlow', {
      actor: systemActor('项目流程'),
      data: { returnReason: null },
      audit: { after: { flowId: flow.id } },
    });
  },
  onAgreed: async (tx, deps, flow) => {
    if (flow.subjectId === null) return;
    await transitionDisclosure(tx, flow.subjectId, 'completeFlow', {
      actor: systemActor('项目流程'),
      audit: { after: { flowId: flow.id } },
    });
    // 披露审核 in the name of who started the flow: the business admin gets a todo and a work notice
    const run = await tx.projectFlow.findUniqueOrThrow({ where: { id: flow.id }, select: { startedById: true } });
    const starter = await tx.user.findUnique({ where: { id: run.startedById }, select: { id: true, name: true } });
    const d = await tx.disclosure.findUniqueOrThrow({ where: { id: flow.subjectId } });
    const project = await tx.project.findUniqueOrThrow({ where: { id: flow.projectId }, select: { name: true } });
    await submitForReview(
      tx,
      deps,
      { actorId: starter?.id ?? null, actorName: starter?.name ?? null, requestId: null, ip: null },
      {
        subjectType: 'DISCLOSURE',
        subjectId: d.id,
        projectId: flow.projectId,
        title: `${project.name} ${ZDisclosureSnapshot.parse(d.snapshot).periodLabel}披露`,
      },
    );
  },
  onStopped: async (tx, flow, status) => {
    if (flow.subjectId === null) return;
    await transitionDisclosure(tx, flow.subjectId, 'returnFromFlow', {
      actor: systemActor('项目流程'),
      audit: { after: { flowId: flow.id, flowStatus: status } },
    });
  },
};
