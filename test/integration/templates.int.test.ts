/**
 * 模板管理 through HTTP: the 缴款通知 template edited (an unknown placeholder refused with its line first), previewed
 * with a partner's data and with the samples, then the notices sent: the partner's DingTalk message has the new
 * wording and the notification row records the version; the edits and the restore are audited; concurrent saves 409.
 */
import { startWorkers, type RunningWorkers } from '../../server/jobs/worker';
import { seedDemo } from '../../server/seed/seed';
import { shanghaiDay } from '../../shared/datetime';
import { DEFAULT_TEMPLATES } from '../../server/modules/templates/defaults';
import { startTestApp, testDeps, type TestApp } from '../support/app';
import { loginAs } from '../support/auth';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import { eventually } from '../support/eventually';

let emu: TestEmulator;
let t: TestApp;
let workers: RunningWorkers;
let projectId: number;
let roundId: number;
let partnerId: number;

beforeAll(async () => {
  emu = await startTestEmulator();
  t = await startTestApp({ deps: testDeps({ ...emu.env, NOTIFY_RELAY_INTERVAL_MS: '100' }) });
  await seedDemo(t.deps.db);
  workers = await startWorkers(t.deps, t.deps.redisUrl);
  const db = t.deps.db;
  projectId = (await db.project.findUniqueOrThrow({ where: { name: '江阴项目' } })).id;
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
  partnerId = partner.id;
  const round = await db.subscriptionRound.create({
    data: { projectId, kind: 'INITIAL', seq: 1, title: '首次认购', deadline: new Date(), status: 'CONFIRMED' },
  });
  roundId = round.id;
  const line = await db.roundPartner.create({
    data: {
      roundId,
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
});
afterAll(async () => {
  await workers.close();
  await t.close();
  await emu.close();
});

const NEW_BODY = [
  '### {{项目名称}} 缴款通知（新版）',
  '',
  '{{姓名}}，您在{{跟投层级}}层级的应缴金额为 {{应缴金额}}（大写：{{应缴金额大写}}），请于 {{缴款截止}} 前缴至：{{收款账户}}',
].join('\n');

it('edits 缴款通知, and the notices sent use the new version and record it', async () => {
  const bizAdmin = await loginAs(t, 'hhadmin');
  const list = await bizAdmin.get('/api/templates');
  expect(list.status).toBe(200);
  expect(list.data.items.map((i: { label: string }) => i.label)).toEqual(
    expect.arrayContaining(['认购通知', '缴款通知', '催缴通知', '补缴通知', '退款通知', '分配账户确认', '分配通知']),
  );
  expect(list.data.items.find((i: { kind: string }) => i.kind === 'PAYMENT_NOTICE')).toMatchObject({
    version: 1,
    updatedByName: '系统',
  });
  const v1 = (await bizAdmin.get('/api/templates/PAYMENT_NOTICE')).data.current;
  expect(v1).toMatchObject({ version: 1, body: DEFAULT_TEMPLATES.PAYMENT_NOTICE.body });

  // an unknown placeholder is a 400 naming it and its line; nothing is saved
  const bad = await bizAdmin.put('/api/templates/PAYMENT_NOTICE', {
    title: '{{项目名称}} 缴款通知',
    body: '### 缴款\n\n{{认购金额}}',
    note: '试试',
    baseVersion: 1,
  });
  expect(bad.status).toBe(400);
  expect(bad.data.code).toBe('VALIDATION_FAILED');
  expect(bad.data.message).toContain('第 3 行：未知的占位符 {{认购金额}}');
  expect(bad.data.details).toEqual([
    expect.objectContaining({ path: ['body'], placeholder: '认购金额', line: 3, column: 1 }),
  ]);
  const block = await bizAdmin.put('/api/templates/PAYMENT_NOTICE', {
    title: '缴款通知',
    body: '{{#if 姓名}}您好{{/if}}',
    note: '试试',
    baseVersion: 1,
  });
  expect(block.status).toBe(400);
  expect(block.data.details[0]).toMatchObject({ placeholder: '#if', line: 1 });

  // preview: the samples without a partner; 史伟's own due with a partner of the project
  const sample = await bizAdmin.post('/api/templates/PAYMENT_NOTICE/preview', {
    title: '{{项目名称}} 缴款通知',
    body: NEW_BODY,
  });
  expect(sample.status).toBe(200);
  expect(sample.data).toMatchObject({ partnerName: null, sampled: [] });
  expect(sample.data.text).toContain('史伟，您在城市公司层级的应缴金额为 ¥300,000.00（大写：叁拾万元整）');
  const partners = (await bizAdmin.get(`/api/template-preview/partners?projectId=${projectId}`)).data.items;
  expect(partners).toEqual([expect.objectContaining({ userId: partnerId, name: '史伟' })]);
  const real = await bizAdmin.post('/api/templates/PAYMENT_NOTICE/preview', {
    title: '{{项目名称}} 缴款通知',
    body: NEW_BODY,
    projectId,
    userId: partnerId,
  });
  expect(real.status).toBe(200);
  expect(real.data.partnerName).toBe('史伟');
  expect(real.data.title).toBe('江阴项目 缴款通知');
  expect(real.data.text).toContain('应缴金额为 ¥123,456.78（大写：壹拾贰万叁仟肆佰伍拾陆元柒角捌分）');
  expect(real.data.text).toContain('江阴锦艺置业有限公司 中国银行江阴支行 6217 0000 8888 0001');
  // the system admin edits templates but sees no partner money: samples only
  const admin = await loginAs(t, 'admin');
  expect((await admin.post('/api/templates/PAYMENT_NOTICE/preview', { title: 'x', body: NEW_BODY })).status).toBe(200);
  expect(
    (
      await admin.post('/api/templates/PAYMENT_NOTICE/preview', {
        title: 'x',
        body: NEW_BODY,
        projectId,
        userId: partnerId,
      })
    ).status,
  ).toBe(403);

  // save as version 2; a second save from version 1 is a conflict
  const saved = await bizAdmin.put('/api/templates/PAYMENT_NOTICE', {
    title: '{{项目名称}} 缴款通知',
    body: NEW_BODY,
    note: '写明姓名与大写金额',
    baseVersion: 1,
  });
  expect(saved.status).toBe(200);
  expect(saved.data).toMatchObject({ version: 2, updatedByName: expect.any(String) });
  const stale = await admin.put('/api/templates/PAYMENT_NOTICE', {
    title: 'x',
    body: '{{姓名}}',
    note: '并发',
    baseVersion: 1,
  });
  expect(stale.status).toBe(409);
  expect(stale.data).toMatchObject({ code: 'VERSION_CONFLICT', details: { currentVersion: 2 } });

  // send: the partner's message has the new wording; the row records version 2
  const sent = await bizAdmin.post(`/api/projects/${projectId}/rounds/${roundId}/payment-notices`, { test: false });
  expect(sent.status).toBe(200);
  expect(sent.data.recipients).toBe(1);
  const msg = await eventually(async () => {
    const ms = (await emu.workNotifications('u1001')).filter((n) => JSON.stringify(n.msg).includes('缴款通知（新版）'));
    expect(ms).toHaveLength(1);
    return ms[0]!.msg as { action_card: { title: string; markdown: string } };
  }, 15_000);
  expect(msg.action_card.markdown).toBe(
    '### 江阴项目 缴款通知（新版）\n\n史伟，您在城市公司层级的应缴金额为 ¥123,456.78（大写：壹拾贰万叁仟肆佰伍拾陆元柒角捌分），' +
      '请于 ' +
      shanghaiDay(Date.now() + 10 * 86_400_000) +
      ' 前缴至：江阴锦艺置业有限公司 中国银行江阴支行 6217 0000 8888 0001',
  );
  const v2 = await t.deps.db.templateVersion.findUniqueOrThrow({
    where: { kind_version: { kind: 'PAYMENT_NOTICE', version: 2 } },
  });
  const row = await t.deps.db.notification.findFirstOrThrow({ where: { kind: 'payment_notice', userId: partnerId } });
  expect(row.templateVersionId).toBe(v2.id);

  // history with full texts; restore version 1 as version 3
  const versions = (await bizAdmin.get('/api/templates/PAYMENT_NOTICE/versions')).data.items;
  expect(versions.map((v: { version: number; note: string }) => [v.version, v.note])).toEqual([
    [2, '写明姓名与大写金额'],
    [1, '初始版本（系统原有措辞）'],
  ]);
  const restored = await bizAdmin.post('/api/templates/PAYMENT_NOTICE/versions/1/restore', { baseVersion: 2 });
  expect(restored.status).toBe(200);
  expect(restored.data.current).toMatchObject({ version: 3, restoredFrom: 1, note: '恢复第 1 版' });
  expect(restored.data.current.body).toBe(DEFAULT_TEMPLATES.PAYMENT_NOTICE.body);

  // audited: who, before, after
  const audits = await t.deps.db.auditLog.findMany({ where: { entity: 'Template' }, orderBy: { id: 'asc' } });
  expect(audits.map((a) => [a.action, a.entityId, a.actorName])).toEqual([
    ['update_template', 'PAYMENT_NOTICE', expect.any(String)],
    ['restore_template', 'PAYMENT_NOTICE', expect.any(String)],
  ]);
  expect(audits[0]!.actorId).not.toBeNull();
  expect(audits[0]!.before).toMatchObject({ version: 1, body: DEFAULT_TEMPLATES.PAYMENT_NOTICE.body });
  expect(audits[0]!.after).toMatchObject({ version: 2, body: NEW_BODY, note: '写明姓名与大写金额' });
  expect(audits[1]!.before).toMatchObject({ version: 2, body: NEW_BODY });
  expect(audits[1]!.after).toMatchObject({ version: 3, restoredFrom: 1 });
}, 90_000);

it('refuses a template for accountants and partners', async () => {
  const acct = await loginAs(t, 'hhkj');
  expect((await acct.get('/api/templates')).status).toBe(403);
  expect(
    (await acct.put('/api/templates/PAYMENT_NOTICE', { title: 'x', body: 'y', note: 'z', baseVersion: 3 })).status,
  ).toBe(403);
});
