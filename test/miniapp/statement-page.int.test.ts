/**
 * 投资对账单 (pages/statement/index), compiled and run in the DingTalk-like harness against the running BFF, on the
 * seeded money history of test/support/statement-fixtures.ts: the figures per project and overall, the yearly bars
 * of money in and out, the PDF downloaded through a signed link (no Authorization header) and opened with
 * dd.openDocument; the agreements per project (未生成, then after 生成协议 and the partner's signature the number,
 * 已签署 and the day); a partner with no money sees an empty state; 我的 links to the page.
 */
import { generateAgreements } from '../../server/modules/agreements/generate-agreements';
import { shanghaiDay } from '../../shared/datetime';
import { withToken } from '../support/auth';
import { seedDemo } from '../../server/seed/seed';
import { startTestApp, testDeps, type TestApp } from '../support/app';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import { buildForTests, MiniappHarness } from '../support/miniapp-harness';
import { PLACEHOLDER_TEXT } from '../support/placeholders';
import { seedStatementScenario } from '../support/statement-fixtures';

jest.setTimeout(120_000);

let emu: TestEmulator;
let t: TestApp;
let distDir: string;
let scenario: Awaited<ReturnType<typeof seedStatementScenario>>;
const harnesses: MiniappHarness[] = [];

beforeAll(async () => {
  emu = await startTestEmulator();
  t = await startTestApp({ deps: testDeps(emu.env) });
  await seedDemo(t.deps.db);
  scenario = await seedStatementScenario(t.deps.db);
  distDir = (await buildForTests('test')).outDir;
});
afterAll(async () => {
  harnesses.forEach((h) => h.dispose());
  await t?.close();
  await emu?.close();
});

function miniapp(userid: string): MiniappHarness {
  const h = new MiniappHarness({ distDir, apiBase: t.base, authCode: () => emu.authCode(userid) });
  harnesses.push(h);
  h.loadApp();
  return h;
}

type Row = { label: string; value: string };
const rows = (list: Row[]) => Object.fromEntries(list.map((r) => [r.label, r.value]));

it('shows the figures per project and overall, with the tranches and the events', async () => {
  const h = miniapp('u1001');
  const page = await h.open('pages/statement/index');
  expect(page.data.status).toBe('ready');
  expect(rows(page.data.totalRows as Row[])).toMatchObject({
    认缴金额: '¥330,000.00',
    累计缴款: '¥350,000.00',
    其中补缴: '¥50,000.00',
    退款: '¥20,000.00',
    已返还本金: '¥100,000.00',
    实缴余额: '¥230,000.00',
    '利润（税前）': '¥30,000.00',
    代扣个人所得税: '¥6,000.00',
    分配实发: '¥124,000.00',
    已收回合计: '¥144,000.00',
    MOIC: '1.07x',
  });
  expect(page.data.moicText).toBe('1.07x');
  expect(page.data.xirrText).toMatch(/^\d+\.\d{2}%$/);
  const projects = page.data.projects as Array<{
    projectName: string;
    tranches: Array<{ dateText: string; amount: string; topUp: boolean }>;
    events: Array<{ label: string }>;
  }>;
  expect(projects.map((p) => p.projectName)).toEqual(['靖江项目']);
  expect(projects[0]!.tranches).toEqual([
    expect.objectContaining({ dateText: '2025-01-15', amount: '200000.00', topUp: false }),
    expect.objectContaining({ dateText: '2025-03-01', amount: '100000.00', topUp: false }),
    expect.objectContaining({ dateText: '2025-06-20', amount: '50000.00', topUp: true }),
  ]);
  expect(projects[0]!.events.map((e) => e.label)).toContain('补缴');
  // no agreement generated yet
  expect((page.data.projects as unknown[])[0]).toMatchObject({
    agreementState: '未生成',
    agreements: [{ key: 'none', label: '合伙协议', value: '未生成' }],
  });
  // the chart: 2025 paid in ¥350,000 (the tallest bar, 120 px), received ¥20,000; 2026 received ¥124,000
  expect(page.data.bars).toEqual([
    { period: '2025', inHeight: 120, outHeight: 7, inText: '¥350,000.00', outText: '¥20,000.00' },
    { period: '2026', inHeight: 0, outHeight: 43, inText: '¥0.00', outText: '¥124,000.00' },
  ]);
  expect(JSON.stringify(page.data)).not.toMatch(PLACEHOLDER_TEXT);
});

it('downloads the PDF through a signed link and opens it', async () => {
  const h = miniapp('u1001');
  const page = await h.open('pages/statement/index');
  await page.tap('downloadPdf');
  const [download] = h.callsOf('downloadFile');
  expect(String(download!.options.url)).toMatch(/\/api\/statement-pdfs\/\d+\.\d{4}-\d{2}-\d{2}\.\d+\./);
  expect(download!.options.header).toBeUndefined();
  expect(h.http.find((x) => x.path.startsWith('/api/statement-pdfs/'))).toMatchObject({
    status: 200,
    authorized: false,
  });
  expect(h.callsOf('openDocument')[0]!.options).toMatchObject({ fileType: 'pdf' });
  expect(page.data.downloading).toBe(false);
});

it('a partner without money sees an empty state; 我的 opens the statement', async () => {
  const h = miniapp('u1040');
  const page = await h.open('pages/statement/index');
  expect(page.data).toMatchObject({ status: 'empty', stateTitle: '暂无投资记录' });
  const mine = await h.open('pages/mine/index');
  await mine.tap('openStatement');
  expect(h.navigations.at(-1)).toEqual({ api: 'navigateTo', url: '/pages/statement/index' });
});

it('shows the agreement of the project with its number, 已签署 and the day once the partner signed', async () => {
  const round = await t.deps.db.subscriptionRound.create({
    data: {
      projectId: scenario.projectId,
      kind: 'INITIAL',
      seq: 1,
      title: '立项认购',
      deadline: new Date('2025-01-01T00:00:00Z'),
      status: 'CONFIRMED',
      partners: {
        create: [
          {
            userId: scenario.shiwei,
            level: 'CITY',
            category: 'VOLUNTARY',
            minAmount: '10000',
            maxAmount: '500000',
          },
        ],
      },
    },
  });
  await generateAgreements(
    t.deps,
    { actorId: scenario.accountantId, actorName: '会计', requestId: null, ip: null },
    scenario.projectId,
    { roundId: round.id, userIds: [scenario.shiwei] },
  );
  const docs = await t.deps.db.agreement.findMany({
    where: { projectId: scenario.projectId, userId: scenario.shiwei },
    orderBy: { seq: 'asc' },
  });
  expect(docs.length).toBeGreaterThan(0);
  const pending = await miniapp('u1001').open('pages/statement/index');
  expect((pending.data.projects as unknown[])[0]).toMatchObject({
    agreementState: '待签署',
    agreements: docs.map((d) => ({ label: `${d.title} ${d.number}`, value: '待签署' })),
  });

  const login = await t.http.post('/api/auth/dingtalk', { authCode: await emu.authCode('u1001') });
  const me = withToken(t, login.data.token);
  for (const d of docs)
    expect((await me.post(`/api/me/agreements/${d.id}/signature`, { sha256: d.sha256 })).status).toBe(200);
  const signed = await miniapp('u1001').open('pages/statement/index');
  expect((signed.data.projects as unknown[])[0]).toMatchObject({
    agreementState: '已签署',
    agreements: docs.map((d) => ({ label: `${d.title} ${d.number}`, value: `已签署 ${shanghaiDay()}` })),
  });
});
