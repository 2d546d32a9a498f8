import type { Prisma } from '../../generated/prisma/client';
import type { Tx } from '../../lib/db';
import type { TSyncLog } from '../../../shared/api/identity';
import type { LocalContact, RemoteContact } from './plan';

// ---- users bound to DingTalk ------------------------------------------------------------------------------------

/** Our users that carry a DingTalk userid, in the shape the pure planner compares. */
export async function findLocalContacts(db: Tx): Promise<LocalContact[]> {
  const rows = await db.user.findMany({
    where: { dingUserId: { not: null } },
    select: {
      id: true,
      dingUserId: true,
      name: true,
      mobile: true,
      title: true,
      jobNumber: true,
      dingUnionId: true,
      dingDeptIds: true,
      status: true,
    },
  });
  return rows.map((r) => ({ ...r, dingUserId: r.dingUserId!, deptIds: r.dingDeptIds.map(Number) }));
}

export const findUserIdsByDingUserIds = (db: Tx, userids: string[]) =>
  db.user.findMany({ where: { dingUserId: { in: userids } }, select: { id: true } });

export const findGlobalPartnerRole = (db: Tx) =>
  db.role.findFirst({ where: { kind: 'PARTNER', orgUnitId: null }, select: { id: true } });

export const createContactUser = (
  tx: Tx,
  r: RemoteContact,
  orgUnitId: number | null,
  partnerRole: { id: number } | null,
) =>
  tx.user.create({
    data: {
      name: r.name,
      mobile: r.mobile ?? null,
      title: r.title ?? null,
      jobNumber: r.jobNumber ?? null,
      dingUserId: r.userid,
      dingUnionId: r.unionid ?? null,
      dingDeptIds: r.deptIdList.map(BigInt),
      orgUnitId,
      roles: partnerRole ? { create: [{ roleId: partnerRole.id }] } : undefined,
    },
    select: { id: true },
  });

/** The fields a contact update may change, for the audit row's "before". */
export const findContactFields = (tx: Tx, id: number) =>
  tx.user.findUniqueOrThrow({
    where: { id },
    select: {
      name: true,
      mobile: true,
      title: true,
      jobNumber: true,
      dingUnionId: true,
      dingDeptIds: true,
      status: true,
    },
  });

export const updateContactUser = (tx: Tx, id: number, r: RemoteContact, reactivate: boolean) =>
  tx.user.update({
    where: { id },
    data: {
      name: r.name,
      mobile: r.mobile ?? null,
      title: r.title ?? null,
      jobNumber: r.jobNumber ?? null,
      dingUnionId: r.unionid ?? undefined,
      dingDeptIds: r.deptIdList.map(BigInt),
      ...(reactivate ? { status: 'ACTIVE', leftAt: null } : {}),
      version: { increment: 1 },
    },
    select: { id: true },
  });

/** ACTIVE → LEFT; the count is 0 when the user had already left (or is disabled). */
export async function markUserLeftRow(tx: Tx, userId: number): Promise<number> {
  const { count } = await tx.user.updateMany({
    where: { id: userId, status: 'ACTIVE' },
    data: { status: 'LEFT', leftAt: new Date(), version: { increment: 1 } },
  });
  return count;
}

// ---- departments --------------------------------------------------------------------------------------------------

const unitSelect = { id: true, dingDeptId: true, kind: true, name: true } satisfies Prisma.OrgUnitSelect;

export const findDingtalkUnits = (db: Tx) =>
  db.orgUnit.findMany({ where: { dingDeptId: { not: null } }, select: unitSelect });

export const findDingtalkUnitIds = (db: Tx) =>
  db.orgUnit.findMany({ where: { dingDeptId: { not: null } }, select: { id: true, dingDeptId: true } });

export const createDepartmentUnit = (db: Tx, d: { name: string; deptId: number; parentId: number | null }) =>
  db.orgUnit.create({
    data: { name: d.name, kind: 'DEPARTMENT', dingDeptId: BigInt(d.deptId), parentId: d.parentId },
    select: unitSelect,
  });

export const renameDepartmentUnit = (db: Tx, id: number, name: string) =>
  db.orgUnit.update({ where: { id }, data: { name, version: { increment: 1 } }, select: { id: true } });

// ---- sync logs ------------------------------------------------------------------------------------------------------

const syncLogSelect = {
  id: true,
  kind: true,
  status: true,
  startedAt: true,
  endedAt: true,
  deptsSeen: true,
  usersSeen: true,
  created: true,
  updated: true,
  deactivated: true,
  errors: true,
  message: true,
  triggeredBy: true,
} satisfies Prisma.ContactSyncLogSelect;
type SyncLogRow = Prisma.ContactSyncLogGetPayload<{ select: typeof syncLogSelect }>;

export function toSyncLogDto(r: SyncLogRow): TSyncLog {
  return {
    ...r,
    startedAt: r.startedAt.toISOString(),
    endedAt: r.endedAt?.toISOString() ?? null,
    errors: (r.errors as TSyncLog['errors']) ?? null,
  };
}

export const createSyncLog = (db: Tx, data: { kind: TSyncLog['kind']; triggeredBy: string }) =>
  db.contactSyncLog.create({ data, select: syncLogSelect });

/** A run still marked RUNNING that started after `since`. */
export const findRunningSyncLog = (db: Tx, since: Date) =>
  db.contactSyncLog.findFirst({ where: { status: 'RUNNING', startedAt: { gt: since } }, select: { id: true } });

export const updateSyncLog = (db: Tx, id: number, data: Prisma.ContactSyncLogUpdateInput) =>
  db.contactSyncLog.update({ where: { id }, data, select: { id: true } });

/** One page of sync logs, newest first, and the total. */
export const listSyncLogPage = (db: Tx, page: number, pageSize: number) =>
  Promise.all([
    db.contactSyncLog.findMany({
      orderBy: { id: 'desc' },
      skip: (page - 1) * pageSize,
      take: pageSize,
      select: syncLogSelect,
    }),
    db.contactSyncLog.count(),
  ]);
