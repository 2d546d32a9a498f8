/**
 * 待批准授权 in the console: the system admin asks for an accountant; the business admin opens the work notice's
 * link (账号及角色 → 待批准授权), approves, and is shown the new initial password to hand over.
 */
import type { Browser } from 'playwright-core';
import { seedDemo } from '../../server/seed/seed';
import { startTestApp, testDeps, type TestApp } from '../support/app';
import { loginAs } from '../support/auth';
import {
  ensureConsoleBuilt,
  launchBrowser,
  loginThroughForm,
  openConsole,
  screenshot,
  see,
  toastShown,
} from '../support/browser';
import { startTestEmulator, type TestEmulator } from '../support/emulator';

jest.setTimeout(90_000);

let t: TestApp;
let emu: TestEmulator;
let browser: Browser;

beforeAll(async () => {
  await ensureConsoleBuilt();
  emu = await startTestEmulator();
  t = await startTestApp({ deps: testDeps(emu.env) });
  await seedDemo(t.deps.db);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
  await emu?.close();
});

it('the business admin approves a money role from the notice link and hands over the new password', async () => {
  const sys = await loginAs(t, 'admin');
  const role = await t.deps.db.role.findUniqueOrThrow({ where: { code: 'CITY_ACCOUNTANT_HUANHU' } });
  const created = await sys.post('/api/users', { username: 'btacct', name: '浏览器会计', roleIds: [role.id] });
  expect(created.status).toBe(201);
  const notice = await t.deps.db.notification.findFirstOrThrow({ where: { kind: 'grant_request' } });
  const link = (notice.payload as { msg: { action_card: { single_url: string } } }).msg.action_card.single_url;
  const path = new URL(link).pathname + new URL(link).search;
  expect(path).toBe('/console/admin/accounts?tab=grant-requests');

  const { page, context, errors } = await openConsole(browser, t.base);
  try {
    await loginThroughForm(page, 'hhadmin');
    await page.getByTestId('report-work').waitFor();
    await page.goto(`${t.base}${path}`);
    const panel = page.getByTestId('grant-requests');
    await panel.waitFor();
    const row = panel.locator('tr.ant-table-row').filter({ hasText: '浏览器会计' });
    await see.text(row, '环沪城市公司经营会计');
    await see.text(row, '系统管理员');
    await screenshot(page, 'grant-requests-01-pending');
    await row.getByRole('button', { name: /批\s*准/ }).click();
    await toastShown(page, '已批准：浏览器会计');
    const password = page.getByTestId('grant-initial-password');
    await password.waitFor();
    const issued = (await password.innerText()).trim();
    expect(issued).toMatch(/^[A-Za-z0-9]{12}$/);
    await screenshot(page, 'grant-requests-02-approved-password');
    expect((await t.http.post('/api/auth/password', { username: 'btacct', password: issued })).status).toBe(200);
    const user = await t.deps.db.user.findUniqueOrThrow({ where: { username: 'btacct' }, include: { roles: true } });
    expect(user.roles.map((r) => r.roleId)).toEqual([role.id]);
    expect(errors).toEqual([]);
  } finally {
    await context.close();
  }
});
