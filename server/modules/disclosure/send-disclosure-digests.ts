/**
 * 合并发送通知 (manual 6.1.3): the holders of every disclosure approved in 披露审核 get ONE work notice per day,
 * listing every project disclosed to them (a partner in five projects disclosed the same day is told once). Run by
 * the daily scheduler (job.ts, DISCLOSURE_NOTICE_CRON, 18:00 Shanghai by default) — one run however many workers —
 * and safe when two runs meet anyway: a transaction-scoped advisory lock serialises them, and a partner has at most
 * one digest per day (unique userId + day): what is approved after their notice of the day waits for the next day's.
 */
import type { Deps } from '../../deps';
import { shanghaiDay } from '../../../shared/datetime';
import { ZDisclosureSnapshot } from '../../../shared/api/disclosure';
import { enqueueNotifications } from '../notify/outbox';
import { currentTemplate } from '../templates';
import { disclosureNotice } from './disclosure-notice';

/** pg_advisory_xact_lock key of the digest run ("披露" in a number). */
const DIGEST_LOCK = 0x6469_7363;

export async function runDisclosureDigests(deps: Deps, now: Date = new Date()) {
  const day = shanghaiDay(now);
  const dayDate = new Date(`${day}T00:00:00Z`);
  return deps.db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${DIGEST_LOCK})`;
      const pending = await tx.disclosureRecipient.findMany({
        where: { digestId: null, disclosure: { status: 'APPROVED' } },
        include: { disclosure: { select: { id: true, projectId: true, snapshot: true } } },
      });
      if (!pending.length) return { day, digests: 0, disclosures: 0 };
      const userIds = [...new Set(pending.map((p) => p.userId))];
      const [users, done, projects] = await Promise.all([
        tx.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true, dingUserId: true } }),
        tx.disclosureDigest.findMany({ where: { day: dayDate, userId: { in: userIds } }, select: { userId: true } }),
        tx.project.findMany({
          where: { id: { in: [...new Set(pending.map((p) => p.disclosure.projectId))] } },
          select: { id: true, name: true },
        }),
      ]);
      const toldToday = new Set(done.map((d) => d.userId));
      const template = await currentTemplate(tx, 'DISCLOSURE_NOTICE');
      let digests = 0;
      for (const userId of userIds) {
        if (toldToday.has(userId)) continue; // one notice per partner per day: the rest goes tomorrow
        const mine = pending
          .filter((p) => p.userId === userId)
          .sort((a, b) => a.disclosure.projectId - b.disclosure.projectId || a.disclosureId - b.disclosureId);
        const digest = await tx.disclosureDigest.create({ data: { userId, day: dayDate } });
        await tx.disclosureRecipient.updateMany({
          where: { userId, disclosureId: { in: mine.map((m) => m.disclosureId) }, digestId: null },
          data: { digestId: digest.id },
        });
        digests++;
        const user = users.find((u) => u.id === userId);
        if (!user?.dingUserId) continue; // no DingTalk account: the page is still there, nobody to message
        const notice = disclosureNotice(template, {
          digestId: digest.id,
          day,
          name: user.name,
          items: mine.map((m) => {
            const snap = ZDisclosureSnapshot.parse(m.disclosure.snapshot);
            return {
              projectName: projects.find((p) => p.id === m.disclosure.projectId)?.name ?? '',
              periodLabel: snap.periodLabel,
              comparison: snap.comparison,
              milestones: snap.milestones,
            };
          }),
        });
        await enqueueNotifications(tx, [
          {
            channel: 'WORK',
            kind: 'disclosure_notice',
            userId,
            dingUserId: user.dingUserId,
            dedupeKey: `disclosure:digest:${digest.id}`,
            templateVersionId: notice.templateVersionId,
            msg: notice.msg,
          },
        ]);
      }
      return { day, digests, disclosures: new Set(pending.map((p) => p.disclosureId)).size };
    },
    { timeout: 60_000 },
  );
}
