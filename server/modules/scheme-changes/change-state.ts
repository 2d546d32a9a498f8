/**
 * The scheme change's state machine: the only code that writes SchemeChange.status (and its version).
 *
 *   DRAFT ─资金峰值调整发起→ PEAK_FLOW ─流程完成→ PEAK_APPROVED ─计算→ CALCULATED ─送审→ IN_REVIEW ─审核通过→ APPROVED
 *     ↑ ↺编辑     └─驳回/撤销/发起失败→ DRAFT          ↺计算 / 修改行 ↑      └─驳回/撤回→ CALCULATED        │
 *     └─取消→ CANCELLED                                               └──── 流程驳回/撤销/发起失败 ────┐   │
 *                                                      APPLIED ←流程完成─ CHANGE_FLOW ←立项信息变更发起─┘───┘
 */
import type { Prisma } from '../../generated/prisma/client';
import type { Tx } from '../../lib/db';
import { versionConflict } from '../../lib/errors';
import { assertState, defineMachine, transition, type TransitionOptions } from '../../lib/state-machine';
import {
  SCHEME_CHANGE_STATUSES,
  SCHEME_CHANGE_STATUS_LABEL,
  type TSchemeChangeStatus,
} from '../../../shared/api/scheme-change';

export type ChangeStatus = TSchemeChangeStatus;
export const CHANGE_STATUSES: readonly ChangeStatus[] = SCHEME_CHANGE_STATUSES;

export type ChangeEvent =
  | 'startPeakFlow'
  | 'peakApproved'
  | 'peakStopped'
  | 'calculate'
  | 'submit'
  | 'approve'
  | 'returnFromReview'
  | 'startChangeFlow'
  | 'apply'
  | 'changeStopped'
  | 'changeFlowNotStarted'
  | 'cancel';

/** Columns a transition may write with the state. */
export type ChangeTransitionData = Pick<
  Prisma.SchemeChangeUpdateManyMutationInput,
  'calculatedAt' | 'appliedAt' | 'cancelledAt'
>;

export const changeMachine = defineMachine<ChangeStatus, ChangeEvent, ChangeTransitionData>({
  name: '峰值变更',
  entity: 'SchemeChange',
  states: SCHEME_CHANGE_STATUS_LABEL,
  events: {
    /** 发起【资金峰值调整】. */
    startPeakFlow: { label: '发起资金峰值调整流程', from: ['DRAFT'], to: 'PEAK_FLOW', action: 'start_peak_flow' },
    /** The 资金峰值调整 flow completed. */
    peakApproved: { label: '完成资金峰值调整', from: ['PEAK_FLOW'], to: 'PEAK_APPROVED', action: 'peak_approved' },
    /** The 资金峰值调整 flow was refused, withdrawn or could not start: back to the draft for correction. */
    peakStopped: { label: '退回草稿', from: ['PEAK_FLOW'], to: 'DRAFT', action: 'peak_flow_stopped' },
    /** 峰值调整投资计算 (again over an earlier calculation: edits start again from it). */
    calculate: { label: '计算立项调整', from: ['PEAK_APPROVED', 'CALCULATED'], to: 'CALCULATED', action: 'calculate' },
    /** 送审 into 方案审核. */
    submit: { label: '送审', from: ['CALCULATED'], to: 'IN_REVIEW', action: 'submit' },
    /** 方案审核 approved: 立项信息变更 may start. */
    approve: { label: '审核通过', from: ['IN_REVIEW'], to: 'APPROVED', action: 'approved' },
    /** 方案审核 rejected or withdrawn. */
    returnFromReview: { label: '退回修改', from: ['IN_REVIEW'], to: 'CALCULATED', action: 'returned' },
    /** 发起【立项信息变更】. */
    startChangeFlow: {
      label: '发起立项信息变更流程',
      from: ['APPROVED'],
      to: 'CHANGE_FLOW',
      action: 'start_change_flow',
    },
    /** 立项信息变更 completed: the new terms are in force. */
    apply: { label: '生效', from: ['CHANGE_FLOW'], to: 'APPLIED', action: 'apply' },
    /** 立项信息变更 refused, withdrawn or could not start: back to 立项调整 for correction and review. */
    changeStopped: { label: '退回修改', from: ['CHANGE_FLOW'], to: 'CALCULATED', action: 'change_flow_stopped' },
    /** DingTalk refused to create the 立项信息变更 instance: still 审核通过, 发起 again. */
    changeFlowNotStarted: {
      label: '撤回发起',
      from: ['CHANGE_FLOW'],
      to: 'APPROVED',
      action: 'change_flow_not_started',
    },
    /** Given up while still a draft. */
    cancel: { label: '取消', from: ['DRAFT'], to: 'CANCELLED', action: 'cancel' },
  },
  store: {
    lock: async (tx, id) => {
      await tx.$queryRaw`SELECT id FROM "SchemeChange" WHERE id = ${id} FOR UPDATE`;
      return tx.schemeChange.findUnique({
        where: { id },
        select: { id: true, status: true, version: true, projectId: true },
      });
    },
    update: async (tx, where, to, data) =>
      (await tx.schemeChange.updateMany({ where, data: { ...data, status: to, version: { increment: 1 } } })).count,
  },
});

export const CHANGE_EVENTS = Object.keys(changeMachine.events) as ChangeEvent[];

/** The states in which a change is still open (one open change per project). */
export const OPEN_CHANGE_STATUSES: readonly ChangeStatus[] = CHANGE_STATUSES.filter(
  (s) => s !== 'APPLIED' && s !== 'CANCELLED',
);

/** Moves a change through one event, with its audit row, in the caller's transaction. */
export const transitionChange = (
  tx: Tx,
  changeId: number,
  event: ChangeEvent,
  opts: TransitionOptions<ChangeTransitionData>,
) => transition(tx, changeMachine, changeId, event, opts);

/** An edit that does not change the state is allowed only in some: 当前峰值变更状态为【…】，不能{what}. */
export const assertChangeIn = (change: { status: ChangeStatus }, allowed: readonly ChangeStatus[], what: string) =>
  assertState(changeMachine, change.status, allowed, what);

/**
 * Writes the draft's proposed terms (草稿 only) or bumps the version after a line edit, checking the version the
 * user decided on: the version column means one thing.
 */
export async function touchChange(
  tx: Tx,
  change: { id: number; version: number; status: ChangeStatus },
  data: Omit<Prisma.SchemeChangeUpdateManyMutationInput, 'status' | 'version'> = {},
): Promise<void> {
  const { count } = await tx.schemeChange.updateMany({
    where: { id: change.id, version: change.version, status: change.status },
    data: { ...data, version: { increment: 1 } },
  });
  if (!count) throw versionConflict('峰值变更', change.version);
}
