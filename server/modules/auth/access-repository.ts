import type { Tx } from '../../lib/db';
import { rawPool } from '../../lib/raw-pg';
import type { RoleKind, UserStatus } from '../../generated/prisma/enums';

/** Takes the deps (not the client) so callers outside the data layer never touch the database handle. */
type WithDb = { db: Tx };

/**
 * What the access layer (server/auth) reads: the caller's account and roles, project grants, and the project a
 * record belongs to. server/auth never calls the database itself; it asks these.
 */

/**
 * The caller's account and roles, read on every authenticated request: one raw query (the roles aggregated in
 * PostgreSQL) through the plain pg pool rather than Prisma's nested select — the hot path of every API call.
 */
export async function findActorUser(deps: { databaseUrl: string }, userId: number) {
  const { rows } = await rawPool(deps.databaseUrl).query<{
    id: number;
    name: string;
    username: string | null;
    dingUserId: string | null;
    status: UserStatus;
    mustChangePassword: boolean;
    roles: Array<{ id: number; kind: RoleKind; orgUnitId: number | null }>;
    overviewVersion: string;
  }>({
    // a named statement: parsed and planned once per pooled connection (this runs on every authenticated request)
    name: 'actor-user',
    text: `SELECT u.id, u.name, u.username, u."dingUserId", u.status::text AS status, u."mustChangePassword",
            COALESCE(json_agg(json_build_object('id', r.id, 'kind', r.kind, 'orgUnitId', r."orgUnitId") ORDER BY r.id)
                       FILTER (WHERE r.id IS NOT NULL), '[]') AS roles,
            (SELECT COALESCE(sum(c.weight), 0)::text FROM "PartnerChange" c WHERE c."userId" = u.id) AS "overviewVersion"
       FROM "User" u
       LEFT JOIN "UserRole" ur ON ur."userId" = u.id
       LEFT JOIN "Role" r ON r.id = ur."roleId"
      WHERE u.id = $1
      GROUP BY u.id`,
    values: [userId],
  });
  const u = rows[0];
  return u ? { ...u, roles: u.roles.map((role) => ({ role })) } : null;
}

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
/** Who asked for an export file; undefined when there is none. */
export const requesterOfExportFile = async ({ db }: WithDb, id: number): Promise<number | undefined> =>
  (await db.exportFile.findUnique({ where: { id }, select: { requestedById: true } }))?.requestedById;
