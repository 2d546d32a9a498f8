/**
 * 模板管理 in the browser, as the business admin: open 缴款通知, insert a placeholder from the palette, type an
 * unknown one (the error names it and its line, 保存 refused), preview with a partner of 江阴项目, save with a note,
 * then the history's diff and 恢复为新版本. Screenshots in test/artifacts/console/templates-*.png.
 */
import type { Browser } from 'playwright-core';
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
} from '../support/browser';

jest.setTimeout(120_000);

let t: TestApp;
let browser: Browser;

beforeAll(async () => {
  await ensureConsoleBuilt();
  t = await startTestApp();
  await seedDemo(t.deps.db);
  const db = t.deps.db;
  const projectId = (await db.project.findUniqueOrThrow({ where: { name: '江阴项目' } })).id;
  await db.projectScheme.create({
    data: {
      projectId,
      peakCapital: '50000000',
      cityRatio: '0.01',
      totalRatio: '0.01',
      perPersonCapRatio: '0.002',
      payeeName: '江阴锦艺置业有限公司',
      payeeBank: '中国银行江阴支行',
      payeeAccount: '6217 0000 8888 0001',
    },
  });
  const partner = await db.user.findUniqueOrThrow({ where: { dingUserId: 'u1001' } });
  const round = await db.subscriptionRound.create({
    data: { projectId, kind: 'INITIAL', seq: 1, title: '首次认购', deadline: new Date(), status: 'CONFIRMED' },
  });
  const line = await db.roundPartner.create({
    data: {
      roundId: round.id,
      userId: partner.id,
      level: 'CITY',
      category: 'VOLUNTARY',
      minAmount: '0',
      maxAmount: '300000',
      investedAmount: '123456.78',
    },
  });
  await db.paymentDue.create({
    data: {
      roundPartnerId: line.id,
      dueKey: `initial:${line.id}`,
      level: 'CITY',
      projectId,
      userId: partner.id,
      amountDue: '123456.78',
      dueDate: new Date(`${shanghaiDay(Date.now() + 10 * 86_400_000)}T00:00:00Z`),
    },
  });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

it('edits 缴款通知: palette, invalid placeholder named, preview with a partner, save, history with diff, restore', async () => {
  const { page, context, errors } = await openConsole(browser, t.base);
  try {
    await page.goto('/console/admin/templates');
    await loginThroughForm(page, 'hhadmin');
    await page.getByRole('tab', { name: '模板管理', exact: true }).click();
    const list = page.getByTestId('template-list');
    await see.text(list, '缴款通知');
    await list.getByText('缴款通知', { exact: true }).click();
    const editor = page.getByTestId('template-editor');
    await see.text(editor, '当前第 1 版');
    const body = page.getByTestId('template-body');
    await see.text(page.getByTestId('template-preview-text'), '应缴金额：¥300,000.00');
    await screenshot(page, 'templates-01-list-and-editor');

    // an unknown placeholder: the error names it and its line; 保存 stays possible only for valid text
    await body.click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('\n\n认购：{{认购金额}}');
    const problems = page.getByTestId('template-problems');
    await see.text(problems, '第 9 行：未知的占位符 {{认购金额}}');
    await screenshot(page, 'templates-02-invalid-placeholder');

    // fix it from the palette: remove the bad line, insert {{应缴金额大写}} at the cursor
    const text = await body.inputValue();
    await body.fill(text.replace('\n\n认购：{{认购金额}}', '\n\n大写：'));
    await body.click();
    await page.keyboard.press('Control+End');
    await page.getByTestId('template-palette').getByText('{{应缴金额大写}}', { exact: true }).click();
    await see.hidden(problems);
    await see.text(page.getByTestId('template-preview-text'), '大写：叁拾万元整');
    expect(await body.inputValue()).toMatch(/大写：\{\{应缴金额大写\}\}$/);

    // preview with 史伟 of 江阴项目: his own due, in figures and in 大写
    await page.getByTestId('preview-project').click();
    await page.locator('.ant-select-dropdown:visible').getByText('江阴项目', { exact: true }).click();
    await page.getByTestId('preview-partner').click();
    await page.locator('.ant-select-dropdown:visible').getByText(/^史伟/).click();
    const preview = page.getByTestId('template-preview-text');
    await see.text(preview, '合伙人：史伟');
    await see.text(preview, '应缴金额：¥123,456.78');
    await see.text(preview, '大写：壹拾贰万叁仟肆佰伍拾陆元柒角捌分');
    await see.text(preview, '江阴锦艺置业有限公司 中国银行江阴支行 6217 0000 8888 0001');
    await screenshot(page, 'templates-03-preview-partner');

    // save with a change note
    await editor.getByRole('button', { name: spaced('保存') }).click();
    await page.getByTestId('template-note').fill('加上大写金额');
    await page
      .locator('.ant-modal')
      .getByRole('button', { name: spaced('保存') })
      .click();
    await toastShown(page, '缴款通知已保存为新版本');
    await see.text(editor, '当前第 2 版');
    const v2 = await t.deps.db.templateVersion.findUniqueOrThrow({
      where: { kind_version: { kind: 'PAYMENT_NOTICE', version: 2 } },
    });
    expect(v2.body).toMatch(/大写：\{\{应缴金额大写\}\}$/);
    expect(v2.note).toBe('加上大写金额');

    // history: version 2's diff against version 1, then 恢复为新版本
    await editor.getByRole('button', { name: /版本历史/ }).click();
    const history = page.getByTestId('template-history');
    const v2Card = history.getByTestId('template-version-2');
    await see.text(v2Card, '加上大写金额');
    await see.text(v2Card.getByTestId('template-diff'), '+ 大写：{{应缴金额大写}}');
    await screenshot(page, 'templates-04-history-diff');
    await history
      .getByTestId('template-version-1')
      .getByRole('button', { name: /恢复为新版本/ })
      .click();
    await page
      .locator('.ant-modal-confirm')
      .getByRole('button', { name: spaced('恢复') })
      .click();
    await toastShown(page, '已恢复为第 3 版');
    await see.visible(history.getByTestId('template-version-3'));
    await see.text(history.getByTestId('template-version-3'), '修改说明：恢复第 1 版');
    await see.text(history.getByTestId('template-version-3').getByTestId('template-diff'), '− 大写：{{应缴金额大写}}');
    await screenshot(page, 'templates-05-restored');
    const audits = await t.deps.db.auditLog.findMany({ where: { entity: 'Template' }, orderBy: { id: 'asc' } });
    expect(audits.map((a) => a.action)).toEqual(['update_template', 'restore_template']);
    expect(errors).toEqual([]);
  } finally {
    await context.close();
  }
});

it('the system admin edits with the samples only; accountants do not see 模板管理', async () => {
  const { page, context, errors } = await openConsole(browser, t.base);
  try {
    await page.goto('/console/admin/templates');
    await loginThroughForm(page, 'admin');
    await page.getByRole('tab', { name: '模板管理', exact: true }).click();
    await page.getByTestId('template-list').getByText('合伙协议', { exact: true }).click();
    await see.text(page.getByTestId('template-preview-text'), '乙方认缴金额为人民币 ¥300,000.00（大写：叁拾万元整）');
    await see.text(page.getByTestId('template-preview'), '合伙人数据仅业务管理员可用于预览');
    await see.count(page.getByTestId('preview-project'), 0);
    await screenshot(page, 'templates-06-agreement-samples');
    expect(errors).toEqual([]);
  } finally {
    await context.close();
  }
  const acct = await openConsole(browser, t.base);
  try {
    await acct.page.goto('/console/');
    await loginThroughForm(acct.page, 'hhkj');
    await acct.page.getByTestId('report-work').waitFor();
    await acct.page.getByRole('menuitem', { name: '后台管理' }).click();
    await acct.page.getByRole('cell', { name: '江阴项目', exact: true }).waitFor();
    await see.count(acct.page.getByRole('tab', { name: '模板管理' }), 0);
  } finally {
    await acct.context.close();
  }
});
