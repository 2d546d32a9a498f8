/** The per-person cap is per project: what a partner holds in confirmed rounds lowers their limit in a 补投认购. */
import { closeDeps, type Deps } from '../../server/deps';
import type { AppError } from '../../server/lib/errors';
import { systemActor } from '../../server/lib/audit';
import { subscribe } from '../../server/modules/subscription/submit-subscription';
import { seedDemo } from '../../server/seed/seed';
import { testDeps } from '../support/app';

let deps: Deps;
let projectId: number;
let userId: number;
beforeAll(async () => {
  deps = testDeps();
  await seedDemo(deps.db);
  projectId = (await deps.db.project.findUniqueOrThrow({ where: { name: '江阴项目' } })).id;
  userId = (await deps.db.user.findUniqueOrThrow({ where: { dingUserId: 'u1001' } })).id;
  // 单人上限 = 50,000,000 × 0.2% = 100,000
  await deps.db.projectScheme.create({
    data: { projectId, peakCapital: '50000000', cityRatio: '0.01', totalRatio: '0.01', perPersonCapRatio: '0.002' },
  });
  const first = await deps.db.subscriptionRound.create({
    data: { projectId, kind: 'INITIAL', seq: 1, title: '立项认购', deadline: new Date(), status: 'CONFIRMED' },
  });
  const held = await deps.db.roundPartner.create({
    data: {
      roundId: first.id,
      userId,
      level: 'CITY',
      category: 'VOLUNTARY',
      minAmount: '0',
      maxAmount: '100000',
      investedAmount: '80000',
    },
  });
  // what a confirmed round holds is in the capital ledger (as 立项 confirmation writes it)
  await deps.db.capitalEntry.create({
    data: {
      projectId,
      level: 'CITY',
      holder: 'PARTNER',
      userId,
      kind: 'COMMITMENT',
      committedDelta: '80000',
      valueDate: new Date(),
      roundId: first.id,
      roundPartnerId: held.id,
      idempotencyKey: `round-partner:${held.id}`,
    },
  });
  const second = await deps.db.subscriptionRound.create({
    data: {
      projectId,
      kind: 'SUPPLEMENT',
      seq: 2,
      title: '补投认购（第 1 次）',
      deadline: new Date(Date.now() + 86_400_000),
      status: 'OPEN',
    },
  });
  await deps.db.roundPartner.create({
    data: { roundId: second.id, userId, level: 'CITY', category: 'VOLUNTARY', minAmount: '0', maxAmount: '100000' },
  });
});
afterAll(() => closeDeps(deps));

test('the upper limit is what the per-person cap leaves after the confirmed rounds', async () => {
  const err = (await subscribe(deps, systemActor('测试'), userId, projectId, '30000').catch((e) => e)) as AppError;
  expect(err.code).toBe('VALIDATION_FAILED');
  expect(err.message).toBe('认购金额应在 ¥0.00 至 ¥20,000.00 之间');
  await expect(subscribe(deps, systemActor('测试'), userId, projectId, '20000')).resolves.toEqual(expect.any(Number));
});
