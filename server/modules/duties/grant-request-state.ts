/**
 * 待批准授权: PENDING → APPROVED | REFUSED, each decided once by a business admin. The only code that writes
 * GrantRequest.status.
 */
import type { Prisma } from '../../generated/prisma/client';
import type { Tx } from '../../lib/db';
import { defineMachine, transition, type TransitionOptions } from '../../lib/state-machine';
import type { TGrantRequestStatus } from '../../../shared/api/labels';

export type GrantRequestAction = 'approve' | 'refuse';
export type GrantRequestTransitionData = Pick<
  Prisma.GrantRequestUpdateManyMutationInput,
  'decidedById' | 'decidedAt' | 'reason'
>;

export const grantRequestMachine = defineMachine<TGrantRequestStatus, GrantRequestAction, GrantRequestTransitionData>({
  name: '授权申请',
  entity: 'GrantRequest',
  states: { PENDING: '待批准', APPROVED: '已批准', REFUSED: '已拒绝' },
  events: {
    approve: { label: '批准', from: ['PENDING'], to: 'APPROVED', action: 'approve_grant' },
    refuse: { label: '拒绝', from: ['PENDING'], to: 'REFUSED', action: 'refuse_grant' },
  },
  store: {
    lock: async (tx, id) => {
      await tx.$queryRaw`SELECT id FROM "GrantRequest" WHERE id = ${id} FOR UPDATE`;
      return tx.grantRequest.findUnique({
        where: { id },
        select: { id: true, status: true, version: true, projectId: true },
      });
    },
    update: async (tx, where, to, data) =>
      (await tx.grantRequest.updateMany({ where, data: { ...data, status: to, version: { increment: 1 } } })).count,
  },
});

/** Decides a request (in the caller's transaction, with its audit row). */
export const transitionGrantRequest = (
  tx: Tx,
  id: number,
  action: GrantRequestAction,
  opts: TransitionOptions<GrantRequestTransitionData>,
) => transition(tx, grantRequestMachine, id, action, opts);
