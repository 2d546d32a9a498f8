/**
 * A flow run's state machine (项目流程): RUNNING until DingTalk's callback completes, refuses or withdraws it;
 * 重置 by the system admin takes any run out of the count. The only code that writes ProjectFlow.status (a run
 * is created RUNNING, the column default).
 */
import type { Prisma } from '../../generated/prisma/client';
import type { Tx } from '../../lib/db';
import { defineMachine, transition, type TransitionOptions } from '../../lib/state-machine';

export type FlowStatus = 'RUNNING' | 'COMPLETED' | 'REJECTED' | 'TERMINATED' | 'RESET';
export type FlowEvent = 'complete' | 'reject' | 'terminate' | 'reset';
export const FLOW_STATUSES: readonly FlowStatus[] = ['RUNNING', 'COMPLETED', 'REJECTED', 'TERMINATED', 'RESET'];

export type FlowTransitionData = Pick<Prisma.ProjectFlowUpdateManyMutationInput, 'result' | 'completedAt'>;

export const flowMachine = defineMachine<FlowStatus, FlowEvent, FlowTransitionData>({
  name: '流程',
  entity: 'ProjectFlow',
  states: { RUNNING: '审批中', COMPLETED: '完成', REJECTED: '驳回', TERMINATED: '撤销', RESET: '已重置' },
  events: {
    complete: { label: '完成', from: ['RUNNING'], to: 'COMPLETED', action: 'flow_completed' },
    reject: { label: '驳回', from: ['RUNNING'], to: 'REJECTED', action: 'flow_rejected' },
    terminate: { label: '撤销', from: ['RUNNING'], to: 'TERMINATED', action: 'flow_terminated' },
    reset: {
      label: '重置',
      from: ['RUNNING', 'COMPLETED', 'REJECTED', 'TERMINATED'],
      to: 'RESET',
      action: 'reset_flow',
    },
  },
  refusal: (from, event) => (event === 'reset' && from === 'RESET' ? '该流程已重置' : '该流程已结束'),
  store: {
    lock: async (tx, id) => {
      await tx.$queryRaw`SELECT id FROM "ProjectFlow" WHERE id = ${id} FOR UPDATE`;
      return tx.projectFlow.findUnique({
        where: { id },
        select: { id: true, status: true, version: true, projectId: true },
      });
    },
    update: async (tx, where, to, data) =>
      (await tx.projectFlow.updateMany({ where, data: { ...data, status: to, version: { increment: 1 } } })).count,
  },
});

/** Moves a flow run through one event, with its audit row, in the caller's transaction. */
export const transitionFlow = (tx: Tx, flowId: number, event: FlowEvent, opts: TransitionOptions<FlowTransitionData>) =>
  transition(tx, flowMachine, flowId, event, opts);
