/**
 * What a completed exit writes (quick guide 6.3.4 合伙投资过户给平台公司, 6.3.5 登记退出打款金额及打款日期).
 *
 * 承接: per level the partner holds, a TRANSFER_OUT taking the partner's whole 认缴 and 实缴 to zero and a TRANSFER_IN
 * of the mirror amounts to the 平台公司, both dated at the exit date. Σ committed per level is unchanged, so the
 * ledger invariant (partners + platform = the level's cap) still holds. The platform's new paid-in tranche is dated at
 * the exit date: the platform bought the stake then.
 *
 * 打款: the payout is NOT a ledger movement. The capital itself already moved to the platform with the 承接; the payout
 * is the price the platform company pays the partner for the stake, cash between the platform and the partner outside
 * the project's capital, so it is recorded on the exit (amount, date) and changes no position. (A REFUND on the
 * partner would be wrong twice: it would drive their paid-in below zero, and it would shrink the project's capital.)
 */
import type Decimal from 'decimal.js';
import { dec, formatMoney, moneyString, type MoneyInput } from '../../../../shared/money';
import { dayNumber } from '../../capital/calc/interest';
import { paidTranches, positions, TrancheError } from '../../capital/calc/ledger';
import { LEVEL_LABEL, partnerRef, type LedgerEntry, type Level } from '../../capital/calc/types';
import { exitedOn } from './exited';

const ZERO = dec(0);

/** The part of a 测算 the 承接 needs (an ExitPricing fits). */
export interface PricedExit {
  userId: number;
  exitDate: string;
  holdings: readonly { level: Level; committed: string; paid: string }[];
}

export type TransferEntry = LedgerEntry & { exitId?: number };

export type TransferResult =
  | { ok: true; entries: TransferEntry[] }
  | {
      ok: false;
      code: 'INVALID_INPUT' | 'ALREADY_EXITED' | 'NO_HOLDING' | 'CHANGED_SINCE_PRICING' | 'LEDGER_ERROR';
      message: string;
    };

/**
 * The 承接 entries of a completed exit, or an error value: the partner already exited (nobody exits twice), holds
 * nothing, or the ledger moved since the 测算 (a partner entry after the exit date, or positions at the exit date that
 * differ from the priced ones — recalculate first).
 */
export function transferEntries(
  entries: readonly LedgerEntry[],
  exit: PricedExit,
  opts: { exitId?: number } = {},
): TransferResult {
  const { userId, exitDate } = exit;
  try {
    dayNumber(exitDate);
  } catch {
    return { ok: false, code: 'INVALID_INPUT', message: `退出日期无效：${String(exitDate)}。` };
  }
  const exited = exitedOn(entries, userId);
  if (exited !== null)
    return {
      ok: false,
      code: 'ALREADY_EXITED',
      message: `合伙人 #${userId} 已于 ${exited} 退出，份额已由平台公司承接，不能重复承接。`,
    };
  const mine = entries.filter((e) => e.holder === 'PARTNER' && e.userId === userId);
  const later = mine.filter((e) => e.valueDate > exitDate);
  if (later.length)
    return {
      ok: false,
      code: 'CHANGED_SINCE_PRICING',
      message: `合伙人 #${userId} 在退出日 ${exitDate} 之后还有 ${later.length} 笔资金变动，请处理后重新测算。`,
    };
  const held = positions(mine).filter((p) => !p.committed.isZero() || !p.paid.isZero());
  if (!held.length) return { ok: false, code: 'NO_HOLDING', message: `合伙人 #${userId} 没有可承接的份额。` };

  const priced = new Map(exit.holdings.map((h) => [h.level, h]));
  const changed =
    held.length !== exit.holdings.length ||
    held.some((p) => {
      const h = priced.get(p.level);
      return !h || !dec(h.committed).equals(p.committed) || !dec(h.paid).equals(p.paid);
    });
  if (changed)
    return {
      ok: false,
      code: 'CHANGED_SINCE_PRICING',
      message: `合伙人 #${userId} 的份额与测算时不一致（${held.map((p) => `${LEVEL_LABEL[p.level]} 认缴 ${formatMoney(p.committed)} / 实缴 ${formatMoney(p.paid)}`).join('；')}），请重新测算。`,
    };

  const out: TransferEntry[] = [];
  for (const p of held) {
    if (p.committed.isNegative() || p.paid.isNegative())
      return {
        ok: false,
        code: 'LEDGER_ERROR',
        message: `合伙人 #${userId}（${LEVEL_LABEL[p.level]}）的认缴或实缴为负数，请先核对资金台账。`,
      };
    try {
      paidTranches(entries, partnerRef(userId), p.level);
    } catch (err) {
      if (err instanceof TrancheError) return { ok: false, code: 'LEDGER_ERROR', message: err.message };
      throw err;
    }
    const base = { level: p.level, interestDelta: ZERO, valueDate: exitDate, reversalOfId: null, ...opts };
    out.push(
      {
        ...base,
        holder: 'PARTNER',
        userId,
        kind: 'TRANSFER_OUT',
        committedDelta: p.committed.negated(),
        paidDelta: p.paid.negated(),
      },
      {
        ...base,
        holder: 'PLATFORM',
        userId: null,
        kind: 'TRANSFER_IN',
        committedDelta: p.committed,
        paidDelta: p.paid,
      },
    );
  }
  return { ok: true, entries: out };
}

/** The registered payout (打款) of an exit: stored on the exit, never in the capital ledger. */
export interface ExitPayout {
  amount: string;
  /** 打款日期 'YYYY-MM-DD' */
  paidOn: string;
  /** the 测算's total */
  price: string;
  /** amount − price (non-zero only with a note) */
  difference: string;
  note: string | null;
}

export type PayoutResult =
  | { ok: true; payout: ExitPayout; capitalEntries: readonly [] }
  | {
      ok: false;
      code: 'NOT_COMPLETED' | 'ALREADY_PAID' | 'INVALID_INPUT' | 'NOTE_REQUIRED';
      message: string;
    };

/**
 * Checks and builds the payout record of a completed exit. `capitalEntries` is always empty: the payout moves no
 * capital (see the module comment). Refuses an exit that is not 完成, one already paid, a date before the exit date,
 * and an amount different from the 测算's total without a note (说明).
 */
export function payoutEntry(
  exit: { status: string; exitDate: string; total: MoneyInput; payout?: ExitPayout | null },
  input: { amount: MoneyInput; paidOn: string; note?: string | null },
): PayoutResult {
  if (exit.payout || exit.status === 'PAID')
    return { ok: false, code: 'ALREADY_PAID', message: '该退出已登记打款，不能重复登记。' };
  if (exit.status !== 'COMPLETED')
    return { ok: false, code: 'NOT_COMPLETED', message: '退出流程完成（份额已由平台公司承接）后才能登记打款。' };
  let amount: Decimal;
  try {
    amount = dec(input.amount);
  } catch {
    return { ok: false, code: 'INVALID_INPUT', message: `打款金额无效：${String(input.amount)}。` };
  }
  if (!amount.isFinite() || amount.decimalPlaces() > 2 || amount.isNegative())
    return { ok: false, code: 'INVALID_INPUT', message: '打款金额应为不小于零、最多两位小数的金额。' };
  try {
    dayNumber(input.paidOn);
  } catch {
    return { ok: false, code: 'INVALID_INPUT', message: `打款日期无效：${String(input.paidOn)}。` };
  }
  if (input.paidOn < exit.exitDate)
    return {
      ok: false,
      code: 'INVALID_INPUT',
      message: `打款日期 ${input.paidOn} 不能早于退出日期 ${exit.exitDate}。`,
    };
  const price = dec(exit.total);
  const difference = amount.minus(price);
  const note = input.note?.trim() || null;
  if (!difference.isZero() && !note)
    return {
      ok: false,
      code: 'NOTE_REQUIRED',
      message: `打款金额 ${formatMoney(amount)} 与测算的退出价款 ${formatMoney(price)} 不一致（差 ${formatMoney(difference)}），请填写说明。`,
    };
  return {
    ok: true,
    payout: {
      amount: moneyString(amount),
      paidOn: input.paidOn,
      price: moneyString(price),
      difference: moneyString(difference),
      note,
    },
    capitalEntries: [],
  };
}
