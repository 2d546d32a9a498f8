/**
 * 分配通知 (the action card of the distribution notice, or a line of the project page): my line of one batch — 本金 (A),
 * 资金利息 (B, a deduction), 其它 (C), 利润 (税前), 代扣个人所得税, 实发合计 — with the distribution date, when the
 * notice went out and when it was paid, and the account it is paid to (masked; if it is not confirmed, a way to it).
 */
import type { TMyDistributionLine } from '../../../shared/api/distributions';
import { DISTRIBUTION_ACCOUNT_STATUS_LABEL } from '../../../shared/api/labels';
import type { TBankAccount } from '../../../shared/api/me';
import { pageUrlFor, readParams } from '../../../shared/deeplinks';
import { dec, moneyString } from '../../../shared/money';
import { api } from '../../services/api';
import { date, dateTime, emptyState, failedState, LOADING, READY, type ViewState } from '../../services/view';

interface DistributionData extends ViewState {
  lineId: number;
  projectId: number;
  projectName: string;
  batchName: string;
  dateText: string;
  noticeText: string;
  paidText: string;
  principal: string | null;
  interest: string | null;
  other: string | null;
  profit: string | null;
  /** 代扣个人所得税 as a deduction (negative) */
  tax: string | null;
  /** 实发利润 = 利润 − 代扣税, shown when there is tax */
  profitNet: string | null;
  total: string;
  account: TBankAccount | null;
  /** 已确认 / 未确认 / 待审核更正; '' when no account is on file */
  accountStatusText: string;
  /** the status-tag's colour key: CONFIRMED green, the others blue */
  accountTone: string;
  /** the account needs me: none on file, or not confirmed */
  accountAction: string;
  /** the status-tag's key: SCHEDULED 待发放, DISTRIBUTED 已发放 */
  lineStatus: string;
}

const NEXT = '请从钉钉工作通知或项目详情的分配列表重新打开；如有疑问，请联系项目经营会计。';

function viewOf(d: TMyDistributionLine): Partial<DistributionData> {
  const accountAction = !d.account
    ? '尚未登记分配账户，请填写后方可发放'
    : d.accountStatus === 'UNCONFIRMED'
      ? '分配账户尚未确认，请核对并确认'
      : '';
  return {
    projectId: d.projectId,
    projectName: d.projectName,
    batchName: d.batchName,
    dateText: date(d.date),
    noticeText: d.noticeSentAt ? dateTime(d.noticeSentAt) : '',
    paidText: d.paidOn ? date(d.paidOn) : '',
    principal: d.principal,
    interest: d.interest,
    other: d.other,
    profit: d.profit,
    tax: d.tax ? moneyString(dec(d.tax).negated()) : null,
    profitNet: d.profit && d.tax ? moneyString(dec(d.profit).minus(dec(d.tax))) : null,
    total: d.total,
    account: d.account,
    accountStatusText: d.accountStatus ? DISTRIBUTION_ACCOUNT_STATUS_LABEL[d.accountStatus] : '',
    accountTone: d.accountStatus === 'CONFIRMED' ? 'CONFIRMED' : 'PENDING',
    accountAction,
    lineStatus: d.status === 'PAID' ? 'DISTRIBUTED' : 'SCHEDULED',
  };
}

Page({
  data: {
    ...LOADING,
    lineId: 0,
    projectId: 0,
    projectName: '',
    batchName: '',
    dateText: '',
    noticeText: '',
    paidText: '',
    principal: null,
    interest: null,
    other: null,
    profit: null,
    tax: null,
    profitNet: null,
    total: '0.00',
    account: null,
    accountStatusText: '',
    accountTone: '',
    accountAction: '',
    lineStatus: '',
  } as DistributionData,

  onLoad(query: PageQuery) {
    const params = readParams('distribution', query);
    if (!params) {
      this.setData(emptyState('链接无效', '缺少分配编号，请从钉钉工作通知重新进入。'));
      return;
    }
    this.setData({ lineId: params.lineId });
    this.load();
  },

  /** Back from the account page: the account's status may have changed. */
  onShow() {
    if (this.data.status === 'ready') this.load();
  },

  onPullDownRefresh() {
    this.load().then(() => dd.stopPullDownRefresh());
  },

  async load(): Promise<void> {
    try {
      const d = await api.distributionLine(this.data.lineId);
      dd.setNavigationBar({ title: d.batchName });
      this.setData({ ...READY, ...viewOf(d) });
    } catch (err) {
      this.setData(failedState(err, '暂无分配通知', NEXT));
    }
  },

  reload() {
    this.setData(LOADING);
    this.load();
  },

  openAccount() {
    dd.navigateTo({ url: pageUrlFor('account', {}) });
  },

  openProject() {
    dd.navigateTo({ url: pageUrlFor('project', { projectId: this.data.projectId }) });
  },
});
