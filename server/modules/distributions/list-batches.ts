import type { Deps } from '../../deps';
import { batchDetail, batchHead } from './repository';

/** 分配批次 of a project, newest first within each kind. */
export async function listBatches(deps: Deps, projectId: number) {
  const rows = await deps.db.distributionBatch.findMany({
    where: { projectId },
    orderBy: [{ date: 'asc' }, { id: 'asc' }],
  });
  return rows.map(batchHead);
}

export const getBatch = (deps: Deps, projectId: number, batchId: number) => batchDetail(deps.db, projectId, batchId);
