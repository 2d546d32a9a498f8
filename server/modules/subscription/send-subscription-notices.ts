import type { Deps } from '../../deps';
import { invalidState } from '../../lib/errors';
import { CATEGORY_LABEL, LEVEL_LABEL } from '../../../shared/api/scheme';
import { eappUrl } from '../../../shared/deeplinks';
import type { AuditActor } from '../../lib/audit';
import { createNotificationBatch, enqueueNotifications } from '../notify/outbox';
import { loadRound, projectName } from './repository';
import { currentTemplate, renderVersion } from '../templates';
import { assertRoundIn, transitionRound } from './round-state';

/** 认购通知: an action card that opens the subscription page; sent to partners who have not answered yet. */
export async function sendSubscriptionNotices(deps: Deps, who: AuditActor, projectId: number, roundId: number) {
  return deps.db.$transaction(async (tx) => {
    const round = await loadRound(tx, projectId, roundId);
    assertRoundIn(round, ['DRAFT', 'OPEN'], '发送认购通知');
    if (round.deadline <= new Date()) throw invalidState('认购已截止，不能再发送认购通知');
    const name = await projectName(tx, projectId);
    const lines = await tx.roundPartner.findMany({
      where: { roundId, subscribedAmount: null },
      select: {
        id: true,
        level: true,
        category: true,
        minAmount: true,
        maxAmount: true,
        user: { select: { id: true, name: true, dingUserId: true, status: true } },
      },
    });
    const targets = lines.filter((l) => l.user.dingUserId && l.user.status === 'ACTIVE');
    if (!targets.length) throw invalidState('没有需要通知的合伙人（名单为空或都已认购）');
    const batch = await createNotificationBatch(tx, {
      kind: 'subscription_notice',
      title: `${name} ${round.title} 认购通知`,
      projectId,
      createdById: who.actorId ?? undefined,
    });
    const url = eappUrl('subscribe', { projectId });
    const sentAt = new Date();
    const template = await currentTemplate(tx, 'SUBSCRIPTION_NOTICE');
    await enqueueNotifications(
      tx,
      targets.map((l) => {
        const r = renderVersion(template, {
          姓名: l.user.name,
          项目名称: name,
          轮次: round.title,
          认购下限: l.minAmount,
          认购上限: l.maxAmount,
          认购类别: CATEGORY_LABEL[l.category],
          跟投层级: LEVEL_LABEL[l.level],
          认购截止: round.deadline,
          发出时间: sentAt,
        });
        return {
          channel: 'WORK' as const,
          kind: 'subscription_notice',
          userId: l.user.id,
          dingUserId: l.user.dingUserId!,
          dedupeKey: `round:${roundId}:notice:${l.id}:${sentAt.getTime()}`,
          templateVersionId: r.templateVersionId,
          msg: {
            msgtype: 'action_card' as const,
            action_card: { title: r.title, markdown: r.text, single_title: '去认购', single_url: url },
          },
        };
      }),
      { batchId: batch.id },
    );
    await transitionRound(tx, roundId, 'sendNotices', {
      actor: who,
      expected: round,
      data: { noticeSentAt: sentAt },
      audit: { after: { recipients: targets.length, batchId: batch.id } },
    });
    return { batchId: batch.id, recipients: targets.length };
  });
}
