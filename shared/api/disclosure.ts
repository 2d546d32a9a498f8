/**
 * 盈亏动态 (the dynamic values of the 盈利指标 and the milestones' actual dates per quarter, compared with 立项) and
 * 披露 (a project's disclosure for a quarter: prepared, 披露(循环) flow on DingTalk OA, 披露审核, merged notices).
 */
import { z } from 'zod';
import { ZDay, ZDecimalString, ZInstant, ZVersion } from './common';
import { MILESTONE_KINDS } from './labels';
import { ZIndicators } from './scheme';

/**
 * A reporting period is a quarter (2026Q4): 动态 values are re-forecast from the quarterly operating review, and a
 * disclosure to partners covers a quarter; a month would ask the accountant for figures nobody re-forecasts monthly.
 */
export const PERIOD_RE = /^(20\d{2})Q([1-4])$/;
export const ZPeriod = z.string().trim().toUpperCase().regex(PERIOD_RE, '报告期格式应为 2026Q4（年份 + 季度）');
export const periodLabel = (period: string): string => {
  const m = PERIOD_RE.exec(period);
  return m ? `${m[1]}年第${'一二三四'[Number(m[2]) - 1]}季度` : period;
};

/** The 盈利指标 fields, in the order of the 立项 form. */
export const INDICATOR_FIELDS = [
  'salesRevenue',
  'totalCost',
  'netProfit',
  'netMargin',
  'irr',
  'paybackMonths',
] as const;
export type TIndicatorField = (typeof INDICATOR_FIELDS)[number];
/** money: yuan; percent: a value in percent (15.5 = 15.5%), its difference in percentage points; months. */
export type TIndicatorUnit = 'money' | 'percent' | 'months';
export const INDICATOR_META: Record<TIndicatorField, { label: string; unit: TIndicatorUnit }> = {
  salesRevenue: { label: '销售收入', unit: 'money' },
  totalCost: { label: '总成本', unit: 'money' },
  netProfit: { label: '净利润', unit: 'money' },
  netMargin: { label: '净利率', unit: 'percent' },
  irr: { label: '全投资IRR', unit: 'percent' },
  paybackMonths: { label: '现金流回正周期（月）', unit: 'months' },
};

export const ZIndicatorValues = z.object({
  salesRevenue: ZDecimalString.nullable(),
  totalCost: ZDecimalString.nullable(),
  netProfit: ZDecimalString.nullable(),
  netMargin: ZDecimalString.nullable(),
  irr: ZDecimalString.nullable(),
  paybackMonths: z.number().int().nullable(),
});
export type TIndicatorValues = z.infer<typeof ZIndicatorValues>;

/** One row of the comparison: 立项, 动态, 差异 (动态 − 立项) and 差异率 (差异 / |立项|, in percent, 2 places). */
export const ZComparisonRow = z.object({
  field: z.enum(INDICATOR_FIELDS),
  label: z.string(),
  unit: z.enum(['money', 'percent', 'months']),
  approval: ZDecimalString.nullable(),
  dynamic: ZDecimalString.nullable(),
  diff: ZDecimalString.nullable(),
  /** null when either value is missing or 立项 is 0 */
  diffPct: ZDecimalString.nullable(),
});
export type TComparisonRow = z.infer<typeof ZComparisonRow>;

export const ZMilestoneActual = z.object({ kind: z.enum(MILESTONE_KINDS), actualOn: ZDay.nullable() });
export const ZMilestoneComparison = z.object({
  kind: z.enum(MILESTONE_KINDS),
  label: z.string(),
  plannedOn: ZDay,
  actualOn: ZDay.nullable(),
  /** actual − planned in days (late > 0); null without an actual date */
  delayDays: z.number().int().nullable(),
});
export type TMilestoneComparison = z.infer<typeof ZMilestoneComparison>;

/** PUT /api/projects/:id/dynamic-indicators/:period — version 0 for a new period. */
export const ZDynamicSave = ZIndicators.extend({
  milestones: z
    .array(z.object({ kind: z.enum(MILESTONE_KINDS), actualOn: ZDay.nullable() }))
    .max(MILESTONE_KINDS.length),
  note: z.string().trim().max(500).nullable().optional(),
  version: ZVersion,
});
export type TDynamicSave = z.infer<typeof ZDynamicSave>;

export const ZDynamicPeriod = z.object({
  id: z.number().int(),
  period: z.string(),
  periodLabel: z.string(),
  values: ZIndicatorValues,
  comparison: z.array(ZComparisonRow),
  milestones: z.array(ZMilestoneComparison),
  note: z.string().nullable(),
  version: z.number().int(),
  updatedBy: z.string().nullable(),
  updatedAt: ZInstant,
});
export type TDynamicPeriod = z.infer<typeof ZDynamicPeriod>;

/** GET /api/projects/:id/dynamic-indicators: the 立项 values and every period, oldest first (the chart's order). */
export const ZDynamicOverview = z.object({
  approval: ZIndicatorValues.nullable(),
  plannedMilestones: z.array(z.object({ kind: z.enum(MILESTONE_KINDS), label: z.string(), plannedOn: ZDay })),
  periods: z.array(ZDynamicPeriod),
});
export type TDynamicOverview = z.infer<typeof ZDynamicOverview>;

/** The audited saves of one period (修改记录). */
export const ZDynamicHistory = z.array(
  z.object({
    at: ZInstant,
    actorName: z.string().nullable(),
    action: z.string(),
    changes: z.array(z.object({ field: z.string(), label: z.string(), before: z.string(), after: z.string() })),
  }),
);
export type TDynamicHistory = z.infer<typeof ZDynamicHistory>;

// ---- 披露 ---------------------------------------------------------------------------------------------------
export const DISCLOSURE_STATUSES = ['DRAFT', 'FLOW', 'IN_REVIEW', 'APPROVED', 'RETURNED'] as const;
export type TDisclosureStatus = (typeof DISCLOSURE_STATUSES)[number];
export const DISCLOSURE_STATUS_LABEL: Record<TDisclosureStatus, string> = {
  DRAFT: '草稿',
  FLOW: '审批中',
  IN_REVIEW: '待审核',
  APPROVED: '已发布',
  RETURNED: '已退回',
};

export const ZDisclosureCreate = z.object({
  period: ZPeriod,
  narrative: z.string().trim().min(1, '请填写披露说明').max(5000),
});
export const ZDisclosureEdit = z.object({
  narrative: z.string().trim().min(1, '请填写披露说明').max(5000),
  version: ZVersion,
});

/** What the disclosure shows, as taken from 盈亏动态 when it was last saved. */
export const ZDisclosureSnapshot = z.object({
  period: z.string(),
  periodLabel: z.string(),
  comparison: z.array(ZComparisonRow),
  milestones: z.array(ZMilestoneComparison),
});
export type TDisclosureSnapshot = z.infer<typeof ZDisclosureSnapshot>;

export const ZDisclosureAttachment = z.object({
  id: z.number().int(),
  fileName: z.string(),
  mime: z.string(),
  size: z.number().int(),
  createdAt: ZInstant,
});

export const ZDisclosureRow = z.object({
  id: z.number().int(),
  projectId: z.number().int(),
  period: z.string(),
  periodLabel: z.string(),
  status: z.enum(DISCLOSURE_STATUSES),
  statusLabel: z.string(),
  returnReason: z.string().nullable(),
  approvedAt: ZInstant.nullable(),
  createdBy: z.string().nullable(),
  createdAt: ZInstant,
  version: z.number().int(),
  /** the pending or last 披露审核 */
  reviewId: z.number().int().nullable(),
  /** holders told (or to be told) once approved */
  recipients: z.number().int(),
  /** of them, notified (merged notice written) */
  notified: z.number().int(),
});
export type TDisclosureRow = z.infer<typeof ZDisclosureRow>;

export const ZDisclosureDetail = ZDisclosureRow.extend({
  narrative: z.string(),
  snapshot: ZDisclosureSnapshot.nullable(),
  attachments: z.array(ZDisclosureAttachment),
  flow: z
    .object({ id: z.number().int(), run: z.number().int(), status: z.string(), instanceId: z.string().nullable() })
    .nullable(),
});
export type TDisclosureDetail = z.infer<typeof ZDisclosureDetail>;

// ---- the partner's page ------------------------------------------------------------------------------------
/** One project of a partner's 披露通知: the KPIs in plain words, the 立项 comparison, milestones and the narrative. */
export const ZMyDisclosure = z.object({
  disclosureId: z.number().int(),
  projectId: z.number().int(),
  projectName: z.string(),
  periodLabel: z.string(),
  approvedAt: ZInstant.nullable(),
  /** plain sentences, e.g. 预计净利润 ¥1,200,000.00，比立项时多 ¥200,000.00（+20.00%）。 */
  highlights: z.array(z.string()),
  comparison: z.array(z.object({ label: z.string(), approval: z.string(), dynamic: z.string(), change: z.string() })),
  milestones: z.array(z.object({ label: z.string(), plannedOn: z.string(), actualOn: z.string(), note: z.string() })),
  narrative: z.string(),
  attachments: z.array(z.object({ fileName: z.string(), size: z.number().int() })),
});
export type TMyDisclosure = z.infer<typeof ZMyDisclosure>;

export const ZMyDisclosureDigest = z.object({
  id: z.number().int(),
  day: ZDay,
  items: z.array(ZMyDisclosure),
});
export type TMyDisclosureDigest = z.infer<typeof ZMyDisclosureDigest>;
