/**
 * The distribution batch's state machine: the only code that writes DistributionBatch.status (and its version).
 *
 *   DRAFT ─测算→ CALCULATED ─送审→ SUBMITTED ─审核通过→ APPROVED ─发起流程→ FLOW ─流程完成→ FLOW_DONE
 *     ↑          ↺测算              │驳回/撤回              │                  │驳回/撤销
 *     └──────────────────────────────┴──── 退回草稿 (any change after 测算; audited) ─┘
 *   FLOW_DONE ─分配通知 (on the date)→ NOTIFIED ─发放登记→ PAID ─锁定→ LOCKED
 *
 * A change of the inputs after 已送审 sends the batch back to 草稿 (`reopen`), dropping its lines: review and flow
 * start over. Once the notices are out (NOTIFIED) nothing goes back.
 */
import type { Prisma } from '../../generated/prisma/client';
import type { Tx } from '../../lib/db';
import { versionConflict } from '../../lib/errors';
import { assertState, defineMachine, transition, type TransitionOptions } from '../../lib/state-machine';
import { BATCH_STATUS_LABEL, BATCH_STATUSES, type TBatchStatus } from '../../../shared/api/distributions';

export type BatchStatus = TBatchStatus;
export { BATCH_STATUSES };

/** Columns a transition may write with the state. */
export type BatchTransitionData = Pick<
  Prisma.DistributionBatchUpdateManyMutationInput,
  'calculatedAt' | 'profitTotal' | 'levels' | 'warnings' | 'manualUnlocked' | 'ledgerFingerprint'
>;

export type BatchEvent =
  | 'calculate'
  | 'submit'
  | 'approve'
  | 'returnFromReview'
  | 'startFlow'
  | 'completeFlow'
  | 'returnFromFlow'
  | 'notify'
  | 'markPaid'
  | 'lock'
  | 'reopen';

const LABEL: Record<BatchEvent, string> = {
  calculate: '测算',
  submit: '送审',
  approve: '审核通过',
  returnFromReview: '退回修改',
  startFlow: '发起流程',
  completeFlow: '完成流程',
  returnFromFlow: '退回修改',
  notify: '发送分配通知',
  markPaid: '登记发放',
  lock: '锁定',
  reopen: '修改',
};

export const batchMachine = defineMachine<BatchStatus, BatchEvent, BatchTransitionData>({
  name: '分配批次',
  entity: 'DistributionBatch',
  states: BATCH_STATUS_LABEL,
  events: {
    /** 测算 (or 保存 of a typed batch): the lines are stored; again over an earlier 测算. */
    calculate: { label: LABEL.calculate, from: ['DRAFT', 'CALCULATED'], to: 'CALCULATED', action: 'calculate' },
    /** 送审 into the business admin's review (subject DISTRIBUTION). */
    submit: { label: LABEL.submit, from: ['CALCULATED'], to: 'SUBMITTED', action: 'submit' },
    approve: { label: LABEL.approve, from: ['SUBMITTED'], to: 'APPROVED', action: 'approved' },
    /** rejected or withdrawn: back to 草稿 for edits and a new 测算 */
    returnFromReview: { label: LABEL.returnFromReview, from: ['SUBMITTED'], to: 'DRAFT', action: 'returned' },
    /** the 项目流程 (本金分配 / 利润分配N) was started */
    startFlow: { label: LABEL.startFlow, from: ['APPROVED'], to: 'FLOW', action: 'flow_started' },
    completeFlow: { label: LABEL.completeFlow, from: ['FLOW'], to: 'FLOW_DONE', action: 'flow_completed' },
    /** the flow was refused or withdrawn */
    returnFromFlow: { label: LABEL.returnFromFlow, from: ['FLOW'], to: 'DRAFT', action: 'returned' },
    /** 分配通知 sent on the distribution date */
    notify: { label: LABEL.notify, from: ['FLOW_DONE'], to: 'NOTIFIED', action: 'notified' },
    /** every line with a payout registered as paid */
    markPaid: { label: LABEL.markPaid, from: ['NOTIFIED'], to: 'PAID', action: 'paid' },
    lock: { label: LABEL.lock, from: ['PAID'], to: 'LOCKED', action: 'lock' },
    /** an input changed after 测算: back to 草稿 (lines dropped; review and flow start over) */
    reopen: {
      label: LABEL.reopen,
      from: ['CALCULATED', 'SUBMITTED', 'APPROVED', 'FLOW_DONE'],
      to: 'DRAFT',
      action: 'reopen',
    },
  },
  store: {
    lock: async (tx, id) => {
      await tx.$queryRaw`SELECT id FROM "DistributionBatch" WHERE id = ${id} FOR UPDATE`;
      return tx.distributionBatch.findUnique({
        where: { id },
        select: { id: true, status: true, version: true, projectId: true },
      });
    },
    update: async (tx, where, to, data) =>
      (
        await tx.distributionBatch.updateMany({
          where,
          data: { ...data, status: to, version: { increment: 1 } },
        })
      ).count,
  },
});

export const BATCH_EVENTS = Object.keys(batchMachine.events) as BatchEvent[];

/** Moves a batch through one event, with its audit row, in the caller's transaction. */
export const transitionBatch = (
  tx: Tx,
  batchId: number,
  event: BatchEvent,
  opts: TransitionOptions<BatchTransitionData>,
) => transition(tx, batchMachine, batchId, event, opts);

/** An edit that does not change the state: 当前分配批次状态为【…】，不能{what}. */
export const assertBatchIn = (batch: { status: BatchStatus }, allowed: readonly BatchStatus[], what: string) =>
  assertState(batchMachine, batch.status, allowed, what);

/** Edits the batch's inputs with the version check (state unchanged); the only other write of the row. */
export async function updateBatchInputs(
  tx: Tx,
  batch: { id: number; version: number },
  data: Pick<
    Prisma.DistributionBatchUpdateManyMutationInput,
    | 'date'
    | 'settings'
    | 'profitInput'
    | 'adjustments'
    | 'interestOverrides'
    | 'financing'
    | 'manualUnlocked'
    | 'actualPeak'
  >,
): Promise<void> {
  const { count } = await tx.distributionBatch.updateMany({
    where: { id: batch.id, version: batch.version },
    data: { ...data, version: { increment: 1 } },
  });
  if (!count) throw versionConflict('分配批次', batch.version);
}
