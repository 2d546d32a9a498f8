/**
 * 分配 in a real browser (Debian chromium via playwright-core) against the real app, PostgreSQL, Redis, the
 * notification workers and the DingTalk emulator.
 *
 * Set up through the ledger (as test/integration/distributions.int.test.ts does): 江阴项目 at 资金峰值 ¥50,000,000 ×
 * 城市公司 1% = ¥500,000 — 史伟 ¥300,000, 金涛 ¥100,000, 王磊 ¥50,000 and the 平台公司 ¥50,000, all paid in on 2026-01-01.
 * In the console the city accountant (hhkj) enters 史伟's 分配账户 and sends the 分配账户确认 notice (史伟 confirms in the
 * mini-program's API), accepts 金涛's correction, creates the 本金分配 batch, enters 资金峰值-实际, runs 测算 (the A…F
 * table with its 合计 row), adds an 其它 item with a reason and 送审; the business admin (hhadmin) approves in the batch;
 * hhkj is refused 本金分配 before 实际资金峰值确认, starts both flows from 项目流程 (completed in the emulator), sees
 * the 分配通知 and the BPM form, registers the payout (王磊 has no confirmed account: warned, left out, then paid
 * once confirmed) and locks the batch. Screenshots: test/artifacts/console/dist-*.png (1440 and 1280 wide).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { dec, formatMoney, roundMoney } from '../../shared/money';
import { startWorkers, type RunningWorkers } from '../../server/jobs/worker';
import { appendCapitalEntries } from '../../server/modules/capital/append-capital-entries';
import { systemActor } from '../../server/lib/audit';
import { seedDemo } from '../../server/seed/seed';
import { startTestApp, testDeps, type TestApp } from '../support/app';
import { loginAs, withToken } from '../support/auth';
import {
  ensureConsoleBuilt,
  launchBrowser,
  loginThroughForm,
  openConsole,
  screenshot,
  see,
  spaced,
  toastShown,
  until,
  type ConsolePage,
} from '../support/browser';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import { eventually } from '../support/eventually';

jest.setTimeout(180_000);

let t: TestApp;
let emu: TestEmulator;
let workers: RunningWorkers;
let browser: Browser;
let acct: ConsolePage;
let admin: ConsolePage;
let pid = 0;
const ids: Record<string, number> = {};

const partnerLogin = async (userid: string) => {
  const res = await t.http.post('/api/auth/dingtalk', { authCode: await emu.authCode(userid) });
  if (res.status !== 200) throw new Error(`login ${userid}: ${res.status}`);
  return withToken(t, res.data.token);
};

beforeAll(async () => {
  await ensureConsoleBuilt();
  emu = await startTestEmulator();
  t = await startTestApp({ deps: testDeps({ ...emu.env, NOTIFY_RELAY_INTERVAL_MS: '100' }) });
  await emu.configure({ callbackUrl: `${t.base}/api/dingtalk/callback` });
  await seedDemo(t.deps.db);
  workers = await startWorkers(t.deps, t.deps.redisUrl);
  const db = t.deps.db;
  pid = (await db.project.findUniqueOrThrow({ where: { name: '江阴项目' } })).id;
  await db.projectScheme.create({
    data: { projectId: pid, peakCapital: '50000000', cityRatio: '0.01', totalRatio: '0.01' },
  });
  for (const u of ['u1001', 'u1002', 'u1003'])
    ids[u] = (await db.user.findUniqueOrThrow({ where: { dingUserId: u } })).id;
  const holders = [
    { userId: ids.u1001!, amount: '300000' },
    { userId: ids.u1002!, amount: '100000' },
    { userId: ids.u1003!, amount: '50000' },
    { userId: null, amount: '50000' },
  ];
  await db.$transaction((tx) =>
    appendCapitalEntries(tx, {
      projectId: pid,
      actor: systemActor('测试'),
      reason: '测试台账',
      entries: holders.flatMap((h) =>
        (['COMMITMENT', 'PAYMENT'] as const).map((kind) => ({
          level: 'CITY' as const,
          holder: h.userId === null ? ('PLATFORM' as const) : ('PARTNER' as const),
          userId: h.userId,
          kind,
          committedDelta: dec(kind === 'COMMITMENT' ? h.amount : 0),
          paidDelta: dec(kind === 'PAYMENT' ? h.amount : 0),
          interestDelta: dec(0),
          valueDate: '2026-01-01',
          idempotencyKey: `test:${kind}:${h.userId ?? 'p'}`,
        })),
      ),
    }),
  );
  // 金涛 entered and confirmed his own account, then corrected it: the accountant accepts the correction
  const jin = await partnerLogin('u1002');
  await jin.put('/api/me/distribution-account', {
    accountName: '金涛',
    bankName: '中国银行',
    accountNo: '6216600000005678',
  });
  await jin.put('/api/me/distribution-account', {
    accountName: '金涛',
    bankName: '中国银行',
    branchName: '无锡分行',
    accountNo: '6216600000009999',
  });
  browser = await launchBrowser();
  acct = await openConsole(browser, t.base);
  admin = await openConsole(browser, t.base);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await workers?.close();
  await t?.close();
  await emu?.close();
});

afterEach(async () => {
  await acct?.page
    .screenshot({ path: 'test/artifacts/console/_last-dist-acct.png', fullPage: true })
    .catch(() => undefined);
  await admin?.page
    .screenshot({ path: 'test/artifacts/console/_last-dist-admin.png', fullPage: true })
    .catch(() => undefined);
  expect([...acct.errors.splice(0), ...admin.errors.splice(0)]).toEqual([]);
});

const area = (page: Page) => page.getByTestId('business');
const bizTab = (page: Page, name: string) => area(page).getByRole('tab', { name, exact: true });
const batchTab = (page: Page, name: RegExp) => page.getByTestId('batch-tabs').getByRole('tab', { name });
const subTab = (page: Page, name: string) => page.getByTestId('batch-subtabs').getByRole('tab', { name });
const modal = (page: Page, title: string) => page.locator('.ant-modal').filter({ hasText: title });
const confirmDialog = (page: Page, title: string) => page.locator('.ant-modal-confirm').filter({ hasText: title });
const lines = (page: Page) => page.getByTestId('batch-lines');
const lineRow = (page: Page, name: string) => lines(page).locator('tr.ant-table-row', { hasText: name });
const openDistributions = async (page: Page) => {
  await page.getByRole('menuitem', { name: '业务' }).click();
  await area(page).waitFor();
  await page.getByTestId(`tree-project-${pid}`).click();
  await see.text(page.getByTestId('business-project'), '江阴项目');
  await bizTab(page, '分配').click();
  await page.getByTestId('distributions').waitFor();
};
const openPrincipal = async (page: Page, sub = '事业合伙分配') => {
  await batchTab(page, /本金分配/).click();
  await subTab(page, sub).click();
};
/** The same screen at both widths the console is used at. */
const shots = async (page: Page, name: string) => {
  await screenshot(page, `${name}-1440`);
  await page.setViewportSize({ width: 1280, height: 900 });
  await screenshot(page, `${name}-1280`);
  await page.setViewportSize({ width: 1440, height: 900 });
};
const batchRow = () => t.deps.db.distributionBatch.findFirstOrThrow({ where: { projectId: pid, kind: 'PRINCIPAL' } });

it('分配账户: the accountant enters one (masked), sends the confirmation notice, the partner confirms; a correction is accepted', async () => {
  const { page } = acct;
  await loginThroughForm(page, 'hhkj');
  await openDistributions(page);
  // 未分配: what the ledger holds
  await see.text(page.getByTestId('undistributed-table'), '¥500,000.00');
  await page.getByTestId('distributions').getByRole('tab', { name: '分配账户' }).click();
  const table = page.getByTestId('accounts-table');
  await see.text(table.locator('tr', { hasText: '史伟' }), '未填写');
  await see.text(table.locator('tr', { hasText: '金涛' }), '待接受更正');
  await see.text(table.locator('tr', { hasText: '金涛' }), '6216 **** **** 9999');

  await page.getByRole('button', { name: '编辑 史伟 的分配账户' }).click();
  const dialog = modal(page, '登记分配账户 · 史伟');
  await dialog.getByLabel('开户行').fill('中国工商银行');
  await dialog.getByLabel('支行').fill('江阴支行');
  await dialog.getByLabel('账号').fill('6222 0212 3456 1234');
  await dialog.getByRole('button', { name: spaced('保存') }).click();
  await toastShown(page, '史伟的分配账户已保存，待合伙人确认');
  const shi = table.locator('tr', { hasText: '史伟' });
  await see.text(shi, '6222 **** **** 1234');
  await see.text(shi, '待确认');
  expect(await table.innerText()).not.toContain('6222021234561234');

  await page.getByRole('checkbox', { name: '选择 史伟' }).check();
  await page.getByTestId('send-account-confirm').click();
  await see.text(confirmDialog(page, '发送分配账户确认通知'), '1');
  await confirmDialog(page, '发送分配账户确认通知').getByRole('button', { name: '确认发送' }).click();
  await toastShown(page, '分配账户确认通知已发送 1 人');
  await see.text(shi, '已通知');
  const card = await eventually(async () => {
    const c = (await emu.workNotifications('u1001'))
      .map((n) => (n.msg as { action_card?: Record<string, string> }).action_card)
      .find((a) => a?.title === '分配账户确认');
    if (!c) throw new Error('no 分配账户确认 notice yet');
    return c;
  });
  expect(card.markdown).toContain('6222 **** **** 1234');
  expect((await (await partnerLogin('u1001')).post('/api/me/distribution-account/confirm', {})).status).toBe(200);
  await page.getByRole('button', { name: '刷新分配账户' }).click();
  await see.text(shi, '已确认');

  await page.getByRole('button', { name: '接受 金涛 的更正' }).click();
  await see.text(confirmDialog(page, '接受金涛提交的账户更正'), '6216 **** **** 5678');
  await confirmDialog(page, '接受金涛提交的账户更正').getByRole('button', { name: '接受更正' }).click();
  await toastShown(page, '已接受金涛的账户更正');
  await see.text(table.locator('tr', { hasText: '金涛' }), '已确认');
  await see.text(table.locator('tr', { hasText: '王磊' }), '未填写');
  await shots(page, 'dist-01-accounts');
});

it('本金分配: created, 资金峰值-实际 entered, 测算 shows the A…F table with the 合计 row; an 其它 item with a reason; 送审', async () => {
  const { page } = acct;
  await page.getByTestId('distributions').getByRole('tab', { name: '事业合伙分配' }).click();
  await batchTab(page, /本金分配/).click();
  await page.getByRole('button', { name: '新建本金分配批次' }).click();
  await modal(page, '新建本金分配批次')
    .getByRole('button', { name: spaced('新建') })
    .click();
  await toastShown(page, '已新建本金分配批次');
  await subTab(page, '事业合伙分配').click();
  await see.text(page.getByTestId('batch-status'), '草稿');
  const settings = page.getByTestId('batch-settings');
  await settings.getByLabel('资金峰值-实际').fill('48000000');
  await page.getByTestId('batch-settings-save').click();
  await toastShown(page, '分配设置已保存');
  await page.getByTestId('batch-calculate').click();
  await toastShown(page, /测算完成：4 行/);
  await see.text(page.getByTestId('batch-status'), '已测算');
  const total = page.getByTestId('batch-total-row');
  await see.text(total, '合计（4 行）');
  await see.text(total, '¥500,000.00');
  await see.text(lineRow(page, '平台公司'), '¥50,000.00');
  await see.text(lineRow(page, '史伟'), '¥300,000.00');

  // 其它 for 史伟: saved with its reason, the batch 测算 again
  await page.getByRole('button', { name: '其它 史伟' }).click();
  const dialog = modal(page, '其它调整 · 史伟');
  await dialog.getByLabel('金额').fill('1000');
  await dialog.getByRole('button', { name: '保存并重新测算' }).click();
  await see.visible(dialog.getByText('请填写原因'));
  await dialog.getByLabel('调整原因').fill('垫付费用返还');
  await dialog.getByRole('button', { name: '保存并重新测算' }).click();
  await toastShown(page, '史伟的其它调整已保存');
  await toastShown(page, /测算完成/);
  await see.text(page.getByTestId('batch-adjustments'), '垫付费用返还');
  await see.text(lineRow(page, '史伟'), '¥1,000.00');
  await see.text(page.getByTestId('batch-status'), '已测算');
  // the 合计 row is the sum of the lines (E = A + B + C) as the server stored it
  const b = await t.deps.db.distributionLine.findMany({ where: { batch: { projectId: pid } } });
  const payout = b.reduce((s, l) => s.plus(String(l.payout)), dec(0));
  await see.text(total, formatMoney(payout));
  await shots(page, 'dist-02-calculated');

  // 计息基数 配资额: nobody financed yet, so no 资金利息; 配资 for 史伟 (15万 of his 30万) → interest on that part only
  const shiweiInterest = () =>
    t.deps.db.distributionLine
      .findFirstOrThrow({ where: { batch: { projectId: pid }, userId: ids.u1001 } })
      .then((l) => String(l.interest));
  await settings.getByLabel('计息基数').click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '配资额' }).click();
  await page.getByTestId('batch-settings-save').click();
  await toastShown(page, '分配设置已保存');
  await eventually(async () => expect(await shiweiInterest()).toBe('0'));
  await see.text(page.getByTestId('batch-status'), '已测算');
  await page.getByRole('button', { name: '配资 史伟' }).click();
  const fin = modal(page, '配资 · 史伟');
  await see.text(fin, '¥300,000.00');
  await fin.getByLabel('配资金额').fill('300000.01');
  await fin.getByRole('button', { name: '保存并重新测算' }).click();
  await see.visible(fin.getByText('配资金额不能大于实缴本金 ¥300,000.00'));
  await fin.getByLabel('配资金额').fill('150000');
  await fin.getByRole('button', { name: '保存并重新测算' }).click();
  await toastShown(page, '史伟的配资已保存');
  // 150,000 × 10% × days from 2026-01-01 to the 分配日期 / 365 (e.g. 181 days to 2026-07-01: 7,438.356… → 7,438.36)
  const days = ((await batchRow()).date.getTime() - Date.UTC(2026, 0, 1)) / 86_400_000;
  const onFinanced = roundMoney(dec(150000).times('0.10').times(days).div(365));
  await eventually(async () => expect(await shiweiInterest()).toBe(onFinanced.negated().toString()));
  await see.text(page.getByTestId('batch-adjustments'), '配资');
  await see.text(page.getByTestId('batch-adjustments'), '¥150,000.00');
  await see.text(lineRow(page, '史伟'), formatMoney(onFinanced, { symbol: false }));
  await shots(page, 'dist-02b-financing');
  // back to 实缴本金 without the 配资 for the review below
  await page.getByRole('button', { name: '删除该配资' }).click();
  await toastShown(page, '配资（删除）已保存');
  await see.noText(page.getByTestId('batch-adjustments'), '配资');
  await settings.getByLabel('计息基数').click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '实缴本金' }).click();
  await page.getByTestId('batch-settings-save').click();
  const onAll = roundMoney(dec(300000).times('0.10').times(days).div(365));
  await eventually(async () => expect(await shiweiInterest()).toBe(onAll.negated().toString()));
  await see.text(page.getByTestId('batch-status'), '已测算');
  await see.text(total, formatMoney(payout));

  await page.getByTestId('batch-submit').click();
  await confirmDialog(page, '本金分配送审').getByRole('button', { name: '确认送审' }).click();
  await toastShown(page, '本金分配已送审');
  await see.text(page.getByTestId('batch-status'), '已送审');
});

it('the business admin approves the batch in 事业合伙分配', async () => {
  const { page } = admin;
  await loginThroughForm(page, 'hhadmin');
  await openDistributions(page);
  await openPrincipal(page);
  await see.text(lines(page), '¥300,000.00');
  await page.getByTestId('batch-approve').click();
  await confirmDialog(page, '审核通过').getByRole('button', { name: '审核通过' }).click();
  await toastShown(page, '本金分配已审核通过');
  await see.text(page.getByTestId('batch-status'), '审核通过');
  await see.text(page.getByTestId('batch-next'), '实际资金峰值确认');
});

it('项目流程: 本金分配 is refused before 实际资金峰值确认; both flows complete in DingTalk; the batch is notified', async () => {
  const { page } = acct;
  await bizTab(page, '项目流程').click();
  const table = page.getByTestId('flow-table');
  await page.getByRole('button', { name: '发起 本金分配' }).click();
  await confirmDialog(page, '发起【本金分配】审批').getByRole('button', { name: '确认发起' }).click();
  await toastShown(page, '本金分配前须完成【实际资金峰值确认(循环)】流程');

  for (const [label, type] of [
    ['实际资金峰值确认(循环)', 'ACTUAL_PEAK'],
    ['本金分配', 'PRINCIPAL_DISTRIBUTION'],
  ] as const) {
    await page.getByRole('button', { name: `发起 ${label}` }).click();
    await confirmDialog(page, `发起【${label}】审批`).getByRole('button', { name: '确认发起' }).click();
    await toastShown(page, `【${label}】已发起，等待钉钉审批`);
    const row = table.locator('tr', { hasText: label }).first();
    await see.text(row, '审批中');
    const flow = await t.deps.db.projectFlow.findFirstOrThrow({
      where: { projectId: pid, type },
      orderBy: { id: 'desc' },
    });
    await emu.completeApproval(flow.instanceId!, 'agree');
    await until(async () => (await row.innerText()).includes('完成'), `${label} to show 完成`, 20_000);
  }
  await eventually(async () => {
    const b = await batchRow();
    if (b.status !== 'NOTIFIED') throw new Error(b.status);
  }, 20_000);
});

it('分配通知 lists who was told what; 查看BPM shows the flow form; 导出Excel downloads', async () => {
  const { page } = acct;
  await bizTab(page, '分配').click();
  await openPrincipal(page, '分配通知');
  const notices = page.getByTestId('notices-table');
  await until(async () => (await notices.innerText()).includes('已发送'), '分配通知 sent', 20_000);
  const shi = notices.locator('tr', { hasText: '史伟' });
  await see.text(shi, '本金：¥300,000.00');
  await see.text(shi, '其它：¥1,000.00');
  await see.text(shi, '6222 **** **** 1234');
  await see.count(notices.locator('tr.ant-table-row'), 3);
  await shots(page, 'dist-03-notices');

  await subTab(page, '事业合伙分配').click();
  await see.text(page.getByTestId('batch-status'), '已通知');
  await page.getByTestId('batch-view-bpm').click();
  const form = page.getByTestId('flow-form');
  await see.text(form, '本次分配节点');
  await see.text(form, '本金分配');
  await see.text(form, '合计');
  await shots(page, 'dist-04-bpm');
  await modal(page, '本金分配 · 第 1 次').locator('.ant-modal-footer button').click();

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: /导出Excel/ }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/本金分配.*\.xlsx$/);
});

it('发放登记 only to confirmed accounts (王磊 warned and left out, paid once confirmed); then 锁定', async () => {
  const { page } = acct;
  await page.getByTestId('batch-payouts').click();
  let dialog = modal(page, '发放登记 · 本金分配');
  await see.text(dialog.getByTestId('payout-missing'), '王磊');
  await see.disabled(dialog.getByRole('checkbox', { name: '选择 王磊' }));
  await shots(page, 'dist-05-payout');
  await dialog.getByRole('button', { name: '登记发放' }).click();
  await toastShown(page, '已登记发放 3 行');
  await see.text(lineRow(page, '史伟'), '已发放');
  await see.text(page.getByTestId('batch-status'), '已通知');

  // 王磊 enters and confirms his account in the mini-program
  const wang = await partnerLogin('u1003');
  await wang.put('/api/me/distribution-account', {
    accountName: '王磊',
    bankName: '中国建设银行',
    accountNo: '6217000000001111',
  });
  await page.getByTestId('batch-payouts').click();
  dialog = modal(page, '发放登记 · 本金分配');
  await see.count(dialog.locator('tr.ant-table-row'), 1);
  await dialog.getByRole('button', { name: '登记发放' }).click();
  await toastShown(page, '本金分配已全部发放');
  await see.text(page.getByTestId('batch-status'), '已发放');
  expect(await t.deps.db.capitalEntry.count({ where: { projectId: pid, kind: 'PRINCIPAL_RETURN' } })).toBe(4);

  await page.getByTestId('batch-lock').click();
  await confirmDialog(page, '锁定本金分配')
    .getByRole('button', { name: spaced('锁定') })
    .click();
  await toastShown(page, '本金分配已锁定');
  await see.text(page.getByTestId('batch-status'), '已锁定');
  await see.text(batchTab(page, /本金分配/), '已锁定');
  expect(await page.getByTestId('batch-settings').count()).toBe(0);
  await shots(page, 'dist-06-locked');
});

it('手动-非测算 第1次利润分配: the admin unlocks; typed lines with an 其它 missing its reason are refused by row; saved, 合计 shown', async () => {
  const { page } = acct;
  await page.getByTestId('new-profit-batch').click();
  const dialog = modal(page, '新建第1次利润分配批次');
  await dialog.getByLabel('手动-非测算').check();
  await dialog.getByRole('button', { name: spaced('新建') }).click();
  await toastShown(page, '已新建第1次利润分配批次');
  await see.text(page.getByTestId('manual-locked'), '请业务管理员先解锁编辑');

  const adm = admin.page;
  await bizTab(adm, '立项').click();
  await bizTab(adm, '分配').click();
  await batchTab(adm, /第1次利润分配/).click();
  await adm.getByTestId('manual-unlock').click();
  await confirmDialog(adm, '解锁编辑第1次利润分配').getByRole('button', { name: '解锁编辑' }).click();
  await toastShown(adm, '第1次利润分配已解锁编辑');

  await subTab(page, '分配通知').click();
  await subTab(page, '事业合伙分配').click();
  const editor = page.getByTestId('manual-editor');
  await editor.getByRole('button', { name: /添加一行/ }).click();
  await editor.getByRole('button', { name: /添加一行/ }).click();
  await editor.getByLabel('姓名 第1行').fill('史伟');
  await editor.getByLabel('A 事业合伙本金 第1行').fill('300000');
  await editor.getByLabel('F 利润 第1行').fill('60000');
  await editor.getByLabel('姓名 第2行').fill('金涛');
  await editor.getByLabel('A 事业合伙本金 第2行').fill('100000');
  await editor.getByLabel('C 其它 第2行').fill('500');
  await editor.getByLabel('F 利润 第2行').fill('20000');
  await page.getByTestId('manual-save').click();
  await toastShown(page, /分配明细有 \d+ 个问题，未保存/);
  await see.text(page.getByTestId('manual-errors'), '原因');
  await shots(page, 'dist-07-manual-errors');

  await editor.getByLabel('其它原因 第2行').fill('代垫费用');
  await page.getByTestId('manual-save').click();
  await toastShown(page, '分配明细已保存：2 行');
  await see.text(page.getByTestId('batch-status'), '已测算');
  await see.text(page.getByTestId('batch-total-row'), '¥80,000.00');
  await see.visible(page.getByTestId('batch-submit'));
  await shots(page, 'dist-08-manual-saved');
});

it('手动-非测算 导入: the 导出模板 file with a positive 资金利息 and an unknown name is refused row by row; the clean file imports', async () => {
  const { page } = acct;
  const batch = await t.deps.db.distributionBatch.findFirstOrThrow({ where: { projectId: pid, kind: 'PROFIT' } });
  const res = await (
    await loginAs(t, 'hhkj')
  ).get(`/api/projects/${pid}/distributions/${batch.id}/template`, { responseType: 'arraybuffer' });
  expect(res.status).toBe(200);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dist-import-'));
  const clean = path.join(dir, '第1次利润分配.xlsx');
  fs.writeFileSync(clean, Buffer.from(res.data));
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.data);
  const ws = wb.worksheets[0]!;
  const header = (ws.getRow(1).values as unknown[]).map(String);
  ws.getRow(2).getCell(header.indexOf('资金利息')).value = 500;
  ws.getRow(3).getCell(header.indexOf('姓名')).value = '不存在的人';
  const broken = path.join(dir, '第1次利润分配-有误.xlsx');
  await wb.xlsx.writeFile(broken);

  const input = page.getByTestId('manual-editor').locator('input[type=file]');
  await input.setInputFiles(broken);
  await toastShown(page, /导入文件有 \d+ 个问题，未导入/);
  const errors = page.getByTestId('manual-errors');
  await see.text(errors, '第 2 行');
  await see.text(errors, '不存在的人');
  await shots(page, 'dist-09-import-errors');
  await input.setInputFiles(clean);
  await toastShown(page, '已导入 2 行分配明细');
  await see.hidden(page.getByTestId('manual-errors'));
  await see.text(page.getByTestId('batch-total-row'), '¥80,000.00');
});
