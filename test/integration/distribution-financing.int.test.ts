/**
 * 资金利息 on base 配资额 (FINANCED) over HTTP with real PostgreSQL: the per-line financing entered on the batch edit
 * (an amount for one partner, a share for another), audited, sent back to 草稿 after 测算, and used by 测算 — B is the
 * interest on the financed part only (checked to the cent against the worked value from the tranche dates), a partner
 * without financing pays none; financing above the principal refused with a Chinese message.
 */
import { dec, moneyString } from '../../shared/money';
import { seedDemo } from '../../server/seed/seed';
import { startTestApp, type TestApp } from '../support/app';
import { loginAs } from '../support/auth';
import { writeLedger } from '../support/distribution-fixtures';

jest.setTimeout(120_000);

let t: TestApp;
let projectId: number;
const ids: Record<string, number> = {};
type Line = { userId: number | null; principal: string; interest: string; payout: string };

// 5,000万 × 城市公司 1% = 50万: 史伟 20万 (15万 + 5万), u1002 10万 (6万 + 4万), u1003 10万, the platform 10万
const tranches = {
  u1001: [
    ['150000', '2026-01-01'],
    ['50000', '2026-04-01'],
  ],
  u1002: [
    ['60000', '2026-01-01'],
    ['40000', '2026-03-01'],
  ],
  u1003: [['100000', '2026-02-01']],
} satisfies Record<string, Array<[string, string]>>;
const DATE = '2026-07-01';

beforeAll(async () => {
  t = await startTestApp();
  await seedDemo(t.deps.db);
  const db = t.deps.db;
  projectId = (await db.project.findUniqueOrThrow({ where: { name: '江阴项目' } })).id;
  await db.projectScheme.create({
    data: { projectId, peakCapital: '50000000', cityRatio: '0.01', totalRatio: '0.01' },
  });
  for (const u of ['u1001', 'u1002', 'u1003'])
    ids[u] = (await db.user.findUniqueOrThrow({ where: { dingUserId: u } })).id;
  await writeLedger(
    t,
    projectId,
    [
      { userId: ids.u1001!, tranches: tranches.u1001 },
      { userId: ids.u1002!, tranches: tranches.u1002 },
      { userId: ids.u1003!, tranches: tranches.u1003 },
      { userId: null, tranches: [['100000', '2026-01-01']] },
    ],
    'fin',
  );
});
afterAll(async () => {
  await t.close();
});

/** Calendar days from the payment date to the distribution date (ACT/365 counts them all). */
const days = (from: string, to: string) => (Date.UTC(...ymd(to)) - Date.UTC(...ymd(from))) / 86_400_000;
const ymd = (s: string): [number, number, number] => {
  const [y, m, d] = s.split('-').map(Number) as [number, number, number];
  return [y, m - 1, d];
};

it('本金分配 按配资额计息: financing by amount and by share, B on the financed part only; above the principal refused', async () => {
  const acct = await loginAs(t, 'hhkj');
  const created = await acct.post(`/api/projects/${projectId}/distributions`, { kind: 'PRINCIPAL', date: DATE });
  expect(created.status).toBe(201);
  expect(created.data.financing).toEqual([]);
  const batchUrl = `/api/projects/${projectId}/distributions/${created.data.id}`;
  const settings = {
    ...created.data.settings,
    interest: { ...created.data.settings.interest, enabled: true, annualRate: '0.10', base: 'FINANCED' },
  };

  // a share outside 0..1, or both a share and an amount: refused by the contract
  for (const bad of [
    { level: 'CITY', userId: ids.u1002, share: '1.2' },
    { level: 'CITY', userId: ids.u1002, share: '0.5', amount: '1000.00' },
  ]) {
    const res = await acct.patch(batchUrl, { version: created.data.version, settings, financing: [bad] });
    expect(res.status).toBe(400);
    expect(res.data.message).toMatch(/[\u4e00-\u9fa5]/);
  }

  // 史伟: 12万 of his 20万 financed; u1002: 75% of every payment; u1003: none
  const financing = [
    { level: 'CITY', userId: ids.u1001, amount: '120000.00' },
    { level: 'CITY', userId: ids.u1002, share: '0.75' },
  ];
  const edited = await acct.patch(batchUrl, { version: created.data.version, settings, financing });
  expect(edited.status).toBe(200);
  expect(edited.data.settings.interest.base).toBe('FINANCED');
  expect(edited.data.financing).toEqual(financing);
  expect((await acct.get(batchUrl)).data.financing).toEqual(financing);
  const audit = await t.deps.db.auditLog.findFirstOrThrow({
    where: { entity: 'DistributionBatch', entityId: String(created.data.id), action: 'edit' },
    orderBy: { id: 'desc' },
  });
  expect(audit.before).toMatchObject({ financing: [] });
  expect(audit.after).toMatchObject({ financing });

  const calc = await acct.post(`${batchUrl}/calculate`, { version: edited.data.version });
  expect(calc.status).toBe(200);
  const line = (userId: number | null): Line => calc.data.lines.find((l: Line) => l.userId === userId);

  // worked by hand: Σ tranche × days × 10% / 365 × financed share, rounded once per line
  // 史伟: (150,000 × 181 + 50,000 × 91) × 0.1 / 365 × 120,000 / 200,000 = 5,210.958… → 5,210.96
  // u1002: (60,000 × 181 + 40,000 × 122) × 0.1 / 365 × 0.75 = 3,234.246… → 3,234.25
  const worked = (ts: Array<[string, string]>, share: string) =>
    moneyString(
      ts
        .reduce((s, [amount, date]) => s.plus(dec(amount).times(days(date, DATE))), dec(0))
        .times('0.10')
        .div(365)
        .times(share)
        .negated(),
    );
  expect(days('2026-01-01', DATE)).toBe(181);
  expect(days('2026-04-01', DATE)).toBe(91);
  expect(days('2026-03-01', DATE)).toBe(122);
  const b1 = worked(tranches.u1001, dec('120000').div('200000').toString());
  const b2 = worked(tranches.u1002, '0.75');
  expect(b1).toBe('-5210.96');
  expect(b2).toBe('-3234.25');
  expect(line(ids.u1001!)).toMatchObject({ principal: '200000.00', interest: b1, payout: '194789.04' });
  expect(line(ids.u1002!)).toMatchObject({ principal: '100000.00', interest: b2, payout: '96765.75' });
  // no financing entered: no interest under this base
  expect(line(ids.u1003!)).toMatchObject({ principal: '100000.00', interest: '0.00', payout: '100000.00' });
  expect(line(null)).toMatchObject({ principal: '100000.00', interest: '0.00' });
  expect(calc.data.totals).toMatchObject({ principal: '500000.00', interest: '-8445.21' });

  // financing above the principal: the edit sends the batch back to 草稿, 测算 refuses it
  const tooMuch = await acct.patch(batchUrl, {
    version: calc.data.version,
    financing: [{ level: 'CITY', userId: ids.u1001, amount: '200000.01' }],
  });
  expect(tooMuch.status).toBe(200);
  expect(tooMuch.data).toMatchObject({ status: 'DRAFT', lines: [], totals: null });
  const refused = await acct.post(`${batchUrl}/calculate`, { version: tooMuch.data.version });
  expect(refused.status).toBeGreaterThanOrEqual(400);
  expect(refused.status).toBeLessThan(500);
  expect(refused.data.message).toContain('配资金额 200000.01 大于实缴本金 200000.00');
  expect((await acct.get(batchUrl)).data.status).toBe('DRAFT');
});
