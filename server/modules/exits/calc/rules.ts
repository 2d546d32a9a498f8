/**
 * 退投 exit types and their pricing rules (domain.md §4.9, §7 "Exits"): plain data objects, validated by zod, stored
 * as JSON per project (with a group-wide default) and copied into every 测算 so a stored 测算 explains itself.
 *
 * A rule is built from named parts, applied in this order (see README.md for the worked order and the rounding):
 *   实缴本金 (paid-in at the exit date, from the ledger)
 *   + 资金利息 on the paid-in tranches to the exit date            interest.enabled, annualRate, dayCount
 *   − 已分配利润 (profit received before the exit date)            deductProfitReceived
 *     (principal already returned is NOT subtracted: 本金分配 is a PRINCIPAL_RETURN in the ledger and is already out of
 *     the paid-in figure; it is only shown for the record)
 *   → the lower of that and the stake's 净资产 (NAV)               lowerOfNav
 *   − 折价 % of the result                                         discountRate
 *   − 资金利息 the partner still owes (late entry, 配资)           deductInterestOwed
 *   floored at 0.
 */
import { z } from 'zod';
import { formatRatio, ZRatio } from '../../../../shared/money';

export const BUILT_IN_EXIT_TYPES = ['RESIGNATION', 'RETIREMENT', 'DISMISSAL', 'TRANSFER', 'DEATH'] as const;
export type BuiltInExitType = (typeof BUILT_IN_EXIT_TYPES)[number];

export const BUILT_IN_EXIT_LABEL: Record<BuiltInExitType, string> = {
  RESIGNATION: '离职',
  RETIREMENT: '退休',
  DISMISSAL: '辞退',
  TRANSFER: '调动',
  DEATH: '身故',
};

export const DAY_COUNTS = ['ACT/365', 'ACT/360'] as const;

/** An exit type code: built-in ones above, custom ones in the same shape (e.g. "EARLY_RETIREMENT"). */
export const ZExitTypeCode = z
  .string()
  .trim()
  .regex(/^[A-Z][A-Z0-9_]{1,31}$/, '退出类型代码应为 2–32 位大写字母、数字或下划线，以字母开头');

export const ZExitPricingRule = z.strictObject({
  /** 资金利息 paid to the partner on the paid-in tranches, from each tranche's date to the exit date */
  interest: z.strictObject({
    enabled: z.boolean(),
    /** "0.1" = 10% a year */
    annualRate: ZRatio,
    dayCount: z.enum(DAY_COUNTS),
  }),
  /** subtract the profit the partner received (利润分配) before the exit date */
  deductProfitReceived: z.boolean(),
  /** take the lower of the running figure and the stake's 净资产 (the NAV must then be entered per holding) */
  lowerOfNav: z.boolean(),
  /** 折价: "0.05" = 5% off; "0" = none */
  discountRate: ZRatio,
  /** subtract the 资金利息 the partner still owes: ENTRY_INTEREST in the ledger plus hand-entered 配资 interest */
  deductInterestOwed: z.boolean(),
});
export type ExitPricingRule = z.infer<typeof ZExitPricingRule>;

export const ZExitTypeConfig = z.strictObject({
  code: ZExitTypeCode,
  label: z.string().trim().min(1, '请填写退出类型名称').max(20, '退出类型名称最多 20 个字'),
  /** a disabled type stays readable in old 测算 but cannot be chosen for a new one */
  enabled: z.boolean().default(true),
  rule: ZExitPricingRule,
});
export type ExitTypeConfig = z.infer<typeof ZExitTypeConfig>;

/** The settings stored for the group (default) or a project (overrides by code; custom types added). */
export const ZExitSettings = z.strictObject({ types: z.array(ZExitTypeConfig).max(50) }).superRefine((s, ctx) => {
  const seen = new Set<string>();
  for (const [i, t] of s.types.entries()) {
    if (seen.has(t.code))
      ctx.addIssue({ code: 'custom', path: ['types', i, 'code'], message: `退出类型代码 ${t.code} 重复` });
    seen.add(t.code);
  }
});
export type ExitSettings = z.infer<typeof ZExitSettings>;

const NO_INTEREST = { enabled: false, annualRate: '0.1', dayCount: 'ACT/365' } as const;
const WITH_INTEREST = { enabled: true, annualRate: '0.1', dayCount: 'ACT/365' } as const;

/**
 * Built-in defaults (domain.md §4.9; the choices where it leaves room are argued in README.md):
 *   退休 principal + interest (10%, ACT/365 — the manual's only published rate) − profit received
 *   离职 principal − profit received (中梁's published rule: paid-in back without interest); NAV off by default
 *   辞退 the lower of (principal − profit received) and NAV — never better than a resignation
 *   调动 / 身故 as 退休: the exit is not the partner's choice (调动 is the group's decision; 身故 pays the heirs)
 * Every type deducts 资金利息 still owed and has no discount.
 */
export const DEFAULT_EXIT_RULES: Record<BuiltInExitType, ExitPricingRule> = {
  RETIREMENT: {
    interest: { ...WITH_INTEREST },
    deductProfitReceived: true,
    lowerOfNav: false,
    discountRate: '0',
    deductInterestOwed: true,
  },
  RESIGNATION: {
    interest: { ...NO_INTEREST },
    deductProfitReceived: true,
    lowerOfNav: false,
    discountRate: '0',
    deductInterestOwed: true,
  },
  DISMISSAL: {
    interest: { ...NO_INTEREST },
    deductProfitReceived: true,
    lowerOfNav: true,
    discountRate: '0',
    deductInterestOwed: true,
  },
  TRANSFER: {
    interest: { ...WITH_INTEREST },
    deductProfitReceived: true,
    lowerOfNav: false,
    discountRate: '0',
    deductInterestOwed: true,
  },
  DEATH: {
    interest: { ...WITH_INTEREST },
    deductProfitReceived: true,
    lowerOfNav: false,
    discountRate: '0',
    deductInterestOwed: true,
  },
};

/** The built-in types with their default rules, in the order the console lists them. */
export function defaultExitTypes(): ExitTypeConfig[] {
  return BUILT_IN_EXIT_TYPES.map((code) => ({
    code,
    label: BUILT_IN_EXIT_LABEL[code],
    enabled: true,
    rule: structuredClone(DEFAULT_EXIT_RULES[code]),
  }));
}

/**
 * The exit types in force for a project: the built-in defaults, replaced (by code) by the group's settings, then by
 * the project's; custom codes are appended in the order they first appear. Inputs are parsed with ZExitSettings
 * beforehand (the wiring validates what it stores).
 */
export function resolveExitTypes(group?: ExitSettings | null, project?: ExitSettings | null): ExitTypeConfig[] {
  const out = defaultExitTypes();
  for (const layer of [group, project]) {
    for (const t of layer?.types ?? []) {
      const i = out.findIndex((x) => x.code === t.code);
      const copy = structuredClone(t);
      if (i >= 0) out[i] = copy;
      else out.push(copy);
    }
  }
  return out;
}

export type ResolvedExitType = { ok: true; type: ExitTypeConfig } | { ok: false; message: string };

/** The exit type a new 测算 may use: known and enabled. */
export function resolveExitType(
  code: string,
  group?: ExitSettings | null,
  project?: ExitSettings | null,
): ResolvedExitType {
  const found = resolveExitTypes(group, project).find((t) => t.code === code);
  if (!found) return { ok: false, message: `未知的退出类型：${code}。` };
  if (!found.enabled) return { ok: false, message: `退出类型“${found.label}”已停用，不能用于新的测算。` };
  return { ok: true, type: found };
}

/** A one-line Chinese summary of a rule, for lists and the BPM form. */
export function describeRule(rule: ExitPricingRule): string {
  const pct = (r: string) => formatRatio(r);
  let s = '实缴本金';
  if (rule.interest.enabled) s += ` + 资金利息（年利率 ${pct(rule.interest.annualRate)}，${rule.interest.dayCount}）`;
  if (rule.deductProfitReceived) s += ' − 已分配利润';
  if (rule.lowerOfNav) s = `${s.includes(' ') ? `（${s}）` : s}与净资产孰低`;
  if (!/^0(\.0*)?$/.test(rule.discountRate)) s += `，折价 ${pct(rule.discountRate)}`;
  if (rule.deductInterestOwed) s += '，扣除尚欠资金利息';
  return `${s}，不低于零`;
}
