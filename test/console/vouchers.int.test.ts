/**
 * 业务 → 凭证 and 后台管理 → 凭证规则 in a real browser (Debian chromium via playwright-core) against the real app and
 * PostgreSQL. 江阴项目 (澄靖直属项目公司) has this month's payments in the ledger and a 利润分配 with 代扣个税 paid
 * today. The city accountant (hhkj) picks the entity, 生成凭证, reads the balance check, opens a voucher's lines,
 * downloads both import files and marks the month 已导出; the system admin edits a rule for the entity.
 * Screenshots: test/artifacts/console/vouchers-*.png.
 */
import type { Browser, Page } from 'playwright-core';
import { seedDemo } from '../../server/seed/seed';
import { shanghaiDay } from '../../shared/datetime';
import { startTestApp, type TestApp } from '../support/app';
import {
  ensureConsoleBuilt,
  launchBrowser,
  loginThroughForm,
  openConsole,
  screenshot,
  see,
  spaced,
  toastShown,
  type ConsolePage,
} from '../support/browser';
import { writeLedger } from '../support/distribution-fixtures';

jest.setTimeout(180_000);

let t: TestApp;
let browser: Browser;
let acct: ConsolePage;
let admin: ConsolePage;
const today = shanghaiDay();

beforeAll(async () => {
  await ensureConsoleBuilt();
  t = await startTestApp();
  await seedDemo(t.deps.db);
  const db = t.deps.db;
  const project = await db.project.findUniqueOrThrow({ where: { name: '江阴项目' } });
  const ids: Record<string, number> = {};
  for (const u of ['u1001', 'u1002']) ids[u] = (await db.user.findUniqueOrThrow({ where: { dingUserId: u } })).id;
  await db.projectScheme.create({
    data: { projectId: project.id, peakCapital: '50000000', cityRatio: '0.01', totalRatio: '0.01' },
  });
  await writeLedger(
    t,
    project.id,
    [
      { userId: ids.u1001!, tranches: [['300000', today]] },
      { userId: ids.u1002!, tranches: [['150000', today]] },
      { userId: null, tranches: [['50000', today]] },
    ],
    'vb',
  );
  const batch = await db.distributionBatch.create({
    data: {
      projectId: project.id,
      kind: 'PROFIT',
      seq: 1,
      date: new Date(`${today}T00:00:00Z`),
      status: 'PAID',
      settings: {},
    },
  });
  for (const [seq, userId, profit, tax] of [
    [1, ids.u1001!, '30000', '6000'],
    [2, ids.u1002!, '15000', '3000'],
  ] as const)
    await db.distributionLine.create({
      data: {
        batchId: batch.id,
        seq,
        level: 'CITY',
        holder: 'PARTNER',
        userId,
        name: seq === 1 ? '史伟' : '合伙人',
        principal: '0',
        interest: '0',
        other: '0',
        principalNet: '0',
        principalTotal: '0',
        weight: '1',
        profit,
        tax,
        profitNet: '0',
        totalExclOther: '0',
        payout: '0',
        paidAt: new Date(`${today}T00:00:00Z`),
      },
    });
  browser = await launchBrowser();
  acct = await openConsole(browser, t.base);
  admin = await openConsole(browser, t.base);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

afterEach(async () => {
  expect([...acct.errors.splice(0), ...admin.errors.splice(0)]).toEqual([]);
});

const moduleTab = (page: Page, name: string) => page.locator('.module-tabs').getByRole('tab', { name, exact: true });
const voucherRow = (page: Page, label: string) => page.locator('tr.ant-table-row', { hasText: label });

it('凭证: the accountant generates, checks the balance, opens a voucher, exports and marks the month 已导出', async () => {
  const { page } = acct;
  await loginThroughForm(page, 'hhkj');
  await page.getByRole('menuitem', { name: '业务' }).click();
  await moduleTab(page, '凭证').click();
  await see.visible(page.getByTestId('vouchers-page'));
  // the entity of 江阴项目
  await page.getByTestId('voucher-entity').click();
  await page.locator('.ant-select-item-option', { hasText: '澄靖直属项目公司' }).click();
  await see.visible(page.getByText('本期间还没有凭证：点击「生成凭证」'));

  await page.getByRole('button', { name: spaced('生成凭证') }).click();
  await toastShown(page, '已生成 5 张凭证');
  await see.text(
    page.getByTestId('voucher-balance'),
    '借贷平衡：共 5 张凭证，借方合计 ¥554,000.00，贷方合计 ¥554,000.00',
  );
  await see.text(page.getByTestId('voucher-balance'), '利润分配 ¥45,000.00');
  await see.text(page.getByTestId('voucher-balance'), '代扣个人所得税 ¥9,000.00');
  await see.visible(voucherRow(page, '收-0001'));
  await screenshot(page, 'vouchers-list');

  // a second generation changes nothing
  await page.getByRole('button', { name: spaced('生成凭证') }).click();
  await toastShown(page, '没有新的业务，凭证无变化');

  // the 利润分配 voucher: one line pair per partner, with the partner and the project as 辅助核算
  await voucherRow(page, '付-0004').getByText('付-0004').click();
  const drawer = page.locator('.ant-drawer').filter({ hasText: '付-0004' });
  await see.text(drawer, '2232 应付股利');
  await see.text(drawer, '史伟（u1001）');
  await see.text(drawer, '江阴项目');
  await see.text(drawer, '借贷平衡');
  await see.text(drawer, '分配明细 #');
  await screenshot(page, 'vouchers-detail');
  await page.locator('.ant-drawer-close').first().click();

  for (const [name, file] of [
    ['导出金蝶云星空（凭证引入 Excel）', /金蝶云星空\.xlsx$/],
    ['导出用友 U8（凭证引入文本）', /用友U8\.txt$/],
  ] as const) {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name }).click()]);
    expect(download.suggestedFilename()).toMatch(file);
  }

  await page.getByRole('button', { name: spaced('标记已导出') }).click();
  await page
    .locator('.ant-popconfirm')
    .getByRole('button', { name: spaced('标记已导出') })
    .click();
  await toastShown(page, '已标记为已导出');
  await see.hidden(page.locator('.ant-popconfirm'));
  await see.text(page.getByTestId('vouchers-page'), '已导出（');
  await see.disabled(page.getByRole('button', { name: spaced('生成凭证') }));
  await screenshot(page, 'vouchers-exported');
});

it('凭证规则: the system admin sees the default set and gives the entity its own bank account', async () => {
  const { page } = admin;
  await loginThroughForm(page, 'admin');
  await moduleTab(page, '凭证规则').click();
  await see.visible(page.getByTestId('voucher-rules-page'));
  await see.text(page.getByTestId('voucher-rules-page'), '2241.01 其他应付款-合伙人跟投款');
  await screenshot(page, 'vouchers-rules');
  await page.getByTestId('voucher-rules-page').locator('.ant-select').first().click();
  await page.locator('.ant-select-item-option', { hasText: '澄靖直属项目公司' }).click();
  const row = page.locator('tr.ant-table-row', { hasText: '认购缴款' });
  await row.getByRole('button', { name: spaced('编辑') }).click();
  const modal = page.locator('.ant-modal').filter({ hasText: '编辑凭证规则：认购缴款（澄靖直属项目公司）' });
  await modal.getByLabel('借方科目编码').fill('1002.08');
  await modal.getByLabel('借方科目名称').fill('银行存款-澄靖基本户');
  await modal.getByRole('button', { name: spaced('保存') }).click();
  await toastShown(page, '凭证规则已保存');
  await see.text(row, '1002.08 银行存款-澄靖基本户');
  await see.text(row, '本主体');
  await screenshot(page, 'vouchers-rules-entity');
});
