/** The exports' Prisma side, for the API: the caller's scope and the file rows the console lists. */
import type { Deps } from '../../deps';
import type { Actor } from '../../auth/actor';
import { ACCOUNTANT_KINDS, hasRole } from '../../auth/actor';
import type { Tx } from '../../lib/db';
import type { ExportScope } from './export-data';

export async function exportScopeOf(deps: Deps, actor: Actor): Promise<ExportScope> {
  if (hasRole(actor, 'BUSINESS_ADMIN')) return { all: true, projectIds: [] };
  const roleIds = actor.roles.filter((r) => ACCOUNTANT_KINDS.includes(r.kind)).map((r) => r.id);
  const grants = await deps.db.projectGrant.findMany({
    where: { userId: actor.userId, roleId: { in: roleIds } },
    select: { projectId: true },
    distinct: ['projectId'],
    orderBy: { projectId: 'asc' },
  });
  return { all: false, projectIds: grants.map((g) => g.projectId) };
}

// ---- the file rows -------------------------------------------------------------------------------------------------

export const EXPORT_FILE_SELECT = {
  id: true,
  kind: true,
  status: true,
  requestedById: true,
  rowsDone: true,
  rowsTotal: true,
  fileName: true,
  sizeBytes: true,
  error: true,
  createdAt: true,
  finishedAt: true,
  expiresAt: true,
} as const;

export const findExportFile = (tx: Tx, id: number) =>
  tx.exportFile.findUnique({
    where: { id },
    select: { ...EXPORT_FILE_SELECT, largeObjectId: true, projectIds: true, allProjects: true },
  });

export const listExportFiles = (tx: Tx, requestedById: number, take = 20) =>
  tx.exportFile.findMany({
    where: { requestedById },
    orderBy: { id: 'desc' },
    take,
    select: EXPORT_FILE_SELECT,
  });
