/**
 * 发送签署提醒: a work notice, through the outbox, to each partner of the round with a document waiting for their
 * signature; its action card opens the mini-program's 协议 page of the project. At most one per partner per day
 * (dedupe key with the date, which the text also carries: DingTalk drops identical content sent twice a day).
 */
import type { Deps } from '../../deps';
import { writeAudit, type AuditActor } from '../../lib/audit';
import { TRANSACTION_OPTIONS } from '../../lib/db';
import { invalidState } from '../../lib/errors';
import { eappUrl } from '../../../shared/deeplinks';
import { shanghaiDay } from '../../../shared/datetime';
import { formatMoney } from '../../../shared/money';
import type { TAgreementRemindersSent } from '../../../shared/api/agreements';
import { createNotificationBatch, enqueueNotifications } from '../notify/outbox';
import { projectInfo, roundUsers, versionsOf } from './repository';
import { currentVersions } from './views';

export async function sendAgreementReminders(
  deps: Deps,
  actor: AuditActor,
  projectId: number,
  roundId: number,
): Promise<TAgreementRemindersSent> {
  const project = await projectInfo(deps.db, projectId);
  const { users } = await roundUsers(deps.db, projectId, roundId);
  const versions = await versionsOf(
    deps.db,
    projectId,
    users.map((u) => u.id),
  );
  const today = shanghaiDay();
  const targets = users.flatMap((u) => {
    const pending = currentVersions(versions.filter((v) => v.userId === u.id)).filter((v) => v.status === 'PENDING');
    return pending.length && u.dingUserId && u.status === 'ACTIVE' ? [{ user: u, pending }] : [];
  });
  const unsigned = users.filter((u) =>
    currentVersions(versions.filter((v) => v.userId === u.id)).some((v) => v.status === 'PENDING'),
  ).length;
  if (!targets.length) throw invalidState('没有待签署协议的合伙人，无需提醒');
  await deps.db.$transaction(async (tx) => {
    const batch = await createNotificationBatch(tx, {
      kind: 'agreement_reminder',
      title: `${project.name} 协议签署提醒`,
      projectId,
      createdById: actor.actorId ?? undefined,
    });
    await enqueueNotifications(
      tx,
      targets.map(({ user, pending }) => {
        const list = pending
          .map((v) => `- ${v.title}（${v.number}，认缴 ${formatMoney(v.amount.toString())}）`)
          .join('\n');
        return {
          channel: 'WORK' as const,
          kind: 'agreement_reminder',
          userId: user.id,
          dingUserId: user.dingUserId!,
          dedupeKey: `agreement:${projectId}:${user.id}:reminder:${today}`,
          msg: {
            msgtype: 'action_card' as const,
            action_card: {
              title: `【协议签署】${project.name}`,
              markdown:
                `### 【协议签署】${project.name}\n\n${user.name}，您有 ${pending.length} 份协议待签署（${today}）：\n\n${list}\n\n` +
                '请在小程序中阅读协议后确认签署。',
              single_title: '查看并签署',
              single_url: eappUrl('agreement', { projectId }),
            },
          },
        };
      }),
      { batchId: batch.id },
    );
    await writeAudit(tx, actor, {
      action: 'send_agreement_reminders',
      entity: 'Agreement',
      entityId: null,
      projectId,
      after: { roundId, recipients: targets.map((t) => t.user.id), day: today },
    });
  }, TRANSACTION_OPTIONS);
  return { recipients: targets.length, skipped: unsigned - targets.length };
}
