/**
 * 缴款确认 — partial payments accumulate, overpayment is refused, a repeated request with the same idempotency key
 * changes nothing, and concurrent confirmations are detected by the version column.
 */
import type { z } from 'zod';
import type { Deps } from '../../deps';
import { assertNotOwnMoney } from '../../auth/policy';
import { Prisma } from '../../lib/db';
import { AppError, invalidState, notFound, versionConflict } from '../../lib/errors';
import type { ZPaymentConfirm } from '../../../shared/api/scheme';
import { formatDate } from '../../../shared/datetime';
import { dec, formatMoney, moneyString } from '../../../shared/money';
import { writeAudit, type AuditActor } from '../../lib/audit';
import { closeRoundIfSettled } from './close-round-if-settled';
import { toDueDto } from './dues';
import { storedStatus } from './status';

/** 缴款确认. Idempotent by key; refuses overpayment; detects a concurrent confirmation by version. */
export async function confirmPayment(
  deps: Deps,
  who: AuditActor,
  projectId: number,
  dueId: number,
  input: z.infer<typeof ZPaymentConfirm>,
) {
  const replay = async () => {
    const rec = await deps.db.paymentRecord.findUnique({
      where: { idempotencyKey: input.idempotencyKey },
      include: { paymentDue: true },
    });
    if (!rec) return null;
    if (
      rec.paymentDueId !== dueId ||
      !dec(rec.amount).equals(dec(input.amount)) ||
      formatDate(rec.paidOn) !== input.paidOn
    ) {
      throw new AppError('CONFLICT', '该确认编号已用于另一笔缴款确认，请刷新后重试', {
        idempotencyKey: input.idempotencyKey,
      });
    }
    return { ...toDueDto(rec.paymentDue), replayed: true };
  };
  const earlier = await replay();
  if (earlier) return earlier;
  try {
    return await deps.db.$transaction(async (tx) => {
      const due = await tx.paymentDue.findFirst({
        where: { id: dueId, projectId },
        include: { user: { select: { name: true } } },
      });
      if (!due) throw notFound('应缴记录');
      if (due.status === 'FORFEITED') throw invalidState(`${due.user.name} 已放弃认购，不能再确认缴款`);
      assertNotOwnMoney(who.actorId, due.userId, '不能确认本人的缴款，请由其他经营会计或业务管理员确认');
      if (due.version !== input.version) throw versionConflict('缴款记录', due.version);
      const paid = dec(due.paidAmount).plus(dec(input.amount));
      if (paid.greaterThan(dec(due.amountDue))) {
        throw new AppError(
          'UNPROCESSABLE',
          `超出应缴金额：应缴 ${formatMoney(due.amountDue)}，已缴 ${formatMoney(due.paidAmount)}，本次 ${formatMoney(input.amount)}，最多还可确认 ${formatMoney(dec(due.amountDue).minus(dec(due.paidAmount)))}`,
          { outstanding: moneyString(dec(due.amountDue).minus(dec(due.paidAmount))) },
        );
      }
      await tx.paymentRecord.create({
        data: {
          paymentDueId: dueId,
          amount: input.amount,
          paidOn: new Date(`${input.paidOn}T00:00:00Z`),
          idempotencyKey: input.idempotencyKey,
          confirmedById: who.actorId ?? 0,
          note: input.note,
        },
      });
      const status = storedStatus(due.amountDue, paid);
      const { count } = await tx.paymentDue.updateMany({
        where: { id: dueId, version: input.version },
        data: { paidAmount: moneyString(paid), status, version: { increment: 1 } },
      });
      if (!count) throw versionConflict('缴款记录', due.version);
      await writeAudit(tx, who, {
        action: 'confirm_payment',
        entity: 'PaymentDue',
        entityId: dueId,
        projectId,
        before: { paidAmount: due.paidAmount, status: due.status },
        after: {
          paidAmount: moneyString(paid),
          status,
          amount: input.amount,
          paidOn: input.paidOn,
          idempotencyKey: input.idempotencyKey,
        },
      });
      await closeRoundIfSettled(tx, due.roundPartnerId, who);
      return { ...toDueDto(await tx.paymentDue.findUniqueOrThrow({ where: { id: dueId } })), replayed: false };
    });
  } catch (err) {
    // two identical requests at once: the second hits the unique key and answers like a replay
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') {
      const again = await replay();
      if (again) return again;
    }
    throw err;
  }
}
