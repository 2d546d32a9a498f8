/** 峰值变更 list and detail: old vs new terms, caps per level, the 立项调整 lines, the flows, the review and the dues. */
import type { Deps } from '../../deps';
import { dec, formatMoney, moneyString, ratioString } from '../../../shared/money';
import { LEVELS, levelRatio, personCap } from '../../../shared/scheme-math';
import type { TChangeTerms, TSchemeChangeDetail } from '../../../shared/api/scheme-change';
import { changeDues } from './change-dues';
import {
  changesOfProject,
  flowsAndReviewOf,
  linesOfChange,
  loadChange,
  projectName,
  schemeInForce,
  usersByIds,
  type Change,
} from './repository';
import { refundOf, topUpOf } from './money-moves';
import { capsOf, newTermsOf, oldTermsOf, shareholdersOf, totalRatioOf } from './terms';
import type { SchemeTerms } from '../../../shared/scheme-math';

const summaryOf = (c: Change | (Omit<Change, 'status'> & { status: string }), names: Map<number, string>) => ({
  id: c.id,
  projectId: c.projectId,
  seq: c.seq,
  status: c.status as Change['status'],
  oldPeakCapital: moneyString(c.oldPeakCapital.toString()),
  peakCapital: moneyString(c.peakCapital.toString()),
  reason: c.reason,
  createdBy: names.get(c.createdById) ?? null,
  createdAt: c.createdAt.toISOString(),
  calculatedAt: c.calculatedAt?.toISOString() ?? null,
  appliedAt: c.appliedAt?.toISOString() ?? null,
  version: c.version,
});

export async function listChanges(deps: Deps, projectId: number) {
  const rows = await changesOfProject(deps.db, projectId);
  const names = new Map(
    (
      await usersByIds(
        deps.db,
        rows.map((r) => r.createdById),
      )
    ).map((u) => [u.id, u.name]),
  );
  return rows.map((r) => summaryOf(r, names));
}

function termsView(t: SchemeTerms, shareholders: unknown): TChangeTerms {
  const cap = personCap(t);
  return {
    peakCapital: moneyString(t.peakCapital),
    holdingRatio: ratioString(t.holdingRatio),
    groupRatio: ratioString(t.groupRatio),
    cityRatio: ratioString(t.cityRatio),
    otherRatio: ratioString(t.otherRatio),
    totalRatio: ratioString(totalRatioOf(t)),
    perPersonCapRatio: t.perPersonCapRatio == null ? null : ratioString(t.perPersonCapRatio),
    personCap: cap ? moneyString(cap) : null,
    shareholders: shareholdersOf(shareholders).map((s) => ({
      name: s.name,
      equityRatio: ratioString(s.equityRatio),
      isOurs: s.isOurs,
      capitalContribution: s.capitalContribution === null ? null : moneyString(s.capitalContribution),
    })),
  };
}

export async function changeDetail(deps: Deps, projectId: number, changeId: number): Promise<TSchemeChangeDetail> {
  const db = deps.db;
  const change = await loadChange(db, projectId, changeId);
  const { scheme } = await schemeInForce(db, projectId);
  const lines = await linesOfChange(db, changeId);
  const users = await usersByIds(db, [
    change.createdById,
    ...lines.flatMap((l) => [l.userId, l.editedById]).filter((x): x is number => x !== null),
  ]);
  const names = new Map(users.map((u) => [u.id, u.name]));
  const oldT = oldTermsOf(change, scheme.allocationUnit);
  const newT = newTermsOf(change, scheme.allocationUnit);
  const oldCaps = capsOf(oldT);
  const newCaps = capsOf(newT);
  const calculated = lines.length > 0;
  const sum = (level: string, holder: string, field: 'oldCommitted' | 'newCommitted') =>
    lines
      .filter((l) => l.level === level && l.holder === holder)
      .reduce((a, l) => a.plus(dec(l[field].toString())), dec(0));
  const partnerLines = lines.filter((l) => l.holder === 'PARTNER');
  const { peakFlow, changeFlow, review } = await flowsAndReviewOf(db, changeId);
  return {
    ...summaryOf(change, names),
    projectName: await projectName(db, projectId),
    old: termsView(oldT, change.oldShareholders),
    proposed: termsView(newT, change.shareholders),
    levels: LEVELS.map((level) => ({
      level,
      oldRatio: ratioString(levelRatio(oldT, level)),
      newRatio: ratioString(levelRatio(newT, level)),
      oldCap: moneyString(oldCaps[level]),
      newCap: moneyString(newCaps[level]),
      oldPartners: calculated ? moneyString(sum(level, 'PARTNER', 'oldCommitted')) : null,
      newPartners: calculated ? moneyString(sum(level, 'PARTNER', 'newCommitted')) : null,
      oldPlatform: calculated ? moneyString(sum(level, 'PLATFORM', 'oldCommitted')) : null,
      newPlatform: calculated ? moneyString(sum(level, 'PLATFORM', 'newCommitted')) : null,
    })),
    lines: lines.map((l) => {
      const nc = dec(l.newCommitted.toString());
      const paid = dec(l.paid.toString());
      const edited = l.editedById !== null;
      const refund = paid.greaterThan(nc) ? paid.minus(nc) : dec(0);
      const topUp = topUpOf(l);
      const notes: string[] = [];
      if (l.holder === 'PARTNER' && refund.greaterThan(0))
        notes.push(`调整后认缴低于已实缴，需退款 ${formatMoney(refund)}`);
      return {
        id: l.id,
        level: l.level,
        holder: l.holder,
        user: l.userId === null ? null : { id: l.userId, name: names.get(l.userId) ?? `#${l.userId}` },
        oldCommitted: moneyString(l.oldCommitted.toString()),
        paid: moneyString(paid),
        computedCommitted: moneyString(l.computedCommitted.toString()),
        newCommitted: moneyString(nc),
        delta: moneyString(l.delta.toString()),
        topUp: moneyString(topUp),
        refund: moneyString(l.holder === 'PARTNER' ? refund : 0),
        edited,
        editReason: l.editReason,
        editedBy: l.editedById === null ? null : (names.get(l.editedById) ?? null),
        message: notes.length ? notes.join('；') : null,
        version: l.version,
      };
    }),
    topUps: partnerLines.filter((l) => topUpOf(l).greaterThan(0)).length,
    refunds: partnerLines.filter((l) => refundOf(l).greaterThan(0)).length,
    peakFlow: peakFlow && { id: peakFlow.id, status: peakFlow.status, instanceId: peakFlow.instanceId },
    changeFlow: changeFlow && { id: changeFlow.id, status: changeFlow.status, instanceId: changeFlow.instanceId },
    review: review && {
      id: review.id,
      status: review.status,
      reason: review.reason,
      decidedAt: review.decidedAt?.toISOString() ?? null,
    },
    dues: await changeDues(deps, projectId, changeId),
  };
}
