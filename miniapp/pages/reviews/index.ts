/** 审批: the queue of pending items (方案审核 now; 分配, 退出 … reuse it). The business admin decides them. */
import { pageUrlFor } from '../../../shared/deeplinks';
import { api } from '../../services/api';
import { currentUser, ensureSession, isReviewer } from '../../services/auth';
import type { TReviewRow } from '../../../shared/api/reviews';
import { dateTime, emptyState, failedState, idOf, LOADING, READY, type ViewState } from '../../services/view';

interface ReviewsData extends ViewState {
  items: Array<TReviewRow & { submittedText: string }>;
  /** All pending items (the list shows the newest page of them). */
  total: number;
}

Page({
  data: { ...LOADING, items: [], total: 0 } as ReviewsData,

  onShow() {
    // every time the tab shows: an item approved on the detail page must leave the queue
    this.load();
  },

  onPullDownRefresh() {
    this.load().then(() => dd.stopPullDownRefresh());
  },

  async load(): Promise<void> {
    try {
      await ensureSession();
      if (!isReviewer(currentUser())) {
        this.setData({
          ...emptyState('暂无审批事项', '审批由业务管理员和经营会计处理；您的待办通知在首页。'),
          items: [],
          total: 0,
        });
        return;
      }
      const res = await api.pendingReviews();
      const items = res.items.map((r) => ({ ...r, submittedText: dateTime(r.submittedAt) }));
      this.setData(
        items.length
          ? { ...READY, items, total: res.total }
          : { ...emptyState('没有待审批的事项', '新的送审事项会通过钉钉待办通知您。'), items, total: 0 },
      );
    } catch (err) {
      this.setData(failedState(err, '暂无审批事项'));
    }
  },

  reload() {
    this.setData(LOADING);
    this.load();
  },

  openReview(e: DatasetEvent) {
    dd.navigateTo({ url: pageUrlFor('review', { reviewId: idOf(e) }) });
  },
});
