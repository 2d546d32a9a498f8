import { z } from 'zod';
import { dingtalkClientFor } from '../../dingtalk/client';
import { registerEventHandler, type DingtalkEvent } from '../../dingtalk/events';
import type { Deps } from '../../deps';
import { applyDepartmentsChanged, applyUsersChanged, applyUsersLeft } from './apply-contact-events';

// DingTalk documents lowercase userId (current pages) and UserId (older overview sample): accept both.
const ZUserEvent = z
  .object({ userId: z.array(z.string()).optional(), UserId: z.array(z.string()).optional() })
  .transform((e) => e.userId ?? e.UserId ?? []);

const userids = (event: DingtalkEvent) => ZUserEvent.parse(event.payload);

let registered = false;

/** Contact change events keep users in step between full syncs. Each handler is idempotent. */
export function registerContactEventHandlers(): void {
  if (registered) return;
  registered = true;
  const changed = async (deps: Deps, event: DingtalkEvent) =>
    applyUsersChanged(deps, await dingtalkClientFor(deps), userids(event));
  registerEventHandler('user_add_org', changed);
  registerEventHandler('user_modify_org', changed);
  registerEventHandler('user_active_org', changed);
  registerEventHandler('user_leave_org', (deps, event) => applyUsersLeft(deps, userids(event)));
  const depts = async (deps: Deps) => applyDepartmentsChanged(deps, await dingtalkClientFor(deps));
  registerEventHandler('org_dept_create', depts);
  registerEventHandler('org_dept_modify', depts);
  registerEventHandler('org_dept_remove', depts);
}
