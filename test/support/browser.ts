/**
 * Browser tests of the web console: Debian's chromium driven by playwright-core (never a downloaded browser),
 * the console built once when dist/console is missing or older than its sources, screenshots under
 * test/artifacts/console/.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page, type Response } from 'playwright-core';
import { DEMO_PASSWORD } from '../../server/seed/demo-data';

const root = path.resolve(__dirname, '../..');
export const CONSOLE_DIST = path.join(root, 'dist/console');
export const ARTIFACTS = path.join(root, 'test/artifacts/console');

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

function newestMtime(p: string): number {
  if (!fs.existsSync(p)) return 0;
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const e of fs.readdirSync(p)) {
    if (e === 'node_modules' || e.startsWith('.')) continue;
    newest = Math.max(newest, newestMtime(path.join(p, e)));
  }
  return newest;
}

/** True when dist/console is missing or older than the console sources, the shared code it bundles, or package.json. */
export function consoleBuildIsStale(): boolean {
  const index = path.join(CONSOLE_DIST, 'index.html');
  if (!fs.existsSync(index)) return true;
  const built = fs.statSync(index).mtimeMs;
  const sources = Math.max(
    newestMtime(path.join(root, 'server/console')),
    newestMtime(path.join(root, 'shared')),
    newestMtime(path.join(root, 'package.json')),
  );
  return sources > built;
}

/**
 * Builds the console (`npm run build:console`, ~3 s) when needed. Done here rather than in a `pretest` script
 * so that any way of running the browser tests (npm test, npm test -- test/console, CI) gets a fresh build,
 * and a lock directory keeps parallel jest workers from building at the same time.
 */
export async function ensureConsoleBuilt(): Promise<void> {
  const lock = path.join(root, 'dist/.console-build.lock');
  fs.mkdirSync(path.dirname(lock), { recursive: true });
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`console build lock held too long: ${lock}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    if (!consoleBuildIsStale()) return;
    const r = spawnSync('npm', ['run', '--silent', 'build:console'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 120_000,
      env: { ...process.env, NODE_ENV: 'production' },
    });
    if (r.status !== 0) throw new Error(`npm run build:console failed:\n${r.stdout}\n${r.stderr}`);
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM_PATH))
    throw new Error(`chromium not found at ${CHROMIUM_PATH}: sudo apt-get install -y chromium fonts-noto-cjk`);
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}

export interface ConsolePage {
  context: BrowserContext;
  page: Page;
  /** uncaught page errors and console.error output */ errors: string[];
}

/** A fresh browser context (own localStorage, so its own session) at a desktop size, Chinese, Shanghai time. */
export async function openConsole(browser: Browser, base: string): Promise<ConsolePage> {
  const context = await browser.newContext({
    viewport: { width: 1440, height: 900 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    baseURL: base,
  });
  // every toast the page shows, kept after it fades: a failed wait reports what was said instead
  // (a script string: the test code is compiled without the DOM types)
  await context.addInitScript({
    content: `(() => {
      const seen = (window.__toasts = []);
      new MutationObserver((records) => {
        for (const r of records)
          r.addedNodes.forEach((n) => {
            if (n instanceof HTMLElement && n.matches('.ant-message-notice, .ant-message-notice-wrapper'))
              seen.push(n.innerText);
          });
      }).observe(document, { childList: true, subtree: true });
    })();`,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(process.env.CI ? 30_000 : 15_000); // CI machines are shared and slower
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  // 4xx answers are part of the UI's normal life (validation, 403, modules whose API has not landed);
  // chromium logs each as "Failed to load resource", so those are left out and server errors counted instead
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(`console: ${m.text()}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 500) errors.push(`HTTP ${r.status()} ${r.request().method()} ${r.url()}`);
    if (r.status() >= 400 && new URL(r.url()).pathname.startsWith('/api/')) recordRefusal(page, r);
  });
  await page.goto('/console/');
  return { context, page, errors };
}

const refusals = new WeakMap<Page, string[]>();

/** The last few refused API calls of a page, with their answers: what a failed wait prints. */
function recordRefusal(page: Page, r: Response): void {
  const list = refusals.get(page) ?? [];
  refusals.set(page, list);
  void r
    .text()
    .catch(() => '')
    .then((body) => {
      list.push(`${r.status()} ${r.request().method()} ${new URL(r.url()).pathname} ${body.slice(0, 300)}`);
      if (list.length > 8) list.shift();
    });
}

/**
 * Waits for an antd message (toast) with this text. On a timeout the error says what the page showed instead:
 * the toasts on screen and the API calls the server refused, so a failure on a CI machine explains itself.
 */
export async function toastShown(page: Page, text: string | RegExp): Promise<void> {
  try {
    await page.locator('.ant-message').getByText(text).first().waitFor();
  } catch (err) {
    const shown = await page.evaluate<string[]>('(window.__toasts || []).slice(-8)').catch(() => []);
    const refused = refusals.get(page) ?? [];
    throw new Error(
      `no toast ${String(text)}; toasts shown: ${JSON.stringify(shown)}; refused API calls: ${JSON.stringify(refused)}\n${(err as Error).message}`,
      { cause: err },
    );
  }
}

/** Logs in through the password form, waiting for the shell to show. */
export async function loginThroughForm(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: spaced('登录') }).click();
  await page.getByTestId('user-menu').waitFor();
}

/**
 * A button's name: antd puts a space between the two characters of a two-character Chinese label ("保 存"),
 * and an icon adds its own label in front ("save 保 存").
 */
export function spaced(text: string): RegExp {
  return new RegExp(`(^|\\s)${[...text].map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\s*')}\\s*$`);
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  // let antd's motion finish so the picture shows the settled screen
  await page.waitForTimeout(350);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Polls until `check` holds (playwright-core has no `expect`; this is the small part the tests need). */
export async function until(check: () => Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      if (await check()) return;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (${String(last)})` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Picks an option of an Ant Design select and waits until the select shows it. A click on an option while the
 * dropdown is still opening or moving (a busy machine) can miss: the pick is tried again, up to three times.
 * `select` is the select's combobox input (e.g. getByLabel('层级')), `within` the form it is in.
 */
export async function chooseOption(page: Page, within: Locator, select: Locator, option: string): Promise<void> {
  const shown = within.locator('.ant-select', { hasText: option });
  for (let attempt = 1; ; attempt++) {
    await select.click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option }).first().click();
    try {
      await until(async () => (await shown.count()) > 0, `the select to show ${option}`, 3_000);
      return;
    } catch (err) {
      if (attempt >= 3)
        throw new Error(
          `${(err as Error).message}; the form shows ${JSON.stringify(await within.locator('.ant-select').allInnerTexts())}`,
          { cause: err },
        );
    }
  }
}

const matches = (text: string, want: string | RegExp) =>
  typeof want === 'string' ? text.includes(want) : want.test(text);

/** Assertions on locators that wait for the page to settle. */
export const see = {
  visible: (l: Locator) => l.first().waitFor({ state: 'visible', timeout: 15_000 }),
  hidden: (l: Locator) => l.first().waitFor({ state: 'hidden', timeout: 15_000 }),
  count: (l: Locator, n: number) => until(async () => (await l.count()) === n, `${n} × ${l.toString()}`),
  text: (l: Locator, want: string | RegExp) =>
    until(async () => matches(await l.first().innerText(), want), `${l.toString()} to show ${String(want)}`),
  noText: (l: Locator, want: string | RegExp) =>
    until(async () => !matches(await l.first().innerText(), want), `${l.toString()} not to show ${String(want)}`),
  checked: (l: Locator) => until(() => l.isChecked(), `${l.toString()} checked`),
  disabled: (l: Locator) => until(() => l.isDisabled(), `${l.toString()} disabled`),
};
