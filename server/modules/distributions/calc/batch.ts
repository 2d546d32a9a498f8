/**
 * 分配测算: the lines of a computed batch (本金分配, 第N次利润分配, 清算分配) from the capital ledger at the distribution
 * date. Pure: no I/O, no clock; the ledger's entries, the project's settings and the batch's entered data come in,
 * lines, totals and the BPM form's per-level table (or a list of errors in Chinese) come out.
 *
 * Holders at the date: every ledger position (holder × level, the 平台公司 included) with something committed or
 * paid in at the date, counting principal already returned as still contributed (a 本金分配 returns money, not the
 * stake: the holder keeps its share of later profit). One line per position, in the ledger's position order.
 *
 * Columns per batch kind (README "Columns per batch kind"):
 *   本金分配 (PRINCIPAL)   A, B, C, D, E; F = tax = 0          分配合计 = E
 *   利润分配 (PROFIT)      F, tax;  A … E = 0                   分配合计 = F − tax
 *   清算分配 (CLEARING)    A … E and F, tax                      分配合计 = E + F − tax
 *
 * A = paid-in principal still outstanding at the date (ledger positions, principal returns deducted).
 * B = −资金利息 on the outstanding tranches (`paidTranches`, LIFO), see ./interest; the platform pays none.
 * F = P split pro rata to the weights by largest remainder to ¥0.01 (shared 测算 `largestRemainder`: ties to the
 *     earlier line in position order, so the result does not depend on input order); weights = contributed principal
 *     (PRINCIPAL) or Σ tranche × days held to the date (PRINCIPAL_DAYS, from `profitPeriodStart` when given).
 * A partner whose exit date is on or before the distribution date takes no part (line kept, marked 退, all zero, and
 * a warning when the ledger still shows the stake: 承接 not recorded yet).
 */
import type Decimal from 'decimal.js';
import { dec, formatMoney, roundMoney, type MoneyInput, decimalString } from '../../../../shared/money';
import { daysBetween, dayNumber } from '../../capital/calc/interest';
import { entryShapeError, paidTranches, positions, TrancheError, type Position } from '../../capital/calc/ledger';
import type { LedgerEntry } from '../../capital/calc/types';
import { largestRemainder } from '../../subscription/calc/allocation';
import { isCents, lineInterest, type Financing, type InterestOverride } from './interest';
import { deriveColumns, displayName, isRatio, levelTable, sumTotals, withholdingTax } from './totals';
import {
  BATCH_KIND_LABEL,
  LEVEL_LABEL,
  fillsPrincipal,
  fillsProfit,
  lineKey,
  withDefaults,
  type BatchKind,
  type BatchResult,
  type DistributionError,
  type DistributionLine,
  type DistributionSettings,
  type InterestSettings,
  type Level,
  type LineRef,
  type Mark,
  type OtherItem,
} from './types';

const ZERO = dec(0);
const CENT = dec('0.01');

/** P of a profit or clearing batch. */
export type ProfitInput =
  /** typed by the accountant; `ceiling` (e.g. what the approved profit allows) refuses a larger P */
  | { mode: 'ENTERED'; amount: MoneyInput; ceiling?: MoneyInput | null }
  /**
   * 项目利润 × 合伙投资占比 (Σ of the level ratios) × 本次分配比例, rounded half-up to the cent once (BATCH_PROFIT);
   * `distributedRatioBefore` = Σ 分配比例 of the earlier profit batches: together they may not pass 100%.
   */
  | { mode: 'COMPUTED'; projectProfit: MoneyInput; batchRatio: MoneyInput; distributedRatioBefore?: MoneyInput };

export interface BatchInput {
  kind: BatchKind;
  /** 分配日期, 'YYYY-MM-DD' */
  date: string;
  /** the project's capital ledger (every entry; those after the date are ignored) */
  entries: readonly LedgerEntry[];
  /** 合伙投资占比 per level (the scheme in force), for the BPM table and a computed P */
  levelRatios: Partial<Record<Level, MoneyInput>>;
  settings?: {
    interest?: Partial<InterestSettings>;
    profitSplit?: DistributionSettings['profitSplit'];
    taxRate?: MoneyInput;
  };
  /** required for PROFIT and CLEARING, refused for PRINCIPAL */
  profit?: ProfitInput | null;
  /** PRINCIPAL_DAYS: count days from this date (e.g. the previous profit batch's date) instead of each payment date */
  profitPeriodStart?: string | null;
  /** 其它 (C): several per line allowed, each with a reason; PRINCIPAL and CLEARING only */
  adjustments?: readonly (LineRef & { amount: MoneyInput; reason: string })[];
  /** interest base FINANCED: what was financed per line */
  financing?: readonly (LineRef & Financing)[];
  /** 资金利息 entered by hand, with a reason */
  interestOverrides?: readonly (LineRef & InterestOverride)[];
  /** partners who exited (退), with their exit dates */
  exits?: readonly { userId: number; exitDate: string }[];
  /** partners who left the company (离): shown as a mark only */
  leftCompany?: readonly number[];
  /** names for lines and messages */
  names?: Readonly<Record<number, string>>;
}

interface Work {
  pos: Position;
  contributed: Position;
  key: string;
  name: string;
  excluded: string | null;
  marks: Mark[];
  line: DistributionLine;
}

const safeDay = (d: string | null | undefined): boolean => {
  if (typeof d !== 'string') return false;
  try {
    dayNumber(d);
    return true;
  } catch {
    return false;
  }
};

/** Entries per holder × level (the key of its line), in ledger order. */
function byHolder(entries: readonly LedgerEntry[]): Map<string, LedgerEntry[]> {
  const out = new Map<string, LedgerEntry[]>();
  for (const e of entries) {
    const key = lineKey({ level: e.level, userId: e.userId ?? null });
    const list = out.get(key);
    if (list) list.push(e);
    else out.set(key, [e]);
  }
  return out;
}

/** Ledger entries without principal returns (and reversals of them): what each holder contributed. */
function contributedEntries(entries: readonly LedgerEntry[]): LedgerEntry[] {
  const returns = new Set(entries.filter((e) => e.kind === 'PRINCIPAL_RETURN' && e.id !== undefined).map((e) => e.id));
  return entries.filter(
    (e) => e.kind !== 'PRINCIPAL_RETURN' && !(e.kind === 'REVERSAL' && returns.has(e.reversalOfId ?? undefined)),
  );
}

/** The batch's P, or an error. */
function batchProfit(
  profit: ProfitInput | null | undefined,
  levelRatios: Partial<Record<Level, MoneyInput>>,
): { ok: true; p: Decimal } | { ok: false; error: DistributionError } {
  const bad = (code: DistributionError['code'], message: string) => ({ ok: false as const, error: { code, message } });
  if (!profit) return bad('INVALID_INPUT', '利润分配批次必须填写本次分配金额或本次分配比例。');
  if (profit.mode === 'ENTERED') {
    if (!isCents(profit.amount) || dec(profit.amount).isNegative())
      return bad(
        'INVALID_AMOUNT',
        `本次分配金额应为不小于 0 的金额（最多两位小数），当前为 ${String(profit.amount)}。`,
      );
    const p = dec(profit.amount);
    if (profit.ceiling !== null && profit.ceiling !== undefined) {
      if (!isCents(profit.ceiling)) return bad('INVALID_AMOUNT', `可分配上限格式不正确：${String(profit.ceiling)}。`);
      if (p.greaterThan(dec(profit.ceiling)))
        return bad(
          'PROFIT_EXCEEDS_LIMIT',
          `本次分配金额 ${formatMoney(p)} 超过可分配上限 ${formatMoney(profit.ceiling)}（多 ${formatMoney(p.minus(dec(profit.ceiling)))}）。`,
        );
    }
    return { ok: true, p };
  }
  if (!isCents(profit.projectProfit))
    return bad('INVALID_AMOUNT', `项目利润应为金额（最多两位小数），当前为 ${String(profit.projectProfit)}。`);
  const projectProfit = dec(profit.projectProfit);
  if (projectProfit.isNegative())
    return bad('PROFIT_NOT_ALLOWED', `项目利润为 ${formatMoney(projectProfit)}，为负时不能做利润分配。`);
  if (!isRatio(profit.batchRatio))
    return bad('INVALID_INPUT', `本次分配比例应在 0 到 100% 之间，当前为 ${String(profit.batchRatio)}。`);
  const before = profit.distributedRatioBefore ?? 0;
  if (!isRatio(before)) return bad('INVALID_INPUT', `此前已分配比例应在 0 到 100% 之间，当前为 ${String(before)}。`);
  const cumulative = dec(before).plus(dec(profit.batchRatio));
  if (cumulative.greaterThan(1))
    return bad(
      'PROFIT_EXCEEDS_LIMIT',
      `此前已分配 ${decimalString(dec(before).times(100))}%，本次 ${decimalString(dec(profit.batchRatio).times(100))}%，合计超过 100%。`,
    );
  const ratio = Object.values(levelRatios).reduce<Decimal>((s, r) => s.plus(dec(r ?? 0)), ZERO);
  return { ok: true, p: roundMoney(projectProfit.times(ratio).times(dec(profit.batchRatio))) };
}

/** Computes a batch. See the module comment for the rules; README for the rounding points. */
export function computeBatch(input: BatchInput): BatchResult {
  const errors: DistributionError[] = [];
  const warnings: string[] = [];
  const { kind, date } = input;
  if (kind !== 'PRINCIPAL' && kind !== 'PROFIT' && kind !== 'CLEARING')
    return { ok: false, errors: [{ code: 'INVALID_INPUT', message: `未知的分配批次类型：${String(kind)}。` }] };
  if (!safeDay(date))
    return { ok: false, errors: [{ code: 'INVALID_INPUT', message: `分配日期应为 YYYY-MM-DD：${String(date)}。` }] };
  const settings = withDefaults(input.settings);
  if (!isRatio(settings.taxRate))
    errors.push({
      code: 'INVALID_INPUT',
      message: `个人所得税税率应在 0 到 100% 之间，当前为 ${String(settings.taxRate)}。`,
    });
  if (!isRatio(settings.interest.annualRate, dec(10)))
    errors.push({
      code: 'INVALID_INPUT',
      message: `资金利息年利率不能为负数，当前为 ${String(settings.interest.annualRate)}。`,
    });
  if (settings.interest.dayCount !== 'ACT/365' && settings.interest.dayCount !== 'ACT/360')
    errors.push({ code: 'INVALID_INPUT', message: `未知的计息基准：${String(settings.interest.dayCount)}。` });
  if (input.profitPeriodStart && !safeDay(input.profitPeriodStart))
    errors.push({
      code: 'INVALID_INPUT',
      message: `利润计算起始日应为 YYYY-MM-DD：${String(input.profitPeriodStart)}。`,
    });
  else if (input.profitPeriodStart && input.profitPeriodStart >= date)
    errors.push({
      code: 'INVALID_INPUT',
      message: `利润计算起始日 ${input.profitPeriodStart} 应早于分配日期 ${date}。`,
    });
  for (const e of input.entries) {
    const why = entryShapeError(e);
    if (why) errors.push({ code: 'LEDGER_ERROR', message: `资金台账分录有误：${why}` });
  }
  if (!fillsProfit(kind) && input.profit)
    errors.push({
      code: 'PROFIT_NOT_ALLOWED',
      message: `${BATCH_KIND_LABEL[kind]}批次不分配利润，请新建利润分配批次。`,
    });
  if (errors.length) return { ok: false, errors };
  // the rates parsed once for the batch, not once per line
  const interestSettings: InterestSettings = { ...settings.interest, annualRate: dec(settings.interest.annualRate) };
  const taxRate = dec(settings.taxRate);

  const contrib = contributedEntries(input.entries);
  // nothing returned yet (the usual case): the contributed view is the ledger itself, derived once (positions are
  // only read below)
  const same = contrib.length === input.entries.length;
  // each holder's own entries, grouped once: paidTranches per line over the whole ledger would be quadratic
  const ownEntries = byHolder(input.entries);
  const ownContrib = same ? ownEntries : byHolder(contrib);
  const held = positions(input.entries, { asOf: date });
  const outstanding = new Map(held.map((p) => [lineKey(p), p]));
  const exitDate = new Map<number, string>();
  for (const x of input.exits ?? []) {
    if (!safeDay(x.exitDate)) {
      errors.push({
        code: 'INVALID_INPUT',
        message: `${displayName(x.userId, input.names)} 的退出日期应为 YYYY-MM-DD：${String(x.exitDate)}。`,
      });
      continue;
    }
    const had = exitDate.get(x.userId);
    if (had === undefined || x.exitDate < had) exitDate.set(x.userId, x.exitDate);
  }
  const left = new Set(input.leftCompany ?? []);

  // --- lines: one per position held at the date
  const work: Work[] = [];
  for (const c of same ? held : positions(contrib, { asOf: date })) {
    if (c.committed.isZero() && c.paid.isZero()) continue;
    const key = lineKey(c);
    const name = displayName(c.userId, input.names);
    const pos = outstanding.get(key) ?? { ...c, paid: ZERO, committed: ZERO };
    const exited = c.userId !== null ? exitDate.get(c.userId) : undefined;
    const excluded = exited !== undefined && exited <= date ? `已于 ${exited} 退出，不参与本次分配` : null;
    const marks: Mark[] = [];
    if (exited !== undefined && exited <= date) marks.push('退');
    if (c.userId !== null && left.has(c.userId)) marks.push('离');
    work.push({
      pos,
      contributed: c,
      key,
      name,
      excluded,
      marks,
      line: {
        level: c.level,
        holder: c.holder,
        userId: c.userId,
        name,
        marks,
        principal: ZERO,
        interest: ZERO,
        interestComputed: null,
        interestOverrideReason: null,
        other: ZERO,
        otherItems: [],
        principalNet: ZERO,
        principalTotal: ZERO,
        weight: ZERO,
        profit: ZERO,
        tax: ZERO,
        profitNet: ZERO,
        totalExclOther: ZERO,
        payout: ZERO,
        excluded,
      },
    });
  }
  const byKey = new Map(work.map((w) => [w.key, w]));
  /**
   * The 平台公司's holding at 立项 is its commitment (what nobody took); the ledger does not record its payments yet
   * (capital README: PAYMENT "platform later"). Such a holding is not an error: it has no principal to return (A = 0)
   * and takes its share of profit by its commitment, so the partners' shares stay theirs and no more.
   */
  const unfundedPlatform = (w: Work) =>
    w.line.holder === 'PLATFORM' && !w.contributed.paid.greaterThan(0) && w.contributed.committed.greaterThan(0);
  const who = (w: Work) => `${w.name}（${LEVEL_LABEL[w.line.level]}）`;

  // --- entered per-line data: every reference must name a line of the batch
  const lookup = (ref: LineRef, what: string): Work | null => {
    const w = byKey.get(lineKey(ref));
    if (!w) {
      errors.push({
        code: 'UNKNOWN_LINE',
        line: lineKey(ref),
        message: `${what}：${displayName(ref.userId, input.names)}（${LEVEL_LABEL[ref.level] ?? String(ref.level)}）在分配日 ${date} 不是持有人。`,
      });
      return null;
    }
    if (w.excluded) {
      errors.push({ code: 'INVALID_INPUT', line: w.key, message: `${what}：${who(w)}${w.excluded}，不能录入。` });
      return null;
    }
    return w;
  };
  const adjustments = new Map<string, OtherItem[]>();
  for (const a of input.adjustments ?? []) {
    const w = lookup(a, '其它调整');
    if (!w) continue;
    if (!fillsPrincipal(kind)) {
      errors.push({
        code: 'INVALID_INPUT',
        line: w.key,
        message: `${who(w)}：利润分配批次不录入其它调整（其它列属于本金分配）。`,
      });
      continue;
    }
    if (!isCents(a.amount)) {
      errors.push({
        code: 'INVALID_AMOUNT',
        line: w.key,
        message: `${who(w)}：其它调整金额格式不正确（最多两位小数）：${String(a.amount)}。`,
      });
      continue;
    }
    if (!a.reason || !a.reason.trim()) {
      errors.push({
        code: 'MISSING_REASON',
        line: w.key,
        message: `${who(w)}：其它调整 ${formatMoney(a.amount)} 必须填写原因。`,
      });
      continue;
    }
    const list = adjustments.get(w.key) ?? [];
    list.push({ amount: dec(a.amount), reason: a.reason.trim() });
    adjustments.set(w.key, list);
  }
  const single = <T extends LineRef>(items: readonly T[] | undefined, what: string): Map<string, T> => {
    const m = new Map<string, T>();
    for (const it of items ?? []) {
      const w = lookup(it, what);
      if (!w) continue;
      if (m.has(w.key)) errors.push({ code: 'DUPLICATE_LINE', line: w.key, message: `${who(w)}：${what}重复录入。` });
      else m.set(w.key, it);
    }
    return m;
  };
  const financing = single(input.financing, '配资');
  const overrides = single(input.interestOverrides, '手工资金利息');
  if (financing.size && (settings.interest.base !== 'FINANCED' || !settings.interest.enabled || !fillsPrincipal(kind)))
    warnings.push('已录入配资，但本批次不按配资部分计算资金利息，配资未使用。');

  // --- principal columns
  for (const w of work) {
    if (w.excluded) {
      if (w.pos.paid.greaterThan(0) || w.pos.committed.greaterThan(0))
        warnings.push(
          `${who(w)}${w.excluded}，但资金台账在分配日仍有其持仓（实缴 ${formatMoney(w.pos.paid)}），请先登记退投承接。`,
        );
      continue;
    }
    if (!w.contributed.paid.greaterThan(0) && unfundedPlatform(w)) continue; // no principal to return, still shares profit
    if (!w.contributed.paid.greaterThan(0)) {
      errors.push({
        code: 'NO_PRINCIPAL',
        line: w.key,
        message: `${who(w)}：在分配日 ${date} 没有实缴本金（认缴 ${formatMoney(w.contributed.committed)}），请先确认缴款或办理放弃。`,
      });
      continue;
    }
    if (!fillsPrincipal(kind)) {
      if (overrides.has(w.key))
        errors.push({ code: 'INVALID_INPUT', line: w.key, message: `${who(w)}：利润分配批次不计资金利息。` });
      continue;
    }
    const l = w.line;
    l.principal = w.pos.paid;
    const o = overrides.get(w.key);
    if (w.line.holder === 'PLATFORM') {
      if (o) errors.push({ code: 'INVALID_INPUT', line: w.key, message: '平台公司不计资金利息。' });
    } else if (l.principal.greaterThan(0) || o) {
      let tranches;
      try {
        tranches = paidTranches(
          ownEntries.get(w.key) ?? [],
          { holder: 'PARTNER', userId: w.line.userId as number },
          l.level,
          date,
        );
      } catch (e) {
        if (!(e instanceof TrancheError)) throw e;
        errors.push({ code: 'LEDGER_ERROR', line: w.key, message: `${who(w)}：${e.message}` });
        continue;
      }
      const r = lineInterest(tranches, interestSettings, date, { financing: financing.get(w.key), override: o });
      if (!r.ok) {
        errors.push({ code: 'INVALID_INPUT', line: w.key, message: `${who(w)}：${r.message}。` });
        continue;
      }
      l.interest = r.interest;
      l.interestComputed = r.overrideReason ? r.computed : null;
      l.interestOverrideReason = r.overrideReason;
    }
    l.otherItems = adjustments.get(w.key) ?? [];
    l.other = l.otherItems.reduce((s, a) => s.plus(a.amount), ZERO);
  }

  // --- profit: P split over the lines that take part
  let p = ZERO;
  if (fillsProfit(kind)) {
    const got = batchProfit(input.profit, input.levelRatios);
    if (!got.ok) errors.push(got.error);
    else p = got.p;
    const takers = work.filter((w) => !w.excluded && (w.contributed.paid.greaterThan(0) || unfundedPlatform(w)));
    for (const w of takers) {
      if (settings.profitSplit === 'PRINCIPAL') {
        w.line.weight = unfundedPlatform(w) ? w.contributed.committed : w.contributed.paid;
        continue;
      }
      if (unfundedPlatform(w)) {
        // PRINCIPAL_DAYS needs dated tranches, which the platform's holding does not have yet
        warnings.push(
          `${who(w)}：资金台账未登记平台公司的实缴日期，按本金×天数分配时其权重为 0，请改按本金分配或先登记平台公司实缴。`,
        );
        continue;
      }
      let tranches;
      try {
        tranches = paidTranches(
          ownContrib.get(w.key) ?? [],
          w.contributed.userId === null ? { holder: 'PLATFORM' } : { holder: 'PARTNER', userId: w.contributed.userId },
          w.line.level,
          date,
        );
      } catch (e) {
        if (!(e instanceof TrancheError)) throw e;
        errors.push({ code: 'LEDGER_ERROR', line: w.key, message: `${who(w)}：${e.message}` });
        continue;
      }
      const start = input.profitPeriodStart ?? null;
      w.line.weight = tranches.reduce((s, t) => {
        const from = start !== null && start > t.date ? start : t.date;
        return s.plus(t.amount.times(Math.max(0, daysBetween(from, date))));
      }, ZERO);
    }
    const total = takers.reduce((s, w) => s.plus(w.line.weight), ZERO);
    if (p.greaterThan(0) && total.isZero() && !errors.length)
      errors.push({
        code: 'NO_ELIGIBLE_HOLDERS',
        message: `分配日 ${date} 没有可参与利润分配的持有人（均已退出或未缴款，或持有天数为 0），不能分配 ${formatMoney(p)}。`,
      });
    if (!errors.length && p.greaterThan(0)) {
      const exact = takers.map((w) => p.times(w.line.weight).dividedBy(total));
      const split = largestRemainder(p, exact, CENT);
      takers.forEach((w, i) => {
        w.line.profit = split[i];
      });
    }
  }
  if (errors.length) return { ok: false, errors };

  // --- tax, derived columns, sign checks
  for (const w of work) {
    const l = w.line;
    l.tax = withholdingTax(l.profit, taxRate, l.holder === 'PLATFORM');
    Object.assign(l, deriveColumns(l, kind));
    if (l.principalTotal.isNegative())
      errors.push({
        code: 'NEGATIVE_TOTAL',
        line: w.key,
        message: `${who(w)}：本金分配含其它为 ${formatMoney(l.principalTotal)}（本金 ${formatMoney(l.principal)}，资金利息 ${formatMoney(l.interest)}，其它 ${formatMoney(l.other)}），不能为负数。`,
      });
    else if (l.payout.isNegative())
      errors.push({
        code: 'NEGATIVE_TOTAL',
        line: w.key,
        message: `${who(w)}：分配合计为 ${formatMoney(l.payout)}，不能为负数。`,
      });
  }
  if (errors.length) return { ok: false, errors };
  const lines = work.map((w) => w.line);
  return {
    ok: true,
    kind,
    date,
    lines,
    totals: sumTotals(lines),
    levels: levelTable(kind, lines, input.levelRatios),
    profitTotal: p,
    warnings,
  };
}

/**
 * The ledger entries a paid-out (已发放) batch writes: one PRINCIPAL_RETURN per line that returned principal, for A
 * (the principal leaving the ledger; B and C are cash adjustments of the same payment, kept on the batch line).
 */
export function principalReturnEntries(
  result: Extract<BatchResult, { ok: true }>,
  valueDate = result.date,
): LedgerEntry[] {
  if (!fillsPrincipal(result.kind)) return [];
  return result.lines
    .filter((l) => l.principal.greaterThan(0))
    .map((l) => ({
      level: l.level,
      holder: l.holder,
      userId: l.userId,
      kind: 'PRINCIPAL_RETURN' as const,
      committedDelta: ZERO,
      paidDelta: l.principal.negated(),
      interestDelta: ZERO,
      valueDate,
    }));
}
