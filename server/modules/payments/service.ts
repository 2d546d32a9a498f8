/**
 * 缴款: amounts due once a round's flow completes, 缴款通知 (a test send to oneself first), 催缴 by hand and on a
 * schedule, and 缴款确认 — partial payments accumulate, overpayment is refused, a repeated request with the same
 * idempotency key changes nothing, and concurrent confirmations are detected by the version column.
 */
import type { z } from 'zod';
import type { Deps } from '../../deps';
import { Prisma, type Tx } from '../../lib/db';
import { AppError, invalidState, notFound, versionConflict } from '../../lib/errors';
import type { ZPaymentConfirm } from '../../../shared/api/scheme';
import { eappUrl } from '../../../shared/deeplinks';
import { formatDate, shanghaiDay } from '../../../shared/datetime';
import { dec, formatMoney, moneyString } from '../../../shared/money';
import { writeAudit, systemActor, type AuditActor } from '../audit/audit';
import { createNotificationBatch, enqueueNotifications } from '../notify/outbox';
import { displayStatus, reminderDays, storedStatus } from './status';

const day = (d: Date) => d.toISOString().slice(0, 10); // @db.Date values are UTC midnight of the calendar day

/** The 事业合伙立项 / 补充立项 flow completed: the round is confirmed and each partner owes their 投资明细. */
export async function confirmRound(tx: Tx, _deps: Deps, roundId: number): Promise<void> {
  const round = await tx.subscriptionRound.findUniqueOrThrow({ where: { id: roundId } });
  if (round.status !== 'APPROVED') throw invalidState('认购方案未审核通过');
  const scheme = await tx.projectScheme.findUniqueOrThrow({ where: { projectId: round.projectId } });
  // Partners get at least paymentDueDays from today to pay: a planned due date that approvals have overtaken moves out.
  const earliest = new Date(`${shanghaiDay(Date.now() + scheme.paymentDueDays * 86_400_000)}T00:00:00Z`);
  const dueDate = round.dueDate && round.dueDate >= earliest ? round.dueDate : earliest;
  const lines = await tx.roundPartner.findMany({ where: { roundId, investedAmount: { gt: 0 } } });
  await tx.paymentDue.createMany({
    data: lines.map((l) => ({
      roundPartnerId: l.id,
      projectId: round.projectId,
      userId: l.userId,
      amountDue: l.investedAmount!,
      dueDate,
    })),
    skipDuplicates: true,
  });
  await tx.subscriptionRound.update({
    where: { id: roundId },
    data: { status: 'CONFIRMED', dueDate, version: { increment: 1 } },
  });
  await writeAudit(tx, systemActor('立项流程完成'), {
    action: 'confirm',
    entity: 'SubscriptionRound',
    entityId: roundId,
    projectId: round.projectId,
    before: { status: round.status },
    after: {
      status: 'CONFIRMED',
      dueDate,
      dues: lines.map((l) => ({ userId: l.userId, amountDue: l.investedAmount })),
    },
  });
}

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

function payeeText(s: { payeeName: string | null; payeeBank: string | null; payeeAccount: string | null }) {
  return s.payeeAccount ? `${s.payeeName ?? ''} ${s.payeeBank ?? ''} ${s.payeeAccount}` : '请联系城市公司经营会计';
}

function paymentCard(
  projectName: string,
  d: { id: number; amountDue: unknown; paidAmount: unknown; dueDate: Date },
  payee: string,
  kind: 'notice' | 'reminder' | 'test',
) {
  const outstanding = dec(String(d.amountDue)).minus(dec(String(d.paidAmount)));
  const title = kind === 'reminder' ? `${projectName} 催缴通知` : `${projectName} 缴款通知`;
  return {
    msgtype: 'action_card' as const,
    action_card: {
      title: kind === 'test' ? `【测试】${title}` : title,
      markdown: `### ${kind === 'test' ? '【测试】' : ''}${title}\n\n应缴金额：${formatMoney(d.amountDue as string)}\n\n${kind === 'reminder' ? `尚欠金额：${formatMoney(outstanding)}\n\n` : ''}缴款截止：${formatDate(d.dueDate)}\n\n收款账户：${payee}${kind === 'reminder' ? `\n\n（${shanghaiDay()} 提醒）` : ''}`,
      single_title: '查看缴款',
      single_url: eappUrl('payment', { noticeId: d.id }),
    },
  };
}

/** 缴款通知. `test`: the caller receives one sample notice first, nothing is marked sent. */
export async function sendPaymentNotices(
  deps: Deps,
  who: AuditActor,
  senderUserId: number,
  projectId: number,
  roundId: number,
  test: boolean,
) {
  return deps.db.$transaction(async (tx) => {
    const round = await tx.subscriptionRound.findFirst({ where: { id: roundId, projectId } });
    if (!round) throw notFound('认购轮次');
    if (!['CONFIRMED', 'CLOSED'].includes(round.status)) throw invalidState('立项流程完成后才能发送缴款通知');
    const project = await tx.project.findUniqueOrThrow({ where: { id: projectId }, select: { name: true } });
    const scheme = await tx.projectScheme.findUniqueOrThrow({ where: { projectId } });
    const dues = await tx.paymentDue.findMany({
      where: { projectId, roundPartner: { roundId } },
      include: { user: { select: { id: true, name: true, dingUserId: true } } },
      orderBy: { id: 'asc' },
    });
    if (!dues.length) throw invalidState('该轮次没有应缴记录');
    const payee = payeeText(scheme);
    const overdue = dues.find((d) => day(d.dueDate) < shanghaiDay());
    if (overdue && !test)
      throw invalidState(`缴款截止日 ${formatDate(overdue.dueDate)} 已过，请先调整缴款截止日再发送缴款通知`);
    if (test) {
      const sender = await tx.user.findUniqueOrThrow({ where: { id: senderUserId }, select: { dingUserId: true } });
      if (!sender.dingUserId) throw invalidState('您的账号未绑定钉钉，无法接收测试消息');
      const stamp = Date.now();
      const sample = paymentCard(project.name, dues[0]!, payee, 'test');
      sample.action_card.markdown += `\n\n（样例：${dues[0]!.user.name}，${new Date(stamp).toISOString()}）`;
      await enqueueNotifications(
        tx,
        [
          {
            channel: 'WORK',
            kind: 'payment_notice_test',
            userId: senderUserId,
            dingUserId: sender.dingUserId,
            dedupeKey: `payment:round:${roundId}:test:${stamp}`,
            msg: sample,
          },
        ],
        { allowSameDayDuplicate: true },
      );
      await writeAudit(tx, who, {
        action: 'send_payment_notice_test',
        entity: 'SubscriptionRound',
        entityId: roundId,
        projectId,
      });
      return { test: true, recipients: 1 };
    }
    const targets = dues.filter((d) => !d.noticeSentAt && d.user.dingUserId && d.status !== 'PAID');
    if (!targets.length) throw invalidState('缴款通知已全部发送');
    const batch = await createNotificationBatch(tx, {
      kind: 'payment_notice',
      title: `${project.name} 缴款通知`,
      projectId,
      createdById: senderUserId,
    });
    await enqueueNotifications(
      tx,
      targets.map((d) => ({
        channel: 'WORK' as const,
        kind: 'payment_notice',
        userId: d.userId,
        dingUserId: d.user.dingUserId!,
        dedupeKey: `payment:${d.id}:notice`,
        msg: paymentCard(project.name, d, payee, 'notice'),
      })),
      { batchId: batch.id },
    );
    // sending a notice is not an edit of the amount: no version bump, so an open 缴款确认 screen stays valid
    await tx.paymentDue.updateMany({
      where: { id: { in: targets.map((d) => d.id) } },
      data: { noticeSentAt: new Date() },
    });
    await writeAudit(tx, who, {
      action: 'send_payment_notices',
      entity: 'SubscriptionRound',
      entityId: roundId,
      projectId,
      after: { recipients: targets.length, batchId: batch.id },
    });
    return { test: false, recipients: targets.length, batchId: batch.id };
  });
}

/** 催缴 to everyone not fully paid; at most one reminder per person per day (the text carries the date and amount). */
export async function sendReminders(
  deps: Deps,
  who: AuditActor,
  projectId: number,
  filter: { roundId?: number; dueIds?: number[] } = {},
) {
  return deps.db.$transaction(async (tx) => {
    const project = await tx.project.findUniqueOrThrow({ where: { id: projectId }, select: { name: true } });
    const scheme = await tx.projectScheme.findUniqueOrThrow({ where: { projectId } });
    const dues = await tx.paymentDue.findMany({
      where: {
        projectId,
        status: { in: ['UNPAID', 'PARTIAL'] },
        noticeSentAt: { not: null },
        ...(filter.roundId ? { roundPartner: { roundId: filter.roundId } } : {}),
        ...(filter.dueIds ? { id: { in: filter.dueIds } } : {}),
      },
      include: { user: { select: { dingUserId: true } } },
    });
    const today = shanghaiDay();
    const targets = dues.filter((d) => d.user.dingUserId);
    const { created } = await enqueueNotifications(
      tx,
      targets.map((d) => ({
        channel: 'WORK' as const,
        kind: 'payment_reminder',
        userId: d.userId,
        dingUserId: d.user.dingUserId!,
        dedupeKey: `payment:${d.id}:reminder:${today}`,
        msg: paymentCard(project.name, d, payeeText(scheme), 'reminder'),
      })),
    );
    if (targets.length)
      await tx.paymentDue.updateMany({
        where: { id: { in: targets.map((d) => d.id) } },
        data: { lastReminderAt: new Date() },
      });
    if (created)
      await writeAudit(tx, who, {
        action: 'send_reminders',
        entity: 'Project',
        entityId: projectId,
        projectId,
        after: { reminded: created, day: today },
      });
    return { reminded: created, alreadyRemindedToday: targets.length - created };
  });
}

/** The daily schedule: reminders on the configured days before the due day; voluntary no-shows deemed to give up. */
export async function runDailyPaymentDuties(deps: Deps, now = new Date()) {
  const today = shanghaiDay(now);
  const open = await deps.db.paymentDue.findMany({
    where: { status: { in: ['UNPAID', 'PARTIAL'] }, noticeSentAt: { not: null } },
    include: { project: { select: { scheme: true } }, roundPartner: { select: { category: true } } },
  });
  const byProject = new Map<number, number[]>();
  let forfeited = 0;
  for (const d of open) {
    const scheme = d.project.scheme;
    if (!scheme) continue;
    const due = day(d.dueDate);
    if (today > due && d.status === 'UNPAID' && d.roundPartner.category === 'VOLUNTARY' && scheme.voluntaryForfeit) {
      await deps.db.$transaction(async (tx) => {
        const { count } = await tx.paymentDue.updateMany({
          where: { id: d.id, status: 'UNPAID', version: d.version },
          data: { status: 'FORFEITED', version: { increment: 1 } },
        });
        if (!count) return;
        forfeited += count;
        await writeAudit(tx, systemActor('缴款逾期'), {
          action: 'forfeit',
          entity: 'PaymentDue',
          entityId: d.id,
          projectId: d.projectId,
          before: { status: 'UNPAID' },
          after: { status: 'FORFEITED', dueDate: due },
        });
        const partner = await tx.user.findUniqueOrThrow({ where: { id: d.userId }, select: { dingUserId: true } });
        const project = await tx.project.findUniqueOrThrow({ where: { id: d.projectId }, select: { name: true } });
        if (partner.dingUserId) {
          await enqueueNotifications(tx, [
            {
              channel: 'WORK',
              kind: 'payment_forfeited',
              userId: d.userId,
              dingUserId: partner.dingUserId,
              dedupeKey: `payment:${d.id}:forfeited`,
              msg: {
                msgtype: 'text',
                text: {
                  content: `【${project.name}】您认购的 ${formatMoney(d.amountDue)} 未在缴款截止日 ${due} 前缴款，按方案视为放弃认购；如有疑问请联系城市公司经营会计。`,
                },
              },
            },
          ]);
        }
        await closeRoundIfSettled(tx, d.roundPartnerId, systemActor('缴款逾期'));
      });
      continue;
    }
    if (reminderDays(due, scheme.reminderOffsetsDays).includes(today))
      byProject.set(d.projectId, [...(byProject.get(d.projectId) ?? []), d.id]);
  }
  let reminded = 0;
  for (const [projectId, dueIds] of byProject)
    reminded += (await sendReminders(deps, systemActor('定时催缴'), projectId, { dueIds })).reminded;
  return { reminded, forfeited };
}

/** A round is 已完成 once nothing in it is left to pay. Locks the round row so two last payments cannot both miss it. */
async function closeRoundIfSettled(tx: Tx, roundPartnerId: number, who: AuditActor): Promise<void> {
  const { roundId } = await tx.roundPartner.findUniqueOrThrow({
    where: { id: roundPartnerId },
    select: { roundId: true },
  });
  await tx.$queryRaw`SELECT id FROM "SubscriptionRound" WHERE id = ${roundId} FOR UPDATE`;
  const round = await tx.subscriptionRound.findUniqueOrThrow({
    where: { id: roundId },
    select: { status: true, projectId: true },
  });
  if (round.status !== 'CONFIRMED') return;
  const open = await tx.paymentDue.count({
    where: { roundPartner: { roundId }, status: { in: ['UNPAID', 'PARTIAL'] } },
  });
  if (open) return;
  await tx.subscriptionRound.update({ where: { id: roundId }, data: { status: 'CLOSED', version: { increment: 1 } } });
  await writeAudit(tx, who, {
    action: 'close',
    entity: 'SubscriptionRound',
    entityId: roundId,
    projectId: round.projectId,
    before: { status: 'CONFIRMED' },
    after: { status: 'CLOSED' },
  });
}

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
      if (due.userId === who.actorId)
        throw new AppError('FORBIDDEN', '不能确认本人的缴款，请由其他经营会计或业务管理员确认');
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
