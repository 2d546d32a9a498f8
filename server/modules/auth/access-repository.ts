import type { Tx } from '../../lib/db';

/** Takes the deps (not the client) so callers outside the data layer never touch the database handle. */
type WithDb = { db: Tx };

/**
 * What the access layer (server/auth) reads: the caller's account and roles, project grants, and the project a
 * record belongs to. server/auth never calls the database itself; it asks these.
 */

export const findActorUser = ({ db }: WithDb, userId: number) =>
  db.user.findUnique({
    where: { id: userId },
    select: {
      id: true,
      name: true,
      username: true,
      dingUserId: true,
      status: true,
      mustChangePassword: true,
      roles: { select: { role: { select: { id: true, kind: true, orgUnitId: true } } } },
    },
  });

/** Whether the user holds one of these roles on the project (项目授权). */
export async function hasProjectGrant(
  { db }: WithDb,
  grant: { projectId: number; userId: number; roleIds: number[] },
): Promise<boolean> {
  if (!grant.roleIds.length) return false;
  const row = await db.projectGrant.findFirst({
    where: { projectId: grant.projectId, userId: grant.userId, roleId: { in: grant.roleIds } },
    select: { projectId: true },
  });
  return !!row;
}

/** The project of a review; undefined when there is no such review. */
export const projectOfReview = async ({ db }: WithDb, reviewId: number): Promise<number | undefined> =>
  (await db.review.findUnique({ where: { id: reviewId }, select: { projectId: true } }))?.projectId;

/** The project of a notification batch; null for a batch that belongs to no project; undefined when there is none. */
export const projectOfNotificationBatch = async (
  { db }: WithDb,
  batchId: number,
): Promise<number | null | undefined> => {
  const batch = await db.notificationBatch.findUnique({ where: { id: batchId }, select: { projectId: true } });
  return batch ? batch.projectId : undefined;
};

/**
 * 凭证: the accounting entities (城市公司 / 直属项目公司) whose books an accountant keeps — an entity at or below the
 * place of one of their accountant roles, with at least one project granted to them through such a role.
 */
export async function ownedVoucherEntities(
  { db }: WithDb,
  who: { userId: number; roles: { id: number; orgUnitId: number | null }[] },
): Promise<number[]> {
  if (!who.roles.length) return [];
  const granted = await db.projectGrant.findMany({
    where: { userId: who.userId, roleId: { in: who.roles.map((r) => r.id) } },
    select: { project: { select: { orgUnitId: true } } },
  });
  const candidates = [...new Set(granted.map((g) => g.project.orgUnitId))];
  if (!candidates.length) return [];
  const units = await db.orgUnit.findMany({ select: { id: true, parentId: true, kind: true } });
  const byId = new Map(units.map((u) => [u.id, u]));
  const places = new Set(who.roles.flatMap((r) => (r.orgUnitId === null ? [] : [r.orgUnitId])));
  return candidates.filter((id) => {
    const unit = byId.get(id);
    if (!unit || (unit.kind !== 'CITY' && unit.kind !== 'DIRECT')) return false;
    for (let u: typeof unit | undefined = unit, hops = 0; u && hops < 20; u = byId.get(u.parentId ?? -1), hops++)
      if (places.has(u.id)) return true;
    return false;
  });
}
