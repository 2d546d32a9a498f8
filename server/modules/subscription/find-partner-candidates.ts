import type { Deps } from '../../deps';
import type { Actor } from '../../auth/actor';
import { hasRole } from '../../auth/actor';
import { notFound } from '../../lib/errors';
import { orgUnitLinks, searchActiveUsers } from './repository';

/** 138****0001: enough to tell namesakes apart, not enough to call them. */
export const maskMobile = (m: string | null): string | null =>
  m && m.length >= 7 ? `${m.slice(0, 3)}${'*'.repeat(m.length - 7)}${m.slice(-4)}` : m ? '****' : null;

/**
 * Where a name search looks: the project's company and everything below it, the companies above it (their own
 * staff: the 控股 / 置业 partners of every project), and the places of the caller's accountant roles with everything
 * below them. Outside that, a person is found only by their full mobile number, 工号 or DingTalk id.
 */
async function nameScope(deps: Deps, actor: Actor, projectId: number): Promise<number[]> {
  const project = await deps.db.project.findUnique({ where: { id: projectId }, select: { orgUnitId: true } });
  if (!project) throw notFound('项目');
  const units = await orgUnitLinks(deps.db);
  const children = new Map<number, number[]>();
  for (const u of units) if (u.parentId !== null) children.set(u.parentId, [...(children.get(u.parentId) ?? []), u.id]);
  const parent = new Map(units.map((u) => [u.id, u.parentId]));
  const scope = new Set<number>();
  const walked = new Set<number>(); // subtrees already added (an ancestor in `scope` may still need its subtree)
  const below = (id: number) => {
    const stack = [id];
    while (stack.length) {
      const next = stack.pop()!;
      if (walked.has(next)) continue;
      walked.add(next);
      scope.add(next);
      stack.push(...(children.get(next) ?? []));
    }
  };
  below(project.orgUnitId);
  for (let p = parent.get(project.orgUnitId), hops = 0; p != null && hops < 20; p = parent.get(p), hops++) scope.add(p);
  if (!hasRole(actor, 'BUSINESS_ADMIN'))
    for (const r of actor.roles) if (r.kind !== 'PARTNER' && r.orgUnitId !== null) below(r.orgUnitId);
  return [...scope];
}

/**
 * 合伙名单: the accountant picks people by name (within the project's companies), or by full mobile, 工号 or DingTalk
 * id. The mobile number comes back masked.
 */
export async function findPartnerCandidates(deps: Deps, actor: Actor, projectId: number, q: string) {
  const users = await searchActiveUsers(deps.db, q, await nameScope(deps, actor, projectId));
  return users.map((u) => ({
    id: u.id,
    name: u.name,
    title: u.title,
    dingUserId: u.dingUserId,
    mobile: maskMobile(u.mobile),
    company: u.orgUnit?.name ?? null,
    // staff accounts (accountants, admins) may co-invest too, but the accountant should see that they picked one
    staffRoles: u.roles.map((r) => r.role.name),
  }));
}
