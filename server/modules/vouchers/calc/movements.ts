/**
 * The money movements of an entity, from the rows that record them (pure).
 *
 * | source                         | movement                                                        |
 * |--------------------------------|-----------------------------------------------------------------|
 * | ledger PAYMENT (due INITIAL)   | PAYMENT = paidDelta                                             |
 * | ledger PAYMENT (due TOPUP)     | TOPUP = paidDelta                                               |
 * | ledger REFUND                  | REFUND = −paidDelta                                             |
 * | ledger TRANSFER_OUT            | TRANSFER = −paidDelta (the paid-in part moves to the platform)  |
 * | ledger PRINCIPAL_RETURN        | PRINCIPAL_RETURN = −paidDelta                                   |
 * | ledger REVERSAL                | the reversed entry's movement, computed from the negated deltas |
 * | distribution line, paid        | INTEREST = −B, OTHER_ADJUSTMENT = C, PROFIT = F, TAX = 代扣税   |
 * | exit with a registered payout  | EXIT_PAYOUT = the amount paid                                   |
 *
 * COMMITMENT, COMMITMENT_CHANGE (认缴), ENTRY_INTEREST (owed, not paid) and TRANSFER_IN (the mirror of TRANSFER_OUT)
 * move no money. The principal of a distribution comes from the ledger's PRINCIPAL_RETURN (written at 发放登记),
 * not from the line, so the vouchers and the ledger agree by construction. For each paid line the movements net
 * to what the bank paid: A − (−B) + C + F − 代扣税 = 实发.
 */
import { dec, type Dec } from '../../../../shared/money';
import type { TVoucherMovementKind } from '../../../../shared/api/vouchers';
import type { Counterparty, Movement, ProjectRef } from './types';

export interface LedgerRow {
  id: number;
  projectId: number;
  kind: string;
  paidDelta: Dec | string;
  valueDate: string;
  userId: number | null;
  dueKind: string | null;
  roundId: number | null;
  adjustmentId: number | null;
  exitId: number | null;
  distributionId: number | null;
  /** for a REVERSAL: the reversed entry's kind and due kind */
  reversed: { kind: string; dueKind: string | null } | null;
}

export interface DistributionLineRow {
  id: number;
  batchId: number;
  projectId: number;
  userId: number | null;
  name: string;
  interest: Dec | string;
  other: Dec | string;
  profit: Dec | string;
  tax: Dec | string;
  paidAt: string;
}

export interface ExitPayoutRow {
  id: number;
  projectId: number;
  userId: number;
  payoutAmount: Dec | string;
  payoutOn: string;
}

export interface MovementContext {
  projects: ReadonlyMap<number, ProjectRef>;
  people: ReadonlyMap<number, { name: string; code: string | null }>;
  /** distribution batch id → its name (本金分配, 第2次利润分配 …) */
  batches: ReadonlyMap<number, string>;
}

export const PLATFORM: Counterparty = { id: null, name: '平台公司', code: null };

const who = (ctx: MovementContext, userId: number | null, fallback?: string): Counterparty => {
  if (userId === null) return PLATFORM;
  const p = ctx.people.get(userId);
  return { id: userId, name: p?.name ?? fallback ?? `#${userId}`, code: p?.code ?? null };
};

function ledgerKind(kind: string, dueKind: string | null): TVoucherMovementKind | null {
  switch (kind) {
    case 'PAYMENT':
      return dueKind === 'TOPUP' ? 'TOPUP' : 'PAYMENT';
    case 'REFUND':
      return 'REFUND';
    case 'TRANSFER_OUT':
      return 'TRANSFER';
    case 'PRINCIPAL_RETURN':
      return 'PRINCIPAL_RETURN';
    default:
      return null;
  }
}

/** A ledger entry's movement kind (a REVERSAL takes its reversed entry's), or null when it moves no money. */
export function ledgerMovementKind(row: Pick<LedgerRow, 'kind' | 'dueKind' | 'reversed'>): TVoucherMovementKind | null {
  if (row.kind === 'REVERSAL') return row.reversed ? ledgerKind(row.reversed.kind, row.reversed.dueKind) : null;
  return ledgerKind(row.kind, row.dueKind);
}

function ledgerBatch(row: LedgerRow, kind: TVoucherMovementKind, ctx: MovementContext): [string, string] {
  if (row.distributionId !== null) return [`dist:${row.distributionId}`, ctx.batches.get(row.distributionId) ?? '分配'];
  if (row.exitId !== null) return [`exit:${row.exitId}`, '退投承接'];
  if (row.adjustmentId !== null)
    return [`change:${row.adjustmentId}`, kind === 'REFUND' ? '峰值变更退款' : '峰值变更补缴'];
  if (row.roundId !== null) return [`round:${row.roundId}`, '认购缴款'];
  return [`day:${row.projectId}:${row.valueDate}`, row.valueDate];
}

export function movementsFrom(
  ledger: readonly LedgerRow[],
  lines: readonly DistributionLineRow[],
  exits: readonly ExitPayoutRow[],
  ctx: MovementContext,
): Movement[] {
  const out: Movement[] = [];
  const project = (id: number) => ctx.projects.get(id) ?? { id, code: null, name: `#${id}` };
  for (const row of ledger) {
    const kind = ledgerMovementKind(row);
    if (!kind) continue;
    // PAYMENT and TOPUP bring money in (paidDelta > 0); the others take it out (paidDelta < 0)
    const amount = kind === 'PAYMENT' || kind === 'TOPUP' ? dec(row.paidDelta) : dec(row.paidDelta).negated();
    const [batchKey, batchLabel] = ledgerBatch(row, kind, ctx);
    out.push({
      key: `ce:${row.id}`,
      kind,
      amount,
      date: row.valueDate,
      batchKey,
      batchLabel,
      project: project(row.projectId),
      counterparty: who(ctx, row.userId),
      source: { type: 'CAPITAL_ENTRY', id: row.id },
    });
  }
  for (const l of lines) {
    const parts: Array<[TVoucherMovementKind, Dec]> = [
      ['INTEREST', dec(l.interest).negated()],
      ['OTHER_ADJUSTMENT', dec(l.other)],
      ['PROFIT', dec(l.profit)],
      ['TAX', dec(l.tax)],
    ];
    for (const [kind, amount] of parts)
      out.push({
        key: `dl:${l.id}:${kind}`,
        kind,
        amount,
        date: l.paidAt,
        batchKey: `dist:${l.batchId}`,
        batchLabel: ctx.batches.get(l.batchId) ?? '分配',
        project: project(l.projectId),
        counterparty: who(ctx, l.userId, l.name),
        source: { type: 'DISTRIBUTION_LINE', id: l.id },
      });
  }
  for (const e of exits)
    out.push({
      key: `exit:${e.id}`,
      kind: 'EXIT_PAYOUT',
      amount: dec(e.payoutAmount),
      date: e.payoutOn,
      batchKey: `exit:${e.id}`,
      batchLabel: '退出打款',
      project: project(e.projectId),
      counterparty: who(ctx, e.userId),
      source: { type: 'PARTNER_EXIT', id: e.id },
    });
  return out.filter((m) => !m.amount.isZero());
}
