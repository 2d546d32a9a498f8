/**
 * The partner's statement (投资对账单) against a seeded money history (test/support/statement-fixtures.ts): the
 * figures equal the ledger's entries (tranches, the top-up, the refund, the principal return) and the paid
 * distribution lines; XIRR agrees with the `xirr` package on the same flows; the PDF holds the same figures (read
 * back as text; page 1 rendered to test/artifacts/statement-page1.png); the signed link is short-lived and names one
 * partner; a partner sees only their own data. The agreements per project (generated through the use case for a
 * confirmed round, 史伟's signed through the API): number, 协议状态 and signed day, in the API and the PDF.
 */
import xirrReference from 'xirr';
import { seedDemo } from '../../server/seed/seed';
import { signLink } from '../../server/lib/signed-link';
import { STATEMENT_LINK } from '../../server/modules/me/my-statement';
import { shanghaiDay } from '../../shared/datetime';
import { startTestApp, type TestApp } from '../support/app';
import { pdfPagePng, pdfText } from '../support/pdf';
import { seedStatementScenario, type StatementScenario } from '../support/statement-fixtures';
import { SessionStore } from '../../server/auth/session-store';
import { withToken } from '../support/auth';
import type { TMyStatement } from '../../shared/api/statement';
import { generateAgreements } from '../../server/modules/agreements/generate-agreements';

jest.setTimeout(120_000);

let t: TestApp;
let s: StatementScenario;
const asPartner = async (userId: number) =>
  withToken(t, (await new SessionStore(t.deps.redis, t.deps.prefix, 600).create(userId, 'dingtalk')).token);

beforeAll(async () => {
  t = await startTestApp();
  await seedDemo(t.deps.db);
  s = await seedStatementScenario(t.deps.db);
  // 生成协议 for a confirmed round of the project (史伟 and the other partner); 史伟 signs his
  const round = await t.deps.db.subscriptionRound.create({
    data: {
      projectId: s.projectId,
      kind: 'INITIAL',
      seq: 1,
      title: '立项认购',
      deadline: new Date('2025-01-01T00:00:00Z'),
      status: 'CONFIRMED',
      partners: {
        create: [s.shiwei, s.other].map((userId) => ({
          userId,
          level: 'CITY' as const,
          category: 'VOLUNTARY' as const,
          minAmount: '10000',
          maxAmount: '500000',
        })),
      },
    },
  });
  const generated = await generateAgreements(
    t.deps,
    { actorId: s.accountantId, actorName: '会计', requestId: null, ip: null },
    s.projectId,
    { roundId: round.id, userIds: [s.shiwei, s.other] },
  );
  expect(generated.generated).toBeGreaterThanOrEqual(2);
  const mine = await t.deps.db.agreement.findMany({ where: { projectId: s.projectId, userId: s.shiwei } });
  const http = await asPartner(s.shiwei);
  for (const doc of mine)
    expect((await http.post(`/api/me/agreements/${doc.id}/signature`, { sha256: doc.sha256 })).status).toBe(200);
});
afterAll(() => t.close());

describe('投资对账单', () => {
  let statement: TMyStatement;

  it('gives per project and overall the figures of the ledger and the paid distributions', async () => {
    const http = await asPartner(s.shiwei);
    const res = await http.get('/api/me/statement');
    expect(res.status).toBe(200);
    statement = res.data;
    expect(statement.partnerName).toBe('史伟');
    expect(statement.projects).toHaveLength(1);
    const p = statement.projects[0]!;
    expect(p.projectName).toBe('靖江项目');
    const expected = {
      committed: '330000.00',
      paidIn: '350000.00',
      topUps: '50000.00',
      refunds: '20000.00',
      principalReturned: '100000.00',
      paidBalance: '230000.00',
      interest: '0.00',
      profit: '30000.00',
      tax: '6000.00',
      netReceived: '124000.00',
      exitPayout: '0.00',
      received: '144000.00',
      moic: '1.07', // (144,000 + 230,000 at cost) ÷ 350,000
    };
    expect(p.figures).toMatchObject(expected);
    expect(statement.totals).toMatchObject(expected);
    expect(p.tranches).toEqual([
      { date: '2025-01-15', amount: '200000.00', topUp: false },
      { date: '2025-03-01', amount: '100000.00', topUp: false },
      { date: '2025-06-20', amount: '50000.00', topUp: true },
    ]);
    expect(p.events.map((e) => [e.date, e.label, e.amount])).toEqual([
      ['2025-01-10', '认缴变动', '300000.00'],
      ['2025-01-15', '缴款', '-200000.00'],
      ['2025-03-01', '缴款', '-100000.00'],
      ['2025-06-01', '认缴变动', '50000.00'],
      ['2025-06-20', '补缴', '-50000.00'],
      ['2025-09-01', '认缴变动', '-20000.00'],
      ['2025-09-10', '退款', '20000.00'],
      ['2026-06-30', '本金返还', '-100000.00'],
      ['2026-06-30', '分配实发', '100000.00'],
      ['2026-09-30', '分配实发', '24000.00'],
    ]);
    // the ledger agrees: Σ committed and Σ paid of his entries
    const sums = await t.deps.db.capitalEntry.aggregate({
      where: { projectId: s.projectId, userId: s.shiwei },
      _sum: { committedDelta: true, paidDelta: true },
    });
    expect(String(sums._sum.committedDelta)).toBe('330000');
    expect(String(sums._sum.paidDelta)).toBe('230000');
    // the chart's bars: paid in per year, received per year
    expect(statement.flows).toEqual([
      { period: '2025', in: '350000.00', out: '20000.00' },
      { period: '2026', in: '0.00', out: '124000.00' },
    ]);
  });

  it('lists the agreements of each project: number, 协议状态 and the signed day', async () => {
    const docs = await t.deps.db.agreement.findMany({
      where: { projectId: s.projectId, userId: s.shiwei },
      orderBy: { seq: 'asc' },
    });
    const a = statement.projects[0]!.agreement;
    expect(a.state).toBe('SIGNED');
    expect(a.stateLabel).toBe('已签署');
    expect(a.documents).toEqual(
      docs.map((d) => ({
        id: d.id,
        title: d.title,
        number: d.number,
        version: 1,
        status: 'SIGNED',
        statusLabel: '已签署',
        signedOn: shanghaiDay(d.signedAt!),
      })),
    );
    expect(a.documents[0]!.number).toMatch(/^XY-/);
    // the other partner's waits for the signature
    const other = (await (await asPartner(s.other)).get('/api/me/statement')).data as TMyStatement;
    expect(other.projects[0]!.agreement).toMatchObject({ state: 'PENDING', stateLabel: '待签署' });
    expect(other.projects[0]!.agreement.documents.every((d) => d.signedOn === null && d.statusLabel === '待签署')).toBe(
      true,
    );
  });

  it('computes XIRR as the xirr package does on the same flows', () => {
    const flows = [
      ['2025-01-15', -200000],
      ['2025-03-01', -100000],
      ['2025-06-20', -50000],
      ['2025-09-10', 20000],
      ['2026-06-30', 100000],
      ['2026-09-30', 24000],
      [statement.asOf, 230000],
    ] as const;
    const ref = xirrReference(flows.map(([d, amount]) => ({ when: new Date(`${d}T00:00:00Z`), amount })));
    expect(statement.asOf).toBe(shanghaiDay());
    expect(Math.abs(Number(statement.totals.xirr) - ref)).toBeLessThan(0.0001);
  });

  it('shows another partner only their own money', async () => {
    const http = await asPartner(s.other);
    const res = await http.get('/api/me/statement');
    expect(res.data.projects).toHaveLength(1);
    expect(res.data.totals).toMatchObject({ paidIn: '100000.00', netReceived: '8000.00', refunds: '0.00' });
    expect(JSON.stringify(res.data)).not.toContain('350000');
  });

  it('gives a PDF with the same figures behind a short-lived signed link', async () => {
    const http = await asPartner(s.shiwei);
    const link = await http.post('/api/me/statement/pdf-link');
    expect(link.status).toBe(200);
    expect(link.data.path).toMatch(/^\/api\/statement-pdfs\//);
    expect(new Date(link.data.expiresAt).getTime() - Date.now()).toBeLessThanOrEqual(10 * 60_000);
    // dd.downloadFile sends no Authorization header: the link alone opens it
    const pdf = await t.http.get(link.data.path, { responseType: 'arraybuffer' });
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const buf = Buffer.from(pdf.data);
    const text = (await pdfText(buf)).replace(/\s+/g, ' ');
    for (const want of [
      '事业合伙投资对账单',
      '合伙人：史伟',
      '靖江项目',
      '¥330,000.00',
      '¥350,000.00',
      '¥124,000.00',
      '1.07x',
      '补缴',
      '退款',
      '第1次利润分配',
      statement.projects[0]!.agreement.documents[0]!.number,
      `已签署 ${statement.projects[0]!.agreement.documents[0]!.signedOn}`,
    ])
      expect(text).toContain(want);
    await pdfPagePng(buf, 'statement-page1');
    const audit = await t.deps.db.auditLog.findFirst({
      where: { entity: 'PartnerStatement', entityId: String(s.shiwei) },
    });
    expect(audit?.action).toBe('download_statement');
  });

  it('refuses a forged or expired link', async () => {
    const http = await asPartner(s.shiwei);
    const link = await http.post('/api/me/statement/pdf-link');
    const forged = link.data.path.replace(`/${s.shiwei}.`, `/${s.other}.`);
    expect((await t.http.get(forged)).status).toBe(403);
    const expired = signLink(
      t.deps.config.secretKey,
      STATEMENT_LINK.purpose,
      [String(s.shiwei), '2026-01-01'],
      new Date(Date.now() - 1000),
    );
    const res = await t.http.get(`/api/statement-pdfs/${expired}`);
    expect(res.status).toBe(403);
    expect(res.data.message).toContain('过期');
  });
});
