/** Two transitions of the same round at the same time, from the same version: exactly one changes it. */
import { closeDeps, type Deps } from '../../server/deps';
import { AppError } from '../../server/lib/errors';
import { systemActor } from '../../server/lib/audit';
import { transitionRound, type RoundEvent, type RoundStatus } from '../../server/modules/subscription/round-state';
import { seedDemo } from '../../server/seed/seed';
import { testDeps } from '../support/app';

let deps: Deps;
let projectId: number;
let seq = 0;
beforeAll(async () => {
  deps = testDeps();
  await seedDemo(deps.db);
  projectId = (await deps.db.project.findUniqueOrThrow({ where: { name: '江阴项目' } })).id;
});
afterAll(() => closeDeps(deps));

const roundIn = (status: RoundStatus) =>
  deps.db.subscriptionRound.create({
    data: { projectId, kind: 'INITIAL', seq: ++seq, title: `并发 ${seq}`, deadline: new Date(), status },
  });

/** Both transactions take the same decision from the same version; the first holds its lock a moment before committing. */
async function race(roundId: number, event: RoundEvent, expected?: { status: RoundStatus; version: number }) {
  const attempt = (hold: number) =>
    deps.db.$transaction(async (tx) => {
      const r = await transitionRound(tx, roundId, event, { actor: systemActor('并发测试'), expected });
      await new Promise((res) => setTimeout(res, hold));
      return r;
    });
  const first = attempt(300);
  await new Promise((res) => setTimeout(res, 50));
  return Promise.allSettled([first, attempt(0)]);
}

async function outcome(roundId: number) {
  const round = await deps.db.subscriptionRound.findUniqueOrThrow({ where: { id: roundId } });
  const audits = await deps.db.auditLog.count({ where: { entity: 'SubscriptionRound', entityId: String(roundId) } });
  return { status: round.status, version: round.version, audits };
}

const codes = (results: PromiseSettledResult<unknown>[]) =>
  results.map((r) => (r.status === 'fulfilled' ? 'ok' : (r.reason as AppError).code)).sort();

test('same version, a move to another state: one wins, the other is refused (the state moved on)', async () => {
  const round = await roundIn('CALCULATED');
  const results = await race(round.id, 'submit', { status: 'CALCULATED', version: round.version });
  expect(codes(results)).toEqual(['INVALID_STATE', 'ok']);
  expect(await outcome(round.id)).toEqual({ status: 'IN_REVIEW', version: round.version + 1, audits: 1 });
});

test('same version, a move that keeps the state (测算 again): one wins, the other gets VERSION_CONFLICT', async () => {
  const round = await roundIn('CALCULATED');
  const results = await race(round.id, 'calculate', { status: 'CALCULATED', version: round.version });
  expect(codes(results)).toEqual(['VERSION_CONFLICT', 'ok']);
  const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
  expect((rejected.reason as AppError).message).toBe('认购轮次已被他人修改，请刷新后重试');
  expect(await outcome(round.id)).toEqual({ status: 'CALCULATED', version: round.version + 1, audits: 1 });
});

test('without an expected version the row is locked: the second sees the first one’s state', async () => {
  const round = await roundIn('IN_REVIEW');
  const results = await race(round.id, 'approve');
  expect(codes(results)).toEqual(['INVALID_STATE', 'ok']);
  expect(await outcome(round.id)).toEqual({ status: 'APPROVED', version: round.version + 1, audits: 1 });
});

test('skipIfNotAllowed: a late callback changes nothing and answers null', async () => {
  const round = await roundIn('CONFIRMED');
  const r = await deps.db.$transaction((tx) =>
    transitionRound(tx, round.id, 'returnFromFlow', { actor: systemActor('并发测试'), skipIfNotAllowed: true }),
  );
  expect(r).toBeNull();
  expect(await outcome(round.id)).toEqual({ status: 'CONFIRMED', version: round.version, audits: 0 });
});
