/** 认购: the partner enters an amount within their limits before the deadline and confirms it. */
import { readParams } from '../../../shared/deeplinks';
import { dec, formatMoney, moneyString, ZMoneyNonNegative } from '../../../shared/money';
import { api } from '../../services/api';
import type { SubscriptionStatus } from '../../services/types';
import { confirm, once, toastError, toastSuccess, withLoading } from '../../services/ui';
import { countdownText, dateTime, deadlineInstant, emptyState, failedState, LOADING, READY, type ViewState } from '../../services/view';

interface SubscribeData extends ViewState {
  projectId: number;
  projectName: string;
  levelName: string;
  lower: string;
  upper: string;
  deadlineText: string;
  countdown: string;
  subscription: SubscriptionStatus | '';
  /** What the partner typed. */
  amount: string;
  /** Validation message under the input. */
  amountError: string;
  open: boolean;
  submitting: boolean;
}

let timer: number | undefined;
let deadlineAt: number | null = null;

/** The amount as a wire decimal string, or the reason it is not acceptable. */
export function checkAmount(input: string, lower: string, upper: string): { amount: string } | { error: string } {
  const parsed = ZMoneyNonNegative.safeParse(input.replace(/,/g, ''));
  if (!parsed.success) return { error: parsed.error.issues[0] ? parsed.error.issues[0].message : '金额格式不正确' };
  const v = dec(parsed.data);
  if (v.lessThan(dec(lower))) return { error: `认购金额不能低于下限 ${formatMoney(lower)}` };
  if (v.greaterThan(dec(upper))) return { error: `认购金额不能高于上限 ${formatMoney(upper)}` };
  return { amount: moneyString(v) };
}

Page({
  data: {
    ...LOADING, projectId: 0, projectName: '', levelName: '', lower: '0.00', upper: '0.00', deadlineText: '', countdown: '',
    subscription: '', amount: '', amountError: '', open: false, submitting: false,
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
      const res = await api.subscription(this.data.projectId);
      deadlineAt = deadlineInstant(res.deadline);
      const open = (res.status === 'OPEN' || res.status === 'SUBMITTED') && (deadlineAt === null || deadlineAt > Date.now());
      this.setData({
        ...READY,
        projectName: res.projectName,
        levelName: res.levelName ?? '',
        lower: res.lower,
        upper: res.upper,
        deadlineText: dateTime(deadlineAt),
        countdown: countdownText(deadlineAt),
        subscription: res.status,
        amount: res.amount ?? '',
        amountError: '',
        open,
      });
      this.startCountdown();
    } catch (err) {
      this.setData(failedState(err, '暂无认购'));
    }
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
    const countdown = countdownText(deadlineAt);
    if (countdown === '已截止' && this.data.open) this.setData({ countdown, open: false });
    else if (countdown !== this.data.countdown) this.setData({ countdown });
  },

  onAmountInput(e: InputEvent) {
    this.setData({ amount: e.detail.value, amountError: '' });
  },

  async submit(): Promise<void> {
    const checked = checkAmount(this.data.amount, this.data.lower, this.data.upper);
    if ('error' in checked) {
      this.setData({ amountError: checked.error });
      return;
    }
    if (!this.data.open) {
      toastError(new Error('认购已截止'));
      return;
    }
    await once('subscribe', async () => {
      const ok = await confirm({ title: '确认认购', content: `${this.data.projectName}\n认购金额 ${formatMoney(checked.amount)}\n截止前可修改。`, confirmButtonText: '确认认购' });
      if (!ok) return;
      this.setData({ submitting: true });
      try {
        await withLoading('提交中', () => api.submitSubscription(this.data.projectId, checked.amount));
        toastSuccess('认购已提交');
        await this.load();
      } catch (_err) {
        // request layer has shown the server's message
      }
      this.setData({ submitting: false });
    });
  },
});
