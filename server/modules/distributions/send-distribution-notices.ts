/**
 * 分配通知 on the distribution date: each partner with a payout on a batch whose flow has completed is told their own
 * line (本金, 资金利息, 其它, 利润, 代扣税, 实发) and the account it will be paid to (masked), with an action card to
 * the mini-program's distribution page. Run by the daily scheduler (job.ts) and at once when the flow completes on or
 * after the date. Notices are outbox rows written with the state change.
 */
import type { Deps } from '../../deps';
import type { Tx } from '../../lib/db';
import { systemActor } from '../../lib/audit';
import { eappUrl } from '../../../shared/deeplinks';
import { formatDate, shanghaiDay } from '../../../shared/datetime';
import { dec, formatMoney } from '../../../shared/money';
import { batchName } from '../../../shared/api/distributions';
import { createNotificationBatch, enqueueNotifications } from '../notify/outbox';
import { maskAccountNo } from './account-repository';
import { openSecret } from '../../lib/secret-box';
import { transitionBatch } from './batch-state';
import { currentTemplate, renderVersion } from '../templates';

/** Sends the notices of one batch if its flow has completed and its date has come; false when it is not due. */
export async function sendDueDistributionNotices(tx: Tx, batchId: number, key?: Buffer): Promise<boolean> {
  await tx.$queryRaw`SELECT id FROM "DistributionBatch" WHERE id = ${batchId} FOR UPDATE`;
  const batch = await tx.distributionBatch.findUniqueOrThrow({ where: { id: batchId } });
  if (batch.status !== 'FLOW_DONE' || formatDate(batch.date) > shanghaiDay()) return false;
  const project = await tx.project.findUniqueOrThrow({ where: { id: batch.projectId }, select: { name: true } });
  const lines = await tx.distributionLine.findMany({
    where: { batchId, userId: { not: null }, payout: { gt: 0 } },
    orderBy: { seq: 'asc' },
  });
  const userIds = lines.map((l) => l.userId!);
  const [users, accounts] = await Promise.all([
    tx.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true, dingUserId: true } }),
    tx.distributionAccount.findMany({ where: { userId: { in: userIds } } }),
  ]);
  const ding = new Map(users.map((u) => [u.id, u.dingUserId]));
  const names = new Map(users.map((u) => [u.id, u.name]));
  const account = new Map(accounts.map((a) => [a.userId, a]));
  const name = batchName(batch.kind, batch.seq);
  const accountText = (userId: number) => {
    const a = account.get(userId);
    if (!a) return '尚未登记，请在分配账户页面填写';
    const no = key ? maskAccountNo(openSecret(a.accountNoEnc, key)) : `**** ${a.accountNoLast4}`;
    const shown = `${a.accountName} ${a.bankName}${a.branchName ? ` ${a.branchName}` : ''} ${no}`;
    return a.status === 'CONFIRMED' ? shown : `${shown}（尚未确认，请先确认）`;
  };
  const template = await currentTemplate(tx, 'DISTRIBUTION_NOTICE');
  // one 通知记录 batch per distribution batch: its progress and failures (重发失败) show in the console
  const notice = await createNotificationBatch(tx, {
    kind: 'distribution_notice',
    title: `${project.name} ${name} 分配通知`,
    projectId: batch.projectId,
  });
  await enqueueNotifications(
    tx,
    lines
      .filter((l) => ding.get(l.userId!))
      .map((l) => {
        const rows: [string, unknown][] = [
          ['本金', l.principal],
          ['资金利息', l.interest],
          ['其它', l.other],
          ['利润（税前）', l.profit],
          ['代扣税', dec(String(l.tax)).negated()],
        ];
        const shown = rows.filter(([, v]) => !dec(String(v)).isZero());
        const t = renderVersion(template, {
          姓名: names.get(l.userId!) ?? '',
          项目名称: project.name,
          分配批次: name,
          分配日期: batch.date,
          本金: String(l.principal),
          资金利息: String(l.interest),
          其它: String(l.other),
          利润: String(l.profit),
          代扣税: String(l.tax),
          实发合计: String(l.payout),
          分配明细: shown.map(([k, v]) => `${k}：${formatMoney(String(v))}`).join('\n\n'),
          收款账户: accountText(l.userId!),
        });
        return {
          channel: 'WORK' as const,
          kind: 'distribution_notice',
          userId: l.userId!,
          dingUserId: ding.get(l.userId!)!,
          dedupeKey: `distribution:line:${l.id}:notice`,
          templateVersionId: t.templateVersionId,
          msg: {
            msgtype: 'action_card' as const,
            action_card: {
              title: t.title,
              markdown: t.text,
              single_title: '查看分配',
              single_url: eappUrl('distribution', { lineId: l.id }),
            },
          },
        };
      }),
    { batchId: notice.id },
  );
  await tx.distributionLine.updateMany({
    where: { id: { in: lines.map((l) => l.id) } },
    data: { noticeSentAt: new Date() },
  });
  await transitionBatch(tx, batchId, 'notify', {
    actor: systemActor('分配通知'),
    audit: { after: { recipients: lines.length } },
  });
  return true;
}

/** The daily run: every batch whose flow has completed and whose date has come, each in its own transaction. */
export async function runDailyDistributionNotices(deps: Deps): Promise<{ batches: number }> {
  const due = await deps.db.distributionBatch.findMany({
    where: { status: 'FLOW_DONE', date: { lte: new Date(`${shanghaiDay()}T00:00:00Z`) } },
    select: { id: true },
  });
  let batches = 0;
  for (const b of due)
    if (await deps.db.$transaction((tx) => sendDueDistributionNotices(tx, b.id, deps.config.secretKey))) batches++;
  return { batches };
}
