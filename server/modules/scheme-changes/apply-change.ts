/**
 * 立项信息变更 completed (quick guide 4.2.5): the change applies, in the callback's transaction —
 * 1. each line's old commitment is checked against the ledger: when a position moved since the calculation (a payment
 *    does not move it; a 补投, an exit or a correction does) nothing is applied, the change goes back to 已计算 and the
 *    audit says which line moved (the accountant recalculates, and the change goes through review and the flow again);
 * 2. the new terms and shareholders are put in force;
 * 3. the COMMITMENT_CHANGE entries are written (key scheme-change:<id>:<level>:<holder>:<userId>) and the invariant is
 *    checked against the NEW caps (a break rolls everything back);
 * 4. the dues: 补缴 (TOPUP) for an increase not yet paid, 退款 (REFUND) for what was paid above the new commitment, key
 *    change:<changeId>:<level>:<userId>; a decrease also lowers what was still due on the partner's 认购缴款 dues, so a
 *    partner is never asked for money above their new commitment;
 * 5. the change becomes 已生效.
 */
import type { Tx } from '../../lib/db';
import { AppError, invalidState } from '../../lib/errors';
import type { AuditActor } from '../../lib/audit';
import { shanghaiDay } from '../../../shared/datetime';
import { dec, formatMoney } from '../../../shared/money';
import { LEVEL_LABEL } from '../../../shared/api/scheme';
import { adjustmentEntries } from '../capital/calc/adjustment';
import { checkInvariant, positionOf, positions } from '../capital/calc/ledger';
import { PLATFORM, partnerRef, type LedgerEntry } from '../capital/calc/types';
import { appendCapitalEntries } from '../capital/append-capital-entries';
import { applySchemeTerms } from '../scheme/apply-scheme-terms';
import { transitionChange } from './change-state';
import { createChangeDues } from './change-dues';
import {
  ledgerOf,
  linesOfChange,
  loadChangeById,
  lockScheme,
  schemeInForce,
  usersByIds,
  type ChangeLineRow,
} from './repository';
import { capsOf, newTermsOf, shareholdersOf } from './terms';

/** The lines whose old commitment no longer matches the ledger, as messages (empty when none moved). */
export async function movedLines(tx: Tx, projectId: number, lines: ChangeLineRow[]): Promise<string[]> {
  const ledger = await ledgerOf(tx, projectId);
  const names = new Map(
    (
      await usersByIds(
        tx,
        lines.map((l) => l.userId ?? 0),
      )
    ).map((u) => [u.id, u.name]),
  );
  const moved: string[] = [];
  for (const l of lines) {
    const now = positionOf(ledger, l.holder === 'PLATFORM' ? PLATFORM : partnerRef(l.userId!), l.level).committed;
    if (!now.equals(dec(l.oldCommitted.toString())))
      moved.push(
        `${l.holder === 'PLATFORM' ? '平台公司' : (names.get(l.userId!) ?? `#${l.userId}`)}（${LEVEL_LABEL[l.level]}）计算时认缴 ${formatMoney(l.oldCommitted)}，台账现为 ${formatMoney(now)}`,
      );
  }
  // a holder who appeared in the ledger after the calculation has no line
  const known = new Set(lines.map((l) => `${l.level}:${l.holder}:${l.userId ?? ''}`));
  for (const p of positions(ledger))
    if (!known.has(`${p.level}:${p.holder}:${p.userId ?? ''}`) && !p.committed.isZero())
      moved.push(
        `${p.holder === 'PLATFORM' ? '平台公司' : `#${p.userId}`}（${LEVEL_LABEL[p.level]}）在计算后新增认缴 ${formatMoney(p.committed)}`,
      );
  return moved;
}

export async function applyChange(tx: Tx, changeId: number, who: AuditActor): Promise<'APPLIED' | 'RETURNED' | null> {
  const head = await loadChangeById(tx, changeId);
  await lockScheme(tx, head.projectId);
  const change = await loadChangeById(tx, changeId);
  if (change.status !== 'CHANGE_FLOW') return null; // a late or repeated callback
  const projectId = change.projectId;
  const lines = await linesOfChange(tx, changeId);
  const moved = await movedLines(tx, projectId, lines);
  if (moved.length) {
    await transitionChange(tx, changeId, 'changeStopped', {
      actor: who,
      expected: change,
      audit: {
        action: 'apply_refused',
        after: { reason: `计算后资金台账已变动，变更未生效，请重新计算立项调整：${moved.join('；')}` },
      },
    });
    return 'RETURNED';
  }
  const { scheme } = await schemeInForce(tx, projectId);
  const newT = newTermsOf(change, scheme.allocationUnit);
  // the new terms and shareholders in force (the scheme module's writer, audited there as apply_scheme_terms)
  await applySchemeTerms(
    tx,
    projectId,
    {
      peakCapital: newT.peakCapital,
      holdingRatio: newT.holdingRatio,
      groupRatio: newT.groupRatio,
      cityRatio: newT.cityRatio,
      otherRatio: newT.otherRatio,
      perPersonCapRatio: newT.perPersonCapRatio ?? null,
    },
    shareholdersOf(change.shareholders),
    who,
  );
  const day = shanghaiDay();
  const entries = adjustmentEntries(
    lines.map((l) => ({ level: l.level, holder: l.holder, userId: l.userId, delta: dec(l.delta.toString()) })),
    day,
  ).map((e: LedgerEntry) => ({
    ...e,
    adjustmentId: changeId,
    idempotencyKey: `scheme-change:${changeId}:${e.level}:${e.holder}:${e.userId ?? ''}`,
    note: `立项调整（第 ${change.seq} 次峰值变更）`,
  }));
  // the new terms are in force now: the write service checks the invariant against the NEW caps
  const { ledger } = await appendCapitalEntries(tx, { projectId, entries, actor: who, reason: '立项信息变更生效' });
  const breaks = checkInvariant(ledger, capsOf(newT));
  if (breaks.length)
    throw new AppError(
      'INVALID_STATE',
      `立项调整生效后台账与新层级额度不一致：${breaks.map((b) => b.message).join('')}`,
    );
  const dueDate = shanghaiDay(Date.now() + scheme.paymentDueDays * 86_400_000);
  const dues = await createChangeDues(tx, { projectId, changeId, dueDate, lines, who });
  await transitionChange(tx, changeId, 'apply', {
    actor: who,
    expected: change,
    data: { appliedAt: new Date() },
    audit: { after: { entries: entries.length, topUps: dues.topUps, refunds: dues.refunds, dueDate } },
  });
  return 'APPLIED';
}

/** Before 发起【立项信息变更】: refuse when the ledger moved since the calculation (say which lines). */
export async function assertLinesCurrent(tx: Tx, projectId: number, lines: ChangeLineRow[]): Promise<void> {
  const moved = await movedLines(tx, projectId, lines);
  if (moved.length) throw invalidState(`计算立项调整后资金台账已变动，请重新计算：${moved.join('；')}`, { moved });
}
