/**
 * Several API instances and several worker processes on one PostgreSQL and one Redis: sessions work across
 * instances, a money-moving command sent to two instances at once takes effect once, and a schedule runs once per
 * tick however many workers there are.
 */
import { randomUUID } from 'node:crypto';
import { closeDeps } from '../../server/deps';
import { startWorkers, type RunningWorkers } from '../../server/jobs/worker';
import { PAYMENTS_QUEUE } from '../../server/modules/payments/job';
import { seedDemo } from '../../server/seed/seed';
import { startTestApp, testDeps, type TestApp } from '../support/app';
import { loginAs, withToken } from '../support/auth';
import { moneyString } from '../../shared/money';

let a: TestApp;
let b: TestApp;
beforeAll(async () => {
  a = await startTestApp();
  b = await startTestApp();
  await seedDemo(a.deps.db);
});
afterAll(async () => {
  await a.close();
  await b.close();
});

it('a session opened on one API instance works on the other, and a logout on either ends it', async () => {
  const onA = await loginAs(a, 'hhkj');
  const onB = withToken(b, onA.token);
  expect((await onB.get('/api/me')).status).toBe(200);
  expect((await onB.post('/api/auth/logout')).status).toBe(204);
  expect((await onA.get('/api/me')).status).toBe(401);
});

it('the same payment confirmation sent to two instances at once is booked once; a concurrent different one is refused', async () => {
  // a due amount to confirm, made directly: the spine test covers how it comes to exist
  const db = a.deps.db;
  const project = await db.project.findUniqueOrThrow({ where: { name: '常州项目' } });
  await db.projectScheme.upsert({
    where: { projectId: project.id },
    create: { projectId: project.id, peakCapital: '10000000', cityRatio: '0.01', totalRatio: '0.01' },
    update: {},
  });
  const user = await db.user.findUniqueOrThrow({ where: { dingUserId: 'u1010' } });
  const round = await db.subscriptionRound.create({
    data: {
      projectId: project.id,
      kind: 'INITIAL',
      seq: 90 + Math.floor(Math.random() * 1000),
      title: '并发测试',
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
  const onA = await loginAs(a, 'hhadmin');
  const onB = withToken(b, onA.token);
  const body = { amount: '30000', paidOn: '2026-11-21', idempotencyKey: randomUUID(), version: 0 };
  const [r1, r2] = await Promise.all([
    onA.post(`/api/projects/${project.id}/payments/${due.id}/confirm`, body),
    onB.post(`/api/projects/${project.id}/payments/${due.id}/confirm`, body),
  ]);
  expect([r1.status, r2.status]).toEqual([200, 200]);
  expect([r1.data.paidAmount, r2.data.paidAmount]).toEqual(['30000.00', '30000.00']);
  expect(await db.paymentRecord.count({ where: { paymentDueId: due.id } })).toBe(1);
  const [c1, c2] = await Promise.all([
    onA.post(`/api/projects/${project.id}/payments/${due.id}/confirm`, {
      ...body,
      idempotencyKey: randomUUID(),
      version: 1,
    }),
    onB.post(`/api/projects/${project.id}/payments/${due.id}/confirm`, {
      ...body,
      idempotencyKey: randomUUID(),
      version: 1,
    }),
  ]);
  expect([c1.status, c2.status].sort()).toEqual([200, 409]);
  expect(moneyString((await db.paymentDue.findUniqueOrThrow({ where: { id: due.id } })).paidAmount)).toBe('60000.00');
});

it('two worker processes run a schedule once per tick', async () => {
  const every = { PAYMENT_REMINDER_CRON: '*/1 * * * * *' };
  const w1deps = testDeps(every);
  const w2deps = testDeps(every);
  const workers: RunningWorkers[] = [
    await startWorkers(w1deps, w1deps.redisUrl),
    await startWorkers(w2deps, w2deps.redisUrl),
  ];
  const started = Date.now();
  await new Promise((r) => setTimeout(r, 4500));
  const q = w1deps.queue(PAYMENTS_QUEUE);
  const done = await q.getJobs(['completed', 'active', 'waiting', 'delayed']);
  const ran = done.filter((j) => j.finishedOn && j.finishedOn >= started);
  const seconds = Math.ceil((Date.now() - started) / 1000);
  for (const w of workers) await w.close();
  expect(ran.length).toBeGreaterThanOrEqual(2);
  expect(ran.length).toBeLessThanOrEqual(seconds + 1); // twice per tick would be ~2 × seconds
  expect(new Set(ran.map((j) => j.timestamp)).size).toBe(ran.length);
  expect((await q.getJobSchedulers()).filter((s) => s.key === 'daily-payment-duties')).toHaveLength(1);
  for (const d of [w1deps, w2deps]) await closeDeps(d);
}, 30_000);
