/**
 * 首页's cache (overview-cache.ts) over HTTP against PostgreSQL and Redis. The cached entry is tampered with before
 * each write (its 认缴 set to ¥1.00, a figure no computation gives), so an entry that outlives a write shows at once:
 * after every kind of write to what 首页 reads — one per table the query reads, by SQL as any code could write it —
 * the next answer must be the freshly computed one. Also: an unrelated person's write keeps my entry, the business
 * admin's 首页 is never cached, an entry expires when time alone would change it, every table the query reads has
 * its trigger, and the daily compaction keeps every version.
 */
import { seedDemo } from '../../seed/seed';
import { startTestApp, testDeps, type TestApp } from '../../../test/support/app';
import { withToken } from '../../../test/support/auth';
import { seedStatementScenario, type StatementScenario } from '../../../test/support/statement-fixtures';
import { appendCapitalEntries } from '../capital/append-capital-entries';
import { systemActor } from '../../lib/audit';
import { dec } from '../../../shared/money';
import { sessionStore, loadActor } from '../../auth/authenticate';
import { overview } from './overview';
import { overviewSqlForBench } from './repository';
import { compactPartnerChanges } from './partner-change';
import { rawPool } from '../../lib/raw-pg';

let t: TestApp;
let s: StatementScenario;
let token: string;
let otherToken: string;
let roundId: number;
let orgUnitId: number;

beforeAll(async () => {
  t = await startTestApp();
  await seedDemo(t.deps.db);
  s = await seedStatementScenario(t.deps.db);
  const db = t.deps.db;
  orgUnitId = (await db.project.findUniqueOrThrow({ where: { id: s.projectId } })).orgUnitId;
  // a confirmed round with 史伟's line and its due, and an agreement waiting for his signature
  const round = await db.subscriptionRound.create({
    data: {
      projectId: s.projectId,
      kind: 'INITIAL',
      seq: 1,
      title: '立项认购',
      deadline: new Date('2025-01-08T10:00:00Z'),
      dueDate: new Date('2025-03-31'),
      status: 'CONFIRMED',
      noticeSentAt: new Date('2025-01-01T02:00:00Z'),
    },
  });
  roundId = round.id;
  const line = await db.roundPartner.create({
    data: {
      roundId,
      userId: s.shiwei,
      level: 'CITY',
      category: 'VOLUNTARY',
      minAmount: '100000',
      maxAmount: '300000',
      subscribedAmount: '300000',
      investedAmount: '300000',
    },
  });
  await db.paymentDue.updateMany({
    where: { userId: s.shiwei, kind: 'INITIAL', projectId: s.projectId },
    data: { roundPartnerId: line.id },
  });
  await db.agreement.create({
    data: {
      projectId: s.projectId,
      userId: s.shiwei,
      kind: 'PARTNERSHIP',
      subjectKey: 'partnership',
      seq: 1,
      number: 'XY-TEST-1',
      version: 1,
      amount: '300000',
      templateKind: 'partnership',
      title: '合伙协议',
      text: '合伙协议正文',
      fileName: '合伙协议.pdf',
      pdf: Buffer.from('%PDF-1.4'),
      size: 8,
      sha256: '0'.repeat(64),
    },
  });
  token = (await sessionStore(t.deps).create(s.shiwei, 'dingtalk')).token;
  otherToken = (await sessionStore(t.deps).create(s.other, 'dingtalk')).token;
});
afterAll(async () => {
  await t.close();
});

const me = () => withToken(t, token);
const keysOf = (userId: number) => t.deps.redis.keys(`${t.deps.prefix}:me:overview:*:${userId}:*`);
/** A person's 首页 version, as every request reads it with the caller's account. */
const versionOf = async (tok: string) => (await loadActor(t.deps, tok))!.overviewVersion!;
/** 首页 as computed now, without the cache, on the wire. */
const fresh = async () => JSON.parse(JSON.stringify(await overview(t.deps, (await loadActor(t.deps, token))!)));

/** Sets the cached entry of my current version's 认缴 to ¥1.00: served again, it shows. */
async function tamper(): Promise<void> {
  const key = (await keysOf(s.shiwei)).find((k) => k.endsWith(`:${s.shiwei}:${pending.version}`));
  expect(key).toBeDefined();
  const body = JSON.parse((await t.deps.redis.get(key!))!);
  body.totals.invested = '1.00';
  await t.deps.redis.set(key!, JSON.stringify(body), 'KEEPTTL');
}
const pending = { version: '' };
/** GET 首页, noting the version it was served for. */
async function load() {
  pending.version = await versionOf(token);
  return me().get('/api/me/overview');
}

test('a 首页 is computed once, then served from the cache until something it shows is written', async () => {
  const first = await load();
  expect(first.status).toBe(200);
  expect(first.headers['content-type']).toMatch(/^application\/json/);
  expect(first.data).toEqual(await fresh());
  expect(first.data.projects).toHaveLength(1);
  expect(first.data.totals.invested).toBe('330000.00');
  await tamper();
  expect((await me().get('/api/me/overview')).data.totals.invested).toBe('1.00'); // served from the cache
});

const db = () => t.deps.db;
const sql = (text: string, ...values: unknown[]) => rawPool(t.deps.databaseUrl).query(text, values);

// one write per table the overview's query reads, each a change people make in the product (or none at all: a write
// that changes nothing shown still ends the entry)
const WRITES: Array<[string, () => Promise<unknown>]> = [
  [
    'RoundPartner: 认购金额',
    () => sql(`UPDATE "RoundPartner" SET "subscribedAmount" = 290000 WHERE "roundId" = $1`, roundId),
  ],
  [
    'PaymentDue: 缴款',
    () => sql(`UPDATE "PaymentDue" SET "noticeSentAt" = now() WHERE "userId" = $1 AND kind = 'TOPUP'`, s.shiwei),
  ],
  [
    'CapitalEntry: 台账分录',
    () =>
      db().$transaction((tx) =>
        appendCapitalEntries(tx, {
          projectId: s.projectId,
          actor: systemActor('测试'),
          reason: '测试',
          entries: [
            {
              level: 'CITY',
              holder: 'PARTNER',
              userId: s.shiwei,
              kind: 'COMMITMENT_CHANGE',
              committedDelta: dec(1000),
              paidDelta: dec(0),
              interestDelta: dec(0),
              valueDate: '2026-11-30',
              idempotencyKey: 'cache:1',
            },
            {
              level: 'CITY',
              holder: 'PLATFORM',
              userId: null,
              kind: 'COMMITMENT_CHANGE',
              committedDelta: dec(-1000),
              paidDelta: dec(0),
              interestDelta: dec(0),
              valueDate: '2026-11-30',
              idempotencyKey: 'cache:2',
            },
          ],
        }),
      ),
  ],
  [
    'DistributionLine: 分配通知',
    () => sql(`UPDATE "DistributionLine" SET "noticeSentAt" = now() WHERE "userId" = $1`, s.shiwei),
  ],
  [
    'DistributionAccount: 分配账户',
    () =>
      db().distributionAccount.create({
        data: {
          userId: s.shiwei,
          accountName: '史伟',
          bankName: '中国银行',
          accountNoEnc: 'x',
          accountNoLast4: '1234',
          confirmationRequestedAt: new Date(),
        },
      }),
  ],
  ['DistributionAccount: 删除', () => sql(`DELETE FROM "DistributionAccount" WHERE "userId" = $1`, s.shiwei)],
  [
    'Agreement: 签署',
    () => sql(`UPDATE "Agreement" SET status = 'SIGNED', "signedAt" = now() WHERE "userId" = $1`, s.shiwei),
  ],
  [
    'SubscriptionRound: 标题',
    () => sql(`UPDATE "SubscriptionRound" SET title = '立项认购（一）' WHERE id = $1`, roundId),
  ],
  [
    'DistributionBatch: 日期',
    () => sql(`UPDATE "DistributionBatch" SET date = date + 1 WHERE "projectId" = $1 AND kind = 'PROFIT'`, s.projectId),
  ],
  ['Project: 名称', () => sql(`UPDATE "Project" SET name = name || '（一期）' WHERE id = $1`, s.projectId)],
  ['OrgUnit: 名称', () => sql(`UPDATE "OrgUnit" SET name = name || '（新）' WHERE id = $1`, orgUnitId)],
];

test.each(WRITES)('after a write to %s the next 首页 is computed afresh', async (_what, write) => {
  await load(); // an entry for the current version
  await tamper();
  const before = await versionOf(token);
  await write();
  expect(BigInt(await versionOf(token))).toBeGreaterThan(BigInt(before));
  const after = await load();
  expect(after.status).toBe(200);
  expect(after.data.totals.invested).not.toBe('1.00');
  expect(after.data).toEqual(await fresh());
});

test("another person's write keeps my entry; mine ends it", async () => {
  await load();
  await tamper();
  await sql(`UPDATE "PaymentDue" SET "noticeSentAt" = now() WHERE "userId" = $1`, s.other);
  expect((await me().get('/api/me/overview')).data.totals.invested).toBe('1.00');
  await sql(`UPDATE "PaymentDue" SET "noticeSentAt" = now() WHERE "userId" = $1`, s.shiwei);
  expect((await me().get('/api/me/overview')).data.totals.invested).not.toBe('1.00');
});

test('an entry expires when time alone would change it: the next subscription deadline, else the next Shanghai midnight', async () => {
  const untilMidnight = 86_400_000 - ((Date.now() + 8 * 3600_000) % 86_400_000);
  await load();
  const key = (await keysOf(s.shiwei)).find((k) => k.endsWith(`:${s.shiwei}:${pending.version}`));
  const ttl = await t.deps.redis.pttl(key!);
  expect(ttl).toBeGreaterThan(0);
  expect(ttl).toBeLessThanOrEqual(untilMidnight);
  expect(ttl).toBeGreaterThan(untilMidnight - 60_000);
  // a round open for another 20 seconds: the 认购 notice goes at its deadline, and so does the entry
  await sql(
    `UPDATE "SubscriptionRound" SET status = 'OPEN', deadline = now() at time zone 'UTC' + interval '20 seconds' WHERE id = $1`,
    roundId,
  );
  const open = await load();
  expect(open.data.notices.map((n: { kind: string }) => n.kind)).toContain('SUBSCRIPTION');
  const keys = await keysOf(s.shiwei);
  const newest = (await Promise.all(keys.map(async (k) => [k, await t.deps.redis.pttl(k)] as const))).sort(
    (a, b) => a[1] - b[1],
  )[0]!;
  expect(newest[1]).toBeGreaterThan(0);
  expect(newest[1]).toBeLessThanOrEqual(20_000);
  await sql(`UPDATE "SubscriptionRound" SET status = 'CONFIRMED' WHERE id = $1`, roundId);
});

test("a business admin's 首页 (every pending review) is never cached", async () => {
  const admin = await db().user.findFirstOrThrow({ where: { roles: { some: { role: { kind: 'BUSINESS_ADMIN' } } } } });
  const adminToken = (await sessionStore(t.deps).create(admin.id, 'password')).token;
  const res = await withToken(t, adminToken).get('/api/me/overview');
  expect(res.status).toBe(200);
  expect(await keysOf(admin.id)).toEqual([]);
});

test('with OVERVIEW_CACHE=false every 首页 is computed', async () => {
  const off = await startTestApp({ deps: testDeps({ OVERVIEW_CACHE: 'false' }) });
  try {
    await load();
    await tamper();
    const res = await withToken(off, token).get('/api/me/overview');
    expect(res.data.totals.invested).not.toBe('1.00');
    expect(res.data).toEqual(await fresh());
  } finally {
    await off.close();
  }
});

test('every table the overview reads has a trigger that counts its changes (but the pending reviews)', async () => {
  const read = new Set([...overviewSqlForBench.matchAll(/(?:FROM|JOIN)\s+"(\w+)"/g)].map((m) => m[1]!));
  read.delete('Review'); // only a business admin's 首页 lists them, and theirs is not cached
  expect(read.size).toBeGreaterThanOrEqual(10);
  const { rows } = await sql(
    `SELECT DISTINCT c.relname FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid JOIN pg_proc p ON p.oid = g.tgfoid
      WHERE p.proname LIKE 'partner_change_%'`,
  );
  const triggered = new Set(rows.map((r: { relname: string }) => r.relname));
  expect([...read].filter((table) => !triggered.has(table))).toEqual([]);
});

test('the daily compaction folds the rows and keeps every version', async () => {
  const people = [token, otherToken];
  const before = await Promise.all(people.map(versionOf));
  const rowsBefore = Number((await sql(`SELECT count(*) FROM "PartnerChange"`)).rows[0].count);
  await load();
  await tamper();
  const folded = await compactPartnerChanges(t.deps);
  expect(folded.people).toBeGreaterThanOrEqual(2);
  const { removed } = folded;
  expect(removed).toBeGreaterThan(0);
  expect(Number((await sql(`SELECT count(*) FROM "PartnerChange"`)).rows[0].count)).toBe(rowsBefore - removed);
  expect(await Promise.all(people.map(versionOf))).toEqual(before);
  // the same version: my entry is still the one served
  expect((await me().get('/api/me/overview')).data.totals.invested).toBe('1.00');
  expect(await compactPartnerChanges(t.deps)).toEqual({ people: 0, removed: 0 });
});
