/**
 * 强投名单 (管理): per company, the positions and people who must invest in its projects (项目总经理, 城市公司总经理 …)
 * with their default level and limits. A new round's partner list starts from it (合伙名单 → 按强投名单添加), and a
 * round without someone on it is flagged to the accountant. Kept by the business admin; every change audited.
 */
import type { Deps } from '../../deps';
import { writeAudit, type AuditActor } from '../../lib/audit';
import { AppError, versionConflict } from '../../lib/errors';
import type { TMandatoryInvestor } from '../../../shared/api/mandatory';
import { dec, moneyString } from '../../../shared/money';
import {
  deleteEntry,
  entryOf,
  findEntries,
  findEntry,
  insertEntry,
  orgUnitExists,
  updateEntry,
  userOf,
  type EntryRow,
} from './repository';

const toDto = (r: EntryRow): TMandatoryInvestor => ({
  id: r.id,
  orgUnitId: r.orgUnitId,
  orgUnitName: r.orgUnitName,
  userId: r.userId,
  name: r.user.name,
  jobNumber: r.user.jobNumber,
  userStatus: r.user.status,
  position: r.position,
  level: r.level,
  minAmount: moneyString(r.minAmount),
  maxAmount: moneyString(r.maxAmount),
  version: r.version,
});

export const listMandatory = async (deps: Deps, orgUnitId?: number) => ({
  items: (await findEntries(deps.db, orgUnitId ? [orgUnitId] : undefined)).map(toDto),
});

function checkLimits(min: string, max: string) {
  if (dec(max).lessThan(min))
    throw new AppError('VALIDATION_FAILED', '默认上限不能低于默认下限', [
      { path: 'maxAmount', message: '上限不能低于下限' },
    ]);
}

const view = (e: { position: string; level: string; minAmount: unknown; maxAmount: unknown }) => ({
  position: e.position,
  level: e.level,
  minAmount: moneyString(String(e.minAmount)),
  maxAmount: moneyString(String(e.maxAmount)),
});

export async function addMandatory(
  deps: Deps,
  who: AuditActor,
  input: {
    orgUnitId: number;
    userId: number;
    position: string;
    level: EntryRow['level'];
    minAmount: string;
    maxAmount: string;
  },
) {
  checkLimits(input.minAmount, input.maxAmount);
  const id = await deps.db.$transaction(async (tx) => {
    if (!(await orgUnitExists(tx, input.orgUnitId)))
      throw new AppError('VALIDATION_FAILED', '请选择公司（控股集团、置业集团、城市公司或直属项目公司）', [
        { path: 'orgUnitId', message: '公司不存在' },
      ]);
    const user = await userOf(tx, input.userId);
    if (!user) throw new AppError('VALIDATION_FAILED', '人员不存在', [{ path: 'userId', message: '人员不存在' }]);
    if (user.status !== 'ACTIVE')
      throw new AppError('VALIDATION_FAILED', `${user.name} 已离职或停用`, [
        { path: 'userId', message: '已离职或停用' },
      ]);
    if (await entryOf(tx, input.orgUnitId, input.userId))
      throw new AppError('CONFLICT', `${user.name} 已在该公司的强投名单中`, [
        { path: 'userId', message: '已在名单中' },
      ]);
    const row = await insertEntry(tx, input);
    await writeAudit(tx, who, {
      action: 'create',
      entity: 'MandatoryInvestor',
      entityId: row.id,
      after: { orgUnitId: input.orgUnitId, userId: input.userId, name: user.name, ...view(input) },
    });
    return row.id;
  });
  return toDto((await findEntries(deps.db)).find((r) => r.id === id)!);
}

export async function editMandatory(
  deps: Deps,
  who: AuditActor,
  id: number,
  input: { position: string; level: EntryRow['level']; minAmount: string; maxAmount: string; version: number },
) {
  checkLimits(input.minAmount, input.maxAmount);
  await deps.db.$transaction(async (tx) => {
    const before = await findEntry(tx, id);
    const { version, ...data } = input;
    if (!(await updateEntry(tx, id, version, data))) throw versionConflict('强投名单条目', before.version);
    await writeAudit(tx, who, {
      action: 'update',
      entity: 'MandatoryInvestor',
      entityId: id,
      before: view(before),
      after: view(data),
    });
  });
  return toDto((await findEntries(deps.db)).find((r) => r.id === id)!);
}

export async function removeMandatory(deps: Deps, who: AuditActor, id: number) {
  await deps.db.$transaction(async (tx) => {
    const before = await findEntry(tx, id);
    await deleteEntry(tx, id);
    await writeAudit(tx, who, {
      action: 'delete',
      entity: 'MandatoryInvestor',
      entityId: id,
      before: { orgUnitId: before.orgUnitId, userId: before.userId, ...view(before) },
    });
  });
}
