/** 分配通知: my line of a distribution batch — principal, capital interest, other, profit, tax, total — and where it is paid. */
import { pageUrlFor, readParams } from '../../../shared/deeplinks';
import { api } from '../../services/api';
import type { TBankAccount } from '../../../shared/api/me';
import { date, emptyState, failedState, LOADING, READY, type ViewState } from '../../services/view';

interface DistributionData extends ViewState {
  lineId: number;
  projectName: string;
  batchName: string;
  dateText: string;
  principal: string | null;
  interest: string | null;
  other: string | null;
  profit: string | null;
  tax: string | null;
  total: string;
  account: TBankAccount | null;
  lineStatus: string;
}

Page({
  data: {
    ...LOADING,
    lineId: 0,
    projectName: '',
    batchName: '',
    dateText: '',
    principal: null,
    interest: null,
    other: null,
    profit: null,
    tax: null,
    total: '0.00',
    account: null,
    lineStatus: '',
  } as DistributionData,

  onLoad(query: PageQuery) {
    const params = readParams('distribution', query);
    if (!params) {
      this.setData(emptyState('链接无效', '缺少分配编号，请从分配通知重新进入。'));
      return;
    }
    this.setData({ lineId: params.lineId });
    this.load();
  },

  async load(): Promise<void> {
    try {
      const d = await api.distributionLine(this.data.lineId);
      this.setData({
        ...READY,
        projectName: d.projectName,
        batchName: d.batchName,
        dateText: date(d.date),
        principal: d.principal,
        interest: d.interest,
        other: d.other,
        profit: d.profit,
        tax: d.tax,
        total: d.total,
        account: d.account,
        lineStatus: d.status === 'PAID' ? 'DISTRIBUTED' : d.status,
      });
    } catch (err) {
      this.setData(failedState(err, '暂无分配通知'));
    }
  },

  reload() {
    this.setData(LOADING);
    this.load();
  },

  openAccount() {
    dd.navigateTo({ url: pageUrlFor('account', {}) });
  },
});
