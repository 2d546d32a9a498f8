/**
 * Stores a batch result (computed or typed) exactly as it came out: the lines replace the earlier ones, the 合计 is
 * checked against the sum of the stored lines to the cent before anything is saved, and the batch moves to 已测算.
 */
import type { Tx } from '../../lib/db';
import { AppError } from '../../lib/errors';
import type { AuditActor } from '../../lib/audit';
import { dec, moneyString, sumMoney } from '../../../shared/money';
import { TOTAL_COLUMNS, type BatchResult, type BatchSuccess } from './calc/types';
import { transitionBatch } from './batch-state';

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
): Promise<void> {
  // the 合计 row must be the sum of its lines, to the cent, for every column
  for (const c of TOTAL_COLUMNS) {
    const sum = sumMoney(result.lines.map((l) => l[c]));
    if (!sum.equals(result.totals[c]))
      throw new AppError(
        'INTERNAL',
        `测算合计与明细不一致（${c}：${moneyString(sum)} ≠ ${moneyString(result.totals[c])}）`,
      );
  }
  await tx.distributionLine.deleteMany({ where: { batchId: batch.id } });
  await tx.distributionLine.createMany({
    data: result.lines.map((l, i) => ({
      batchId: batch.id,
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
  });
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
}

export const decOf = (v: unknown) => dec(String(v));
