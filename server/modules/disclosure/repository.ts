/** Reads shared by 盈亏动态 and 披露: the 立项 values, planned milestones, a period's comparison, the holders. */
import type { Tx } from '../../lib/db';
import { formatDate } from '../../../shared/datetime';
import { dec, decimalString, moneyString } from '../../../shared/money';
import { periodLabel, type TDisclosureSnapshot, type TIndicatorValues } from '../../../shared/api/disclosure';
import { MILESTONE_LABEL, type TMilestoneKind } from '../../../shared/api/labels';
import { compareIndicators, compareMilestones } from './calc/compare';
import { z } from 'zod';

type IndicatorRow = {
  salesRevenue: unknown;
  totalCost: unknown;
  netProfit: unknown;
  netMargin: unknown;
  irr: unknown;
  paybackMonths: number | null;
};

const money = (v: unknown) => (v === null || v === undefined ? null : moneyString(String(v)));
const plain = (v: unknown) => (v === null || v === undefined ? null : decimalString(String(v)));

export const indicatorValues = (r: IndicatorRow): TIndicatorValues => ({
  salesRevenue: money(r.salesRevenue),
  totalCost: money(r.totalCost),
  netProfit: money(r.netProfit),
  netMargin: plain(r.netMargin),
  irr: plain(r.irr),
  paybackMonths: r.paybackMonths,
});

export const ZStoredMilestones = z.array(z.object({ kind: z.string(), actualOn: z.string().nullable() }));

/** The 立项 values (null when none were entered) and the planned milestones. */
export async function approvalBase(tx: Tx, projectId: number) {
  const [approval, milestones] = await Promise.all([
    tx.profitIndicator.findUnique({ where: { projectId_phase: { projectId, phase: 'APPROVAL' } } }),
    tx.milestone.findMany({ where: { projectId } }),
  ]);
  return {
    approval: approval && indicatorValues(approval),
    planned: milestones.map((m) => ({
      kind: m.kind as TMilestoneKind,
      label: MILESTONE_LABEL[m.kind as TMilestoneKind],
      plannedOn: formatDate(m.plannedOn),
    })),
  };
}

/** A period's 动态 values against 立项, as a disclosure shows them. */
export function snapshotOf(
  base: Awaited<ReturnType<typeof approvalBase>>,
  row: IndicatorRow & { period: string; milestones: unknown },
): TDisclosureSnapshot {
  const actuals = ZStoredMilestones.parse(row.milestones ?? []) as { kind: TMilestoneKind; actualOn: string | null }[];
  return {
    period: row.period,
    periodLabel: periodLabel(row.period),
    comparison: compareIndicators(base.approval, indicatorValues(row)),
    milestones: compareMilestones(base.planned, actuals),
  };
}

/** The partners holding a stake in the project now (the capital ledger: Σ 认缴 > 0). */
export async function currentHolders(tx: Tx, projectId: number): Promise<number[]> {
  const rows = await tx.capitalEntry.groupBy({
    by: ['userId'],
    where: { projectId, holder: 'PARTNER', userId: { not: null } },
    _sum: { committedDelta: true },
  });
  return rows.filter((r) => r.userId !== null && dec(String(r._sum.committedDelta ?? 0)).gt(0)).map((r) => r.userId!);
}
