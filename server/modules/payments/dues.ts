import type { Deps } from '../../deps';
import { Prisma, type Tx } from '../../lib/db';
import { notFound } from '../../lib/errors';
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
    kind: d.kind,
    level: d.level,
    schemeChangeId: d.schemeChangeId,
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

/** A round named by the request (path, query or body) must be one of the path's project: else it does not exist. */
export async function assertRoundOfProject(db: Deps['db'] | Tx, projectId: number, roundId: number): Promise<void> {
  const round = await db.subscriptionRound.findFirst({ where: { id: roundId, projectId }, select: { id: true } });
  if (!round) throw notFound('认购轮次');
}

export async function listDues(deps: Deps, projectId: number, roundId?: number) {
  if (roundId) await assertRoundOfProject(deps.db, projectId, roundId);
  const rows = await deps.db.paymentDue.findMany({
    where: { projectId, ...(roundId ? { roundPartner: { roundId } } : {}) },
    orderBy: { id: 'asc' },
    include: {
      user: { select: { id: true, name: true, dingUserId: true } },
      project: { select: { id: true, name: true } },
      records: { orderBy: { id: 'asc' } },
    },
  });
  const receipts = await deps.db.attachment.findMany({
    where: { ownerType: 'PAYMENT_RECEIPT', ownerId: { in: rows.map((r) => r.id) } },
    select: { id: true, ownerId: true, fileName: true, mime: true, size: true, createdAt: true },
    orderBy: { id: 'asc' },
  });
  return rows.map((r) => ({
    ...toDueDto(r),
    receipts: receipts
      .filter((x) => x.ownerId === r.id)
      .map((x) => ({
        id: x.id,
        fileName: x.fileName,
        mime: x.mime,
        size: x.size,
        createdAt: x.createdAt.toISOString(),
      })),
    records: r.records.map((x) => ({
      id: x.id,
      amount: moneyString(x.amount),
      paidOn: formatDate(x.paidOn),
      createdAt: x.createdAt.toISOString(),
    })),
  }));
}

/** The stored receipt of a due (the latest, or `receiptId`), for the accountant's download. */
export async function dueReceipt(deps: Deps, projectId: number, dueId: number, receiptId?: number) {
  const due = await deps.db.paymentDue.findFirst({
    where: { id: dueId, projectId },
    select: { id: true, user: { select: { name: true } } },
  });
  if (!due) throw notFound('应缴记录');
  const file = await deps.db.attachment.findFirst({
    where: { ownerType: 'PAYMENT_RECEIPT', ownerId: dueId, ...(receiptId ? { id: receiptId } : {}) },
    orderBy: { id: 'desc' },
  });
  if (!file) throw notFound('付款凭证');
  const ext = file.mime === 'application/pdf' ? 'pdf' : file.mime === 'image/png' ? 'png' : 'jpg';
  // a safe name: no path, no quotes or control characters; the partner's name and the due id make it findable
  const fileName = `付款凭证-${due.user.name.replace(/[^\p{L}\p{N}_-]/gu, '_')}-${dueId}-${file.id}.${ext}`;
  return { fileName, mime: file.mime, body: Buffer.from(file.data) };
}
