/**
 * The partner's 项目披露 page (mini-program, from the 披露通知's card): every project of their notice of that day, the
 * KPIs in plain words with the 立项 comparison, the milestones and the narrative. Only the caller's own notice.
 */
import type { Deps } from '../../deps';
import type { Actor } from '../../auth/actor';
import { notFound } from '../../lib/errors';
import { formatDate } from '../../../shared/datetime';
import { ZDisclosureSnapshot, type TMyDisclosureDigest } from '../../../shared/api/disclosure';
import { changeWords, formatIndicator, highlights, milestoneNote } from './calc/compare';

export async function myDisclosureDigest(deps: Deps, actor: Actor, digestId: number): Promise<TMyDisclosureDigest> {
  const digest = await deps.db.disclosureDigest.findFirst({
    where: { id: digestId, userId: actor.userId },
    include: { recipients: { include: { disclosure: true }, orderBy: { disclosureId: 'asc' } } },
  });
  if (!digest) throw notFound('披露通知');
  const disclosures = digest.recipients.map((r) => r.disclosure);
  const [projects, files] = await Promise.all([
    deps.db.project.findMany({
      where: { id: { in: disclosures.map((d) => d.projectId) } },
      select: { id: true, name: true },
    }),
    deps.db.attachment.findMany({
      where: { ownerType: 'DISCLOSURE', ownerId: { in: disclosures.map((d) => d.id) } },
      select: { ownerId: true, fileName: true, size: true },
      orderBy: { id: 'asc' },
    }),
  ]);
  return {
    id: digest.id,
    day: formatDate(digest.day),
    items: disclosures
      .sort((a, b) => a.projectId - b.projectId)
      .map((d) => {
        const snap = ZDisclosureSnapshot.parse(d.snapshot);
        return {
          disclosureId: d.id,
          projectId: d.projectId,
          projectName: projects.find((p) => p.id === d.projectId)?.name ?? '',
          periodLabel: snap.periodLabel,
          approvedAt: d.approvedAt?.toISOString() ?? null,
          highlights: highlights(snap.comparison, snap.milestones),
          comparison: snap.comparison
            .filter((r) => r.approval !== null || r.dynamic !== null)
            .map((r) => ({
              label: r.label,
              approval: formatIndicator(r.unit, r.approval),
              dynamic: formatIndicator(r.unit, r.dynamic),
              change: changeWords(r),
            })),
          milestones: snap.milestones.map((m) => ({
            label: m.label,
            plannedOn: m.plannedOn,
            actualOn: m.actualOn ?? '—',
            note: milestoneNote(m),
          })),
          narrative: d.narrative,
          attachments: files.filter((f) => f.ownerId === d.id).map((f) => ({ fileName: f.fileName, size: f.size })),
        };
      }),
  };
}
