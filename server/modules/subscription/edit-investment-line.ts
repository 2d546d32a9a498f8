import type { z } from 'zod';
import type { Deps } from '../../deps';
import { assertNotOwnMoney } from '../../auth/policy';
import { AppError, notFound, versionConflict } from '../../lib/errors';
import { LEVEL_LABEL, type ZLineEdit } from '../../../shared/api/scheme';
import { dec, formatMoney, moneyString, sumMoney } from '../../../shared/money';
import { isMultipleOfUnit } from '../../../shared/scheme-math';
import { writeAudit, type AuditActor } from '../../lib/audit';
import { storePlatform } from './calculate-round';
import { shareableCaps, upperLimitOf } from './limits';
import { findLine, loadRound, loadScheme, projectInvestments } from './repository';
import { assertRoundIn, touchRound } from './round-state';

/** The accountant edits a line of 投资明细: audited, re-validated against the limits and the level cap. */
export async function editInvestmentLine(
  deps: Deps,
  who: AuditActor,
  projectId: number,
  roundId: number,
  lineId: number,
  input: z.infer<typeof ZLineEdit>,
) {
  return deps.db.$transaction(async (tx) => {
    const round = await loadRound(tx, projectId, roundId);
    assertRoundIn(round, ['CALCULATED'], '修改投资明细');
    const scheme = await loadScheme(tx, projectId);
    const line = await findLine(tx, roundId, lineId);
    if (!line) throw notFound('投资明细行');
    assertNotOwnMoney(who.actorId, line.userId, '不能调整本人的投资明细，请由其他经营会计调整');
    const value = dec(input.investedAmount);
    const unit = scheme.allocationUnit;
    const max = await upperLimitOf(tx, scheme, line);
    const field = (message: string) =>
      new AppError('VALIDATION_FAILED', message, [{ path: 'investedAmount', message }]);
    if (!isMultipleOfUnit(value, unit)) throw field(`金额须为 ${formatMoney(unit)} 的整数倍`);
    if (!value.isZero() && (value.lessThan(dec(line.minAmount)) || value.greaterThan(max)))
      throw field(`${line.user.name} 的投资金额应为 0 或在 ${formatMoney(line.minAmount)} 至 ${formatMoney(max)} 之间`);
    if (value.isZero() && line.category === 'MANDATORY') throw field('强投人员的投资金额不能为 0');
    const cap = shareableCaps(scheme)[line.level];
    const others = (await projectInvestments(tx, projectId, { exceptLineId: lineId })).filter(
      (o) => o.level === line.level,
    );
    const levelTotal = sumMoney(others.map((o) => o.investedAmount ?? 0)).plus(value);
    if (levelTotal.greaterThan(cap))
      throw field(`${LEVEL_LABEL[line.level]}层级合计 ${formatMoney(levelTotal)} 将超过上限 ${formatMoney(cap)}`);
    const { count } = await tx.roundPartner.updateMany({
      where: { id: lineId, version: input.version },
      data: {
        investedAmount: moneyString(value),
        editReason: input.reason,
        editedById: who.actorId,
        version: { increment: 1 },
      },
    });
    if (!count) throw versionConflict('投资明细', line.version);
    if (round.kind === 'INITIAL') await storePlatform(tx, round, scheme);
    await touchRound(tx, round);
    await writeAudit(tx, who, {
      action: 'edit_investment',
      entity: 'RoundPartner',
      entityId: lineId,
      projectId,
      before: { investedAmount: line.investedAmount },
      after: { investedAmount: moneyString(value), reason: input.reason },
    });
  });
}
