/**
 * 手动-非测算 batches (the manual's "如何进行手动-非测算-利润分配"; domain.md §4.8): after the business admin unlocks the
 * batch (解锁编辑), the city accountant types or imports (导出模板 / 导入) A, B, C and F per holder; the lines are free-form
 * (the manual's own example refunds interest through F to three partners), so nothing is split — only checked and
 * totalled the same way as a computed batch:
 * - every amount a plain decimal with at most two places; A > 0 (a line without principal is refused), B ≤ 0,
 *   F ≥ 0, C any sign but a non-zero C needs its reason; E = A + B + C ≥ 0;
 * - names must be known: matched exactly against the project's roster (平台公司 is always known); a name two people
 *   share needs the userId; the same holder at the same level twice is refused;
 * - 退 / 离 marks are data: typed after the name ("王磊 离 退") or given separately; a 退 line with F > 0 is a warning
 *   (a manual batch may have its reasons) — a computed batch never pays an exited partner;
 * - tax is withheld on F at the batch's rate (TAX rounding point), never for the platform; 分配合计 counts the columns
 *   the batch kind pays (see totals.ts deriveColumns); 分配合计 不含其它 is the manual's D + F.
 * Lines keep the order they were typed in (序号).
 */
import type Decimal from 'decimal.js';
import { dec, formatMoney, type MoneyInput } from '../../../../shared/money';
import { dayNumber } from '../../capital/calc/interest';
import { isCents } from './interest';
import { deriveColumns, isRatio, levelTable, sumTotals, withholdingTax } from './totals';
import {
  DEFAULT_SETTINGS,
  LEVEL_LABEL,
  LEVELS,
  MARKS,
  fillsProfit,
  lineKey,
  type BatchKind,
  type BatchResult,
  type DistributionError,
  type DistributionLine,
  type Level,
  type Mark,
} from './types';

export const PLATFORM_NAME = '平台公司';

export interface ManualLineInput {
  /** the name cell as typed or imported; marks may follow the name: "王磊 离 退" */
  name: string;
  marks?: readonly string[];
  /** needed only when two people on the roster share the name */
  userId?: number | null;
  level: Level;
  /** A 事业合伙本金 */
  principal: string;
  /** B 资金利息 (≤ 0); empty = 0 */
  interest?: string | null;
  /** C 其它; empty = 0 */
  other?: string | null;
  otherReason?: string | null;
  /** F; empty = 0 */
  profit?: string | null;
}

export interface ManualBatchInput {
  kind: BatchKind;
  date: string;
  lines: readonly ManualLineInput[];
  /** the project's holders and partners: who a name may refer to */
  roster: readonly { userId: number; name: string }[];
  levelRatios: Partial<Record<Level, MoneyInput>>;
  /** 个人所得税 on F (default 20%; 0 when this batch's F is not profit, e.g. a refund of interest) */
  taxRate?: MoneyInput;
  /** refuse a batch whose Σ F passes it */
  profitCeiling?: MoneyInput | null;
  /** the spreadsheet row of each line (an import): messages say 第 N 行 with it; default 序号 = index + 1 */
  rows?: readonly number[];
}

/** Column names of the typed lines, as in the 导出模板 header. */
export const MANUAL_COLUMNS = {
  name: '姓名',
  level: '层级',
  principal: '事业合伙本金',
  interest: '资金利息',
  other: '其它',
  otherReason: '其它原因',
  profit: '利润分配',
} as const;

/** Splits a name cell into the name and its marks: "王磊 离 退" → 王磊, [离, 退]; unknown trailing words are errors. */
export function parseNameCell(cell: string): { name: string; marks: Mark[]; unknown: string[] } {
  const parts = cell.trim().split(/\s+/u).filter(Boolean);
  const name = parts.shift() ?? '';
  const marks: Mark[] = [];
  const unknown: string[] = [];
  for (const p of parts) {
    if ((MARKS as readonly string[]).includes(p)) {
      if (!marks.includes(p as Mark)) marks.push(p as Mark);
    } else unknown.push(p);
  }
  return { name, marks, unknown };
}

const ZERO = dec(0);

/** Checks and totals a typed batch. */
export function computeManualBatch(input: ManualBatchInput): BatchResult {
  const errors: DistributionError[] = [];
  const warnings: string[] = [];
  const { kind, date } = input;
  if (kind !== 'PRINCIPAL' && kind !== 'PROFIT' && kind !== 'CLEARING')
    return { ok: false, errors: [{ code: 'INVALID_INPUT', message: `未知的分配批次类型：${String(kind)}。` }] };
  try {
    dayNumber(date);
  } catch {
    return {
      ok: false,
      errors: [{ code: 'INVALID_INPUT', message: `请填写分配日期（YYYY-MM-DD）：${String(date)}。` }],
    };
  }
  const taxRate = input.taxRate ?? DEFAULT_SETTINGS.taxRate;
  if (!isRatio(taxRate))
    return {
      ok: false,
      errors: [{ code: 'INVALID_INPUT', message: `个人所得税税率应在 0 到 100% 之间：${String(taxRate)}。` }],
    };
  if (!input.lines.length) return { ok: false, errors: [{ code: 'INVALID_INPUT', message: '分配明细为空。' }] };

  const byName = new Map<string, number[]>();
  for (const r of input.roster) byName.set(r.name.trim(), [...(byName.get(r.name.trim()) ?? []), r.userId]);

  const seen = new Map<string, number>();
  const lines: DistributionLine[] = [];
  input.lines.forEach((row, i) => {
    const n = input.rows?.[i] ?? i + 1;
    const at = `row:${n}`;
    const parsed = parseNameCell(row.name ?? '');
    const who = parsed.name || '（无姓名）';
    const C = MANUAL_COLUMNS;
    const err = (code: DistributionError['code'], message: string, column: string = C.name) =>
      errors.push({ code, line: at, column, message: `第 ${n} 行「${column}」：${who} ${message}` });
    if (!parsed.name) return err('UNKNOWN_NAME', '缺少姓名。');
    const extra = [...(row.marks ?? [])].filter((m) => !(MARKS as readonly string[]).includes(m));
    if (parsed.unknown.length || extra.length)
      return err('INVALID_INPUT', `无法识别的标记「${[...parsed.unknown, ...extra].join(' ')}」（只能是 退 或 离）。`);
    const marks = MARKS.filter((m) => parsed.marks.includes(m) || (row.marks ?? []).includes(m));
    if (!LEVELS.includes(row.level)) return err('INVALID_INPUT', `未知的层级 ${String(row.level)}。`, C.level);

    let userId: number | null;
    if (parsed.name === PLATFORM_NAME) userId = null;
    else {
      const ids = byName.get(parsed.name) ?? [];
      if (!ids.length) return err('UNKNOWN_NAME', '不是本项目的合伙人（姓名须与合伙名单一致）。');
      if (row.userId !== undefined && row.userId !== null) {
        if (!ids.includes(row.userId)) return err('UNKNOWN_NAME', `合伙名单中没有编号为 ${row.userId} 的同名合伙人。`);
        userId = row.userId;
      } else if (ids.length > 1)
        return err('AMBIGUOUS_NAME', `合伙名单中有 ${ids.length} 人同名，请填写工号（或合伙人编号）以区分。`);
      else userId = ids[0];
    }
    const key = lineKey({ level: row.level, userId });
    const dup = seen.get(key);
    if (dup !== undefined)
      return err('DUPLICATE_LINE', `与第 ${dup} 行是同一持有人（${LEVEL_LABEL[row.level]}），请合并。`);
    seen.set(key, n);

    const amount = (v: string | null | undefined, what: string, column: string, required: boolean) => {
      const s = (v ?? '').replace(/,/g, '').trim();
      if (!s) {
        if (required) {
          err('NO_PRINCIPAL', `缺少${what}。`, column);
          return null;
        }
        return ZERO;
      }
      if (!isCents(s)) {
        err('INVALID_AMOUNT', `${what}「${v}」格式不正确（金额最多两位小数）。`, column);
        return null;
      }
      return dec(s) as Decimal;
    };
    const a = amount(row.principal, '事业合伙本金（A）', C.principal, true);
    const b = amount(row.interest, '资金利息（B）', C.interest, false);
    const c = amount(row.other, '其它（C）', C.other, false);
    const f = amount(row.profit, '利润（F）', C.profit, false);
    if (!a || !b || !c || !f) return;
    if (!a.greaterThan(0)) return err('NO_PRINCIPAL', `事业合伙本金（A）为 ${formatMoney(a)}，应大于 0。`, C.principal);
    if (b.greaterThan(0))
      return err('INVALID_AMOUNT', `资金利息（B）是扣减，应为 0 或负数，当前为 ${formatMoney(b)}。`, C.interest);
    if (f.isNegative()) return err('INVALID_AMOUNT', `利润（F）不能为负数，当前为 ${formatMoney(f)}。`, C.profit);
    const reason = (row.otherReason ?? '').trim();
    if (!c.isZero() && !reason)
      return err('MISSING_REASON', `其它（C）${formatMoney(c)} 必须填写原因。`, C.otherReason);
    if (a.plus(b).plus(c).isNegative())
      return err('NEGATIVE_TOTAL', `本金分配含其它为 ${formatMoney(a.plus(b).plus(c))}，不能为负数。`, C.other);
    if (marks.includes('退') && f.greaterThan(0))
      warnings.push(`第 ${n} 行 ${who}：标记为「退」但分配了利润 ${formatMoney(f)}，请确认。`);

    const line: DistributionLine = {
      level: row.level,
      holder: userId === null ? 'PLATFORM' : 'PARTNER',
      userId,
      name: parsed.name,
      marks,
      principal: a,
      interest: b.isZero() ? ZERO : b,
      interestComputed: null,
      interestOverrideReason: null,
      other: c,
      otherItems: c.isZero() ? [] : [{ amount: c, reason }],
      principalNet: ZERO,
      principalTotal: ZERO,
      weight: ZERO,
      profit: f,
      tax: fillsProfit(kind) ? withholdingTax(f, taxRate, userId === null) : ZERO,
      profitNet: ZERO,
      totalExclOther: ZERO,
      payout: ZERO,
      excluded: null,
    };
    Object.assign(line, deriveColumns(line, kind));
    lines.push(line);
  });
  if (errors.length) return { ok: false, errors };

  const totals = sumTotals(lines);
  if (input.profitCeiling !== null && input.profitCeiling !== undefined) {
    if (!isCents(input.profitCeiling))
      return {
        ok: false,
        errors: [{ code: 'INVALID_AMOUNT', message: `可分配上限格式不正确：${String(input.profitCeiling)}。` }],
      };
    if (totals.profit.greaterThan(dec(input.profitCeiling)))
      return {
        ok: false,
        errors: [
          {
            code: 'PROFIT_EXCEEDS_LIMIT',
            message: `利润合计 ${formatMoney(totals.profit)} 超过可分配上限 ${formatMoney(input.profitCeiling)}。`,
          },
        ],
      };
  }
  return {
    ok: true,
    kind,
    date,
    lines,
    totals,
    levels: levelTable(kind, lines, input.levelRatios),
    profitTotal: totals.profit,
    warnings,
  };
}
