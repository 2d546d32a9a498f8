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

/** Who asked for an export file; undefined when there is none. */
export const requesterOfExportFile = async ({ db }: WithDb, id: number): Promise<number | undefined> =>
  (await db.exportFile.findUnique({ where: { id }, select: { requestedById: true } }))?.requestedById;
