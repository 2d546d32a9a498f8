/**
 * The reports' scenario, shared by the integration test and the browser test: 江阴项目 (立项 of 50万 paid in two
 * tranches, a 第1次利润分配 paid out, a peak change to 6,000万 with u1002's 补缴 overdue, u1003's exit with 承接 and the
 * payout still to register, a 本金分配 calculated) and 昆明-城市之光 (one partner, granted to 昆明's accountant only).
 */
import { dec } from '../../shared/money';
import { appendCapitalEntries } from '../../server/modules/capital/append-capital-entries';
import { systemActor } from '../../server/lib/audit';
import { generateAgreements } from '../../server/modules/agreements/generate-agreements';
import type { TestApp } from './app';
import { loginAs, withToken } from './auth';
import { approveAndRunFlow, createAndCalculate, writeLedger } from './distribution-fixtures';
import type { TestEmulator } from './emulator';

export interface ReportScenario {
  ids: Record<string, number>;
  A: number;
  K: number;
}

export async function seedReportScenario(t: TestApp, emu: TestEmulator): Promise<ReportScenario> {
  const ids: Record<string, number> = {};
  const db = t.deps.db;
  for (const u of ['u1001', 'u1002', 'u1003', 'u1004'])
    ids[u] = (await db.user.findUniqueOrThrow({ where: { dingUserId: u } })).id;
  const A = (await db.project.findUniqueOrThrow({ where: { name: '江阴项目' } })).id;
  const K = (await db.project.findUniqueOrThrow({ where: { name: '昆明-城市之光' } })).id;
  // 江阴: 5,000万 × 城市公司 1% = 50万 — 史伟 20万 (15万 + 5万), u1002 10万, u1003 10万, the platform 10万
  await db.projectScheme.create({
    data: { projectId: A, peakCapital: '50000000', cityRatio: '0.01', totalRatio: '0.01' },
  });
  await writeLedger(t, A, [
    {
      userId: ids.u1001!,
      tranches: [
        ['150000', '2026-01-01'],
        ['50000', '2026-03-01'],
      ],
    },
    { userId: ids.u1002!, tranches: [['100000', '2026-01-01']] },
    { userId: ids.u1003!, tranches: [['100000', '2026-01-01']] },
    { userId: null, tranches: [['100000', '2026-01-01']] },
  ]);
  // 昆明: 1,000万 × 1% = 10万 — u1004 10万 paid
  await db.projectScheme.create({
    data: { projectId: K, peakCapital: '10000000', cityRatio: '0.01', totalRatio: '0.01' },
  });
  await writeLedger(t, K, [{ userId: ids.u1004!, tranches: [['100000', '2026-02-01']] }], 'km');
  for (const [u, no] of [
    ['u1001', '6222021234561234'],
    ['u1002', '6216600000005678'],
    ['u1003', '6217000000009012'],
  ] as const) {
    const res = await t.http.post('/api/auth/dingtalk', { authCode: await emu.authCode(u) });
    const http = withToken(t, res.data.token);
    expect(
      (await http.put('/api/me/distribution-account', { accountName: u, bankName: '中国银行', accountNo: no })).status,
    ).toBe(200);
  }
  const acct = await loginAs(t, 'hhkj');
  const reviewer = await loginAs(t, 'hhadmin');
  // 第1次利润分配 on 2026-04-30 (5万 of profit), paid out on 2026-05-08
  const first = await createAndCalculate(acct, A, {
    kind: 'PROFIT',
    date: '2026-04-30',
    profit: { mode: 'ENTERED', amount: '50000.00' },
  });
  await approveAndRunFlow(emu, acct, reviewer, A, first.ref, 'PROFIT_DISTRIBUTION_1');
  const paid = await acct.post(`${first.ref.url}/payouts`, {
    version: (await acct.get(first.ref.url)).data.version,
    paidOn: '2026-05-08',
  });
  expect(paid.status).toBe(200);
  // the peak change: 6,000万 → cap 60万; u1002 +5万 (补缴 overdue since 2026-03-15), the platform +5万
  await db.projectScheme.update({ where: { projectId: A }, data: { peakCapital: '60000000' } });
  await db.$transaction((tx) =>
    appendCapitalEntries(tx, {
      projectId: A,
      actor: systemActor('测试'),
      reason: '立项调整',
      entries: (
        [
          [ids.u1002!, 'PARTNER'],
          [null, 'PLATFORM'],
        ] as const
      ).map(([userId, holder]) => ({
        level: 'CITY' as const,
        holder,
        userId,
        kind: 'COMMITMENT_CHANGE' as const,
        committedDelta: dec(50000),
        paidDelta: dec(0),
        interestDelta: dec(0),
        valueDate: '2026-06-01',
        idempotencyKey: `rep:change:${holder}`,
      })),
    }),
  );
  await db.paymentDue.create({
    data: {
      kind: 'TOPUP',
      dueKey: `change:test:CITY:${ids.u1002}`,
      level: 'CITY',
      projectId: A,
      userId: ids.u1002!,
      amountDue: '50000',
      dueDate: new Date('2026-06-15'),
      noticeSentAt: new Date('2026-06-01T02:00:00Z'),
    },
  });
  // u1003's exit on 2026-06-30: 承接 to the platform, the exit completed (payout still to register)
  await db.$transaction((tx) =>
    appendCapitalEntries(tx, {
      projectId: A,
      actor: systemActor('测试'),
      reason: '退投承接',
      entries: [
        {
          level: 'CITY',
          holder: 'PARTNER',
          userId: ids.u1003!,
          kind: 'TRANSFER_OUT',
          committedDelta: dec(-100000),
          paidDelta: dec(-100000),
          interestDelta: dec(0),
          valueDate: '2026-06-30',
          idempotencyKey: 'rep:exit:out',
        },
        {
          level: 'CITY',
          holder: 'PLATFORM',
          userId: null,
          kind: 'TRANSFER_IN',
          committedDelta: dec(100000),
          paidDelta: dec(100000),
          interestDelta: dec(0),
          valueDate: '2026-06-30',
          idempotencyKey: 'rep:exit:in',
        },
      ],
    }),
  );
  const line = (code: string, amount: string) => ({ code, name: code, amount, note: '', counts: true });
  await db.partnerExit.create({
    data: {
      projectId: A,
      userId: ids.u1003!,
      status: 'COMPLETED',
      exitType: 'RESIGNATION',
      exitTypeLabel: '离职',
      exitDate: new Date('2026-06-30'),
      manualInputs: {},
      pricing: {
        holdings: [
          {
            level: 'CITY',
            paid: '100000.00',
            lines: [line('PRINCIPAL', '100000.00'), line('INTEREST', '4972.60'), line('PROFIT_RECEIVED', '-8000.00')],
          },
        ],
      },
      fingerprint: 'test',
      total: '96972.60',
      calculatedById: ids.u1001!,
      completedAt: new Date('2026-07-02T03:00:00Z'),
    },
  });
  // a 本金分配 calculated on 2026-09-30 (waits for 送审)
  await createAndCalculate(acct, A, { kind: 'PRINCIPAL', date: '2026-09-30' });
  return { ids, A, K };
}

/**
 * Agreements on the scenario (not part of seedReportScenario, which the browser test shares): 江阴's 立项认购 round
 * (confirmed) with 史伟 and u1002, 生成协议 through the use case for both (one 合伙协议 each), and 史伟 signs his in
 * the mini-program's way (DingTalk login, the document's hash); u1002's waits. 昆明's u1004 has none (未生成).
 */
export async function seedReportAgreements(
  t: TestApp,
  emu: TestEmulator,
  s: ReportScenario,
): Promise<{ roundId: number; signedId: number }> {
  const db = t.deps.db;
  const round = await db.subscriptionRound.create({
    data: {
      projectId: s.A,
      kind: 'INITIAL',
      seq: 1,
      title: '立项认购',
      deadline: new Date('2025-12-20T00:00:00Z'),
      status: 'CONFIRMED',
      partners: {
        create: [s.ids.u1001!, s.ids.u1002!].map((userId) => ({
          userId,
          level: 'CITY' as const,
          category: 'VOLUNTARY' as const,
          minAmount: '10000',
          maxAmount: '200000',
        })),
      },
    },
  });
  const accountant = await db.user.findFirstOrThrow({ where: { username: 'hhkj' } });
  const generated = await generateAgreements(
    t.deps,
    { actorId: accountant.id, actorName: accountant.name, requestId: null, ip: null },
    s.A,
    { roundId: round.id, userIds: [s.ids.u1001!, s.ids.u1002!] },
  );
  expect(generated.generated).toBe(2);
  const doc = await db.agreement.findFirstOrThrow({ where: { projectId: s.A, userId: s.ids.u1001! } });
  const login = await t.http.post('/api/auth/dingtalk', { authCode: await emu.authCode('u1001') });
  const me = withToken(t, login.data.token);
  expect((await me.post(`/api/me/agreements/${doc.id}/signature`, { sha256: doc.sha256 })).status).toBe(200);
  return { roundId: round.id, signedId: doc.id };
}
