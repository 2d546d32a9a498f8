/**
 * Stores a batch result (computed or typed) exactly as it came out: the lines replace the earlier ones, the 合计 is
 * checked against the sum of the stored lines to the cent before anything is saved, and the batch moves to 已测算.
 */
import type { Tx } from '../../lib/db';
import { AppError } from '../../lib/errors';
import type { AuditActor } from '../../lib/audit';
import { dec, moneyString } from '../../../shared/money';
import { TOTAL_COLUMNS, type BatchResult, type BatchSuccess } from './calc/types';
import { transitionBatch } from './batch-state';
import { replaceLines } from './repository';
import type { TBatchDetail, TBatchLine } from '../../../shared/api/distributions';

/** A calculation's errors as one 400 with every error in details. */
export function refuseErrors(result: Exclude<BatchResult, BatchSuccess>): AppError {
  const first = result.errors[0]?.message ?? '测算失败';
  const more = result.errors.length > 1 ? `（另有 ${result.errors.length - 1} 个问题）` : '';
  return new AppError('UNPROCESSABLE', `${first}${more}`, { errors: result.errors });
}

export async function storeResult(
  tx: Tx,
  who: AuditActor,
  batch: { id: number; status: string; version: number },
  result: BatchSuccess,
  auditAfter: Record<string, unknown> = {},
  /** the ledger the lines were computed from (ledger-check.ts); null for a typed batch */
  ledgerFingerprint: string | null = null,
): Promise<{ lines: TBatchLine[]; totals: TBatchDetail['totals'] }> {
  // the 合计 row must be the sum of its lines, to the cent, for every column (one pass over the lines)
  const sums = TOTAL_COLUMNS.map(() => dec(0));
  for (const l of result.lines)
    for (let k = 0; k < TOTAL_COLUMNS.length; k++) {
      const v = l[TOTAL_COLUMNS[k]!];
      if (!v.isZero()) sums[k] = sums[k]!.plus(v);
    }
  for (const [k, c] of TOTAL_COLUMNS.entries()) {
    const sum = sums[k]!;
    if (!sum.equals(result.totals[c]))
      throw new AppError(
        'INTERNAL',
        `测算合计与明细不一致（${c}：${moneyString(sum)} ≠ ${moneyString(result.totals[c])}）`,
      );
  }
  const lines = await replaceLines(
    tx,
    batch.id,
    result.lines.map((l, i) => ({
      seq: i + 1,
      level: l.level,
      holder: l.holder,
      userId: l.userId,
      name: l.name,
      marks: l.marks,
      principal: moneyString(l.principal),
      interest: moneyString(l.interest),
      interestComputed: l.interestComputed === null ? null : moneyString(l.interestComputed),
      interestOverrideReason: l.interestOverrideReason,
      other: moneyString(l.other),
      otherItems: l.otherItems.map((o) => ({ amount: moneyString(o.amount), reason: o.reason })),
      principalNet: moneyString(l.principalNet),
      principalTotal: moneyString(l.principalTotal),
      weight: l.weight.toString(),
      profit: moneyString(l.profit),
      tax: moneyString(l.tax),
      profitNet: moneyString(l.profitNet),
      totalExclOther: moneyString(l.totalExclOther),
      payout: moneyString(l.payout),
      excluded: l.excluded,
    })),
  );
  await transitionBatch(tx, batch.id, 'calculate', {
    actor: who,
    expected: { status: batch.status, version: batch.version },
    data: {
      calculatedAt: new Date(),
      profitTotal: moneyString(result.profitTotal),
      levels: result.levels.map((r) => ({
        level: r.level,
        label: r.label,
        ratio: r.ratio.toString(),
        amount: moneyString(r.amount),
      })),
      warnings: result.warnings,
      ledgerFingerprint,
    },
    audit: {
      after: {
        lines: result.lines.length,
        payout: moneyString(result.totals.payout),
        profitTotal: moneyString(result.profitTotal),
        ...auditAfter,
      },
    },
  });
  const totals = Object.fromEntries(TOTAL_COLUMNS.map((c) => [c, moneyString(result.totals[c])]));
  return { lines, totals: lines.length ? (totals as NonNullable<TBatchDetail['totals']>) : null };
}

export const decOf = (v: unknown) => dec(String(v));
