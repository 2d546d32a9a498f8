/** 辅助工具 → 导出: records the request (scoped to the caller's grants at this moment) and queues the job. */
import type { Deps } from '../../deps';
import type { Actor } from '../../auth/actor';
import { writeAudit, type AuditActor } from '../../lib/audit';
import { TRANSACTION_OPTIONS } from '../../lib/db';
import { AppError } from '../../lib/errors';
import type { TExportKind } from '../../../shared/api/exports';
import { exportFileName } from './columns';
import { enqueueExport } from './export-job';
import { exportScopeOf, findExportFile, listExportFiles } from './repository';
import { exportFileView } from './view';

export async function requestExport(deps: Deps, who: AuditActor, actor: Actor, kind: TExportKind) {
  const scope = await exportScopeOf(deps, actor);
  const now = new Date();
  const file = await deps.db.$transaction(async (tx) => {
    const created = await tx.exportFile.create({
      data: {
        kind,
        requestedById: actor.userId,
        allProjects: scope.all,
        projectIds: scope.projectIds,
        fileName: exportFileName(kind, now),
      },
      select: { id: true },
    });
    await writeAudit(tx, who, {
      action: 'request_export',
      entity: 'ExportFile',
      entityId: created.id,
      after: { kind, allProjects: scope.all, projectIds: scope.projectIds },
    });
    return created;
  }, TRANSACTION_OPTIONS);
  await enqueueExport(deps, file.id);
  return exportFileOf(deps, file.id);
}

export async function exportFileOf(deps: Deps, id: number) {
  const file = await findExportFile(deps.db, id);
  if (!file) throw new AppError('NOT_FOUND', '导出文件不存在');
  return exportFileView(file);
}

export async function myExportFiles(deps: Deps, actor: Actor) {
  return { items: (await listExportFiles(deps.db, actor.userId)).map(exportFileView) };
}
