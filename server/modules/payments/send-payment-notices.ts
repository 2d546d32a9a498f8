import type { Deps } from '../../deps';
import { invalidState, notFound } from '../../lib/errors';
import { formatDate, formatDateTimeSeconds, shanghaiDay } from '../../../shared/datetime';
import { consoleUrl } from '../../lib/console-url';
import { writeAudit, type AuditActor } from '../../lib/audit';
import { createNotificationBatch, enqueueNotifications } from '../notify/outbox';
import { day } from './dues';
import { payeeText, paymentCard } from './payment-card';
import { currentTemplate } from '../templates';

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
      // the sender's own notice when they owe in this round (its button opens it); else a partner's as the sample,
      // whose button opens this project's 缴款 in the console (a partner's notice opens for that partner only)
      const own = dues.find((d) => d.user.id === senderUserId);
      const sampleDue = own ?? dues[0]!;
      const template = await currentTemplate(tx, 'PAYMENT_NOTICE');
      const { msg: sample, templateVersionId } = paymentCard(template, project.name, sampleDue, payee, 'test');
      sample.action_card.markdown += `\n\n（样例：${sampleDue.user.name}，发送于 ${formatDateTimeSeconds(stamp)}）`;
      if (!own) {
        sample.action_card.single_title = '在管理后台查看缴款';
        sample.action_card.single_url = consoleUrl(deps, `business/payments?projectId=${projectId}`);
      }
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
            templateVersionId,
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
    const template = await currentTemplate(tx, 'PAYMENT_NOTICE');
    await enqueueNotifications(
      tx,
      targets.map((d) => ({
        channel: 'WORK' as const,
        kind: 'payment_notice',
        userId: d.userId,
        dingUserId: d.user.dingUserId!,
        dedupeKey: `payment:${d.id}:notice`,
        ...paymentCard(template, project.name, d, payee, 'notice'),
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
