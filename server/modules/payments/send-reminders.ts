import type { Deps } from '../../deps';
import { assertRoundOfProject } from './dues';
import { shanghaiDay } from '../../../shared/datetime';
import { writeAudit, type AuditActor } from '../../lib/audit';
import { createNotificationBatch, enqueueNotifications } from '../notify/outbox';
import { payeeText, paymentCard } from './payment-card';
import { currentTemplate } from '../templates';

/** 催缴 to everyone not fully paid; at most one reminder per person per day (the text carries the date and amount). */
export async function sendReminders(
  deps: Deps,
  who: AuditActor,
  projectId: number,
  filter: { roundId?: number; dueIds?: number[] } = {},
) {
  return deps.db.$transaction(async (tx) => {
    // another project's round is not one of this project's (404), rather than a quiet "nobody to remind"
    if (filter.roundId) await assertRoundOfProject(tx, projectId, filter.roundId);
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
      include: { user: { select: { name: true, dingUserId: true } } },
    });
    const today = shanghaiDay();
    const template = await currentTemplate(tx, 'PAYMENT_REMINDER');
    const targets = dues.filter((d) => d.user.dingUserId);
    // the day's 催缴 as one 通知记录 batch (none when everyone was already reminded today)
    const fresh = targets.length
      ? await tx.notification.findMany({
          where: { dedupeKey: { in: targets.map((d) => `payment:${d.id}:reminder:${today}`) } },
          select: { dedupeKey: true },
        })
      : [];
    const batch =
      fresh.length < targets.length
        ? await createNotificationBatch(tx, {
            kind: 'payment_reminder',
            title: `${project.name} 催缴（${today}）`,
            projectId,
            createdById: who.actorId ?? undefined,
          })
        : undefined;
    const { created } = await enqueueNotifications(
      tx,
      targets.map((d) => ({
        channel: 'WORK' as const,
        kind: 'payment_reminder',
        userId: d.userId,
        dingUserId: d.user.dingUserId!,
        dedupeKey: `payment:${d.id}:reminder:${today}`,
        ...paymentCard(template, project.name, d, payeeText(scheme), 'reminder'),
      })),
      { batchId: batch?.id },
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
