import { demoApprovalTemplateRows } from './approval-templates';
import { hashPassword } from '../auth/password';
import type { Db } from '../lib/db';
import { DEMO_PASSWORD, demoBatches, demoOrgUnits, demoProjects, demoRoles, demoUnionId, demoUsers } from './demo-data';

export interface SeedResult {
  orgUnits: number;
  projects: number;
  users: number;
  grants: number;
}

/** Loads the demo data. Idempotent: every row is keyed by a natural key, so a second run changes nothing. */
export async function seedDemo(db: Db): Promise<SeedResult> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  return db.$transaction(
    async (tx) => {
      const orgIds = new Map<string, number>();
      for (const [i, o] of demoOrgUnits.entries()) {
        const data = {
          name: o.name,
          kind: o.kind,
          parentId: o.parent ? orgIds.get(o.parent)! : null,
          dingDeptId: BigInt(o.dingDeptId),
          sortOrder: i,
        };
        const row = await tx.orgUnit.upsert({ where: { code: o.code }, create: { code: o.code, ...data }, update: {} });
        orgIds.set(o.code, row.id);
      }
      const batchIds = new Map<string, number>();
      for (const [i, name] of demoBatches.entries()) {
        const row = await tx.projectBatch.upsert({ where: { name }, create: { name, sortOrder: i }, update: {} });
        batchIds.set(name, row.id);
      }
      const projectIds = new Map<string, number>();
      for (const [i, p] of demoProjects.entries()) {
        const row = await tx.project.upsert({
          where: { name: p.name },
          create: {
            code: `P${String(i + 1).padStart(4, '0')}`,
            name: p.name,
            orgUnitId: orgIds.get(p.company)!,
            acquiredOn: new Date(`${p.acquiredOn}T00:00:00Z`),
            batchId: batchIds.get(p.batch)!,
            isOpen: p.isOpen,
            isSettled: p.isSettled,
            isJointOperation: p.isJointOperation,
            operator: p.operator,
            acquisitionMethod: p.acquisitionMethod,
          },
          update: {},
        });
        projectIds.set(p.name, row.id);
      }
      const roleIds = new Map<string, number>();
      for (const r of demoRoles) {
        const row = await tx.role.upsert({
          where: { code: r.code },
          create: { code: r.code, name: r.name, kind: r.kind, orgUnitId: r.orgUnit ? orgIds.get(r.orgUnit)! : null },
          update: {},
        });
        roleIds.set(r.code, row.id);
      }
      let grants = 0;
      for (const u of demoUsers) {
        const dept = demoOrgUnits.find((o) => o.code === u.orgUnit)!;
        const user = await tx.user.upsert({
          where: { dingUserId: u.dingUserId },
          create: {
            username: u.username ?? null,
            name: u.name,
            mobile: u.mobile,
            title: u.title,
            dingUserId: u.dingUserId,
            dingUnionId: demoUnionId(u.dingUserId),
            orgUnitId: orgIds.get(u.orgUnit)!,
            dingDeptIds: [BigInt(dept.dingDeptId)],
            passwordHash: u.username ? passwordHash : null,
          },
          update: {},
        });
        for (const code of u.roles) {
          await tx.userRole.upsert({
            where: { userId_roleId: { userId: user.id, roleId: roleIds.get(code)! } },
            create: { userId: user.id, roleId: roleIds.get(code)! },
            update: {},
          });
        }
        const accountantRole = u.roles.find((c) => c.includes('ACCOUNTANT'));
        for (const projectName of u.grants ?? []) {
          if (!accountantRole) continue;
          const key = {
            projectId: projectIds.get(projectName)!,
            roleId: roleIds.get(accountantRole)!,
            userId: user.id,
          };
          await tx.projectGrant.upsert({ where: { projectId_roleId_userId: key }, create: key, update: {} });
          grants++;
        }
      }
      // 钉钉设置 → 审批模板: every flow type mapped to the demo tenant's template (registered in the emulator)
      for (const t of demoApprovalTemplateRows())
        await tx.approvalTemplate.upsert({
          where: { flowType: t.flowType },
          create: { ...t, version: 1 },
          update: {},
        });
      return { orgUnits: orgIds.size, projects: projectIds.size, users: demoUsers.length, grants };
    },
    { timeout: 60_000 },
  );
}

export async function hasAnyData(db: Db): Promise<boolean> {
  return (await db.orgUnit.count()) > 0;
}
