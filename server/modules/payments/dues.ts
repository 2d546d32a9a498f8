import type { Deps } from '../../deps';
import { Prisma } from '../../lib/db';
import { formatDate } from '../../../shared/datetime';
import { dec, moneyString } from '../../../shared/money';
import { displayStatus } from './status';

/** @db.Date values are UTC midnight of the calendar day. */
export const day = (d: Date) => d.toISOString().slice(0, 10);

type DueWithUser = Prisma.PaymentDueGetPayload<{
  include: {
    user: { select: { id: true; name: true; dingUserId: true } };
    project: { select: { id: true; name: true } };
  };
}>;

export function toDueDto(d: DueWithUser | Prisma.PaymentDueGetPayload<object>) {
  return {
    id: d.id,
    projectId: d.projectId,
    userId: d.userId,
    amountDue: moneyString(d.amountDue),
    paidAmount: moneyString(d.paidAmount),
    outstanding: moneyString(dec(d.amountDue).minus(dec(d.paidAmount))),
    dueDate: formatDate(d.dueDate),
    storedStatus: d.status,
    status: displayStatus(d.status, day(d.dueDate)),
    noticeSentAt: d.noticeSentAt?.toISOString() ?? null,
    lastReminderAt: d.lastReminderAt?.toISOString() ?? null,
    partnerMarkedPaidAt: d.partnerMarkedPaidAt?.toISOString() ?? null,
    version: d.version,
    ...('user' in d ? { user: { id: d.user.id, name: d.user.name } } : {}),
  };
}

export async function listDues(deps: Deps, projectId: number, roundId?: number) {
  const rows = await deps.db.paymentDue.findMany({
    where: { projectId, ...(roundId ? { roundPartner: { roundId } } : {}) },
    orderBy: { id: 'asc' },
    include: {
      user: { select: { id: true, name: true, dingUserId: true } },
      project: { select: { id: true, name: true } },
      records: { orderBy: { id: 'asc' } },
    },
  });
  return rows.map((r) => ({
    ...toDueDto(r),
    records: r.records.map((x) => ({
      id: x.id,
      amount: moneyString(x.amount),
      paidOn: formatDate(x.paidOn),
      createdAt: x.createdAt.toISOString(),
    })),
  }));
}
