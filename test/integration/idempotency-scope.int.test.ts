/**
 * 缴款确认 idempotency keys are scoped to the caller, the project and the due: a key never replays another project's
 * or another due's answer, and an identical retry — however many at once — always gets the original answer.
 */
import { randomUUID } from 'node:crypto';
import { seedDemo } from '../../server/seed/seed';
import { startTestApp, type TestApp } from '../support/app';
import { loginAs } from '../support/auth';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  await seedDemo(t.deps.db);
});
afterAll(() => t.close());

async function dueIn(projectName: string, dingUserId: string) {
  const db = t.deps.db;
  const project = await db.project.findUniqueOrThrow({ where: { name: projectName } });
  await db.projectScheme.upsert({
    where: { projectId: project.id },
    create: { projectId: project.id, peakCapital: '10000000', cityRatio: '0.01', totalRatio: '0.01' },
    update: {},
  });
  const user = await db.user.findUniqueOrThrow({ where: { dingUserId } });
  const round = await db.subscriptionRound.create({
    data: {
      projectId: project.id,
      kind: 'INITIAL',
      seq: 90 + Math.floor(Math.random() * 1000),
      title: '幂等测试',
      deadline: new Date(),
      status: 'CONFIRMED',
    },
  });
  const line = await db.roundPartner.create({
    data: {
      roundId: round.id,
      userId: user.id,
      level: 'CITY',
      category: 'VOLUNTARY',
      minAmount: '0',
      maxAmount: '100000',
      investedAmount: '100000',
    },
  });
  const due = await db.paymentDue.create({
    data: {
      roundPartnerId: line.id,
      dueKey: `initial:${line.id}`,
      level: 'CITY',
      projectId: project.id,
      userId: user.id,
      amountDue: '100000',
      dueDate: new Date('2026-12-31T00:00:00Z'),
    },
  });
  return { projectId: project.id, dueId: due.id };
}

it("never replays another project's or another due's confirmation", async () => {
  const acct = await loginAs(t, 'kgkj');
  const one = await dueIn('常州项目', 'u1010');
  const two = await dueIn('江阴项目', 'u1011');
  const key = randomUUID();
  const body = { amount: '30000', paidOn: '2026-11-21', idempotencyKey: key, version: 0 };
  const first = await acct.post(`/api/projects/${one.projectId}/payments/${one.dueId}/confirm`, body);
  expect(first.status).toBe(200);
  // the first due through the second project's URL, with the same key: not found there, nothing of it shown
  const across = await acct.post(`/api/projects/${two.projectId}/payments/${one.dueId}/confirm`, body);
  expect(across.status).toBe(404);
  expect(JSON.stringify(across.data)).not.toContain('30000');
  // the same key on another due is another confirmation, booked on its own
  const other = await acct.post(`/api/projects/${two.projectId}/payments/${two.dueId}/confirm`, body);
  expect(other.status).toBe(200);
  expect(other.data).toMatchObject({ id: two.dueId, paidAmount: '30000.00', replayed: false });
  // another accountant with the same key on the first due: their own confirmation, not a replay of the first
  const colleague = await loginAs(t, 'zykj');
  const theirs = await colleague.post(`/api/projects/${one.projectId}/payments/${one.dueId}/confirm`, {
    ...body,
    version: first.data.version,
  });
  expect(theirs.status).toBe(200);
  expect(theirs.data).toMatchObject({ paidAmount: '60000.00', replayed: false });
});

it('answers every identical retry sent at once with the original answer', async () => {
  const acct = await loginAs(t, 'kgkj');
  const { projectId, dueId } = await dueIn('靖江项目', 'u1012');
  const body = { amount: '12345.67', paidOn: '2026-11-21', idempotencyKey: randomUUID(), version: 0 };
  const answers = await Promise.all(
    Array.from({ length: 30 }, () => acct.post(`/api/projects/${projectId}/payments/${dueId}/confirm`, body)),
  );
  expect(answers.map((a) => a.status)).toEqual(Array(30).fill(200));
  expect(new Set(answers.map((a) => a.data.paidAmount))).toEqual(new Set(['12345.67']));
  expect(answers.filter((a) => a.data.replayed === false)).toHaveLength(1);
  expect(await t.deps.db.paymentRecord.count({ where: { paymentDueId: dueId } })).toBe(1);
});
