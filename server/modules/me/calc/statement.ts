/**
 * The partner's statement from their ledger entries, paid distribution lines and exit payouts (pure, decimal.js).
 *
 * Reversals: an entry and the REVERSAL that cancels it are both left out (as the ledger's tranches do). Cash flows
 * for XIRR and MOIC are seen from the partner: payments negative; refunds, distributions' 实发 and exit payouts
 * positive; what is still paid in (实缴余额) counts at cost on the statement's day — so a project still running shows
 * the return so far, not a forecast.
 */
import {
  dec,
  decimalString,
  formatDecimal,
  formatMoney,
  moneyString,
  sumMoney,
  type Dec,
} from '../../../../shared/money';
import { moic, xirr, type CashFlow } from '../../../../shared/xirr';
import {
  STATEMENT_EVENT_LABEL,
  type TStatementEvent,
  type TStatementFigures,
  type TStatementFlowBar,
  type TStatementProject,
} from '../../../../shared/api/statement';

export interface StatementEntry {
  id: number;
  projectId: number;
  kind: string;
  committedDelta: string;
  paidDelta: string;
  valueDate: string;
  reversalOfId: number | null;
  /** the kind of the due this payment settled (TOPUP marks a 补缴) */
  dueKind: string | null;
}

export interface StatementLine {
  projectId: number;
  batchName: string;
  paidOn: string;
  principal: string;
  interest: string;
  other: string;
  profit: string;
  tax: string;
  payout: string;
}

export interface StatementExit {
  projectId: number;
  payoutOn: string;
  amount: string;
}

interface Parts {
  entries: StatementEntry[];
  lines: StatementLine[];
  exits: StatementExit[];
}

const zero = () => dec(0);
const ratio = (v: Dec | null, places: number) => (v === null ? null : formatDecimal(v, places));

/** Entries that count: neither reversed nor a reversal. */
export function effectiveEntries(entries: StatementEntry[]): StatementEntry[] {
  const reversed = new Set(entries.filter((e) => e.reversalOfId !== null).map((e) => e.reversalOfId));
  return entries.filter((e) => e.reversalOfId === null && !reversed.has(e.id));
}

export function statementFigures({ entries, lines, exits }: Parts, asOf: string): TStatementFigures {
  const live = effectiveEntries(entries);
  const sumOf = (list: StatementEntry[], f: 'committedDelta' | 'paidDelta') => sumMoney(list.map((e) => e[f]));
  const payments = live.filter((e) => e.kind === 'PAYMENT');
  const refunds = sumOf(
    live.filter((e) => e.kind === 'REFUND'),
    'paidDelta',
  ).neg();
  const paidIn = sumOf(payments, 'paidDelta');
  const paidBalance = sumOf(live, 'paidDelta');
  const netReceived = sumMoney(lines.map((l) => l.payout));
  const exitPayout = sumMoney(exits.map((x) => x.amount));
  const received = refunds.plus(netReceived).plus(exitPayout);
  const flows: CashFlow[] = [
    ...payments.map((e) => ({ when: e.valueDate, amount: decimalString(dec(e.paidDelta).neg()) })),
    ...live
      .filter((e) => e.kind === 'REFUND')
      .map((e) => ({ when: e.valueDate, amount: decimalString(dec(e.paidDelta).neg()) })),
    ...lines.map((l) => ({ when: l.paidOn, amount: l.payout })),
    ...exits.map((x) => ({ when: x.payoutOn, amount: x.amount })),
    ...(paidBalance.greaterThan(0) ? [{ when: asOf, amount: decimalString(paidBalance) }] : []),
  ];
  return {
    committed: moneyString(sumOf(live, 'committedDelta')),
    paidIn: moneyString(paidIn),
    topUps: moneyString(
      sumOf(
        payments.filter((e) => e.dueKind === 'TOPUP'),
        'paidDelta',
      ),
    ),
    refunds: moneyString(refunds),
    principalReturned: moneyString(
      sumOf(
        live.filter((e) => e.kind === 'PRINCIPAL_RETURN'),
        'paidDelta',
      ).neg(),
    ),
    paidBalance: moneyString(paidBalance),
    interest: moneyString(sumMoney(lines.map((l) => l.interest))),
    other: moneyString(sumMoney(lines.map((l) => l.other))),
    profit: moneyString(sumMoney(lines.map((l) => l.profit))),
    tax: moneyString(sumMoney(lines.map((l) => l.tax))),
    netReceived: moneyString(netReceived),
    exitPayout: moneyString(exitPayout),
    received: moneyString(received),
    moic: ratio(moic(paidIn, received.plus(paidBalance.greaterThan(0) ? paidBalance : zero())), 2),
    xirr: ratio(xirr(flows), 4),
  };
}

/** What happened, oldest first: ledger movements, distributions paid, exit payouts. */
export function statementEvents({ entries, lines, exits }: Parts): TStatementEvent[] {
  const events: TStatementEvent[] = [];
  const ev = (date: string, kind: TStatementEvent['kind'], amount: Dec, note = '') =>
    events.push({ date, kind, label: STATEMENT_EVENT_LABEL[kind], amount: moneyString(amount), note });
  for (const e of effectiveEntries(entries)) {
    const paid = dec(e.paidDelta);
    const committed = dec(e.committedDelta);
    if (e.kind === 'COMMITMENT' || e.kind === 'COMMITMENT_CHANGE')
      ev(
        e.valueDate,
        'COMMITMENT',
        committed,
        e.kind === 'COMMITMENT' ? '认缴' : committed.isNegative() ? '认缴调减' : '认缴调增',
      );
    else if (e.kind === 'PAYMENT') ev(e.valueDate, e.dueKind === 'TOPUP' ? 'TOP_UP' : 'PAYMENT', paid.neg());
    else if (e.kind === 'REFUND') ev(e.valueDate, 'REFUND', paid.neg());
    else if (e.kind === 'PRINCIPAL_RETURN') ev(e.valueDate, 'PRINCIPAL_RETURN', paid, '实缴余额减少，本金随分配实发');
    else if (e.kind === 'TRANSFER_OUT') ev(e.valueDate, 'TRANSFER_OUT', paid, '份额由平台公司承接');
  }
  for (const l of lines) {
    const parts = [
      dec(l.principal).isZero() ? '' : `本金 ${formatMoney(l.principal)}`,
      dec(l.interest).isZero() ? '' : `资金利息 ${formatMoney(l.interest)}`,
      dec(l.other).isZero() ? '' : `其它 ${formatMoney(l.other)}`,
      dec(l.profit).isZero() ? '' : `利润 ${formatMoney(l.profit)}，代扣税 ${formatMoney(l.tax)}`,
    ].filter(Boolean);
    ev(l.paidOn, 'DISTRIBUTION', dec(l.payout), `${l.batchName}：${parts.join('，')}`);
  }
  for (const x of exits) ev(x.payoutOn, 'EXIT_PAYOUT', dec(x.amount));
  return events.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/** The project's figures, tranches and events (its agreements are added by my-statement.ts). */
export function statementProject(
  project: { projectId: number; projectName: string; companyName: string },
  parts: Parts,
  asOf: string,
): Omit<TStatementProject, 'agreement'> {
  return {
    ...project,
    figures: statementFigures(parts, asOf),
    tranches: effectiveEntries(parts.entries)
      .filter((e) => e.kind === 'PAYMENT')
      .map((e) => ({ date: e.valueDate, amount: moneyString(e.paidDelta), topUp: e.dueKind === 'TOPUP' })),
    events: statementEvents(parts),
  };
}

/** Money in (payments) and out (refunds, 实发, exit payouts) per year, for the chart. */
export function statementFlowBars(events: TStatementEvent[]): TStatementFlowBar[] {
  const by = new Map<string, { in: Dec; out: Dec }>();
  for (const e of events) {
    if (e.kind === 'COMMITMENT' || e.kind === 'TRANSFER_OUT' || e.kind === 'PRINCIPAL_RETURN') continue;
    const period = e.date.slice(0, 4);
    const bar = by.get(period) ?? { in: zero(), out: zero() };
    const a = dec(e.amount);
    if (a.isNegative()) bar.in = bar.in.plus(a.neg());
    else bar.out = bar.out.plus(a);
    by.set(period, bar);
  }
  return [...by.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([period, b]) => ({ period, in: moneyString(b.in), out: moneyString(b.out) }));
}
