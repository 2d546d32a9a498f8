/**
 * The disclosure's state machine: the only code that writes Disclosure.status (and its version).
 *
 *   DRAFT ─发起流程→ FLOW ─流程完成→ IN_REVIEW ─审核通过→ APPROVED (holders told, merged per partner per day)
 *     ↑               │驳回/撤销        │退回 (with a reason)
 *     └───────────────┘                 ↓
 *                                   RETURNED ─发起流程→ FLOW …  (edited, then the flow runs again)
 */
import type { Prisma } from '../../generated/prisma/client';
import type { Tx } from '../../lib/db';
import { assertState, defineMachine, transition, type TransitionOptions } from '../../lib/state-machine';
import { DISCLOSURE_STATUS_LABEL, type TDisclosureStatus } from '../../../shared/api/disclosure';

export type DisclosureTransitionData = Pick<Prisma.DisclosureUpdateManyMutationInput, 'returnReason' | 'approvedAt'>;
export type DisclosureEvent = 'startFlow' | 'completeFlow' | 'returnFromFlow' | 'approve' | 'return';

export const disclosureMachine = defineMachine<TDisclosureStatus, DisclosureEvent, DisclosureTransitionData>({
  name: '披露',
  entity: 'Disclosure',
  states: DISCLOSURE_STATUS_LABEL,
  events: {
    /** the 披露(循环) flow was started on DingTalk OA */
    startFlow: { label: '发起流程', from: ['DRAFT', 'RETURNED'], to: 'FLOW', action: 'flow_started' },
    /** the flow completed: 披露审核 by the business admin */
    completeFlow: { label: '完成流程', from: ['FLOW'], to: 'IN_REVIEW', action: 'flow_completed' },
    /** the flow was refused or withdrawn */
    returnFromFlow: { label: '退回修改', from: ['FLOW'], to: 'DRAFT', action: 'returned' },
    approve: { label: '审核通过', from: ['IN_REVIEW'], to: 'APPROVED', action: 'approved' },
    return: { label: '退回', from: ['IN_REVIEW'], to: 'RETURNED', action: 'returned' },
  },
  store: {
    lock: async (tx, id) => {
      await tx.$queryRaw`SELECT id FROM "Disclosure" WHERE id = ${id} FOR UPDATE`;
      return tx.disclosure.findUnique({
        where: { id },
        select: { id: true, status: true, version: true, projectId: true },
      });
    },
    update: async (tx, where, to, data) =>
      (await tx.disclosure.updateMany({ where, data: { ...data, status: to, version: { increment: 1 } } })).count,
  },
});

export const DISCLOSURE_EVENTS = Object.keys(disclosureMachine.events) as DisclosureEvent[];

/** Moves a disclosure through one event, with its audit row, in the caller's transaction. */
export const transitionDisclosure = (
  tx: Tx,
  id: number,
  event: DisclosureEvent,
  opts: TransitionOptions<DisclosureTransitionData>,
) => transition(tx, disclosureMachine, id, event, opts);

/** An edit that does not change the state: 当前披露状态为【…】，不能{what}. */
export const assertDisclosureIn = (
  d: { status: TDisclosureStatus },
  allowed: readonly TDisclosureStatus[],
  what: string,
) => assertState(disclosureMachine, d.status, allowed, what);
