/**
 * appendCapitalEntries against PostgreSQL: the invariant refuses a write that breaks a level (409 naming it and the
 * amounts), a bad shape is refused, a replay with the same keys returns the existing entries and writes nothing, and
 * each append writes one audit row.
 */
import { dec } from '../../../shared/money';
import { systemActor } from '../../lib/audit';
import { createDb, type Db } from '../../lib/db';
import type { AppError } from '../../lib/errors';
import { appendCapitalEntries } from './append-capital-entries';
import { loadLedger, loadLedgerEntries, type CapitalEntryDraft } from './repository';

describe('appendCapitalEntries', () => {
  let db: Db;
  let projectId: number;
  let userId: number;
  beforeAll(async () => {
    db = createDb(process.env.DATABASE_URL!, 2);
    const org = await db.orgUnit.create({ data: { kind: 'CITY', name: '台账写入测试公司' } });
    projectId = (await db.project.create({ data: { name: '台账写入测试项目', orgUnitId: org.id } })).id;
    // 城市公司 cap = 1,000,000 × 1% = ¥10,000; the other levels 0
    await db.projectScheme.create({
      data: { projectId, peakCapital: '1000000', cityRatio: '0.01', totalRatio: '0.01', allocationUnit: '1' },
    });
    userId = (await db.user.create({ data: { name: '史伟' } })).id;
  });
  afterAll(async () => {
    await db.$disconnect();
  });

  const draft = (over: Partial<CapitalEntryDraft> & Pick<CapitalEntryDraft, 'idempotencyKey'>): CapitalEntryDraft => ({
    level: 'CITY',
    holder: 'PARTNER',
    userId,
    kind: 'COMMITMENT',
    committedDelta: dec(0),
    paidDelta: dec(0),
    interestDelta: dec(0),
    valueDate: '2026-11-30',
    ...over,
  });
  const append = (entries: CapitalEntryDraft[]) =>
    db.$transaction((tx) =>
      appendCapitalEntries(tx, { projectId, entries, actor: systemActor('测试'), reason: '测试' }),
    );

  it('refuses a write that leaves a level away from its cap, naming the level and the amounts', async () => {
    const err = (await append([
      draft({ committedDelta: dec(6000), idempotencyKey: 't:partner' }),
      draft({ holder: 'PLATFORM', userId: null, committedDelta: dec(4000.5), idempotencyKey: 't:platform' }),
    ]).catch((e: unknown) => e)) as AppError;
    expect(err.status).toBe(409);
    expect(err.message).toBe(
      '资金台账校验未通过：城市公司：合伙人认缴 ¥6,000.00 + 平台公司 ¥4,000.50 = ¥10,000.50，与层级额度 ¥10,000.00 不符（多出 ¥0.50）。',
    );
    expect(await loadLedger(db, projectId)).toEqual([]);
  });

  it('refuses an entry of the wrong shape', async () => {
    const err = (await append([draft({ kind: 'PAYMENT', paidDelta: dec(-1), idempotencyKey: 't:bad' })]).catch(
      (e: unknown) => e,
    )) as AppError;
    expect(err.status).toBe(422);
    expect(err.message).toContain('资金台账分录不合规');
  });

  it('writes balanced entries once: a replay returns them and writes nothing', async () => {
    const entries = [
      draft({ committedDelta: dec(6000), idempotencyKey: 't:partner' }),
      draft({ holder: 'PLATFORM', userId: null, committedDelta: dec(4000), idempotencyKey: 't:platform' }),
    ];
    const audits = () => db.auditLog.count({ where: { action: 'append_capital_entries', projectId } });
    const first = await append(entries);
    expect([first.inserted, first.replayed]).toEqual([2, false]);
    expect(await audits()).toBe(1);
    const again = await append(entries);
    expect([again.inserted, again.replayed]).toEqual([0, true]);
    expect(again.entries.map((e) => e.id)).toEqual(first.entries.map((e) => e.id));
    expect(await audits()).toBe(1);
    expect(await loadLedger(db, projectId)).toHaveLength(2);
    // a payment does not touch the commitments: accepted
    const paid = await append([draft({ kind: 'PAYMENT', paidDelta: dec(3000), idempotencyKey: 't:pay' })]);
    expect(paid.ledger).toHaveLength(3);
    // the narrow read of 分配测算 is the full read's calculation columns, in the same order, amounts exact
    const full = await loadLedger(db, projectId);
    const narrow = await loadLedgerEntries(db, projectId);
    expect(narrow.map((e) => ({ ...e, c: e.committedDelta.toString(), p: e.paidDelta.toString() }))).toEqual(
      full.map((e) => ({
        id: e.id,
        level: e.level,
        holder: e.holder,
        userId: e.userId,
        kind: e.kind,
        committedDelta: e.committedDelta,
        paidDelta: e.paidDelta,
        interestDelta: e.interestDelta,
        valueDate: e.valueDate,
        reversalOfId: e.reversalOfId,
        c: e.committedDelta.toString(),
        p: e.paidDelta.toString(),
      })),
    );
    expect(await loadLedgerEntries(db, projectId + 100_000)).toEqual([]);
  });
});
