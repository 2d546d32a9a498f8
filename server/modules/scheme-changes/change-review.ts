/**
 * 方案审核 of a 立项调整 (review subject SCHEME_CHANGE, quick guide 4.2.2–4.2.3): 送审 from 已计算; approval lets
 * 立项信息变更 start, rejection (with its reason) or withdrawal sends it back to 已计算 for edits. The reviewer sees the
 * old and new caps per level and every line's old / new / delta with the edit reasons.
 */
import type { Deps } from '../../deps';
import type { Tx } from '../../lib/db';
import { invalidState, versionConflict } from '../../lib/errors';
import { systemActor, type AuditActor } from '../../lib/audit';
import { dec, formatMoney, moneyString, sumMoney } from '../../../shared/money';
import { LEVEL_LABEL, LEVELS } from '../../../shared/api/scheme';
import type { ReviewSubject } from '../reviews/service';
import { submitForReview } from '../reviews/service';
import { assertChangeIn, transitionChange } from './change-state';
import { refundOf, topUpOf } from './money-moves';
import { linesOfChange, loadChange, loadChangeById, projectName, schemeInForce, usersByIds } from './repository';
import { capsOf, newTermsOf, oldTermsOf } from './terms';

export const schemeChangeReviewSubject: ReviewSubject = {
  label: '立项调整审核',
  onDecided: async (tx, review, outcome) => {
    await transitionChange(tx, review.subjectId, outcome === 'APPROVED' ? 'approve' : 'returnFromReview', {
      actor: systemActor('方案审核'),
      refusal: '峰值变更不在审核中',
      audit: { after: { reviewId: review.id, reason: review.reason } },
    });
  },
  summary: async (deps, changeId) => {
    const change = await loadChangeById(deps.db, changeId);
    const { scheme } = await schemeInForce(deps.db, change.projectId);
    const oldCaps = capsOf(oldTermsOf(change, scheme.allocationUnit));
    const newCaps = capsOf(newTermsOf(change, scheme.allocationUnit));
    const lines = await linesOfChange(deps.db, changeId);
    const names = new Map(
      (
        await usersByIds(
          deps.db,
          lines.map((l) => l.userId ?? 0),
        )
      ).map((u) => [u.id, u.name] as const),
    );
    const partners = lines.filter((l) => l.holder === 'PARTNER');
    const delta = sumMoney(partners.map((l) => l.delta.toString()));
    return {
      amount: moneyString(delta),
      text: `第 ${change.seq} 次峰值变更：资金峰值 ${formatMoney(change.oldPeakCapital)} → ${formatMoney(change.peakCapital)}，合伙人认缴变动 ${formatMoney(delta)}，补缴 ${partners.filter((l) => topUpOf(l).greaterThan(0)).length} 人，退款 ${partners.filter((l) => refundOf(l).greaterThan(0)).length} 人`,
      lines: [
        ...LEVELS.map((level) => ({
          label: `${LEVEL_LABEL[level]}层级额度（原 → 新）`,
          value: `${formatMoney(oldCaps[level])} → ${formatMoney(newCaps[level])}`,
        })),
        ...lines.map((l) => {
          const who = l.holder === 'PLATFORM' ? '平台公司' : (names.get(l.userId!) ?? `#${l.userId}`);
          const notes = [
            l.editReason ? `修改原因：${l.editReason}` : null,
            refundOf(l).greaterThan(0) ? `需退款 ${formatMoney(refundOf(l))}` : null,
          ].filter(Boolean);
          return {
            label: `${who}（${LEVEL_LABEL[l.level]}）`,
            value: `${formatMoney(l.oldCommitted)} → ${formatMoney(l.newCommitted)}（${dec(l.delta.toString()).isNegative() ? '' : '+'}${formatMoney(l.delta)}）${notes.length ? `；${notes.join('；')}` : ''}`,
          };
        }),
      ],
    };
  },
};

/** 送审 (quick guide 4.2.2). */
export async function submitChangeForReview(
  deps: Deps,
  who: AuditActor,
  projectId: number,
  changeId: number,
  version: number,
) {
  return deps.db.$transaction(async (tx: Tx) => {
    const change = await loadChange(tx, projectId, changeId);
    assertChangeIn(change, ['CALCULATED'], '送审');
    if (change.version !== version) throw versionConflict('峰值变更', change.version);
    if (!(await linesOfChange(tx, changeId)).length) throw invalidState('请先计算立项调整');
    const review = await submitForReview(tx, deps, who, {
      subjectType: 'SCHEME_CHANGE',
      subjectId: changeId,
      projectId,
      title: `${await projectName(tx, projectId)} 立项调整（资金峰值 ${formatMoney(change.oldPeakCapital)} → ${formatMoney(change.peakCapital)}）`,
    });
    await transitionChange(tx, changeId, 'submit', {
      actor: who,
      expected: change,
      audit: { after: { reviewId: review.id } },
    });
    return { reviewId: review.id };
  });
}
