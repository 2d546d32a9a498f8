import fs from 'node:fs';
import path from 'node:path';
import {
  eappUrl,
  MINIAPP_PAGES,
  NOTICE_PAGE,
  noticeUrl,
  pagePathOf,
  pageUrl,
  pageUrlFor,
  parseLink,
  readParams,
  TAB_PAGES,
  type MiniappPage,
} from '../../shared/deeplinks';

const appJson = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../miniapp/app.json'), 'utf8')) as {
  pages: string[];
  tabBar: { items: Array<{ pagePath: string }> };
};

describe('deep links into the mini-program', () => {
  it('every linkable page exists in app.json, and the tab pages are the tab bar', () => {
    for (const page of Object.keys(MINIAPP_PAGES) as MiniappPage[]) expect(appJson.pages).toContain(pagePathOf(page));
    expect(TAB_PAGES.map(pagePathOf)).toEqual(appJson.tabBar.items.map((i) => i.pagePath));
  });

  it('builds action-card URLs with the page parameters', () => {
    expect(eappUrl('payment', { noticeId: 12 })).toBe('eapp://pages/payment/index?noticeId=12');
    expect(eappUrl('home', {})).toBe('eapp://pages/home/index');
    expect(noticeUrl('SUBSCRIPTION', { projectId: 3 })).toBe('eapp://pages/subscribe/index?projectId=3');
    expect(noticeUrl('ACCOUNT_CONFIRM', {})).toBe('eapp://pages/account/index');
    expect(pageUrl('review', { reviewId: 7 })).toBe('/pages/review/index?reviewId=7');
  });

  it('refuses missing, unknown and non-integer parameters', () => {
    expect(() => pageUrlFor('payment', {})).toThrow(/noticeId/);
    expect(() => pageUrlFor('payment', { noticeId: 1.5 })).toThrow(/positive integer/);
    expect(() => pageUrlFor('payment', { noticeId: -1 })).toThrow(/positive integer/);
    expect(() => pageUrlFor('home', { projectId: 1 })).toThrow(/unknown parameter/);
  });

  it('reads links back, and rejects what it did not write', () => {
    for (const kind of Object.keys(NOTICE_PAGE) as Array<keyof typeof NOTICE_PAGE>) {
      const page = NOTICE_PAGE[kind];
      const params = Object.fromEntries((MINIAPP_PAGES[page].params as readonly string[]).map((p, i) => [p, 40 + i]));
      expect(parseLink(pageUrlFor(page, params))).toEqual({ page, params });
      expect(parseLink(pageUrlFor(page, params).replace(/^\//, 'eapp://'))).toEqual({ page, params });
    }
    expect(parseLink('eapp://pages/unknown/index')).toBeNull();
    expect(parseLink('eapp://pages/payment/index?noticeId=abc')).toBeNull();
    expect(parseLink('https://evil.example/pages/payment/index?noticeId=1')).toBeNull();
    expect(readParams('project', { projectId: '0' })).toBeNull();
    expect(readParams('project', { projectId: '15' })).toEqual({ projectId: 15 });
  });
});
