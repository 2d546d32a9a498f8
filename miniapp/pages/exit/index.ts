/**
 * 退出结算单 (the action card of the exit payout notice): per holding what the exit price is made of — 实缴本金,
 * 资金利息, 已分配利润, 净资产, 折价, 尚欠资金利息 — the price, the total, and the payout (amount, date, the account
 * masked). Only the partner's own exit (GET /api/me/exits/:exitId).
 */
import type { TMyExitStatement } from '../../../shared/api/exits';
import { readParams } from '../../../shared/deeplinks';
import { dec, formatRatio, moneyString } from '../../../shared/money';
import { api } from '../../services/api';
import { date, emptyState, failedState, LOADING, READY, type ViewState } from '../../services/view';

interface Row {
  key: string;
  label: string;
  value: string;
  signed: boolean;
}
interface HoldingView {
  key: string;
  levelLabel: string;
  rows: Row[];
  price: string;
}

interface ExitData extends ViewState {
  exitId: number;
  projectName: string;
  exitTypeLabel: string;
  exitStatus: string;
  statusLabel: string;
  exitDateText: string;
  ruleSummary: string;
  transferText: string;
  holdings: HoldingView[];
  total: string;
  paid: boolean;
  payoutAmount: string;
  payoutDateText: string;
  payoutAccount: string;
  payoutNote: string;
}

const NEXT = '请从钉钉工作通知重新打开；如有疑问，请联系项目经营会计。';
const nonZero = (v: string) => !dec(v).isZero();

/** The lines of one holding: always the principal; the other parts only where the rule or the figures have them. */
function rowsOf(h: TMyExitStatement['holdings'][number]): Row[] {
  const rows: Row[] = [{ key: 'p', label: '实缴本金', value: h.principal, signed: false }];
  if (nonZero(h.interest)) rows.push({ key: 'i', label: '资金利息', value: h.interest, signed: true });
  if (nonZero(h.profitReceived))
    rows.push({
      key: 'r',
      label: h.profitDeducted ? '扣除已分配利润' : '已分配利润（不扣除）',
      value: h.profitDeducted ? moneyString(dec(h.profitReceived).negated()) : h.profitReceived,
      signed: h.profitDeducted,
    });
  if (h.nav !== null) rows.push({ key: 'n', label: '净资产', value: h.nav, signed: false });
  if (nonZero(h.navAdjustment)) rows.push({ key: 'na', label: '按净资产孰低', value: h.navAdjustment, signed: true });
  if (nonZero(h.discount))
    rows.push({ key: 'd', label: `折价（${formatRatio(h.discountRate, 2)}）`, value: h.discount, signed: true });
  if (nonZero(h.interestOwed)) rows.push({ key: 'o', label: '扣除尚欠资金利息', value: h.interestOwed, signed: true });
  return rows;
}

Page({
  data: {
    ...LOADING,
    exitId: 0,
    projectName: '',
    exitTypeLabel: '',
    exitStatus: '',
    statusLabel: '',
    exitDateText: '',
    ruleSummary: '',
    transferText: '',
    holdings: [],
    total: '0.00',
    paid: false,
    payoutAmount: '0.00',
    payoutDateText: '',
    payoutAccount: '',
    payoutNote: '',
  } as ExitData,

  onLoad(query: PageQuery) {
    const params = readParams('exit', query);
    if (!params) {
      this.setData(emptyState('链接无效', '缺少退出编号，请从退出结算通知重新进入。'));
      return;
    }
    this.setData({ exitId: params.exitId });
    this.load();
  },

  onPullDownRefresh() {
    this.load().then(() => dd.stopPullDownRefresh());
  },

  async load(): Promise<void> {
    try {
      const d = await api.exitStatement(this.data.exitId);
      const done = d.status === 'COMPLETED' || d.status === 'PAID';
      this.setData({
        ...READY,
        projectName: d.project.name,
        exitTypeLabel: d.exitType.label,
        exitStatus: d.status === 'PAID' ? 'PAID' : d.status === 'REJECTED' ? 'REJECTED' : 'PENDING',
        statusLabel: d.statusLabel,
        exitDateText: date(d.exitDate),
        ruleSummary: d.ruleSummary,
        transferText: done
          ? `您在本项目的跟投份额已于 ${date(d.exitDate)} 由平台公司承接。`
          : '退出流程办理中：审批通过后，您的跟投份额由平台公司承接。',
        holdings: d.holdings.map((h) => ({ key: h.level, levelLabel: h.levelLabel, rows: rowsOf(h), price: h.price })),
        total: d.total,
        paid: d.payout !== null,
        payoutAmount: d.payout?.amount ?? '0.00',
        payoutDateText: d.payout ? date(d.payout.paidOn) : '',
        payoutAccount: d.payout?.accountMasked ?? '',
        payoutNote: d.payout?.note ?? '',
      });
    } catch (err) {
      this.setData(failedState(err, '暂无退出结算单', NEXT));
    }
  },

  reload() {
    this.setData(LOADING);
    this.load();
  },
});
