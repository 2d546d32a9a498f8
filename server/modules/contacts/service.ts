import type { Deps } from '../../deps';
import { sessionStore } from '../../auth/authenticate';
import type { DingtalkDepartment, DingtalkUser } from '../../dingtalk/client';
import type { TSyncLog } from '../../../shared/api/identity';
import { formatPercent } from '../../../shared/money';
import { systemActor, writeAudit } from '../../lib/audit';
import { exceedsDeletionThreshold, planContactSync, type LocalContact, type RemoteContact } from './plan';
import { queueExitTodosForLeftPartner } from '../exits/left-partner-todos';

/** The DingTalk directory calls the sync needs (the DingTalk client implements them). */
export interface ContactDirectory {
  listSubDepartments(deptId: number): Promise<DingtalkDepartment[]>;
  listAllDepartmentUsers(deptId: number): Promise<DingtalkUser[]>;
  getUser(userid: string): Promise<DingtalkUser>;
}

const ROOT_DEPT = 1;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A full sync makes one call per department and page, which can pass DingTalk's 20 calls/s per app:
 * retryable failures (rate limit, busy, network) are retried after a pause — DingTalk advises 1 s.
 */
export function patientDirectory(dir: ContactDirectory, attempts = 5): ContactDirectory {
  const retry = async <T>(fn: () => Promise<T>): Promise<T> => {
    for (let i = 1; ; i++) {
      try {
        return await fn();
      } catch (err) {
        if (i >= attempts || !(err as { retryable?: boolean }).retryable) throw err;
        await sleep(1000 * i + Math.floor(Math.random() * 200));
      }
    }
  };
  return {
    listSubDepartments: (id) => retry(() => dir.listSubDepartments(id)),
    listAllDepartmentUsers: (id) => retry(() => dir.listAllDepartmentUsers(id)),
    getUser: (id) => retry(() => dir.getUser(id)),
  };
}

/** Every department below the root, breadth first (DingTalk's listsub returns direct children only). */
async function walkDepartments(dir: ContactDirectory): Promise<DingtalkDepartment[]> {
  const out: DingtalkDepartment[] = [];
  const queue = [ROOT_DEPT];
  while (queue.length) {
    const children = await dir.listSubDepartments(queue.shift()!);
    for (const c of children) {
      out.push(c);
      queue.push(c.deptId);
    }
  }
  return out;
}

async function loadLocal(deps: Deps): Promise<LocalContact[]> {
  const rows = await deps.db.user.findMany({
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

/** Departments unknown to us become DEPARTMENT units under their parent, so users can be placed. */
async function syncDepartments(deps: Deps, depts: DingtalkDepartment[]): Promise<Map<number, number>> {
  const units = await deps.db.orgUnit.findMany({
    where: { dingDeptId: { not: null } },
    select: { id: true, dingDeptId: true, kind: true, name: true },
  });
  const byDept = new Map(units.map((u) => [Number(u.dingDeptId), u]));
  for (const d of depts) {
    const existing = byDept.get(d.deptId);
    const parent = byDept.get(d.parentId);
    if (!existing) {
      const created = await deps.db.orgUnit.create({
        data: { name: d.name, kind: 'DEPARTMENT', dingDeptId: BigInt(d.deptId), parentId: parent?.id ?? null },
        select: { id: true, dingDeptId: true, kind: true, name: true },
      });
      byDept.set(d.deptId, created);
    } else if (existing.kind === 'DEPARTMENT' && existing.name !== d.name) {
      await deps.db.orgUnit.update({ where: { id: existing.id }, data: { name: d.name, version: { increment: 1 } } });
    }
  }
  return new Map([...byDept].map(([dept, u]) => [dept, u.id]));
}

const toRemote = (u: DingtalkUser): RemoteContact => ({
  userid: u.userid,
  unionid: u.unionid,
  name: u.name,
  mobile: u.mobile ?? null,
  title: u.title ?? null,
  jobNumber: u.jobNumber ?? null,
  deptIdList: u.deptIdList,
});

export interface SyncOutcome {
  log: TSyncLog;
}

/**
 * FULL: every department and user; users missing from DingTalk are marked 离职 (unless that would exceed the
 * deletion threshold: then nothing is written and the log says why). INCREMENTAL: create and update only.
 */
export async function runContactSync(
  deps: Deps,
  directory: ContactDirectory,
  syncLogId: number,
  kind: 'FULL' | 'INCREMENTAL',
): Promise<void> {
  const dir = patientDirectory(directory);
  const errors: { userid?: string; message: string }[] = [];
  try {
    const depts = await walkDepartments(dir);
    const unitByDept = await syncDepartments(deps, depts);
    const remote: RemoteContact[] = [];
    for (const deptId of [ROOT_DEPT, ...depts.map((d) => d.deptId)]) {
      for (const u of await dir.listAllDepartmentUsers(deptId)) remote.push(toRemote(u));
    }
    const local = await loadLocal(deps);
    const plan = planContactSync(local, remote, { deactivateMissing: kind === 'FULL' });
    const threshold = exceedsDeletionThreshold(plan, local, deps.config.CONTACT_SYNC_MAX_DEACTIVATE_RATIO);
    const counts = { deptsSeen: depts.length + 1, usersSeen: new Set(remote.map((r) => r.userid)).size };
    if (threshold.exceeded) {
      await deps.db.contactSyncLog.update({
        where: { id: syncLogId },
        data: {
          ...counts,
          status: 'ABORTED',
          endedAt: new Date(),
          message: `本次同步将把 ${plan.deactivate.length} 人（${formatPercent(threshold.ratio)}）标记为离职，超过阈值 ${formatPercent(deps.config.CONTACT_SYNC_MAX_DEACTIVATE_RATIO)}，已停止且未做任何修改。请核对钉钉通讯录后重试。`,
        },
      });
      return;
    }
    const applied = await applyPlan(deps, plan, unitByDept, errors, 'contact-sync');
    await deps.db.contactSyncLog.update({
      where: { id: syncLogId },
      data: {
        ...counts,
        ...applied,
        status: 'SUCCEEDED',
        endedAt: new Date(),
        errors: errors.length ? errors : undefined,
      },
    });
  } catch (err) {
    await deps.db.contactSyncLog.update({
      where: { id: syncLogId },
      data: {
        status: 'FAILED',
        endedAt: new Date(),
        message: err instanceof Error ? err.message : String(err),
        errors: errors.length ? errors : undefined,
      },
    });
    throw err;
  }
}

async function applyPlan(
  deps: Deps,
  plan: ReturnType<typeof planContactSync>,
  unitByDept: Map<number, number>,
  errors: { userid?: string; message: string }[],
  source: string,
) {
  const who = systemActor(source === 'contact-sync' ? '通讯录同步' : '通讯录事件');
  const partnerRole = await deps.db.role.findFirst({
    where: { kind: 'PARTNER', orgUnitId: null },
    select: { id: true },
  });
  const unitOf = (depts: number[]) => depts.map((d) => unitByDept.get(d)).find((x) => x !== undefined) ?? null;
  let created = 0,
    updated = 0,
    deactivated = 0;
  for (const r of plan.create) {
    try {
      await deps.db.$transaction(async (tx) => {
        const u = await tx.user.create({
          data: {
            name: r.name,
            mobile: r.mobile ?? null,
            title: r.title ?? null,
            jobNumber: r.jobNumber ?? null,
            dingUserId: r.userid,
            dingUnionId: r.unionid ?? null,
            dingDeptIds: r.deptIdList.map(BigInt),
            orgUnitId: unitOf(r.deptIdList),
            roles: partnerRole ? { create: [{ roleId: partnerRole.id }] } : undefined,
          },
        });
        await writeAudit(tx, who, {
          action: 'create',
          entity: 'User',
          entityId: u.id,
          after: { name: r.name, dingUserId: r.userid },
        });
      });
      created++;
    } catch (err) {
      errors.push({ userid: r.userid, message: err instanceof Error ? err.message : String(err) });
    }
  }
  for (const { id, remote: r, changed, reactivate } of plan.update) {
    try {
      await deps.db.$transaction(async (tx) => {
        const before = await tx.user.findUniqueOrThrow({
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
        await tx.user.update({
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
        });
        await writeAudit(tx, who, {
          action: reactivate ? 'rejoin' : 'update',
          entity: 'User',
          entityId: id,
          before,
          after: { changed, name: r.name, mobile: r.mobile, title: r.title, deptIds: r.deptIdList },
        });
      });
      updated++;
    } catch (err) {
      errors.push({ userid: r.userid, message: err instanceof Error ? err.message : String(err) });
    }
  }
  for (const l of plan.deactivate) {
    if (await markLeft(deps, l.id, who)) deactivated++;
  }
  return { created, updated, deactivated };
}

/** 离职: the user keeps their history but cannot log in; every session ends now. Idempotent. */
export async function markLeft(deps: Deps, userId: number, who = systemActor('通讯录同步')): Promise<boolean> {
  const changed = await deps.db.$transaction(async (tx) => {
    const { count } = await tx.user.updateMany({
      where: { id: userId, status: 'ACTIVE' },
      data: { status: 'LEFT', leftAt: new Date(), version: { increment: 1 } },
    });
    if (count)
      await writeAudit(tx, who, {
        action: 'leave',
        entity: 'User',
        entityId: userId,
        before: { status: 'ACTIVE' },
        after: { status: 'LEFT' },
      });
    if (count) await queueExitTodosForLeftPartner(tx, deps, userId); // 退投: the accountants' 待办
    return count > 0;
  });
  await sessionStore(deps).revokeAll(userId);
  return changed;
}

// ---- change events (user_add_org, user_modify_org, user_leave_org, org_dept_*) -----------------------------

/** user_add_org / user_modify_org / user_active_org: fetch each user and create or update them. */
export async function applyUsersChanged(deps: Deps, directory: ContactDirectory, userids: string[]): Promise<void> {
  const dir = patientDirectory(directory);
  const remote: RemoteContact[] = [];
  for (const id of userids) remote.push(toRemote(await dir.getUser(id)));
  const local = (await loadLocal(deps)).filter((l) => userids.includes(l.dingUserId));
  const units = await deps.db.orgUnit.findMany({
    where: { dingDeptId: { not: null } },
    select: { id: true, dingDeptId: true },
  });
  const errors: { userid?: string; message: string }[] = [];
  await applyPlan(
    deps,
    planContactSync(local, remote, { deactivateMissing: false }),
    new Map(units.map((u) => [Number(u.dingDeptId), u.id])),
    errors,
    'event',
  );
  if (errors.length) throw new Error(errors.map((e) => `${e.userid}: ${e.message}`).join('; '));
}

/** user_leave_org: mark each as 离职. */
export async function applyUsersLeft(deps: Deps, userids: string[]): Promise<void> {
  const users = await deps.db.user.findMany({ where: { dingUserId: { in: userids } }, select: { id: true } });
  for (const u of users) await markLeft(deps, u.id, systemActor('通讯录事件'));
}

/** org_dept_create / modify / remove: refresh the department list. */
export async function applyDepartmentsChanged(deps: Deps, dir: ContactDirectory): Promise<void> {
  await syncDepartments(deps, await walkDepartments(patientDirectory(dir)));
}

export function toSyncLogDto(r: {
  id: number;
  kind: TSyncLog['kind'];
  status: TSyncLog['status'];
  startedAt: Date;
  endedAt: Date | null;
  deptsSeen: number;
  usersSeen: number;
  created: number;
  updated: number;
  deactivated: number;
  errors: unknown;
  message: string | null;
  triggeredBy: string | null;
}): TSyncLog {
  return {
    ...r,
    startedAt: r.startedAt.toISOString(),
    endedAt: r.endedAt?.toISOString() ?? null,
    errors: (r.errors as TSyncLog['errors']) ?? null,
  };
}
