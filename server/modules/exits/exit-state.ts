/**
 * The exit's state machine: the only code that writes PartnerExit.status (and its version). The table is the calc's
 * (calc/status.ts, `nextExitStatus`); a unit test checks both agree on every state × event.
 *
 *   CALCULATED 已测算 ──发起 (fresh fingerprint)──▶ FLOW_RUNNING 审批中 ──同意──▶ COMPLETED 已完成 ──登记打款──▶ PAID 已打款
 *      ▲  └─重新测算─┘                                  │ 驳回 / 撤销              (承接 written, 退)
 *      └──────────── 重新测算 ─────────── REJECTED 已驳回 (nothing changes in the ledger)
 */
import type { Prisma } from '../../generated/prisma/client';
import type { Tx } from '../../lib/db';
import { defineMachine, transition, type TransitionOptions } from '../../lib/state-machine';
import { EXIT_STATUS_LABEL, EXIT_STATUSES, type TExitStatus } from '../../../shared/api/exits';
import type { ExitEvent } from './calc/status';

export type ExitStatus = TExitStatus;
export { EXIT_STATUSES };
export const EXIT_EVENTS: readonly ExitEvent[] = [
  'RECALCULATE',
  'START_FLOW',
  'FLOW_AGREED',
  'FLOW_REFUSED',
  'FLOW_TERMINATED',
  'PAYOUT_REGISTERED',
];

/** Columns a transition may write with the state. */
export type ExitTransitionData = Pick<
  Prisma.PartnerExitUpdateManyMutationInput,
  | 'exitType'
  | 'exitTypeLabel'
  | 'exitDate'
  | 'manualInputs'
  | 'pricing'
  | 'fingerprint'
  | 'total'
  | 'calculatedAt'
  | 'calculatedById'
  | 'editReason'
  | 'flowId'
  | 'completedAt'
  | 'payoutAmount'
  | 'payoutOn'
  | 'payoutAccount'
  | 'payoutNote'
  | 'payoutDifference'
  | 'payoutKey'
  | 'payoutById'
>;

export const exitMachine = defineMachine<ExitStatus, ExitEvent, ExitTransitionData>({
  name: '退出',
  entity: 'PartnerExit',
  states: EXIT_STATUS_LABEL,
  events: {
    RECALCULATE: { label: '重新测算', from: ['CALCULATED', 'REJECTED'], to: 'CALCULATED', action: 'recalculate_exit' },
    START_FLOW: { label: '发起退出流程', from: ['CALCULATED'], to: 'FLOW_RUNNING', action: 'start_exit_flow' },
    FLOW_AGREED: { label: '流程同意', from: ['FLOW_RUNNING'], to: 'COMPLETED', action: 'complete_exit' },
    FLOW_REFUSED: { label: '流程驳回', from: ['FLOW_RUNNING'], to: 'REJECTED', action: 'reject_exit' },
    FLOW_TERMINATED: { label: '流程撤销', from: ['FLOW_RUNNING'], to: 'REJECTED', action: 'terminate_exit' },
    PAYOUT_REGISTERED: { label: '登记打款', from: ['COMPLETED'], to: 'PAID', action: 'register_exit_payout' },
  },
  store: {
    lock: async (tx, id) => {
      await tx.$queryRaw`SELECT id FROM "PartnerExit" WHERE id = ${id} FOR UPDATE`;
      return tx.partnerExit.findUnique({
        where: { id },
        select: { id: true, status: true, version: true, projectId: true },
      });
    },
    update: async (tx, where, to, data) =>
      (await tx.partnerExit.updateMany({ where, data: { ...data, status: to, version: { increment: 1 } } })).count,
  },
});

/** Moves an exit through one event, with its audit row, in the caller's transaction. */
export const transitionExit = (tx: Tx, exitId: number, event: ExitEvent, opts: TransitionOptions<ExitTransitionData>) =>
  transition(tx, exitMachine, exitId, event, opts);
