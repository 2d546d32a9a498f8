/**
 * Movements + rules → vouchers (pure: decimal.js, no I/O, no clock).
 *
 * Every movement gives two lines of the same amount — its rule's debit account on the debit side, its credit
 * account on the credit side — so every voucher balances by construction (Σ debit = Σ credit to the cent). A
 * negative movement (the source reversed it) stays on its sides with a negative amount: 红字 (负数) as both 金蝶 and
 * 用友 import it. A rule per kind says whether each movement is its own voucher or a batch (a distribution batch, an
 * exit, a payment round, a scheme change) shares one, with lines per movement.
 */
import { createHash } from 'node:crypto';
import { dec, moneyString, type Dec } from '../../../../shared/money';
import type { TVoucherMovementKind } from '../../../../shared/api/vouchers';
import { VOUCHER_MOVEMENT_KIND_LABEL } from '../../../../shared/api/vouchers';
import type { DraftLine, DraftVoucher, Movement, RuleAccount, VoucherRuleSpec } from './types';

/** The summary text of a movement: {项目} {合伙人} {批次} {日期} {类型}. */
export function renderSummary(template: string, m: Movement, partnerText = m.counterparty.name): string {
  return template
    .replaceAll('{项目}', m.project.name)
    .replaceAll('{合伙人}', partnerText)
    .replaceAll('{批次}', m.batchLabel)
    .replaceAll('{日期}', m.date)
    .replaceAll('{类型}', VOUCHER_MOVEMENT_KIND_LABEL[m.kind])
    .slice(0, 200);
}

function line(m: Movement, account: RuleAccount, side: 'debit' | 'credit', summary: string): DraftLine {
  const amount = dec(m.amount);
  return {
    summary,
    accountCode: account.code,
    accountName: account.name,
    debit: side === 'debit' ? amount : dec(0),
    credit: side === 'credit' ? amount : dec(0),
    counterparty: account.aux.includes('PARTNER') ? m.counterparty : null,
    project: account.aux.includes('PROJECT') ? m.project : null,
    movementKind: m.kind,
    source: m.source,
    amount,
  };
}

/** What identifies a voucher's content: a changed source (amount, account, date, partner) changes it. */
export function fingerprintOf(v: Omit<DraftVoucher, 'fingerprint'>): string {
  const canonical = JSON.stringify([
    v.kind,
    v.word,
    v.date,
    v.summary,
    v.lines.map((l) => [
      l.summary,
      l.accountCode,
      l.accountName,
      moneyString(l.debit),
      moneyString(l.credit),
      l.counterparty?.id ?? null,
      l.counterparty?.name ?? null,
      l.project?.id ?? null,
      l.movementKind,
      l.source.type,
      l.source.id,
    ]),
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

/** ce:9 before ce:10: keys compared with their numbers as numbers. */
const byKey = new Intl.Collator('en', { numeric: true });

export const groupKeyOf = (m: Movement, rule: VoucherRuleSpec): string =>
  rule.grouping === 'BATCH' ? `${m.kind}:${m.batchKey}` : `${m.kind}:${m.key}`;

/**
 * One voucher per group. Movements of amount 0 give nothing. Lines: for each movement (in date, key order) its
 * debit line then its credit line. The voucher's summary is its first movement's, with 等N人 when a batch names
 * several partners.
 */
export function generateVouchers(
  movements: readonly Movement[],
  rules: Readonly<Record<TVoucherMovementKind, VoucherRuleSpec>>,
): DraftVoucher[] {
  const groups = new Map<string, Movement[]>();
  const sorted = movements
    .filter((m) => !dec(m.amount).isZero())
    .slice()
    .sort((a, b) => (a.date === b.date ? byKey.compare(a.key, b.key) : a.date < b.date ? -1 : 1));
  for (const m of sorted) {
    const key = groupKeyOf(m, rules[m.kind]);
    const g = groups.get(key);
    if (g) g.push(m);
    else groups.set(key, [m]);
  }
  const out: DraftVoucher[] = [];
  for (const [groupKey, ms] of groups) {
    const first = ms[0]!;
    const rule = rules[first.kind];
    const lines = ms.flatMap((m) => {
      const summary = renderSummary(rule.summaryTemplate, m);
      return [line(m, rule.debit, 'debit', summary), line(m, rule.credit, 'credit', summary)];
    });
    const partners = new Set(ms.map((m) => m.counterparty.name));
    const partnerText = partners.size > 1 ? `${first.counterparty.name}等${partners.size}人` : first.counterparty.name;
    const draft = {
      groupKey,
      kind: first.kind,
      word: rule.word,
      date: ms.reduce((d, m) => (m.date > d ? m.date : d), first.date),
      summary: renderSummary(rule.summaryTemplate, first, partnerText),
      lines,
    };
    out.push({ ...draft, fingerprint: fingerprintOf(draft) });
  }
  return out;
}

export interface Totals {
  debit: Dec;
  credit: Dec;
  balanced: boolean;
}

export function totalsOf(lines: readonly Pick<DraftLine, 'debit' | 'credit'>[]): Totals {
  const debit = lines.reduce((s, l) => s.plus(l.debit), dec(0));
  const credit = lines.reduce((s, l) => s.plus(l.credit), dec(0));
  return { debit, credit, balanced: debit.equals(credit) };
}

/** A reversal (红字冲销): the same lines, every amount negated. Nets the reversed voucher to zero. */
export function reversalLines<L extends Pick<DraftLine, 'debit' | 'credit' | 'amount'>>(lines: readonly L[]): L[] {
  return lines.map((l) => ({
    ...l,
    debit: dec(l.debit).negated(),
    credit: dec(l.credit).negated(),
    amount: dec(l.amount).negated(),
  }));
}

/** Σ per movement kind of what vouchers carry: each movement counted once (its debit line). */
export function amountsByKind(
  lines: readonly Pick<DraftLine, 'movementKind' | 'amount' | 'debit'>[],
): Map<TVoucherMovementKind, Dec> {
  const out = new Map<TVoucherMovementKind, Dec>();
  for (const l of lines) {
    if (dec(l.debit).isZero()) continue;
    out.set(l.movementKind, (out.get(l.movementKind) ?? dec(0)).plus(l.amount));
  }
  return out;
}
