/**
 * 钉钉设置 → 审批模板 over HTTP against the emulator, which (like DingTalk) accepts only registered processCodes and
 * the template's own components: a flow type without a template is refused before anything is written; a mapping
 * naming a component the template lacks is reported by 测试 field by field and DingTalk's refusal of 发起 comes back
 * as a Chinese 4xx with nothing half-written; once mapped, the instance is created with the template's component
 * names, the run keeps the processCode it started with (a later re-mapping does not break its callback), and its
 * 查看BPM link opens the instance. Only the system admin edits the mapping; every edit is audited.
 */
import axios from 'axios';
import { seedDemo } from '../../server/seed/seed';
import { demoProcessCode } from '../../server/seed/approval-templates';
import { mappingKeys, type TApprovalTemplateTest } from '../../shared/api/approval-templates';
import { startTestApp, testDeps, type TestApp } from '../support/app';
import { loginAs } from '../support/auth';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import { eventually } from '../support/eventually';
import { approvePendingGrants } from '../support/grants';

jest.setTimeout(120_000);

let emu: TestEmulator;
let t: TestApp;

beforeAll(async () => {
  emu = await startTestEmulator();
  t = await startTestApp({ deps: testDeps(emu.env) });
  await emu.configure({ callbackUrl: `${t.base}/api/dingtalk/callback` });
  await seedDemo(t.deps.db);
});
afterAll(async () => {
  await t.close();
  await emu.close();
});

/** The tenant's own template, as its admin built it in DingTalk: other names than ours, a required 项目. */
const TENANT_CODE = 'PROC-8F3C1A2B-5D4E-4B7A-9C21-6E0F3A8B1D47';
const tenantTemplate = {
  processCode: TENANT_CODE,
  name: '项目资金峰值审批',
  items: [
    { componentName: 'TextField', props: { id: 'TextField-K2AD4O5B', label: '项目', required: true } },
    { componentName: 'TextField', props: { id: 'TextField-1RIHUV1W', label: '所属公司' } },
    { componentName: 'TextField', props: { id: 'TextField-F81N6HQK', label: '峰值金额' } },
    {
      componentName: 'TableField',
      props: { id: 'TableField_3JSUH63I', label: '股东明细' },
      children: [
        { componentName: 'TextField', props: { id: 'TextField_RM4XC625', label: '股东名称' } },
        { componentName: 'TextField', props: { id: 'TextField_ZDQ7MP8C', label: '持股比例' } },
        { componentName: 'DDSelectField', props: { id: 'DDSelectField_1Q0K', label: '是否我方' } },
      ],
    },
    { componentName: 'TextNote', props: { id: 'TextNote-1', label: '请核对股东信息' } },
  ],
};
const goodMap = {
  项目名称: '项目',
  城市公司: '所属公司',
  资金峰值: '峰值金额',
  股东信息: '股东明细',
  '股东信息/股东': '股东名称',
  '股东信息/持股比例': '持股比例',
  '股东信息/我方': '是否我方',
};

async function newProject() {
  const admin = await loginAs(t, 'admin');
  const tree = (await admin.get('/api/org/tree')).data;
  const huanhu = tree[0].children[0].children.find((n: { name: string }) => n.name === '环沪城市公司');
  const unit = huanhu.children.find((n: { name: string }) => n.name === '澄靖直属项目公司');
  const created = await admin.post('/api/projects', {
    name: `审批模板-${Date.now() % 100000}`,
    orgUnitId: unit.id,
    acquiredOn: '2026-06-30',
    operator: 'OURS',
    isOpen: true,
  });
  expect(created.status).toBe(201);
  const pid: number = created.data.id;
  const grants = (await admin.get(`/api/projects/${pid}/grants`)).data;
  const role = grants.roles.find((r: { role: { name: string } }) => r.role.name === '环沪城市公司经营会计');
  const user = role.users.find((u: { name: string }) => u.name.startsWith('环沪会计'));
  expect((await admin.put(`/api/projects/${pid}/grants/${role.role.id}`, { userIds: [user.id] })).status).toBe(200);
  await approvePendingGrants(t); // a project grant waits for a business admin (four eyes)
  const acct = await loginAs(t, 'hhkj');
  await acct.put(`/api/projects/${pid}/shareholders`, {
    shareholders: [
      { name: '锦艺置业', equityRatio: '0.51', isOurs: true },
      { name: '合作方', equityRatio: '0.49' },
    ],
  });
  const scheme = await acct.put(`/api/projects/${pid}/scheme`, {
    version: 0,
    peakCapital: '100000000',
    holdingRatio: '0',
    groupRatio: '0.003',
    cityRatio: '0.002',
    otherRatio: '0',
    totalRatio: '0.005',
    perPersonCapRatio: '0.001',
    allocationUnit: '1',
    payeeName: '靖江锦艺置业有限公司',
    payeeBank: '中国银行靖江支行',
    payeeAccount: '6217 0000 1234 5678',
  });
  expect(scheme.status).toBe(200);
  return { pid, acct, admin };
}

it('发起 needs the tenant template: refused when unmapped, DingTalk refusals surfaced, mapped names sent, the run keeps its code', async () => {
  const { pid, acct, admin } = await newProject();
  const runs = () => t.deps.db.projectFlow.count({ where: { projectId: pid } });
  const instances = async () => (await emu.approvals()).length;

  // the demo maps every flow type to the emulator's demo templates
  const list = await admin.get('/api/admin/dingtalk/approval-templates');
  expect(list.status).toBe(200);
  expect(list.data.items).toHaveLength(12);
  expect(list.data.items.every((i: { configured: boolean }) => i.configured)).toBe(true);
  expect(list.data.items[0]).toMatchObject({ flowType: 'PEAK_CAPITAL', processCode: demoProcessCode('PEAK_CAPITAL') });
  expect(demoProcessCode('PEAK_CAPITAL')).toMatch(
    /^PROC-[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/,
  );

  // ---- a flow type without a template: a clear 409 before anything is written; 项目流程 says so beforehand
  await t.deps.db.approvalTemplate.delete({ where: { flowType: 'PEAK_CAPITAL' } });
  const flows = (await acct.get(`/api/projects/${pid}/flows`)).data;
  expect(flows.find((f: { type: string }) => f.type === 'PEAK_CAPITAL').templateConfigured).toBe(false);
  expect(flows.find((f: { type: string }) => f.type === 'SCHEME_APPROVAL').templateConfigured).toBe(true);
  const unmapped = await acct.post(`/api/projects/${pid}/flows/PEAK_CAPITAL/start`);
  expect(unmapped.status).toBe(409);
  expect(unmapped.data).toMatchObject({
    code: 'INVALID_STATE',
    message: '【项目资金峰值】尚未配置钉钉审批模板，请系统管理员在 钉钉设置 → 审批模板 中配置',
  });
  expect(await runs()).toBe(0);
  expect(await instances()).toBe(0);

  // ---- only the system admin edits the mapping
  const draft = { version: 0, processCode: TENANT_CODE, fieldMap: { ...goodMap, 资金峰值: '资金峰值（元）' } };
  expect((await acct.put('/api/admin/dingtalk/approval-templates/PEAK_CAPITAL', draft)).status).toBe(403);
  const incomplete = await admin.put('/api/admin/dingtalk/approval-templates/PEAK_CAPITAL', {
    ...draft,
    fieldMap: { 项目名称: '项目' },
  });
  expect(incomplete.status).toBe(400);
  expect(incomplete.data.message).toContain('城市公司');

  // ---- a code DingTalk does not know: 测试 says so; 发起 gets DingTalk's processCodeError as a Chinese 422
  await emu.reset();
  const unknown = await admin.put('/api/admin/dingtalk/approval-templates/PEAK_CAPITAL', draft);
  expect(unknown.status).toBe(200);
  const unknownTest = await admin.post('/api/admin/dingtalk/approval-templates/PEAK_CAPITAL/test');
  expect(unknownTest.status).toBe(200);
  expect(unknownTest.data).toMatchObject({ ok: false, templateName: null });
  expect(unknownTest.data.message).toContain('审批表单模板不存在');
  const noCode = await acct.post(`/api/projects/${pid}/flows/PEAK_CAPITAL/start`);
  expect(noCode.status).toBe(422);
  expect(noCode.data.code).toBe('UNPROCESSABLE');
  expect(noCode.data.message).toContain('审批模板 processCode 不正确');
  expect(noCode.data.message).toContain('钉钉设置 → 审批模板');
  expect(await runs()).toBe(0);

  // ---- the template exists, one mapped component does not: 测试 names it; 发起 gets formConverterError
  await emu.registerTemplate(tenantTemplate);
  const wrong = (await admin.post('/api/admin/dingtalk/approval-templates/PEAK_CAPITAL/test'))
    .data as TApprovalTemplateTest;
  expect(wrong.ok).toBe(false);
  expect(wrong.templateName).toBe('项目资金峰值审批');
  expect(wrong.results.find((r) => r.key === '资金峰值')).toMatchObject({
    component: '资金峰值（元）',
    status: 'missing',
    message: '模板中没有名为「资金峰值（元）」的控件',
  });
  expect(wrong.results.find((r) => r.key === '股东信息/我方')).toMatchObject({
    status: 'ok',
    componentType: 'DDSelectField',
  });
  expect(wrong.results.filter((r) => r.status === 'ok')).toHaveLength(mappingKeys('PEAK_CAPITAL').length - 1);
  const refused = await acct.post(`/api/projects/${pid}/flows/PEAK_CAPITAL/start`);
  expect(refused.status).toBe(422);
  expect(refused.data.message).toBe(
    '钉钉拒绝了【项目资金峰值】的审批表单：表单数据校验失败，失败控件：资金峰值（元）。请系统管理员在 钉钉设置 → 审批模板 中测试并修正对应关系',
  );
  expect(refused.data.details).toMatchObject({ dingtalkCode: 'formConverterError', processCode: TENANT_CODE });
  expect(await runs()).toBe(0); // nothing half-written
  expect(await instances()).toBe(0);

  // ---- a required component nothing fills (项目 left unmapped): 测试 names it; DingTalk refuses it by name
  const noProject = await admin.put('/api/admin/dingtalk/approval-templates/PEAK_CAPITAL', {
    version: 1,
    processCode: TENANT_CODE,
    fieldMap: { ...goodMap, 项目名称: '' },
  });
  expect(noProject.status).toBe(200);
  const required = (await admin.post('/api/admin/dingtalk/approval-templates/PEAK_CAPITAL/test')).data;
  expect(required).toMatchObject({ ok: false, unfilledRequired: ['项目'] });
  expect(required.results.find((r: { key: string }) => r.key === '项目名称')).toMatchObject({ status: 'not_sent' });
  const missing = await acct.post(`/api/projects/${pid}/flows/PEAK_CAPITAL/start`);
  expect(missing.status).toBe(422);
  expect(missing.data.message).toContain('失败控件：项目');
  expect(await runs()).toBe(0);

  // ---- mapped right: 测试 passes, 发起 creates the instance with the template's names
  const saved = await admin.put('/api/admin/dingtalk/approval-templates/PEAK_CAPITAL', {
    version: 2,
    processCode: TENANT_CODE,
    fieldMap: goodMap,
  });
  expect(saved.status).toBe(200);
  expect(saved.data).toMatchObject({ configured: true, version: 3, processCode: TENANT_CODE });
  const stale = await admin.put('/api/admin/dingtalk/approval-templates/PEAK_CAPITAL', {
    version: 2,
    processCode: TENANT_CODE,
    fieldMap: goodMap,
  });
  expect(stale.status).toBe(409);
  const passed = (await admin.post('/api/admin/dingtalk/approval-templates/PEAK_CAPITAL/test')).data;
  expect(passed).toMatchObject({
    ok: true,
    message: '审批模板「项目资金峰值审批」与字段对应关系一致',
    unfilledRequired: [],
  });
  const started = await acct.post(`/api/projects/${pid}/flows/PEAK_CAPITAL/start`);
  expect(started.status).toBe(201);
  expect(started.data).toMatchObject({ processCode: TENANT_CODE, status: 'RUNNING' });
  const [instance] = await emu.approvals();
  expect(instance!.processCode).toBe(TENANT_CODE);
  expect(instance!.formComponentValues.map((v) => [v.name, v.componentType, v.id])).toEqual([
    ['项目', 'TextField', 'TextField-K2AD4O5B'],
    ['所属公司', 'TextField', 'TextField-1RIHUV1W'],
    ['峰值金额', 'TextField', 'TextField-F81N6HQK'],
    ['股东明细', 'TableField', 'TableField_3JSUH63I'],
  ]);
  expect(instance!.formComponentValues[2]!.value).toBe('¥100,000,000.00');
  expect(JSON.parse(instance!.formComponentValues[3]!.value)).toEqual([
    [
      { name: '股东名称', value: '锦艺置业' },
      { name: '持股比例', value: '51.00%' },
      { name: '是否我方', value: '是' },
    ],
    [
      { name: '股东名称', value: '合作方' },
      { name: '持股比例', value: '49.00%' },
      { name: '是否我方', value: '否' },
    ],
  ]);

  // ---- 查看BPM: the run's link opens the instance's page
  const row = (await acct.get(`/api/projects/${pid}/flows`)).data.find(
    (f: { type: string }) => f.type === 'PEAK_CAPITAL',
  );
  expect(row.latest.instanceUrl).toBe(`${emu.url}/__bpm/instances/${started.data.instanceId}`);
  const page = await axios.get(row.latest.instanceUrl, { proxy: false });
  expect(page.headers['content-type']).toContain('text/html');
  expect(page.data).toContain('项目资金峰值审批');
  expect(page.data).toContain('峰值金额');
  expect(page.data).toContain('审批中');

  // ---- re-mapping the type to another template later does not break the running instance's callback
  const remapped = await admin.put('/api/admin/dingtalk/approval-templates/PEAK_CAPITAL', {
    version: 3,
    processCode: demoProcessCode('PEAK_CAPITAL'),
    fieldMap: Object.fromEntries(mappingKeys('PEAK_CAPITAL').map((k) => [k.key, k.column ?? k.field.name])),
  });
  expect(remapped.status).toBe(200);
  await emu.completeApproval(started.data.instanceId, 'agree');
  await eventually(async () => {
    const flow = await t.deps.db.projectFlow.findUniqueOrThrow({ where: { id: started.data.id } });
    expect(flow).toMatchObject({ status: 'COMPLETED', processCode: TENANT_CODE });
  });

  // ---- every edit audited with before and after
  const audits = await t.deps.db.auditLog.findMany({ where: { entity: 'ApprovalTemplate' }, orderBy: { id: 'asc' } });
  expect(audits.map((a) => [a.action, a.actorName])).toEqual([
    ['create', '系统管理员'],
    ['update', '系统管理员'],
    ['update', '系统管理员'],
    ['update', '系统管理员'],
  ]);
  expect(audits[3]!.before).toMatchObject({ processCode: TENANT_CODE, fieldMap: goodMap });
  expect(audits[3]!.after).toMatchObject({ processCode: demoProcessCode('PEAK_CAPITAL') });
});
