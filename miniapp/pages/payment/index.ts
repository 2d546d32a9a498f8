/**
 * 缴款通知: what is due and still outstanding, by when, where to pay, the status; "我已打款" uploads a photo
 * of the bank receipt (the accountant's confirmation is what counts as paid).
 */
import { readParams } from '../../../shared/deeplinks';
import { api } from '../../services/api';
import { markPaidWithReceipt } from '../../services/receipts';
import type { TPaymentStatus } from '../../../shared/api/labels';
import type { TBankAccount } from '../../../shared/api/me';
import { date, dateTime, emptyState, failedState, LOADING, READY, type ViewState } from '../../services/view';

interface PaymentData extends ViewState {
  noticeId: number;
  projectName: string;
  title: string;
  dueAmount: string;
  paidAmount: string;
  outstanding: string;
  dueDateText: string;
  paymentStatus: TPaymentStatus | '';
  /** Null while the accountant has not entered the collection account. */
  payee: TBankAccount | null;
  markedPaidText: string;
  receiptCount: number;
  /** Whether "我已打款" is offered. */
  canMarkPaid: boolean;
  submitting: boolean;
}

Page({
  data: {
    ...LOADING,
    noticeId: 0,
    projectName: '',
    title: '',
    dueAmount: '0.00',
    paidAmount: '0.00',
    outstanding: '0.00',
    dueDateText: '',
    paymentStatus: '',
    payee: null,
    markedPaidText: '',
    receiptCount: 0,
    canMarkPaid: false,
    submitting: false,
  } as PaymentData,

  onLoad(query: PageQuery) {
    const params = readParams('payment', query);
    if (!params) {
      this.setData(emptyState('链接无效', '缺少缴款通知编号，请从缴款通知重新进入。'));
      return;
    }
    this.setData({ noticeId: params.noticeId });
    this.load();
  },

  onPullDownRefresh() {
    this.load().then(() => dd.stopPullDownRefresh());
  },

  async load(): Promise<void> {
    try {
      const n = await api.paymentNotice(this.data.noticeId);
      this.setData({
        ...READY,
        projectName: n.projectName,
        title: n.title,
        dueAmount: n.dueAmount,
        paidAmount: n.paidAmount,
        outstanding: n.outstanding,
        dueDateText: date(n.dueDate),
        paymentStatus: n.status,
        payee: n.payee.accountNo ? n.payee : null,
        markedPaidText: n.markedPaidAt ? dateTime(n.markedPaidAt) : '',
        receiptCount: n.receipts.length,
        canMarkPaid: n.status !== 'PAID' && n.status !== 'FORFEITED',
      });
    } catch (err) {
      this.setData(failedState(err, '暂无缴款通知'));
    }
  },

  reload() {
    this.setData(LOADING);
    this.load();
  },

  markPaid(): Promise<void> {
    return markPaidWithReceipt(this, this.data.noticeId);
  },
});
