/**
 * 登录: 免登 with DingTalk (no password in the mini-program). Pages log in silently on their own; this page
 * is where the user lands after logging out, or when silent login failed (e.g. not a user of the system).
 */
import { pageUrlFor } from '../../../shared/deeplinks';
import { login } from '../../services/auth';
import { messageOf, once, toastError } from '../../services/ui';

interface LoginData {
  /** working: logging in; failed: show the reason and a retry; loggedOut: wait for the user. */
  phase: 'working' | 'failed' | 'loggedOut';
  message: string;
  userName: string;
}

Page({
  data: { phase: 'working', message: '', userName: '' } as LoginData,

  onLoad(query: PageQuery) {
    if (query.loggedOut) {
      this.setData({ phase: 'loggedOut', message: '您已退出登录。' });
      return;
    }
    this.signIn();
  },

  async signIn(): Promise<void> {
    await once('login', async () => {
      this.setData({ phase: 'working', message: '' });
      try {
        const session = await login();
        this.setData({ userName: session.user.name });
        dd.switchTab({ url: pageUrlFor('home', {}) });
      } catch (err) {
        this.setData({ phase: 'failed', message: messageOf(err) });
        toastError(err);
      }
    });
  },
});
