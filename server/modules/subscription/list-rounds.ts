import type { Deps } from '../../deps';
import { formatDate } from '../../../shared/datetime';
import { roundsWithCounts } from './repository';

/** The project's rounds, oldest first, with the size of each partner list. */
export async function listRounds(deps: Deps, projectId: number) {
  const rounds = await roundsWithCounts(deps.db, projectId);
  return rounds.map((r) => ({
    id: r.id,
    kind: r.kind,
    seq: r.seq,
    title: r.title,
    status: r.status,
    deadline: r.deadline.toISOString(),
    dueDate: r.dueDate ? formatDate(r.dueDate) : null,
    partnerCount: r._count.partners,
    noticeSentAt: r.noticeSentAt?.toISOString() ?? null,
    version: r.version,
  }));
}
