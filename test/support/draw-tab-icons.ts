/**
 * Draws the tab bar's icons (miniapp/assets/tab/*.png, 60×60 as DingTalk recommends, transparent) with Debian's
 * chromium from inline SVG: 首页 a house, 我的 a person; grey outlines for the idle state, filled blue when active
 * (the tab bar's textColor / selectedColor in app.json). No external assets.
 *
 *   npx tsx test/support/draw-tab-icons.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import { launchBrowser } from './browser';

const OUT = path.resolve(__dirname, '../../miniapp/assets/tab');
const IDLE = '#747677';
const ACTIVE = '#0089FF';

const SHAPES: Record<string, (color: string, active: boolean) => string> = {
  home: (c, active) =>
    `<path d="M6 14.5 L16 6 L26 14.5 V26 a1 1 0 0 1 -1 1 H19.5 V19.5 H12.5 V27 H7 a1 1 0 0 1 -1 -1 Z"
       fill="${active ? c : 'none'}" stroke="${c}" stroke-width="2.2" stroke-linejoin="round" />
     ${active ? `<rect x="13.5" y="20.5" width="5" height="6.5" fill="#fff" />` : ''}`,
  mine: (c, active) =>
    `<circle cx="16" cy="11" r="5.2" fill="${active ? c : 'none'}" stroke="${c}" stroke-width="2.2" />
     <path d="M5.5 27 C6.5 20.5 10.5 18 16 18 C21.5 18 25.5 20.5 26.5 27 Z" fill="${active ? c : 'none'}"
       stroke="${c}" stroke-width="2.2" stroke-linejoin="round" />`,
};

async function main(): Promise<void> {
  fs.mkdirSync(OUT, { recursive: true });
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 60, height: 60 }, deviceScaleFactor: 1 });
    for (const [name, shape] of Object.entries(SHAPES))
      for (const active of [false, true]) {
        const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="60" height="60" viewBox="0 0 32 32">${shape(
          active ? ACTIVE : IDLE,
          active,
        )}</svg>`;
        await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
        const file = path.join(OUT, `${name}${active ? '-active' : ''}.png`);
        await page.screenshot({ path: file, omitBackground: true, clip: { x: 0, y: 0, width: 60, height: 60 } });
        process.stdout.write(`${path.relative(process.cwd(), file)} ${fs.statSync(file).size} bytes\n`);
      }
  } finally {
    await browser.close();
  }
}

void main();
