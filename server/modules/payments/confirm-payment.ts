/**
 * 缴款确认 — partial payments accumulate, overpayment is refused, a repeated request with the same idempotency key
 * changes nothing, and concurrent confirmations are detected by the version column. One use case for every kind of
 * due: 认购缴款 (INITIAL) and 补缴 (TOPUP) record money received (a PAYMENT ledger entry, paidDelta > 0); 退款 (REFUND)
 * records money paid back (a REFUND ledger entry, paidDelta < 0), never more than the refund due.
 */
import type { z } from 'zod';
import type { Deps } from '../../deps';
import { assertNotOwnMoney } from '../../auth/policy';
import { Prisma } from '../../lib/db';
import { AppError, invalidState, notFound, versionConflict } from '../../lib/errors';
import type { ZPaymentConfirm } from '../../../shared/api/scheme';
import { formatDate, shanghaiDay } from '../../../shared/datetime';
import { appendCapitalEntries } from '../capital/append-capital-entries';
import { dec, formatMoney, moneyString } from '../../../shared/money';
import { writeAudit, type AuditActor } from '../../lib/audit';
import { closeRoundIfSettled } from './close-round-if-settled';
import { toDueDto } from './dues';
import { displayStatus, storedStatus } from './status';

/**
 * The stored key: the client's key scoped to the caller, the project and the due. A key only ever replays the
 * caller's own confirmation of that due in that project; the same key elsewhere is another confirmation.
 */
export const scopedPaymentKey = (actorId: number | null | undefined, projectId: number, dueId: number, key: string) =>
  `${actorId ?? 0}/${projectId}/${dueId}/${key}`;

/** 缴款确认. Idempotent by key; refuses overpayment; detects a concurrent confirmation by version. */
export async function confirmPayment(
  deps: Deps,
  who: AuditActor,
  projectId: number,
  dueId: number,
  input: z.infer<typeof ZPaymentConfirm>,
) {
  const key = scopedPaymentKey(who.actorId, projectId, dueId, input.idempotencyKey);
  const replay = async () => {
    const rec = await deps.db.paymentRecord.findUnique({
      where: { idempotencyKey: key },
      include: { paymentDue: true },
    });
    if (!rec || rec.paymentDue.projectId !== projectId || rec.paymentDueId !== dueId) return null;
    if (!dec(rec.amount).equals(dec(input.amount)) || formatDate(rec.paidOn) !== input.paidOn) {
      throw new AppError('CONFLICT', '该确认编号已用于另一笔缴款确认，请刷新后重试', {
        idempotencyKey: input.idempotencyKey,
      });
    }
    // the original answer: the due as this confirmation left it (later confirmations do not show through)
    const upTo = await deps.db.paymentRecord.findMany({
      where: { paymentDueId: rec.paymentDueId, id: { lte: rec.id } },
      select: { amount: true },
    });
    const paidThen = upTo.reduce((s, r) => s.plus(dec(r.amount)), dec(0));
    const dto = toDueDto(rec.paymentDue);
    const storedThen = storedStatus(rec.paymentDue.amountDue, paidThen);
    return {
      ...dto,
      paidAmount: moneyString(paidThen),
      outstanding: moneyString(dec(rec.paymentDue.amountDue).minus(paidThen)),
      storedStatus: storedThen,
      status: displayStatus(storedThen, formatDate(rec.paymentDue.dueDate)),
      version: input.version + 1,
      replayed: true,
    };
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
      if (input.paidOn > shanghaiDay())
        throw new AppError(
          'UNPROCESSABLE',
          `缴款日期 ${input.paidOn} 晚于今天（${shanghaiDay()}），不能确认未来的缴款`,
          {
            field: 'paidOn',
          },
        );
      const paid = dec(due.paidAmount).plus(dec(input.amount));
      const refund = due.kind === 'REFUND';
      if (paid.greaterThan(dec(due.amountDue))) {
        if (refund)
          throw new AppError(
            'UNPROCESSABLE',
            `超出应退金额：应退 ${formatMoney(due.amountDue)}，已退 ${formatMoney(due.paidAmount)}，本次 ${formatMoney(input.amount)}，最多还可确认 ${formatMoney(dec(due.amountDue).minus(dec(due.paidAmount)))}`,
            { outstanding: moneyString(dec(due.amountDue).minus(dec(due.paidAmount))) },
          );
        throw new AppError(
          'UNPROCESSABLE',
          `超出应缴金额：应缴 ${formatMoney(due.amountDue)}，已缴 ${formatMoney(due.paidAmount)}，本次 ${formatMoney(input.amount)}，最多还可确认 ${formatMoney(dec(due.amountDue).minus(dec(due.paidAmount)))}`,
          { outstanding: moneyString(dec(due.amountDue).minus(dec(due.paidAmount))) },
        );
      }
      const record = await tx.paymentRecord.create({
        data: {
          paymentDueId: dueId,
          amount: input.amount,
          paidOn: new Date(`${input.paidOn}T00:00:00Z`),
          idempotencyKey: key,
          confirmedById: who.actorId ?? 0,
          note: input.note,
        },
      });
      // the ledger entry of this confirmation, in the same transaction (its key is the record's)
      const amount = dec(input.amount);
      const { entries } = await appendCapitalEntries(tx, {
        projectId,
        actor: who,
        reason: refund ? '退款确认' : due.kind === 'TOPUP' ? '补缴确认' : '缴款确认',
        entries: [
          {
            level: due.level,
            holder: 'PARTNER',
            userId: due.userId,
            kind: refund ? 'REFUND' : 'PAYMENT',
            committedDelta: dec(0),
            paidDelta: refund ? amount.negated() : amount,
            interestDelta: dec(0),
            valueDate: input.paidOn,
            roundPartnerId: due.roundPartnerId,
            adjustmentId: due.schemeChangeId,
            paymentDueId: due.id,
            idempotencyKey: `payment-record:${record.id}`,
            note: `${refund ? '退款' : due.kind === 'TOPUP' ? '补缴' : '缴款'}确认 ${input.idempotencyKey}`,
          },
        ],
      });
      await tx.paymentRecord.update({ where: { id: record.id }, data: { capitalEntryId: entries[0]!.id } });
      const status = storedStatus(due.amountDue, paid);
      const { count } = await tx.paymentDue.updateMany({
        where: { id: dueId, version: input.version },
        data: { paidAmount: moneyString(paid), status, version: { increment: 1 } },
      });
      if (!count) throw versionConflict('缴款记录', due.version);
      await writeAudit(tx, who, {
        action: refund ? 'confirm_refund' : due.kind === 'TOPUP' ? 'confirm_topup' : 'confirm_payment',
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
    // two identical requests at once: the second hits the unique key, or reads the due after the first committed
    // (a version conflict); either way the first one's answer is the answer
    if (
      (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') ||
      (err instanceof AppError && err.code === 'VERSION_CONFLICT')
    ) {
      const again = await replay();
      if (again) return again;
    }
    throw err;
  }
}
