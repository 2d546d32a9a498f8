/** 催缴 by hand and on schedule, 放弃 for voluntary no-shows, 合伙名单 from Excel, and 重置 of a flow. */
import ExcelJS from 'exceljs';
import { runDailyPaymentDuties } from '../../server/modules/payments/run-daily-payment-duties';
import { seedDemo } from '../../server/seed/seed';
import { shanghaiDay } from '../../shared/datetime';
import { startTestApp, type TestApp } from '../support/app';
import { loginAs } from '../support/auth';

let t: TestApp;
let projectId: number;
beforeAll(async () => {
  t = await startTestApp();
  await seedDemo(t.deps.db);
  projectId = (await t.deps.db.project.findUniqueOrThrow({ where: { name: '江阴项目' } })).id;
  await t.deps.db.projectScheme.create({
    data: {
      projectId,
      peakCapital: '50000000',
      cityRatio: '0.01',
      totalRatio: '0.01',
      perPersonCapRatio: '0.002',
      reminderOffsetsDays: [1, 0],
    },
  });
});
afterAll(() => t.close());

const dayOffset = (days: number) => new Date(`${shanghaiDay(Date.now() + days * 86_400_000)}T00:00:00Z`);

async function dueFor(dingUserId: string, category: 'VOLUNTARY' | 'PRIORITY', dueInDays: number, paid = '0') {
  const db = t.deps.db;
  const user = await db.user.findUniqueOrThrow({ where: { dingUserId } });
  const seq = 100 + (await db.subscriptionRound.count({ where: { projectId } }));
  const round = await db.subscriptionRound.create({
    data: { projectId, kind: 'INITIAL', seq, title: `第${seq}轮`, deadline: new Date(), status: 'CONFIRMED' },
  });
  const line = await db.roundPartner.create({
    data: {
      roundId: round.id,
      userId: user.id,
      level: 'CITY',
      category,
      minAmount: '0',
      maxAmount: '100000',
      investedAmount: '50000',
    },
  });
  return db.paymentDue.create({
    data: {
      roundPartnerId: line.id,
      dueKey: `initial:${line.id}`,
      level: 'CITY',
      projectId,
      userId: user.id,
      amountDue: '50000',
      paidAmount: paid,
      status: paid === '0' ? 'UNPAID' : 'PARTIAL',
      dueDate: dayOffset(dueInDays),
      noticeSentAt: new Date(),
    },
  });
}

it('reminds on the configured days before the due day, once a day, and deems voluntary no-shows to have given up', async () => {
  const tomorrow = await dueFor('u1011', 'VOLUNTARY', 1);
  const today = await dueFor('u1012', 'PRIORITY', 0, '10000');
  const later = await dueFor('u1013', 'VOLUNTARY', 5);
  const missed = await dueFor('u1014', 'VOLUNTARY', -1);
  const missedPriority = await dueFor('u1015', 'PRIORITY', -1);
  const first = await runDailyPaymentDuties(t.deps);
  expect(first).toEqual({ reminded: 2, forfeited: 1 });
  const reminders = await t.deps.db.notification.findMany({
    where: { kind: 'payment_reminder' },
    select: { dedupeKey: true, payload: true },
  });
  expect(reminders.map((r) => r.dedupeKey).sort()).toEqual(
    [`payment:${today.id}:reminder:${shanghaiDay()}`, `payment:${tomorrow.id}:reminder:${shanghaiDay()}`].sort(),
  );
  expect(JSON.stringify(reminders.find((r) => r.dedupeKey!.startsWith(`payment:${today.id}`))!.payload)).toContain(
    '尚欠金额：¥40,000.00',
  );
  expect((await t.deps.db.paymentDue.findUniqueOrThrow({ where: { id: missed.id } })).status).toBe('FORFEITED');
  expect((await t.deps.db.paymentDue.findUniqueOrThrow({ where: { id: missedPriority.id } })).status).toBe('UNPAID'); // 逾期, not given up
  expect((await t.deps.db.paymentDue.findUniqueOrThrow({ where: { id: later.id } })).lastReminderAt).toBeNull();
  expect(await runDailyPaymentDuties(t.deps)).toEqual({ reminded: 0, forfeited: 0 }); // a second run the same day sends nothing
  const admin = await loginAs(t, 'hhadmin');
  const overdue = (await admin.get(`/api/projects/${projectId}/payments`)).data.find(
    (d: { id: number }) => d.id === missedPriority.id,
  );
  expect(overdue.status).toBe('OVERDUE');
  const byHand = await admin.post(
    `/api/projects/${projectId}/rounds/${(await t.deps.db.roundPartner.findUniqueOrThrow({ where: { id: later.roundPartnerId! } })).roundId}/reminders`,
  );
  expect(byHand.data).toEqual({ reminded: 1, alreadyRemindedToday: 0 });
});

it('imports the partner list from Excel, or nothing with the row of each problem', async () => {
  const acct = await loginAs(t, 'hhkj');
  const round = await acct
    .post(`/api/projects/${projectId}/rounds`, {
      kind: 'SUPPLEMENT',
      deadline: new Date(Date.now() + 86_400_000).toISOString(),
    })
    .then((r) =>
      r.status === 201
        ? r
        : acct.post(`/api/projects/${projectId}/rounds`, {
            kind: 'INITIAL',
            deadline: new Date(Date.now() + 86_400_000).toISOString(),
          }),
    );
  expect(round.status).toBe(201);
  const template = await acct.get(`/api/projects/${projectId}/rounds/${round.data.id}/partners/template`, {
    responseType: 'arraybuffer',
  });
  expect(template.headers['content-type']).toContain('spreadsheetml');
  const file = async (
    rows: (string | number)[][],
    header = ['姓名', '手机号', '工号', '层级', '类别', '认购下限', '认购上限'],
  ) => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('合伙名单');
    ws.addRow(header);
    rows.forEach((r) => ws.addRow(r));
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(await wb.xlsx.writeBuffer())]), 'partners.xlsx');
    return acct.post(`/api/projects/${projectId}/rounds/${round.data.id}/partners/import`, form);
  };
  // the template: 姓名 first, 手机号 / 工号 only for repeated names, 钉钉ID optional and last; no sample person
  const tpl = new ExcelJS.Workbook();
  await tpl.xlsx.load(template.data);
  expect((tpl.worksheets[0]!.getRow(1).values as string[]).slice(1)).toEqual([
    '姓名',
    '手机号',
    '工号',
    '层级',
    '类别',
    '认购下限',
    '认购上限',
    '钉钉ID',
  ]);
  expect(tpl.worksheets[0]!.getRow(2).getCell(1).value).toBeNull(); // no sample person to import by mistake
  expect(tpl.getWorksheet('填写说明')).toBeDefined();
  // a second active 金涛 elsewhere: the name alone no longer says who
  const jinan = await t.deps.db.orgUnit.findUniqueOrThrow({ where: { code: 'JINAN' } });
  await t.deps.db.user.create({
    data: { name: '金涛', mobile: '13990000099', jobNumber: 'JN-099', status: 'ACTIVE', orgUnitId: jinan.id },
  });
  // format errors and the list's own rules (here 史伟's 认购上限 over the 单人上限) come back together, in one pass
  const bad = await file([
    ['史伟', '', '', '城市公司', '强投', 50000, 200000],
    ['无此人', '', '', '城市公司', '自愿', 0, 10000],
    ['金涛', '', '', '区域公司', '自愿', 0, 10000],
    ['王磊', '13900000000', '', '城市公司', '自愿', 0, 10000],
  ]);
  expect(bad.status).toBe(422);
  expect(bad.data.details.errors).toEqual([
    { row: 2, column: '认购上限', message: expect.stringContaining('认购上限不能超过单人上限 ¥100,000.00') },
    { row: 3, column: '姓名', message: '找不到名为「无此人」的在职员工' },
    {
      row: 4,
      column: '姓名',
      message: expect.stringMatching(/^有 2 名在职员工叫「金涛」（.*济南城市公司.*），请填写手机号或工号以区分$/),
    },
    { row: 4, column: '层级', message: '应为 控股集团 / 置业集团 / 城市公司 / 其它' },
    { row: 5, column: '手机号', message: '手机号与「王磊」不符' },
  ]);
  expect(await t.deps.db.roundPartner.count({ where: { roundId: round.data.id } })).toBe(0);
  const over = await file([['史伟', '', '', '城市公司', '强投', 50000, 200000]]);
  expect(over.status).toBe(422);
  expect(over.data.message).toContain('第 2 行【认购上限】认购上限不能超过单人上限 ¥100,000.00');
  // an older file without 工号 and with 钉钉ID still reads; the DingTalk id must agree with the name
  const old = ['姓名', '钉钉ID', '手机号', '层级', '类别', '认购下限', '认购上限'];
  const wrongId = await file([['史伟', 'u1002', '', '城市公司', '强投', 50000, 100000]], old);
  expect(wrongId.data.details.errors[0]).toMatchObject({ column: '钉钉ID' });
  const ok = await file(
    [
      ['史伟', 'u1001', '', '城市公司', '强投', 50000, 100000],
      ['金涛', '', '13910000002', '城市公司', '自愿', 0, 50000],
    ],
    old,
  );
  expect(ok.status).toBe(200);
  expect(ok.data).toEqual({ added: 2 });
});

it('lets the business admin (and the system admin) reset a flow, not an accountant, and audits it', async () => {
  const starter = await t.deps.db.user.findUniqueOrThrow({ where: { username: 'hhkj' } });
  const flow = await t.deps.db.projectFlow.create({
    data: {
      projectId,
      type: 'PEAK_CAPITAL',
      run: 1,
      status: 'COMPLETED',
      startedById: starter.id,
      instanceId: `inst-${Date.now()}`,
    },
  });
  const acct = await loginAs(t, 'hhkj');
  expect((await acct.post(`/api/projects/${projectId}/flows/${flow.id}/reset`)).status).toBe(403);
  const bizAdmin = await loginAs(t, 'hhadmin');
  const reset = await bizAdmin.post(`/api/projects/${projectId}/flows/${flow.id}/reset`);
  expect(reset.data.status).toBe('RESET');
  const admin = await loginAs(t, 'admin');
  const log = (await admin.get('/api/audit-logs', { params: { projectId, action: 'reset_flow' } })).data.items[0];
  expect(log).toMatchObject({
    before: { status: 'COMPLETED' },
    after: { status: 'RESET' },
    actor: { name: '业务管理员' },
  });
});

it('a change of 立项信息 after 测算 sends the round back to be calculated again', async () => {
  const db = t.deps.db;
  const project = await db.project.findUniqueOrThrow({ where: { name: '常州项目' } });
  const scheme = await db.projectScheme.create({
    data: { projectId: project.id, peakCapital: '10000000', cityRatio: '0.01', totalRatio: '0.01' },
  });
  const user = await db.user.findUniqueOrThrow({ where: { dingUserId: 'u1020' } });
  const round = await db.subscriptionRound.create({
    data: {
      projectId: project.id,
      kind: 'INITIAL',
      seq: 1,
      title: '立项认购',
      deadline: new Date(Date.now() - 1000),
      status: 'CALCULATED',
    },
  });
  await db.roundPartner.create({
    data: {
      roundId: round.id,
      userId: user.id,
      level: 'CITY',
      category: 'VOLUNTARY',
      minAmount: '0',
      maxAmount: '100000',
      subscribedAmount: '80000',
      allocatedAmount: '80000',
      investedAmount: '80000',
    },
  });
  const acct = await loginAs(t, 'hhkj');
  const saved = await acct.put(`/api/projects/${project.id}/scheme`, {
    version: scheme.version,
    peakCapital: '5000000',
    holdingRatio: '0',
    groupRatio: '0',
    cityRatio: '0.01',
    otherRatio: '0',
    totalRatio: '0.01',
  });
  expect(saved.status).toBe(200);
  const detail = (await acct.get(`/api/projects/${project.id}/rounds/${round.id}`)).data;
  expect(detail.round.status).toBe('OPEN');
  expect(detail.lines[0]).toMatchObject({ subscribedAmount: '80000.00', allocatedAmount: null, investedAmount: null });
  const recalc = await acct.post(`/api/projects/${project.id}/rounds/${round.id}/calculate`);
  expect(recalc.data.lines[0].investedAmount).toBe('50000.00'); // the new city cap: 5,000,000 × 1%
});
