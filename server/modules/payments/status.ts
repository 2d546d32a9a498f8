/** 未缴 / 部分缴款 / 已缴 / 逾期 / 已放弃 as people see them: 逾期 is an unpaid or partly paid amount past its due date. */
import { dec, type MoneyInput } from '../../../shared/money';
import { shanghaiDay } from '../../../shared/datetime';
import type { TPaymentStatus } from '../../../shared/api/scheme';

export type StoredPaymentStatus = 'UNPAID' | 'PARTIAL' | 'PAID' | 'FORFEITED';

export function storedStatus(amountDue: MoneyInput, paid: MoneyInput): StoredPaymentStatus {
  const p = dec(paid);
  if (p.isZero()) return 'UNPAID';
  return p.greaterThanOrEqualTo(dec(amountDue)) ? 'PAID' : 'PARTIAL';
}

/** dueDate is a calendar day (YYYY-MM-DD); the amount is overdue from the next Shanghai day on. */
export function displayStatus(status: StoredPaymentStatus, dueDay: string, now: Date = new Date()): TPaymentStatus {
  if (status === 'PAID' || status === 'FORFEITED') return status;
  return shanghaiDay(now) > dueDay ? 'OVERDUE' : status;
}

/** The days (YYYY-MM-DD, Shanghai) on which reminders go out: N days before the due day, for each offset. */
export function reminderDays(dueDay: string, offsets: number[]): string[] {
  const base = Date.parse(`${dueDay}T00:00:00Z`);
  return [...new Set(offsets)].map((d) => new Date(base - d * 86_400_000).toISOString().slice(0, 10)).sort();
}
