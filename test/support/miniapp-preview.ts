/**
 * Screenshots of the mini-program's pages as a phone shows them (375×812, DingTalk's title bar and tab bar), from
 * pages opened in the harness against the running BFF: the page's `data` is rendered through its AXML and ACSS
 * (test/support/miniapp-render.ts) and drawn by Debian's chromium. Used by test/miniapp/preview.int.test.ts,
 * which is what `npm run miniapp:preview` runs.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { PageHandle } from './miniapp-harness';
import { acssToCss, AxmlRenderer, frameHtml, type FrameOptions } from './miniapp-render';

const root = path.resolve(__dirname, '../..');
export const MINIAPP_SRC = path.join(root, 'miniapp');
export const PREVIEW_DIR = path.join(root, 'test/artifacts/miniapp');
export const PHONE = { width: 375, height: 812 };

interface AppJson {
  window: { defaultTitle: string; titleBarColor?: string };
  tabBar?: {
    textColor: string;
    selectedColor: string;
    backgroundColor: string;
    items: Array<{ pagePath: string; name: string; icon?: string; activeIcon?: string }>;
  };
}

export const appJson = (): AppJson => JSON.parse(fs.readFileSync(path.join(MINIAPP_SRC, 'app.json'), 'utf8'));

const dataUri = (rel: string | undefined): string | null => {
  if (!rel) return null;
  const file = path.join(MINIAPP_SRC, rel.replace(/^\//, ''));
  return fs.existsSync(file) ? `data:image/png;base64,${fs.readFileSync(file).toString('base64')}` : null;
};

const readCss = (rel: string) => {
  const file = path.join(MINIAPP_SRC, rel);
  return fs.existsSync(file) ? acssToCss(fs.readFileSync(file, 'utf8')) : '';
};

export interface Shot {
  name: string;
  /** The PNG of the first screen (375×812). */
  file: string;
  /** The whole page, as long as it is. */
  fullFile: string;
  /** The text the page shows (title bar, page, tab bar). */
  text: string;
}

/** Renders an opened page to test/artifacts/miniapp/<name>.png (and <name>-full.png). */
export async function screenshotPage(browser: Browser, page: PageHandle, name: string): Promise<Shot> {
  const app = appJson();
  const route = page.route;
  const renderer = new AxmlRenderer({ srcDir: MINIAPP_SRC, harness: page.harness });
  const body = renderer.renderPage(route, page.data);
  const pageJson = JSON.parse(fs.readFileSync(path.join(MINIAPP_SRC, `${route}.json`), 'utf8')) as {
    defaultTitle?: string;
  };
  const setTitle = page.harness
    .callsOf('setNavigationBar')
    .map((c) => c.options.title)
    .filter((x): x is string => typeof x === 'string')
    .at(-1);
  const css = [
    readCss('app.acss'),
    ...[...renderer.componentRoutes].map((c) => readCss(`${c}.acss`)),
    readCss(`${route}.acss`),
  ].join('\n');
  const tabIndex = app.tabBar?.items.findIndex((i) => i.pagePath === route) ?? -1;
  const frame: FrameOptions = {
    title: setTitle ?? pageJson.defaultTitle ?? app.window.defaultTitle,
    body,
    css,
    titleBarColor: app.window.titleBarColor ?? '#FFFFFF',
    back: tabIndex < 0 && route !== 'pages/login/index',
    tabBar:
      app.tabBar && tabIndex >= 0
        ? {
            ...app.tabBar,
            items: app.tabBar.items.map((it, i) => ({
              name: it.name,
              selected: i === tabIndex,
              icon: dataUri(i === tabIndex ? it.activeIcon : it.icon),
            })),
          }
        : undefined,
  };
  fs.mkdirSync(PREVIEW_DIR, { recursive: true });
  const tab: Page = await browser.newPage({ viewport: PHONE, deviceScaleFactor: 1 });
  try {
    await tab.setContent(frameHtml(frame), { waitUntil: 'load' });
    const file = path.join(PREVIEW_DIR, `${name}.png`);
    const fullFile = path.join(PREVIEW_DIR, `${name}-full.png`);
    await tab.screenshot({ path: file, animations: 'disabled' });
    // the whole page in a viewport as tall as it is, so the tab bar sits at its foot rather than mid-page
    const height = await tab.evaluate<number>('document.documentElement.scrollHeight');
    await tab.setViewportSize({ width: PHONE.width, height: Math.max(PHONE.height, height) });
    await tab.screenshot({ path: fullFile, animations: 'disabled' });
    const text = await tab.evaluate<string>('document.body.innerText');
    return { name, file, fullFile, text };
  } finally {
    await tab.close();
  }
}

/**
 * Whether a PNG shows something: decoded in the browser, the share of pixels that differ from the most common
 * colour (the background). A blank or single-colour screen is close to 0.
 */
export async function inkRatio(browser: Browser, file: string): Promise<number> {
  const tab = await browser.newPage({ viewport: PHONE });
  try {
    const uri = `data:image/png;base64,${fs.readFileSync(file).toString('base64')}`;
    // a script string: the test code is compiled without the DOM types
    return await tab.evaluate<number>(`(async () => {
      const img = new Image();
      img.src = ${JSON.stringify(uri)};
      await img.decode();
      const c = document.createElement('canvas');
      c.width = img.width;
      c.height = img.height;
      const g = c.getContext('2d');
      g.drawImage(img, 0, 0);
      const px = g.getImageData(0, 0, c.width, c.height).data;
      const counts = new Map();
      for (let i = 0; i < px.length; i += 4) {
        const k = (px[i] << 16) | (px[i + 1] << 8) | px[i + 2];
        counts.set(k, (counts.get(k) || 0) + 1);
      }
      let top = 0;
      for (const n of counts.values()) top = Math.max(top, n);
      return 1 - top / (px.length / 4);
    })()`);
  } finally {
    await tab.close();
  }
}
