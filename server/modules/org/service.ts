import type { z } from 'zod';
import type { Deps } from '../../deps';
import type { Actor } from '../../auth/actor';
import { hasRole } from '../../auth/actor';
import { AppError, notFound, versionConflict } from '../../lib/errors';
import type { TOrgTreeNode, ZOrgUnitCreate, ZOrgUnitUpdate } from '../../../shared/api/identity';
import { changedFields, writeAudit, type AuditActor } from '../../lib/audit';
import { visibleProjectsWhere } from '../projects/visibility';
import { buildOrgTree, wouldCreateCycle } from './tree';

const unitSelect = {
  id: true,
  parentId: true,
  name: true,
  kind: true,
  code: true,
  active: true,
  sortOrder: true,
  version: true,
} as const;

/** The tree every console screen shows on the left, with the projects the caller may see. */
export async function orgTree(deps: Deps, actor: Actor): Promise<TOrgTreeNode[]> {
  const isAdmin = hasRole(actor, 'SYSTEM_ADMIN', 'BUSINESS_ADMIN');
  const [units, projects] = await Promise.all([
    deps.db.orgUnit.findMany({
      where: isAdmin ? { kind: { not: 'DEPARTMENT' } } : { kind: { not: 'DEPARTMENT' }, active: true },
      select: unitSelect,
    }),
    deps.db.project.findMany({
      where: visibleProjectsWhere(actor),
      select: { id: true, name: true, orgUnitId: true, isOpen: true, isSettled: true },
    }),
  ]);
  return buildOrgTree(units, projects, { pruneEmpty: !isAdmin });
}

export async function createUnit(deps: Deps, who: AuditActor, input: z.infer<typeof ZOrgUnitCreate>) {
  return deps.db.$transaction(async (tx) => {
    const parent = await tx.orgUnit.findUnique({ where: { id: input.parentId }, select: { id: true, active: true } });
    if (!parent) throw notFound('上级组织', { parentId: input.parentId });
    if (!parent.active) throw new AppError('INVALID_STATE', '上级组织已停用，不能在其下新建');
    const unit = await tx.orgUnit.create({
      data: { parentId: input.parentId, kind: input.kind, name: input.name, code: input.code || null },
      select: unitSelect,
    });
    await writeAudit(tx, who, { action: 'create', entity: 'OrgUnit', entityId: unit.id, after: unit });
    return unit;
  });
}

/** Rename, move (never under itself) or (de)activate; a unit with open projects or active children stays active. */
export async function updateUnit(deps: Deps, who: AuditActor, id: number, input: z.infer<typeof ZOrgUnitUpdate>) {
  return deps.db.$transaction(async (tx) => {
    const unit = await tx.orgUnit.findUnique({ where: { id }, select: unitSelect });
    if (!unit) throw notFound('组织');
    if (unit.version !== input.version) throw versionConflict('组织', unit.version);
    if (input.parentId !== undefined && input.parentId !== unit.parentId) {
      if (unit.parentId === null) throw new AppError('INVALID_STATE', '顶层组织不能移动');
      const all = await tx.orgUnit.findMany({ select: { id: true, parentId: true } });
      if (!all.some((u) => u.id === input.parentId)) throw notFound('上级组织');
      if (wouldCreateCycle(all, id, input.parentId))
        throw new AppError('VALIDATION_FAILED', '不能移动到自身或其下级组织之下', [
          { path: 'parentId', message: '不能移动到自身或其下级组织之下' },
        ]);
    }
    if (input.active === false && unit.active) {
      const openProjects = await tx.project.count({ where: { orgUnitId: id, isOpen: true } });
      const activeChildren = await tx.orgUnit.count({ where: { parentId: id, active: true } });
      if (openProjects || activeChildren)
        throw new AppError(
          'INVALID_STATE',
          `该组织下还有${openProjects ? ` ${openProjects} 个开放的项目` : ''}${activeChildren ? ` ${activeChildren} 个在用的下级组织` : ''}，不能停用`,
          { openProjects, activeChildren },
        );
    }
    const { count } = await tx.orgUnit.updateMany({
      where: { id, version: input.version },
      data: { name: input.name, parentId: input.parentId, active: input.active, version: { increment: 1 } },
    });
    if (!count) throw versionConflict('组织');
    const after = await tx.orgUnit.findUniqueOrThrow({ where: { id }, select: unitSelect });
    const diff = changedFields(unit, after);
    const action =
      input.active === false && unit.active
        ? 'deactivate'
        : input.parentId !== undefined && input.parentId !== unit.parentId
          ? 'move'
          : 'update';
    await writeAudit(tx, who, { action, entity: 'OrgUnit', entityId: id, ...diff });
    return after;
  });
}
