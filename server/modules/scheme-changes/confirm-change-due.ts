/**
 * 变更缴款确认 (quick guide 4.3.2): a received 补缴 or a paid-out 退款 of a change's due, through the one 缴款确认 use
 * case (partial, idempotent by key, concurrent-safe, with its ledger entry: PAYMENT for a top-up, REFUND for a refund).
 */
import type { Deps } from '../../deps';
import type { AuditActor } from '../../lib/audit';
import type { TChangeDueConfirm } from '../../../shared/api/scheme-change';
import { confirmPayment } from '../payments/confirm-payment';
import { changeDue } from './change-dues';

export async function confirmChangeDue(
  deps: Deps,
  who: AuditActor,
  projectId: number,
  changeId: number,
  dueId: number,
  input: TChangeDueConfirm,
) {
  await changeDue(deps, projectId, changeId, dueId); // it must be one of this change's dues
  const result = await confirmPayment(deps, who, projectId, dueId, input);
  return { ...(await changeDue(deps, projectId, changeId, dueId)), replayed: result.replayed };
}
