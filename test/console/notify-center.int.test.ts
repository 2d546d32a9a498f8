/**
 * 通知记录 and 设置提醒 in a real browser. The accountant (hhkj) opens 后台管理 → 通知记录: the 缴款通知 batch of 靖江项目
 * with its progress and two failures (DingTalk's reasons in the drawer), not another project's batch; 重发失败 puts
 * exactly the two failed ones back in the queue and the button goes. In 靖江项目's workspace the header warns that
 * the company has no group robot and 钉钉设置 was never tested, and who fixes it; the system admin sees the same in
 * 钉钉设置, presses 测试, and that warning goes (in 钉钉设置 and in the accountant's workspace).
 * Screenshots: test/artifacts/console/notify-*.png, setup-*.png.
 */
import type { Browser } from 'playwright-core';
import { seedDemo } from '../../server/seed/seed';
import { startTestApp, testDeps, type TestApp } from '../support/app';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
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
import { PLACEHOLDER_TEXT } from '../support/placeholders';
import { createNotificationBatch, enqueueNotifications } from '../../server/modules/notify/outbox';

jest.setTimeout(180_000);

let t: TestApp;
let emu: TestEmulator;
let browser: Browser;
let acct: ConsolePage;
let admin: ConsolePage;
let batchId = 0;
let otherBatchId = 0;
let projectId = 0;

async function seedBatch(project: { id: number; name: string }, starterDingId: string, failing: boolean) {
  const starter = await t.deps.db.user.findUniqueOrThrow({ where: { dingUserId: starterDingId } });
  const users = await t.deps.db.user.findMany({
    where: { dingUserId: { in: ['u1001', 'u1002', 'u1003', 'u1004', 'u1005'] } },
    orderBy: { dingUserId: 'asc' },
  });
  const batch = await createNotificationBatch(t.deps.db, {
    kind: 'payment_notice',
    title: `${project.name} 缴款通知`,
    projectId: project.id,
    createdById: starter.id,
  });
  await enqueueNotifications(
    t.deps.db,
    users.map((u, i) => ({
      channel: 'WORK' as const,
      kind: 'payment_notice',
      userId: u.id,
      dingUserId: u.dingUserId!,
      dedupeKey: `browser:${batch.id}:${u.id}`,
      msg: { msgtype: 'text' as const, text: { content: `${project.name} 缴款通知 ${u.name} ${i}` } },
    })),
    { batchId: batch.id },
  );
  // as the pipeline leaves them: three delivered (one read), two refused by DingTalk
  const rows = await t.deps.db.notification.findMany({ where: { batchId: batch.id }, orderBy: { id: 'asc' } });
  const sentAt = new Date();
  for (const [i, r] of rows.entries()) {
    const data =
      failing && i === 1
        ? {
            status: 'FAILED' as const,
            outcome: 'forbidden_1430004',
            lastError: '钉钉拒绝发送（1430004）：接收人受超级高管保护，不能接收应用消息',
          }
        : failing && i === 3
          ? { status: 'FAILED' as const, outcome: 'invalid_user', lastError: '钉钉用户无效或已离职' }
          : { status: 'DELIVERED' as const, outcome: i === 0 ? 'read' : 'unread' };
    await t.deps.db.notification.update({
      where: { id: r.id },
      data: { ...data, attempts: 1, sentAt, taskId: '256271667526' },
    });
  }
  return batch.id;
}

beforeAll(async () => {
  await ensureConsoleBuilt();
  emu = await startTestEmulator();
  t = await startTestApp({ deps: testDeps(emu.env) });
  await seedDemo(t.deps.db);
  await t.deps.db.dingtalkSetting.deleteMany({});
  const jingjiang = await t.deps.db.project.findUniqueOrThrow({ where: { name: '靖江项目' } });
  projectId = jingjiang.id;
  batchId = await seedBatch(jingjiang, 'hhkj001', true);
  otherBatchId = await seedBatch(
    await t.deps.db.project.findUniqueOrThrow({ where: { name: '昆明-城市之光' } }),
    'kmkj001',
    false,
  );
  browser = await launchBrowser();
  acct = await openConsole(browser, t.base);
  await loginThroughForm(acct.page, 'hhkj');
  await acct.page.getByTestId('report-work').waitFor();
});
afterAll(async () => {
  await acct?.context.close();
  await admin?.context.close();
  await browser?.close();
  await t?.close();
  await emu?.close();
});
afterEach(() => expect([...acct.errors.splice(0), ...(admin?.errors.splice(0) ?? [])]).toEqual([]));

describe('通知记录', () => {
  it('lists the batches of the accountant’s projects with progress, failures and filters', async () => {
    const { page } = acct;
    await page.getByRole('menuitem', { name: '后台管理' }).click();
    await page.getByRole('tab', { name: '通知记录', exact: true }).click();
    const row = page.locator('.ant-table-row', { hasText: '靖江项目 缴款通知' });
    await see.visible(row);
    await see.text(row, '缴款通知');
    await see.text(row, '有失败');
    await see.text(page.getByTestId(`batch-progress-${batchId}`), /已送达 3\/5 · 已读 1 · 失败 2/);
    await see.visible(row.getByRole('button', { name: '重发失败' }));
    expect(await page.getByTestId(`batch-progress-${otherBatchId}`).count()).toBe(0);
    // accountants see batches only: single messages have no project
    expect(await page.getByRole('tab', { name: '单条消息' }).count()).toBe(0);
    expect(await page.locator('body').innerText()).not.toMatch(PLACEHOLDER_TEXT);
    await screenshot(page, 'notify-01-list');

    // filters: 已完成 leaves it out, 有失败 keeps it
    await page.locator('.ant-select', { hasText: '状态' }).click();
    await page.locator('.ant-select-item-option', { hasText: '已完成' }).click();
    await see.visible(page.getByText('没有符合条件的通知批次'));
    await page.locator('.ant-select', { hasText: '已完成' }).click();
    await page.locator('.ant-select-item-option', { hasText: '有失败' }).click();
    await see.visible(row);
  });

  it('shows each failure with DingTalk’s reason', async () => {
    const { page } = acct;
    const row = page.locator('.ant-table-row', { hasText: '靖江项目 缴款通知' });
    await row.getByRole('button', { name: '查看失败' }).click();
    const drawer = page.locator('.ant-drawer');
    await see.text(drawer.getByTestId('batch-detail'), '共 5 人：已送达 3（已读 1），失败 2');
    await drawer.locator('.ant-select', { hasText: '全部接收人' }).click();
    await page.locator('.ant-select-item-option', { hasText: '仅看失败' }).click();
    await see.count(drawer.locator('.ant-table-row'), 2);
    await see.visible(drawer.getByText('钉钉拒绝发送（1430004）：接收人受超级高管保护，不能接收应用消息'));
    await see.visible(drawer.getByText('钉钉用户无效或已离职'));
    await screenshot(page, 'notify-02-failures');
    await page.keyboard.press('Escape');
    await see.hidden(drawer.getByTestId('batch-detail'));
  });

  it('重发失败 puts exactly the failed ones back in the queue, once', async () => {
    const { page } = acct;
    const row = page.locator('.ant-table-row', { hasText: '靖江项目 缴款通知' });
    await row.getByRole('button', { name: '重发失败' }).click();
    await page
      .locator('.ant-popconfirm')
      .getByRole('button', { name: spaced('重发') })
      .click();
    await toastShown(page, '已重新发送 2 条');
    // now 发送中 (no worker runs in this test: they wait in the queue), and nothing left to resend
    await page.locator('.ant-select', { hasText: '有失败' }).locator('.ant-select-clear').click();
    await see.text(row, '发送中');
    await see.text(page.getByTestId(`batch-progress-${batchId}`), '排队 2');
    expect(await row.getByRole('button', { name: '重发失败' }).count()).toBe(0);
    await screenshot(page, 'notify-03-resent');
    const rows = await t.deps.db.notification.findMany({ where: { batchId }, orderBy: { id: 'asc' } });
    expect(rows.map((r) => [r.status, r.resends])).toEqual([
      ['DELIVERED', 0],
      ['PENDING', 1],
      ['DELIVERED', 0],
      ['PENDING', 1],
      ['DELIVERED', 0],
    ]);
  });
});

describe('设置提醒', () => {
  it('warns in the project’s workspace what is wrong, what it breaks and who fixes it', async () => {
    const { page } = acct;
    await page.getByRole('menuitem', { name: '业务' }).click();
    await page.getByTestId('business').waitFor();
    await page.getByTestId(`tree-project-${projectId}`).click();
    const box = page.getByTestId('setup-warnings');
    await see.visible(box);
    await see.count(box.getByTestId('setup-warning'), 2);
    await see.text(box, '没有配置群机器人');
    await see.text(box, '审批流程结果不会发到钉钉群');
    await see.text(box, '钉钉应用设置从未测试过');
    await see.text(box, '由系统管理员在【后台管理 → 钉钉设置 → 群机器人');
    // the accountant cannot open 钉钉设置: no link for them
    expect(await box.getByRole('button', { name: '去处理' }).count()).toBe(0);
    await screenshot(page, 'setup-01-workspace');
  });

  it('shows them in 钉钉设置, where 测试 clears the one it fixes — in the workspace too', async () => {
    admin = await openConsole(browser, t.base);
    const { page } = admin;
    await loginThroughForm(page, 'admin');
    await page.getByRole('tab', { name: '钉钉设置', exact: true }).click();
    const box = page.getByTestId('setup-warnings');
    await see.text(box, '钉钉应用设置从未测试过');
    await see.text(page.getByTestId('dingtalk-last-test'), '尚未测试');
    await screenshot(page, 'setup-02-dingtalk-before');
    await page.getByTestId('dingtalk-test-token').click();
    await see.text(page.getByTestId('dingtalk-test-result'), '连接正常');
    await see.noText(box, '从未测试过');
    await see.text(box, '没有配置群机器人');
    await screenshot(page, 'setup-03-dingtalk-tested');

    await acct.page.reload();
    await acct.page.getByTestId('business').waitFor();
    await acct.page.getByTestId(`tree-project-${projectId}`).click();
    await see.visible(acct.page.getByTestId('setup-warnings'));
    await see.count(acct.page.getByTestId('setup-warning'), 1);
    await see.noText(acct.page.getByTestId('setup-warnings'), '从未测试过');
  });
});
