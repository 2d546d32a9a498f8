import type { z } from 'zod';
import type { Deps } from '../../deps';
import type { Tx } from '../../lib/db';
import { AppError } from '../../lib/errors';
import type { ZRoundPartnersAdd } from '../../../shared/api/scheme';
import { writeAudit, type AuditActor } from '../../lib/audit';
import { checkLimits } from './limits';
import { exitedPartners } from '../exits/repository';
import { loadRound, loadScheme, roundLines, usersByIds } from './repository';
import { assertRoundIn, touchRound } from './round-state';

/** 合伙名单: adds partners with their level, category and limits, while the round is a draft or open. */
export async function addPartners(
  deps: Deps,
  who: AuditActor,
  projectId: number,
  roundId: number,
  input: z.infer<typeof ZRoundPartnersAdd>,
) {
  return deps.db.$transaction(async (tx) => {
    const round = await loadRound(tx, projectId, roundId);
    assertRoundIn(round, ['DRAFT', 'OPEN'], '修改合伙名单');
    const problems = await partnerProblems(tx, projectId, roundId, input.partners);
    if (problems.length) throw new AppError('VALIDATION_FAILED', problems[0]!.message, problems);
    await tx.roundPartner.createMany({ data: input.partners.map((p) => ({ roundId, ...p })) });
    await touchRound(tx, round);
    await writeAudit(tx, who, {
      action: 'add_partners',
      entity: 'SubscriptionRound',
      entityId: roundId,
      projectId,
      after: input.partners,
    });
    return { added: input.partners.length };
  });
}

type NewPartner = z.infer<typeof ZRoundPartnersAdd>['partners'][number];

/**
 * What keeps partners off the round's list — unknown, left or exited people, someone listed twice, limits outside
 * the scheme — each with its `partners.<i>.<field>` path. The Excel import asks it before writing anything, so a
 * file's format errors and these come back together, in one pass.
 */
export async function partnerProblems(tx: Tx, projectId: number, roundId: number, partners: NewPartner[]) {
  const scheme = await loadScheme(tx, projectId);
  const problems: { path: string; message: string }[] = [];
  const users = await usersByIds(
    tx,
    partners.map((p) => p.userId),
  );
  const existing = new Set((await roundLines(tx, roundId)).map((r) => r.userId));
  // an exit is final: the stake went to the 平台公司 (退); it is offered to others through 补投
  const exited = new Set(await exitedPartners(tx, projectId, '9999-12-31'));
  const seen = new Set<number>();
  partners.forEach((p, i) => {
    const u = users.find((x) => x.id === p.userId);
    if (!u) problems.push({ path: `partners.${i}.userId`, message: '用户不存在' });
    else if (u.status !== 'ACTIVE') problems.push({ path: `partners.${i}.userId`, message: `${u.name} 已离职或停用` });
    else if (exited.has(p.userId))
      problems.push({ path: `partners.${i}.userId`, message: `${u.name} 已退出本项目（份额已由平台公司承接）` });
    if (existing.has(p.userId) || seen.has(p.userId))
      problems.push({ path: `partners.${i}.userId`, message: `${u?.name ?? p.userId} 已在合伙名单中` });
    seen.add(p.userId);
    const limit = checkLimits(scheme, p.minAmount, p.maxAmount);
    if (limit) problems.push({ path: `partners.${i}.maxAmount`, message: limit });
  });
  return problems;
}

/** partnerProblems for a caller outside a transaction (the Excel import's dry run); 404 for another project's round. */
export async function checkPartners(deps: Deps, projectId: number, roundId: number, partners: NewPartner[]) {
  await loadRound(deps.db, projectId, roundId);
  return partnerProblems(deps.db, projectId, roundId, partners);
}
