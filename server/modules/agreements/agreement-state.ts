/**
 * An agreement version's state machine: the only code that writes Agreement.status (and its rowVersion).
 *
 *   PENDING 待签署 ──签署──▶ SIGNED 已签署 (final: a trigger refuses any change of the row)
 *      └──重新生成──▶ SUPERSEDED 已作废 (a newer version replaced it before it was signed)
 */
import type { Prisma } from '../../generated/prisma/client';
import type { Tx } from '../../lib/db';
import { defineMachine, transition, type TransitionOptions } from '../../lib/state-machine';
import { AGREEMENT_STATUS_LABEL, type TAgreementStatus } from '../../../shared/api/labels';

export type AgreementEvent = 'SIGN' | 'SUPERSEDE';
export type AgreementTransitionData = Pick<Prisma.AgreementUpdateManyMutationInput, 'signedAt'>;

export const agreementMachine = defineMachine<TAgreementStatus, AgreementEvent, AgreementTransitionData>({
  name: '协议',
  entity: 'Agreement',
  states: AGREEMENT_STATUS_LABEL,
  events: {
    SIGN: { label: '签署', from: ['PENDING'], to: 'SIGNED', action: 'sign_agreement' },
    SUPERSEDE: { label: '作废旧版本', from: ['PENDING'], to: 'SUPERSEDED', action: 'supersede_agreement' },
  },
  refusal: (from, event) =>
    from === 'SIGNED'
      ? '该协议已签署，不可修改'
      : `该协议版本已${AGREEMENT_STATUS_LABEL[from]}，不能${event === 'SIGN' ? '签署' : '再作废'}，请查看最新版本`,
  store: {
    lock: async (tx, id) => {
      const rows = await tx.$queryRaw<
        Array<{ id: number; status: TAgreementStatus; rowVersion: number; projectId: number }>
      >`SELECT id, status::text AS status, "rowVersion", "projectId" FROM "Agreement" WHERE id = ${id} FOR UPDATE`;
      const r = rows[0];
      return r ? { id: r.id, status: r.status, version: r.rowVersion, projectId: r.projectId } : null;
    },
    update: async (tx, where, to, data) =>
      (
        await tx.agreement.updateMany({
          where: { id: where.id, status: where.status, rowVersion: where.version },
          data: { ...data, status: to, rowVersion: { increment: 1 } },
        })
      ).count,
  },
});

export const transitionAgreement = (
  tx: Tx,
  id: number,
  event: AgreementEvent,
  opts: TransitionOptions<AgreementTransitionData>,
) => transition(tx, agreementMachine, id, event, opts);
