/** 项目详情: the scheme, my subscription, my payments and distributions, my agreements (待签署 / 已签署). */
import { AGREEMENT_STATE_LABEL, ROUND_STATUS_LABEL } from '../../../shared/api/labels';
import { pageUrlFor, readParams } from '../../../shared/deeplinks';
import { dec, formatMoney, moneyString, sumMoney } from '../../../shared/money';
import { api } from '../../services/api';
import type { THoldingMark } from '../../../shared/api/labels';
import type { TMyDistributionRow, TMyPaymentRow, TMyProject } from '../../../shared/api/me';
import {
  date,
  dateTime,
  emptyState,
  failedState,
  formatRatioText,
  idOf,
  LOADING,
  READY,
  type ViewState,
} from '../../services/view';

interface ProjectData extends ViewState {
  projectId: number;
  projectName: string;
  companyName: string;
  acquiredText: string;
  batchName: string;
  marks: THoldingMark[];
  /** `statusText`: the latest round's state (认购中, 审核中, 已立项 …). */
  scheme: { peakCapital: string | null; capTotal: string | null; ratioText: string; statusText: string } | null;
  subscription: (NonNullable<TMyProject['subscription']> & { deadlineText: string; scaledNote: string }) | null;
  payments: Array<TMyPaymentRow & { dueDateText: string }>;
  distributions: Array<TMyDistributionRow & { dateText: string }>;
  /** 已分配: what has been paid out to me in this project (lines after 发放登记) */
  distributed: string;
  /** 投资记录 is offered once something is on the ledger: a confirmed commitment or an amount due. */
  historyAvailable: boolean;
  /** '' before any agreement was generated for me; else PENDING / SIGNED */
  agreementState: string;
  agreementLabel: string;
  agreementNote: string;
  /** my exit from the project (退出结算单), once its flow has started */
  exitId: number | null;
}

Page({
  data: {
    ...LOADING,
    projectId: 0,
    projectName: '',
    companyName: '',
    acquiredText: '',
    batchName: '',
    marks: [],
    scheme: null,
    subscription: null,
    payments: [],
    distributions: [],
    distributed: '0.00',
    historyAvailable: false,
    agreementState: '',
    agreementLabel: '',
    agreementNote: '',
    exitId: null,
  } as ProjectData,

  onLoad(query: PageQuery) {
    const params = readParams('project', query);
    if (!params) {
      this.setData(emptyState('链接无效', '缺少项目编号，请从通知或首页重新进入。'));
      return;
    }
    this.setData({ projectId: params.projectId });
    this.load();
  },

  onPullDownRefresh() {
    this.load().then(() => dd.stopPullDownRefresh());
  },

  async load(): Promise<void> {
    try {
      const res = await api.project(this.data.projectId);
      dd.setNavigationBar({ title: res.project.name });
      this.setData({
        ...READY,
        projectName: res.project.name,
        companyName: res.project.companyName,
        acquiredText: date(res.project.acquiredOn),
        batchName: res.project.batchName ?? '—',
        marks: res.marks,
        scheme: res.scheme
          ? {
              peakCapital: res.scheme.peakCapital,
              capTotal: res.scheme.capTotal,
              ratioText: formatRatioText(res.scheme.coInvestRatio),
              statusText: res.scheme.status ? ROUND_STATUS_LABEL[res.scheme.status] : '',
            }
          : null,
        subscription: res.subscription
          ? {
              ...res.subscription,
              deadlineText: dateTime(res.subscription.deadline),
              scaledNote: scaledNote(res.subscription.amount, res.subscription.confirmedAmount),
            }
          : null,
        payments: res.payments.map((p) => ({ ...p, dueDateText: date(p.dueDate) })),
        distributions: res.distributions.map((d) => ({ ...d, dateText: date(d.date) })),
        distributed: moneyString(sumMoney(res.distributions.filter((d) => d.status === 'PAID').map((d) => d.amount))),
        historyAvailable: !!res.subscription.confirmedAmount || res.payments.length > 0,
        agreementState: res.agreement && res.agreement.state !== 'NONE' ? res.agreement.state : '',
        agreementLabel: res.agreement ? AGREEMENT_STATE_LABEL[res.agreement.state] : '',
        agreementNote:
          res.agreement && res.agreement.pending
            ? `${res.agreement.pending} 份协议待签署，点击查看并签署`
            : '查看合伙协议与补充协议',
        exitId: res.exitId,
      });
    } catch (err) {
      this.setData(failedState(err, '暂无项目信息'));
    }
  },

  reload() {
    this.setData(LOADING);
    this.load();
  },

  openSubscribe() {
    dd.navigateTo({ url: pageUrlFor('subscribe', { projectId: this.data.projectId }) });
  },

  openPayment(e: DatasetEvent) {
    dd.navigateTo({ url: pageUrlFor('payment', { noticeId: idOf(e) }) });
  },

  openDistribution(e: DatasetEvent) {
    dd.navigateTo({ url: pageUrlFor('distribution', { lineId: idOf(e) }) });
  },

  openAgreement() {
    dd.navigateTo({ url: pageUrlFor('agreement', { projectId: this.data.projectId }) });
  },

  openHistory() {
    dd.navigateTo({ url: pageUrlFor('history', { projectId: this.data.projectId }) });
  },

  openExit() {
    if (this.data.exitId) dd.navigateTo({ url: pageUrlFor('exit', { exitId: this.data.exitId }) });
  },
});

/**
 * Why the confirmed amount is lower than what the partner subscribed: the plan was oversubscribed and 测算 scaled
 * every subscription down in proportion. '' when nothing was cut.
 */
export function scaledNote(amount: string | null, confirmed: string | null): string {
  if (!amount || !confirmed || !dec(confirmed).lessThan(dec(amount))) return '';
  return `按比例分配：认购 ${formatMoney(amount)}，确认 ${formatMoney(confirmed)}（方案超额认购按比例缩减）`;
}
