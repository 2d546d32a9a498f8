import type { z } from 'zod';
import type { Deps } from '../../deps';
import { sessionStore } from '../../auth/authenticate';
import { assertMayResetPassword, assertNotOwnRoles } from '../../auth/policy';
import { hasRole, type Actor } from '../../auth/actor';
import type { Tx } from '../../lib/db';
import { isMoneyRole } from '../../../shared/api/duties';
import { requestGrants } from '../duties/request-grants';
import { generateInitialPassword, hashPassword } from '../../auth/password';
import { AppError, notFound, versionConflict } from '../../lib/errors';
import type {
  TProjectGrants,
  TRole,
  TRoleKind,
  TUserStatus,
  ZRoleCreate,
  ZUserCreate,
  ZUserListQuery,
  ZUserUpdate,
} from '../../../shared/api/identity';
import { writeAudit, type AuditActor } from '../../lib/audit';
import * as repo from './repository';
import { clearLoginFailures } from '../../auth/login-limits';

export { generateInitialPassword };

export async function listUsers(deps: Deps, q: z.infer<typeof ZUserListQuery>) {
  const where = repo.userSearchWhere(q.q, q.roleId, q.status);
  const [rows, total] = await Promise.all([
    deps.db.user.findMany({
      where,
      select: repo.userSelect,
      orderBy: { id: 'asc' },
      skip: (q.page - 1) * q.pageSize,
      take: q.pageSize,
    }),
    deps.db.user.count({ where }),
  ]);
  return { items: rows.map(repo.toUserDto), total, page: q.page, pageSize: q.pageSize };
}

export async function getUser(deps: Deps, id: number) {
  const u = await repo.findUser(deps.db, id);
  if (!u) throw notFound('用户');
  return repo.toUserDto(u);
}

/** The roles picked, checked to exist. */
async function assertRoles(tx: Tx, roleIds: number[]) {
  const found = await tx.role.findMany({
    where: { id: { in: roleIds } },
    select: { id: true, name: true, kind: true },
    orderBy: { id: 'asc' },
  });
  if (found.length !== new Set(roleIds).size)
    throw new AppError('VALIDATION_FAILED', '所选角色不存在', [{ path: 'roleIds', message: '所选角色不存在' }]);
  return found.map((r) => ({ ...r, kind: r.kind as TRoleKind }));
}

/** Separation of duties: the system admin keeps no money role, and a money-role holder is no system admin. */
function assertNoSystemAdminWithMoney(kinds: string[]): void {
  if (kinds.includes('SYSTEM_ADMIN') && kinds.some(isMoneyRole))
    throw new AppError('VALIDATION_FAILED', '系统管理员不能兼任业务管理员或经营会计（职责分离）', [
      { path: 'roleIds', message: '系统管理员不能兼任业务管理员或经营会计' },
    ]);
}

/** Money roles (业务管理员, 经营会计) asked for and still waiting for a business admin. */
const pendingRoleIds = async (tx: Tx, userId: number) =>
  (
    await tx.grantRequest.findMany({ where: { userId, kind: 'ROLE', status: 'PENDING' }, select: { roleId: true } })
  ).map((r) => r.roleId);

/**
 * A console user gets an initial password shown once; they must change it at first login. Money roles (业务管理员,
 * 经营会计) are not given here: they become requests a business admin approves (待批准授权) — and the approval
 * replaces this password, which the system admin has seen.
 */
export async function createUser(deps: Deps, who: AuditActor, input: z.infer<typeof ZUserCreate>) {
  const initialPassword = input.username ? generateInitialPassword() : undefined;
  const passwordHash = initialPassword ? await hashPassword(initialPassword) : null;
  const { user, pendingRoles } = await deps.db.$transaction(async (tx) => {
    const picked = await assertRoles(tx, input.roleIds);
    assertNoSystemAdminWithMoney(picked.map((r) => r.kind));
    const money = picked.filter((r) => isMoneyRole(r.kind));
    const plain = picked.filter((r) => !isMoneyRole(r.kind));
    const created = await tx.user.create({
      data: {
        username: input.username ?? null,
        name: input.name,
        mobile: input.mobile ?? null,
        dingUserId: input.dingUserId || null,
        orgUnitId: input.orgUnitId ?? null,
        passwordHash,
        mustChangePassword: !!passwordHash,
        roles: { create: plain.map((r) => ({ roleId: r.id })) },
      },
      select: repo.userSelect,
    });
    const dto = repo.toUserDto(created);
    await writeAudit(tx, who, {
      action: 'create',
      entity: 'User',
      entityId: created.id,
      after: { ...dto, pendingRoles: money.map((r) => r.name) },
    });
    await requestGrants(
      deps,
      tx,
      who,
      money.map((r) => ({ kind: 'ROLE' as const, userId: created.id, roleId: r.id })),
    );
    return { user: dto, pendingRoles: money };
  });
  return { user, initialPassword, pendingRoles };
}

/** Edits a user. Leaving (离职) or disabling ends every session at once; history stays. */
export async function updateUser(deps: Deps, who: AuditActor, id: number, input: z.infer<typeof ZUserUpdate>) {
  const result = await deps.db.$transaction(async (tx) => {
    const before = await repo.findUser(tx, id);
    if (!before) throw notFound('用户');
    if (who.actorId === id && input.status && input.status !== 'ACTIVE')
      throw new AppError('INVALID_STATE', '不能停用自己的账号');
    // roles: removals apply at once; a money role added waits for a business admin (待批准授权)
    let addPlain: number[] = [];
    let addMoney: { id: number; name: string }[] = [];
    if (input.roleIds) {
      assertNotOwnRoles(who.actorId, id);
      const picked = await assertRoles(tx, input.roleIds);
      const pending = await pendingRoleIds(tx, id);
      const held = before.roles.map((r) => r.role.id);
      const added = picked.filter((r) => !held.includes(r.id));
      assertNoSystemAdminWithMoney([
        ...picked.map((r) => r.kind),
        ...(picked.some((r) => r.kind === 'SYSTEM_ADMIN') && pending.length ? ['BUSINESS_ADMIN'] : []),
      ]);
      addPlain = added.filter((r) => !isMoneyRole(r.kind)).map((r) => r.id);
      addMoney = added.filter((r) => isMoneyRole(r.kind));
    }
    const leaving = input.status && input.status !== 'ACTIVE' && before.status === 'ACTIVE';
    const { count } = await tx.user.updateMany({
      where: { id, version: input.version },
      data: {
        name: input.name,
        mobile: input.mobile,
        orgUnitId: input.orgUnitId,
        status: input.status,
        leftAt:
          input.status === 'LEFT' && before.status !== 'LEFT'
            ? new Date()
            : input.status === 'ACTIVE'
              ? null
              : undefined,
        version: { increment: 1 },
      },
    });
    if (!count) throw versionConflict('用户', before.version);
    if (input.roleIds) {
      await tx.userRole.deleteMany({ where: { userId: id, roleId: { notIn: input.roleIds } } });
      await tx.userRole.createMany({
        data: addPlain.map((roleId) => ({ userId: id, roleId })),
        skipDuplicates: true,
      });
    }
    const after = repo.toUserDto((await repo.findUser(tx, id))!);
    const beforeDto = repo.toUserDto(before);
    await writeAudit(tx, who, {
      action: leaving ? (input.status === 'LEFT' ? 'leave' : 'disable') : 'update',
      entity: 'User',
      entityId: id,
      before: beforeDto,
      after: addMoney.length ? { ...after, pendingRoles: addMoney.map((r) => r.name) } : after,
    });
    await requestGrants(
      deps,
      tx,
      who,
      addMoney.map((r) => ({ kind: 'ROLE' as const, userId: id, roleId: r.id })),
    );
    return { after, leaving };
  });
  if (result.leaving) await sessionStore(deps).revokeAll(id);
  return result.after;
}

/**
 * 重置密码: whoever resets knows the new password, so a money-role holder's is reset only by a business admin and
 * everyone else's only by the system admin (server/auth/policy.ts assertMayResetPassword).
 */
export async function resetPassword(deps: Deps, who: AuditActor, actor: Actor, id: number) {
  const initialPassword = generateInitialPassword();
  const passwordHash = await hashPassword(initialPassword);
  await deps.db.$transaction(async (tx) => {
    const u = await tx.user.findUnique({
      where: { id },
      select: { id: true, username: true, status: true, roles: { select: { role: { select: { kind: true } } } } },
    });
    if (!u) throw notFound('用户');
    assertMayResetPassword(
      {
        userId: actor.userId,
        isBusinessAdmin: hasRole(actor, 'BUSINESS_ADMIN'),
        isSystemAdmin: hasRole(actor, 'SYSTEM_ADMIN'),
      },
      { id: u.id, holdsMoneyRole: u.roles.some((r) => isMoneyRole(r.role.kind)) },
    );
    if (!u.username) throw new AppError('INVALID_STATE', '该用户没有后台账号（仅钉钉登录），无需密码');
    await tx.user.update({
      where: { id },
      data: { passwordHash, mustChangePassword: true, failedLogins: 0, lockedUntil: null, version: { increment: 1 } },
    });
    await writeAudit(tx, who, { action: 'reset_password', entity: 'User', entityId: id });
  });
  await sessionStore(deps).revokeAll(id);
  return { initialPassword };
}

export async function unlockUser(deps: Deps, who: AuditActor, id: number) {
  return deps.db.$transaction(async (tx) => {
    const u = await tx.user.findUnique({
      where: { id },
      select: { lockedUntil: true, failedLogins: true, username: true },
    });
    if (!u) throw notFound('用户');
    if (u.username) await clearLoginFailures(deps, undefined, u.username);
    await tx.user.update({ where: { id }, data: { failedLogins: 0, lockedUntil: null, version: { increment: 1 } } });
    await writeAudit(tx, who, {
      action: 'unlock',
      entity: 'User',
      entityId: id,
      before: { lockedUntil: u.lockedUntil, failedLogins: u.failedLogins },
      after: { lockedUntil: null, failedLogins: 0 },
    });
    return repo.toUserDto((await repo.findUser(tx, id))!);
  });
}

// ---- roles -------------------------------------------------------------------------------------------------
export async function listRoles(deps: Deps): Promise<TRole[]> {
  const rows = await deps.db.role.findMany({
    orderBy: { id: 'asc' },
    select: {
      id: true,
      code: true,
      name: true,
      kind: true,
      orgUnit: { select: { id: true, name: true } },
      _count: { select: { users: true } },
    },
  });
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    name: r.name,
    kind: r.kind as TRoleKind,
    orgUnit: r.orgUnit,
    userCount: r._count.users,
  }));
}

export async function createRole(deps: Deps, who: AuditActor, input: z.infer<typeof ZRoleCreate>) {
  return deps.db.$transaction(async (tx) => {
    const r = await tx.role.create({
      data: { code: input.code, name: input.name, kind: input.kind, orgUnitId: input.orgUnitId ?? null },
    });
    await writeAudit(tx, who, { action: 'create', entity: 'Role', entityId: r.id, after: r });
    return r;
  });
}

// ---- grants (账号及角色: pick a project, tick users per role) ------------------------------------------------
const GRANTABLE: TRoleKind[] = ['BUSINESS_ADMIN', 'HOLDING_ACCOUNTANT', 'GROUP_ACCOUNTANT', 'CITY_ACCOUNTANT'];

export async function projectGrants(deps: Deps, projectId: number): Promise<TProjectGrants> {
  const project = await deps.db.project.findUnique({ where: { id: projectId }, select: { id: true, name: true } });
  if (!project) throw notFound('项目');
  const [roles, grants, pending] = await Promise.all([
    deps.db.role.findMany({
      where: { kind: { in: GRANTABLE } },
      orderBy: { id: 'asc' },
      select: {
        id: true,
        name: true,
        kind: true,
        users: { select: { user: { select: { id: true, name: true, status: true } } }, orderBy: { userId: 'asc' } },
      },
    }),
    deps.db.projectGrant.findMany({ where: { projectId }, select: { roleId: true, userId: true } }),
    deps.db.grantRequest.findMany({
      where: { status: 'PENDING', OR: [{ kind: 'PROJECT', projectId }, { kind: 'ROLE' }] },
      select: { kind: true, roleId: true, userId: true },
    }),
  ]);
  const granted = new Set(grants.map((g) => `${g.roleId}:${g.userId}`));
  const asked = new Set(pending.filter((p) => p.kind === 'PROJECT').map((g) => `${g.roleId}:${g.userId}`));
  // people whose role itself still waits for approval are listed too, so their project grant can be asked for
  const roleAsked = pending.filter((p) => p.kind === 'ROLE');
  const roleAskedUsers = roleAsked.length
    ? await deps.db.user.findMany({
        where: { id: { in: roleAsked.map((p) => p.userId) } },
        select: { id: true, name: true, status: true },
      })
    : [];
  return {
    project,
    roles: roles.map((r) => ({
      role: { id: r.id, name: r.name, kind: r.kind as TRoleKind },
      users: [
        ...r.users.map(({ user }) => user),
        ...roleAskedUsers.filter(
          (u) =>
            roleAsked.some((p) => p.roleId === r.id && p.userId === u.id) && !r.users.some((x) => x.user.id === u.id),
        ),
      ].map((user) => ({
        id: user.id,
        name: user.name,
        status: user.status as TUserStatus,
        granted: granted.has(`${r.id}:${user.id}`),
        pending: asked.has(`${r.id}:${user.id}`),
      })),
    })),
  };
}

/**
 * Sets the users granted a role on a project: a removal applies at once; an addition gives money rights, so it becomes
 * a request a business admin approves (待批准授权). Both are audited.
 */
export async function setProjectGrants(
  deps: Deps,
  who: AuditActor,
  projectId: number,
  roleId: number,
  userIds: number[],
) {
  const wanted = [...new Set(userIds)];
  await deps.db.$transaction(async (tx) => {
    const project = await tx.project.findUnique({ where: { id: projectId }, select: { id: true } });
    const role = await tx.role.findUnique({ where: { id: roleId }, select: { id: true, name: true, kind: true } });
    if (!project) throw notFound('项目');
    if (!role) throw notFound('角色');
    if (!GRANTABLE.includes(role.kind as TRoleKind))
      throw new AppError('VALIDATION_FAILED', `不能按项目授权“${role.name}”`);
    const holders = await tx.userRole.findMany({ where: { roleId, userId: { in: wanted } }, select: { userId: true } });
    const asked = await tx.grantRequest.findMany({
      where: { kind: 'ROLE', status: 'PENDING', roleId, userId: { in: wanted } },
      select: { userId: true },
    });
    const missing = wanted.filter((u) => !holders.some((h) => h.userId === u) && !asked.some((h) => h.userId === u));
    if (missing.length)
      throw new AppError('VALIDATION_FAILED', `所选用户不具有角色“${role.name}”`, { userIds: missing });
    const current = (await tx.projectGrant.findMany({ where: { projectId, roleId }, select: { userId: true } })).map(
      (g) => g.userId,
    );
    const add = wanted.filter((u) => !current.includes(u));
    const remove = current.filter((u) => !wanted.includes(u));
    if (remove.length) await tx.projectGrant.deleteMany({ where: { projectId, roleId, userId: { in: remove } } });
    if (remove.length) {
      await writeAudit(tx, who, {
        action: 'grant',
        entity: 'ProjectGrant',
        entityId: `${projectId}:${roleId}`,
        projectId,
        before: { role: role.name, userIds: current },
        after: { role: role.name, userIds: current.filter((u) => !remove.includes(u)), removed: remove },
      });
    }
    await requestGrants(
      deps,
      tx,
      who,
      add.map((userId) => ({ kind: 'PROJECT' as const, userId, roleId, projectId })),
    );
  });
  return projectGrants(deps, projectId);
}
