import type { Deps } from '../../deps';
import { sessionStore } from '../../auth/authenticate';
import { systemActor, writeAudit } from '../../lib/audit';
import { markUserLeftRow } from './repository';

/** 离职: the user keeps their history but cannot log in; every session ends now. Idempotent. */
export async function markLeft(deps: Deps, userId: number, who = systemActor('通讯录同步')): Promise<boolean> {
  const changed = await deps.db.$transaction(async (tx) => {
    const count = await markUserLeftRow(tx, userId);
    if (count)
      await writeAudit(tx, who, {
        action: 'leave',
        entity: 'User',
        entityId: userId,
        before: { status: 'ACTIVE' },
        after: { status: 'LEFT' },
      });
    return count > 0;
  });
  await sessionStore(deps).revokeAll(userId);
  return changed;
}
