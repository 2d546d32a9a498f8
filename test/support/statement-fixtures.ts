/**
 * A seeded money history for the exports and the partner's statement (靖江项目, granted to the hhkj accountants):
 * 资金峰值 5,000万 × 城市公司 1% = cap ¥500,000.00.
 *
 *   史伟 (u1001): 认缴 300,000 (2025-01-10); paid 200,000 (2025-01-15) and 100,000 (2025-03-01);
 *                峰值变更 +50,000 (2025-06-01), 补缴 50,000 paid 2025-06-20; a later −20,000 (2025-09-01),
 *                退款 20,000 paid back 2025-09-10; 本金分配 100,000 returned 2026-06-30;
 *                第1次利润分配 profit 30,000, tax 6,000, 实发 24,000 paid 2026-09-30.
 *   u1002:       认缴 100,000, paid 2025-01-15; profit 10,000, tax 2,000, 实发 8,000.
 *   平台公司:     the rest (100,000 → 50,000 → 70,000).
 * Payment dues mirror it (认购缴款 with two receipts, 补缴, 退款). Profit indicators for 立项 and 动态.
 */
import { dec, moneyString } from '../../shared/money';
import { appendCapitalEntries } from '../../server/modules/capital/append-capital-entries';
import type { CapitalEntryDraft } from '../../server/modules/capital/repository';
import { systemActor } from '../../server/lib/audit';
import type { Db } from '../../server/lib/db';

export interface StatementScenario {
  projectId: number;
  shiwei: number;
  other: number;
  accountantId: number;
}

type Kind = CapitalEntryDraft['kind'];

export async function seedStatementScenario(db: Db, projectName = '靖江项目'): Promise<StatementScenario> {
  const projectId = (await db.project.findUniqueOrThrow({ where: { name: projectName } })).id;
  const shiwei = (await db.user.findUniqueOrThrow({ where: { dingUserId: 'u1001' } })).id;
  const other = (await db.user.findUniqueOrThrow({ where: { dingUserId: 'u1002' } })).id;
  const accountantId = (await db.user.findUniqueOrThrow({ where: { dingUserId: 'hhkj001' } })).id;
  await db.projectScheme.upsert({
    where: { projectId },
    create: { projectId, peakCapital: '50000000', cityRatio: '0.01', totalRatio: '0.01' },
    update: {
      peakCapital: '50000000',
      holdingRatio: '0',
      groupRatio: '0',
      cityRatio: '0.01',
      otherRatio: '0',
      totalRatio: '0.01',
    },
  });
  let n = 0;
  const e = (
    userId: number | null,
    kind: Kind,
    committed: string,
    paid: string,
    valueDate: string,
    extra: Partial<CapitalEntryDraft> = {},
  ): CapitalEntryDraft => ({
    level: 'CITY',
    holder: userId === null ? 'PLATFORM' : 'PARTNER',
    userId,
    kind,
    committedDelta: dec(committed),
    paidDelta: dec(paid),
    interestDelta: dec(0),
    valueDate,
    idempotencyKey: `stmt:${projectId}:${n++}`,
    ...extra,
  });
  const principal = await db.distributionBatch.create({
    data: { projectId, kind: 'PRINCIPAL', seq: 1, date: new Date('2026-06-30'), status: 'PAID', settings: {} },
  });
  const profit = await db.distributionBatch.create({
    data: { projectId, kind: 'PROFIT', seq: 1, date: new Date('2026-09-30'), status: 'PAID', settings: {} },
  });
  const due = async (
    userId: number,
    kind: 'INITIAL' | 'TOPUP' | 'REFUND',
    amount: string,
    dueDate: string,
    records: Array<[string, string]>,
  ) => {
    const d = await db.paymentDue.create({
      data: {
        kind,
        dueKey: `stmt:${projectId}:${userId}:${kind}`,
        level: 'CITY',
        projectId,
        userId,
        amountDue: amount,
        paidAmount: moneyString(records.reduce((s, [a]) => s.plus(dec(a)), dec(0))),
        dueDate: new Date(dueDate),
        status: 'PAID',
        noticeSentAt: new Date(`${dueDate}T01:00:00Z`),
      },
    });
    for (const [i, [amount2, paidOn]] of records.entries())
      await db.paymentRecord.create({
        data: {
          paymentDueId: d.id,
          amount: amount2,
          paidOn: new Date(paidOn),
          idempotencyKey: `stmt:${d.id}:${i}`,
          confirmedById: accountantId,
        },
      });
    return d.id;
  };
  const initialDue = await due(shiwei, 'INITIAL', '300000', '2025-03-31', [
    ['200000', '2025-01-15'],
    ['100000', '2025-03-01'],
  ]);
  const topUpDue = await due(shiwei, 'TOPUP', '50000', '2025-06-30', [['50000', '2025-06-20']]);
  const refundDue = await due(shiwei, 'REFUND', '20000', '2025-09-30', [['20000', '2025-09-10']]);
  await due(other, 'INITIAL', '100000', '2025-03-31', [['100000', '2025-01-15']]);

  const write = (entries: CapitalEntryDraft[]) =>
    db.$transaction((tx) =>
      appendCapitalEntries(tx, { projectId, actor: systemActor('测试'), reason: '测试台账', entries }),
    );
  await write([
    e(shiwei, 'COMMITMENT', '300000', '0', '2025-01-10'),
    e(other, 'COMMITMENT', '100000', '0', '2025-01-10'),
    e(null, 'COMMITMENT', '100000', '0', '2025-01-10'),
    e(shiwei, 'PAYMENT', '0', '200000', '2025-01-15', { paymentDueId: initialDue }),
    e(other, 'PAYMENT', '0', '100000', '2025-01-15'),
    e(null, 'PAYMENT', '0', '100000', '2025-01-15'),
    e(shiwei, 'PAYMENT', '0', '100000', '2025-03-01', { paymentDueId: initialDue }),
  ]);
  await write([
    e(shiwei, 'COMMITMENT_CHANGE', '50000', '0', '2025-06-01'),
    e(null, 'COMMITMENT_CHANGE', '-50000', '0', '2025-06-01'),
  ]);
  await write([e(shiwei, 'PAYMENT', '0', '50000', '2025-06-20', { paymentDueId: topUpDue })]);
  await write([
    e(shiwei, 'COMMITMENT_CHANGE', '-20000', '0', '2025-09-01'),
    e(null, 'COMMITMENT_CHANGE', '20000', '0', '2025-09-01'),
  ]);
  await write([e(shiwei, 'REFUND', '0', '-20000', '2025-09-10', { paymentDueId: refundDue })]);
  await write([e(shiwei, 'PRINCIPAL_RETURN', '0', '-100000', '2026-06-30', { distributionId: principal.id })]);

  const line = (batchId: number, seq: number, userId: number, name: string, v: Record<string, string>) => ({
    batchId,
    seq,
    level: 'CITY' as const,
    holder: 'PARTNER' as const,
    userId,
    name,
    marks: [],
    principal: v.principal ?? '0',
    interest: '0',
    other: '0',
    principalNet: v.principal ?? '0',
    principalTotal: v.principal ?? '0',
    weight: '1',
    profit: v.profit ?? '0',
    tax: v.tax ?? '0',
    profitNet: v.profitNet ?? '0',
    totalExclOther: v.payout!,
    payout: v.payout!,
    paidAt: new Date(v.paidAt!),
    noticeSentAt: new Date(v.paidAt!),
  });
  await db.distributionLine.createMany({
    data: [
      line(principal.id, 1, shiwei, '史伟', { principal: '100000', payout: '100000', paidAt: '2026-06-30' }),
      line(profit.id, 1, shiwei, '史伟', {
        profit: '30000',
        tax: '6000',
        profitNet: '24000',
        payout: '24000',
        paidAt: '2026-09-30',
      }),
      line(profit.id, 2, other, 'u1002', {
        profit: '10000',
        tax: '2000',
        profitNet: '8000',
        payout: '8000',
        paidAt: '2026-09-30',
      }),
    ],
  });

  await db.profitIndicator.createMany({
    data: [
      {
        projectId,
        phase: 'APPROVAL',
        salesRevenue: '1200000000',
        totalCost: '1000000000',
        netProfit: '150000000',
        netMargin: '12.5',
        irr: '18.2',
        paybackMonths: 30,
      },
      {
        projectId,
        phase: 'DYNAMIC',
        salesRevenue: '1100000000',
        totalCost: '980000000',
        netProfit: '90000000',
        netMargin: '8.18',
        irr: '11.4',
        paybackMonths: 36,
      },
    ],
    skipDuplicates: true,
  });
  return { projectId, shiwei, other, accountantId };
}
