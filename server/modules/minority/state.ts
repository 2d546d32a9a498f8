/**
 * The two state machines of 小股东: the only code that writes MinorityHolder.status and MinorityBatch.status.
 *
 *   holder:  DRAFT / RETURNED ─申请审核→ PENDING ─审核通过→ APPROVED ─修改→ DRAFT (review again)
 *                                         └──驳回/撤回→ RETURNED (with the reason)
 *   batch:   DRAFT ─送审→ SUBMITTED ─审核通过→ APPROVED ─登记发放→ PAID
 *                           └──驳回/撤回→ DRAFT (with the reason)
 */
import type { Prisma } from '../../generated/prisma/client';
import type { Tx } from '../../lib/db';
import { defineMachine, transition, type TransitionOptions } from '../../lib/state-machine';
import {
  MINORITY_BATCH_STATUS_LABEL,
  MINORITY_HOLDER_STATUS_LABEL,
  type TMinorityBatchStatus,
  type TMinorityHolderStatus,
} from '../../../shared/api/minority';

type HolderData = Pick<Prisma.MinorityHolderUpdateManyMutationInput, 'returnReason'>;
export type HolderEvent = 'submit' | 'approve' | 'returnFromReview' | 'reopen';

export const holderMachine = defineMachine<TMinorityHolderStatus, HolderEvent, HolderData>({
  name: '外部股东登记',
  entity: 'MinorityHolder',
  states: MINORITY_HOLDER_STATUS_LABEL,
  events: {
    submit: { label: '申请审核', from: ['DRAFT', 'RETURNED'], to: 'PENDING', action: 'submit' },
    approve: { label: '审核通过', from: ['PENDING'], to: 'APPROVED', action: 'approved' },
    returnFromReview: { label: '退回修改', from: ['PENDING'], to: 'RETURNED', action: 'returned' },
    /** an approved holder's details changed: the register entry is reviewed again */
    reopen: { label: '修改', from: ['APPROVED'], to: 'DRAFT', action: 'reopen' },
  },
  store: {
    lock: async (tx, id) => {
      await tx.$queryRaw`SELECT id FROM "MinorityHolder" WHERE id = ${id} FOR UPDATE`;
      return tx.minorityHolder.findUnique({
        where: { id },
        select: { id: true, status: true, version: true, projectId: true },
      });
    },
    update: async (tx, where, to, data) =>
      (await tx.minorityHolder.updateMany({ where, data: { ...data, status: to, version: { increment: 1 } } })).count,
  },
});

export const transitionHolder = (tx: Tx, id: number, e: HolderEvent, opts: TransitionOptions<HolderData>) =>
  transition(tx, holderMachine, id, e, opts);

type BatchData = Pick<Prisma.MinorityBatchUpdateManyMutationInput, 'returnReason' | 'paidOn'>;
export type BatchEvent = 'submit' | 'approve' | 'returnFromReview' | 'markPaid';

export const minorityBatchMachine = defineMachine<TMinorityBatchStatus, BatchEvent, BatchData>({
  name: '外部股东分配批次',
  entity: 'MinorityBatch',
  states: MINORITY_BATCH_STATUS_LABEL,
  events: {
    submit: { label: '送审', from: ['DRAFT'], to: 'SUBMITTED', action: 'submit' },
    approve: { label: '审核通过', from: ['SUBMITTED'], to: 'APPROVED', action: 'approved' },
    returnFromReview: { label: '退回修改', from: ['SUBMITTED'], to: 'DRAFT', action: 'returned' },
    markPaid: { label: '登记发放', from: ['APPROVED'], to: 'PAID', action: 'paid' },
  },
  store: {
    lock: async (tx, id) => {
      await tx.$queryRaw`SELECT id FROM "MinorityBatch" WHERE id = ${id} FOR UPDATE`;
      return tx.minorityBatch.findUnique({
        where: { id },
        select: { id: true, status: true, version: true, projectId: true },
      });
    },
    update: async (tx, where, to, data) =>
      (await tx.minorityBatch.updateMany({ where, data: { ...data, status: to, version: { increment: 1 } } })).count,
  },
});

export const transitionMinorityBatch = (tx: Tx, id: number, e: BatchEvent, opts: TransitionOptions<BatchData>) =>
  transition(tx, minorityBatchMachine, id, e, opts);
