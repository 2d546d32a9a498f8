// Change events (user_add_org, user_modify_org, user_active_org, user_leave_org, org_dept_*) keep users in step
// between full syncs; `events.ts` registers these handlers.
import type { Deps } from '../../deps';
import { systemActor } from '../../lib/audit';
import { applyContactPlan, type ContactErrors } from './apply-contact-plan';
import { patientDirectory, toRemote, walkDepartments, type ContactDirectory } from './directory';
import { markLeft } from './mark-user-left';
import { planContactSync, type RemoteContact } from './plan';
import { findDingtalkUnitIds, findLocalContacts, findUserIdsByDingUserIds } from './repository';
import { syncDepartments } from './sync-departments';

/** user_add_org / user_modify_org / user_active_org: fetch each user and create or update them. */
export async function applyUsersChanged(deps: Deps, directory: ContactDirectory, userids: string[]): Promise<void> {
  const dir = patientDirectory(directory);
  const remote: RemoteContact[] = [];
  for (const id of userids) remote.push(toRemote(await dir.getUser(id)));
  const local = (await findLocalContacts(deps.db)).filter((l) => userids.includes(l.dingUserId));
  const units = await findDingtalkUnitIds(deps.db);
  const errors: ContactErrors = [];
  await applyContactPlan(
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
  const users = await findUserIdsByDingUserIds(deps.db, userids);
  for (const u of users) await markLeft(deps, u.id, systemActor('通讯录事件'));
}

/** org_dept_create / modify / remove: refresh the department list. */
export async function applyDepartmentsChanged(deps: Deps, dir: ContactDirectory): Promise<void> {
  await syncDepartments(deps, await walkDepartments(patientDirectory(dir)));
}
