/** 认购: the caller's open invitation in a project with the effective limits, and submitting an amount. */
import type { Deps } from '../../deps';
import type { Actor } from '../../auth/actor';
import { notFound } from '../../lib/errors';
import { LEVEL_LABEL } from '../../../shared/api/scheme';
import { dec, moneyString } from '../../../shared/money';
import { type AuditActor } from '../../lib/audit';
import { upperLimitOf } from '../subscription/limits';
import { myOpenEntry } from '../subscription/repository';
import { subscribe } from '../subscription/submit-subscription';
import { subscriptionStatus } from './status';

export async function mySubscription(deps: Deps, actor: Actor, projectId: number) {
  const e = await myOpenEntry(deps.db, actor.userId, projectId);
  if (!e) throw notFound('您在该项目的认购邀请');
  const project = await deps.db.project.findUniqueOrThrow({
    where: { id: projectId },
    select: { name: true, scheme: true },
  });
  // the effective upper limit: the partner's own, or what the per-person cap leaves after their confirmed rounds
  const upper = project.scheme ? await upperLimitOf(deps.db, project.scheme, e) : dec(e.maxAmount);
  return {
    projectId,
    projectName: project.name,
    roundTitle: e.round.title,
    levelName: LEVEL_LABEL[e.level],
    category: e.category,
    lower: moneyString(e.minAmount),
    upper: moneyString(upper),
    unit: project.scheme ? moneyString(project.scheme.allocationUnit) : '1.00',
    serverTime: new Date().toISOString(),
    deadline: e.round.deadline.toISOString(),
    amount: e.subscribedAmount === null ? null : moneyString(e.subscribedAmount),
    status: subscriptionStatus(e),
    version: e.version,
  };
}

export async function submitSubscription(deps: Deps, who: AuditActor, actor: Actor, projectId: number, amount: string) {
  await subscribe(deps, who, actor.userId, projectId, amount);
  return mySubscription(deps, actor, projectId);
}
