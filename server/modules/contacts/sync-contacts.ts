import type { Deps } from '../../deps';
import { formatPercent } from '../../../shared/money';
import { applyContactPlan, type ContactErrors } from './apply-contact-plan';
import { patientDirectory, ROOT_DEPT, toRemote, walkDepartments, type ContactDirectory } from './directory';
import { exceedsDeletionThreshold, planContactSync, type RemoteContact } from './plan';
import { findLocalContacts, updateSyncLog } from './repository';
import { syncDepartments } from './sync-departments';

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
  const errors: ContactErrors = [];
  try {
    const depts = await walkDepartments(dir);
    const unitByDept = await syncDepartments(deps, depts);
    const remote: RemoteContact[] = [];
    for (const deptId of [ROOT_DEPT, ...depts.map((d) => d.deptId)]) {
      for (const u of await dir.listAllDepartmentUsers(deptId)) remote.push(toRemote(u));
    }
    const local = await findLocalContacts(deps.db);
    const plan = planContactSync(local, remote, { deactivateMissing: kind === 'FULL' });
    const threshold = exceedsDeletionThreshold(plan, local, deps.config.CONTACT_SYNC_MAX_DEACTIVATE_RATIO);
    const counts = { deptsSeen: depts.length + 1, usersSeen: new Set(remote.map((r) => r.userid)).size };
    if (threshold.exceeded) {
      await updateSyncLog(deps.db, syncLogId, {
        ...counts,
        status: 'ABORTED',
        endedAt: new Date(),
        message: `本次同步将把 ${plan.deactivate.length} 人（${formatPercent(threshold.ratio)}）标记为离职，超过阈值 ${formatPercent(deps.config.CONTACT_SYNC_MAX_DEACTIVATE_RATIO)}，已停止且未做任何修改。请核对钉钉通讯录后重试。`,
      });
      return;
    }
    const applied = await applyContactPlan(deps, plan, unitByDept, errors, 'contact-sync');
    await updateSyncLog(deps.db, syncLogId, {
      ...counts,
      ...applied,
      status: 'SUCCEEDED',
      endedAt: new Date(),
      errors: errors.length ? errors : undefined,
    });
  } catch (err) {
    await updateSyncLog(deps.db, syncLogId, {
      status: 'FAILED',
      endedAt: new Date(),
      message: err instanceof Error ? err.message : String(err),
      errors: errors.length ? errors : undefined,
    });
    throw err;
  }
}
