/**
 * What a partner's agreements must say, read from the capital ledger (pure): the 合伙协议 states the commitment the
 * rounds gave the partner; each 峰值变更 (立项调整) that changed it and each 承接 at an exit is a 补充协议 with the
 * commitment before and after. Entries apply in id order (the order they were written).
 */
import type Decimal from 'decimal.js';
import { Dec, dec } from '../../../../shared/money';
import type { Level } from '../../../../shared/scheme-math';

export interface PartnerEntry {
  id: number;
  level: Level;
  kind: string;
  committedDelta: Decimal;
  paidDelta: Decimal;
  /** 'YYYY-MM-DD' */
  valueDate: string;
  adjustmentId: number | null;
  exitId: number | null;
}

export type Subject =
  | {
      key: 'partnership';
      kind: 'PARTNERSHIP';
      amount: Decimal;
      byLevel: Partial<Record<Level, Decimal>>;
      /** 实缴 of the partner in the ledger when generated (every entry) */
      paid: Decimal;
    }
  | {
      key: string; // scheme-change:<id> | exit:<id>
      kind: 'SUPPLEMENTARY';
      cause: 'SCHEME_CHANGE' | 'EXIT';
      schemeChangeId: number | null;
      exitId: number | null;
      previousAmount: Decimal;
      amount: Decimal;
      delta: Decimal;
      /** the commitment per level after the change */
      byLevel: Partial<Record<Level, Decimal>>;
      /** the value date of the change (变更日期) */
      valueDate: string;
    };

const isChange = (e: PartnerEntry) => e.adjustmentId !== null || e.exitId !== null;

/**
 * The partner's subjects. The partnership amount is Σ committed of the entries that are neither a 立项调整 nor a 承接
 * (the rounds' COMMITMENTs, a forfeit, their reversals). A change subject exists when its entries move the partner's
 * commitment (a 立项调整 that left them unchanged needs no 补充协议).
 */
export function subjectsOf(entries: readonly PartnerEntry[]): Subject[] {
  const sorted = [...entries].sort((a, b) => a.id - b.id);
  const byLevel: Partial<Record<Level, Decimal>> = {};
  let base = new Dec(0);
  for (const e of sorted) {
    if (isChange(e)) continue;
    base = base.plus(e.committedDelta);
    byLevel[e.level] = (byLevel[e.level] ?? new Dec(0)).plus(e.committedDelta);
  }
  const out: Subject[] = [];
  if (base.gt(0) || sorted.some((e) => !isChange(e) && e.kind === 'COMMITMENT'))
    out.push({
      key: 'partnership',
      kind: 'PARTNERSHIP',
      amount: base,
      byLevel,
      paid: sorted.reduce((sum, e) => sum.plus(e.paidDelta), dec(0)),
    });

  // group the change entries by their cause, in the order the causes first appear
  const groups = new Map<
    string,
    {
      first: number;
      last: number;
      valueDate: string;
      delta: Decimal;
      schemeChangeId: number | null;
      exitId: number | null;
    }
  >();
  for (const e of sorted) {
    if (!isChange(e)) continue;
    const key = e.adjustmentId !== null ? `scheme-change:${e.adjustmentId}` : `exit:${e.exitId}`;
    const g = groups.get(key) ?? {
      first: e.id,
      last: e.id,
      valueDate: e.valueDate,
      delta: new Dec(0),
      schemeChangeId: e.adjustmentId,
      exitId: e.exitId,
    };
    g.delta = g.delta.plus(e.committedDelta);
    g.last = e.id;
    groups.set(key, g);
  }
  for (const [key, g] of groups) {
    if (g.delta.isZero()) continue;
    const previousAmount = sorted.filter((e) => e.id < g.first).reduce((s, e) => s.plus(e.committedDelta), dec(0));
    const after: Partial<Record<Level, Decimal>> = {};
    for (const e of sorted) if (e.id <= g.last) after[e.level] = (after[e.level] ?? new Dec(0)).plus(e.committedDelta);
    out.push({
      key,
      kind: 'SUPPLEMENTARY',
      cause: g.schemeChangeId !== null ? 'SCHEME_CHANGE' : 'EXIT',
      schemeChangeId: g.schemeChangeId,
      exitId: g.schemeChangeId !== null ? null : g.exitId,
      previousAmount,
      amount: previousAmount.plus(g.delta),
      delta: g.delta,
      byLevel: after,
      valueDate: g.valueDate,
    });
  }
  return out;
}
