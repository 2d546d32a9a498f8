/** Distribution batch queries shared by the use cases: load with its project, the DTOs, the level ratios. */
import type { DistributionBatch, DistributionLine } from '../../generated/prisma/client';
import type { Deps } from '../../deps';
import type { Tx } from '../../lib/db';
import { notFound } from '../../lib/errors';
import { formatDate } from '../../../shared/datetime';
import { dec, moneyString, sumMoney } from '../../../shared/money';
import {
  batchName,
  ZAdjustment,
  ZDistributionSettings,
  ZInterestOverride,
  ZProfitInput,
  type TBatchDetail,
  type TBatchLine,
} from '../../../shared/api/distributions';
import { z } from 'zod';
import { TOTAL_COLUMNS, type Level } from './calc/types';

export async function loadBatch(tx: Tx, projectId: number, batchId: number): Promise<DistributionBatch> {
  const b = await tx.distributionBatch.findFirst({ where: { id: batchId, projectId } });
  if (!b) throw notFound('分配批次');
  return b;
}

/** Locks the batch row for the rest of the transaction and reloads it. */
export async function lockBatch(tx: Tx, projectId: number, batchId: number): Promise<DistributionBatch> {
  await tx.$queryRaw`SELECT id FROM "DistributionBatch" WHERE id = ${batchId} FOR UPDATE`;
  return loadBatch(tx, projectId, batchId);
}

/** 合伙投资占比 per level of the scheme in force. */
export async function levelRatios(tx: Tx, projectId: number): Promise<Record<Level, string>> {
  const s = await tx.projectScheme.findUnique({ where: { projectId } });
  if (!s) throw notFound('立项信息');
  return {
    HOLDING: s.holdingRatio.toString(),
    GROUP: s.groupRatio.toString(),
    CITY: s.cityRatio.toString(),
    OTHER: s.otherRatio.toString(),
  };
}

export const batchHead = (b: DistributionBatch) => ({
  id: b.id,
  projectId: b.projectId,
  kind: b.kind,
  seq: b.seq,
  name: batchName(b.kind, b.seq),
  mode: b.mode,
  date: formatDate(b.date),
  status: b.status,
  profitTotal: b.profitTotal === null ? null : moneyString(b.profitTotal),
  actualPeak: b.actualPeak === null ? null : moneyString(b.actualPeak),
  calculatedAt: b.calculatedAt?.toISOString() ?? null,
  version: b.version,
});

const m = (v: unknown) => moneyString(String(v));

export const lineDto = (l: DistributionLine): TBatchLine => ({
  id: l.id,
  seq: l.seq,
  level: l.level,
  holder: l.holder,
  userId: l.userId,
  name: l.name,
  marks: l.marks,
  principal: m(l.principal),
  interest: m(l.interest),
  interestComputed: l.interestComputed === null ? null : m(l.interestComputed),
  interestOverrideReason: l.interestOverrideReason,
  other: m(l.other),
  otherItems: z.array(z.object({ amount: z.string(), reason: z.string() })).parse(l.otherItems),
  principalNet: m(l.principalNet),
  principalTotal: m(l.principalTotal),
  profit: m(l.profit),
  tax: m(l.tax),
  profitNet: m(l.profitNet),
  totalExclOther: m(l.totalExclOther),
  payout: m(l.payout),
  excluded: l.excluded,
  noticeSentAt: l.noticeSentAt?.toISOString() ?? null,
  paidAt: l.paidAt ? formatDate(l.paidAt) : null,
});

/** The 合计 row from the stored lines. */
export function totalsOf(lines: readonly DistributionLine[]) {
  return Object.fromEntries(
    TOTAL_COLUMNS.map((c) => [c, moneyString(sumMoney(lines.map((l) => dec(String(l[c])))))]),
  ) as Record<(typeof TOTAL_COLUMNS)[number], string>;
}

const ZStoredLevels = z.array(
  z.object({ level: z.string(), label: z.string(), ratio: z.string(), amount: z.string() }),
);

export async function batchDetail(tx: Tx, projectId: number, batchId: number): Promise<TBatchDetail> {
  const b = await loadBatch(tx, projectId, batchId);
  const lines = await tx.distributionLine.findMany({ where: { batchId }, orderBy: { seq: 'asc' } });
  return {
    ...batchHead(b),
    settings: ZDistributionSettings.parse(b.settings),
    profit: b.profitInput === null ? null : ZProfitInput.parse(b.profitInput),
    adjustments: z.array(ZAdjustment).parse(b.adjustments),
    interestOverrides: z.array(ZInterestOverride).parse(b.interestOverrides),
    manualUnlocked: b.manualUnlocked,
    warnings: z.array(z.string()).parse(b.warnings),
    lines: lines.map(lineDto),
    totals: lines.length ? totalsOf(lines) : null,
    levels: b.levels === null ? [] : ZStoredLevels.parse(b.levels),
  };
}

export const projectNameOf = async (deps: Deps, projectId: number): Promise<string> =>
  (await deps.db.project.findUniqueOrThrow({ where: { id: projectId }, select: { name: true } })).name;
