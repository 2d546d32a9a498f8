/**
 * Contact sync planning, pure: what to create, update and mark 离职, given our users and DingTalk's.
 * The deletion threshold protects against a broken or partial directory answer wiping out the company.
 */
export interface LocalContact {
  id: number;
  dingUserId: string;
  name: string;
  mobile: string | null;
  title: string | null;
  jobNumber: string | null;
  dingUnionId: string | null;
  deptIds: number[];
  status: 'ACTIVE' | 'LEFT' | 'DISABLED';
}
export interface RemoteContact {
  userid: string;
  unionid?: string | null;
  name: string;
  mobile?: string | null;
  title?: string | null;
  jobNumber?: string | null;
  deptIdList: number[];
}

export interface ContactPlan {
  create: RemoteContact[];
  update: { id: number; remote: RemoteContact; changed: string[]; reactivate: boolean }[];
  deactivate: LocalContact[];
}

const norm = (v: string | null | undefined) => (v === undefined || v === '' ? null : v);
const sameDepts = (a: number[], b: number[]) =>
  a.length === b.length && [...a].sort().every((v, i) => v === [...b].sort()[i]);

export function planContactSync(
  local: LocalContact[],
  remote: RemoteContact[],
  opts: { deactivateMissing: boolean },
): ContactPlan {
  const byUserid = new Map(local.map((l) => [l.dingUserId, l]));
  const seen = new Set<string>();
  const plan: ContactPlan = { create: [], update: [], deactivate: [] };
  for (const r of remote) {
    if (seen.has(r.userid)) continue; // a user listed under several departments
    seen.add(r.userid);
    const l = byUserid.get(r.userid);
    if (!l) {
      plan.create.push(r);
      continue;
    }
    const changed: string[] = [];
    if (l.name !== r.name) changed.push('name');
    if (norm(l.mobile) !== norm(r.mobile)) changed.push('mobile');
    if (norm(l.title) !== norm(r.title)) changed.push('title');
    if (norm(l.jobNumber) !== norm(r.jobNumber)) changed.push('jobNumber');
    if (r.unionid && l.dingUnionId !== r.unionid) changed.push('unionid');
    if (!sameDepts(l.deptIds, r.deptIdList)) changed.push('deptIds');
    const reactivate = l.status === 'LEFT';
    if (changed.length || reactivate) plan.update.push({ id: l.id, remote: r, changed, reactivate });
  }
  if (opts.deactivateMissing) plan.deactivate = local.filter((l) => l.status === 'ACTIVE' && !seen.has(l.dingUserId));
  return plan;
}

/** Stop when more than `maxRatio` of the active DingTalk-bound users would be marked 离职 at once. */
export function exceedsDeletionThreshold(
  plan: ContactPlan,
  local: LocalContact[],
  maxRatio: number,
): { exceeded: boolean; ratio: number } {
  const active = local.filter((l) => l.status === 'ACTIVE').length;
  const ratio = active ? plan.deactivate.length / active : 0;
  return { exceeded: plan.deactivate.length > 0 && ratio > maxRatio, ratio };
}
