/**
 * 钉钉设置 → 审批模板 in a real browser against the app and the DingTalk emulator: the system admin sees which flow
 * types have no template, maps one to the tenant's template (a processCode DingTalk generated, component names of
 * its own), presses 测试 and reads the result per field (a component the template lacks is named), corrects the
 * mapping and 测试 passes. Screenshots in test/artifacts/console/.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { seedDemo } from '../../server/seed/seed';
import { startTestApp, testDeps, type TestApp } from '../support/app';
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
import { startTestEmulator, type TestEmulator } from '../support/emulator';

jest.setTimeout(90_000);

let t: TestApp;
let emu: TestEmulator;
let browser: Browser;
let page: Page;
let context: BrowserContext;
let errors: string[];

const TENANT_CODE = 'PROC-8F3C1A2B-5D4E-4B7A-9C21-6E0F3A8B1D47';

beforeAll(async () => {
  await ensureConsoleBuilt();
  emu = await startTestEmulator();
  t = await startTestApp({ deps: testDeps(emu.env) });
  await seedDemo(t.deps.db);
  await t.deps.db.approvalTemplate.delete({ where: { flowType: 'PEAK_CAPITAL' } });
  await emu.registerTemplate({
    processCode: TENANT_CODE,
    name: '项目资金峰值审批',
    items: [
      { componentName: 'TextField', props: { id: 'TextField-1', label: '项目', required: true } },
      { componentName: 'TextField', props: { id: 'TextField-2', label: '所属公司' } },
      { componentName: 'MoneyField', props: { id: 'MoneyField-1', label: '峰值金额' } },
      { componentName: 'TextField', props: { id: 'TextField-3', label: '峰值说明' } },
      {
        componentName: 'TableField',
        props: { id: 'TableField-1', label: '股东明细' },
        children: [
          { componentName: 'TextField', props: { id: 'TextField-4', label: '股东名称' } },
          { componentName: 'TextField', props: { id: 'TextField-5', label: '持股比例' } },
          { componentName: 'TextField', props: { id: 'TextField-6', label: '是否我方' } },
        ],
      },
    ],
  });
  browser = await launchBrowser();
  ({ page, context, errors } = await openConsole(browser, t.base));
});
afterAll(async () => {
  await context?.close();
  await browser?.close();
  await t?.close();
  await emu?.close();
});
afterEach(async () => {
  await page.screenshot({ path: 'test/artifacts/console/_last-approval-templates-screen.png' });
  expect(errors.splice(0)).toEqual([]);
});

const closeResult = () =>
  page.locator('.ant-modal').filter({ hasText: '测试审批模板' }).locator('.ant-modal-footer button').click();

it('maps a flow type to the tenant template, 测试 shows each field, a wrong component is named and then fixed', async () => {
  await page.getByLabel('用户名').waitFor();
  await loginThroughForm(page, 'admin');
  await page.getByRole('tab', { name: '钉钉设置', exact: true }).click();
  const card = page.getByTestId('approval-templates');
  await see.text(page.getByTestId('approval-templates-unmapped'), '【项目资金峰值】');
  const row = card.locator('tr', { hasText: '项目资金峰值' });
  await see.text(row, '未配置');
  await card.scrollIntoViewIfNeeded();
  await screenshot(page, 'approval-templates-01-unmapped');

  // configure: the code, and the components (prefilled with our names, changed where the tenant named them otherwise)
  await row.getByRole('button', { name: '配置 项目资金峰值' }).click();
  const dialog = page.locator('.ant-modal').filter({ hasText: '审批模板 · 项目资金峰值' });
  await dialog.getByLabel('审批模板编码').fill('not-a-code');
  await dialog.getByRole('button', { name: spaced('保存') }).click();
  await see.visible(dialog.getByText('审批模板编码应以 PROC- 开头'));
  await dialog.getByLabel('审批模板编码').fill(TENANT_CODE);
  await see.visible(dialog.getByLabel('控件 资金峰值'));
  expect(await dialog.getByLabel('控件 资金峰值').inputValue()).toBe('资金峰值');
  await dialog.getByLabel('控件 项目名称').fill('项目');
  await dialog.getByLabel('控件 城市公司').fill('所属公司');
  await dialog.getByLabel('控件 资金峰值').fill('峰值说明（元）');
  await dialog.getByLabel('控件 股东信息', { exact: true }).fill('股东明细');
  await dialog.getByLabel('控件 股东信息/股东').fill('股东名称');
  await dialog.getByLabel('控件 股东信息/我方').fill('是否我方');
  await screenshot(page, 'approval-templates-02-configure');
  await dialog.getByRole('button', { name: spaced('保存') }).click();
  await toastShown(page, '【项目资金峰值】的审批模板已保存');
  await see.hidden(dialog);
  await see.text(row, TENANT_CODE);
  await see.hidden(page.getByTestId('approval-templates-unmapped'));

  // 测试: DingTalk's form read back, field by field
  await row.getByRole('button', { name: '测试 项目资金峰值' }).click();
  const result = page.getByTestId('approval-template-test');
  await see.text(result, '审批模板「项目资金峰值审批」：1 个字段对应有误');
  const bad = result.locator('tr', { hasText: '峰值说明（元）' });
  await see.text(bad, '控件不存在');
  await see.text(bad, '模板中没有名为「峰值说明（元）」的控件');
  await see.text(result.locator('tr', { hasText: '所属公司' }), '通过');
  await see.text(result.locator('tr', { hasText: '是否我方' }), '通过');
  await screenshot(page, 'approval-templates-03-test-failed');
  await closeResult();

  // a money control cannot take our formatted text: the type is checked too
  await row.getByRole('button', { name: '配置 项目资金峰值' }).click();
  await dialog.getByLabel('控件 资金峰值').fill('峰值金额');
  await dialog.getByRole('button', { name: spaced('保存') }).click();
  await toastShown(page, '【项目资金峰值】的审批模板已保存');
  await row.getByRole('button', { name: '测试 项目资金峰值' }).click();
  await see.text(result.locator('tr', { hasText: '峰值金额' }), '类型不符');
  await see.text(result.locator('tr', { hasText: '峰值金额' }), 'MoneyField');
  await closeResult();

  // fixed: every field passes
  await row.getByRole('button', { name: '配置 项目资金峰值' }).click();
  await dialog.getByLabel('控件 资金峰值').fill('峰值说明');
  await dialog.getByRole('button', { name: spaced('保存') }).click();
  await toastShown(page, '【项目资金峰值】的审批模板已保存');
  await row.getByRole('button', { name: '测试 项目资金峰值' }).click();
  await see.text(result, '审批模板「项目资金峰值审批」与字段对应关系一致');
  expect(await result.getByText('控件不存在').count()).toBe(0);
  await screenshot(page, 'approval-templates-04-test-passed');

  const saved = await t.deps.db.approvalTemplate.findUniqueOrThrow({ where: { flowType: 'PEAK_CAPITAL' } });
  expect(saved).toMatchObject({ processCode: TENANT_CODE, version: 3 });
  expect(saved.fieldMap).toMatchObject({ 项目名称: '项目', 资金峰值: '峰值说明', '股东信息/持股比例': '持股比例' });
  expect(await t.deps.db.auditLog.count({ where: { entity: 'ApprovalTemplate' } })).toBe(3);
});

it('项目流程 says which flow types have no template before anyone presses 发起, and their 发起 is disabled', async () => {
  await t.deps.db.approvalTemplate.delete({ where: { flowType: 'SCHEME_APPROVAL' } });
  const acct = await openConsole(browser, t.base);
  try {
    const p = acct.page;
    await p.getByLabel('用户名').waitFor();
    await loginThroughForm(p, 'hhkj');
    const jingjiang = await t.deps.db.project.findUniqueOrThrow({ where: { name: '靖江项目' } });
    await p.goto(`/console/business/flows?projectId=${jingjiang.id}`);
    const warning = p.getByTestId('flow-templates-missing');
    await see.text(warning, '以下流程尚未配置钉钉审批模板，暂不能发起：【事业合伙立项】');
    await see.text(warning, '钉钉设置 → 审批模板');
    const row = p.getByTestId('flow-table').locator('tr', { hasText: '事业合伙立项' });
    await see.visible(row.getByLabel('事业合伙立项 未配置审批模板'));
    expect(await row.getByRole('button', { name: '发起 事业合伙立项' }).isDisabled()).toBe(true);
    const peak = p.getByTestId('flow-table').locator('tr', { hasText: '项目资金峰值' });
    expect(await peak.getByRole('button', { name: '发起 项目资金峰值' }).isDisabled()).toBe(false);
    await screenshot(p, 'approval-templates-05-flows-unmapped');
    expect(acct.errors).toEqual([]);
  } finally {
    await acct.context.close();
  }
});
