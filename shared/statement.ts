/**
 * How a statement's figures are listed — the same labels and order in the mini-program and the PDF. Pure (the
 * mini-program imports it): amounts through shared/money.ts.
 */
import { formatMoney, formatPercent } from './money';

export interface StatementFigureValues {
  committed: string;
  paidIn: string;
  topUps: string;
  refunds: string;
  principalReturned: string;
  paidBalance: string;
  interest: string;
  profit: string;
  tax: string;
  netReceived: string;
  exitPayout: string;
  received: string;
  moic: string | null;
  xirr: string | null;
}

/** MOIC as "1.07x", XIRR as "8.31%", "—" where there is none. */
export const formatMoic = (v: string | null): string => (v === null ? '—' : `${v}x`);
export const formatXirr = (v: string | null): string => (v === null ? '—' : formatPercent(v, 2));

export function statementFigureRows(f: StatementFigureValues): Array<{ key: string; label: string; value: string }> {
  return [
    { key: 'committed', label: '认缴金额', value: formatMoney(f.committed) },
    { key: 'paidIn', label: '累计缴款', value: formatMoney(f.paidIn) },
    { key: 'topUps', label: '其中补缴', value: formatMoney(f.topUps) },
    { key: 'refunds', label: '退款', value: formatMoney(f.refunds) },
    { key: 'principalReturned', label: '已返还本金', value: formatMoney(f.principalReturned) },
    { key: 'paidBalance', label: '实缴余额', value: formatMoney(f.paidBalance) },
    { key: 'interest', label: '资金利息', value: formatMoney(f.interest) },
    { key: 'profit', label: '利润（税前）', value: formatMoney(f.profit) },
    { key: 'tax', label: '代扣个人所得税', value: formatMoney(f.tax) },
    { key: 'netReceived', label: '分配实发', value: formatMoney(f.netReceived) },
    { key: 'exitPayout', label: '退出打款', value: formatMoney(f.exitPayout) },
    { key: 'received', label: '已收回合计', value: formatMoney(f.received) },
    { key: 'moic', label: 'MOIC', value: formatMoic(f.moic) },
    { key: 'xirr', label: 'XIRR（年化）', value: formatXirr(f.xirr) },
  ];
}

/** One line per agreement document, as the mini-program and the PDF list them: 合伙协议 XY-… · 已签署 2026-12-01. */
export function statementAgreementLines(a: {
  stateLabel: string;
  documents: Array<{ title: string; number: string; version: number; statusLabel: string; signedOn: string | null }>;
}): Array<{ key: string; label: string; value: string }> {
  if (!a.documents.length) return [{ key: 'none', label: '合伙协议', value: a.stateLabel }];
  return a.documents.map((d) => ({
    key: `${d.number}-${d.version}`,
    label: `${d.title} ${d.number}${d.version > 1 ? `（第${d.version}版）` : ''}`,
    value: d.signedOn ? `${d.statusLabel} ${d.signedOn}` : d.statusLabel,
  }));
}
