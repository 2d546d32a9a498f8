/** 缴款通知: one of the caller's dues with the payee account. */
import { DUE_KIND_LABEL } from '../../../shared/api/labels';
import type { Deps } from '../../deps';
import type { Actor } from '../../auth/actor';
import { notFound } from '../../lib/errors';
import { formatDate } from '../../../shared/datetime';
import { dec, moneyString } from '../../../shared/money';
import { displayStatus } from '../payments/status';
import { day } from './status';

export async function myPaymentNotice(deps: Deps, actor: Actor, dueId: number) {
  const d = await deps.db.paymentDue.findFirst({
    where: { id: dueId, userId: actor.userId },
    include: {
      project: { select: { id: true, name: true, scheme: true } },
      roundPartner: { select: { round: { select: { title: true } } } },
    },
  });
  if (!d) throw notFound('缴款通知');
  const receipts = await deps.db.attachment.findMany({
    where: { ownerType: 'PAYMENT_RECEIPT', ownerId: d.id },
    select: { id: true, createdAt: true },
    orderBy: { id: 'asc' },
  });
  const s = d.project.scheme;
  return {
    noticeId: d.id,
    projectId: d.projectId,
    projectName: d.project.name,
    title: d.roundPartner ? `${d.roundPartner.round.title}缴款` : DUE_KIND_LABEL[d.kind],
    dueAmount: moneyString(d.amountDue),
    paidAmount: moneyString(d.paidAmount),
    outstanding: moneyString(dec(d.amountDue).minus(dec(d.paidAmount))),
    dueDate: formatDate(d.dueDate),
    status: displayStatus(d.status, day(d.dueDate)),
    payee: {
      accountName: s?.payeeName ?? '',
      bankName: s?.payeeBank ?? '',
      branchName: null,
      accountNo: s?.payeeAccount ?? '',
    },
    markedPaidAt: d.partnerMarkedPaidAt?.toISOString() ?? null,
    receipts: receipts.map((r) => ({ id: r.id, uploadedAt: r.createdAt.toISOString() })),
  };
}
