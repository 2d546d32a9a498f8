/**
 * The review state machine, shared by 方案审核, distributions and exits: PENDING → APPROVED | REJECTED | CANCELLED,
 * each decided once. The only code that writes Review.status.
 */
import type { Prisma } from '../../generated/prisma/client';
import type { Tx } from '../../lib/db';
import { defineMachine, transition, type TransitionOptions } from '../../lib/state-machine';

export type ReviewStatus = 'PENDING' | 'APPROVED' | 'REJECTED' | 'CANCELLED';
export type ReviewAction = 'approve' | 'reject' | 'cancel';
export const REVIEW_STATUSES: readonly ReviewStatus[] = ['PENDING', 'APPROVED', 'REJECTED', 'CANCELLED'];

export type ReviewTransitionData = Pick<Prisma.ReviewUpdateManyMutationInput, 'decidedById' | 'decidedAt' | 'reason'>;

const DONE: Record<ReviewStatus, string> = {
  PENDING: '',
  APPROVED: '该审核已通过，不能再次处理',
  REJECTED: '该审核已驳回，不能再次处理',
  CANCELLED: '该审核已撤回',
};

export const reviewMachine = defineMachine<ReviewStatus, ReviewAction, ReviewTransitionData>({
  name: '审核单',
  entity: 'Review',
  states: { PENDING: '待审核', APPROVED: '审核通过', REJECTED: '已驳回', CANCELLED: '已撤回' },
  events: {
    approve: { label: '审核通过', from: ['PENDING'], to: 'APPROVED', action: 'approve' },
    reject: { label: '驳回', from: ['PENDING'], to: 'REJECTED', action: 'reject' },
    cancel: { label: '撤回', from: ['PENDING'], to: 'CANCELLED', action: 'cancel' },
  },
  refusal: (from) => DONE[from],
  store: {
    lock: async (tx, id) => {
      await tx.$queryRaw`SELECT id FROM "Review" WHERE id = ${id} FOR UPDATE`;
      return tx.review.findUnique({
        where: { id },
        select: { id: true, status: true, version: true, projectId: true },
      });
    },
    update: async (tx, where, to, data) =>
      (await tx.review.updateMany({ where, data: { ...data, status: to, version: { increment: 1 } } })).count,
  },
});

/** Decides a review (in the caller's transaction, with its audit row). */
export const transitionReview = (
  tx: Tx,
  reviewId: number,
  action: ReviewAction,
  opts: TransitionOptions<ReviewTransitionData>,
) => transition(tx, reviewMachine, reviewId, action, opts);
