/**
 * 分配账户: the bank account my distributions are paid to (the number always masked). The accountant enters it and asks
 * me to confirm it (the 分配账户确认 work notice opens this page): I confirm it, or — if it is wrong — submit the right
 * one, which waits for the accountant's acceptance while the account on file stays in force. With nothing on file I
 * enter my own (mine, so confirmed at once).
 */
import { api } from '../../services/api';
import type { TMyDistributionAccount } from '../../../shared/api/distributions';
import type { TBankAccount } from '../../../shared/api/me';
import { DISTRIBUTION_ACCOUNT_STATUS_LABEL, type TDistributionAccountStatus } from '../../../shared/api/labels';
import { confirm, once, toastFail, toastSuccess, withLoading } from '../../services/ui';
import { dateTime, failedState, LOADING, READY, type ViewState } from '../../services/view';

type Field = 'accountName' | 'bankName' | 'branchName' | 'accountNo';

interface AccountData extends ViewState {
  account: TBankAccount | null;
  /** '' when no account is on file */
  accountStatus: TDistributionAccountStatus | '';
  statusText: string;
  /** the status-tag's colour key: CONFIRMED green, the others blue */
  statusTone: string;
  confirmedText: string;
  confirmationRequested: boolean;
  /** my correction awaiting the accountant (masked) */
  pending: TBankAccount | null;
  canConfirm: boolean;
  /** the form: entering (no account) or correcting (one on file) */
  editing: boolean;
  form: Record<Field, string>;
  formError: string;
  submitting: boolean;
}

const EMPTY_FORM: Record<Field, string> = { accountName: '', bankName: '', branchName: '', accountNo: '' };
const NEXT = '请稍后重试；如有疑问，请联系项目经营会计。';

function viewOf(res: TMyDistributionAccount): Partial<AccountData> {
  const status = res.account ? (res.status ?? 'UNCONFIRMED') : '';
  return {
    account: res.account,
    accountStatus: status,
    statusText: status ? DISTRIBUTION_ACCOUNT_STATUS_LABEL[status] : '',
    statusTone: status === 'CONFIRMED' ? 'CONFIRMED' : 'PENDING',
    confirmedText: res.confirmedAt ? dateTime(res.confirmedAt) : '',
    confirmationRequested: res.confirmationRequested,
    pending: res.pending,
    canConfirm: status === 'UNCONFIRMED',
    // nothing on file: the form is the page
    editing: !res.account,
  };
}

/** What the page can know for sure before the BFF checks it again: every field but 支行 filled, 8–30 digits. */
function formProblem(form: Record<Field, string>): string {
  if (!form.accountName.trim()) return '请填写户名';
  if (!form.bankName.trim()) return '请填写开户行';
  const digits = form.accountNo.replace(/\s+/g, '');
  if (!digits) return '请填写账号';
  if (!/^\d{8,30}$/.test(digits)) return '账号应为 8–30 位数字';
  return '';
}

Page({
  data: {
    ...LOADING,
    account: null,
    accountStatus: '',
    statusText: '',
    statusTone: '',
    confirmedText: '',
    confirmationRequested: false,
    pending: null,
    canConfirm: false,
    editing: false,
    form: { ...EMPTY_FORM },
    formError: '',
    submitting: false,
  } as AccountData,

  onLoad() {
    this.load();
  },

  onPullDownRefresh() {
    this.load().then(() => dd.stopPullDownRefresh());
  },

  async load(): Promise<void> {
    try {
      this.setData({ ...READY, ...viewOf(await api.distributionAccount()) });
    } catch (err) {
      this.setData(failedState(err, '暂无分配账户', NEXT));
    }
  },

  reload() {
    this.setData(LOADING);
    this.load();
  },

  onNameInput(e: InputEvent) {
    this.setField('accountName', e.detail.value);
  },
  onBankInput(e: InputEvent) {
    this.setField('bankName', e.detail.value);
  },
  onBranchInput(e: InputEvent) {
    this.setField('branchName', e.detail.value);
  },
  onAccountNoInput(e: InputEvent) {
    this.setField('accountNo', e.detail.value);
  },

  setField(field: Field, value: string) {
    this.setData({ form: { ...this.data.form, [field]: value }, formError: '' });
  },

  /** 账户有误: open the correction form (empty: the number on file is never shown in full). */
  startCorrection() {
    this.setData({ editing: true, form: { ...EMPTY_FORM }, formError: '' });
  },

  cancelCorrection() {
    this.setData({ editing: false, form: { ...EMPTY_FORM }, formError: '' });
  },

  async confirmAccount(): Promise<void> {
    const account = this.data.account;
    if (!account || !this.data.canConfirm) return;
    await once('confirm-account', async () => {
      const ok = await confirm({
        title: '确认分配账户',
        content: `${account.accountName}\n${account.bankName}${account.branchName ? ` ${account.branchName}` : ''}\n${account.accountNo}\n确认后分配款将打入此账户。`,
        confirmButtonText: '确认无误',
      });
      if (!ok) return;
      this.setData({ submitting: true });
      try {
        const res = await withLoading('提交中', () => api.confirmDistributionAccount());
        this.setData(viewOf(res));
        toastSuccess('已确认');
      } catch (_err) {
        // the request layer has shown the server's message
      }
      this.setData({ submitting: false });
    });
  },

  async saveAccount(): Promise<void> {
    const form = this.data.form;
    const problem = formProblem(form);
    if (problem) {
      this.setData({ formError: problem });
      toastFail(problem);
      return;
    }
    const correcting = !!this.data.account;
    await once('save-account', async () => {
      if (correcting) {
        const ok = await confirm({
          title: '提交账户更正',
          content: `${form.accountName.trim()}\n${form.bankName.trim()} ${form.branchName.trim()}\n${form.accountNo}\n经营会计审核通过后生效，此前分配款仍打入原账户。`,
          confirmButtonText: '提交',
        });
        if (!ok) return;
      }
      this.setData({ submitting: true });
      try {
        const res = await withLoading('提交中', () =>
          api.saveDistributionAccount({
            accountName: form.accountName.trim(),
            bankName: form.bankName.trim(),
            branchName: form.branchName.trim() || null,
            accountNo: form.accountNo,
          }),
        );
        this.setData({ ...viewOf(res), form: { ...EMPTY_FORM }, formError: '' });
        toastSuccess(correcting ? '已提交更正，待经营会计审核' : '已保存');
      } catch (_err) {
        // the request layer has shown the server's message (e.g. 账号应为 8–30 位数字)
      }
      this.setData({ submitting: false });
    });
  },
});
