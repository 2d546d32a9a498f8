/**
 * 凭证 over HTTP against real PostgreSQL: a seeded scenario for 江阴项目 (环沪城市公司) — payments in September, a
 * peak change's 补缴 and 退款 in October, a 本金分配 with 资金利息 and a 利润分配 with 代扣个税 paid in November, an
 * exit with its 承接 and payout — generated period by period, a period marked 已导出 (a late ledger correction and a
 * rule change land in the next period as 红字 reversals plus new vouchers), and both import files parsed back and
 * checked line by line against the vouchers.
 *
 * The ledger is written with appendCapitalEntries (writeLedger from the distribution fixtures) and the paid
 * distribution lines and the exit's payout are stored directly: their own flows have their own tests; here they are
 * the inputs.
 */
import ExcelJS from 'exceljs';
import { dec, moneyString } from '../../shared/money';
import { appendCapitalEntries } from '../../server/modules/capital/append-capital-entries';
import { systemActor } from '../../server/lib/audit';
import { seedDemo } from '../../server/seed/seed';
import { KINGDEE_COLUMNS, U8_FIELDS } from '../../server/modules/vouchers/calc/layouts';
import { startTestApp, type TestApp } from '../support/app';
import { loginAs } from '../support/auth';
import { writeLedger } from '../support/distribution-fixtures';

jest.setTimeout(120_000);

let t: TestApp;
let projectId: number;
let projectCode: string | null;
let entityId: number;
const ids: Record<string, number> = {};
const entries: Record<string, number> = {};
let principalBatch: number;
let profitBatch: number;
let exitId: number;

/** Ledger entries appended together (the invariant is checked once, after all of them). */
const entryGroup = async (items: Array<[string, Record<string, unknown>]>) => {
  const res = await t.deps.db.$transaction((tx) =>
    appendCapitalEntries(tx, {
      projectId,
      actor: systemActor('测试'),
      reason: '测试台账',
      entries: items.map(
        ([key, e]) =>
          ({
            level: 'CITY',
            holder: e.userId === null ? 'PLATFORM' : 'PARTNER',
            committedDelta: dec(0),
            paidDelta: dec(0),
            interestDelta: dec(0),
            idempotencyKey: `vt:${key}`,
            ...e,
          }) as never,
      ),
    }),
  );
  items.forEach(([key], i) => (entries[key] = res.entries[i]!.id!));
};
const entry = (key: string, e: Record<string, unknown>) => entryGroup([[key, e]]);

beforeAll(async () => {
  t = await startTestApp();
  await seedDemo(t.deps.db);
  const db = t.deps.db;
  const project = await db.project.findUniqueOrThrow({ where: { name: '江阴项目' } });
  projectId = project.id;
  projectCode = project.code;
  entityId = project.orgUnitId;
  for (const u of ['u1001', 'u1002']) ids[u] = (await db.user.findUniqueOrThrow({ where: { dingUserId: u } })).id;
  // 资金峰值 5,000万 × 城市公司 1% = 50万: 史伟 30万, u1002 10万, the platform 10万
  await db.projectScheme.create({
    data: { projectId, peakCapital: '50000000', cityRatio: '0.01', totalRatio: '0.01' },
  });
  await writeLedger(
    t,
    projectId,
    [
      { userId: ids.u1001!, tranches: [['300000', '2026-09-05']] },
      { userId: ids.u1002!, tranches: [['100000', '2026-09-08']] },
      { userId: null, tranches: [['100000', '2026-09-05']] },
    ],
    'vt',
  );
  const [pay1, pay2, payP] = await db.capitalEntry.findMany({
    where: { projectId, kind: 'PAYMENT' },
    orderBy: { id: 'asc' },
  });
  Object.assign(entries, { pay1: pay1!.id, pay2: pay2!.id, payP: payP!.id });

  // 峰值变更 (立项调整 within the cap): 史伟 +5万 (补缴), u1002 −2万 (退款), the platform takes the difference
  await entryGroup([
    ['chg1', { userId: ids.u1001, kind: 'COMMITMENT_CHANGE', committedDelta: dec(50000), valueDate: '2026-10-01' }],
    ['chg2', { userId: ids.u1002, kind: 'COMMITMENT_CHANGE', committedDelta: dec(-20000), valueDate: '2026-10-01' }],
    ['chgP', { userId: null, kind: 'COMMITMENT_CHANGE', committedDelta: dec(-30000), valueDate: '2026-10-01' }],
  ]);
  const due = (userId: number, kind: 'TOPUP' | 'REFUND', amount: string) =>
    db.paymentDue.create({
      data: {
        kind,
        dueKey: `change:vt:CITY:${userId}`,
        level: 'CITY',
        projectId,
        userId,
        amountDue: amount,
        paidAmount: amount,
        dueDate: new Date('2026-10-15T00:00:00Z'),
        status: 'PAID',
      },
    });
  const topup = await due(ids.u1001!, 'TOPUP', '50000');
  const refund = await due(ids.u1002!, 'REFUND', '20000');
  await entry('topup', {
    userId: ids.u1001,
    kind: 'PAYMENT',
    paidDelta: dec(50000),
    valueDate: '2026-10-10',
    paymentDueId: topup.id,
  });
  await entry('refund', {
    userId: ids.u1002,
    kind: 'REFUND',
    paidDelta: dec(-20000),
    valueDate: '2026-10-12',
    paymentDueId: refund.id,
  });

  // 本金分配 paid 2026-11-20: 史伟 A 100,000.00, B −1,234.56 → 实发 98,765.44 (the ledger's PRINCIPAL_RETURN)
  const batch = (kind: 'PRINCIPAL' | 'PROFIT') =>
    db.distributionBatch.create({
      data: { projectId, kind, seq: 1, date: new Date('2026-11-20T00:00:00Z'), status: 'PAID', settings: {} },
    });
  const line = (batchId: number, seq: number, userId: number | null, v: Record<string, string>) =>
    db.distributionLine.create({
      data: {
        batchId,
        seq,
        level: 'CITY',
        holder: userId === null ? 'PLATFORM' : 'PARTNER',
        userId,
        name: userId === null ? '平台公司' : userId === ids.u1001 ? '史伟' : 'u1002',
        principal: v.principal ?? '0',
        interest: v.interest ?? '0',
        other: '0',
        principalNet: '0',
        principalTotal: '0',
        weight: '1',
        profit: v.profit ?? '0',
        tax: v.tax ?? '0',
        profitNet: '0',
        totalExclOther: '0',
        payout: v.payout,
        paidAt: new Date('2026-11-20T00:00:00Z'),
      },
    });
  principalBatch = (await batch('PRINCIPAL')).id;
  await line(principalBatch, 1, ids.u1001!, { principal: '100000', interest: '-1234.56', payout: '98765.44' });
  await entry('ret1', {
    userId: ids.u1001,
    kind: 'PRINCIPAL_RETURN',
    paidDelta: dec(-100000),
    valueDate: '2026-11-20',
    distributionId: principalBatch,
  });
  // 第1次利润分配 paid 2026-11-20 with 20% 代扣个税 on the partners
  profitBatch = (await batch('PROFIT')).id;
  await line(profitBatch, 1, ids.u1001!, { profit: '30000', tax: '6000', payout: '24000' });
  await line(profitBatch, 2, ids.u1002!, { profit: '10000.01', tax: '2000', payout: '8000.01' });
  await line(profitBatch, 3, null, { profit: '9999.99', payout: '9999.99' });

  // u1002 exits: 8万 paid goes to the platform (承接) on 2026-11-25, paid out 79,000.00 on 2026-11-28
  const acct = await db.user.findUniqueOrThrow({ where: { username: 'hhkj' } });
  exitId = (
    await db.partnerExit.create({
      data: {
        projectId,
        userId: ids.u1002!,
        status: 'PAID',
        exitType: 'RESIGNATION',
        exitTypeLabel: '离职',
        exitDate: new Date('2026-11-25T00:00:00Z'),
        manualInputs: {},
        pricing: {},
        fingerprint: 'vt',
        total: '79000',
        calculatedById: acct.id,
        payoutAmount: '79000',
        payoutOn: new Date('2026-11-28T00:00:00Z'),
      },
    })
  ).id;
  await entryGroup([
    [
      'out',
      {
        userId: ids.u1002,
        kind: 'TRANSFER_OUT',
        committedDelta: dec(-80000),
        paidDelta: dec(-80000),
        valueDate: '2026-11-25',
        exitId,
      },
    ],
    [
      'in',
      {
        userId: null,
        kind: 'TRANSFER_IN',
        committedDelta: dec(80000),
        paidDelta: dec(80000),
        valueDate: '2026-11-25',
        exitId,
      },
    ],
  ]);
});
afterAll(() => t.close());

type Detail = {
  id: number;
  number: number;
  word: string;
  date: string;
  label: string;
  kind: string;
  summary: string;
  totalDebit: string;
  totalCredit: string;
  reversalOf: { label: string } | null;
  lines: Array<{
    seq: number;
    summary: string;
    accountCode: string;
    accountName: string;
    debit: string;
    credit: string;
    partnerCode: string | null;
    partnerName: string | null;
    projectCode: string | null;
    projectName: string | null;
    movementKind: string;
    sourceType: string;
    sourceId: number;
  }>;
};

const base = () => `/api/voucher-entities/${entityId}/periods`;

async function details(http: Awaited<ReturnType<typeof loginAs>>, period: string): Promise<Detail[]> {
  const list = await http.get(`${base()}/${period}/vouchers`);
  expect(list.status).toBe(200);
  const out: Detail[] = [];
  for (const v of list.data.items)
    out.push((await http.get(`/api/voucher-entities/${entityId}/vouchers/${v.id}`)).data);
  return out;
}

const money = (s: string) => (s === '0' ? '0.00' : s);

async function checkKingdee(http: Awaited<ReturnType<typeof loginAs>>, period: string, vouchers: Detail[]) {
  const res = await http.get(`${base()}/${period}/export?format=kingdee`, { responseType: 'arraybuffer' });
  expect(res.status).toBe(200);
  expect(decodeURIComponent(String(res.headers['content-disposition']))).toContain(`${period}_金蝶云星空.xlsx`);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.data);
  const ws = wb.worksheets[0]!;
  const rows = ws.getSheetValues().slice(1) as unknown as Array<Array<string | undefined>>;
  const cells = (r: number) => KINGDEE_COLUMNS.map((_, i) => String(rows[r]?.[i + 1] ?? ''));
  expect(cells(0)).toEqual(KINGDEE_COLUMNS.map(([k]) => k));
  expect(cells(1)).toEqual(KINGDEE_COLUMNS.map(([, c]) => c));
  const col = (name: string) => KINGDEE_COLUMNS.findIndex(([k]) => k === name);
  let r = 2;
  const [year, month] = period.split('-');
  for (const v of vouchers)
    for (const l of v.lines) {
      const c = cells(r++);
      if (l.seq === 1) {
        expect(c[col('FBillHead(GL_VOUCHER)')]).toBe(String(v.number));
        expect(c[col('FDate')]).toBe(v.date);
        expect(c[col('FYEAR')]).toBe(year);
        expect(c[col('FPERIOD')]).toBe(String(Number(month)));
        expect(c[col('FVOUCHERGROUPID#Name')]).toBe(v.word);
        expect(c[col('FVOUCHERGROUPID')]).toBe({ 记: 'PRE001', 收: 'PRE002', 付: 'PRE003' }[v.word]);
        expect(c[col('FVOUCHERGROUPNO')]).toBe(String(v.number));
      } else expect(c[col('FBillHead(GL_VOUCHER)')]).toBe('');
      expect(c[col('FEntity')]).toBe(String(l.seq));
      expect(c[col('FEXPLANATION')]).toBe(l.summary);
      expect(c[col('FACCOUNTID')]).toBe(l.accountCode);
      expect(c[col('FACCOUNTID#Name')]).toBe(l.accountName);
      expect(c[col('FDetailID#FFLEX7')]).toBe(l.partnerCode ?? '');
      expect(c[col('FDetailID#FFLEX7#Name')]).toBe(l.partnerName ?? '');
      expect(c[col('FDetailID#FF100001')]).toBe(l.projectCode ?? '');
      expect(money(c[col('FDEBIT')]!)).toBe(l.debit);
      expect(money(c[col('FCREDIT')]!)).toBe(l.credit);
    }
  expect(cells(r).every((x) => x === '')).toBe(true);
}

async function checkU8(http: Awaited<ReturnType<typeof loginAs>>, period: string, vouchers: Detail[], maker: string) {
  const res = await http.get(`${base()}/${period}/export?format=u8`, { responseType: 'arraybuffer' });
  expect(res.status).toBe(200);
  const text = Buffer.from(res.data).toString('utf8');
  expect(text.startsWith('\ufeff')).toBe(true);
  const lines = text.slice(1).split('\r\n');
  expect(lines.pop()).toBe('');
  const expected = vouchers.flatMap((v) => v.lines.map((l) => ({ v, l })));
  expect(lines).toHaveLength(expected.length);
  lines.forEach((raw, i) => {
    const f = raw.split(',');
    while (f.length < U8_FIELDS.length) f.push('');
    expect(f).toHaveLength(U8_FIELDS.length);
    const { v, l } = expected[i]!;
    const at = (name: (typeof U8_FIELDS)[number]) => f[U8_FIELDS.indexOf(name)];
    expect(at('制单日期')).toBe(v.date);
    expect(at('凭证类别字')).toBe(v.word);
    expect(at('凭证号')).toBe(String(v.number));
    expect(at('附单据数')).toBe('0');
    expect(at('摘要')).toBe(l.summary.replaceAll(',', '，'));
    expect(at('科目编码')).toBe(l.accountCode);
    expect(money(at('借方')!)).toBe(l.debit);
    expect(money(at('贷方')!)).toBe(l.credit);
    expect(at('制单人')).toBe(maker);
    expect(at('个人编码')).toBe(l.partnerCode ?? '');
    expect(at('项目编码')).toBe(l.projectCode ?? '');
  });
}

it('generates balanced vouchers period by period, reverses on change after 已导出, and exports both layouts', async () => {
  const acct = await loginAs(t, 'hhkj');
  const admin = await loginAs(t, 'admin');
  const reviewer = await loginAs(t, 'hhadmin');
  const acctName = (await t.deps.db.user.findUniqueOrThrow({ where: { username: 'hhkj' } })).name;

  // the entities the accountant keeps: 环沪城市公司 (jnkj has none; the business admin sees all)
  const ents = await acct.get('/api/voucher-entities');
  expect(ents.data.items.map((e: { id: number }) => e.id)).toContain(entityId);
  expect((await (await loginAs(t, 'jnkj')).get('/api/voucher-entities')).data.items).toEqual([]);
  expect((await reviewer.get('/api/voucher-entities')).data.items.length).toBeGreaterThan(1);
  expect((await reviewer.post(`${base()}/2026-09/generate`)).status).toBe(403);

  // ---- 2026-09: three payments, one 收 voucher each; a second generation writes nothing
  const sep = await acct.post(`${base()}/2026-09/generate`);
  expect(sep.data).toEqual({ period: '2026-09', created: 3, reversed: 0, unchanged: 0 });
  expect((await acct.post(`${base()}/2026-09/generate`)).data).toEqual({
    period: '2026-09',
    created: 0,
    reversed: 0,
    unchanged: 3,
  });
  const sepVs = await details(acct, '2026-09');
  expect(sepVs.map((v) => [v.word, v.number, v.date, v.kind, v.totalDebit])).toEqual([
    ['收', 1, '2026-09-05', 'PAYMENT', '300000.00'],
    ['收', 2, '2026-09-05', 'PAYMENT', '100000.00'],
    ['收', 3, '2026-09-08', 'PAYMENT', '100000.00'],
  ]);
  expect(sepVs[0]!.lines).toEqual([
    expect.objectContaining({
      seq: 1,
      accountCode: '1002',
      debit: '300000.00',
      credit: '0.00',
      partnerName: null,
      projectCode: null,
      sourceType: 'CAPITAL_ENTRY',
      sourceId: entries.pay1,
      summary: `收史伟江阴项目跟投款`,
    }),
    expect.objectContaining({
      seq: 2,
      accountCode: '2241.01',
      debit: '0.00',
      credit: '300000.00',
      partnerName: '史伟',
      partnerCode: 'u1001',
      projectCode,
      projectName: '江阴项目',
    }),
  ]);
  expect(sepVs[1]!.lines[1]).toMatchObject({ partnerName: '平台公司', partnerCode: null });
  await checkKingdee(acct, '2026-09', sepVs);
  await checkU8(acct, '2026-09', sepVs, acctName);

  // 标记已导出 (version-checked), then nothing more goes into September
  const sepList = (await acct.get(`${base()}/2026-09/vouchers`)).data;
  expect(sepList.check).toMatchObject({ count: 3, totalDebit: '500000.00', totalCredit: '500000.00', balanced: true });
  expect((await acct.post(`${base()}/2026-09/mark-exported`, { version: sepList.periodVersion + 1 })).status).toBe(409);
  const marked = await acct.post(`${base()}/2026-09/mark-exported`, { version: sepList.periodVersion });
  expect(marked.status).toBe(200);
  expect(marked.data.exported).toBe(true);
  expect((await acct.post(`${base()}/2026-09/generate`)).data.code).toBe('INVALID_STATE');

  // a late correction of u1002's September payment (REVERSAL + the right entry, dated 2026-09-09), and the admin
  // moves payments to another bank account: both land in October, the first open period
  await entry('rev2', {
    userId: ids.u1002,
    kind: 'REVERSAL',
    paidDelta: dec(-100000),
    valueDate: '2026-09-08',
    reversalOfId: entries.pay2,
  });
  await entry('pay2b', { userId: ids.u1002, kind: 'PAYMENT', paidDelta: dec(100000), valueDate: '2026-09-09' });
  const rules = (await admin.get(`/api/voucher-rules?entityId=${entityId}`)).data;
  const payment = rules.rules.find((r: { kind: string }) => r.kind === 'PAYMENT');
  expect(payment).toMatchObject({ source: 'DEFAULT', version: 0, word: '收' });
  const saved = await admin.put('/api/voucher-rules', {
    entityId,
    version: 0,
    rule: {
      ...payment,
      source: undefined,
      version: undefined,
      debit: { code: '1002.01', name: '银行存款-基本户', aux: [] },
    },
  });
  expect(saved.status).toBe(200);
  expect(saved.data.rules.find((r: { kind: string }) => r.kind === 'PAYMENT')).toMatchObject({
    source: 'ENTITY',
    version: 1,
  });
  expect((await acct.put('/api/voucher-rules', { entityId, version: 1, rule: payment })).status).toBe(403);

  const oct = await acct.post(`${base()}/2026-10/generate`);
  expect(oct.data).toEqual({ period: '2026-10', created: 7, reversed: 3, unchanged: 0 });
  const octVs = await details(acct, '2026-10');
  expect(octVs).toHaveLength(10);
  // reversals first (红字: every amount negated), then the new vouchers
  for (const [i, old] of sepVs.entries()) {
    const r = octVs[i]!;
    expect(r.reversalOf?.label).toBe(old.label);
    expect(r.date).toBe('2026-10-01');
    expect(r.lines.map((l) => [l.accountCode, l.debit, l.credit])).toEqual(
      old.lines.map((l) => [l.accountCode, moneyString(dec(l.debit).negated()), moneyString(dec(l.credit).negated())]),
    );
  }
  const fresh = octVs.slice(3);
  expect(fresh.map((v) => [v.kind, v.date, v.totalDebit, v.lines[0]!.accountCode])).toEqual([
    ['PAYMENT', '2026-10-01', '300000.00', '1002.01'],
    ['PAYMENT', '2026-10-01', '100000.00', '1002.01'],
    ['PAYMENT', '2026-10-01', '100000.00', '1002.01'],
    ['PAYMENT', '2026-10-01', '-100000.00', '1002.01'], // the ledger's REVERSAL: a 红字 payment
    ['PAYMENT', '2026-10-01', '100000.00', '1002.01'],
    ['TOPUP', '2026-10-10', '50000.00', '1002'],
    ['REFUND', '2026-10-12', '20000.00', '2241.01'],
  ]);
  expect(fresh[5]!.word).toBe('收');
  expect(fresh[6]!.word).toBe('付');
  const octList = (await acct.get(`${base()}/2026-10/vouchers`)).data;
  expect(octList.check.balanced).toBe(true);
  // per kind: September's payments reversed and re-issued net to the correction's 0; the 补缴 and 退款 of October
  expect(octList.check.byKind).toEqual([
    { kind: 'PAYMENT', amount: '0.00' },
    { kind: 'TOPUP', amount: '50000.00' },
    { kind: 'REFUND', amount: '20000.00' },
  ]);
  expect((await acct.get(`${base()}/2026-10/vouchers?kind=TOPUP`)).data.items).toHaveLength(1);
  await checkKingdee(acct, '2026-10', octVs);
  await checkU8(acct, '2026-10', octVs, acctName);

  // ---- 2026-11: distributions (one voucher per batch and kind) and the exit
  const nov = await acct.post(`${base()}/2026-11/generate`);
  expect(nov.data).toEqual({ period: '2026-11', created: 6, reversed: 0, unchanged: 0 });
  const novVs = await details(acct, '2026-11');
  const byKind = Object.fromEntries(novVs.map((v) => [v.kind, v]));
  expect(Object.keys(byKind).sort()).toEqual([
    'EXIT_PAYOUT',
    'INTEREST',
    'PRINCIPAL_RETURN',
    'PROFIT',
    'TAX',
    'TRANSFER',
  ]);
  expect(
    byKind.PRINCIPAL_RETURN!.lines.map((l) => [l.accountCode, l.debit, l.credit, l.sourceType, l.sourceId]),
  ).toEqual([
    ['2241.01', '100000.00', '0.00', 'CAPITAL_ENTRY', entries.ret1],
    ['1002', '0.00', '100000.00', 'CAPITAL_ENTRY', entries.ret1],
  ]);
  expect(byKind.PRINCIPAL_RETURN!.summary).toBe('江阴项目本金分配返还史伟本金');
  expect(byKind.INTEREST!.lines.map((l) => [l.accountCode, l.debit, l.credit])).toEqual([
    ['1002', '1234.56', '0.00'],
    ['6603.02', '0.00', '1234.56'],
  ]);
  expect(byKind.PROFIT!.summary).toBe('江阴项目第1次利润分配支付史伟等3人利润');
  expect(byKind.PROFIT!.lines.filter((l) => l.accountCode === '2232').map((l) => [l.partnerName, l.debit])).toEqual([
    ['史伟', '30000.00'],
    [expect.any(String), '10000.01'],
    ['平台公司', '9999.99'],
  ]);
  expect(byKind.PROFIT!.totalDebit).toBe('50000.00');
  expect(byKind.TAX!.lines.map((l) => [l.accountCode, l.debit, l.credit])).toEqual([
    ['1002', '6000.00', '0.00'],
    ['2221.12', '0.00', '6000.00'],
    ['1002', '2000.00', '0.00'],
    ['2221.12', '0.00', '2000.00'],
  ]);
  expect(byKind.TRANSFER!.lines.map((l) => [l.accountCode, l.debit, l.credit, l.partnerName])).toEqual([
    ['2241.01', '80000.00', '0.00', expect.any(String)],
    ['2241.02', '0.00', '80000.00', null],
  ]);
  expect(byKind.EXIT_PAYOUT!.lines.map((l) => [l.accountCode, l.debit, l.credit, l.sourceType, l.sourceId])).toEqual([
    ['2241.02', '79000.00', '0.00', 'PARTNER_EXIT', exitId],
    ['1002', '0.00', '79000.00', 'PARTNER_EXIT', exitId],
  ]);
  // the bank side of the two batches is what was paid out: 98,765.44 + 24,000 + 8,000.01 + 9,999.99
  const bank = novVs
    .filter((v) => ['PRINCIPAL_RETURN', 'INTEREST', 'PROFIT', 'TAX', 'OTHER_ADJUSTMENT'].includes(v.kind))
    .flatMap((v) => v.lines)
    .filter((l) => l.accountCode === '1002')
    .reduce((s, l) => s.plus(l.credit).minus(l.debit), dec(0));
  expect(moneyString(bank)).toBe('140765.44');
  // per kind the vouchers equal the ledger's movements of the month
  const novList = (await acct.get(`${base()}/2026-11/vouchers`)).data;
  expect(novList.check).toMatchObject({ count: 6, balanced: true, unbalanced: [] });
  const ledgerNov = await t.deps.db.capitalEntry.findMany({
    where: { projectId, valueDate: { gte: new Date('2026-11-01T00:00:00Z'), lte: new Date('2026-11-30T00:00:00Z') } },
  });
  const neg = (kind: string) =>
    ledgerNov.filter((e) => e.kind === kind).reduce((s, e) => s.minus(dec(e.paidDelta.toString())), dec(0));
  expect(novList.check.byKind).toEqual([
    { kind: 'TRANSFER', amount: moneyString(neg('TRANSFER_OUT')) },
    { kind: 'PRINCIPAL_RETURN', amount: moneyString(neg('PRINCIPAL_RETURN')) },
    { kind: 'INTEREST', amount: '1234.56' },
    { kind: 'PROFIT', amount: '50000.00' },
    { kind: 'TAX', amount: '8000.00' },
    { kind: 'EXIT_PAYOUT', amount: '79000.00' },
  ]);
  await checkKingdee(acct, '2026-11', novVs);
  await checkU8(acct, '2026-11', novVs, acctName);

  // audited: the rule change, each generation that wrote something, the period marked 已导出
  const audits = await t.deps.db.auditLog.findMany({
    where: { action: { in: ['save_voucher_rule', 'generate_vouchers', 'mark_voucher_period_exported'] } },
    orderBy: { id: 'asc' },
  });
  expect(audits.map((a) => [a.action, a.entityId])).toEqual([
    ['generate_vouchers', `${entityId}:2026-09`],
    ['mark_voucher_period_exported', `${entityId}:2026-09`],
    ['save_voucher_rule', `ENTITY:${entityId}:PAYMENT`],
    ['generate_vouchers', `${entityId}:2026-10`],
    ['generate_vouchers', `${entityId}:2026-11`],
  ]);
});
