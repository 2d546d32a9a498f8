import type { Deps } from '../../deps';
import { systemActor, writeAudit } from '../../lib/audit';
import { markLeft } from './mark-user-left';
import { closeExitTodos } from '../exits/left-partner-todos';
import type { ContactPlan } from './plan';
import { createContactUser, findContactFields, findGlobalPartnerRole, updateContactUser } from './repository';

export type ContactErrors = { userid?: string; message: string }[];

/**
 * Writes a contact plan: each user created or updated in a transaction of its own with its audit row (one bad
 * user is recorded in `errors` and does not stop the others), then the 离职 marks.
 */
export async function applyContactPlan(
  deps: Deps,
  plan: ContactPlan,
  unitByDept: Map<number, number>,
  errors: ContactErrors,
  source: string,
) {
  const who = systemActor(source === 'contact-sync' ? '通讯录同步' : '通讯录事件');
  const partnerRole = await findGlobalPartnerRole(deps.db);
  const unitOf = (depts: number[]) => depts.map((d) => unitByDept.get(d)).find((x) => x !== undefined) ?? null;
  let created = 0,
    updated = 0,
    deactivated = 0;
  for (const r of plan.create) {
    try {
      await deps.db.$transaction(async (tx) => {
        const u = await createContactUser(tx, r, unitOf(r.deptIdList), partnerRole);
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
        const before = await findContactFields(tx, id);
        await updateContactUser(tx, id, r, reactivate);
        await writeAudit(tx, who, {
          action: reactivate ? 'rejoin' : 'update',
          entity: 'User',
          entityId: id,
          before,
          after: { changed, name: r.name, mobile: r.mobile, title: r.title, deptIds: r.deptIdList },
        });
        // back before an exit: the accountants' 离职 待办 close (the 离 mark follows the status)
        if (reactivate) await closeExitTodos(tx, id, null, 'exit_todo_rejoined');
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
