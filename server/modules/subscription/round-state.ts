/**
 * The subscription round's state machine: the only code that writes SubscriptionRound.status (a unit test greps
 * server/ for any other write). Every other round write — a version bump when the partner list or a line changes —
 * is here too, so the version column means one thing.
 *
 *   DRAFT ─认购通知→ OPEN ─测算→ CALCULATED ─送审→ IN_REVIEW ─审核通过→ APPROVED ─立项流程完成→ CONFIRMED ─缴清→ CLOSED
 *                    ↑  ↺认购通知   │ ↺测算            └─驳回/撤回→ CALCULATED   └─流程驳回/撤销→ CALCULATED
 *                    └─立项信息修改─┘
 */
import type { Prisma } from '../../generated/prisma/client';
import type { Tx } from '../../lib/db';
import { versionConflict } from '../../lib/errors';
import { assertState, defineMachine, transition, type TransitionOptions } from '../../lib/state-machine';
import { ROUND_STATUS_LABEL } from '../../../shared/api/scheme';

export type RoundStatus = 'DRAFT' | 'OPEN' | 'CALCULATED' | 'IN_REVIEW' | 'APPROVED' | 'CONFIRMED' | 'CLOSED';
export const ROUND_STATUSES: readonly RoundStatus[] = [
  'DRAFT',
  'OPEN',
  'CALCULATED',
  'IN_REVIEW',
  'APPROVED',
  'CONFIRMED',
  'CLOSED',
];

/** Columns a transition may write with the state. */
export type RoundTransitionData = Pick<
  Prisma.SubscriptionRoundUpdateManyMutationInput,
  'noticeSentAt' | 'calculatedAt' | 'calcSnapshot' | 'dueDate'
>;

const ROUND_EVENT_LABEL: Record<RoundEvent, string> = {
  sendNotices: '发送认购通知',
  calculate: '测算',
  requireRecalculation: '要求重新测算',
  submit: '送审',
  approve: '审核通过',
  returnFromReview: '退回修改',
  confirm: '立项',
  returnFromFlow: '退回修改',
  close: '完成',
};

export const roundMachine = defineMachine<RoundStatus, RoundEvent, RoundTransitionData>({
  name: '认购轮次',
  entity: 'SubscriptionRound',
  states: ROUND_STATUS_LABEL,
  refusal: (from, event): string => `当前轮次状态为【${ROUND_STATUS_LABEL[from]}】，不能${ROUND_EVENT_LABEL[event]}`,
  events: {
    /** 认购通知 (again, to those who have not answered, while open). */
    sendNotices: { label: ROUND_EVENT_LABEL.sendNotices, from: ['DRAFT', 'OPEN'], to: 'OPEN', action: 'send_notices' },
    /** 测算 after the deadline, or again over an earlier 测算 (edits start again from it). */
    calculate: {
      label: ROUND_EVENT_LABEL.calculate,
      from: ['OPEN', 'CALCULATED'],
      to: 'CALCULATED',
      action: 'calculate',
    },
    /** 立项信息 changed under a 测算: it must be calculated again. */
    requireRecalculation: {
      label: ROUND_EVENT_LABEL.requireRecalculation,
      from: ['CALCULATED'],
      to: 'OPEN',
      action: 'recalculation_required',
    },
    /** 送审 into 方案审核. */
    submit: { label: ROUND_EVENT_LABEL.submit, from: ['CALCULATED'], to: 'IN_REVIEW', action: 'submit' },
    /** 方案审核 approved: the BPM flow may start. */
    approve: { label: ROUND_EVENT_LABEL.approve, from: ['IN_REVIEW'], to: 'APPROVED', action: 'approved' },
    /** 方案审核 rejected or withdrawn: back to 投资明细 for edits. */
    returnFromReview: {
      label: ROUND_EVENT_LABEL.returnFromReview,
      from: ['IN_REVIEW'],
      to: 'CALCULATED',
      action: 'returned',
    },
    /** 事业合伙立项 / 补充立项 flow completed: amounts due are created with it. */
    confirm: { label: ROUND_EVENT_LABEL.confirm, from: ['APPROVED'], to: 'CONFIRMED', action: 'confirm' },
    /** The flow was refused or withdrawn: back to 投资明细 to correct and review again. */
    returnFromFlow: {
      label: ROUND_EVENT_LABEL.returnFromFlow,
      from: ['APPROVED'],
      to: 'CALCULATED',
      action: 'returned',
    },
    /** Nothing left to pay (paid in full or forfeited). */
    close: { label: ROUND_EVENT_LABEL.close, from: ['CONFIRMED'], to: 'CLOSED', action: 'close' },
  },
  store: {
    lock: async (tx, id) => {
      await tx.$queryRaw`SELECT id FROM "SubscriptionRound" WHERE id = ${id} FOR UPDATE`;
      return tx.subscriptionRound.findUnique({
        where: { id },
        select: { id: true, status: true, version: true, projectId: true },
      });
    },
    update: async (tx, where, to, data) =>
      (
        await tx.subscriptionRound.updateMany({
          where,
          data: { ...data, status: to, version: { increment: 1 } },
        })
      ).count,
  },
});

export type RoundEvent =
  | 'sendNotices'
  | 'calculate'
  | 'requireRecalculation'
  | 'submit'
  | 'approve'
  | 'returnFromReview'
  | 'confirm'
  | 'returnFromFlow'
  | 'close';
export const ROUND_EVENTS = Object.keys(roundMachine.events) as RoundEvent[];

/** Moves a round through one event (see the table above), with its audit row, in the caller's transaction. */
export const transitionRound = (
  tx: Tx,
  roundId: number,
  event: RoundEvent,
  opts: TransitionOptions<RoundTransitionData>,
) => transition(tx, roundMachine, roundId, event, opts);

/** An edit that does not change the state is allowed only in some: 当前轮次状态为【…】，不能{what}. */
export const assertRoundIn = (round: { status: RoundStatus }, allowed: readonly RoundStatus[], what: string) =>
  assertState({ name: '轮次', states: ROUND_STATUS_LABEL }, round.status, allowed, what);

/** Bumps the round's version (the partner list or a line changed) so concurrent edits of the same round are detected. */
export async function touchRound(tx: Tx, round: { id: number; version: number }): Promise<void> {
  const { count } = await tx.subscriptionRound.updateMany({
    where: { id: round.id, version: round.version },
    data: { version: { increment: 1 } },
  });
  if (!count) throw versionConflict('认购轮次', round.version);
}

/** Round corrections: a new deadline or due date (version-checked, bumps the version). */
export async function writeRoundDates(
  tx: Tx,
  round: { id: number; version: number },
  data: { deadline?: Date; dueDate?: Date },
): Promise<void> {
  const { count } = await tx.subscriptionRound.updateMany({
    where: { id: round.id, version: round.version },
    data: { ...data, version: { increment: 1 } },
  });
  if (!count) throw versionConflict('认购轮次', round.version);
}
