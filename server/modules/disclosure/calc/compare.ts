/**
 * 盈亏动态 against 立项: per 盈利指标 field the difference (动态 − 立项) and its rate (difference / |立项|, in percent,
 * half-up to 2 places), and the milestones' delays; then the same in plain words for partners. Pure functions.
 */
import {
  dec,
  decimalString,
  formatDecimal,
  formatMoney,
  moneyString,
  roundMoney,
  roundRatio,
} from '../../../../shared/money';
import {
  INDICATOR_FIELDS,
  INDICATOR_META,
  type TComparisonRow,
  type TIndicatorValues,
  type TMilestoneComparison,
} from '../../../../shared/api/disclosure';
import { MILESTONE_KINDS, MILESTONE_LABEL, type TMilestoneKind } from '../../../../shared/api/labels';

const valueOf = (v: TIndicatorValues | null, field: (typeof INDICATOR_FIELDS)[number]): string | null => {
  const raw = v?.[field];
  return raw === null || raw === undefined ? null : String(raw);
};

/** 立项 vs 动态 for every field (missing values give null differences). */
export function compareIndicators(approval: TIndicatorValues | null, dynamic: TIndicatorValues): TComparisonRow[] {
  return INDICATOR_FIELDS.map((field) => {
    const a = valueOf(approval, field);
    const d = valueOf(dynamic, field);
    const diff = a !== null && d !== null ? dec(d).minus(a) : null;
    const diffPct = diff && a !== null && !dec(a).isZero() ? diff.dividedBy(dec(a).abs()).times(100) : null;
    return {
      field,
      label: INDICATOR_META[field].label,
      unit: INDICATOR_META[field].unit,
      approval: a,
      dynamic: d,
      diff:
        diff &&
        (INDICATOR_META[field].unit === 'money'
          ? moneyString(diff)
          : INDICATOR_META[field].unit === 'percent'
            ? decimalString(roundRatio(diff))
            : decimalString(diff)),
      diffPct: diffPct && formatDecimal(diffPct, 2),
    };
  });
}

const dayNumber = (day: string) => Date.UTC(+day.slice(0, 4), +day.slice(5, 7) - 1, +day.slice(8, 10)) / 86_400_000;

/** Every planned milestone with the actual date of the period (late > 0 days). */
export function compareMilestones(
  planned: { kind: TMilestoneKind; plannedOn: string }[],
  actuals: { kind: TMilestoneKind; actualOn: string | null }[],
): TMilestoneComparison[] {
  return MILESTONE_KINDS.flatMap((kind) => {
    const p = planned.find((m) => m.kind === kind);
    if (!p) return [];
    const actualOn = actuals.find((m) => m.kind === kind)?.actualOn ?? null;
    return [
      {
        kind,
        label: MILESTONE_LABEL[kind],
        plannedOn: p.plannedOn,
        actualOn,
        delayDays: actualOn ? dayNumber(actualOn) - dayNumber(p.plannedOn) : null,
      },
    ];
  });
}

/** A value as a partner reads it: ¥1,234.00, 15.5%, 36 个月; — when missing. */
export function formatIndicator(unit: TComparisonRow['unit'], v: string | null): string {
  if (v === null) return '—';
  if (unit === 'money') return formatMoney(v);
  if (unit === 'percent') return `${decimalString(roundMoney(v))}%`;
  return `${v} 个月`;
}

/** The change in words: 多 ¥200.00（+20.00%）, 低 1.5 个百分点, 延后 3 个月, 持平, —. */
export function changeWords(row: TComparisonRow): string {
  if (row.diff === null) return '—';
  const d = dec(row.diff);
  if (d.isZero()) return '持平';
  const pct = row.diffPct === null ? '' : `（${d.isNegative() ? '' : '+'}${row.diffPct}%）`;
  if (row.unit === 'money') return `${d.isNegative() ? '少' : '多'} ${formatMoney(d.abs())}${pct}`;
  if (row.unit === 'percent') return `${d.isNegative() ? '低' : '高'} ${decimalString(roundMoney(d.abs()))} 个百分点`;
  return `${d.isNegative() ? '提前' : '延后'} ${decimalString(d.abs())} 个月`;
}

const SUBJECT: Record<(typeof INDICATOR_FIELDS)[number], string> = {
  salesRevenue: '预计销售收入',
  totalCost: '预计总成本',
  netProfit: '预计净利润',
  netMargin: '预计净利率',
  irr: '预计全投资IRR',
  paybackMonths: '预计现金流回正周期',
};

/** What concerns a partner first (the profit they share in), in plain sentences; fields without a 动态 value are left out. */
export function highlights(rows: TComparisonRow[], milestones: TMilestoneComparison[]): string[] {
  const order: (typeof INDICATOR_FIELDS)[number][] = [
    'netProfit',
    'irr',
    'netMargin',
    'paybackMonths',
    'salesRevenue',
    'totalCost',
  ];
  const out = order.flatMap((field) => {
    const r = rows.find((x) => x.field === field);
    if (!r || r.dynamic === null) return [];
    const now = formatIndicator(r.unit, r.dynamic);
    if (r.diff === null) return [`${SUBJECT[field]}为 ${now}。`];
    if (dec(r.diff).isZero()) return [`${SUBJECT[field]}为 ${now}，与立项时一致。`];
    return [`${SUBJECT[field]}为 ${now}，比立项时${changeWords(r)}。`];
  });
  for (const m of milestones) {
    if (m.actualOn === null || m.delayDays === null) continue;
    const when =
      m.delayDays > 0 ? `比计划晚 ${m.delayDays} 天` : m.delayDays < 0 ? `比计划早 ${-m.delayDays} 天` : '与计划同日';
    out.push(`${m.label}已于 ${m.actualOn} 完成，${when}。`);
  }
  return out;
}

/** A milestone for a partner: 已完成（晚 12 天） / 计划 2027-06-30 / —. */
export function milestoneNote(m: TMilestoneComparison): string {
  if (m.actualOn === null || m.delayDays === null) return '未完成';
  if (m.delayDays === 0) return '按计划完成';
  return m.delayDays > 0 ? `已完成，晚 ${m.delayDays} 天` : `已完成，早 ${-m.delayDays} 天`;
}
