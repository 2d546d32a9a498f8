/**
 * The console's usability in a real browser (Debian chromium via playwright-core) against the real app, PostgreSQL,
 * Redis, the workers and the DingTalk emulator:
 * - 方案审核: the business admin sees every person of the round — 认购区间, what they subscribed (a partner who
 *   declined with ¥0 is not counted as 已认购), the 测算 amount, the accountant's adjustment with its reason, and a
 *   强投 placed at ¥200,000 who never subscribed; the head count equals the rows.
 * - the address: the tree's pick and the tab are in the URL — F5 keeps them, the link opens the same page in
 *   another session, back / forward walk through them.
 * - loading and failure: a slow 立项 shows a skeleton (not an empty form tagged 未填写); a failing 缴款 shows the
 *   Chinese message and 重试 (not ¥0.00 or 没有应缴记录), and 重试 loads it.
 * - every module (as each role that sees it) and every 项目流程 tab at 1280 and 1440 wide: no page-wide horizontal
 *   scroll, every table inside the work area with its first and last column headers reachable (fixed or scrolling
 *   inside the table). Screenshots: test/artifacts/console/ux-*.png.
 */
import type { Browser, Page } from 'playwright-core';
import { startWorkers, type RunningWorkers } from '../../server/jobs/worker';
import { seedDemo } from '../../server/seed/seed';
import { startTestApp, testDeps, type TestApp } from '../support/app';
import {
  ensureConsoleBuilt,
  launchBrowser,
  loginThroughForm,
  openConsole,
  screenshot,
  see,
  until,
  type ConsolePage,
} from '../support/browser';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import { CoInvestmentFixtures } from '../support/miniapp-fixtures';
import { seedReportScenario } from '../support/report-fixtures';

jest.setTimeout(600_000);

let t: TestApp;
let emu: TestEmulator;
let workers: RunningWorkers;
let browser: Browser;
let fx: CoInvestmentFixtures;
let projectId = 0;
let reviewId = 0;
let projectName = '';
/** 江阴项目 with a ledger, payments, an exit and a distribution batch (test/support/report-fixtures.ts). */
let fullProjectId = 0;
const names: Record<string, string> = {};
const opened: ConsolePage[] = [];

beforeAll(async () => {
  await ensureConsoleBuilt();
  emu = await startTestEmulator();
  t = await startTestApp({ deps: testDeps({ ...emu.env, NOTIFY_RELAY_INTERVAL_MS: '100' }) });
  await emu.configure({ callbackUrl: `${t.base}/api/dingtalk/callback` });
  await seedDemo(t.deps.db);
  workers = await startWorkers(t.deps, t.deps.redisUrl);
  fx = await new CoInvestmentFixtures(t, emu).init();
  for (const u of await t.deps.db.user.findMany({
    where: { dingUserId: { in: ['u1001', 'u1002', 'u1003', 'u1004'] } },
    select: { dingUserId: true, name: true },
  }))
    names[u.dingUserId!] = u.name;

  // a round in 方案审核: a 强投 who never subscribes (placed at ¥200,000), one who subscribes, one who declines
  // with ¥0, one whose 测算 amount the accountant lowers with a reason
  projectId = await fx.project('界面审核', { scheme: { perPersonCapRatio: '0.003' } });
  projectName = (await t.deps.db.project.findUniqueOrThrow({ where: { id: projectId } })).name;
  const round = await fx.openRound(
    projectId,
    [
      { userid: 'u1001', level: 'GROUP', category: 'MANDATORY', min: '200000', max: '300000' },
      { userid: 'u1002', level: 'GROUP', category: 'VOLUNTARY', min: '10000', max: '50000' },
      { userid: 'u1003', level: 'CITY', category: 'VOLUNTARY', min: '10000', max: '50000' },
      { userid: 'u1004', level: 'CITY', category: 'PRIORITY', min: '10000', max: '100000' },
    ],
    8_000,
  );
  await fx.subscribe('u1002', projectId, '30000');
  await fx.subscribe('u1003', projectId, '0');
  await fx.subscribe('u1004', projectId, '80000');
  await fx.pastDeadlines([round]);
  const base = `/api/projects/${projectId}/rounds/${round.roundId}`;
  const calc = await fx.accountant.post(`${base}/calculate`);
  expect(calc.status).toBe(200);
  const lines = calc.data.lines as Array<{ id: number; user: { name: string }; version: number }>;
  const line = (userid: string) => lines.find((l) => l.user.name === names[userid])!;
  const edit = await fx.accountant.patch(`${base}/partners/${line('u1004').id}`, {
    version: line('u1004').version,
    investedAmount: '60000',
    reason: '城市公司层级额度紧张，与本人确认后调减',
  });
  expect(edit.status).toBe(200);
  const submitted = await fx.accountant.post(`${base}/submit`, { acknowledgedMandatory: [line('u1001').id] });
  expect(submitted.status).toBe(200);
  reviewId = submitted.data.id;
  fullProjectId = (await seedReportScenario(t, emu)).A;
  browser = await launchBrowser();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await workers?.close();
  await t?.close();
  await emu?.close();
});

afterEach(async () => {
  for (const c of opened.splice(0)) {
    await c.page.screenshot({ path: 'test/artifacts/console/_last-ux.png', fullPage: true }).catch(() => undefined);
    // the 503 answers the failure tests make on purpose
    const errors = c.errors.splice(0).filter((e) => !e.startsWith('HTTP 503'));
    await c.context.close();
    expect(errors).toEqual([]);
  }
});

async function session(username: string, width = 1440): Promise<ConsolePage> {
  const c = await openConsole(browser, t.base);
  opened.push(c);
  await c.page.setViewportSize({ width, height: 900 });
  await loginThroughForm(c.page, username);
  return c;
}

const businessTab = (page: Page, name: string) =>
  page.getByTestId('business-tabs').getByRole('tab', { name, exact: true });

describe('方案审核: what the approver decides on', () => {
  it('the API gives every person with the counts equal to the rows; ¥0 is not 已认购', async () => {
    const d = (await fx.reviewer.get(`/api/reviews/${reviewId}`)).data;
    expect(d.counts).toEqual({ listed: 4, subscribed: 2, declined: 1, unanswered: 1, invested: 3 });
    expect(d.partners).toHaveLength(d.counts.listed);
    expect(d.summary).toBe('立项认购：名单 4 人，已认购 2 人，计入投资 3 人，合计 ¥290,000.00');
    const by = (u: string) => d.partners.find((p: { name: string }) => p.name === names[u]);
    expect(by('u1001')).toMatchObject({
      category: 'MANDATORY',
      subscribedAmount: null,
      investedAmount: '200000.00',
      mandatoryPlaced: true,
      minAmount: '200000.00',
      maxAmount: '300000.00',
    });
    expect(by('u1003')).toMatchObject({ subscribedAmount: '0.00', investedAmount: '0.00', mandatoryPlaced: false });
    expect(by('u1004')).toMatchObject({
      subscribedAmount: '80000.00',
      allocatedAmount: '80000.00',
      investedAmount: '60000.00',
      adjustment: '-20000.00',
      editReason: '城市公司层级额度紧张，与本人确认后调减',
      editedBy: '环沪会计-陈洁',
    });
    // the mini-program's lines: the acknowledgement, then one per person with what they did under the name
    const personLines = d.lines.filter((l: { note?: string }) => l.note);
    expect(personLines).toHaveLength(4);
    expect(personLines.find((l: { label: string }) => l.label.startsWith(names.u1004!)).note).toBe(
      '认购 ¥80,000.00；测算 ¥80,000.00；调整 -¥20,000.00：城市公司层级额度紧张，与本人确认后调减',
    );
  });

  it('the business admin sees the table: 认购区间, 认购, 测算, 调整 with reason, 强投 placed, counts = rows', async () => {
    const { page } = await session('hhadmin', 1280);
    await page.goto(`/console/business/review?reviewId=${reviewId}`);
    const lines = page.getByTestId(`review-lines-${reviewId}`);
    await see.visible(lines);
    await see.count(lines.locator('tbody tr.ant-table-row'), 4);
    await see.text(
      page.getByTestId('review-counts'),
      /名单 4 人 · 已认购 2 人 · 放弃 1 人 · 未认购 1 人 · 计入投资 3 人/,
    );
    const mandatory = lines.locator('tr.ant-table-row', { hasText: names.u1001! });
    await see.visible(mandatory.getByTestId('review-mandatory-placed'));
    await see.text(mandatory, /¥200,000\.00 –\s*¥300,000\.00/);
    await see.text(mandatory, '未认购');
    await see.text(mandatory, '¥200,000.00');
    await see.text(lines.locator('tr.ant-table-row', { hasText: names.u1003! }), '放弃（¥0.00）');
    const edited = lines.locator('tr.ant-table-row', { hasText: names.u1004! });
    await see.text(edited, '-¥20,000.00');
    await see.text(edited, '城市公司层级额度紧张，与本人确认后调减');
    await see.text(edited, '¥60,000.00');
    await see.visible(page.getByText(`强投未认购：${names.u1001}`));
    // 通过 / 驳回 stay reachable at 1280
    await see.visible(page.getByRole('button', { name: `通过 #${reviewId}` }));
    await screenshot(page, 'ux-review-detail-1280');
  });
});

describe('the address keeps the project and the tab', () => {
  it('F5, a shared link and back / forward', async () => {
    const { page } = await session('hhkj');
    await page.getByRole('menuitem', { name: '业务' }).click();
    await page.getByTestId(`tree-project-${projectId}`).click();
    await see.text(page.getByTestId('business-project'), projectName);
    await until(async () => page.url().includes(`projectId=${projectId}`), 'the project in the address');
    await businessTab(page, '缴款').click();
    await until(async () => page.url().includes('/console/business/payments'), 'the tab in the address');
    const link = page.url();
    await page.reload();
    await see.text(page.getByTestId('business-project'), projectName);
    await see.visible(page.locator('.ant-tabs-tab-active', { hasText: '缴款' }));
    // back: 立项 of the same project; back again: no project picked; forward twice: 缴款 again
    await page.goBack();
    await until(async () => !page.url().includes('/business/payments'), 'back to the first tab');
    await see.text(page.getByTestId('business-project'), projectName);
    await page.goBack();
    await see.visible(page.getByTestId('business-prompt'));
    await page.goForward();
    await see.text(page.getByTestId('business-project'), projectName);
    await page.goForward();
    await see.visible(page.locator('.ant-tabs-tab-active', { hasText: '缴款' }));
    // the link in another session: the same project and tab
    const other = await session('hhkj');
    await other.page.goto(link);
    await see.text(other.page.getByTestId('business-project'), projectName);
    await see.visible(other.page.locator('.ant-tabs-tab-active', { hasText: '缴款' }));
    // a module switch keeps the pick: 报表 filtered by it, back to 业务 on the same project
    await other.page.getByRole('menuitem', { name: '报表' }).click();
    await until(async () => other.page.url().includes(`projectId=${projectId}`), 'the pick across modules');
    // the DingTalk todo's link still opens the review
    const admin = await session('hhadmin');
    await admin.page.goto(`/console/business/review?reviewId=${reviewId}`);
    await see.visible(admin.page.getByTestId('review-focus-note'));
    await see.text(admin.page.getByTestId('business-project'), projectName);
    await until(async () => admin.page.url().includes(`reviewId=${reviewId}`), 'the review id kept');
  });

  it('the org tree folds away and back', async () => {
    const { page } = await session('hhkj', 1280);
    await see.visible(page.locator('.app-sider .ant-tree'));
    await page.getByTestId('tree-toggle').click();
    await see.hidden(page.locator('.app-sider .ant-tree'));
    await screenshot(page, 'ux-tree-folded-1280');
    await page.getByTestId('tree-toggle').click();
    await see.visible(page.locator('.app-sider .ant-tree'));
  });
});

describe('loading and failures never look like data', () => {
  it('a slow 立项 shows a skeleton; a failing 缴款 shows the message and 重试, which loads it', async () => {
    const { page } = await session('hhkj');
    let release: () => void = () => undefined;
    const held = new Promise<void>((r) => (release = r));
    await page.route(`**/api/projects/${projectId}/setup`, async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(`/console/business/setup?projectId=${projectId}`);
    await see.visible(page.getByTestId('business').getByTestId('loading'));
    expect(await page.getByTestId('business').innerText()).not.toContain('未填写');
    await screenshot(page, 'ux-loading-setup');
    release();
    await see.hidden(page.getByTestId('business').getByTestId('loading'));
    await page.unroute(`**/api/projects/${projectId}/setup`);

    let fail = true;
    await page.route(`**/api/projects/${projectId}/payments**`, async (route) => {
      if (!fail) return route.continue();
      await route.fulfill({
        status: 503,
        contentType: 'application/json',
        body: JSON.stringify({ code: 'UNAVAILABLE', message: '服务暂时不可用，请稍后重试', details: null }),
      });
    });
    await businessTab(page, '缴款').click();
    const error = page.getByTestId('business').getByTestId('load-error');
    await see.text(error, '缴款明细加载失败：服务暂时不可用，请稍后重试');
    const text = await page.getByTestId('business').innerText();
    expect(text).not.toContain('没有应缴记录');
    expect(text).not.toContain('¥0.00');
    await screenshot(page, 'ux-error-payments');
    fail = false;
    await error.getByTestId('load-retry').click();
    await see.visible(page.getByTestId('dues-table'));
    await see.hidden(page.getByTestId('business').getByTestId('load-error'));
  });

  it('every 项目流程 tab: a failing API shows an error with 重试, never an empty state', async () => {
    const { page } = await session('hhkj');
    // every API call fails but the session and the tree (which name the project)
    await page.route('**/api/**', (route) =>
      /^\/api\/(auth\/|me$|org\/tree$)/.test(new URL(route.request().url()).pathname)
        ? route.continue()
        : route.fulfill({
            status: 503,
            contentType: 'application/json',
            body: JSON.stringify({ code: 'UNAVAILABLE', message: '服务暂时不可用，请稍后重试', details: null }),
          }),
    );
    await page.goto(`/console/business/setup?projectId=${projectId}`);
    await see.text(page.getByTestId('business-project'), projectName);
    const tabs = await page.getByTestId('business-tabs').locator('.ant-tabs-tab').allInnerTexts();
    for (const name of tabs) {
      await openTab(page, name);
      await see.visible(page.getByTestId('business').getByTestId('load-retry'));
      await see.text(page.getByTestId('business').getByTestId('load-error'), '服务暂时不可用，请稍后重试');
      const text = await page.getByTestId('business').innerText();
      for (const empty of ['尚无认购轮次', '没有', '暂无', '未填写', '¥0.00'])
        expect({ tab: name, shows: text.includes(empty) ? empty : null }).toEqual({ tab: name, shows: null });
      await screenshot(page, `ux-error-tab-${name.replace(/[ /]+/g, '')}`);
    }
  });
});

describe('loading and failures in the other modules', () => {
  it('项目维护, 用户, 系统日志, 接口日志 and the reports: the message and 重试, no empty table', async () => {
    for (const [username, group, modules] of [
      ['admin', '后台管理', ['项目维护', '系统日志', '接口日志']],
      ['hhadmin', '报表', ['立项及缴款汇总表', '员工合伙信息查询表', '工作跟踪表']],
    ] as const) {
      const { page } = await session(username, 1280);
      await page.route('**/api/**', (route) =>
        /^\/api\/(auth\/|me$|org\/tree$)/.test(new URL(route.request().url()).pathname)
          ? route.continue()
          : route.fulfill({
              status: 503,
              contentType: 'application/json',
              body: JSON.stringify({ code: 'UNAVAILABLE', message: '服务暂时不可用，请稍后重试', details: null }),
            }),
      );
      await page.locator('.app-header').getByRole('menuitem', { name: group }).click();
      for (const title of modules) {
        await page.locator('.module-tabs').getByRole('tab', { name: title, exact: true }).click();
        const area = page.locator('.work-area');
        await see.text(area.getByTestId('load-error').first(), '服务暂时不可用，请稍后重试');
        await see.visible(area.getByTestId('load-retry'));
        const text = await area.innerText();
        for (const empty of ['暂无数据', '没有符合条件的数据', '没有等待处理的事项', '共 0 条'])
          expect({ title, shows: text.includes(empty) ? empty : null }).toEqual({ title, shows: null });
        await screenshot(page, `ux-error-${username}-${title}`);
      }
      if (username === 'admin') {
        await page.locator('.module-tabs').getByRole('tab', { name: '账号及角色', exact: true }).click();
        await page.locator('.work-area').getByRole('tab', { name: '用户', exact: true }).click();
        await see.text(page.locator('.work-area').getByTestId('load-error').first(), '用户列表加载失败');
        expect(await page.locator('.work-area').innerText()).not.toContain('暂无数据');
      }
    }
  });
});

/** Opens a 项目流程 tab, from the overflow menu when the tab bar is too narrow for it. */
async function openTab(page: Page, name: string): Promise<void> {
  const tab = businessTab(page, name);
  if (await tab.isVisible()) await tab.click();
  else {
    await page.getByTestId('business-tabs').locator('.ant-tabs-nav-more').first().hover();
    await page.locator('.ant-tabs-dropdown-menu-item', { hasText: name }).first().click();
  }
}

/** Every table on the page: no page-wide horizontal scroll, first and last headers reachable inside the table. */
async function tablesFit(page: Page, where: string): Promise<void> {
  const problems = await page.evaluate<string[]>(`(() => {
    const out = [];
    const vw = window.innerWidth;
    if (document.documentElement.scrollWidth > vw + 1)
      out.push('page scrolls sideways: ' + document.documentElement.scrollWidth + ' > ' + vw);
    const work = document.querySelector('.work-area');
    const right = work ? work.getBoundingClientRect().right : vw;
    for (const t of document.querySelectorAll('.work-area .ant-table-wrapper')) {
      const box = t.getBoundingClientRect();
      if (!box.width || t.closest('.ant-table-expanded-row')) continue;
      if (box.right > right + 1) out.push('table wider than the work area: ' + Math.round(box.right) + ' > ' + Math.round(right));
      const heads = [...t.querySelectorAll('thead th')].filter((th) => th.getBoundingClientRect().width > 0);
      if (!heads.length) continue;
      const body = t.querySelector('.ant-table-content, .ant-table-body, .ant-table-header') || t;
      const scrolls = body.scrollWidth > body.clientWidth + 1;
      const first = heads[0].getBoundingClientRect();
      if (first.left < box.left - 1) out.push('first column cut off: ' + heads[0].innerText);
      const last = heads[heads.length - 1];
      const lb = last.getBoundingClientRect();
      if (!scrolls && lb.right > box.right + 1) out.push('last column cut off without a scroll bar: ' + last.innerText);
      // a table that scrolls sideways keeps its key column (the person, the project …) in view
      const fixed = (th) => /ant-table-cell-fix-(left|start)/.test(th.className);
      const fixedEnd = (th) => /ant-table-cell-fix-(right|end)/.test(th.className);
      if (scrolls && !heads.some(fixed)) out.push('scrolls sideways with no fixed key column: ' + heads.slice(0, 3).map((h) => h.innerText).join(' | '));
      if (scrolls && /^操作/.test(last.innerText.trim()) && !fixedEnd(last)) out.push('操作 scrolls out of view: not fixed right');
      // a header squeezed below two characters is unreadable
      for (const th of heads)
        if (th.innerText.trim() && th.getBoundingClientRect().width < 28) out.push('column too narrow: ' + th.innerText);
    }
    // Chinese everywhere: no enum or audit code (SUBSCRIBED, send_payment_notices, SubscriptionRound) in a cell or tag
    for (const el of document.querySelectorAll('.work-area td, .work-area .ant-tag, .work-area .ant-select-selection-item')) {
      const text = (el.innerText || '').trim();
      // codes people type (组织编码, 项目编码, 角色代码) are data, not labels
      const table = el.closest('table');
      const row = table && table.querySelector('thead tr');
      const head = el.tagName === 'TD' && row && row.children[el.cellIndex] ? row.children[el.cellIndex].innerText : '';
      if (/编码|代码|账号|用户名/.test(head)) continue;
      if (/^(?:[A-Z][A-Z0-9]*_[A-Z0-9_]+|[A-Z]{4,}|[a-z]+_[a-z_]+|[A-Z][a-z]+[A-Z][A-Za-z]+)$/.test(text) && !/^(?:MOIC|XIRR|IRR|BPM|OA)$/.test(text))
        out.push('code shown instead of Chinese: ' + text);
    }
    return out;
  })()`);
  expect({ where, problems }).toEqual({ where, problems: [] });
}

async function settle(page: Page): Promise<void> {
  await until(
    async () => (await page.locator('.work-area .ant-spin-spinning, .work-area [data-testid="loading"]').count()) === 0,
    'the module to load',
    20_000,
  ).catch(() => undefined);
}

describe('every module and tab at 1280 and 1440', () => {
  for (const [username, withProject] of [
    ['admin', false],
    ['hhadmin', true],
    ['hhkj', true],
  ] as const) {
    it(`${username}: every module it sees`, async () => {
      const { page } = await session(username, 1280);
      for (const group of ['后台管理', '业务', '报表']) {
        const menu = page.locator('.app-header').getByRole('menuitem', { name: group });
        if (!(await menu.count())) continue;
        await menu.click();
        const titles = await page.locator('.module-tabs .ant-tabs-tab').allInnerTexts();
        for (const title of titles) {
          await page.locator('.module-tabs').getByRole('tab', { name: title, exact: true }).click();
          await settle(page);
          for (const width of [1280, 1440]) {
            await page.setViewportSize({ width, height: 900 });
            await settle(page);
            await screenshot(page, `ux-${username}-${group}-${title}-${width}`);
            await tablesFit(page, `${username} ${group}/${title} @${width}`);
          }
          await page.setViewportSize({ width: 1280, height: 900 });
          // a module's own tabs (账号及角色: 项目授权 / 用户 / 角色 …), each at 1280
          const inner = page.locator('.work-area .ant-tabs').first().locator('> .ant-tabs-nav .ant-tabs-tab');
          if (group !== '业务' && (await inner.count()) > 1)
            for (const sub of (await inner.allInnerTexts()).slice(1)) {
              await page
                .locator('.work-area .ant-tabs')
                .first()
                .locator('> .ant-tabs-nav')
                .getByRole('tab', { name: sub, exact: true })
                .click();
              await settle(page);
              await screenshot(page, `ux-${username}-${group}-${title}-${sub.replace(/[ /]+/g, '')}-1280`);
              await tablesFit(page, `${username} ${group}/${title}/${sub} @1280`);
            }
        }
      }
      if (!withProject) return;
      // every 项目流程 tab of a project in 方案审核 and of one with a ledger, payments, an exit and a distribution
      for (const [pid, label] of [
        [projectId, '审核中'],
        [fullProjectId, '江阴'],
      ] as const) {
        await page.goto(`/console/business/setup?projectId=${pid}`);
        await see.visible(page.getByTestId('business-project'));
        const tabs = await page.getByTestId('business-tabs').locator('.ant-tabs-tab').allInnerTexts();
        for (const name of tabs) {
          for (const width of [1280, 1440]) {
            await page.setViewportSize({ width, height: 900 });
            await openTab(page, name);
            await settle(page);
            await screenshot(page, `ux-${username}-业务-${label}-${name.replace(/[ /]+/g, '')}-${width}`);
            await tablesFit(page, `${username} 项目流程/${label}/${name} @${width}`);
          }
        }
      }
    });
  }
});
