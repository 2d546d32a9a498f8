/** Words for 补缴 / 退款 dues, from shared/api/labels.ts (a refund is paid by the company: 待退款, not 未缴). */
import { PAYMENT_STATUS_LABEL, REFUND_STATUS_LABEL, type TDueKind } from '../../shared/api/labels';

/** `status`: a stored or displayed payment status (UNPAID, PARTIAL, PAID, OVERDUE, FORFEITED). */
export function dueStatusText(kind: TDueKind, status: string): string {
  if (kind !== 'REFUND') return (PAYMENT_STATUS_LABEL as Record<string, string>)[status] ?? status;
  if (status === 'PAID') return REFUND_STATUS_LABEL.PAID;
  if (status === 'PARTIAL') return REFUND_STATUS_LABEL.PARTIAL;
  return REFUND_STATUS_LABEL.UNPAID;
}
