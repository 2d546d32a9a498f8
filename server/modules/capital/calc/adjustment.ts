/**
 * 立项调整 — every partner's commitment after a peak (资金峰值) or ratio change (domain.md §4.4, quick guide 4.2.1).
 *
 * Pure, decimal.js only. Rules, per level (控股集团, 置业集团, 城市公司, 其它 in that order):
 * 1. S = Σ the level's partners' current commitments (all rounds). The scaled total is S × newCap / oldCap; the
 *    partners' new total T = that, rounded half-up to the allocation unit, and never above shareable(newCap) (the new
 *    cap rounded down to the unit: the sub-unit remainder always stays with the platform).
 * 2. Each partner's exact share is old × T / S (= old × newCap / oldCap up to the rounding of the total), rounded to
 *    the unit by largest remainder (shared with 测算: subscription/calc/allocation largestRemainder; ties to the lower
 *    userId) so the shares add up to T exactly.
 * 3. Bounds: a partner's new commitment stays within [0, upper], upper = min(their 认购上限 for the level — the caller
 *    passes the limit on the partner's total at the level, Σ of their round lines' maxima — and what the per-person
 *    cap leaves after their commitments at other levels). Clamping re-shares: a partner whose exact share exceeds
 *    their upper bound is pinned there and the excess is shared again among the others pro rata to their old
 *    commitments (water-filling, repeated until nobody new is pinned). What nobody can take goes to the platform.
 *    The lower bound is 0, not the 认购下限: a peak change scales everyone alike, and lifting someone back to their
 *    subscription minimum on a reduction would make the others shrink more than proportionally; such lines are
 *    flagged (belowMin) for the accountant, who may edit them before review.
 * 4. The platform takes the rest: newCap − Σ partners (≥ the sub-unit remainder).
 * 5. A new commitment below what the partner has already paid in means a refund (退款) of the difference; the line
 *    says so. Otherwise any unpaid part is a top-up (补缴) to collect.
 * 6. A level whose old cap (or old partners' total) is 0 has nobody to scale: partners stay at 0 and the platform takes
 *    the whole new cap (a 补投 round can then offer it).
 * The per-person cap across levels: levels are processed in order; for a partner's line the room is the per-person
 * cap minus their new commitments at earlier levels and their old commitments at later levels.
 */
import type Decimal from 'decimal.js';
import { dec, formatMoney, decimalString } from '../../../../shared/money';
import { floorToUnit, isMultipleOfUnit, shareableOf } from '../../../../shared/scheme-math';
import { largestRemainder } from '../../subscription/calc/allocation';
import { LEVEL_LABEL, LEVELS, type Caps, type LedgerEntry, type Level } from './types';

const ZERO = dec(0);

export interface AdjustmentPartner {
  userId: number;
  level: Level;
  /** current commitment at the level (Σ over rounds, from the ledger) */
  committed: Decimal;
  /** paid in at the level (from the ledger) */
  paid: Decimal;
  /** 认购下限 (only flagged, see rule 3) */
  min: Decimal;
  /** 认购上限 on the partner's total at the level */
  max: Decimal;
}

export interface AdjustmentInput {
  oldCaps: Caps;
  newCaps: Caps;
  unit: Decimal;
  /** 单人上限 (shared/scheme-math personCap of the NEW terms), null = none */
  personCap: Decimal | null;
  partners: AdjustmentPartner[];
  /** the platform's paid-in per level, for its line (0 when omitted) */
  platformPaid?: Partial<Record<Level, Decimal>>;
}

export interface AdjustmentLine {
  level: Level;
  holder: 'PARTNER' | 'PLATFORM';
  userId: number | null;
  oldCommitted: Decimal;
  paid: Decimal;
  /** the unrounded scaled amount (partners) */
  exact: Decimal;
  newCommitted: Decimal;
  /** newCommitted − oldCommitted */
  delta: Decimal;
  /** newCommitted − paid: > 0 still to pay (补缴), < 0 to refund (退款) */
  outstanding: Decimal;
  /** paid − newCommitted when positive */
  refund: Decimal;
  /** pinned at the upper bound: 'MAX' (认购上限) or 'PERSON_CAP' (单人上限) */
  clamped: 'MAX' | 'PERSON_CAP' | null;
  /** below the 认购下限 after scaling (not clamped up: rule 3) */
  belowMin: boolean;
  message: string | null;
}

export interface AdjustmentLevel {
  level: Level;
  oldCap: Decimal;
  newCap: Decimal;
  shareable: Decimal;
  oldPartners: Decimal;
  /** S × newCap / oldCap, unrounded */
  scaledTotal: Decimal;
  newPartners: Decimal;
  platformOld: Decimal;
  platformNew: Decimal;
}

export type AdjustmentErrorCode = 'INVALID_INPUT' | 'NOT_A_UNIT_MULTIPLE' | 'LEDGER_OVER_CAP';
export type AdjustmentResult =
  | { ok: true; lines: AdjustmentLine[]; levels: AdjustmentLevel[] }
  | { ok: false; code: AdjustmentErrorCode; message: string };

const fail = (code: AdjustmentErrorCode, message: string): AdjustmentResult => ({ ok: false, code, message });
const min = (a: Decimal, b: Decimal) => (a.lessThan(b) ? a : b);
const max = (a: Decimal, b: Decimal) => (a.greaterThan(b) ? a : b);

/** x rounded half-up to a multiple of unit. */
function roundToUnit(x: Decimal, unit: Decimal): Decimal {
  return floorToUnit(x.plus(unit.dividedBy(2)), unit);
}

function validate(input: AdjustmentInput): AdjustmentResult | null {
  const unit = dec(input.unit);
  if (!unit.isFinite() || unit.lessThanOrEqualTo(0) || !isMultipleOfUnit(unit, '0.01'))
    return fail('INVALID_INPUT', `分配单位必须是 ¥0.01 的正整数倍，当前为 ${String(input.unit)}。`);
  for (const level of LEVELS) {
    for (const [what, caps] of [
      ['原', input.oldCaps],
      ['新', input.newCaps],
    ] as const) {
      const c = dec(caps[level] ?? 0);
      if (c.isNegative() || !isMultipleOfUnit(c, '0.01'))
        return fail('INVALID_INPUT', `${LEVEL_LABEL[level]}的${what}层级额度无效：${decimalString(c)}。`);
    }
  }
  if (input.personCap !== null && dec(input.personCap).isNegative())
    return fail('INVALID_INPUT', '单人上限不能为负数。');
  const seen = new Set<string>();
  for (const p of input.partners) {
    const key = `${p.level}:${p.userId}`;
    if (!LEVELS.includes(p.level)) return fail('INVALID_INPUT', `合伙人 #${p.userId} 的层级无效。`);
    if (seen.has(key)) return fail('INVALID_INPUT', `合伙人 #${p.userId} 在${LEVEL_LABEL[p.level]}出现了不止一次。`);
    seen.add(key);
    for (const [label, v] of [
      ['认缴', p.committed],
      ['实缴', p.paid],
      ['认购下限', p.min],
      ['认购上限', p.max],
    ] as const) {
      if (dec(v).isNegative()) return fail('INVALID_INPUT', `合伙人 #${p.userId} 的${label}不能为负数。`);
    }
    if (!isMultipleOfUnit(p.committed, unit))
      return fail(
        'NOT_A_UNIT_MULTIPLE',
        `合伙人 #${p.userId} 的认缴 ${formatMoney(p.committed)} 不是分配单位 ${formatMoney(unit)} 的整数倍。`,
      );
  }
  for (const level of LEVELS) {
    const s = input.partners.filter((p) => p.level === level).reduce((a, p) => a.plus(dec(p.committed)), ZERO);
    const oldCap = dec(input.oldCaps[level] ?? 0);
    if (s.greaterThan(oldCap))
      return fail(
        'LEDGER_OVER_CAP',
        `${LEVEL_LABEL[level]}合伙人认缴合计 ${formatMoney(s)} 超过原层级额度 ${formatMoney(oldCap)}，台账与方案不一致，无法调整。`,
      );
  }
  return null;
}

/** 立项调整: see the module comment for the rules. Lines come back by level, partners by userId, the platform last. */
export function adjustForPeakChange(input: AdjustmentInput): AdjustmentResult {
  const invalid = validate(input);
  if (invalid) return invalid;
  const unit = dec(input.unit);
  const personCap = input.personCap === null ? null : floorToUnit(input.personCap, unit);
  // per user: level → commitment; old at first, replaced by the new one as each level is decided
  const holdings = new Map<number, Map<Level, Decimal>>();
  for (const p of input.partners) {
    const m = holdings.get(p.userId) ?? new Map<Level, Decimal>();
    m.set(p.level, dec(p.committed));
    holdings.set(p.userId, m);
  }
  const lines: AdjustmentLine[] = [];
  const levels: AdjustmentLevel[] = [];
  for (const level of LEVELS) {
    const oldCap = dec(input.oldCaps[level] ?? 0);
    const newCap = dec(input.newCaps[level] ?? 0);
    const shareable = shareableOf(newCap, unit);
    const members = input.partners.filter((p) => p.level === level).sort((a, b) => a.userId - b.userId);
    const old = members.map((p) => dec(p.committed));
    const S = old.reduce((a, x) => a.plus(x), ZERO);
    const scaledTotal = oldCap.isZero() ? ZERO : S.times(newCap).dividedBy(oldCap);
    const target = oldCap.isZero() || S.isZero() ? ZERO : min(roundToUnit(scaledTotal, unit), shareable);

    const uppers = members.map((p) => {
      const listed = floorToUnit(dec(p.max), unit);
      if (personCap === null) return { upper: listed, by: 'MAX' as const };
      let elsewhere = ZERO;
      for (const [l, v] of holdings.get(p.userId) ?? []) if (l !== level) elsewhere = elsewhere.plus(v);
      const room = max(ZERO, floorToUnit(personCap.minus(elsewhere), unit));
      return room.lessThan(listed) ? { upper: room, by: 'PERSON_CAP' as const } : { upper: listed, by: 'MAX' as const };
    });

    // Water-filling: pin those whose exact share exceeds their upper bound, share the rest again.
    const pinned = members.map(() => false);
    let tFree = target;
    let sFree = S;
    for (;;) {
      const newly = members.map(
        (_, i) => !pinned[i] && !sFree.isZero() && old[i].times(tFree).greaterThan(uppers[i].upper.times(sFree)),
      );
      if (!newly.some(Boolean)) break;
      newly.forEach((n, i) => {
        if (!n) return;
        pinned[i] = true;
        tFree = tFree.minus(uppers[i].upper);
        sFree = sFree.minus(old[i]);
      });
    }
    if (sFree.isZero()) tFree = ZERO; // everyone with a stake is pinned: the rest goes to the platform
    const freeIdx = members.map((_, i) => i).filter((i) => !pinned[i]);
    const exacts = members.map((_, i) =>
      pinned[i] ? uppers[i].upper : sFree.isZero() ? ZERO : old[i].times(tFree).dividedBy(sFree),
    );
    const rounded = largestRemainder(
      tFree,
      freeIdx.map((i) => exacts[i]),
      unit,
      freeIdx.map((i) => ({ min: ZERO, max: uppers[i].upper })),
    );
    const news = members.map((_, i) => (pinned[i] ? uppers[i].upper : ZERO));
    freeIdx.forEach((i, j) => {
      news[i] = rounded[j];
    });

    let newPartners = ZERO;
    members.forEach((p, i) => {
      const paid = dec(p.paid);
      const nc = news[i];
      newPartners = newPartners.plus(nc);
      holdings.get(p.userId)!.set(level, nc);
      const outstanding = nc.minus(paid);
      const refund = outstanding.isNegative() ? outstanding.negated() : ZERO;
      const belowMin = nc.lessThan(dec(p.min)) && !nc.isZero();
      const notes: string[] = [];
      if (refund.greaterThan(0))
        notes.push(`调整后认缴 ${formatMoney(nc)} 低于已实缴 ${formatMoney(paid)}，需退款 ${formatMoney(refund)}。`);
      if (pinned[i])
        notes.push(
          uppers[i].by === 'PERSON_CAP'
            ? `按比例应为 ${formatMoney(old[i].times(target).dividedBy(S))}，受单人上限限制为 ${formatMoney(nc)}。`
            : `按比例应为 ${formatMoney(old[i].times(target).dividedBy(S))}，受认购上限 ${formatMoney(p.max)} 限制。`,
        );
      if (belowMin)
        notes.push(`调整后认缴低于认购下限 ${formatMoney(p.min)}（按比例调整不提高到下限，可由经营会计修改）。`);
      lines.push({
        level,
        holder: 'PARTNER',
        userId: p.userId,
        oldCommitted: old[i],
        paid,
        exact: oldCap.isZero() ? ZERO : old[i].times(newCap).dividedBy(oldCap),
        newCommitted: nc,
        delta: nc.minus(old[i]),
        outstanding,
        refund,
        clamped: pinned[i] ? uppers[i].by : null,
        belowMin,
        message: notes.length ? notes.join('') : null,
      });
    });
    const platformOld = oldCap.minus(S);
    const platformNew = newCap.minus(newPartners);
    const platformPaid = dec(input.platformPaid?.[level] ?? 0);
    levels.push({
      level,
      oldCap,
      newCap,
      shareable,
      oldPartners: S,
      scaledTotal,
      newPartners,
      platformOld,
      platformNew,
    });
    if (oldCap.isZero() && newCap.isZero() && members.length === 0 && platformPaid.isZero()) continue; // an unused level
    lines.push({
      level,
      holder: 'PLATFORM',
      userId: null,
      oldCommitted: platformOld,
      paid: platformPaid,
      exact: platformNew,
      newCommitted: platformNew,
      delta: platformNew.minus(platformOld),
      outstanding: platformNew.minus(platformPaid),
      refund: ZERO,
      clamped: null,
      belowMin: false,
      message: null,
    });
  }
  return { ok: true, lines, levels };
}

/** The COMMITMENT_CHANGE entries that apply an adjustment (lines whose delta is not 0). */
export function adjustmentEntries(
  lines: readonly Pick<AdjustmentLine, 'level' | 'holder' | 'userId' | 'delta'>[],
  valueDate: string,
): LedgerEntry[] {
  return lines
    .filter((l) => !dec(l.delta).isZero())
    .map((l) => ({
      level: l.level,
      holder: l.holder,
      userId: l.holder === 'PLATFORM' ? null : l.userId,
      kind: 'COMMITMENT_CHANGE' as const,
      committedDelta: dec(l.delta),
      paidDelta: ZERO,
      interestDelta: ZERO,
      valueDate,
    }));
}

export interface AdjustmentEdit {
  userId: number;
  level: Level;
  newCommitted: Decimal;
  /** required: every edit is audited with its reason */
  reason: string;
}

/**
 * The accountant's edits of 立项调整 lines before review (quick guide 4.2.1–4.2.2). An edit may leave the proportional
 * result (and may go above the 认购上限 — it is the accountant's call, recorded with a reason), but never:
 * a negative or fractional amount (whole allocation units), the level's partners above shareable(newCap), or a person
 * above the per-person cap across levels. The platform line is recomputed as newCap − Σ partners, and every edited
 * line's delta, outstanding, refund and message follow the new amount.
 */
export function reviseAdjustment(
  result: Extract<AdjustmentResult, { ok: true }>,
  edits: readonly AdjustmentEdit[],
  opts: { unit: Decimal; personCap: Decimal | null },
): AdjustmentResult {
  const unit = dec(opts.unit);
  const lines = result.lines.map((l) => ({ ...l }));
  for (const e of edits) {
    const line = lines.find((l) => l.holder === 'PARTNER' && l.userId === e.userId && l.level === e.level);
    if (!line) return fail('INVALID_INPUT', `合伙人 #${e.userId} 在${LEVEL_LABEL[e.level]}没有调整行。`);
    const v = dec(e.newCommitted);
    if (!e.reason || !e.reason.trim()) return fail('INVALID_INPUT', `修改合伙人 #${e.userId} 的调整金额须填写原因。`);
    if (v.isNegative()) return fail('INVALID_INPUT', `合伙人 #${e.userId} 的调整后认缴不能为负数。`);
    if (!isMultipleOfUnit(v, unit))
      return fail(
        'NOT_A_UNIT_MULTIPLE',
        `合伙人 #${e.userId} 的调整后认缴 ${formatMoney(v)} 不是分配单位 ${formatMoney(unit)} 的整数倍。`,
      );
    line.newCommitted = v;
    line.delta = v.minus(line.oldCommitted);
    line.outstanding = v.minus(line.paid);
    line.refund = line.outstanding.isNegative() ? line.outstanding.negated() : ZERO;
    line.clamped = null;
    line.belowMin = false;
    line.message =
      (line.refund.greaterThan(0)
        ? `调整后认缴 ${formatMoney(v)} 低于已实缴 ${formatMoney(line.paid)}，需退款 ${formatMoney(line.refund)}。`
        : '') + `经营会计修改：${e.reason.trim()}`;
  }
  const levels = result.levels.map((lv) => {
    const partners = lines
      .filter((l) => l.level === lv.level && l.holder === 'PARTNER')
      .reduce((s, l) => s.plus(l.newCommitted), ZERO);
    return { ...lv, newPartners: partners, platformNew: lv.newCap.minus(partners) };
  });
  for (const lv of levels) {
    if (lv.newPartners.greaterThan(lv.shareable))
      return fail(
        'INVALID_INPUT',
        `${LEVEL_LABEL[lv.level]}合伙人调整后认缴合计 ${formatMoney(lv.newPartners)} 超过可分配额度 ${formatMoney(lv.shareable)}（层级额度 ${formatMoney(lv.newCap)}）。`,
      );
    const platform = lines.find((l) => l.level === lv.level && l.holder === 'PLATFORM');
    if (platform) {
      platform.newCommitted = lv.platformNew;
      platform.exact = lv.platformNew;
      platform.delta = lv.platformNew.minus(platform.oldCommitted);
      platform.outstanding = lv.platformNew.minus(platform.paid);
    }
  }
  if (opts.personCap !== null) {
    const cap = floorToUnit(opts.personCap, unit);
    const perUser = new Map<number, Decimal>();
    for (const l of lines)
      if (l.holder === 'PARTNER') perUser.set(l.userId!, (perUser.get(l.userId!) ?? ZERO).plus(l.newCommitted));
    for (const [userId, total] of [...perUser].sort((a, b) => a[0] - b[0]))
      if (total.greaterThan(cap))
        return fail(
          'INVALID_INPUT',
          `合伙人 #${userId} 调整后认缴合计 ${formatMoney(total)} 超过单人上限 ${formatMoney(cap)}。`,
        );
  }
  return { ok: true, lines, levels };
}
