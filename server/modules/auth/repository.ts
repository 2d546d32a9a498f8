import type { Prisma } from '../../generated/prisma/client';
import type { Tx } from '../../lib/db';
import type { TMe, TRoleKind } from '../../../shared/api/identity';

export const meSelect = {
  id: true,
  name: true,
  username: true,
  dingUserId: true,
  mobile: true,
  title: true,
  status: true,
  mustChangePassword: true,
  passwordHash: true,
  failedLogins: true,
  lockedUntil: true,
  version: true,
  orgUnit: { select: { id: true, name: true } },
  roles: { select: { role: { select: { id: true, name: true, kind: true } } } },
} satisfies Prisma.UserSelect;
export type UserForAuth = Prisma.UserGetPayload<{ select: typeof meSelect }>;

export const findUserByUsername = (db: Tx, username: string) =>
  db.user.findFirst({ where: { username: { equals: username, mode: 'insensitive' } }, select: meSelect });
export const findUserById = (db: Tx, id: number) => db.user.findUnique({ where: { id }, select: meSelect });
export const findUserByDingUserId = (db: Tx, dingUserId: string) =>
  db.user.findUnique({ where: { dingUserId }, select: meSelect });

/** Counts a failed password and returns the new count (atomic, so parallel guesses all count). */
export async function recordFailedLogin(db: Tx, userId: number): Promise<number> {
  const u = await db.user.update({
    where: { id: userId },
    data: { failedLogins: { increment: 1 } },
    select: { failedLogins: true },
  });
  return u.failedLogins;
}

export const lockUser = (db: Tx, userId: number, until: Date) =>
  db.user.update({ where: { id: userId }, data: { lockedUntil: until, version: { increment: 1 } } });

export const recordSuccessfulLogin = (db: Tx, userId: number) =>
  db.user.update({ where: { id: userId }, data: { failedLogins: 0, lockedUntil: null, lastLoginAt: new Date() } });

export function toMe(u: UserForAuth): TMe {
  return {
    id: u.id,
    name: u.name,
    username: u.username,
    dingUserId: u.dingUserId,
    mobile: u.mobile,
    title: u.title,
    orgUnit: u.orgUnit,
    roles: [...new Set(u.roles.map((r) => r.role.kind as TRoleKind))],
    roleNames: u.roles.map((r) => r.role.name),
    mustChangePassword: u.mustChangePassword,
  };
}
