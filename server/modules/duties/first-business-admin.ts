/**
 * The first 业务管理员 of a fresh install. Business admins approve money rights (待批准授权), so the first one cannot
 * come through that approval nor through the system admin's console: it is made by whoever runs the server, from the
 * command line — `npm run admin:first-business-admin -- <username> <姓名> [手机号]` — and only while no active
 * business admin exists. The demo seed's 业务管理员 (hhadmin) is such a first one. Later ones: the system admin asks
 * (账号及角色 → 用户 → 角色), an existing business admin approves.
 */
import type { Tx } from '../../lib/db';
import { AppError } from '../../lib/errors';
import { systemActor, writeAudit } from '../../lib/audit';
import { generateInitialPassword, hashPassword } from '../../auth/password';

export async function createFirstBusinessAdmin(
  db: { $transaction: <T>(fn: (tx: Tx) => Promise<T>) => Promise<T> },
  input: { username: string; name: string; mobile?: string },
): Promise<{ userId: number; username: string; initialPassword: string }> {
  if (!/^[A-Za-z0-9_.-]{2,50}$/.test(input.username))
    throw new AppError('VALIDATION_FAILED', '用户名只能包含字母、数字、下划线、点和连字符（2–50 位）');
  if (!input.name.trim()) throw new AppError('VALIDATION_FAILED', '请输入姓名');
  const initialPassword = generateInitialPassword();
  const passwordHash = await hashPassword(initialPassword);
  const who = systemActor('首位业务管理员');
  return db.$transaction(async (tx) => {
    const existing = await tx.user.count({
      where: { status: 'ACTIVE', roles: { some: { role: { kind: 'BUSINESS_ADMIN' } } } },
    });
    if (existing)
      throw new AppError(
        'INVALID_STATE',
        '已有业务管理员：新的业务管理员由系统管理员申请、现有业务管理员批准（账号及角色 → 待批准授权）',
      );
    const role =
      (await tx.role.findFirst({ where: { kind: 'BUSINESS_ADMIN' }, orderBy: { id: 'asc' } })) ??
      (await tx.role.create({ data: { code: 'BUSINESS_ADMIN', name: '业务管理员', kind: 'BUSINESS_ADMIN' } }));
    const found = await tx.user.findUnique({
      where: { username: input.username },
      select: { id: true, roles: { select: { role: { select: { kind: true } } } } },
    });
    if (found?.roles.some((r) => r.role.kind === 'SYSTEM_ADMIN'))
      throw new AppError('INVALID_STATE', '系统管理员不能兼任业务管理员（职责分离），请另建账号');
    const user = found
      ? await tx.user.update({
          where: { id: found.id },
          data: { passwordHash, mustChangePassword: true, status: 'ACTIVE', version: { increment: 1 } },
          select: { id: true },
        })
      : await tx.user.create({
          data: {
            username: input.username,
            name: input.name.trim(),
            mobile: input.mobile ?? null,
            passwordHash,
            mustChangePassword: true,
          },
          select: { id: true },
        });
    await tx.userRole.createMany({ data: [{ userId: user.id, roleId: role.id }], skipDuplicates: true });
    await writeAudit(tx, who, {
      action: 'grant_role',
      entity: 'User',
      entityId: user.id,
      before: found ? { roles: found.roles.map((r) => r.role.kind) } : null,
      after: { username: input.username, role: role.name, reason: '首位业务管理员（命令行）' },
    });
    return { userId: user.id, username: input.username, initialPassword };
  });
}
