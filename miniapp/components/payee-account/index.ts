/**
 * A bank account block: where to pay (缴款 / 补缴: the collection account, copyable) or where a refund goes (the
 * partner's own account, masked). Shared by the 缴款通知 and 补缴/退款通知 pages.
 */
import type { TBankAccount } from '../../../shared/api/me';
import { toastSuccess } from '../../services/ui';

interface PayeeAccountProps {
  /** Null, or an account with an empty number, shows `missing` instead. */
  account: TBankAccount | null;
  title: string;
  /** Below the account (how to pay). */
  hint: string;
  /** What to do while there is no account. */
  missing: string;
  /** Show the number masked (6222 **** **** 1234) and offer no copy: the partner's own account. */
  masked: boolean;
}

const props: PayeeAccountProps = { account: null, title: '收款账户', hint: '', missing: '', masked: false };

Component({
  props,
  methods: {
    copy() {
      const account = this.props.account;
      if (!account || !account.accountNo || this.props.masked) return;
      dd.setClipboard({ text: account.accountNo, success: () => toastSuccess('账号已复制') });
    },
  },
});
