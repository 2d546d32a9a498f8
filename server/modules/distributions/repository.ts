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
  ZFinancing,
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
const ZStoredOtherItems = z.array(z.object({ amount: z.string(), reason: z.string() }));

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
  otherItems: ZStoredOtherItems.parse(l.otherItems),
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

/**
 * The batch with its lines and 合计. `stored`: the lines just written and their totals (测算), so they are not read
 * back; otherwise they are read.
 */
export async function batchDetail(
  tx: Tx,
  projectId: number,
  batchId: number,
  stored?: { lines: TBatchLine[]; totals: TBatchDetail['totals'] },
): Promise<TBatchDetail> {
  const b = await loadBatch(tx, projectId, batchId);
  const lines = stored ? null : await tx.distributionLine.findMany({ where: { batchId }, orderBy: { seq: 'asc' } });
  return {
    ...batchHead(b),
    settings: ZDistributionSettings.parse(b.settings),
    profit: b.profitInput === null ? null : ZProfitInput.parse(b.profitInput),
    adjustments: z.array(ZAdjustment).parse(b.adjustments),
    interestOverrides: z.array(ZInterestOverride).parse(b.interestOverrides),
    financing: z.array(ZFinancing).parse(b.financing),
    manualUnlocked: b.manualUnlocked,
    warnings: z.array(z.string()).parse(b.warnings),
    lines: stored ? stored.lines : lines!.map(lineDto),
    totals: stored ? stored.totals : lines!.length ? totalsOf(lines!) : null,
    levels: b.levels === null ? [] : ZStoredLevels.parse(b.levels),
  };
}

export const projectNameOf = async (deps: Deps, projectId: number): Promise<string> =>
  (await deps.db.project.findUniqueOrThrow({ where: { id: projectId }, select: { name: true } })).name;

/** A line as stored: amounts as decimal strings (to the cent), marks and 其它 items as they came out of 测算. */
export interface LineRow {
  seq: number;
  level: Level;
  holder: 'PARTNER' | 'PLATFORM';
  userId: number | null;
  name: string;
  marks: string[];
  principal: string;
  interest: string;
  interestComputed: string | null;
  interestOverrideReason: string | null;
  other: string;
  otherItems: Array<{ amount: string; reason: string }>;
  principalNet: string;
  principalTotal: string;
  weight: string;
  profit: string;
  tax: string;
  profitNet: string;
  totalExclOther: string;
  payout: string;
  excluded: string | null;
}

/** `{"退","离"}`: a text[] literal of one row's marks (unnest cannot take a ragged 2-D array). */
const textArrayLiteral = (xs: readonly string[]) =>
  `{${xs.map((x) => `"${x.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;

/**
 * Replaces a batch's lines with one INSERT … SELECT FROM unnest (a column per parameter). The generated client's
 * createMany spent 12–23 s on 10,001 lines (bench:distribution) — most of the 30 s a transaction may run — against
 * ≈ 0.3 s for this statement.
 */
export async function replaceLines(tx: Tx, batchId: number, rows: readonly LineRow[]): Promise<TBatchLine[]> {
  await tx.distributionLine.deleteMany({ where: { batchId } });
  if (!rows.length) return [];
  const col = <K extends keyof LineRow>(k: K) => rows.map((r) => r[k]);
  const ids = await tx.$queryRaw<Array<{ id: number; seq: number }>>`
    INSERT INTO "DistributionLine" ("batchId", seq, level, holder, "userId", name, marks, principal, interest,
      "interestComputed", "interestOverrideReason", other, "otherItems", "principalNet", "principalTotal", weight,
      profit, tax, "profitNet", "totalExclOther", payout, excluded)
    SELECT ${batchId}, u.seq, u.level::"InvestorLevel", u.holder::"CapitalHolder", u."userId", u.name, u.marks::text[],
      u.principal, u.interest, u."interestComputed", u."interestOverrideReason", u.other, u."otherItems"::jsonb,
      u."principalNet", u."principalTotal", u.weight, u.profit, u.tax, u."profitNet", u."totalExclOther", u.payout,
      u.excluded
    FROM unnest(
      ${col('seq')}::int[], ${col('level')}::text[], ${col('holder')}::text[], ${col('userId')}::int[],
      ${col('name')}::text[], ${rows.map((r) => textArrayLiteral(r.marks))}::text[], ${col('principal')}::numeric[],
      ${col('interest')}::numeric[], ${col('interestComputed')}::numeric[], ${col('interestOverrideReason')}::text[],
      ${col('other')}::numeric[], ${rows.map((r) => JSON.stringify(r.otherItems))}::text[],
      ${col('principalNet')}::numeric[], ${col('principalTotal')}::numeric[], ${col('weight')}::text[],
      ${col('profit')}::numeric[], ${col('tax')}::numeric[], ${col('profitNet')}::numeric[],
      ${col('totalExclOther')}::numeric[], ${col('payout')}::numeric[], ${col('excluded')}::text[]
    ) AS u(seq, level, holder, "userId", name, marks, principal, interest, "interestComputed",
      "interestOverrideReason", other, "otherItems", "principalNet", "principalTotal", weight, profit, tax,
      "profitNet", "totalExclOther", payout, excluded)
    RETURNING id, seq`;
  // the lines as the detail shows them, from what was written (no read back of 10,000 rows)
  const idOf = new Map(ids.map((r) => [Number(r.seq), Number(r.id)]));
  return rows.map(({ weight: _weight, ...r }) => ({
    ...r,
    id: idOf.get(r.seq)!,
    noticeSentAt: null,
    paidAt: null,
  }));
}
