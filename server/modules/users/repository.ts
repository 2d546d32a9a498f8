import type { Prisma } from '../../generated/prisma/client';
import type { Tx } from '../../lib/db';
import type { TRoleKind, TUser, TUserStatus } from '../../../shared/api/identity';

export const userSelect = {
  id: true,
  username: true,
  name: true,
  mobile: true,
  title: true,
  dingUserId: true,
  status: true,
  leftAt: true,
  lockedUntil: true,
  passwordHash: true,
  version: true,
  orgUnit: { select: { id: true, name: true } },
  roles: { select: { role: { select: { id: true, name: true, kind: true } } }, orderBy: { roleId: 'asc' } },
} satisfies Prisma.UserSelect;
export type UserRow = Prisma.UserGetPayload<{ select: typeof userSelect }>;

export function toUserDto(u: UserRow): TUser {
  return {
    id: u.id,
    username: u.username,
    name: u.name,
    mobile: u.mobile,
    title: u.title,
    dingUserId: u.dingUserId,
    orgUnit: u.orgUnit,
    status: u.status as TUserStatus,
    leftAt: u.leftAt?.toISOString() ?? null,
    roles: u.roles.map((r) => ({ id: r.role.id, name: r.role.name, kind: r.role.kind as TRoleKind })),
    locked: !!u.lockedUntil && u.lockedUntil > new Date(),
    hasPassword: !!u.passwordHash,
    version: u.version,
  };
}

export const findUser = (db: Tx, id: number) => db.user.findUnique({ where: { id }, select: userSelect });

export function userSearchWhere(q?: string, roleId?: number, status?: TUserStatus): Prisma.UserWhereInput {
  const contains = q ? { contains: q, mode: 'insensitive' as const } : undefined;
  return {
    ...(contains
      ? { OR: [{ name: contains }, { username: contains }, { mobile: contains }, { dingUserId: contains }] }
      : {}),
    ...(roleId ? { roles: { some: { roleId } } } : {}),
    ...(status ? { status } : {}),
  };
}
