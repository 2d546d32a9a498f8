/**
 * 退投测算 (quick guide 6.3.1 "输入日期及种类；测算"): the price of one partner's exit, per holding (level), with every
 * part of the rule shown as a labelled line (名称, 金额, 说明) so the stored 测算 explains itself.
 *
 * Pure: no I/O, no clock; decimal.js throughout. Order of the parts, per holding (rules.ts):
 *   1 实缴本金 P           the partner's paid-in at the exit date (ledger positions as of the exit date)
 *   2 资金利息 I           simpleInterest over the paid-in tranches (LIFO, ledger paidTranches) to the exit date;
 *                          rounded half-up to the cent once for the line (rounding point 1)
 *   3 已分配利润 −R        profit received before the exit date (principal returned is only shown: it is already out
 *                          of P as a PRINCIPAL_RETURN, so subtracting it again would count it twice)
 *   4 净资产孰低           min(running, NAV) − running (≤ 0)
 *   5 折价 −D              D = roundMoney(max(running, 0) × discountRate) (rounding point 2, once per holding)
 *   6 尚欠资金利息 −O      ENTRY_INTEREST owed in the ledger + hand-entered 配资 interest
 *   7 不低于零             brings a negative figure back to 0
 * price = Σ of the lines (all in cents, so exact); total = Σ prices. Hence 0 ≤ price ≤ P + I.
 */
import type Decimal from 'decimal.js';
import {
  dec,
  formatMoney,
  formatRatio,
  moneyString,
  roundMoney,
  type MoneyInput,
  decimalString,
} from '../../../../shared/money';
import { dayNumber, simpleInterest } from '../../capital/calc/interest';
import { paidTranches, positions, TrancheError } from '../../capital/calc/ledger';
import { LEVEL_LABEL, LEVELS, partnerRef, type LedgerEntry, type Level } from '../../capital/calc/types';
import { exitedOn } from './exited';
import {
  exitInputsRecord,
  fingerprintOfRecord,
  type ExitInputsRecord,
  type ExitPricingInput,
  type ReceivedInput,
} from './fingerprint';
import { describeRule, ZExitPricingRule, type ExitPricingRule } from './rules';

export type { ExitPricingInput, ReceivedInput };

const ZERO = dec(0);

export type PriceLineCode =
  | 'PRINCIPAL'
  | 'INTEREST'
  | 'PROFIT_RECEIVED'
  | 'PRINCIPAL_RETURNED'
  | 'SUBTOTAL'
  | 'NAV'
  | 'DISCOUNT'
  | 'INTEREST_OWED'
  | 'FLOOR';

/** One labelled line of a holding's price. `counts` lines add up to the price; the others are for the record. */
export interface PriceLine {
  code: PriceLineCode;
  /** 名称 */
  name: string;
  /** 金额: the signed effect on the price ("-1200.00" is a deduction); for a record line, the figure shown */
  amount: string;
  /** 说明 */
  note: string;
  counts: boolean;
}

export interface PricedTranche {
  date: string;
  amount: string;
  /** days of interest to the exit date (0 when interest is off) */
  days: number;
}

export interface HoldingPrice {
  level: Level;
  levelLabel: string;
  /** 认缴 at the exit date */
  committed: string;
  /** 实缴 at the exit date */
  paid: string;
  tranches: PricedTranche[];
  lines: PriceLine[];
  price: string;
}

export interface ExitPricing {
  ok: true;
  userId: number;
  exitType: { code: string; label: string };
  exitDate: string;
  rule: ExitPricingRule;
  ruleSummary: string;
  holdings: HoldingPrice[];
  /** Σ holding prices: the 退出价款 */
  total: string;
  /** things the accountant must see before starting the flow (entries after the exit date, unpaid commitments) */
  warnings: string[];
  /** every input, canonical (what the fingerprint is computed over) */
  inputs: ExitInputsRecord;
  fingerprint: string;
}

export type ExitErrorCode =
  | 'INVALID_INPUT'
  | 'ALREADY_EXITED'
  | 'BEFORE_FIRST_PAYMENT'
  | 'NO_HOLDING'
  | 'NAV_MISSING'
  | 'INCONSISTENT_INPUT'
  | 'LEDGER_ERROR';

export interface ExitError {
  ok: false;
  code: ExitErrorCode;
  message: string;
}

const fail = (code: ExitErrorCode, message: string): ExitError => ({ ok: false, code, message });

/** An amount in cents (≤ 2 decimals), or an error message. */
function money(v: MoneyInput, what: string, opts: { nonNegative?: boolean } = {}): Decimal | string {
  let d: Decimal;
  try {
    d = dec(v);
  } catch {
    return `${what}不是有效金额：${String(v)}`;
  }
  if (!d.isFinite()) return `${what}不是有效金额：${String(v)}`;
  if (d.decimalPlaces() > 2) return `${what}最多两位小数：${String(v)}`;
  if (opts.nonNegative && d.isNegative()) return `${what}不能为负数：${formatMoney(d)}`;
  return d;
}

const who = (userId: number) => `合伙人 #${String(userId)}`;

/** Live (not reversed by `asOf`) entries of one partner. */
function liveEntries(entries: readonly LedgerEntry[], userId: number, asOf?: string): LedgerEntry[] {
  const mine = entries.filter(
    (e) => e.holder === 'PARTNER' && e.userId === userId && (asOf === undefined || e.valueDate <= asOf),
  );
  const reversed = new Set(mine.filter((e) => e.kind === 'REVERSAL').map((e) => e.reversalOfId));
  return mine.filter((e) => e.kind !== 'REVERSAL' && !(e.id !== undefined && reversed.has(e.id)));
}

/** The price of one partner's exit, or an error value with a Chinese message. */
export function priceExit(input: ExitPricingInput): ExitPricing | ExitError {
  // --- inputs
  if (!Number.isInteger(input.userId) || input.userId <= 0) return fail('INVALID_INPUT', '请选择退出的合伙人。');
  const parsed = ZExitPricingRule.safeParse(input.rule);
  if (!parsed.success)
    return fail('INVALID_INPUT', `退出计价规则无效：${parsed.error.issues.map((i) => i.message).join('；')}`);
  const rule = parsed.data;
  try {
    dayNumber(input.exitDate);
  } catch {
    return fail('INVALID_INPUT', `退出日期无效：${String(input.exitDate)}（应为 YYYY-MM-DD）。`);
  }
  const exitDate = input.exitDate;
  const userId = input.userId;

  const exited = exitedOn(input.entries, userId);
  if (exited !== null)
    return fail(
      'ALREADY_EXITED',
      `${who(userId)}已于 ${exited} 退出（份额已由平台公司承接），不能再次退出；如需更正，请先冲销原承接分录。`,
    );

  const payments = liveEntries(input.entries, userId)
    .filter((e) => e.kind === 'PAYMENT')
    .map((e) => e.valueDate)
    .sort();
  const firstPayment = payments[0];
  if (firstPayment === undefined)
    return fail(
      'BEFORE_FIRST_PAYMENT',
      `${who(userId)}尚无缴款记录，不能测算退出；未缴款的认购按放弃处理，不走退出流程。`,
    );
  if (exitDate < firstPayment)
    return fail('BEFORE_FIRST_PAYMENT', `退出日期 ${exitDate} 早于${who(userId)}的首次缴款日 ${firstPayment}。`);

  // --- holdings at the exit date
  const held = positions(
    input.entries.filter((e) => e.holder === 'PARTNER' && e.userId === userId),
    { asOf: exitDate },
  ).filter((p) => !p.committed.isZero() || !p.paid.isZero());
  if (!held.length) return fail('NO_HOLDING', `${who(userId)}在退出日 ${exitDate} 没有持有任何份额。`);
  for (const p of held)
    if (p.committed.isNegative() || p.paid.isNegative())
      return fail(
        'LEDGER_ERROR',
        `${who(userId)}（${LEVEL_LABEL[p.level]}）在退出日的认缴或实缴为负数，请先核对资金台账。`,
      );

  if (rule.lowerOfNav) {
    const missing = held.filter((p) => input.nav?.[p.level] === undefined || input.nav?.[p.level] === null);
    if (missing.length)
      return fail(
        'NAV_MISSING',
        `按“净资产孰低”计价，请先录入${missing.map((p) => LEVEL_LABEL[p.level]).join('、')}持有份额的净资产。`,
      );
  }

  const rate = dec(rule.interest.annualRate);
  const discountRate = dec(rule.discountRate);
  const holdings: HoldingPrice[] = [];
  const warnings: string[] = [];

  for (const pos of held) {
    const level = pos.level;
    const label = LEVEL_LABEL[level];
    let tranches;
    try {
      tranches = paidTranches(input.entries, partnerRef(userId), level, exitDate);
    } catch (err) {
      if (err instanceof TrancheError) return fail('LEDGER_ERROR', err.message);
      throw err;
    }

    // inputs of this level
    const rec = input.received?.[level] ?? ({} as ReceivedInput);
    const profit =
      rec.profitReceived === null || rec.profitReceived === undefined
        ? ZERO
        : money(rec.profitReceived, `${label}已分配利润`, { nonNegative: true });
    if (typeof profit === 'string') return fail('INVALID_INPUT', `${profit}。`);
    const ledgerReturned = liveEntries(input.entries, userId, exitDate)
      .filter((e) => e.level === level && e.kind === 'PRINCIPAL_RETURN')
      .reduce((s, e) => s.minus(dec(e.paidDelta)), ZERO);
    if (rec.principalReturned !== null && rec.principalReturned !== undefined) {
      const given = money(rec.principalReturned, `${label}已返还本金`, { nonNegative: true });
      if (typeof given === 'string') return fail('INVALID_INPUT', `${given}。`);
      if (!given.equals(ledgerReturned))
        return fail(
          'INCONSISTENT_INPUT',
          `${label}：分配记录中的已返还本金 ${formatMoney(given)} 与资金台账的本金分配 ${formatMoney(ledgerReturned)} 不一致，请先核对。`,
        );
    }
    const owedInput = input.financingInterestOwed?.[level];
    const financing =
      owedInput === null || owedInput === undefined
        ? ZERO
        : money(owedInput, `${label}尚欠配资利息`, { nonNegative: true });
    if (typeof financing === 'string') return fail('INVALID_INPUT', `${financing}。`);
    const navInput = input.nav?.[level];
    const nav = navInput === null || navInput === undefined ? null : money(navInput, `${label}净资产`);
    if (typeof nav === 'string') return fail('INVALID_INPUT', `${nav}。`);

    const lines: PriceLine[] = [];
    const add = (code: PriceLineCode, name: string, amount: Decimal, note: string) =>
      lines.push({ code, name, amount: moneyString(amount), note, counts: true });
    const show = (code: PriceLineCode, name: string, amount: Decimal, note: string) =>
      lines.push({ code, name, amount: moneyString(amount), note, counts: false });

    // 1 实缴本金
    const principal = pos.paid;
    let running = principal;
    const unpaid = pos.committed.minus(pos.paid);
    add(
      'PRINCIPAL',
      '实缴本金',
      principal,
      `截至退出日 ${exitDate} 的实缴（认缴 ${formatMoney(pos.committed)}）` +
        (tranches.length ? `；到账：${tranches.map((t) => `${t.date} ${formatMoney(t.amount)}`).join('，')}` : ''),
    );
    if (unpaid.greaterThan(0))
      warnings.push(`${label}认缴中尚有 ${formatMoney(unpaid)} 未缴，未缴部分随份额转给平台公司，不计价。`);

    // 2 资金利息
    let days = tranches.map(() => 0);
    if (rule.interest.enabled) {
      const r = simpleInterest(tranches, { annualRate: rate, to: exitDate, dayCount: rule.interest.dayCount });
      days = r.tranches.map((t) => t.days);
      running = running.plus(r.interest);
      add(
        'INTEREST',
        '资金利息',
        r.interest,
        `年利率 ${formatRatio(rate)}，${rule.interest.dayCount}，各笔实缴自到账日计至退出日：` +
          (r.tranches.length
            ? r.tranches.map((t) => `${formatMoney(t.amount)} × ${t.days} 天`).join(' + ')
            : '无实缴') +
          `；合计 ${decimalString(r.exact.toDecimalPlaces(6))}，四舍五入到分`,
      );
    }

    // 3 已分配利润 (and, for the record, principal returned)
    if (rule.deductProfitReceived) {
      running = running.minus(profit);
      add(
        'PROFIT_RECEIVED',
        '已分配利润',
        profit.negated(),
        `退出日前已收到的利润分配 ${formatMoney(profit)}，从退出价款中扣回`,
      );
    }
    if (ledgerReturned.greaterThan(0))
      show(
        'PRINCIPAL_RETURNED',
        '已返还本金',
        ledgerReturned,
        `退出日前的本金分配 ${formatMoney(ledgerReturned)} 已在资金台账中冲减实缴，实缴本金已不含此数，不再重复扣减`,
      );
    show('SUBTOTAL', '小计', running, '以上各项合计');

    // 4 净资产孰低
    if (rule.lowerOfNav && nav !== null) {
      const lower = nav.lessThan(running);
      const adj = lower ? nav.minus(running) : ZERO;
      running = running.plus(adj);
      add(
        'NAV',
        '净资产孰低',
        adj,
        lower
          ? `持有份额净资产 ${formatMoney(nav)} 低于小计 ${formatMoney(running.minus(adj))}，按净资产计`
          : `持有份额净资产 ${formatMoney(nav)} 不低于小计，不调整`,
      );
    }

    // 5 折价
    if (discountRate.greaterThan(0)) {
      const base = running.greaterThan(0) ? running : ZERO;
      const discount = roundMoney(base.times(discountRate));
      running = running.minus(discount);
      add(
        'DISCOUNT',
        '折价',
        discount.negated(),
        `${formatMoney(base)} × ${formatRatio(discountRate)} = ${formatMoney(discount)}（四舍五入到分）`,
      );
    }

    // 6 尚欠资金利息
    if (rule.deductInterestOwed) {
      const owed = pos.interest.plus(financing);
      running = running.minus(owed);
      add(
        'INTEREST_OWED',
        '扣除尚欠资金利息',
        owed.negated(),
        owed.isZero()
          ? '无尚欠资金利息'
          : `补投资金利息（资金台账）${formatMoney(pos.interest)} + 配资利息 ${formatMoney(financing)}`,
      );
    }

    // 7 不低于零
    if (running.isNegative()) {
      add('FLOOR', '不低于零', running.negated(), `扣减后为 ${formatMoney(running)}，退出价款不低于零`);
      running = ZERO;
    }

    const price = lines.filter((l) => l.counts).reduce((s, l) => s.plus(dec(l.amount)), ZERO);
    // every counted line is in cents, so the lines add up to the running figure exactly
    if (!price.equals(running)) throw new Error(`exit price lines ${decimalString(price)} ≠ ${decimalString(running)}`);
    holdings.push({
      level,
      levelLabel: label,
      committed: moneyString(pos.committed),
      paid: moneyString(pos.paid),
      tranches: tranches.map((t, i) => ({ date: t.date, amount: moneyString(t.amount), days: days[i] ?? 0 })),
      lines,
      price: moneyString(price),
    });
  }

  const later = input.entries.filter((e) => e.holder === 'PARTNER' && e.userId === userId && e.valueDate > exitDate);
  if (later.length)
    warnings.unshift(
      `退出日 ${exitDate} 之后还有 ${later.length} 笔资金变动（最早 ${later.map((e) => e.valueDate).sort()[0]}），未计入本次测算；完成承接前须冲销或改用更晚的退出日期。`,
    );

  const inputs = exitInputsRecord(input);
  return {
    ok: true,
    userId,
    exitType: { code: input.exitType.code, label: input.exitType.label },
    exitDate,
    rule,
    ruleSummary: describeRule(rule),
    holdings: holdings.sort((a, b) => LEVELS.indexOf(a.level) - LEVELS.indexOf(b.level)),
    total: moneyString(holdings.reduce((s, h) => s.plus(dec(h.price)), ZERO)),
    warnings,
    inputs,
    fingerprint: fingerprintOfRecord(inputs),
  };
}
