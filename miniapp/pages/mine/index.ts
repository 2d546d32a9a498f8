/** 我的: who I am in the system, my account pages, logout. */
import { pageUrlFor } from '../../../shared/deeplinks';
import { config } from '../../config';
import { api } from '../../services/api';
import { logout } from '../../services/auth';
import { pendingReviewCount } from '../../services/reviews';
import { confirm, once } from '../../services/ui';
import { failedState, LOADING, READY, type ViewState } from '../../services/view';

interface MineData extends ViewState {
  name: string;
  title: string;
  orgUnitName: string;
  mobile: string;
  roleNames: string;
  envName: string;
  /** 审批 with what waits, for users who review only. */
  reviewer: boolean;
  pendingReviews: number;
}

const ENV_NAMES: Record<string, string> = { dev: '开发环境', test: '测试环境', prod: '' };

Page({
  data: {
    ...LOADING,
    name: '',
    title: '',
    orgUnitName: '',
    mobile: '',
    roleNames: '',
    envName: ENV_NAMES[config.env] ?? '',
    reviewer: false,
    pendingReviews: 0,
  } as MineData,

  onLoad() {
    this.load();
  },

  onShow() {
    // back from 审批: the count follows what was decided
    if (this.data.status === 'ready') this.load();
  },

  async load(): Promise<void> {
    try {
      const { user } = await api.me();
      const reviews = await pendingReviewCount();
      this.setData({
        reviewer: reviews !== null,
        pendingReviews: reviews ?? 0,
        ...READY,
        name: user.name,
        title: user.title ?? '',
        orgUnitName: user.orgUnit ? user.orgUnit.name : '',
        mobile: user.mobile ?? '',
        roleNames: user.roleNames.join('、'),
      });
    } catch (err) {
      this.setData(failedState(err, '暂无个人信息'));
    }
  },

  reload() {
    this.setData(LOADING);
    this.load();
  },

  openProjects() {
    dd.switchTab({ url: pageUrlFor('home', {}) });
  },

  openReviews() {
    dd.navigateTo({ url: pageUrlFor('reviews', {}) });
  },

  openStatement() {
    dd.navigateTo({ url: pageUrlFor('statement', {}) });
  },

  openAccount() {
    dd.navigateTo({ url: pageUrlFor('account', {}) });
  },

  async signOut(): Promise<void> {
    await once('logout', async () => {
      const ok = await confirm({
        title: '退出登录',
        content: '退出后需重新登录才能查看跟投信息。',
        confirmButtonText: '退出',
      });
      if (!ok) return;
      await logout();
      dd.reLaunch({ url: `${pageUrlFor('login', {})}?loggedOut=1` });
    });
  },
});
