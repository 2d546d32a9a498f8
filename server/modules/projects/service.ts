import type { z } from 'zod';
import type { Deps } from '../../deps';
import type { Actor } from '../../auth/actor';
import { AppError, notFound, versionConflict } from '../../lib/errors';
import type { TImportResult, TProjectBusinessState } from '../../../shared/api/identity';
import { dec, moneyString, sumMoney } from '../../../shared/money';
import type {
  ZBatchInput,
  ZProjectCreate,
  ZProjectFlags,
  ZProjectListQuery,
  ZProjectUpdate,
} from '../../../shared/api/identity';
import { changedFields, writeAudit, type AuditActor } from '../../lib/audit';
import { visibleProjectsWhere } from './visibility';
import * as repo from './repository';
import { parseProjectImport, projectFieldsOf } from './import';

export async function listProjects(deps: Deps, actor: Actor, q: z.infer<typeof ZProjectListQuery>) {
  const where = {
    AND: [
      visibleProjectsWhere(actor),
      repo.projectSearchWhere(q.q),
      q.orgUnitId
        ? {
            OR: [
              { orgUnitId: q.orgUnitId },
              { orgUnit: { parentId: q.orgUnitId } },
              { orgUnit: { parent: { parentId: q.orgUnitId } } },
            ],
          }
        : {},
      q.batchId ? { batchId: q.batchId } : {},
      q.isOpen !== undefined ? { isOpen: q.isOpen } : {},
    ],
  };
  return repo.listProjects(deps.db, where, q.sort, q.order, q.page, q.pageSize);
}

export async function getProject(deps: Deps, actor: Actor, id: number) {
  const p = await deps.db.project.findFirst({
    where: { id, ...visibleProjectsWhere(actor) },
    select: repo.projectSelect,
  });
  if (!p) throw notFound('项目');
  return repo.toProjectDto(p);
}

async function assertCompany(
  tx: Deps['db'] | Parameters<Parameters<Deps['db']['$transaction']>[0]>[0],
  orgUnitId: number,
) {
  const unit = await tx.orgUnit.findUnique({ where: { id: orgUnitId }, select: { kind: true, active: true } });
  if (!unit || !['CITY', 'DIRECT'].includes(unit.kind))
    throw new AppError('VALIDATION_FAILED', '请选择城市公司或直属项目公司', [
      { path: 'orgUnitId', message: '请选择城市公司或直属项目公司' },
    ]);
  if (!unit.active)
    throw new AppError('VALIDATION_FAILED', '该公司已停用', [{ path: 'orgUnitId', message: '该公司已停用' }]);
}

export async function createProject(deps: Deps, who: AuditActor, input: z.infer<typeof ZProjectCreate>) {
  return deps.db.$transaction(async (tx) => {
    await assertCompany(tx, input.orgUnitId);
    const created = await tx.project.create({
      data: {
        ...input,
        code: input.code || null,
        acquiredOn: repo.dateOnly(input.acquiredOn) ?? null,
        batchId: input.batchId ?? null,
      },
      select: repo.projectSelect,
    });
    const dto = repo.toProjectDto(created);
    await writeAudit(tx, who, {
      action: 'create',
      entity: 'Project',
      entityId: created.id,
      projectId: created.id,
      after: dto,
    });
    return dto;
  });
}

export async function updateProject(deps: Deps, who: AuditActor, id: number, input: z.infer<typeof ZProjectUpdate>) {
  return deps.db.$transaction(async (tx) => {
    const before = await repo.findProject(tx, id);
    if (!before) throw notFound('项目');
    if (input.orgUnitId !== undefined && input.orgUnitId !== before.orgUnitId) await assertCompany(tx, input.orgUnitId);
    const { version, ...fields } = input;
    const data = {
      ...fields,
      code: fields.code === '' ? null : fields.code,
      acquiredOn: repo.dateOnly(fields.acquiredOn),
    };
    const { count } = await tx.project.updateMany({
      where: { id, version },
      data: { ...data, version: { increment: 1 } },
    });
    if (!count) throw versionConflict('项目', before.version);
    const after = (await repo.findProject(tx, id))!;
    await writeAudit(tx, who, {
      action: 'update',
      entity: 'Project',
      entityId: id,
      projectId: id,
      ...changedFields(
        repo.toProjectDto(before) as unknown as Record<string, unknown>,
        repo.toProjectDto(after) as unknown as Record<string, unknown>,
      ),
    });
    return repo.toProjectDto(after);
  });
}

/** 开放 / 清算. A settled project is closed for good: it cannot be reopened or unsettled here. */
export async function setProjectFlags(deps: Deps, who: AuditActor, id: number, input: z.infer<typeof ZProjectFlags>) {
  return deps.db.$transaction(async (tx) => {
    const before = await repo.findProject(tx, id);
    if (!before) throw notFound('项目');
    if (before.isSettled && input.isSettled === false) throw new AppError('INVALID_STATE', '项目已清算，不能撤销清算');
    if (before.isSettled && input.isOpen === true) throw new AppError('INVALID_STATE', '项目已清算，不能重新开放');
    const { count } = await tx.project.updateMany({
      where: { id, version: input.version },
      data: { isOpen: input.isOpen, isSettled: input.isSettled, version: { increment: 1 } },
    });
    if (!count) throw versionConflict('项目', before.version);
    const after = (await repo.findProject(tx, id))!;
    const action =
      input.isSettled && !before.isSettled
        ? 'settle'
        : input.isOpen === true && !before.isOpen
          ? 'open'
          : input.isOpen === false && before.isOpen
            ? 'close'
            : 'update';
    await writeAudit(tx, who, {
      action,
      entity: 'Project',
      entityId: id,
      projectId: id,
      before: { isOpen: before.isOpen, isSettled: before.isSettled },
      after: { isOpen: after.isOpen, isSettled: after.isSettled },
    });
    return repo.toProjectDto(after);
  });
}

// ---- 管理批次 ------------------------------------------------------------------------------------------
/** The project's business as totals, for the confirmation of 开放 / 关闭 (outstanding = due − paid, to the cent). */
export async function projectBusinessState(deps: Deps, id: number): Promise<TProjectBusinessState> {
  if (!(await deps.db.project.findUnique({ where: { id }, select: { id: true } }))) throw notFound('项目');
  const [rounds, holders, open] = await Promise.all([
    deps.db.subscriptionRound.count({ where: { projectId: id } }),
    deps.db.roundPartner.findMany({
      where: { round: { projectId: id } },
      select: { userId: true },
      distinct: ['userId'],
    }),
    deps.db.paymentDue.findMany({
      where: { projectId: id, status: { in: ['UNPAID', 'PARTIAL'] } },
      select: { kind: true, amountDue: true, paidAmount: true },
    }),
  ]);
  const outstanding = (kinds: string[]) => {
    const rows = open.filter((d) => kinds.includes(d.kind));
    return {
      count: rows.length,
      amount: moneyString(sumMoney(rows.map((d) => dec(d.amountDue).minus(dec(d.paidAmount))))),
    };
  };
  const unpaid = outstanding(['INITIAL', 'TOPUP']);
  const refunds = outstanding(['REFUND']);
  return {
    rounds,
    partners: holders.length,
    unpaidCount: unpaid.count,
    unpaidAmount: unpaid.amount,
    refundsOwedCount: refunds.count,
    refundsOwedAmount: refunds.amount,
  };
}

export async function listBatches(deps: Deps) {
  const rows = await deps.db.projectBatch.findMany({
    orderBy: [{ sortOrder: 'asc' }, { id: 'asc' }],
    select: { id: true, name: true, sortOrder: true, _count: { select: { projects: true } } },
  });
  return rows.map((b) => ({ id: b.id, name: b.name, sortOrder: b.sortOrder, projectCount: b._count.projects }));
}

export async function createBatch(deps: Deps, who: AuditActor, input: z.infer<typeof ZBatchInput>) {
  return deps.db.$transaction(async (tx) => {
    const b = await tx.projectBatch.create({ data: { name: input.name, sortOrder: input.sortOrder ?? 0 } });
    await writeAudit(tx, who, { action: 'create', entity: 'ProjectBatch', entityId: b.id, after: b });
    return { id: b.id, name: b.name, sortOrder: b.sortOrder, projectCount: 0 };
  });
}

export async function updateBatch(deps: Deps, who: AuditActor, id: number, input: z.infer<typeof ZBatchInput>) {
  return deps.db.$transaction(async (tx) => {
    const before = await tx.projectBatch.findUnique({ where: { id } });
    if (!before) throw notFound('批次');
    const after = await tx.projectBatch.update({
      where: { id },
      data: { name: input.name, sortOrder: input.sortOrder ?? before.sortOrder },
    });
    await writeAudit(tx, who, { action: 'update', entity: 'ProjectBatch', entityId: id, before, after });
    return { id: after.id, name: after.name, sortOrder: after.sortOrder };
  });
}

export async function deleteBatch(deps: Deps, who: AuditActor, id: number) {
  await deps.db.$transaction(async (tx) => {
    const before = await tx.projectBatch.findUnique({
      where: { id },
      include: { _count: { select: { projects: true } } },
    });
    if (!before) throw notFound('批次');
    if (before._count.projects)
      throw new AppError('INVALID_STATE', `该批次下还有 ${before._count.projects} 个项目，不能删除`);
    await tx.projectBatch.delete({ where: { id } });
    await writeAudit(tx, who, {
      action: 'delete',
      entity: 'ProjectBatch',
      entityId: id,
      before: { id: before.id, name: before.name },
    });
  });
}

/**
 * 导入主数据项目: every row validated first, then all rows written in one transaction — or none, with the row and
 * column of each problem. Existing projects (same 项目编码, else same 项目名称) are updated.
 */
export async function importProjects(
  deps: Deps,
  who: AuditActor,
  file: Buffer,
): Promise<TImportResult & { created: number; updated: number }> {
  const rows = await parseProjectImport(file, await repo.importLookups(deps.db));
  let created = 0;
  let updated = 0;
  await deps.db.$transaction(
    async (tx) => {
      for (const { row, data: d } of rows) {
        const fields = projectFieldsOf(d);
        const existing = await tx.project.findFirst({
          where: d.项目编码 ? { code: d.项目编码 } : { name: d.项目名称 },
          select: { id: true, isSettled: true },
        });
        if (existing) {
          if (existing.isSettled && (d.清算 === false || d.开放 === true)) {
            throw new AppError(
              'UNPROCESSABLE',
              `导入失败：第 ${row} 行【${d.项目名称}】已清算，不能撤销清算或重新开放；未导入任何数据`,
              { imported: 0, errors: [{ row, column: '清算', message: '项目已清算' }] },
            );
          }
          const before = await repo.findProject(tx, existing.id);
          // blank cells keep what the project has (its code, its flags)
          await tx.project.update({
            where: { id: existing.id },
            data: {
              ...fields,
              ...(d.项目编码 ? { code: d.项目编码 } : {}),
              isOpen: d.开放,
              isSettled: d.清算,
              version: { increment: 1 },
            },
          });
          await writeAudit(tx, who, {
            action: 'import_update',
            entity: 'Project',
            entityId: existing.id,
            projectId: existing.id,
            before: before && repo.toProjectDto(before),
            after: fields,
          });
          updated++;
        } else {
          const p = await tx.project.create({
            data: {
              ...fields,
              code: d.项目编码 || null,
              isOpen: d.开放 ?? false,
              isSettled: d.清算 ?? false,
              isJointOperation: d.合作操盘 ?? false,
              isReserved: d.预留 ?? false,
            },
            select: { id: true },
          });
          await writeAudit(tx, who, {
            action: 'import_create',
            entity: 'Project',
            entityId: p.id,
            projectId: p.id,
            after: fields,
          });
          created++;
        }
      }
    },
    { timeout: 60_000 },
  );
  return { imported: created + updated, created, updated, errors: [] };
}
