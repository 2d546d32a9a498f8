/**
 * The ledger a computed batch was calculated on: a fingerprint of every capital entry valued on or before the
 * distribution date (holdings, paid-in tranches and their dates, transfers of exits, returns), stored at 测算 and
 * compared at 送审 and at 发放. A difference means the holdings or tranches behind the lines changed — an entry was
 * added, say a 缴款 or an exit's 承接 — and the batch must be calculated again (409 asking to 重新测算).
 * Typed (手动-非测算) batches are not calculated from the ledger and carry no fingerprint.
 */
import { createHash } from 'node:crypto';
import type { Tx } from '../../lib/db';
import { AppError } from '../../lib/errors';
import { formatDate } from '../../../shared/datetime';
import { moneyString } from '../../../shared/money';
import { loadLedger, type CapitalEntryRow } from '../capital/repository';

/** sha256 over the entries up to the date, in ledger order (valueDate, id). */
export function ledgerFingerprint(entries: readonly CapitalEntryRow[], date: string): string {
  const h = createHash('sha256');
  for (const e of entries) {
    if (e.valueDate > date) continue;
    h.update(
      [
        e.id,
        e.kind,
        e.level,
        e.holder,
        e.userId ?? '',
        moneyString(e.committedDelta),
        moneyString(e.paidDelta),
        moneyString(e.interestDelta),
        e.valueDate,
      ].join('|') + '\n',
    );
  }
  return h.digest('hex');
}

/** Refuses (409) when the ledger up to the batch's date is not the one it was calculated on. */
export async function assertLedgerUnchanged(
  tx: Tx,
  batch: { projectId: number; date: Date; ledgerFingerprint: string | null; mode: string },
  what: '送审' | '登记发放',
): Promise<void> {
  if (batch.mode !== 'COMPUTED' || batch.ledgerFingerprint === null) return;
  const now = ledgerFingerprint(await loadLedger(tx, batch.projectId), formatDate(batch.date));
  if (now !== batch.ledgerFingerprint)
    throw new AppError(
      'CONFLICT',
      `分配日期（${formatDate(batch.date)}）之前的资金台账自测算后已有变动（缴款、退出承接或本金退回），不能${what}，请重新测算`,
      { reason: 'LEDGER_CHANGED' },
    );
}
