/** 分配账户: the bank account my distributions are paid to; I check it and confirm it. */
import { api } from '../../services/api';
import type { TBankAccount } from '../../../shared/api/me';
import { confirm, once, toastSuccess, withLoading } from '../../services/ui';
import { dateTime, emptyState, failedState, LOADING, READY, type ViewState } from '../../services/view';

interface AccountData extends ViewState {
  account: TBankAccount | null;
  confirmedText: string;
  confirmationRequested: boolean;
  submitting: boolean;
}

Page({
  data: {
    ...LOADING,
    account: null,
    confirmedText: '',
    confirmationRequested: false,
    submitting: false,
  } as AccountData,

  onLoad() {
    this.load();
  },

  async load(): Promise<void> {
    try {
      const res = await api.distributionAccount();
      if (!res.account) {
        this.setData(emptyState('尚未登记分配账户', '请联系所在城市公司的经营会计登记您的收款银行账户。'));
        return;
      }
      this.setData({
        ...READY,
        account: res.account,
        confirmedText: res.confirmedAt ? dateTime(res.confirmedAt) : '',
        confirmationRequested: res.confirmationRequested,
      });
    } catch (err) {
      this.setData(failedState(err, '暂无分配账户'));
    }
  },

  reload() {
    this.setData(LOADING);
    this.load();
  },

  async confirmAccount(): Promise<void> {
    const account = this.data.account;
    if (!account) return;
    await once('confirm-account', async () => {
      const ok = await confirm({
        title: '确认分配账户',
        content: `${account.accountName}\n${account.bankName}\n${account.accountNo}\n确认后分配款将打入此账户。`,
        confirmButtonText: '确认无误',
      });
      if (!ok) return;
      this.setData({ submitting: true });
      try {
        await withLoading('提交中', () => api.confirmDistributionAccount());
        toastSuccess('已确认');
        await this.load();
      } catch (_err) {
        // request layer has shown the server's message
      }
      this.setData({ submitting: false });
    });
  },
});
