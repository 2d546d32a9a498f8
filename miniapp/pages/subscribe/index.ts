/**
 * 认购: the partner enters an amount before the deadline, confirms it, and may change it until then.
 * The BFF decides what is acceptable — the range (the partner's limits, capped by the per-person limit),
 * whole allocation units, 强投 may not decline, the deadline by the server's clock — and its Chinese message
 * is shown as a toast and under the input. The page checks only the number's format and its own countdown.
 */
import { CATEGORY_LABEL } from '../../../shared/api/labels';
import { readParams } from '../../../shared/deeplinks';
import { dec, formatMoney, moneyString, ZMoneyNonNegative } from '../../../shared/money';
import { api } from '../../services/api';
import { ApiError } from '../../services/http';
import type { TSubscriptionStatus } from '../../../shared/api/labels';
import type { TMySubscription } from '../../../shared/api/me';
import { confirm, once, toastFail, toastSuccess, withLoading } from '../../services/ui';
import {
  countdownText,
  dateTime,
  deadlineInstant,
  emptyState,
  failedState,
  LOADING,
  READY,
  type ViewState,
} from '../../services/view';

interface SubscribeData extends ViewState {
  projectId: number;
  projectName: string;
  roundTitle: string;
  levelName: string;
  categoryText: string;
  /** 强投: 0 (declining) is not offered. */
  mandatory: boolean;
  lower: string;
  upper: string;
  /** The deadline as an instant (ms), null when the BFF gave none. */
  deadlineAt: number | null;
  deadlineText: string;
  countdown: string;
  subscription: TSubscriptionStatus | '';
  /** What is on record at the BFF ('' = nothing yet). */
  subscribedAmount: string;
  /** What the partner typed. */
  amount: string;
  /** The message under the input: the format check here, or the BFF's reason. */
  amountError: string;
  open: boolean;
  submitting: boolean;
}

let timer: number | undefined;

/** The typed amount as a wire decimal string ("100,000" → "100000.00"), or why it is not a number we can send. */
export function checkAmount(input: string): { amount: string } | { error: string } {
  const text = input.replace(/[,，\s]/g, '');
  if (!text) return { error: '请输入认购金额' };
  const parsed = ZMoneyNonNegative.safeParse(text);
  if (!parsed.success) return { error: parsed.error.issues[0] ? parsed.error.issues[0].message : '金额格式不正确' };
  return { amount: moneyString(parsed.data) };
}

/** The message of a field error the BFF attached to `amount`, if any. */
function amountReason(err: unknown): string {
  if (!(err instanceof ApiError) || !Array.isArray(err.details)) return '';
  for (const d of err.details as unknown[]) {
    if (
      d &&
      typeof d === 'object' &&
      (d as { path?: unknown }).path === 'amount' &&
      typeof (d as { message?: unknown }).message === 'string'
    )
      return err.message;
  }
  return '';
}

Page({
  data: {
    ...LOADING,
    projectId: 0,
    projectName: '',
    roundTitle: '',
    levelName: '',
    categoryText: '',
    mandatory: false,
    lower: '0.00',
    upper: '0.00',
    deadlineAt: null,
    deadlineText: '',
    countdown: '',
    subscription: '',
    subscribedAmount: '',
    amount: '',
    amountError: '',
    open: false,
    submitting: false,
  } as SubscribeData,

  onLoad(query: PageQuery) {
    const params = readParams('subscribe', query);
    if (!params) {
      this.setData(emptyState('链接无效', '缺少项目编号，请从认购通知重新进入。'));
      return;
    }
    this.setData({ projectId: params.projectId });
    this.load();
  },

  onShow() {
    this.startCountdown();
  },

  onHide() {
    clearInterval(timer);
    timer = undefined;
  },

  onUnload() {
    clearInterval(timer);
    timer = undefined;
  },

  async load(): Promise<void> {
    try {
      this.apply(await api.subscription(this.data.projectId), true);
      this.startCountdown();
    } catch (err) {
      this.setData(failedState(err, '暂无认购'));
    }
  },

  /** Shows the BFF's view of my subscription; `resetInput` puts the recorded amount back into the input. */
  apply(res: TMySubscription, resetInput: boolean) {
    const deadlineAt = deadlineInstant(res.deadline);
    const open =
      (res.status === 'OPEN' || res.status === 'SUBMITTED') && (deadlineAt === null || deadlineAt > Date.now());
    this.setData({
      ...READY,
      projectName: res.projectName,
      roundTitle: res.roundTitle,
      levelName: res.levelName ?? '',
      categoryText: CATEGORY_LABEL[res.category] ?? '',
      mandatory: res.category === 'MANDATORY',
      lower: res.lower,
      upper: res.upper,
      deadlineAt,
      deadlineText: dateTime(deadlineAt),
      countdown: countdownText(deadlineAt),
      subscription: res.status,
      subscribedAmount: res.amount ?? '',
      ...(resetInput ? { amount: res.amount ?? '', amountError: '' } : {}),
      open,
    });
  },

  reload() {
    this.setData(LOADING);
    this.load();
  },

  startCountdown() {
    clearInterval(timer);
    timer = setInterval(() => this.tick(), 30000);
    this.tick();
  },

  tick() {
    if (this.data.status !== 'ready') return;
    const countdown = countdownText(this.data.deadlineAt);
    if (countdown === '已截止' && this.data.open) this.setData({ countdown, open: false });
    else if (countdown !== this.data.countdown) this.setData({ countdown });
  },

  onAmountInput(e: InputEvent) {
    this.setData({ amount: e.detail.value, amountError: '' });
  },

  async submit(): Promise<void> {
    const checked = checkAmount(this.data.amount);
    if ('error' in checked) {
      this.setData({ amountError: checked.error });
      return;
    }
    // the countdown ran out while the page was open: say so without a round trip (the BFF would refuse too)
    if (!this.data.open || (this.data.deadlineAt !== null && Date.now() >= this.data.deadlineAt)) {
      this.setData({ open: false, countdown: countdownText(this.data.deadlineAt) });
      toastFail(this.data.deadlineText ? `认购已于 ${this.data.deadlineText} 截止` : '认购已结束');
      return;
    }
    await once('subscribe', async () => {
      const declining = dec(checked.amount).isZero();
      const ok = await confirm(
        declining
          ? {
              title: '放弃认购',
              content: `${this.data.projectName} ${this.data.roundTitle}\n确认放弃本次认购？截止前可重新认购。`,
              confirmButtonText: '放弃认购',
            }
          : {
              title: '确认认购',
              content: `${this.data.projectName} ${this.data.roundTitle}\n认购金额 ${formatMoney(checked.amount)}\n截止前可修改，最终以审核通过的投资明细为准。`,
              confirmButtonText: '确认认购',
            },
      );
      if (!ok) return;
      this.setData({ submitting: true, amountError: '' });
      try {
        const res = await withLoading('提交中', () => api.submitSubscription(this.data.projectId, checked.amount));
        toastSuccess(declining ? '已放弃认购' : '认购已提交');
        this.apply(res, true);
      } catch (err) {
        // the request layer has toasted the BFF's message; keep it under the input too
        this.setData({ amountError: amountReason(err) });
        // the round closed (deadline by the server's clock, or the accountant moved on): show its state
        if (err instanceof ApiError && err.status === 409) {
          try {
            this.apply(await api.subscription(this.data.projectId), false);
          } catch (_e) {
            // keep what is shown
          }
        }
      }
      this.setData({ submitting: false });
    });
  },
});
