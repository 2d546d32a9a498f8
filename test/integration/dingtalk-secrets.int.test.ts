/**
 * 钉钉设置 secrets: the callback token is masked like the other secrets, and in production the API base URLs can only
 * be DingTalk's own hosts (the AppSecret is sent there on 测试); in development any host (the emulator) is allowed.
 */
import { randomBytes } from 'node:crypto';
import { allRoutes, buildApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import { loadDingtalkApp } from '../../server/modules/dingtalk-settings/app-source';
import { seedDemo } from '../../server/seed/seed';
import { listen, startTestApp, type TestApp } from '../support/app';
import { loginAs, withToken } from '../support/auth';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  await seedDemo(t.deps.db);
});
afterAll(() => t.close());

it('masks the callback token', async () => {
  const admin = await loginAs(t, 'admin');
  const res = await admin.get('/api/admin/dingtalk/settings');
  expect(res.status).toBe(200);
  expect(res.data.callbackToken).not.toBe(t.deps.config.DINGTALK_CALLBACK_TOKEN);
  expect(res.data.callbackToken).toContain('***');
});

it('accepts only DingTalk hosts as API base URLs in production', async () => {
  const deps = { ...t.deps, config: { ...t.deps.config, NODE_ENV: 'production' as const } };
  const { server, base } = await listen(buildApp(deps, allRoutes()));
  try {
    const admin = withToken({ ...t, base }, (await loginAs(t, 'admin')).token);
    const current = (await admin.get('/api/admin/dingtalk/settings')).data;
    const body = { version: current.version, corpId: current.corpId, appKey: current.appKey, agentId: current.agentId };
    const evil = await admin.put('/api/admin/dingtalk/settings', {
      ...body,
      apiBaseUrl: 'https://collector.example.com',
    });
    expect(evil.status).toBe(400);
    expect(evil.data.message).toContain('钉钉');
    const http = await admin.put('/api/admin/dingtalk/settings', { ...body, oapiBaseUrl: 'http://oapi.dingtalk.com' });
    expect(http.status).toBe(400);
    const ok = await admin.put('/api/admin/dingtalk/settings', { ...body, apiBaseUrl: 'https://api.dingtalk.com' });
    expect(ok.status).toBe(200);
    // a row saved earlier with another host is not used in production
    await t.deps.db.dingtalkSetting.update({
      where: { name: 'default' },
      data: { oapiBaseUrl: 'https://evil.example' },
    });
    expect((await loadDingtalkApp(deps)).oapiBaseUrl).not.toBe('https://evil.example');
    // development: any host (the emulator)
    expect((await loadDingtalkApp(t.deps)).oapiBaseUrl).toBe('https://evil.example');
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
});

it('refuses to start in production with another host in the environment', () => {
  const env = {
    NODE_ENV: 'production',
    SECRET_KEY: randomBytes(32).toString('base64'),
    DINGTALK_APP_SECRET: 'a-real-secret',
    DINGTALK_CALLBACK_TOKEN: 'realToken123',
    DINGTALK_CALLBACK_AES_KEY: 'B'.repeat(43),
  };
  expect(() => loadConfig({ ...env, DINGTALK_API_BASE_URL: 'https://collector.example.com' })).toThrow(
    /DINGTALK_API_BASE_URL/,
  );
  expect(loadConfig({ ...env, DINGTALK_API_BASE_URL: 'https://api.dingtalk.com' }).dingtalk.apiBaseUrl).toBe(
    'https://api.dingtalk.com',
  );
});
