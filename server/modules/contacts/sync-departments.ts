import type { Deps } from '../../deps';
import type { DingtalkDepartment } from '../../dingtalk/client';
import { createDepartmentUnit, findDingtalkUnits, renameDepartmentUnit } from './repository';

/** Departments unknown to us become DEPARTMENT units under their parent, so users can be placed. */
export async function syncDepartments(deps: Deps, depts: DingtalkDepartment[]): Promise<Map<number, number>> {
  const units = await findDingtalkUnits(deps.db);
  const byDept = new Map(units.map((u) => [Number(u.dingDeptId), u]));
  for (const d of depts) {
    const existing = byDept.get(d.deptId);
    const parent = byDept.get(d.parentId);
    if (!existing) {
      const created = await createDepartmentUnit(deps.db, {
        name: d.name,
        deptId: d.deptId,
        parentId: parent?.id ?? null,
      });
      byDept.set(d.deptId, created);
    } else if (existing.kind === 'DEPARTMENT' && existing.name !== d.name) {
      await renameDepartmentUnit(deps.db, existing.id, d.name);
    }
  }
  return new Map([...byDept].map(([dept, u]) => [dept, u.id]));
}
