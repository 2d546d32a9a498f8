/**
 * 批准 / 拒绝 a money-rights request (business admin; not the requester, not the person concerned). Approving applies
 * it in the same transaction — the role (UserRole) or the project grant (ProjectGrant) — with the audit row of the
 * decision carrying the rights before and after.
 *
 * A console account that gets its first money role has its password replaced: whoever set the old one (the system
 * admin who created the account, or reset it) could otherwise log in as the new 经营会计. The new initial password is
 * shown once to the approving business admin, the user changes it at first login, and every session ends.
 */
import type { Deps } from '../../deps';
import type { Tx } from '../../lib/db';
import { AppError, notFound } from '../../lib/errors';
import { writeAudit, type AuditActor } from '../../lib/audit';
import { assertMayDecideGrant } from '../../auth/policy';
import { generateInitialPassword, hashPassword } from '../../auth/password';
import { sessionStore } from '../../auth/authenticate';
import { isMoneyRole } from '../../../shared/api/duties';
import { transitionGrantRequest } from './grant-request-state';
import { describeRequests, hydrate } from './request-grants';

async function loadPending(tx: Tx, who: AuditActor, id: number) {
  const req = await tx.grantRequest.findUnique({ where: { id } });
  if (!req) throw notFound('授权申请');
  assertMayDecideGrant(who.actorId, req);
  return req;
}

/** The person's roles and the project's grants of the role, as the audit row shows them. */
async function rightsOf(tx: Tx, userId: number, roleId: number, projectId: number | null) {
  const roles = await tx.userRole.findMany({
    where: { userId },
    select: { role: { select: { id: true, name: true, kind: true } } },
    orderBy: { roleId: 'asc' },
  });
  const grants = projectId
    ? (await tx.projectGrant.findMany({ where: { projectId, roleId }, select: { userId: true } })).map((g) => g.userId)
    : undefined;
  return { roles: roles.map((r) => r.role), grantedUserIds: grants };
}

export async function approveGrantRequest(deps: Deps, who: AuditActor, id: number, version: number) {
  const out = await deps.db.$transaction(async (tx) => {
    const req = await loadPending(tx, who, id);
    const [user, role] = await Promise.all([
      tx.user.findUnique({
        where: { id: req.userId },
        select: { id: true, name: true, status: true, passwordHash: true },
      }),
      tx.role.findUnique({ where: { id: req.roleId }, select: { id: true, name: true, kind: true } }),
    ]);
    if (!user || !role) throw new AppError('INVALID_STATE', '申请所涉的用户或角色已不存在，请拒绝该申请');
    if (req.status === 'PENDING' && user.status !== 'ACTIVE')
      throw new AppError('INVALID_STATE', `${user.name} 已离职或停用，请拒绝该申请`);
    const before = await rightsOf(tx, user.id, role.id, req.projectId);
    if (req.status === 'PENDING' && before.roles.some((r) => r.kind === 'SYSTEM_ADMIN'))
      throw new AppError('INVALID_STATE', `${user.name} 是系统管理员，不能兼任业务管理员或经营会计，请拒绝该申请`);
    const heldMoneyRole = before.roles.some((r) => isMoneyRole(r.kind));
    // the state first: a request decided already is refused before anything is written
    await transitionGrantRequest(tx, id, 'approve', {
      actor: who,
      expected: { status: req.status, version },
      data: { decidedById: who.actorId, decidedAt: new Date() },
      audit: { before: { user: user.name, role: role.name, ...before } },
    });
    if (req.kind === 'ROLE') {
      await tx.userRole.createMany({ data: [{ userId: user.id, roleId: role.id }], skipDuplicates: true });
    } else {
      if (!before.roles.some((r) => r.id === role.id))
        throw new AppError('INVALID_STATE', `${user.name} 尚未获得角色“${role.name}”，请先批准其角色授权`);
      await tx.projectGrant.createMany({
        data: [{ projectId: req.projectId!, roleId: role.id, userId: user.id }],
        skipDuplicates: true,
      });
    }
    const after = await rightsOf(tx, user.id, role.id, req.projectId);
    await writeAudit(tx, who, {
      action: req.kind === 'ROLE' ? 'grant_role' : 'grant',
      entity: req.kind === 'ROLE' ? 'User' : 'ProjectGrant',
      entityId: req.kind === 'ROLE' ? user.id : `${req.projectId}:${role.id}`,
      projectId: req.projectId,
      before: { grantRequestId: id, ...before },
      after: { grantRequestId: id, ...after },
    });
    let initialPassword: string | undefined;
    if (!heldMoneyRole && isMoneyRole(role.kind) && user.passwordHash) {
      initialPassword = generateInitialPassword();
      await tx.user.update({
        where: { id: user.id },
        data: {
          passwordHash: await hashPassword(initialPassword),
          mustChangePassword: true,
          failedLogins: 0,
          lockedUntil: null,
          version: { increment: 1 },
        },
      });
      await writeAudit(tx, who, {
        action: 'reset_password',
        entity: 'User',
        entityId: user.id,
        after: { reason: '首次获得资金相关角色：密码由批准的业务管理员重新发放', grantRequestId: id },
      });
    }
    const [request] = await describeRequests(tx, [id]);
    return { request: request!, initialPassword, userId: user.id };
  });
  if (out.initialPassword) await sessionStore(deps).revokeAll(out.userId);
  return { request: out.request, initialPassword: out.initialPassword };
}

export async function refuseGrantRequest(deps: Deps, who: AuditActor, id: number, version: number, reason: string) {
  return deps.db.$transaction(async (tx) => {
    const req = await loadPending(tx, who, id);
    const [described] = await describeRequests(tx, [id]);
    await transitionGrantRequest(tx, id, 'refuse', {
      actor: who,
      expected: { status: req.status, version },
      data: { decidedById: who.actorId, decidedAt: new Date(), reason },
      audit: {
        before: { user: described!.user.name, role: described!.role.name, project: described!.project?.name ?? null },
        after: { reason },
      },
    });
    const [request] = await describeRequests(tx, [id]);
    return { request: request! };
  });
}

export async function listGrantRequests(deps: Deps, status: 'PENDING' | 'APPROVED' | 'REFUSED') {
  const rows = await deps.db.grantRequest.findMany({
    where: { status },
    orderBy: { id: status === 'PENDING' ? 'asc' : 'desc' },
    take: 200,
  });
  return hydrate(deps.db, rows);
}
