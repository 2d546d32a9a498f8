/**
 * The ledger a computed batch was calculated on: a fingerprint of every capital entry valued on or before the
 * distribution date, as 测算 reads them (holdings, paid-in tranches and their dates, transfers of exits, returns),
 * stored at 测算 and compared at 送审 and at 发放. A difference means the holdings or tranches behind the lines changed —
 * say a 缴款 or an exit's 承接 valued on or before the date — and the batch must be calculated again (409 asking to
 * 重新测算). After 分配通知 the batch cannot go back to 草稿: reversing the change (REVERSAL) restores the fingerprint.
 * Typed (手动-非测算) batches are not calculated from the ledger and carry no fingerprint.
 */
import { createHash } from 'node:crypto';
import type { Tx } from '../../lib/db';
import { AppError } from '../../lib/errors';
import { formatDate } from '../../../shared/datetime';
import { dec, moneyString } from '../../../shared/money';
import type Decimal from 'decimal.js';
import { paidTranches, positions } from '../capital/calc/ledger';
import { positionKey } from '../capital/calc/types';
import { loadLedgerEntries, type LedgerEntryRow } from '../capital/repository';

/**
 * sha256 over what 测算 reads from the ledger up to the date, per position (level, holder): 认缴 / 实缴 / 利息, the
 * paid-in tranches with their dates, the net amount of each entry kind (a REVERSAL counted against the kind it
 * reverses) and the dates of transfers out (退出承接). An entry and its reversal cancel out: the fingerprint is back.
 */
export function ledgerFingerprint(entries: readonly LedgerEntryRow[], date: string): string {
  const upto = entries.filter((e) => e.valueDate <= date);
  const kindOf = new Map(upto.map((e) => [e.id, e.kind]));
  const reversed = new Set(upto.filter((e) => e.kind === 'REVERSAL').map((e) => e.reversalOfId));
  // each position's own entries, grouped once (a filter of the whole ledger per position was quadratic: 7 s for
  // 10,000 holders)
  const own = new Map<string, LedgerEntryRow[]>();
  for (const e of upto) {
    const key = positionKey(e.level, e.holder, e.userId);
    const list = own.get(key);
    if (list) list.push(e);
    else own.set(key, [e]);
  }
  const h = createHash('sha256');
  for (const p of positions(upto, { asOf: date })) {
    const mine = own.get(positionKey(p.level, p.holder, p.userId)) ?? [];
    const byKind = new Map<string, Decimal[]>();
    for (const e of mine) {
      const kind = e.kind === 'REVERSAL' ? (kindOf.get(e.reversalOfId ?? -1) ?? 'REVERSAL') : e.kind;
      const [c, pd, i] = byKind.get(kind) ?? [dec(0), dec(0), dec(0)];
      byKind.set(kind, [c!.plus(e.committedDelta), pd!.plus(e.paidDelta), i!.plus(e.interestDelta)]);
    }
    const kinds = [...byKind]
      .filter(([, v]) => v.some((x) => !x.isZero()))
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => `${k}=${v.map((x) => moneyString(x)).join('/')}`);
    const tranches = paidTranches(
      mine,
      p.holder === 'PLATFORM' ? { holder: 'PLATFORM' } : { holder: 'PARTNER', userId: p.userId! },
      p.level,
      date,
    ).map((t) => `${t.date}:${moneyString(t.amount)}`);
    const exits = mine
      .filter((e) => e.kind === 'TRANSFER_OUT' && !reversed.has(e.id))
      .map((e) => e.valueDate)
      .sort();
    h.update(
      [
        p.level,
        p.holder,
        p.userId ?? '',
        moneyString(p.committed),
        moneyString(p.paid),
        moneyString(p.interest),
        tranches.join(','),
        kinds.join(','),
        exits.join(','),
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
  const now = ledgerFingerprint(await loadLedgerEntries(tx, batch.projectId), formatDate(batch.date));
  if (now !== batch.ledgerFingerprint)
    throw new AppError(
      'CONFLICT',
      what === '送审'
        ? `分配日期（${formatDate(batch.date)}）之前的资金台账自测算后已有变动（持有、实缴批次或退出承接），不能送审，请重新测算`
        : `分配日期（${formatDate(batch.date)}）之前的资金台账自测算后已有变动（持有、实缴批次或退出承接），不能登记发放，请重新测算；已发出分配通知的批次不能退回草稿，冲销该台账变动后可继续登记`,
      { reason: 'LEDGER_CHANGED' },
    );
}
