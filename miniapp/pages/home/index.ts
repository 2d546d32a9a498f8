/** 首页: my projects (invested, paid, due, distributed) and the notices waiting for me to act. */
import { NOTICE_PAGE, pageUrlFor } from '../../../shared/deeplinks';
import { api } from '../../services/api';
import { currentUser } from '../../services/auth';
import { pendingReviewCount } from '../../services/reviews';
import type { TMoneyTotals, TMyProjectRow, TNoticeRow } from '../../../shared/api/me';
import {
  dateTime,
  deadlineInstant,
  countdownText,
  failedState,
  emptyState,
  idOf,
  LOADING,
  READY,
  type ViewState,
} from '../../services/view';

interface NoticeView extends TNoticeRow {
  /** `${kind}-${id}`: ids are only unique within a kind (a round line, a payment due, a review). */
  key: string;
  createdText: string;
  deadlineText: string;
}

interface HomeData extends ViewState {
  userName: string;
  totals: TMoneyTotals;
  projects: TMyProjectRow[];
  notices: NoticeView[];
  /** Users who review (业务管理员, 经营会计) get a 审批 entry with what waits; partners never see one. */
  reviewer: boolean;
  pendingReviews: number;
}

const ZERO: TMoneyTotals = { invested: '0.00', paid: '0.00', due: '0.00', distributed: '0.00' };

Page({
  data: {
    ...LOADING,
    userName: '',
    totals: ZERO,
    projects: [],
    notices: [],
    reviewer: false,
    pendingReviews: 0,
  } as HomeData,

  onLoad() {
    this.load();
  },

  onShow() {
    // coming back from 认购 / 缴款: refresh what is due without flashing the loading state
    if (this.data.status === 'ready') this.load();
  },

  onPullDownRefresh() {
    this.load().then(() => dd.stopPullDownRefresh());
  },

  async load(): Promise<void> {
    try {
      const res = await api.overview();
      const user = currentUser();
      const notices = res.notices.map((n): NoticeView => ({
        ...n,
        key: `${n.kind}-${n.id}`,
        createdText: dateTime(n.createdAt),
        deadlineText: countdownText(deadlineInstant(n.deadline)),
      }));
      const reviews = await pendingReviewCount();
      const state =
        res.projects.length || notices.length || reviews !== null
          ? READY
          : emptyState('暂无跟投项目', '您参与的跟投项目、待认购和待缴款的通知会显示在这里。');
      this.setData({
        ...state,
        userName: user ? user.name : '',
        totals: res.totals,
        projects: res.projects,
        notices,
        reviewer: reviews !== null,
        pendingReviews: reviews ?? 0,
      });
    } catch (err) {
      this.setData(failedState(err, '暂无跟投项目'));
    }
  },

  reload() {
    this.setData(LOADING);
    this.load();
  },

  openReviews() {
    dd.navigateTo({ url: pageUrlFor('reviews', {}) });
  },

  openProject(e: DatasetEvent) {
    dd.navigateTo({ url: pageUrlFor('project', { projectId: idOf(e) }) });
  },

  openNotice(e: DatasetEvent) {
    const key = e.currentTarget.dataset.key ?? e.target.dataset.key;
    const notice = this.data.notices.find((n) => n.key === key);
    if (!notice) return;
    dd.navigateTo({ url: pageUrlFor(NOTICE_PAGE[notice.kind], notice.params) });
  },
});
