/**
 * What every batch does the same way, computed or typed (手动-非测算): derived columns of a line, the 合计 row and the
 * BPM form's per-level table. Pure; amounts are already whole cents when they arrive here, so every sum is exact.
 */
import type Decimal from 'decimal.js';
import { dec, roundMoney, type MoneyInput } from '../../../../shared/money';
import {
  LEVEL_LABEL,
  LEVELS,
  TOTAL_COLUMNS,
  fillsPrincipal,
  fillsProfit,
  type BatchKind,
  type DistributionLine,
  type Level,
  type LevelRow,
  type Totals,
} from './types';

const ZERO = dec(0);

/** 0 ≤ v ≤ max (1 = 100% by default), a finite decimal; false for anything unreadable. */
export function isRatio(v: MoneyInput | null | undefined, max: MoneyInput = 1): boolean {
  if (v === null || v === undefined) return false;
  try {
    const d = dec(v);
    return d.isFinite() && !d.isNegative() && d.lessThanOrEqualTo(dec(max));
  } catch {
    return false;
  }
}

/** TAX rounding point: 代扣税 = F × rate, half-up to the cent, per line; the platform company is never taxed. */
export function withholdingTax(profit: MoneyInput, rate: MoneyInput, isPlatform: boolean): Decimal {
  const f = dec(profit);
  if (isPlatform || f.lessThanOrEqualTo(0)) return ZERO;
  return roundMoney(f.times(dec(rate)));
}

/**
 * The columns that follow from A, B, C, F and the tax: D, E, 实发利润, 分配合计 (both forms). 分配合计 (payout) counts
 * only what this batch kind pays: E for 本金分配, F − tax for 利润分配, both for 清算分配 — a typed (手动) line may
 * show the other columns for reference, as the manual's table does, without paying them twice.
 */
export function deriveColumns(
  l: Pick<DistributionLine, 'principal' | 'interest' | 'other' | 'profit' | 'tax'>,
  kind: BatchKind,
): Pick<DistributionLine, 'principalNet' | 'principalTotal' | 'profitNet' | 'totalExclOther' | 'payout'> {
  const principalNet = l.principal.plus(l.interest);
  const principalTotal = principalNet.plus(l.other);
  const profitNet = l.profit.minus(l.tax);
  return {
    principalNet,
    principalTotal,
    profitNet,
    totalExclOther: principalNet.plus(l.profit),
    payout: (fillsPrincipal(kind) ? principalTotal : ZERO).plus(fillsProfit(kind) ? profitNet : ZERO),
  };
}

/** The 合计 row: each column is the sum of its lines. */
export function sumTotals(lines: readonly DistributionLine[]): Totals {
  const t = Object.fromEntries(TOTAL_COLUMNS.map((c) => [c, ZERO])) as unknown as Totals;
  for (const l of lines)
    for (const c of TOTAL_COLUMNS) {
      const v = l[c];
      if (!v.isZero()) t[c] = t[c].plus(v);
    }
  return t;
}

/** 本次总额 of a row: the column the batch kind distributes (before tax). */
const headline = (kind: BatchKind, principalTotal: Decimal, profit: Decimal): Decimal =>
  kind === 'PRINCIPAL' ? principalTotal : kind === 'PROFIT' ? profit : principalTotal.plus(profit);

/**
 * The BPM form's 本次分配信息 table: per level (控股集团 / 置业集团 / 城市公司 / 其它) the level's 合伙投资占比 and the
 * sums of the lines held at that level, then 合计 (Σ ratios, Σ amounts). Levels come from the lines (the level the
 * holder's position is at), so the rows add up to the batch totals to the cent.
 */
export function levelTable(
  kind: BatchKind,
  lines: readonly DistributionLine[],
  levelRatios: Partial<Record<Level, MoneyInput>>,
): LevelRow[] {
  const rows: LevelRow[] = LEVELS.map((level) => {
    const at = lines.filter((l) => l.level === level);
    const t = sumTotals(at);
    return {
      level,
      label: LEVEL_LABEL[level],
      ratio: dec(levelRatios[level] ?? 0),
      amount: headline(kind, t.principalTotal, t.profit),
      principalTotal: t.principalTotal,
      profit: t.profit,
      tax: t.tax,
      payout: t.payout,
    };
  });
  const sum = (f: (r: LevelRow) => Decimal) => rows.reduce((s, r) => s.plus(f(r)), ZERO);
  rows.push({
    level: 'TOTAL',
    label: '合计',
    ratio: sum((r) => r.ratio),
    amount: sum((r) => r.amount),
    principalTotal: sum((r) => r.principalTotal),
    profit: sum((r) => r.profit),
    tax: sum((r) => r.tax),
    payout: sum((r) => r.payout),
  });
  return rows;
}

/** A display name for messages: the given name, else 平台公司 / 合伙人 #id. */
export const displayName = (userId: number | null, names?: Readonly<Record<number, string>>): string =>
  userId === null ? '平台公司' : (names?.[userId] ?? `合伙人 #${String(userId)}`);
