/**
 * The export job: QUEUED → RUNNING (rows counted) → DONE (file kept EXPORT_KEEP_HOURS) or FAILED; DONE → EXPIRED
 * when the sweep unlinks the file. Each step is a conditional update on the status, so a job delivered twice (a
 * worker that died, the sweep re-queueing) runs once. BullMQ carries only the row's id.
 *
 * Everything here goes through the raw `pg` pool (export-data.ts) and needs of the process only `ExportDeps`: the
 * export worker runs it in a slim process of its own (server/workers/export-worker.ts), without Prisma or the app.
 */
import { finished } from 'node:stream/promises';
import { Worker, type ConnectionOptions } from 'bullmq';
import type { Deps } from '../../deps';
import { EXPORT_KEEP_HOURS } from '../../../shared/api/exports';
import {
  claimExport,
  countExportRows,
  createLargeObject,
  expiredExportFiles,
  expireExportFile,
  failExport,
  findExportJob,
  finishExport,
  largeObjectWriter,
  queuedExportFilesBefore,
  setExportLargeObject,
  setExportProgress,
  unlinkLargeObject,
} from './export-data';
import { writeExport } from './write-export';

export const EXPORTS_QUEUE = 'exports';
export const exportJobId = (exportFileId: number) => `export-${exportFileId}`;

/** What the export job needs of the process (the full Deps has it; so does the export worker's slim set). */
export type ExportDeps = Pick<Deps, 'databaseUrl' | 'logger' | 'prefix' | 'queue'>;

export async function enqueueExport(deps: Pick<Deps, 'queue'>, exportFileId: number): Promise<void> {
  await deps.queue(EXPORTS_QUEUE).add('export', { exportFileId }, { jobId: exportJobId(exportFileId), attempts: 1 });
}

/** Runs one export to its large object; progress is written after every page for the console to poll. */
export async function runExport(deps: ExportDeps, exportFileId: number, pageSize?: number): Promise<void> {
  const file = await findExportJob(deps, exportFileId);
  if (!file || file.status !== 'QUEUED') return;
  const scope = { all: file.allProjects, projectIds: file.projectIds };
  const total = await countExportRows(deps, file.kind, scope);
  if (!(await claimExport(deps, exportFileId, total, new Date()))) return;
  let oid: bigint | null = null;
  try {
    oid = await createLargeObject(deps);
    await setExportLargeObject(deps, exportFileId, oid);
    const out = largeObjectWriter(deps, oid);
    const done = finished(out);
    const { rows } = await writeExport(deps, file.kind, scope, out, {
      pageSize,
      onProgress: (rowsDone) => setExportProgress(deps, exportFileId, rowsDone),
    });
    await done;
    const now = new Date();
    await finishExport(deps, exportFileId, {
      rows,
      rowsTotal: Math.max(rows, total),
      sizeBytes: out.bytes(),
      at: now,
      expiresAt: new Date(now.getTime() + EXPORT_KEEP_HOURS * 3600_000),
    });
  } catch (err) {
    deps.logger.warn({ exportFileId, err: (err as Error).message }, 'export failed');
    if (oid !== null) await unlinkLargeObject(deps, oid).catch(() => undefined);
    await failExport(deps, exportFileId, '导出失败，请重试', new Date());
  }
}

/**
 * The sweep: unlinks the files past their expiry (EXPIRED), and queues again what is still QUEUED a few minutes
 * after it was asked for (a crash between the request's commit and its enqueue; the job id makes it run once).
 */
export async function sweepExports(
  deps: ExportDeps,
  now: Date = new Date(),
): Promise<{ expired: number; requeued: number }> {
  const old = await expiredExportFiles(deps, now);
  for (const f of old) {
    if (f.oid !== null) await unlinkLargeObject(deps, f.oid);
    await expireExportFile(deps, f.id);
  }
  const stuck = await queuedExportFilesBefore(deps, new Date(now.getTime() - 5 * 60_000));
  for (const id of stuck) await enqueueExport(deps, id);
  return { expired: old.length, requeued: stuck.length };
}

export async function startExportWorker(deps: ExportDeps, connection: ConnectionOptions) {
  const queue = deps.queue(EXPORTS_QUEUE);
  await queue.upsertJobScheduler('sweep-exports', { every: 15 * 60_000 }, { name: 'sweep' });
  const worker = new Worker(
    EXPORTS_QUEUE,
    async (job) => {
      if (job.name === 'sweep') return sweepExports(deps);
      return runExport(deps, Number((job.data as { exportFileId: number }).exportFileId));
    },
    // two at a time per worker process: an export is mostly waiting on PostgreSQL
    { connection, prefix: `${deps.prefix}:bull`, concurrency: 2 },
  );
  worker.on('failed', (job, err) => deps.logger.warn({ jobId: job?.id, err: err.message }, 'export job failed'));
  return { close: () => worker.close() };
}
