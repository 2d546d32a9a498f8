import type { Deps } from '../../deps';
import { AppError } from '../../lib/errors';
import type { TSyncLog } from '../../../shared/api/identity';
import type { SyncJob } from './job';
import { CONTACTS_QUEUE } from './job';
import { createSyncLog, findRunningSyncLog, listSyncLogPage, toSyncLogDto } from './repository';

/**
 * 立即同步: records the run and queues it (the worker does the sync). One run at a time: a run still marked
 * RUNNING within the last hour refuses a second one (an older one is taken as a crashed run).
 */
export async function requestContactSync(deps: Deps, kind: SyncJob['kind'], triggeredBy: string): Promise<TSyncLog> {
  const running = await findRunningSyncLog(deps.db, new Date(Date.now() - 3600_000));
  if (running) throw new AppError('CONFLICT', '通讯录同步正在进行中，请稍后查看结果', { syncLogId: running.id });
  const log = await createSyncLog(deps.db, { kind, triggeredBy });
  await deps.queue(CONTACTS_QUEUE).add('sync', { syncLogId: log.id, kind, triggeredBy }, { jobId: `sync-${log.id}` });
  return toSyncLogDto(log);
}

/** 通讯录同步日志, newest first. */
export async function listSyncLogs(deps: Deps, query: { page: number; pageSize: number }) {
  const [rows, total] = await listSyncLogPage(deps.db, query.page, query.pageSize);
  return { items: rows.map(toSyncLogDto), total, page: query.page, pageSize: query.pageSize };
}
