import type { Deps } from '../../deps';
import { searchActiveUsers } from './repository';

/** 合伙名单: the accountant picks people by name, mobile or DingTalk id (active employees only). */
export async function findPartnerCandidates(deps: Deps, q: string) {
  const users = await searchActiveUsers(deps.db, q);
  return users.map((u) => ({
    id: u.id,
    name: u.name,
    title: u.title,
    dingUserId: u.dingUserId,
    company: u.orgUnit?.name ?? null,
    // staff accounts (accountants, admins) may co-invest too, but the accountant should see that they picked one
    staffRoles: u.roles.map((r) => r.role.name),
  }));
}
