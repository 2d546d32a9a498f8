/**
 * 峰值变更 (quick guide 4.1.1): the accountant enters the new 资金峰值, level ratios, per-person ratio and
 * shareholders of a project whose peak is confirmed and whose 立项 is done. One open change per project; a draft may
 * be edited or cancelled. The scheme in force does not change until the change is applied.
 */
import type { Deps } from '../../deps';
import type { Tx } from '../../lib/db';
import { AppError, invalidState } from '../../lib/errors';
import { writeAudit, type AuditActor } from '../../lib/audit';
import { dec, ratioString } from '../../../shared/money';
import type { TSchemeChangeInput, TSchemeChangeUpdate } from '../../../shared/api/scheme-change';
import { checkSchemeRatios, checkShareholders } from '../scheme/validate';
import { assertChangeIn, touchChange, transitionChange } from './change-state';
import { changeDetail } from './change-detail';
import {
  hasConfirmedInitialRound,
  loadChange,
  lockScheme,
  nextChangeSeq,
  openChangeIn,
  schemeInForce,
} from './repository';

function check(input: TSchemeChangeInput, maxTotalRatio: string): void {
  const totalRatio = ratioString(
    [input.holdingRatio, input.groupRatio, input.cityRatio, input.otherRatio].reduce((a, r) => a.plus(dec(r)), dec(0)),
  );
  const problems = [
    ...checkSchemeRatios({ ...input, totalRatio, maxTotalRatio, perPersonCapRatio: input.perPersonCapRatio ?? null }),
    ...checkShareholders(input.shareholders),
  ];
  if (problems.length)
    throw new AppError('VALIDATION_FAILED', problems.map((p) => p.message).join('；'), { fields: problems });
}

const proposed = (input: TSchemeChangeInput) => ({
  peakCapital: input.peakCapital,
  holdingRatio: input.holdingRatio,
  groupRatio: input.groupRatio,
  cityRatio: input.cityRatio,
  otherRatio: input.otherRatio,
  perPersonCapRatio: input.perPersonCapRatio ?? null,
  shareholders: input.shareholders.map((s) => ({
    name: s.name,
    equityRatio: s.equityRatio,
    isOurs: s.isOurs,
    capitalContribution: s.capitalContribution ?? null,
  })),
  reason: input.reason,
});

/** 股权合作 → 输入新的股东信息: a new draft change. */
export async function createChange(deps: Deps, who: AuditActor, projectId: number, input: TSchemeChangeInput) {
  const id = await deps.db.$transaction(async (tx: Tx) => {
    await lockScheme(tx, projectId);
    const { scheme, shareholders } = await schemeInForce(tx, projectId);
    if (!scheme.peakConfirmedAt) throw invalidState('【项目资金峰值】流程尚未完成，不能发起峰值变更');
    if (!(await hasConfirmedInitialRound(tx, projectId)))
      throw invalidState('项目尚未完成【事业合伙立项】，不能发起峰值变更');
    const open = await openChangeIn(tx, projectId);
    if (open)
      throw invalidState(`项目已有未完成的峰值变更（第 ${open.seq} 次），请先完成或取消`, { changeId: open.id });
    check(input, scheme.maxTotalRatio.toString());
    const row = await tx.schemeChange.create({
      data: {
        projectId,
        seq: await nextChangeSeq(tx, projectId),
        ...proposed(input),
        oldPeakCapital: scheme.peakCapital,
        oldHoldingRatio: scheme.holdingRatio,
        oldGroupRatio: scheme.groupRatio,
        oldCityRatio: scheme.cityRatio,
        oldOtherRatio: scheme.otherRatio,
        oldPerPersonCapRatio: scheme.perPersonCapRatio,
        oldShareholders: shareholders.map((s) => ({
          name: s.name,
          equityRatio: s.equityRatio.toString(),
          isOurs: s.isOurs,
          capitalContribution: s.capitalContribution?.toString() ?? null,
        })),
        createdById: who.actorId ?? 0,
      },
      select: { id: true },
    });
    await writeAudit(tx, who, {
      action: 'create',
      entity: 'SchemeChange',
      entityId: row.id,
      projectId,
      after: { status: 'DRAFT', ...proposed(input), oldPeakCapital: scheme.peakCapital.toString() },
    });
    return row.id;
  });
  return changeDetail(deps, projectId, id);
}

/** Edits the draft's proposed terms. */
export async function updateChange(
  deps: Deps,
  who: AuditActor,
  projectId: number,
  changeId: number,
  input: TSchemeChangeUpdate,
) {
  await deps.db.$transaction(async (tx: Tx) => {
    const change = await loadChange(tx, projectId, changeId);
    assertChangeIn(change, ['DRAFT'], '修改');
    const { scheme } = await schemeInForce(tx, projectId);
    check(input, scheme.maxTotalRatio.toString());
    await touchChange(tx, { ...change, version: input.version }, proposed(input));
    await writeAudit(tx, who, {
      action: 'update',
      entity: 'SchemeChange',
      entityId: changeId,
      projectId,
      before: {
        peakCapital: change.peakCapital.toString(),
        holdingRatio: change.holdingRatio.toString(),
        groupRatio: change.groupRatio.toString(),
        cityRatio: change.cityRatio.toString(),
        otherRatio: change.otherRatio.toString(),
        perPersonCapRatio: change.perPersonCapRatio?.toString() ?? null,
        shareholders: change.shareholders,
        reason: change.reason,
      },
      after: proposed(input),
    });
  });
  return changeDetail(deps, projectId, changeId);
}

/** Cancels a draft. */
export async function cancelChange(deps: Deps, who: AuditActor, projectId: number, changeId: number, version: number) {
  await deps.db.$transaction(async (tx: Tx) => {
    const change = await loadChange(tx, projectId, changeId);
    await transitionChange(tx, changeId, 'cancel', {
      actor: who,
      expected: { status: change.status, version },
      data: { cancelledAt: new Date() },
    });
  });
  return changeDetail(deps, projectId, changeId);
}
