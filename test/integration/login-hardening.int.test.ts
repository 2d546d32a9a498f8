/**
 * Login: limits per source address and per account (429 with the wait in Chinese), one message for unknown users and
 * wrong passwords, an attempt limit on change-password, security headers on every answer, no CORS.
 */
import { seedDemo } from '../../server/seed/seed';
import { LOGIN_LIMITS } from '../../server/auth/login-limits';
import { startTestApp, type TestApp } from '../support/app';
import { loginAs } from '../support/auth';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  await seedDemo(t.deps.db);
});
afterAll(() => t.close());

const from = (ip: string) => ({ headers: { 'x-forwarded-for': ip } });

it('answers an unknown user and a wrong password identically, and limits both per account alike', async () => {
  const answers = async (username: string) => {
    const out: string[] = [];
    for (let i = 0; i < LOGIN_LIMITS.perAccountAddress.points + 1; i++) {
      const r = await t.http.post('/api/auth/password', { username, password: 'Wrong@2026x' }, from('10.0.0.1'));
      out.push(`${r.status} ${r.data.code} ${r.data.message.replace(/\d+/g, 'N')}`);
    }
    return out;
  };
  const known = await answers('kmkj');
  const unknown = await answers('no-such-user');
  expect(known).toEqual(unknown);
  expect(known[0]).toBe('401 UNAUTHENTICATED 用户名或密码错误');
  expect(known.at(-1)).toMatch(/^429 RATE_LIMITED 尝试次数过多，请 N 分钟后再试$/);
});

it('does not let one address lock the owner out: the owner logs in from another address', async () => {
  for (let i = 0; i < LOGIN_LIMITS.perAccountAddress.points + 2; i++)
    await t.http.post('/api/auth/password', { username: 'zzkj', password: 'Wrong@2026x' }, from('10.0.0.2'));
  const limited = await t.http.post(
    '/api/auth/password',
    { username: 'zzkj', password: 'Gentou@2026' },
    from('10.0.0.2'),
  );
  expect(limited.status).toBe(429);
  const owner = await t.http.post(
    '/api/auth/password',
    { username: 'zzkj', password: 'Gentou@2026' },
    from('10.0.0.3'),
  );
  expect(owner.status).toBe(200);
});

it('limits one source address across usernames', async () => {
  let last = 0;
  let retry: string | undefined;
  for (let i = 0; i < LOGIN_LIMITS.perAddress.points + 1; i++) {
    const r = await t.http.post(
      '/api/auth/password',
      { username: `guess${i}`, password: 'Wrong@2026x' },
      from('10.0.0.4'),
    );
    last = r.status;
    retry = r.data.details?.retryAfterSeconds;
  }
  expect(last).toBe(429);
  expect(Number(retry)).toBeGreaterThan(0);
  // another address is not affected
  expect(
    (await t.http.post('/api/auth/password', { username: 'hhkj', password: 'Gentou@2026' }, from('10.0.0.5'))).status,
  ).toBe(200);
});

it('limits wrong old passwords on change-password', async () => {
  const me = await loginAs(t, 'jnkj');
  const statuses: number[] = [];
  for (let i = 0; i < LOGIN_LIMITS.changePassword.points + 1; i++)
    statuses.push(
      (await me.post('/api/auth/change-password', { oldPassword: 'Wrong@2026x', newPassword: 'Better@2026x' })).status,
    );
  expect(statuses.slice(0, LOGIN_LIMITS.changePassword.points)).toEqual(
    Array(LOGIN_LIMITS.changePassword.points).fill(400),
  );
  expect(statuses.at(-1)).toBe(429);
  const right = await me.post('/api/auth/change-password', { oldPassword: 'Gentou@2026', newPassword: 'Better@2026x' });
  expect(right.status).toBe(429);
  expect(right.data.message).toMatch(/分钟后再试/);
});

it('sends security headers and no CORS headers', async () => {
  for (const path of ['/healthz', '/api/me', '/console/']) {
    const res = await t.http.get(path, { headers: { origin: 'https://evil.example' } });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'self'");
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  }
  const preflight = await t.http.options('/api/projects', {
    headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
  });
  expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
  expect(preflight.headers['access-control-allow-credentials']).toBeUndefined();
});
