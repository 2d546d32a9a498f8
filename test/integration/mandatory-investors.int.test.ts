/**
 * 强投名单 over HTTP: the business admin keeps the list per company; a round's partner list is pre-filled from it
 * with category 强投 and the list's limits; a person on the list but not on the round is flagged; after 测算 a 强投
 * who did not subscribe and was placed at their lower limit must be acknowledged before 送审 (409 without it), and
 * the acknowledgement is recorded and shown to the reviewer in 方案审核.
 */
import { seedDemo } from '../../server/seed/seed';
import { systemActor } from '../../server/lib/audit';
import { subscribe } from '../../server/modules/subscription/submit-subscription';
import { startTestApp, type TestApp } from '../support/app';
import { loginAs } from '../support/auth';

let t: TestApp;
let projectId: number;
let orgUnitId: number;
let admin: Awaited<ReturnType<typeof loginAs>>;
let acct: Awaited<ReturnType<typeof loginAs>>;
const user = async (dingUserId: string) => t.deps.db.user.findUniqueOrThrow({ where: { dingUserId } });

beforeAll(async () => {
  t = await startTestApp();
  await seedDemo(t.deps.db);
  const project = await t.deps.db.project.findUniqueOrThrow({ where: { name: '靖江项目' } });
  projectId = project.id;
  orgUnitId = project.orgUnitId;
  // 资金峰值 1 亿, 城市公司 1%: the level's cap is ¥1,000,000.00
  await t.deps.db.projectScheme.create({
    data: { projectId, peakCapital: '100000000', cityRatio: '0.01', totalRatio: '0.01' },
  });
  admin = await loginAs(t, 'hhadmin');
  acct = await loginAs(t, 'hhkj');
});
afterAll(() => t.close());

test('the 强投名单 pre-fills a round, flags who is missing, and 送审 needs the 强投 warning acknowledged', async () => {
  const [a, b, c] = await Promise.all([user('u1001'), user('u1002'), user('u1003')]);
  // the list: kept by the business admin, refused to the accountant
  const entry = (userId: number, position: string, minAmount: string) => ({
    orgUnitId,
    userId,
    position,
    level: 'CITY',
    minAmount,
    maxAmount: '300000',
  });
  expect((await acct.post('/api/mandatory-investors', entry(a.id, '城市公司总经理', '100000'))).status).toBe(403);
  const bad = await admin.post('/api/mandatory-investors', { ...entry(a.id, '城市公司总经理', '400000') });
  expect(bad.status).toBe(400);
  expect(bad.data.message).toBe('默认上限不能低于默认下限');
  expect((await admin.post('/api/mandatory-investors', entry(a.id, '城市公司总经理', '100000'))).status).toBe(201);
  expect((await admin.post('/api/mandatory-investors', entry(b.id, '项目总经理', '50000'))).status).toBe(201);
  const dup = await admin.post('/api/mandatory-investors', entry(b.id, '项目总经理', '50000'));
  expect(dup.status).toBe(409);
  const list = await acct.get('/api/mandatory-investors', { params: { orgUnitId } });
  expect(list.status).toBe(200);
  expect(list.data.items.map((i: { name: string; position: string }) => `${i.name}:${i.position}`)).toEqual([
    `${a.name}:城市公司总经理`,
    `${b.name}:项目总经理`,
  ]);

  // a round, pre-filled from the list
  const round = await acct.post(`/api/projects/${projectId}/rounds`, {
    kind: 'INITIAL',
    deadline: new Date(Date.now() + 86_400_000).toISOString(),
  });
  expect(round.status).toBe(201);
  const roundId: number = round.data.id;
  const prefill = await acct.post(`/api/projects/${projectId}/rounds/${roundId}/partners/mandatory`);
  expect(prefill.status).toBe(200);
  expect(prefill.data).toEqual({ added: 2, skipped: [] });
  const lines = await t.deps.db.roundPartner.findMany({ where: { roundId }, orderBy: { userId: 'asc' } });
  expect(lines.map((l) => [l.userId, l.category, String(l.minAmount), String(l.maxAmount)])).toEqual([
    [a.id, 'MANDATORY', '100000', '300000'],
    [b.id, 'MANDATORY', '50000', '300000'],
  ]);
  // again: nobody twice
  expect((await acct.post(`/api/projects/${projectId}/rounds/${roundId}/partners/mandatory`)).data.added).toBe(0);

  // someone added to the list later is missing from the round: the check says so
  const added = await admin.post('/api/mandatory-investors', entry(c.id, '财务经理', '20000'));
  const check = await acct.get(`/api/projects/${projectId}/rounds/${roundId}/mandatory-check`);
  expect(check.status).toBe(200);
  expect(check.data.missing).toEqual([
    { userId: c.id, name: c.name, position: '财务经理', level: 'CITY', minAmount: '20000.00', maxAmount: '300000.00' },
  ]);
  expect((await admin.delete(`/api/mandatory-investors/${added.data.id}`)).status).toBe(204);

  // subscriptions close: a subscribes 200,000; b does not answer and is placed at the lower limit by 测算
  await t.deps.db.subscriptionRound.update({ where: { id: roundId }, data: { status: 'OPEN' } });
  await subscribe(t.deps, systemActor('测试'), a.id, projectId, '200000');
  await t.deps.db.subscriptionRound.update({ where: { id: roundId }, data: { deadline: new Date(Date.now() - 1000) } });
  const calc = await acct.post(`/api/projects/${projectId}/rounds/${roundId}/calculate`, {});
  expect(calc.status).toBe(200);
  const after = await acct.get(`/api/projects/${projectId}/rounds/${roundId}/mandatory-check`);
  const bLine = lines.find((l) => l.userId === b.id)!;
  expect(after.data.unsubscribedAtMinimum).toEqual([
    { lineId: bLine.id, userId: b.id, name: b.name, minAmount: '50000.00', investedAmount: '50000.00' },
  ]);
  expect(after.data.missing).toEqual([]);

  // 送审 without the acknowledgement: refused with the name and the amount
  const refused = await acct.post(`/api/projects/${projectId}/rounds/${roundId}/submit`, {});
  expect(refused.status).toBe(409);
  expect(refused.data.message).toBe(`送审前请确认强投提示：${b.name} 未认购，已按认购下限 ¥50,000.00 计入`);
  expect(refused.data.details.reason).toBe('MANDATORY_ACK_REQUIRED');
  expect((await t.deps.db.subscriptionRound.findUniqueOrThrow({ where: { id: roundId } })).status).toBe('CALCULATED');

  // with it: accepted, recorded, audited and shown to the reviewer
  const ok = await acct.post(`/api/projects/${projectId}/rounds/${roundId}/submit`, {
    acknowledgedMandatory: [bLine.id],
  });
  expect(ok.status).toBe(200);
  const ack = await t.deps.db.mandatoryAcknowledgement.findFirstOrThrow({ where: { roundId } });
  expect(ack).toMatchObject({ reviewId: ok.data.id, acknowledgedByName: expect.any(String) });
  expect(
    await t.deps.db.auditLog.count({ where: { action: 'acknowledge_mandatory', entityId: String(roundId) } }),
  ).toBe(1);
  const review = await admin.get(`/api/reviews/${ok.data.id}`);
  expect(review.status).toBe(200);
  expect(review.data.lines[0]).toEqual({
    label: expect.stringMatching(new RegExp(`^强投未认购：${b.name}（按认购下限计入，.+ 送审时已确认）$`)),
    value: '50000.00',
    amount: true,
  });
  const checked = await acct.get(`/api/projects/${projectId}/rounds/${roundId}/mandatory-check`);
  expect(checked.data.acknowledged).toMatchObject({ userIds: [b.id] });
});
