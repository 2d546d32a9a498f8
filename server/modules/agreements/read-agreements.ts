/** 协议状态 for the console, the partner's 协议 page, and the summary the project page and 首页 show. */
import type { Actor } from '../../auth/actor';
import type { Deps } from '../../deps';
import type { Tx } from '../../lib/db';
import { notFound } from '../../lib/errors';
import type { TAgreementList, TMyAgreements } from '../../../shared/api/agreements';
import type { TAgreementState } from '../../../shared/api/labels';
import { partnerMarksIn } from '../exits/repository';
import { subjectsOf } from './calc/subjects';
import { partnerEntries, projectInfo, projectUsers, roundUsers, versionsOf, type VersionRow } from './repository';
import { currentVersions, isOutdated, shownVersions, stateOf, versionView } from './views';

const byUser = (versions: VersionRow[]) => {
  const m = new Map<number, VersionRow[]>();
  for (const v of versions) m.set(v.userId, [...(m.get(v.userId) ?? []), v]);
  return m;
};

export async function listAgreements(deps: Deps, projectId: number, roundId?: number): Promise<TAgreementList> {
  await projectInfo(deps.db, projectId);
  const users = roundId
    ? (await roundUsers(deps.db, projectId, roundId)).users
    : await projectUsers(deps.db, projectId);
  const ids = users.map((u) => u.id);
  const [versions, entries, marks] = await Promise.all([
    versionsOf(deps.db, projectId, ids),
    partnerEntries(deps.db, projectId, ids),
    partnerMarksIn(deps.db, projectId, users),
  ]);
  const mine = byUser(versions);
  const partners = users.map((u) => {
    const vs = mine.get(u.id) ?? [];
    return {
      userId: u.id,
      name: u.name,
      marks: marks.get(u.id) ?? [],
      state: stateOf(vs),
      outdated: isOutdated(vs, subjectsOf(entries.get(u.id) ?? [])),
      documents: shownVersions(vs).map(versionView),
    };
  });
  const counts = { NONE: 0, PENDING: 0, SIGNED: 0 };
  for (const p of partners) counts[p.state]++;
  return { projectId, roundId: roundId ?? null, partners, counts };
}

/** The partner's own documents in a project; 404 for a project they have no part in. */
export async function myAgreements(deps: Deps, actor: Actor, projectId: number): Promise<TMyAgreements> {
  const [versions, involved] = await Promise.all([
    versionsOf(deps.db, projectId, [actor.userId]),
    deps.db.roundPartner.count({ where: { userId: actor.userId, round: { projectId } } }),
  ]);
  if (!versions.length && !involved) throw notFound('项目');
  const project = await projectInfo(deps.db, projectId);
  return {
    projectId,
    projectName: project.name,
    state: stateOf(versions),
    agreements: shownVersions(versions).map(versionView),
  };
}

/** For the project page: null before any agreement was generated; pending = current versions to sign. */
export async function agreementSummary(
  tx: Tx,
  userId: number,
  projectId: number,
): Promise<{ state: TAgreementState; pending: number } | null> {
  const versions = await versionsOf(tx, projectId, [userId]);
  if (!versions.length) return null;
  return { state: stateOf(versions), pending: currentVersions(versions).filter((v) => v.status === 'PENDING').length };
}

/** 首页's 待签署 notices: one per project with a current version waiting for my signature. */
export async function pendingAgreementNotices(tx: Tx, userId: number) {
  const rows = await tx.agreement.findMany({
    where: { userId, status: 'PENDING' },
    select: { id: true, projectId: true, title: true, number: true, generatedAt: true },
    orderBy: { id: 'asc' },
  });
  const projects = await tx.project.findMany({
    where: { id: { in: [...new Set(rows.map((r) => r.projectId))] } },
    select: { id: true, name: true },
  });
  const names = new Map(projects.map((p) => [p.id, p.name]));
  return agreementNoticesOf(rows.map((r) => ({ ...r, projectName: names.get(r.projectId) ?? null })));
}

export interface PendingAgreementRow {
  id: number;
  projectId: number;
  title: string;
  number: string;
  generatedAt: Date;
  projectName: string | null;
}

/** One 首页 notice per project of my pending agreements (rows in id order; pure). */
export function agreementNoticesOf(rows: PendingAgreementRow[]) {
  const seen = new Set<number>();
  return rows.flatMap((r) => {
    if (seen.has(r.projectId)) return [];
    seen.add(r.projectId);
    const count = rows.filter((x) => x.projectId === r.projectId).length;
    return [
      {
        id: r.projectId,
        kind: 'AGREEMENT' as const,
        title: count > 1 ? `${count} 份协议待签署` : `${r.title}待签署`,
        summary: `待签署 · ${r.number}`,
        projectName: r.projectName,
        createdAt: r.generatedAt.toISOString(),
        deadline: null,
        params: { projectId: r.projectId },
      },
    ];
  });
}
