/**
 * Whether a partner has exited (退), read from the capital ledger: a partner has exited once a TRANSFER_OUT of theirs
 * (承接 to the 平台公司, written when the exit flow completes, dated at the exit date) applies and has not been
 * reversed. TRANSFER_OUT is written by the exit flow only, so it is the exit's mark in the ledger.
 *
 * Distributions use `isExitedAt(entries, userId, batchDate)`: an exited partner's profit share from a later batch is 0
 * (their exit price settled them, domain.md §4.7).
 */
import type { LedgerEntry } from '../../capital/calc/types';

/** TRANSFER_OUT entries of the partner that apply by `asOf` (all without it) and are not reversed by then. */
function liveTransfersOut(entries: readonly LedgerEntry[], userId: number, asOf?: string): LedgerEntry[] {
  const applies = (e: LedgerEntry) => asOf === undefined || e.valueDate <= asOf;
  const mine = entries.filter((e) => e.holder === 'PARTNER' && e.userId === userId && applies(e));
  const reversed = new Set(mine.filter((e) => e.kind === 'REVERSAL').map((e) => e.reversalOfId));
  return mine.filter((e) => e.kind === 'TRANSFER_OUT' && !(e.id !== undefined && reversed.has(e.id)));
}

/** The exit date (the value date of the partner's earliest live TRANSFER_OUT), or null when they have not exited. */
export function exitedOn(entries: readonly LedgerEntry[], userId: number): string | null {
  const dates = liveTransfersOut(entries, userId)
    .map((e) => e.valueDate)
    .sort();
  return dates[0] ?? null;
}

/** True when the partner had exited on or before `date` ('YYYY-MM-DD'): their profit share from then on is 0. */
export function isExitedAt(entries: readonly LedgerEntry[], userId: number, date: string): boolean {
  return liveTransfersOut(entries, userId, date).length > 0;
}

/**
 * A partner's marks in a project's lists: 退 once they exited the project (a live TRANSFER_OUT), else 离 while they
 * have left the company (User.status LEFT) and the exit is not done yet; none otherwise.
 */
export function partnerMarks(
  entries: readonly LedgerEntry[],
  user: { id: number; status: string },
): ('EXITED' | 'LEFT')[] {
  if (exitedOn(entries, user.id) !== null) return ['EXITED'];
  return user.status === 'LEFT' ? ['LEFT'] : [];
}
