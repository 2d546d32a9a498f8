/**
 * 立项调整 (quick guide 4.2.1 峰值调整投资计算): every holder's new commitment per level from the ledger's current
 * positions and each partner's limits, by `adjustForPeakChange`; then the accountant's edits of single lines with a
 * reason (`reviseAdjustment`: whole units, within the new level cap and the per-person cap; the platform line follows).
 */
import type { Deps } from '../../deps';
import type { Tx } from '../../lib/db';
import { AppError, invalidState, notFound, versionConflict } from '../../lib/errors';
import { writeAudit, type AuditActor } from '../../lib/audit';
import { assertNotOwnMoney } from '../../auth/policy';
import { dec, formatMoney, moneyString } from '../../../shared/money';
import { allocationUnit, personCap, shareableOf } from '../../../shared/scheme-math';
import type { TChangeLineEdit } from '../../../shared/api/scheme-change';
import {
  adjustForPeakChange,
  reviseAdjustment,
  type AdjustmentLine,
  type AdjustmentResult,
} from '../capital/calc/adjustment';
import { positions } from '../capital/calc/ledger';
import type { Level } from '../capital/calc/types';
import { assertChangeIn, touchChange, transitionChange } from './change-state';
import { changeDetail } from './change-detail';
import {
  ledgerOf,
  linesOfChange,
  loadChange,
  lockScheme,
  partnerLimits,
  schemeInForce,
  type Change,
  type ChangeLineRow,
} from './repository';
import { capsOf, newTermsOf, oldTermsOf } from './terms';

/** The adjustment from the ledger as it stands (pure arithmetic on what the repository reads). */
async function computeAdjustment(tx: Tx, change: Change) {
  const { scheme } = await schemeInForce(tx, change.projectId);
  const oldT = oldTermsOf(change, scheme.allocationUnit);
  const newT = newTermsOf(change, scheme.allocationUnit);
  const ledger = await ledgerOf(tx, change.projectId);
  if (!ledger.length) throw invalidState('资金台账中没有该项目的认缴记录，无法计算立项调整');
  const limits = await partnerLimits(tx, change.projectId);
  const pos = positions(ledger);
  const result = adjustForPeakChange({
    oldCaps: capsOf(oldT),
    newCaps: capsOf(newT),
    unit: allocationUnit(newT),
    personCap: personCap(newT),
    partners: pos
      .filter((p) => p.holder === 'PARTNER' && (p.committed.greaterThan(0) || p.paid.greaterThan(0)))
      .map((p) => {
        const lim = limits.get(`${p.level}:${p.userId}`);
        return {
          userId: p.userId!,
          level: p.level,
          committed: p.committed,
          paid: p.paid,
          min: dec(lim?.min ?? 0),
          // no round line (e.g. a 承接 holding): the limit is what they hold, so scaling up cannot exceed it silently
          max: lim ? lim.max : p.committed,
        };
      }),
    platformPaid: Object.fromEntries(
      pos.filter((p) => p.holder === 'PLATFORM').map((p) => [p.level, p.paid]),
    ) as Partial<Record<Level, ReturnType<typeof dec>>>,
  });
  return { result, newT };
}

function unwrap(result: AdjustmentResult) {
  if (!result.ok)
    throw new AppError(result.code === 'LEDGER_OVER_CAP' ? 'INVALID_STATE' : 'VALIDATION_FAILED', result.message);
  return result;
}

/** 峰值调整投资计算: (re)writes the change's lines; edits made over an earlier calculation start again from it. */
export async function calculateChange(
  deps: Deps,
  who: AuditActor,
  projectId: number,
  changeId: number,
  version: number,
) {
  await deps.db.$transaction(async (tx: Tx) => {
    await lockScheme(tx, projectId);
    const change = await loadChange(tx, projectId, changeId);
    assertChangeIn(change, ['PEAK_APPROVED', 'CALCULATED'], '计算立项调整');
    const { result } = await computeAdjustment(tx, change);
    const ok = unwrap(result);
    await tx.schemeChangeLine.deleteMany({ where: { changeId } });
    await tx.schemeChangeLine.createMany({
      data: ok.lines.map((l: AdjustmentLine) => ({
        changeId,
        level: l.level,
        holder: l.holder,
        userId: l.userId,
        oldCommitted: moneyString(l.oldCommitted),
        paid: moneyString(l.paid),
        computedCommitted: moneyString(l.newCommitted),
        newCommitted: moneyString(l.newCommitted),
        delta: moneyString(l.delta),
      })),
    });
    await transitionChange(tx, changeId, 'calculate', {
      actor: who,
      expected: { status: change.status, version },
      data: { calculatedAt: new Date() },
      audit: {
        after: {
          lines: ok.lines.length,
          levels: ok.levels.map((lv) => ({
            level: lv.level,
            newCap: moneyString(lv.newCap),
            newPartners: moneyString(lv.newPartners),
            platformNew: moneyString(lv.platformNew),
          })),
        },
      },
    });
  });
  return changeDetail(deps, projectId, changeId);
}

/** The stored lines as the adjustment arithmetic takes them (for reviseAdjustment). */
function asResult(lines: ChangeLineRow[], levels: Extract<AdjustmentResult, { ok: true }>['levels']) {
  return {
    ok: true as const,
    levels,
    lines: lines.map((l) => {
      const nc = dec(l.newCommitted.toString());
      const paid = dec(l.paid.toString());
      const outstanding = nc.minus(paid);
      return {
        level: l.level,
        holder: l.holder,
        userId: l.userId,
        oldCommitted: dec(l.oldCommitted.toString()),
        paid,
        exact: nc,
        newCommitted: nc,
        delta: dec(l.delta.toString()),
        outstanding,
        refund: outstanding.isNegative() ? outstanding.negated() : dec(0),
        clamped: null,
        belowMin: false,
        message: null,
      } satisfies AdjustmentLine;
    }),
  };
}

/** 修改 one partner line's new commitment, with the reason; never the accountant's own line. */
export async function editChangeLine(
  deps: Deps,
  who: AuditActor,
  projectId: number,
  changeId: number,
  lineId: number,
  input: TChangeLineEdit,
) {
  await deps.db.$transaction(async (tx: Tx) => {
    await lockScheme(tx, projectId);
    const change = await loadChange(tx, projectId, changeId);
    assertChangeIn(change, ['CALCULATED'], '修改立项调整');
    const lines = await linesOfChange(tx, changeId);
    const line = lines.find((l) => l.id === lineId);
    if (!line) throw notFound('调整行');
    if (line.holder !== 'PARTNER') throw invalidState('平台公司的调整金额由层级额度减去合伙人合计得出，不能直接修改');
    assertNotOwnMoney(who.actorId, line.userId!, '不能修改本人的立项调整金额，请由其他经营会计操作');
    if (line.version !== input.version) throw versionConflict('调整行', line.version);
    const { scheme } = await schemeInForce(tx, projectId);
    const newT = newTermsOf(change, scheme.allocationUnit);
    const oldCaps = capsOf(oldTermsOf(change, scheme.allocationUnit));
    const newCaps = capsOf(newT);
    const unit = allocationUnit(newT);
    const levels = (Object.keys(newCaps) as Level[]).map((level) => {
      const at = lines.filter((l) => l.level === level);
      const partners = at.filter((l) => l.holder === 'PARTNER');
      const sumOf = (xs: ChangeLineRow[], f: 'oldCommitted' | 'newCommitted') =>
        xs.reduce((a, l) => a.plus(dec(l[f].toString())), dec(0));
      const newPartners = sumOf(partners, 'newCommitted');
      return {
        level,
        oldCap: oldCaps[level],
        newCap: newCaps[level],
        shareable: shareableOf(newCaps[level], unit),
        oldPartners: sumOf(partners, 'oldCommitted'),
        scaledTotal: newPartners,
        newPartners,
        platformOld: oldCaps[level].minus(sumOf(partners, 'oldCommitted')),
        platformNew: newCaps[level].minus(newPartners),
      };
    });
    const revised = unwrap(
      reviseAdjustment(
        asResult(lines, levels),
        [{ userId: line.userId!, level: line.level, newCommitted: dec(input.newCommitted), reason: input.reason }],
        { unit, personCap: personCap(newT) },
      ),
    );
    const after = revised.lines.find(
      (l) => l.holder === 'PARTNER' && l.userId === line.userId && l.level === line.level,
    )!;
    const platform = revised.lines.find((l) => l.holder === 'PLATFORM' && l.level === line.level);
    const { count } = await tx.schemeChangeLine.updateMany({
      where: { id: line.id, version: line.version },
      data: {
        newCommitted: moneyString(after.newCommitted),
        delta: moneyString(after.delta),
        editReason: input.reason,
        editedById: who.actorId,
        version: { increment: 1 },
      },
    });
    if (!count) throw versionConflict('调整行', line.version);
    if (platform) {
      const row = lines.find((l) => l.holder === 'PLATFORM' && l.level === line.level)!;
      await tx.schemeChangeLine.update({
        where: { id: row.id },
        data: {
          newCommitted: moneyString(platform.newCommitted),
          delta: moneyString(platform.delta),
          version: { increment: 1 },
        },
      });
    }
    await touchChange(tx, change);
    await writeAudit(tx, who, {
      action: 'edit_line',
      entity: 'SchemeChangeLine',
      entityId: line.id,
      projectId,
      before: { newCommitted: line.newCommitted.toString(), editReason: line.editReason },
      after: {
        newCommitted: moneyString(after.newCommitted),
        reason: input.reason,
        refund: after.refund.greaterThan(0) ? moneyString(after.refund) : null,
        message: after.refund.greaterThan(0)
          ? `调整后认缴 ${formatMoney(after.newCommitted)} 低于已实缴 ${formatMoney(after.paid)}，需退款 ${formatMoney(after.refund)}`
          : null,
      },
    });
  });
  return changeDetail(deps, projectId, changeId);
}
