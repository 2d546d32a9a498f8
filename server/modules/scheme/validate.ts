/** Pure checks of 立项 data; each problem names the field it concerns, in words an accountant understands. */
import { dec, formatRatio, sumMoney } from '../../../shared/money';

export interface FieldProblem {
  path: string;
  message: string;
}

export interface SchemeRatios {
  holdingRatio: string;
  groupRatio: string;
  cityRatio: string;
  otherRatio: string;
  totalRatio: string;
  maxTotalRatio: string;
  perPersonCapRatio?: string | null;
}

export function checkSchemeRatios(s: SchemeRatios): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const levels = sumMoney([s.holdingRatio, s.groupRatio, s.cityRatio, s.otherRatio]);
  if (!levels.equals(dec(s.totalRatio)))
    problems.push({
      path: 'totalRatio',
      message: `各层级占比之和 ${formatRatio(levels, 3)} 与合伙投资占比 ${formatRatio(s.totalRatio, 3)} 不一致`,
    });
  if (dec(s.totalRatio).greaterThan(dec(s.maxTotalRatio)))
    problems.push({
      path: 'totalRatio',
      message: `合伙投资占比 ${formatRatio(s.totalRatio, 3)} 超过方案上限 ${formatRatio(s.maxTotalRatio, 3)}`,
    });
  if (s.perPersonCapRatio && dec(s.perPersonCapRatio).greaterThan(dec(s.totalRatio)))
    problems.push({ path: 'perPersonCapRatio', message: '个人上限不能超过合伙投资占比' });
  return problems;
}

export function checkShareholders(list: { name: string; equityRatio: string; isOurs: boolean }[]): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const total = sumMoney(list.map((s) => s.equityRatio));
  if (!total.equals(1))
    problems.push({ path: 'shareholders', message: `股东持股比例合计 ${formatRatio(total)}，应为 100%` });
  if (!list.some((s) => s.isOurs)) problems.push({ path: 'shareholders', message: '请标明我方股东' });
  const names = new Set<string>();
  list.forEach((s, i) => {
    if (names.has(s.name)) problems.push({ path: `shareholders.${i}.name`, message: `股东“${s.name}”重复` });
    names.add(s.name);
  });
  return problems;
}

/** Planned milestones must come in the order a project lives them. */
const ORDER: [string, string][] = [
  ['LAND', 'CONSTRUCTION_START'],
  ['CONSTRUCTION_START', 'SALES_START'],
  ['SALES_START', 'CASHFLOW_POSITIVE'],
  ['CONSTRUCTION_START', 'COMPLETION'],
  ['COMPLETION', 'DELIVERY'],
  ['DELIVERY', 'LIQUIDATION'],
  ['CASHFLOW_POSITIVE', 'LIQUIDATION'],
];
const LABEL: Record<string, string> = {
  LAND: '拿地',
  CONSTRUCTION_START: '开工',
  SALES_START: '开盘',
  CASHFLOW_POSITIVE: '现金流回正',
  COMPLETION: '竣工',
  DELIVERY: '交付',
  LIQUIDATION: '清算',
};

export function checkMilestones(list: { kind: string; plannedOn: string; actualOn?: string | null }[]): FieldProblem[] {
  const byKind = new Map(list.map((m) => [m.kind, m.plannedOn]));
  const problems: FieldProblem[] = [];
  const seen = new Set<string>();
  list.forEach((m, i) => {
    if (seen.has(m.kind)) problems.push({ path: `milestones.${i}.kind`, message: `节点“${LABEL[m.kind]}”重复` });
    seen.add(m.kind);
  });
  for (const [a, b] of ORDER) {
    const da = byKind.get(a);
    const db = byKind.get(b);
    if (da && db && da > db)
      problems.push({
        path: `milestones.${list.findIndex((m) => m.kind === b)}.plannedOn`,
        message: `${LABEL[b]}（${db}）不能早于${LABEL[a]}（${da}）`,
      });
  }
  return problems;
}
