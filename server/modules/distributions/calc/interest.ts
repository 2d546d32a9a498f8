/**
 * Column B, 资金利息, of one line (domain.md §4.5 and §7).
 *
 * B = −(simple interest on each paid-in tranche from its payment date to the distribution date), computed exactly per
 * tranche, summed, and rounded half-up to the cent once per line (INTEREST_LINE) — the ledger's `simpleInterest`
 * does the arithmetic; this module only picks the base:
 * - base ALL: every tranche in full.
 * - base FINANCED: only the part the company financed (配资 / 垫资). Per line either a share (0.8 = four fifths of
 *   every payment was lent, e.g. 配资比例 1:4) or an amount X ≤ A; an amount is spread over the tranches in proportion
 *   (every payment was own money + loan in the same ratio), i.e. share = X / A — kept as an exact fraction: the
 *   tranche numerators are multiplied by X and the line's exact sum is divided by A once, before the single rounding.
 *   A line without financing pays no interest under this base.
 * - disabled: B = 0.
 * - override: an entered B (≤ 0, to the cent) with a reason replaces the computed value; the computed value is kept.
 */
import type Decimal from 'decimal.js';
import { dec, roundMoney, type MoneyInput, moneyString } from '../../../../shared/money';
import { simpleInterest, type InterestResult, type InterestTranche } from '../../capital/calc/interest';
import type { InterestSettings } from './types';

export interface Financing {
  /** the financed share of every tranche, 0 ≤ share ≤ 1 */
  share?: MoneyInput;
  /** or the financed amount, 0 ≤ amount ≤ the line's principal */
  amount?: MoneyInput;
}

export interface InterestOverride {
  /** the B to use, ≤ 0, to the cent */
  amount: MoneyInput;
  reason: string;
}

export interface LineInterest {
  /** B, ≤ 0, to the cent */
  interest: Decimal;
  /** the rule's value (≤ 0, to the cent), also when an override replaced it */
  computed: Decimal;
  /** the rule's exact value (≥ 0, unrounded) */
  exact: Decimal;
  overrideReason: string | null;
  /** per-tranche detail from simpleInterest (amounts are the interest base of each tranche) */
  detail: InterestResult | null;
}

export type LineInterestResult = ({ ok: true } & LineInterest) | { ok: false; message: string };

const ZERO = dec(0);
const CENTS_RE = /^-?\d+(\.\d{1,2})?$/;

/** Is the value an amount with at most two decimals (a string must be plain digits: no exponent, no spaces inside)? */
export function isCents(v: MoneyInput): boolean {
  if (typeof v === 'string' && !CENTS_RE.test(v.trim())) return false;
  try {
    const d = dec(v);
    return d.isFinite() && d.decimalPlaces() <= 2;
  } catch {
    return false;
  }
}

/**
 * B of one line. `tranches` are the paid-in tranches at the date (the ledger's `paidTranches`), `principal` their sum
 * (A). Errors are messages without the partner's name (the caller prefixes it).
 */
export function lineInterest(
  tranches: readonly InterestTranche[],
  settings: InterestSettings,
  to: string,
  opts: { financing?: Financing | null; override?: InterestOverride | null } = {},
): LineInterestResult {
  const principal = tranches.reduce((s, t) => s.plus(dec(t.amount)), ZERO);
  let computed = ZERO;
  let exact = ZERO;
  let detail: InterestResult | null = null;
  if (settings.enabled) {
    const rule = { annualRate: settings.annualRate, to, dayCount: settings.dayCount };
    if (settings.base === 'ALL') {
      detail = simpleInterest(tranches, rule);
      exact = detail.exact;
    } else {
      const f = opts.financing ?? null;
      if (f && f.share !== undefined && f.amount !== undefined)
        return { ok: false, message: '配资只能填写比例或金额中的一项' };
      if (f && f.share !== undefined) {
        let share: Decimal;
        try {
          share = dec(f.share);
        } catch {
          return { ok: false, message: `配资比例应在 0 到 100% 之间，当前为 ${String(f.share)}` };
        }
        if (!share.isFinite() || share.isNegative() || share.greaterThan(1))
          return { ok: false, message: `配资比例应在 0 到 100% 之间，当前为 ${String(f.share)}` };
        detail = simpleInterest(
          tranches.map((t) => ({ date: t.date, amount: dec(t.amount).times(share) })),
          rule,
        );
        exact = detail.exact;
      } else if (f && f.amount !== undefined) {
        if (!isCents(f.amount) || dec(f.amount).isNegative())
          return { ok: false, message: `配资金额应为不小于 0 的金额（最多两位小数），当前为 ${String(f.amount)}` };
        const x = dec(f.amount);
        if (x.greaterThan(principal))
          return {
            ok: false,
            message: `配资金额 ${moneyString(x)} 大于实缴本金 ${moneyString(principal)}`,
          };
        if (!x.isZero()) {
          // Σ tranche × X × rate × days / basis, divided by A once: the exact value of Σ tranche × (X / A) × …
          const scaled = simpleInterest(
            tranches.map((t) => ({ date: t.date, amount: dec(t.amount).times(x) })),
            rule,
          );
          exact = scaled.exact.dividedBy(principal);
          detail = {
            interest: roundMoney(exact),
            exact,
            tranches: scaled.tranches.map((t) => ({
              ...t,
              amount: t.amount.dividedBy(principal),
              exact: t.exact.dividedBy(principal),
            })),
          };
        }
      }
    }
    computed = roundMoney(exact).negated();
    if (computed.isZero()) computed = ZERO; // never −0
  }
  const o = opts.override ?? null;
  if (!o) return { ok: true, interest: computed, computed, exact, overrideReason: null, detail };
  if (!o.reason || !o.reason.trim()) return { ok: false, message: '手工调整资金利息必须填写原因' };
  if (!isCents(o.amount))
    return { ok: false, message: `手工资金利息应为金额（最多两位小数），当前为 ${String(o.amount)}` };
  const b = dec(o.amount);
  if (b.greaterThan(0)) return { ok: false, message: `资金利息应为 0 或负数（扣减），当前为 ${moneyString(b)}` };
  return { ok: true, interest: b.isZero() ? ZERO : b, computed, exact, overrideReason: o.reason.trim(), detail };
}
