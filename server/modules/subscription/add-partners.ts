import type { z } from 'zod';
import type { Deps } from '../../deps';
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
    const scheme = await loadScheme(tx, projectId);
    const problems: { path: string; message: string }[] = [];
    const users = await usersByIds(
      tx,
      input.partners.map((p) => p.userId),
    );
    const existing = new Set((await roundLines(tx, roundId)).map((r) => r.userId));
    // an exit is final: the stake went to the 平台公司 (退); it is offered to others through 补投
    const exited = new Set(await exitedPartners(tx, projectId, '9999-12-31'));
    const seen = new Set<number>();
    input.partners.forEach((p, i) => {
      const u = users.find((x) => x.id === p.userId);
      if (!u) problems.push({ path: `partners.${i}.userId`, message: '用户不存在' });
      else if (u.status !== 'ACTIVE')
        problems.push({ path: `partners.${i}.userId`, message: `${u.name} 已离职或停用` });
      else if (exited.has(p.userId))
        problems.push({ path: `partners.${i}.userId`, message: `${u.name} 已退出本项目（份额已由平台公司承接）` });
      if (existing.has(p.userId) || seen.has(p.userId))
        problems.push({ path: `partners.${i}.userId`, message: `${u?.name ?? p.userId} 已在合伙名单中` });
      seen.add(p.userId);
      const limit = checkLimits(scheme, p.minAmount, p.maxAmount);
      if (limit) problems.push({ path: `partners.${i}.maxAmount`, message: limit });
    });
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
