/** 审批详情: what was submitted, then approve, or reject with a reason. */
import { readParams } from '../../../shared/deeplinks';
import { api } from '../../services/api';
import { currentUser } from '../../services/auth';
import type { TReviewStatus } from '../../../shared/api/labels';
import type { TReviewDetail } from '../../../shared/api/reviews';
import { ApiError } from '../../services/http';
import { confirm, once, toastSuccess, withLoading } from '../../services/ui';
import { dateTime, emptyState, failedState, LOADING, money, READY, type ViewState } from '../../services/view';

/** The BFF takes up to 500; a reason longer than this does not fit a DingTalk message well. */
const REASON_MAX = 200;

interface ReviewData extends ViewState {
  reviewId: number;
  title: string;
  kind: string;
  projectName: string;
  submittedBy: string;
  submittedText: string;
  summary: string;
  amount: string | null;
  lines: Array<{ label: string; value: string; note: string }>;
  reviewStatus: TReviewStatus | '';
  /** Sent with the decision so a review decided meanwhile is not decided twice. */
  version: number;
  /** Only the business admin decides; accountants see their submissions read-only. */
  canDecide: boolean;
  decidedText: string;
  decisionReason: string;
  /** The reject form is open. */
  rejecting: boolean;
  reason: string;
  reasonError: string;
  submitting: boolean;
}

function canDecide(): boolean {
  const user = currentUser();
  return !!user && user.roles.indexOf('BUSINESS_ADMIN') >= 0;
}

function linesOf(d: TReviewDetail): Array<{ label: string; value: string; note: string }> {
  return d.lines.map((l) => ({ label: l.label, value: l.amount ? money(l.value) : l.value, note: l.note || '' }));
}

Page({
  data: {
    ...LOADING,
    reviewId: 0,
    title: '',
    kind: '',
    projectName: '',
    submittedBy: '',
    submittedText: '',
    summary: '',
    amount: null,
    lines: [],
    reviewStatus: '',
    version: 0,
    canDecide: false,
    decidedText: '',
    decisionReason: '',
    rejecting: false,
    reason: '',
    reasonError: '',
    submitting: false,
  } as ReviewData,

  onLoad(query: PageQuery) {
    const params = readParams('review', query);
    if (!params) {
      this.setData(emptyState('链接无效', '缺少审批编号，请从审批列表或待办重新进入。'));
      return;
    }
    this.setData({ reviewId: params.reviewId });
    this.load();
  },

  async load(): Promise<void> {
    try {
      const d = await api.review(this.data.reviewId);
      this.setData({
        ...READY,
        title: d.title,
        kind: d.kind,
        projectName: d.projectName ?? '',
        submittedBy: d.submittedBy ?? '',
        submittedText: dateTime(d.submittedAt),
        summary: d.summary,
        amount: d.amount,
        lines: linesOf(d),
        reviewStatus: d.status,
        version: d.version,
        canDecide: canDecide(),
        decidedText: d.decidedAt ? dateTime(d.decidedAt) : '',
        decisionReason: d.reason ?? '',
      });
    } catch (err) {
      this.setData(failedState(err, '暂无审批内容'));
    }
  },

  reload() {
    this.setData(LOADING);
    this.load();
  },

  async approve(): Promise<void> {
    await once('review-decision', async () => {
      const ok = await confirm({
        title: '审核通过',
        content: `确认通过「${this.data.title}」？`,
        confirmButtonText: '通过',
      });
      if (!ok) return;
      await this.decide(() => api.approveReview(this.data.reviewId, this.data.version), '已通过');
    });
  },

  startReject() {
    this.setData({ rejecting: true, reasonError: '' });
  },

  cancelReject() {
    this.setData({ rejecting: false, reason: '', reasonError: '' });
  },

  onReasonInput(e: InputEvent) {
    this.setData({ reason: e.detail.value, reasonError: '' });
  },

  async submitReject(): Promise<void> {
    const reason = this.data.reason.trim();
    if (!reason) {
      this.setData({ reasonError: '请填写驳回原因' });
      return;
    }
    if (reason.length > REASON_MAX) {
      this.setData({ reasonError: `驳回原因不超过 ${REASON_MAX} 字` });
      return;
    }
    if (/[<>]/.test(reason)) {
      this.setData({ reasonError: '驳回原因不能包含 < 或 >' });
      return;
    }
    await once('review-decision', () =>
      this.decide(() => api.rejectReview(this.data.reviewId, this.data.version, reason), '已驳回'),
    );
  },

  async decide(call: () => Promise<TReviewDetail>, done: string): Promise<void> {
    this.setData({ submitting: true });
    try {
      await withLoading('提交中', call);
      toastSuccess(done);
      this.setData({ submitting: false, rejecting: false });
      dd.navigateBack();
    } catch (err) {
      this.setData({ submitting: false });
      // the request layer has toasted the reason; a decision someone else already made shows the current state
      if (err instanceof ApiError && err.status === 409) this.load();
    }
  },
});
