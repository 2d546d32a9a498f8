/**
 * The mini-program's login and request layer against the running BFF (real HTTP) and the DingTalk
 * emulator (real single-use auth codes): 免登, one silent re-login on 401, Chinese toasts, loading state,
 * double-submit protection, logout, deep links.
 */
import fs from 'node:fs';
import path from 'node:path';
import { eappUrl, noticeUrl } from '../../shared/deeplinks';
import { seedDemo } from '../../server/seed/seed';
import { startTestApp, testDeps, type TestApp } from '../support/app';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import { buildForTests, MiniappHarness, type HarnessOptions } from '../support/miniapp-harness';
import { PLACEHOLDER_TEXT } from '../support/placeholders';

let emu: TestEmulator;
let t: TestApp;
let distDir: string;
const harnesses: MiniappHarness[] = [];

beforeAll(async () => {
  emu = await startTestEmulator();
  t = await startTestApp({ deps: testDeps(emu.env) });
  await seedDemo(t.deps.db);
  distDir = (await buildForTests('test')).outDir;
  // the identity endpoint this suite drives; say so plainly if it is missing rather than failing obscurely
  const probe = await t.http.post('/api/auth/dingtalk', { authCode: 'probe' });
  if (probe.status === 404)
    throw new Error(
      'POST /api/auth/dingtalk is not mounted in the BFF yet (identity module): the mini-program login tests need it',
    );
});
afterAll(async () => {
  harnesses.forEach((h) => h.dispose());
  await t.close();
  await emu.close();
});

/** A mini-program session as the given DingTalk user, with codes from the emulator. */
function miniapp(userid: string, extra: Partial<HarnessOptions> = {}): MiniappHarness {
  const h = new MiniappHarness({ distDir, apiBase: t.base, authCode: () => emu.authCode(userid), ...extra });
  harnesses.push(h);
  h.loadApp();
  return h;
}

const logins = (h: MiniappHarness) => h.http.filter((r) => r.path === '/api/auth/dingtalk');

describe('login page (免登)', () => {
  it('gets a code from DingTalk, exchanges it, stores the token and opens 首页', async () => {
    const h = miniapp('u1001');
    const page = await h.open('pages/login/index');
    expect(h.callsOf('getAuthCode')[0]!.options.corpId).toBe('dingdemocorp0000001');
    expect(logins(h)).toEqual([{ method: 'POST', path: '/api/auth/dingtalk', status: 200, authorized: false }]);
    expect(h.storedSession()).toMatchObject({ user: { name: '史伟', roles: ['PARTNER'] } });
    expect(page.data).toMatchObject({ phase: 'working', userName: '史伟' });
    expect(h.navigations).toEqual([{ api: 'switchTab', url: '/pages/home/index' }]);
    // the token works on the BFF
    const me = await t.http.get('/api/me', { headers: { authorization: `Bearer ${h.storedSession()!.token}` } });
    expect(me.data.user.dingUserId).toBe('u1001');
  });

  it("shows the server's Chinese message when the code is refused, and retries with a fresh code", async () => {
    let code = 'not-a-real-code';
    const h = miniapp('u1002', { authCode: async () => code });
    const page = await h.open('pages/login/index');
    expect(logins(h).map((r) => r.status)).toEqual([401]);
    expect(page.data.phase).toBe('failed');
    expect(page.data.message).toMatch(/授权码无效或已过期/);
    expect(h.toasts).toEqual([{ type: 'fail', content: page.data.message }]);
    expect(h.storedSession()).toBeNull();

    code = await emu.authCode('u1002');
    await page.tap('signIn');
    expect(page.data.phase).toBe('working');
    expect(h.storedSession()!.user.name).toBeTruthy();
    expect(h.navigations.at(-1)).toEqual({ api: 'switchTab', url: '/pages/home/index' });
  });

  it('explains when DingTalk gives no code (opened outside DingTalk)', async () => {
    const h = miniapp('u1003', { authCode: undefined });
    const page = await h.open('pages/login/index');
    expect(page.data).toMatchObject({ phase: 'failed', message: '无法获取钉钉授权，请在钉钉工作台中打开本应用' });
    expect(logins(h)).toEqual([]);
  });

  it('after logout waits for the user instead of logging in again', async () => {
    const h = miniapp('u1004');
    const page = await h.open('pages/login/index', { loggedOut: '1' });
    expect(page.data).toMatchObject({ phase: 'loggedOut', message: '您已退出登录。' });
    expect(h.callsOf('getAuthCode')).toEqual([]);
  });
});

describe('request layer', () => {
  it('logs in silently on the first request of any page (我的 shows the profile from /api/me)', async () => {
    const h = miniapp('hhadmin01');
    const page = await h.open('pages/mine/index');
    expect(h.http.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      'POST /api/auth/dingtalk 200',
      'GET /api/me 200',
      // the business admin reviews: 我的 shows 审批 with the pending count
      expect.stringMatching(/^GET \/api\/reviews\?status=pending\S* 200$/),
    ]);
    expect(page.data).toMatchObject({
      status: 'ready',
      reviewer: true,
      name: '业务管理员',
      title: '运营管理部',
      orgUnitName: '置业集团',
      mobile: '13800000002',
    });
    expect(page.data.roleNames).toContain('业务管理员');
    expect(h.http[1]!.authorized).toBe(true);
  });

  it('re-logs in once, silently, when the stored token is no longer valid, and repeats the request', async () => {
    const h = miniapp('u1005');
    h.storage.set(
      'gentou.session',
      JSON.stringify({
        token: 'revoked-token-revoked-token-revoked-token-x',
        expiresAt: Date.now() + 3600_000,
        user: { id: 1, name: '旧会话', roles: ['PARTNER'] },
      }),
    );
    const page = await h.open('pages/mine/index');
    expect(h.http.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      'GET /api/me 401',
      'POST /api/auth/dingtalk 200',
      'GET /api/me 200',
    ]);
    expect(page.data.status).toBe('ready');
    expect(h.toasts).toEqual([]);
    expect(h.storedSession()!.user.name).not.toBe('旧会话');
  });

  it('does not loop when the re-login fails too: one attempt, then an error state with the reason', async () => {
    const h = miniapp('u1006', { authCode: async () => 'expired-code' });
    h.storage.set(
      'gentou.session',
      JSON.stringify({
        token: 'revoked-token-revoked-token-revoked-token-y',
        expiresAt: Date.now() + 3600_000,
        user: { id: 1, name: '旧会话', roles: ['PARTNER'] },
      }),
    );
    const page = await h.open('pages/mine/index');
    expect(h.http.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      'GET /api/me 401',
      'POST /api/auth/dingtalk 401',
    ]);
    expect(page.data).toMatchObject({ status: 'error', stateTitle: '加载失败' });
    expect(page.data.stateText).toMatch(/授权码无效或已过期/);
  });

  it("toasts the server's {code, message} in Chinese for a refused write", async () => {
    const h = miniapp('u1007');
    const request = h.require('services/request') as { request: (o: unknown) => Promise<unknown> };
    // a partner may not read the console's project list: 403 with a Chinese message
    await expect(request.request(h.clone({ method: 'GET', path: '/api/projects' }))).rejects.toMatchObject({
      status: 403,
      code: 'FORBIDDEN',
    });
    expect(h.toasts).toHaveLength(1);
    expect(h.toasts[0]!.type).toBe('fail');
    expect(h.toasts[0]!.content).toMatch(/[\u4e00-\u9fa5]/);
  });

  it('ignores a second tap while the first submission runs, and shows then hides the loading overlay', async () => {
    const h = miniapp('u1008');
    const ui = h.require('services/ui') as {
      once: <T>(k: string, f: () => Promise<T>) => Promise<T | undefined>;
      withLoading: <T>(c: string, f: () => Promise<T>) => Promise<T>;
    };
    const api = h.require('services/api') as { api: { me: () => Promise<{ user: { name: string } }> } };
    const first = ui.once('submit', () => ui.withLoading('提交中', () => api.api.me()));
    const second = ui.once('submit', () => ui.withLoading('提交中', () => api.api.me()));
    expect(h.loadingVisible).toBe(true);
    const [a, b] = await Promise.all([first, second]);
    expect(a!.user.name).toBeTruthy();
    expect(b).toBeUndefined();
    expect(h.http.filter((r) => r.path === '/api/me')).toHaveLength(1);
    expect(h.loadingVisible).toBe(false);
    // free again once done
    expect(await ui.once('submit', () => api.api.me())).toBeDefined();
  });

  it('logout ends the session on the server and returns to the login page', async () => {
    const h = miniapp('u1009');
    const page = await h.open('pages/mine/index');
    const token = h.storedSession()!.token;
    await page.tap('signOut');
    expect(h.callsOf('confirm')).toHaveLength(1);
    expect(h.http.at(-1)).toEqual({ method: 'POST', path: '/api/auth/logout', status: 204, authorized: true });
    expect(h.storedSession()).toBeNull();
    expect(h.navigations.at(-1)).toEqual({ api: 'reLaunch', url: '/pages/login/index?loggedOut=1' });
    expect((await t.http.get('/api/me', { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
  });
});

describe('pages against the running BFF', () => {
  it('a work-notification link opens the right page with its parameter', async () => {
    const h = miniapp('u1010');
    const page = await h.openUrl(noticeUrl('PAYMENT', { noticeId: 5 }));
    expect(page.route).toBe('pages/payment/index');
    expect(page.data.noticeId).toBe(5);
    expect(h.http.filter((r) => r.path.startsWith('/api/me/')).map((r) => r.path)).toEqual([
      '/api/me/payment-notices/5',
    ]);
    expect(h.http.every((r) => r.path === '/api/auth/dingtalk' || r.authorized)).toBe(true);
  });

  it('a link with a bad parameter shows a clear empty state and calls nothing', async () => {
    const h = miniapp('u1011');
    const page = await h.openUrl('eapp://pages/project/index?projectId=abc');
    expect(page.data).toMatchObject({ status: 'empty', stateTitle: '链接无效' });
    expect(h.http).toEqual([]);
  });

  // Every page opens without an error state, with data or an empty state saying why, and none announces a feature to
  // come (the list is app.json's: a page added there without a row here fails the test below).
  const EVERY_PAGE: [string, Record<string, string>][] = [
    ['pages/home/index', {}],
    ['pages/reviews/index', {}],
    ['pages/mine/index', {}],
    ['pages/project/index', { projectId: '1' }],
    ['pages/subscribe/index', { projectId: '1' }],
    ['pages/payment/index', { noticeId: '1' }],
    ['pages/change-notice/index', { dueId: '1' }],
    ['pages/history/index', { projectId: '1' }],
    ['pages/distribution/index', { lineId: '1' }],
    ['pages/account/index', {}],
    ['pages/exit/index', { exitId: '1' }],
    ['pages/disclosure/index', { digestId: '1' }],
    ['pages/agreement/index', { projectId: '1' }],
    ['pages/statement/index', {}],
    ['pages/review/index', { reviewId: '1' }],
  ];

  it('opens every page of app.json below (login aside, which opens first in every test)', () => {
    const appJson = JSON.parse(fs.readFileSync(path.join(__dirname, '../../miniapp/app.json'), 'utf8')) as {
      pages: string[];
    };
    expect(EVERY_PAGE.map(([p]) => p).sort()).toEqual(appJson.pages.filter((p) => p !== 'pages/login/index').sort());
  });

  it.each(EVERY_PAGE)('%s opens for a partner without an error', async (route, query) => {
    const h = miniapp('u1012');
    const page = await h.open(route, query as Record<string, string>);
    expect({ route, status: page.data.status, text: page.data.stateText }).toEqual({
      route,
      status: expect.stringMatching(/^(ready|empty)$/),
      text: expect.any(String),
    });
    expect(h.http.filter((r) => r.status >= 500)).toEqual([]);
    if (page.data.status === 'empty') expect(page.data.stateTitle).toBeTruthy();
    expect(JSON.stringify(page.data)).not.toMatch(PLACEHOLDER_TEXT);
  });

  it('审批 explains to a partner that reviews are not theirs', async () => {
    const h = miniapp('u1013');
    const page = await h.open('pages/reviews/index');
    expect(page.data).toMatchObject({ status: 'empty', stateTitle: '暂无审批事项' });
    expect(h.http.filter((r) => r.path.startsWith('/api/reviews'))).toEqual([]);
  });

  it('eapp links are built by the shared module the BFF uses', () => {
    expect(eappUrl('review', { reviewId: 3 })).toBe('eapp://pages/review/index?reviewId=3');
  });
});
