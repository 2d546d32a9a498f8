/**
 * The console runs under the security headers' Content-Security-Policy: logging in, the business pages, a chart
 * and a table render with no CSP violation and no page error.
 */
import type { Browser } from 'playwright-core';
import { seedDemo } from '../../server/seed/seed';
import { startTestApp, type TestApp } from '../support/app';
import { ensureConsoleBuilt, launchBrowser, loginThroughForm, openConsole, see } from '../support/browser';

jest.setTimeout(90_000);

let t: TestApp;
let browser: Browser;
beforeAll(async () => {
  await ensureConsoleBuilt();
  t = await startTestApp();
  await seedDemo(t.deps.db);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

it('renders the console with the CSP in force and no violation', async () => {
  const { page, context, errors } = await openConsole(browser, t.base);
  await context.addInitScript({
    content: `window.__csp = []; document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));`,
  });
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  const res = await page.goto('/console/');
  expect(res?.headers()['content-security-policy']).toContain("script-src 'self'");
  await loginThroughForm(page, 'admin');
  await page.goto('/console/admin/projects');
  await see.visible(page.getByText('靖江项目'));
  expect(await page.evaluate('window.__csp')).toEqual([]);
  expect(violations).toEqual([]);
  expect(errors).toEqual([]);
  await context.close();
});
