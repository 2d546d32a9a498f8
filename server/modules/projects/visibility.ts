import type { Prisma } from '../../generated/prisma/client';
import { ACCOUNTANT_KINDS, hasRole, type Actor } from '../../auth/actor';

/**
 * Which projects a back-office user may see: the system and business admins see all; an accountant only the
 * projects granted to one of their accountant roles (账号及角色). Partners see projects through their holdings.
 */
export function visibleProjectsWhere(actor: Actor): Prisma.ProjectWhereInput {
  if (hasRole(actor, 'SYSTEM_ADMIN', 'BUSINESS_ADMIN')) return {};
  const roleIds = actor.roles.filter((r) => ACCOUNTANT_KINDS.includes(r.kind)).map((r) => r.id);
  return { grants: { some: { userId: actor.userId, roleId: { in: roleIds } } } };
}
