/**
 * The exit's states (the wiring owns the row and the transaction; this is the table it follows):
 *
 *   CALCULATED (已测算) ──START_FLOW──▶ FLOW_RUNNING (审批中) ──FLOW_AGREED──▶ COMPLETED (已完成: 承接 written, 退)
 *        ▲  │ RECALCULATE                    │ FLOW_REFUSED / FLOW_TERMINATED            │ PAYOUT_REGISTERED
 *        │  ▼                                ▼                                           ▼
 *   CALCULATED                          REJECTED (已驳回: nothing changes) ──RECALCULATE──▶ CALCULATED     PAID (已打款)
 *
 * START_FLOW additionally needs a fresh 测算 (the stored fingerprint equals the current inputs' one), and
 * FLOW_AGREED writes transferEntries in the same transaction; both are the wiring's checks.
 */
export const EXIT_STATUSES = ['CALCULATED', 'FLOW_RUNNING', 'COMPLETED', 'REJECTED', 'PAID'] as const;
export type ExitStatus = (typeof EXIT_STATUSES)[number];

export const EXIT_STATUS_LABEL: Record<ExitStatus, string> = {
  CALCULATED: '已测算',
  FLOW_RUNNING: '审批中',
  COMPLETED: '已完成',
  REJECTED: '已驳回',
  PAID: '已打款',
};

export type ExitEvent =
  'RECALCULATE' | 'START_FLOW' | 'FLOW_AGREED' | 'FLOW_REFUSED' | 'FLOW_TERMINATED' | 'PAYOUT_REGISTERED';

const NEXT: Record<ExitStatus, Partial<Record<ExitEvent, ExitStatus>>> = {
  CALCULATED: { RECALCULATE: 'CALCULATED', START_FLOW: 'FLOW_RUNNING' },
  FLOW_RUNNING: { FLOW_AGREED: 'COMPLETED', FLOW_REFUSED: 'REJECTED', FLOW_TERMINATED: 'REJECTED' },
  COMPLETED: { PAYOUT_REGISTERED: 'PAID' },
  REJECTED: { RECALCULATE: 'CALCULATED' },
  PAID: {},
};

const EVENT_LABEL: Record<ExitEvent, string> = {
  RECALCULATE: '重新测算',
  START_FLOW: '发起退出流程',
  FLOW_AGREED: '流程同意',
  FLOW_REFUSED: '流程驳回',
  FLOW_TERMINATED: '流程撤销',
  PAYOUT_REGISTERED: '登记打款',
};

/** The next status, or a Chinese message saying why the event does not apply. */
export function nextExitStatus(
  status: ExitStatus,
  event: ExitEvent,
): { ok: true; status: ExitStatus } | { ok: false; message: string } {
  const next = NEXT[status]?.[event];
  if (next) return { ok: true, status: next };
  const hint = status === 'CALCULATED' && event !== 'START_FLOW' ? '（须先发起退出流程并经审批完成）' : '';
  return { ok: false, message: `退出处于“${EXIT_STATUS_LABEL[status]}”状态，不能${EVENT_LABEL[event]}${hint}。` };
}
