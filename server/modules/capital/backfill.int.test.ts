/**
 * The ledger backfill of the capital_ledger migration, run on data recorded the way the product records it today
 * (rounds, 投资明细, PlatformAllocation, payment dues and confirmations). The template database was migrated while
 * empty, so this file inserts the data and then runs the migration's backfill block again (it is idempotent).
 */
import { dec, moneyString } from '../../../shared/money';
import { levelCaps } from '../../../shared/scheme-math';
import { createDb, type Db } from '../../lib/db';
import { backfillSql } from './backfill';
import { checkInvariant, paidTranches, positions } from './calc/ledger';
import { partnerRef, type LedgerEntry } from './calc/types';

const day = (s: string) => new Date(`${s}T00:00:00Z`);
const iso = (d: Date) => d.toISOString().slice(0, 10);

describe('capital ledger backfill', () => {
  let db: Db;
  beforeAll(() => {
    db = createDb(process.env.DATABASE_URL!, 2);
  });
  afterAll(async () => {
    await db.$disconnect();
  });

  it('turns confirmed rounds and payment records into ledger entries that keep partners + platform = cap', async () => {
    const org = await db.orgUnit.create({ data: { kind: 'CITY', name: '环沪城市公司' } });
    const project = await db.project.create({ data: { name: '台账迁移测试项目', orgUnitId: org.id } });
    const scheme = await db.projectScheme.create({
      data: {
        projectId: project.id,
        peakCapital: '12345678.91',
        holdingRatio: '0.01',
        groupRatio: '0.005',
        cityRatio: '0.0123',
        otherRatio: '0',
        totalRatio: '0.0273',
        allocationUnit: '1',
      },
    });
    const users = [];
    for (const name of ['史伟', '刘乔', '肖鹏', '林宏', '陈航斌']) users.push(await db.user.create({ data: { name } }));
    const [u1, u2, u3, u4, u5] = users.map((u) => u.id);

    // 立项认购, confirmed by the 事业合伙立项 flow at 01:30 Beijing time on 2019-06-10 (17:30 UTC the day before)
    const r1 = await db.subscriptionRound.create({
      data: {
        projectId: project.id,
        kind: 'INITIAL',
        seq: 1,
        title: '立项认购',
        deadline: day('2019-06-05'),
        status: 'CLOSED',
      },
    });
    const line = (roundId: number, userId: number, level: 'HOLDING' | 'CITY', invested: string | null) =>
      db.roundPartner.create({
        data: {
          roundId,
          userId,
          level,
          category: 'VOLUNTARY',
          minAmount: '0',
          maxAmount: '200000',
          subscribedAmount: invested,
          allocatedAmount: invested,
          investedAmount: invested,
        },
      });
    const l1 = await line(r1.id, u1, 'CITY', '50000');
    await line(r1.id, u2, 'CITY', '30000');
    const l3 = await line(r1.id, u3, 'HOLDING', '100000');
    await line(r1.id, u5, 'CITY', '0'); // declined
    // what the 测算 recorded for the platform: the level cap rounded DOWN to the unit, minus the partners
    await db.platformAllocation.createMany({
      data: [
        { roundId: r1.id, level: 'HOLDING', amount: '23456' },
        { roundId: r1.id, level: 'GROUP', amount: '61728' },
        { roundId: r1.id, level: 'CITY', amount: '71851' },
      ],
    });
    await db.projectFlow.create({
      data: {
        projectId: project.id,
        type: 'SCHEME_APPROVAL',
        status: 'COMPLETED',
        subjectType: 'ROUND',
        subjectId: r1.id,
        startedById: u1,
        completedAt: new Date('2019-06-09T17:30:00Z'),
      },
    });
    // 补投认购 (no flow row: its last update dates it), and a draft round that must be ignored
    const r2 = await db.subscriptionRound.create({
      data: {
        projectId: project.id,
        kind: 'SUPPLEMENT',
        seq: 2,
        title: '补投',
        deadline: day('2020-01-01'),
        status: 'CONFIRMED',
      },
    });
    await line(r2.id, u4, 'CITY', '20000');
    const r3 = await db.subscriptionRound.create({
      data: {
        projectId: project.id,
        kind: 'SUPPLEMENT',
        seq: 3,
        title: '草稿',
        deadline: day('2021-01-01'),
        status: 'CALCULATED',
      },
    });
    await line(r3.id, u4, 'CITY', '999');

    // payments: 史伟 in two parts, 肖鹏 in full
    const due = (roundPartnerId: number, userId: number, amountDue: string, level: 'CITY' | 'HOLDING') =>
      db.paymentDue.create({
        data: {
          roundPartnerId,
          dueKey: `initial:${roundPartnerId}`,
          level,
          projectId: project.id,
          userId,
          amountDue,
          dueDate: day('2019-06-30'),
        },
      });
    const d1 = await due(l1.id, u1, '50000', 'CITY');
    const d3 = await due(l3.id, u3, '100000', 'HOLDING');
    const rec = (paymentDueId: number, amount: string, paidOn: string) =>
      db.paymentRecord.create({
        data: {
          paymentDueId,
          amount,
          paidOn: day(paidOn),
          idempotencyKey: `t-${paymentDueId}-${paidOn}`,
          confirmedById: u1,
        },
      });
    const p1 = await rec(d1.id, '30000', '2019-06-19');
    await rec(d1.id, '20000', '2019-06-25');
    await rec(d3.id, '100000', '2019-06-20');

    const inserted = await db.$executeRawUnsafe(backfillSql());
    // 3 + 1 partner commitments, platform for HOLDING / GROUP / CITY, the 补投's CITY change, 3 payments
    expect(inserted).toBe(11);
    expect(await db.$executeRawUnsafe(backfillSql())).toBe(0); // idempotent

    const rows = await db.capitalEntry.findMany({ where: { projectId: project.id }, orderBy: { id: 'asc' } });
    const entries: LedgerEntry[] = rows.map((r) => ({
      id: r.id,
      level: r.level,
      holder: r.holder,
      userId: r.userId,
      kind: r.kind,
      committedDelta: dec(r.committedDelta),
      paidDelta: dec(r.paidDelta),
      interestDelta: dec(r.interestDelta),
      valueDate: iso(r.valueDate),
      reversalOfId: r.reversalOfId,
    }));

    // caps to the cent: 123,456.79 / 61,728.39 / 151,851.85 / 0
    const caps = levelCaps(scheme);
    expect([caps.HOLDING, caps.GROUP, caps.CITY, caps.OTHER].map((c) => moneyString(c))).toEqual([
      '123456.79',
      '61728.39',
      '151851.85',
      '0.00',
    ]);
    expect(checkInvariant(entries, caps)).toEqual([]);
    // … and at 立项, before the 补投 (the platform then held 71,851.85 of 城市公司)
    expect(checkInvariant(entries, caps, { asOf: '2019-06-10' })).toEqual([]);

    const view = positions(entries).map((p) => [
      p.level,
      p.userId,
      moneyString(p.committed),
      moneyString(p.paid),
      moneyString(p.outstanding),
    ]);
    expect(view).toEqual([
      ['HOLDING', null, '23456.79', '0.00', '23456.79'],
      ['HOLDING', u3, '100000.00', '100000.00', '0.00'],
      ['GROUP', null, '61728.39', '0.00', '61728.39'],
      ['CITY', null, '51851.85', '0.00', '51851.85'],
      ['CITY', u1, '50000.00', '50000.00', '0.00'],
      ['CITY', u2, '30000.00', '0.00', '30000.00'],
      ['CITY', u4, '20000.00', '0.00', '20000.00'],
    ]);

    const byKey = new Map(rows.map((r) => [r.idempotencyKey, r]));
    expect(iso(byKey.get(`migrated:round-partner:${l1.id}`)!.valueDate)).toBe('2019-06-10');
    const platformCity = byKey.get(`migrated:platform:${r1.id}:CITY`)!;
    expect([platformCity.kind, moneyString(platformCity.committedDelta)]).toEqual(['COMMITMENT', '71851.85']);
    expect(platformCity.note).toContain('原平台分配 71851');
    const supplement = byKey.get(`migrated:platform:${r2.id}:CITY`)!;
    expect([supplement.kind, moneyString(supplement.committedDelta)]).toEqual(['COMMITMENT_CHANGE', '-20000.00']);
    const r2Now = await db.subscriptionRound.findUniqueOrThrow({ where: { id: r2.id } });
    const shanghai = new Date(r2Now.updatedAt.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
    expect(iso(supplement.valueDate)).toBe(shanghai);
    const pay = byKey.get(`migrated:payment-record:${p1.id}`)!;
    expect([pay.kind, moneyString(pay.paidDelta), iso(pay.valueDate), pay.paymentDueId, pay.roundId]).toEqual([
      'PAYMENT',
      '30000.00',
      '2019-06-19',
      d1.id,
      r1.id,
    ]);
    expect(paidTranches(entries, partnerRef(u1), 'CITY').map((t) => [t.date, moneyString(t.amount)])).toEqual([
      ['2019-06-19', '30000.00'],
      ['2019-06-25', '20000.00'],
    ]);
    expect(rows.some((r) => r.roundId === r3.id)).toBe(false);
  });

  it('refuses to change or delete an entry', async () => {
    const e = await db.capitalEntry.create({
      data: {
        projectId: 1,
        level: 'CITY',
        holder: 'PLATFORM',
        kind: 'COMMITMENT',
        committedDelta: '1.00',
        valueDate: day('2020-01-01'),
      },
    });
    await expect(db.capitalEntry.update({ where: { id: e.id }, data: { note: 'x' } })).rejects.toThrow(/immutable/);
    await expect(db.capitalEntry.delete({ where: { id: e.id } })).rejects.toThrow(/immutable/);
    await expect(
      db.capitalEntry.create({
        data: {
          projectId: 1,
          level: 'CITY',
          holder: 'PARTNER',
          userId: 1,
          kind: 'PAYMENT',
          paidDelta: '-5',
          valueDate: day('2020-01-01'),
        },
      }),
    ).rejects.toThrow(/shape violated/);
  });
});
