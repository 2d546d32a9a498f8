/**
 * 手动-非测算 over HTTP (manual: "如何进行手动-非测算-利润分配"): the business admin unlocks a typed 第1次利润分配 batch,
 * the city accountant imports an Excel built from the manual's 34-line table (a broken file first: every problem by
 * row and column, nothing stored), the batch shows exactly the manual's 合计 row; the template comes back with the
 * lines, a typed edit is audited with before and after; 送审 locks the lines again; review, BPM, notices; 分配账户
 * by Excel (namesakes told apart by 工号); the bank's payout result imported twice registers the payouts once.
 */
import ExcelJS from 'exceljs';
import { startWorkers, type RunningWorkers } from '../../server/jobs/worker';
import { seedDemo } from '../../server/seed/seed';
import { startTestApp, testDeps, type TestApp } from '../support/app';
import { loginAs, type withToken } from '../support/auth';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import { eventually } from '../support/eventually';

jest.setTimeout(120_000);

/** The manual's table: name cell, A, B, C, D, E, F, 分配合计 不含其它 — as printed. */
const FAQ: [string, string, string, string, string, string, string, string][] = [
  ['史伟 退', '746,428.00', '-309,818.50', '', '436,609.50', '436,609.50', '', '436,609.50'],
  ['金涛 离', '288,940.00', '-111,573.50', '', '177,366.50', '177,366.50', '111,573.50', '288,940.00'],
  ['王磊 离 退', '57,788.00', '-19,442.10', '', '38,345.90', '38,345.90', '', '38,345.90'],
  ['刘乔 退', '288,940.00', '-102,074.11', '', '186,865.89', '186,865.89', '', '186,865.89'],
  ['周峰 退', '28,894.00', '-9,760.63', '', '19,133.37', '19,133.37', '', '19,133.37'],
  ['马海明 退', '28,894.00', '-9,800.21', '', '19,093.79', '19,093.79', '', '19,093.79'],
  ['崔振涛 退', '28,894.00', '-9,760.63', '', '19,133.37', '19,133.37', '', '19,133.37'],
  ['李瑾 退', '28,894.00', '-9,681.47', '', '19,212.53', '19,212.53', '', '19,212.53'],
  ['牛甲明', '28,894.00', '-10,199.50', '', '18,694.50', '18,694.50', '10,199.50', '28,894.00'],
  ['肖鹏', '28,894.00', '-10,207.42', '', '18,686.58', '18,686.58', '10,207.42', '28,894.00'],
  ['贾开航 退', '28,894.00', '-9,760.63', '', '19,133.37', '19,133.37', '', '19,133.37'],
  ['刘伟', '144,470.00', '-63,484.70', '', '80,985.30', '80,985.30', '', '80,985.30'],
  ['许之茂', '5,779.00', '-2,031.97', '', '3,747.03', '3,747.03', '', '3,747.03'],
  ['钟杨 退', '5,779.00', '-1,936.28', '', '3,842.72', '3,842.72', '', '3,842.72'],
  ['郭萍 离 退', '5,779.00', '-1,983.78', '', '3,795.22', '3,795.22', '', '3,795.22'],
  ['何天友 退', '96,313.00', '-42,375.91', '', '53,937.09', '53,937.09', '', '53,937.09'],
  ['苏萧龙', '96,313.00', '-42,296.75', '', '54,016.25', '54,016.25', '', '54,016.25'],
  ['任闽涛', '144,470.00', '-63,484.70', '', '80,985.30', '80,985.30', '', '80,985.30'],
  ['高光明 退', '28,894.00', '-9,800.21', '', '19,093.79', '19,093.79', '', '19,093.79'],
  ['陈家仁', '28,894.00', '-10,183.67', '', '18,710.33', '18,710.33', '', '18,710.33'],
  ['陈剑雄', '28,894.00', '-10,413.24', '', '18,480.76', '18,480.76', '', '18,480.76'],
  ['朱开龙', '86,682.00', '-31,999.67', '', '54,682.33', '54,682.33', '', '54,682.33'],
  ['黄荣健', '28,894.00', '-10,397.41', '', '18,496.59', '18,496.59', '', '18,496.59'],
  ['谢顺 离 退', '57,788.00', '-19,442.10', '', '38,345.90', '38,345.90', '', '38,345.90'],
  ['刘文峰 退', '57,788.00', '-19,283.78', '', '38,504.22', '38,504.22', '', '38,504.22'],
  ['郑家强', '2,889,397.00', '-15,427.01', '', '2,873,969.99', '2,873,969.99', '', '2,873,969.99'],
  ['陈航斌', '2,889,397.00', '-15,427.01', '', '2,873,969.99', '2,873,969.99', '', '2,873,969.99'],
  ['张虎臣', '28,894.00', '-10,524.07', '', '18,369.93', '18,369.93', '', '18,369.93'],
  ['杨泽强', '28,894.00', '-10,508.23', '', '18,385.77', '18,385.77', '', '18,385.77'],
  ['寇彦玲', '28,894.00', '-10,476.57', '', '18,417.43', '18,417.43', '', '18,417.43'],
  ['林宏', '28,894.00', '-10,476.57', '', '18,417.43', '18,417.43', '', '18,417.43'],
  ['张秉建 离 退', '5,779.00', '-1,983.78', '', '3,795.22', '3,795.22', '', '3,795.22'],
  ['徐慎亮 离 退', '240,783.00', '-94,400.21', '', '146,382.79', '146,382.79', '', '146,382.79'],
  ['毛嘉麟 离 退', '28,894.00', '-9,562.73', '', '19,331.27', '19,331.27', '', '19,331.27'],
];
const TOTAL = ['8,570,917.00', '-1,119,979.05', '', '7,450,937.95', '7,450,937.95', '131,980.42', '7,582,918.37'];
const HEADER = [
  '序号',
  '姓名',
  '工号',
  '层级',
  '事业合伙本金',
  '资金利息',
  '其它',
  '其它原因',
  '本金分配不含其它',
  '本金分配含其它',
  '利润分配',
  '分配合计不含其它',
];
const plain = (s: string) => s.replace(/,/g, '');
const nameOf = (cell: string) => cell.split(' ')[0]!;
/** The three partners who get F are at the 城市公司 level (the BPM form puts all of F there), the others 置业集团. */
const levelLabel = (row: (typeof FAQ)[number]) => (row[6] ? '城市公司' : '置业集团');

let emu: TestEmulator;
let t: TestApp;
let workers: RunningWorkers;
let projectId: number;
const userIds = new Map<string, number>();

/** The manual's table as the import file: amounts as the text printed, 林宏 with his 工号, then the 合计 row. */
async function faqWorkbook(edit?: (rows: string[][]) => void): Promise<Buffer> {
  const rows = FAQ.map((r, i) => [
    String(i + 1),
    r[0],
    nameOf(r[0]) === '林宏' ? 'JY-031' : '',
    levelLabel(r),
    r[1],
    r[2],
    r[3],
    '',
    r[4],
    r[5],
    r[6],
    r[7],
  ]);
  edit?.(rows);
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('第1次利润分配');
  ws.addRow(HEADER);
  for (const r of rows) ws.addRow(r);
  ws.addRow(['', '合计:', '', '', ...TOTAL.slice(0, 3), '', ...TOTAL.slice(3)]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const upload = (http: ReturnType<typeof withToken>, url: string, file: Buffer) => {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(file)]), 'import.xlsx');
  return http.post(url, form);
};

const readSheet = async (data: ArrayBuffer) => {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(data);
  return wb.worksheets[0]!;
};

beforeAll(async () => {
  emu = await startTestEmulator();
  t = await startTestApp({ deps: testDeps({ ...emu.env, NOTIFY_RELAY_INTERVAL_MS: '100' }) });
  await emu.configure({ callbackUrl: `${t.base}/api/dingtalk/callback` });
  await seedDemo(t.deps.db);
  workers = await startWorkers(t.deps, t.deps.redisUrl);
  const db = t.deps.db;
  projectId = (await db.project.findUniqueOrThrow({ where: { name: '泰安-锦艺誉峯' } })).id;
  // 泰安-锦艺誉峯 in the BPM form: 合伙投资占比 3.910% = 置业集团 3.310% + 城市公司 0.600%
  await db.projectScheme.upsert({
    where: { projectId },
    create: { projectId, peakCapital: '300000000', groupRatio: '0.0331', cityRatio: '0.006', totalRatio: '0.0391' },
    update: { groupRatio: '0.0331', cityRatio: '0.006', totalRatio: '0.0391' },
  });
  // the 34 partners, each holding at the level of the table (entered directly: this project's ledger is history),
  // and a second 林宏 on the project, so the name needs the 工号
  const people = [...FAQ.map((r) => ({ name: nameOf(r[0]), level: levelLabel(r), amount: plain(r[1]) }))];
  let n = 0;
  for (const p of [...people, { name: '林宏', level: '置业集团', amount: '1000.00' }]) {
    n++;
    const twin = n === people.length + 1;
    const u = await db.user.create({
      data: {
        name: p.name,
        jobNumber: twin ? 'JY-999' : p.name === '林宏' ? 'JY-031' : `JY-${String(n).padStart(3, '0')}`,
        mobile: `1880000${String(n).padStart(4, '0')}`,
        dingDeptIds: [],
      },
    });
    if (!twin) userIds.set(p.name, u.id);
    for (const kind of ['COMMITMENT', 'PAYMENT'] as const)
      await db.capitalEntry.create({
        data: {
          projectId,
          level: p.level === '城市公司' ? 'CITY' : 'GROUP',
          holder: 'PARTNER',
          userId: u.id,
          kind,
          committedDelta: kind === 'COMMITMENT' ? p.amount : '0',
          paidDelta: kind === 'PAYMENT' ? p.amount : '0',
          interestDelta: '0',
          valueDate: new Date('2018-06-19T00:00:00Z'),
          idempotencyKey: `faq:${kind}:${u.id}`,
        },
      });
  }
});
afterAll(async () => {
  await workers.close();
  await t.close();
  await emu.close();
});

it('手动-非测算 第1次利润分配: 解锁编辑 → 导入 the manual table (合计 exact) → edit → 送审 → BPM → accounts → bank result imported twice', async () => {
  const acct = await loginAs(t, 'hhkj');
  const admin = await loginAs(t, 'hhadmin');
  const created = await acct.post(`/api/projects/${projectId}/distributions`, {
    kind: 'PROFIT',
    mode: 'MANUAL',
    date: '2020-06-19',
    settings: { taxRate: '0' }, // the table's F refunds interest (domain.md §7): no withholding
  });
  expect(created.status).toBe(201);
  expect(created.data).toMatchObject({ mode: 'MANUAL', status: 'DRAFT', manualUnlocked: false });
  const batchUrl = `/api/projects/${projectId}/distributions/${created.data.id}`;
  const importUrl = (version: number) => `${batchUrl}/import?version=${version}&date=2020-06-19`;

  // a typed batch is not calculated: its 其它 is typed on the lines, 测算 is refused
  const userId = userIds.get('史伟');
  const adj = await acct.patch(batchUrl, {
    version: created.data.version,
    adjustments: [{ level: 'GROUP', userId, amount: '1.00', reason: '测试' }],
  });
  expect(adj.status).toBe(409);
  expect((await acct.post(`${batchUrl}/calculate`, { version: created.data.version })).status).toBe(409);
  // locked until the business admin unlocks; the accountant may not unlock
  const early = await upload(acct, importUrl(created.data.version), await faqWorkbook());
  expect(early.status).toBe(409);
  expect(early.data.message).toContain('解锁');
  expect((await acct.post(`${batchUrl}/unlock`, { version: created.data.version })).status).toBe(403);
  const unlocked = await admin.post(`${batchUrl}/unlock`, { version: created.data.version, reason: '手工录入利润' });
  expect(unlocked.status).toBe(200);
  expect(unlocked.data.manualUnlocked).toBe(true);

  // a broken file: every problem in one answer, by row and column; nothing stored
  const broken = await upload(
    acct,
    importUrl(unlocked.data.version),
    await faqWorkbook((rows) => {
      rows[3]![10] = '-5.00'; // row 5 (刘乔): negative F
      rows[5]![5] = '12.345'; // row 7 (马海明): three decimals
      rows[7]![1] = '李谨 退'; // row 9: not a partner of the project
      rows[9]![3] = '集团'; // row 11: unknown level
      rows[30]![2] = ''; // row 32: 林宏 without his 工号, and there are two
    }),
  );
  expect(broken.status).toBe(422);
  const errs = broken.data.details.errors as { row: number; column: string; message: string }[];
  expect(errs.map((e) => [e.row, e.column])).toEqual([
    [5, '利润分配'],
    [7, '资金利息'],
    [9, '姓名'],
    [11, '层级'],
    [32, '姓名'],
  ]);
  expect(errs[0]!.message).toMatch(/^第 5 行「利润分配」：刘乔 利润（F）不能为负数/);
  expect(errs[4]!.message).toContain('同名');
  const still = (await acct.get(batchUrl)).data;
  expect(still).toMatchObject({ status: 'DRAFT', lines: [], totals: null, version: unlocked.data.version });

  // the manual's table: 34 lines, the 合计 row exactly as printed
  const imported = await upload(acct, importUrl(unlocked.data.version), await faqWorkbook());
  expect(imported.status).toBe(200);
  expect(imported.data.status).toBe('CALCULATED');
  expect(imported.data.lines).toHaveLength(34);
  expect(imported.data.totals).toMatchObject({
    principal: '8570917.00',
    interest: '-1119979.05',
    other: '0.00',
    principalNet: '7450937.95',
    principalTotal: '7450937.95',
    profit: '131980.42',
    totalExclOther: '7582918.37',
    payout: '131980.42', // a profit batch pays F (no tax here); the principal columns are shown for reference
  });
  FAQ.forEach((row, i) => {
    const l = imported.data.lines[i];
    expect(l.name).toBe(nameOf(row[0]));
    expect([...l.marks].sort()).toEqual(row[0].split(' ').slice(1).sort());
    expect([l.principalNet, l.principalTotal, l.totalExclOther]).toEqual([plain(row[4]), plain(row[5]), plain(row[7])]);
  });
  expect(imported.data.lines[30].userId).toBe(userIds.get('林宏'));
  expect(imported.data.levels.map((r: { label: string; amount: string }) => [r.label, r.amount])).toEqual([
    ['控股集团', '0.00'],
    ['置业集团', '0.00'],
    ['城市公司', '131980.42'],
    ['其它', '0.00'],
    ['合计', '131980.42'],
  ]);

  // 导出模板 gives the stored lines back; importing it unchanged stores the same batch
  const template = await acct.get(`${batchUrl}/template`, { responseType: 'arraybuffer' });
  expect(template.status).toBe(200);
  const ws = await readSheet(template.data);
  expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(HEADER);
  expect(ws.rowCount).toBe(35);
  expect(ws.getRow(3).getCell(2).value).toBe('金涛 离');
  expect(ws.getRow(32).getCell(3).value).toBe('JY-031');
  const again = await upload(acct, importUrl(imported.data.version), Buffer.from(template.data));
  expect(again.status).toBe(200);
  expect(again.data.totals).toEqual(imported.data.totals);

  // typed: 其它 needs its reason; with it, saved and audited with before and after
  const typed = again.data.lines.map((l: Record<string, string | string[] | number | null>) => ({
    name: [l.name, ...(l.marks as string[])].join(' '),
    userId: l.userId,
    level: l.level,
    principal: l.principal,
    interest: l.interest,
    other: l.other,
    profit: l.profit,
  }));
  typed[0].other = '1,000.00';
  const noReason = await acct.put(`${batchUrl}/lines`, {
    version: again.data.version,
    date: '2020-06-19',
    lines: typed,
  });
  expect(noReason.status).toBe(422);
  expect(noReason.data.details.errors[0]).toMatchObject({ row: 1, column: '其它原因' });
  typed[0].otherReason = '代垫费用返还';
  const saved = await acct.put(`${batchUrl}/lines`, { version: again.data.version, date: '2020-06-19', lines: typed });
  expect(saved.status).toBe(200);
  expect(saved.data.totals).toMatchObject({ other: '1000.00', principalTotal: '7451937.95', payout: '131980.42' });
  typed[0].other = '';
  typed[0].otherReason = '';
  const back = await acct.put(`${batchUrl}/lines`, { version: saved.data.version, date: '2020-06-19', lines: typed });
  expect(back.data.totals).toEqual(imported.data.totals);
  const audits = await t.deps.db.auditLog.findMany({
    where: { entity: 'DistributionBatch', entityId: String(created.data.id) },
    orderBy: { id: 'asc' },
  });
  expect(audits.map((a) => a.action)).toEqual([
    'create',
    'unlock',
    'calculate',
    'import_lines',
    'calculate',
    'import_lines',
    'calculate',
    'edit_lines',
    'calculate',
    'edit_lines',
  ]);
  const edit = audits[7]!;
  expect((edit.before as { lines: { other: string }[] }).lines[0]!.other).toBe('0.00');
  expect((edit.after as { lines: { other: string }[] }).lines[0]!.other).toBe('1000.00');
  expect(audits[1]!.after).toMatchObject({ manualUnlocked: true, reason: '手工录入利润' });

  // 送审 locks the typed lines again
  const submitted = await acct.post(`${batchUrl}/submit`, { version: back.data.version });
  expect(submitted.status).toBe(200);
  const afterSubmit = (await acct.get(batchUrl)).data;
  expect(afterSubmit).toMatchObject({ status: 'SUBMITTED', manualUnlocked: false });
  expect(
    (await acct.put(`${batchUrl}/lines`, { version: afterSubmit.version, date: '2020-06-19', lines: typed })).status,
  ).toBe(409);
  const review = (await admin.get(`/api/reviews/${submitted.data.reviewId}`)).data;
  expect(
    (await admin.post(`/api/reviews/${submitted.data.reviewId}/approve`, { version: review.version })).status,
  ).toBe(200);
  const flow = await acct.post(`/api/projects/${projectId}/flows/PROFIT_DISTRIBUTION_1/start`);
  expect(flow.status).toBe(201);
  const fields = (flow.data.form as { fields: { name: string; value?: string }[] }).fields;
  expect(fields.find((f) => f.name === '本次分配金额')!.value).toBe('¥131,980.42');
  await emu.completeApproval(flow.data.instanceId, 'agree');
  await eventually(async () => {
    const b = await acct.get(batchUrl);
    if (b.data.status !== 'NOTIFIED') throw new Error(b.data.status);
  });

  // 分配账户 by Excel for the three partners paid: the second 林宏 is not in the file; a namesake needs 工号
  const acctTemplate = await acct.get(`/api/projects/${projectId}/distribution-accounts/template`, {
    responseType: 'arraybuffer',
  });
  expect(acctTemplate.status).toBe(200);
  expect(((await readSheet(acctTemplate.data)).getRow(1).values as unknown[]).slice(1)).toEqual([
    '姓名',
    '手机号',
    '工号',
    '户名',
    '开户行',
    '支行',
    '账号',
  ]);
  const accountsFile = async (rows: string[][]) => {
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('分配账户');
    sheet.addRow(['姓名', '手机号', '工号', '户名', '开户行', '支行', '账号']);
    for (const r of rows) sheet.addRow(r);
    return Buffer.from(await wb.xlsx.writeBuffer());
  };
  const badAccounts = await upload(
    acct,
    `/api/projects/${projectId}/distribution-accounts/import`,
    await accountsFile([
      ['金涛', '', '', '金涛', '招商银行', '泰安分行', '6214 8300 0000 0002'],
      ['林宏', '', '', '林宏', '招商银行', '', '6214830000000031'],
      ['肖鹏', '', '', '肖鹏', '', '', '12AB'],
    ]),
  );
  expect(badAccounts.status).toBe(422);
  expect((badAccounts.data.details.errors as { row: number; column: string }[]).map((e) => [e.row, e.column])).toEqual([
    [3, '手机号'],
    [4, '开户行'],
    [4, '账号'],
  ]);
  expect(await t.deps.db.distributionAccount.count({ where: { userId: { in: [...userIds.values()] } } })).toBe(0);
  const accountsOk = await accountsFile([
    ['金涛', '', '', '金涛', '招商银行', '泰安分行', '6214 8300 0000 0002'],
    ['牛甲明', '', '', '牛甲明', '工商银行', '', '6222020000000009'],
    ['肖鹏', '', '', '肖鹏', '建设银行', '泰山支行', '6217000000000010'],
    ['林宏', '', 'JY-031', '林宏', '农业银行', '', '6228480000000031'],
  ]);
  const accounts = await upload(acct, `/api/projects/${projectId}/distribution-accounts/import`, accountsOk);
  expect(accounts.status).toBe(200);
  expect(accounts.data).toMatchObject({ imported: 4, unchanged: 0 });
  const jintao = accounts.data.accounts.find((a: { userId: number }) => a.userId === userIds.get('金涛'));
  expect(jintao).toMatchObject({ status: 'UNCONFIRMED', account: { accountNo: '6214 **** **** 0002' } });
  const sealed = await t.deps.db.distributionAccount.findUniqueOrThrow({ where: { userId: userIds.get('金涛')! } });
  expect(sealed.accountNoEnc).not.toContain('62148300');
  const repeat = await upload(acct, `/api/projects/${projectId}/distribution-accounts/import`, accountsOk);
  expect(repeat.data).toMatchObject({ imported: 0, unchanged: 4 });
  // the partners confirm in the mini-program (not under test here)
  await t.deps.db.distributionAccount.updateMany({
    where: { userId: { in: [...userIds.values()] } },
    data: { status: 'CONFIRMED', confirmedAt: new Date() },
  });

  // the bank's result: the template lists the lines with a payout; imported twice, registered once
  const detail = (await acct.get(batchUrl)).data;
  const resultTemplate = await acct.get(`${batchUrl}/payout-results/template`, { responseType: 'arraybuffer' });
  const rws = await readSheet(resultTemplate.data);
  expect(rws.rowCount).toBe(4);
  const wrong = new ExcelJS.Workbook();
  const wrongWs = wrong.addWorksheet('发放结果');
  wrongWs.addRow(['序号', '姓名', '层级', '应发金额', '发放日期', '实发金额', '状态', '备注']);
  wrongWs.addRow([2, '金涛', '城市公司', 111573.5, '2020-06-20', 111573.4, '成功', '']);
  wrongWs.addRow([9, '牛甲明', '城市公司', 10199.5, '2020/06/20', 10199.5, '成功', '']);
  wrongWs.addRow([10, '肖鹏', '城市公司', 10207.42, '2020-06-20', 10207.42, '不明', '']);
  const wrongRes = await upload(
    acct,
    `${batchUrl}/payout-results?version=${detail.version}`,
    Buffer.from(await wrong.xlsx.writeBuffer()),
  );
  expect(wrongRes.status).toBe(422);
  expect(wrongRes.data.details.errors.map((e: { row: number; column: string }) => [e.row, e.column])).toEqual([
    [2, '实发金额'],
    [3, '发放日期'],
    [4, '状态'],
  ]);
  const fill = (xiaopeng: '成功' | '失败') => {
    for (let r = 2; r <= rws.rowCount; r++) {
      const row = rws.getRow(r);
      row.getCell(5).value = r === 4 ? '2020-06-22' : '2020-06-20';
      row.getCell(6).value = row.getCell(4).value;
      row.getCell(7).value = r === 4 ? xiaopeng : '成功';
      row.getCell(8).value = r === 4 && xiaopeng === '失败' ? '户名与账号不符' : '';
    }
    return rws.workbook.xlsx.writeBuffer().then((b) => Buffer.from(b));
  };
  // the bank paid two; 肖鹏's transfer failed: reported, not registered
  const partial = await upload(acct, `${batchUrl}/payout-results?version=${detail.version}`, await fill('失败'));
  expect(partial.status).toBe(200);
  expect(partial.data).toMatchObject({
    registered: 2,
    alreadyPaid: 0,
    failed: [{ row: 4, name: '肖鹏', note: '户名与账号不符' }],
  });
  expect(partial.data.batch.status).toBe('NOTIFIED');
  // paid again after the account was corrected: the whole file once more registers only 肖鹏
  const bankFile = await fill('成功');
  const first = await upload(acct, `${batchUrl}/payout-results?version=${partial.data.batch.version}`, bankFile);
  expect(first.status).toBe(200);
  expect(first.data).toMatchObject({ registered: 1, alreadyPaid: 2, failed: [] });
  expect(first.data.batch.status).toBe('PAID');
  const paidLine = first.data.batch.lines.find((l: { userId: number }) => l.userId === userIds.get('肖鹏'));
  expect(paidLine.paidAt).toBe('2020-06-22');
  const second = await upload(acct, `${batchUrl}/payout-results?version=${detail.version}`, bankFile);
  expect(second.status).toBe(200);
  expect(second.data).toMatchObject({ registered: 0, alreadyPaid: 3 });
  expect(second.data.batch.version).toBe(first.data.batch.version);
  // profit is not ledger principal: nothing written to the ledger
  expect(await t.deps.db.capitalEntry.count({ where: { projectId, kind: 'PRINCIPAL_RETURN' } })).toBe(0);
});
