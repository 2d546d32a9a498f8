/**
 * 补缴/退款通知 (the action card of the notice sent when a peak change takes effect): a 补缴 shows what the new
 * commitment adds, why (资金峰值 X → Y), what is still due, by when and where to pay, with 我已打款 (the same
 * receipt upload as the 缴款通知); a 退款 shows the amount, the account it goes to and how far it has been paid
 * back (待退款 / 部分退款 / 已退款, with the dates).
 */
import { DUE_KIND_LABEL, LEVEL_LABEL } from '../../../shared/api/labels';
import type { TMyChangeDue } from '../../../shared/api/scheme-change';
import type { TBankAccount } from '../../../shared/api/me';
import { pageUrlFor, readParams } from '../../../shared/deeplinks';
import { dec, formatMoney } from '../../../shared/money';
import { api } from '../../services/api';
import { dueStatusText } from '../../services/capital';
import { markPaidWithReceipt } from '../../services/receipts';
import { date, dateTime, emptyState, failedState, LOADING, READY, type ViewState } from '../../services/view';

interface ChangeNoticeData extends ViewState {
  dueId: number;
  projectId: number;
  kind: 'TOPUP' | 'REFUND' | '';
  /** 补缴通知 / 退款通知 */
  title: string;
  projectName: string;
  levelText: string;
  oldCommitted: string;
  newCommitted: string;
  /** Signed: +¥… or -¥… */
  deltaText: string;
  paid: string;
  amountDue: string;
  paidAmount: string;
  outstanding: string;
  dueDateText: string;
  dueStatus: string;
  statusText: string;
  /** 资金峰值由 ¥… 调整为 ¥…（第 n 次立项调整） */
  reasonText: string;
  reasonNote: string;
  /** TOPUP: the collection account; REFUND: the partner's account (null: see accountMissing). */
  account: TBankAccount | null;
  accountMissing: string;
  /** Confirmed payments (补缴) or payouts (退款), with their dates. */
  records: Array<{ key: string; dateText: string; amount: string }>;
  markedPaidText: string;
  receiptCount: number;
  canMarkPaid: boolean;
  submitting: boolean;
}

const NEXT = '请从钉钉工作通知或项目的投资记录重新打开；如有疑问，请联系项目经营会计。';

function signed(v: string): string {
  return dec(v).isPositive() && !dec(v).isZero() ? `+${formatMoney(v)}` : formatMoney(v);
}

function viewOf(d: TMyChangeDue): Partial<ChangeNoticeData> {
  const refund = d.kind === 'REFUND';
  const hasAccount = !!d.account.account;
  return {
    projectId: d.project.id,
    kind: d.kind,
    title: `${DUE_KIND_LABEL[d.kind]}通知`,
    projectName: d.project.name,
    levelText: LEVEL_LABEL[d.level],
    oldCommitted: d.oldCommitted,
    newCommitted: d.newCommitted,
    deltaText: signed(dec(d.newCommitted).minus(dec(d.oldCommitted)).toString()),
    paid: d.paid,
    amountDue: d.amountDue,
    paidAmount: d.paidAmount,
    outstanding: d.outstanding,
    dueDateText: date(d.dueDate),
    dueStatus: d.status,
    statusText: dueStatusText(d.kind, d.status),
    reasonText: `资金峰值由 ${formatMoney(d.change.oldPeakCapital)} 调整为 ${formatMoney(d.change.peakCapital)}（第 ${d.change.seq} 次立项调整）`,
    reasonNote: d.change.reason ?? '',
    account: hasAccount
      ? { accountName: d.account.name ?? '', bankName: d.account.bank ?? '', accountNo: d.account.account ?? '' }
      : null,
    accountMissing: refund
      ? '您尚未登记分配账户：退款将退回您缴款时的付款账户，经营会计会与您核对。'
      : '收款账户尚未公布，请联系项目经营会计。',
    records: d.records.map((r, i) => ({ key: String(i), dateText: date(r.paidOn), amount: r.amount })),
    markedPaidText: d.markedPaidAt ? dateTime(d.markedPaidAt) : '',
    receiptCount: d.receipts.length,
    canMarkPaid: !refund && d.status !== 'PAID',
  };
}

Page({
  data: {
    ...LOADING,
    dueId: 0,
    projectId: 0,
    kind: '',
    title: '',
    projectName: '',
    levelText: '',
    oldCommitted: '0.00',
    newCommitted: '0.00',
    deltaText: '',
    paid: '0.00',
    amountDue: '0.00',
    paidAmount: '0.00',
    outstanding: '0.00',
    dueDateText: '',
    dueStatus: '',
    statusText: '',
    reasonText: '',
    reasonNote: '',
    account: null,
    accountMissing: '',
    records: [],
    markedPaidText: '',
    receiptCount: 0,
    canMarkPaid: false,
    submitting: false,
  } as ChangeNoticeData,

  onLoad(query: PageQuery) {
    const params = readParams('change-notice', query);
    if (!params) {
      this.setData(emptyState('链接无效', '缺少补缴/退款通知编号，请从钉钉工作通知重新进入。'));
      return;
    }
    this.setData({ dueId: params.dueId });
    this.load();
  },

  onPullDownRefresh() {
    this.load().then(() => dd.stopPullDownRefresh());
  },

  async load(): Promise<void> {
    try {
      const d = await api.changeDue(this.data.dueId);
      dd.setNavigationBar({ title: `${DUE_KIND_LABEL[d.kind]}通知` });
      this.setData({ ...READY, ...viewOf(d) });
    } catch (err) {
      this.setData(failedState(err, '暂无补缴/退款通知', NEXT));
    }
  },

  reload() {
    this.setData(LOADING);
    this.load();
  },

  markPaid(): Promise<void> {
    return markPaidWithReceipt(this, this.data.dueId);
  },

  openHistory() {
    dd.navigateTo({ url: pageUrlFor('history', { projectId: this.data.projectId }) });
  },
});
