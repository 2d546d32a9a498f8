/**
 * 外部股东 and 强投名单 in a real browser (Debian chromium via playwright-core) against the real app, PostgreSQL and
 * Redis. The city accountant (hhkj) registers two 外部股东 of 靖江项目 (a wrong 身份证号 refused next to the field),
 * 申请审核; the business admin (hhadmin) returns one with a reason and approves the other; the accountant corrects
 * and resubmits; the admin approves. Then a 股东分配 batch: typed amounts, 合计 to the cent, 申请审核 → 审核通过 →
 * 登记发放. 强投名单: the admin adds 史伟 as 城市公司总经理 of 环沪城市公司; the accountant pre-fills a round from it,
 * 测算 puts the non-subscriber at the lower limit, the red warning must be ticked before 送审, and the admin sees the
 * acknowledgement in 方案审核. Screenshots: test/artifacts/console/registers-*.png.
 */
import type { Browser, Page } from 'playwright-core';
import { seedDemo } from '../../server/seed/seed';
import { idCardCheck } from '../../shared/certificate';
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

jest.setTimeout(180_000);

let t: TestApp;
let browser: Browser;
let acct: ConsolePage;
let admin: ConsolePage;
let projectId = 0;
let huanhuId = 0;

const ID = (first17: string) => first17 + idCardCheck(first17);

beforeAll(async () => {
  await ensureConsoleBuilt();
  t = await startTestApp();
  await seedDemo(t.deps.db);
  projectId = (await t.deps.db.project.findUniqueOrThrow({ where: { name: '靖江项目' } })).id;
  huanhuId = (await t.deps.db.orgUnit.findUniqueOrThrow({ where: { code: 'HUANHU' } })).id;
  browser = await launchBrowser();
  acct = await openConsole(browser, t.base);
  admin = await openConsole(browser, t.base);
  await loginThroughForm(acct.page, 'hhkj');
  await loginThroughForm(admin.page, 'hhadmin');
  // both land on 工作跟踪表; 外部股东 and 强投名单 are under 后台管理
  for (const page of [acct.page, admin.page]) {
    await page.getByTestId('report-work').waitFor();
    await page.getByRole('menuitem', { name: '后台管理' }).click();
  }
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

afterEach(async () => {
  await acct?.page
    .screenshot({ path: 'test/artifacts/console/_last-registers-acct.png', fullPage: true })
    .catch(() => undefined);
  await admin?.page
    .screenshot({ path: 'test/artifacts/console/_last-registers-admin.png', fullPage: true })
    .catch(() => undefined);
  expect([...acct.errors.splice(0), ...admin.errors.splice(0)]).toEqual([]);
});

const moduleTab = (page: Page, name: string) => page.locator('.module-tabs').getByRole('tab', { name, exact: true });
const modal = (page: Page, title: string) => page.locator('.ant-modal').filter({ hasText: title });
const holderRow = (page: Page, name: string) => page.locator('tr.ant-table-row', { hasText: name });
const openMinority = async (page: Page) => {
  await moduleTab(page, '外部股东').click();
  await page.getByTestId(`tree-project-${projectId}`).click();
  await see.visible(page.getByTestId('minority'));
};

it('股东登记: validation next to the field, masked numbers, 申请审核; the admin returns one with a reason and approves', async () => {
  const { page } = acct;
  await moduleTab(page, '外部股东').click();
  await see.visible(page.getByTestId('minority-prompt'));
  await openMinority(page);
  await page.getByRole('button', { name: spaced('股东登记') }).click();
  let dialog = modal(page, '股东登记');
  await dialog.getByLabel('股东名称').fill('张小股');
  await dialog.getByLabel('身份证号').fill('320281198001011230');
  await dialog.getByLabel('持股比例（%）').fill('5.5');
  await dialog.getByRole('button', { name: spaced('保存') }).click();
  await see.visible(dialog.getByText('身份证号校验位不正确，请核对'));
  await screenshot(page, 'registers-01-holder-validation');
  await dialog.getByLabel('身份证号').fill(ID('32028119800101123'));
  await dialog.getByLabel('开户行').fill('中国工商银行靖江支行');
  await dialog.getByLabel('银行账号').fill('6222 0212 3456 7890');
  await dialog.getByLabel('联系人').fill('张小股');
  await dialog.getByLabel('联系电话').fill('13900000001');
  await dialog.getByRole('button', { name: spaced('保存') }).click();
  await toastShown(page, '已登记，请提交审核');
  await see.text(holderRow(page, '张小股'), '**** **** 7890');
  await see.text(holderRow(page, '张小股'), '320***********');

  await page.getByRole('button', { name: spaced('股东登记') }).click();
  dialog = modal(page, '股东登记');
  await dialog.getByLabel('股东名称').fill('靖江城投发展有限公司');
  await dialog.getByText('公司', { exact: true }).click();
  await dialog.getByLabel('统一社会信用代码').fill('91350100M000100Y43');
  await dialog.getByLabel('持股比例（%）').fill('20');
  await dialog.getByRole('button', { name: spaced('保存') }).click();
  await toastShown(page, '已登记，请提交审核');
  for (const name of ['张小股', '靖江城投发展有限公司']) {
    await holderRow(page, name).getByRole('button', { name: '申请审核' }).click();
    await toastShown(page, `已提交审核：${name}`);
  }
  await see.text(holderRow(page, '张小股'), '审核中');
  await see.text(page.getByTestId('minority-total-ratio'), '25.5%');
  await screenshot(page, 'registers-02-holders-submitted');

  // the business admin: 退回 with a reason, 审核通过
  const a = admin.page;
  await openMinority(a);
  await holderRow(a, '张小股')
    .getByRole('button', { name: /退\s*回/ })
    .click();
  const ret = modal(a, '退回 · 外部股东登记');
  await ret.getByLabel('退回原因').fill('持股比例与工商登记不符');
  await ret.getByRole('button', { name: '确认退回' }).click();
  await toastShown(a, '外部股东登记：张小股已退回');
  await holderRow(a, '靖江城投发展有限公司').getByRole('button', { name: '审核通过' }).click();
  await toastShown(a, '外部股东登记：靖江城投发展有限公司已审核通过');
  await see.text(holderRow(a, '张小股'), '退回原因：持股比例与工商登记不符');
  await screenshot(a, 'registers-03-admin-review');

  // the accountant corrects and resubmits; the admin approves
  await page.reload();
  await openMinority(page);
  await see.text(holderRow(page, '张小股'), '退回原因：持股比例与工商登记不符');
  await holderRow(page, '张小股')
    .getByRole('button', { name: spaced('修改') })
    .click();
  dialog = modal(page, '修改外部股东');
  await dialog.getByLabel('持股比例（%）').fill('6');
  await dialog.getByRole('button', { name: spaced('保存') }).click();
  await toastShown(page, '已保存');
  await holderRow(page, '张小股').getByRole('button', { name: '申请审核' }).click();
  await toastShown(page, '已提交审核：张小股');
  await a.reload();
  await openMinority(a);
  await holderRow(a, '张小股').getByRole('button', { name: '审核通过' }).click();
  await toastShown(a, '外部股东登记：张小股已审核通过');
  await see.text(holderRow(a, '张小股'), '审核通过');
});

it('股东分配: new batch, typed amounts with the 合计 to the cent, 申请审核 → 审核通过 → 登记发放', async () => {
  const { page } = acct;
  await page.reload();
  await openMinority(page);
  await page.getByRole('tab', { name: '股东分配' }).click();
  await page.getByRole('button', { name: '新建分配批次' }).click();
  const dialog = modal(page, '新建分配批次');
  await dialog.getByLabel('批次名称').fill('2026年第一次分配');
  const date = dialog.getByLabel('分配日期');
  await date.click();
  await date.fill('2026-12-20');
  await date.press('Enter');
  await dialog.getByRole('button', { name: spaced('新建') }).click();
  await toastShown(page, '已新建分配批次');
  const batch = page.getByTestId('minority-batch');
  await batch.getByLabel('分配金额 张小股').fill('123456.78');
  await batch.getByLabel('分配金额 靖江城投发展有限公司').fill('987654.32');
  await see.text(page.getByTestId('minority-batch-total'), '¥1,111,111.10');
  await batch.getByRole('button', { name: spaced('保存') }).click();
  await toastShown(page, '已保存分配明细');
  await screenshot(page, 'registers-04-batch-typed');
  await batch.getByRole('button', { name: '申请审核' }).click();
  await toastShown(page, '已提交审核');
  await see.text(batch, '审核中');

  const a = admin.page;
  await a.reload();
  await openMinority(a);
  await a.getByRole('tab', { name: '股东分配' }).click();
  await admin.page.getByTestId('minority-batch').getByRole('button', { name: '审核通过' }).click();
  await toastShown(a, '外部股东分配：2026年第一次分配已审核通过');

  await page.reload();
  await openMinority(page);
  await page.getByRole('tab', { name: '股东分配' }).click();
  await page.getByTestId('minority-batch').getByRole('button', { name: '登记发放' }).click();
  await toastShown(page, '已登记发放');
  await see.text(page.getByTestId('minority-batch'), '已发放');
  await see.text(page.locator('tr.ant-table-row', { hasText: '2026年第一次分配' }), '¥1,111,111.10');
  await screenshot(page, 'registers-05-batch-paid');
});

it('强投名单: the admin adds a person; the round is pre-filled, and 送审 needs the 强投 warning ticked', async () => {
  const a = admin.page;
  await moduleTab(a, '强投名单').click();
  await a.getByTestId(`tree-org-${huanhuId}`).click();
  await see.visible(a.getByTestId('mandatory'));
  await a.getByRole('button', { name: '新增强投人员' }).click();
  const dialog = modal(a, '新增强投人员');
  await dialog.getByLabel('人员').fill('史伟');
  await a.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '史伟' }).first().click();
  await dialog.getByLabel('岗位').fill('城市公司总经理');
  await dialog.getByLabel('默认下限').fill('100000');
  await dialog.getByLabel('默认上限').fill('300000');
  await dialog.getByRole('button', { name: spaced('保存') }).click();
  await toastShown(a, '已保存强投名单');
  await see.text(a.locator('tr.ant-table-row', { hasText: '史伟' }), '城市公司总经理');
  await see.text(a.locator('tr.ant-table-row', { hasText: '史伟' }), '¥100,000.00');
  await screenshot(a, 'registers-06-mandatory-list');

  // a round of 靖江项目 (scheme and round set up as the earlier steps leave them)
  await t.deps.db.projectScheme.create({
    data: { projectId, peakCapital: '100000000', cityRatio: '0.01', totalRatio: '0.01' },
  });
  const round = await t.deps.db.subscriptionRound.create({
    data: { projectId, kind: 'INITIAL', seq: 1, title: '立项认购', deadline: new Date(Date.now() + 86_400_000) },
  });
  const { page } = acct;
  await page.goto(`/console/business/partners?projectId=${projectId}`);
  await see.visible(page.getByTestId('business').getByRole('tab', { name: '合伙名单', exact: true }));
  await see.text(page.getByTestId('mandatory-missing'), '未列入：史伟（城市公司总经理');
  await screenshot(page, 'registers-07-mandatory-missing');
  await page.getByTestId('prefill-mandatory').click();
  await toastShown(page, '已按强投名单添加 1 人');
  await see.hidden(page.getByTestId('mandatory-missing'));

  // subscriptions close without 史伟 answering; 测算 puts him at the lower limit
  await t.deps.db.subscriptionRound.update({
    where: { id: round.id },
    data: { status: 'OPEN', deadline: new Date(Date.now() - 1000) },
  });
  await page.goto(`/console/business/calc?projectId=${projectId}`);
  await see.visible(page.getByTestId('business').getByRole('tab', { name: '认购明细 / 测算', exact: true }));
  await page.getByTestId('calculate').click();
  await toastShown(page, '测算完成，已生成投资明细');
  await see.text(page.getByTestId('mandatory-warning'), '史伟：未认购，按认购下限 ¥100,000.00 计入');
  await see.visible(page.locator('tr.ant-table-row', { hasText: '史伟' }).getByText('未认购（强投）'));
  await page.getByTestId('submit-review').click();
  await toastShown(page, '请先确认强投提示：勾选后才能送审');
  await page.getByTestId('mandatory-ack').click();
  await screenshot(page, 'registers-08-mandatory-warning');
  await page.getByTestId('submit-review').click();
  await modal(page, '送审方案').getByRole('button', { name: '确认送审' }).click();
  await toastShown(page, '已送审，等待业务管理员审核');

  // the reviewer sees the acknowledgement in 方案审核
  await a.goto(`/console/business/review?projectId=${projectId}`);
  await see.visible(a.getByTestId('business').getByRole('tab', { name: '方案审核', exact: true }));
  await a.locator('tr.ant-table-row', { hasText: '方案审核' }).first().locator('.ant-table-row-expand-icon').click();
  await see.visible(a.getByText('强投未认购：史伟'));
  await screenshot(a, 'registers-09-review-acknowledged');
});
