/**
 * The export job: QUEUED → RUNNING (rows counted) → DONE (file kept EXPORT_KEEP_HOURS) or FAILED; DONE → EXPIRED
 * when the sweep unlinks the file. Each step is a conditional update on the status, so a job delivered twice (a
 * worker that died, the sweep re-queueing) runs once. BullMQ carries only the row's id.
 */
import { finished } from 'node:stream/promises';
import { Worker, type ConnectionOptions } from 'bullmq';
import type { Deps } from '../../deps';
import { EXPORT_KEEP_HOURS } from '../../../shared/api/exports';
import { countExportRows, createLargeObject, findExportFile, largeObjectWriter, unlinkLargeObject } from './repository';
import { writeExport } from './write-export';

export const EXPORTS_QUEUE = 'exports';
export const exportJobId = (exportFileId: number) => `export-${exportFileId}`;

export async function enqueueExport(deps: Deps, exportFileId: number): Promise<void> {
  await deps.queue(EXPORTS_QUEUE).add('export', { exportFileId }, { jobId: exportJobId(exportFileId), attempts: 1 });
}

/** Runs one export to its large object; progress is written after every page for the console to poll. */
export async function runExport(deps: Deps, exportFileId: number, pageSize?: number): Promise<void> {
  const file = await findExportFile(deps.db, exportFileId);
  if (!file || file.status !== 'QUEUED') return;
  const scope = { all: file.allProjects, projectIds: file.projectIds };
  const total = await countExportRows(deps, file.kind, scope);
  const claimed = await deps.db.exportFile.updateMany({
    where: { id: exportFileId, status: 'QUEUED' },
    data: { status: 'RUNNING', startedAt: new Date(), rowsTotal: total, rowsDone: 0 },
  });
  if (!claimed.count) return;
  let oid: bigint | null = null;
  try {
    oid = await createLargeObject(deps);
    await deps.db.exportFile.update({ where: { id: exportFileId }, data: { largeObjectId: oid } });
    const out = largeObjectWriter(deps, oid);
    const done = finished(out);
    const { rows } = await writeExport(deps, file.kind, scope, out, {
      pageSize,
      onProgress: async (rowsDone) => {
        await deps.db.exportFile.update({ where: { id: exportFileId }, data: { rowsDone } });
      },
    });
    await done;
    const now = new Date();
    await deps.db.exportFile.updateMany({
      where: { id: exportFileId, status: 'RUNNING' },
      data: {
        status: 'DONE',
        rowsDone: rows,
        rowsTotal: Math.max(rows, total),
        sizeBytes: out.bytes(),
        finishedAt: now,
        expiresAt: new Date(now.getTime() + EXPORT_KEEP_HOURS * 3600_000),
      },
    });
  } catch (err) {
    deps.logger.warn({ exportFileId, err: (err as Error).message }, 'export failed');
    if (oid !== null) await unlinkLargeObject(deps, oid).catch(() => undefined);
    await deps.db.exportFile.updateMany({
      where: { id: exportFileId, status: 'RUNNING' },
      data: { status: 'FAILED', finishedAt: new Date(), largeObjectId: null, error: '导出失败，请重试' },
    });
  }
}

/**
 * The sweep: unlinks the files past their expiry (EXPIRED), and queues again what is still QUEUED a few minutes
 * after it was asked for (a crash between the request's commit and its enqueue; the job id makes it run once).
 */
export async function sweepExports(deps: Deps, now: Date = new Date()): Promise<{ expired: number; requeued: number }> {
  const old = await deps.db.exportFile.findMany({
    where: { status: { in: ['DONE', 'FAILED'] }, expiresAt: { lte: now } },
    select: { id: true, largeObjectId: true },
  });
  for (const f of old) {
    if (f.largeObjectId !== null) await unlinkLargeObject(deps, f.largeObjectId);
    await deps.db.exportFile.updateMany({
      where: { id: f.id, status: { in: ['DONE', 'FAILED'] } },
      data: { status: 'EXPIRED', largeObjectId: null },
    });
  }
  const stuck = await deps.db.exportFile.findMany({
    where: { status: 'QUEUED', createdAt: { lte: new Date(now.getTime() - 5 * 60_000) } },
    select: { id: true },
  });
  for (const f of stuck) await enqueueExport(deps, f.id);
  return { expired: old.length, requeued: stuck.length };
}

export async function startExportWorker(deps: Deps, connection: ConnectionOptions) {
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
