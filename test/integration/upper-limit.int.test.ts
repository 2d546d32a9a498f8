/**
 * The upper limit a partner sees for their subscription is one figure, on the project page and on the subscribe
 * page: the list's 认购上限, lowered to the per-person cap (资金峰值 × 单人上限比例) less what they already hold in
 * the project's earlier rounds.
 */
import { seedDemo } from '../../server/seed/seed';
import { startTestApp, testDeps, type TestApp } from '../support/app';
import { withToken } from '../support/auth';
import { startTestEmulator, type TestEmulator } from '../support/emulator';

let emu: TestEmulator;
let t: TestApp;
let projectId: number;

beforeAll(async () => {
  emu = await startTestEmulator();
  t = await startTestApp({ deps: testDeps(emu.env) });
  await seedDemo(t.deps.db);
  projectId = (await t.deps.db.project.findUniqueOrThrow({ where: { name: '江阴项目' } })).id;
  await t.deps.db.projectScheme.create({
    data: {
      projectId,
      peakCapital: '50000000',
      cityRatio: '0.01',
      totalRatio: '0.01',
      perPersonCapRatio: '0.002', // 单人上限 ¥100,000
    },
  });
});
afterAll(async () => {
  await t.close();
  await emu.close();
});

const partnerLogin = async (userid: string) => {
  const res = await t.http.post('/api/auth/dingtalk', { authCode: await emu.authCode(userid) });
  expect(res.status).toBe(200);
  return withToken(t, res.data.token);
};

async function listed(dingUserId: string, rounds: { seq: number; max: string; invested?: string; open?: boolean }[]) {
  const db = t.deps.db;
  const user = await db.user.findUniqueOrThrow({ where: { dingUserId } });
  for (const r of rounds) {
    const round = await db.subscriptionRound.upsert({
      where: { projectId_seq: { projectId, seq: r.seq } },
      update: {},
      create: {
        projectId,
        kind: r.seq === 1 ? 'INITIAL' : 'SUPPLEMENT',
        seq: r.seq,
        title: r.seq === 1 ? '立项认购' : `第${r.seq}次补投认购`,
        deadline: new Date(Date.now() + (r.open ? 86_400_000 : -86_400_000)),
        status: r.open ? 'OPEN' : 'CONFIRMED',
      },
    });
    const line = await db.roundPartner.create({
      data: {
        roundId: round.id,
        userId: user.id,
        level: 'CITY',
        category: 'VOLUNTARY',
        minAmount: '0',
        maxAmount: r.max,
        investedAmount: r.invested ?? null,
      },
    });
    // what a confirmed round holds is in the capital ledger (as 立项 confirmation writes it)
    if (r.invested && !r.open)
      await db.capitalEntry.create({
        data: {
          projectId,
          level: 'CITY',
          holder: 'PARTNER',
          userId: user.id,
          kind: 'COMMITMENT',
          committedDelta: r.invested,
          valueDate: new Date(),
          roundId: round.id,
          roundPartnerId: line.id,
          idempotencyKey: `round-partner:${line.id}`,
        },
      });
  }
}

it('shows the same effective upper limit on the project page and the subscribe page', async () => {
  // holds ¥60,000 from 立项认购; listed up to ¥80,000 in the open 补投: the per-person cap leaves ¥40,000
  await listed('u1021', [
    { seq: 1, max: '100000', invested: '60000' },
    { seq: 2, max: '80000', open: true },
  ]);
  // new in the 补投, listed above the per-person cap: ¥100,000
  await listed('u1022', [{ seq: 2, max: '150000', open: true }]);
  // listed below what the cap leaves: the list's own limit
  await listed('u1023', [
    { seq: 1, max: '100000', invested: '10000' },
    { seq: 2, max: '30000', open: true },
  ]);

  for (const [userid, upper] of [
    ['u1021', '40000.00'],
    ['u1022', '100000.00'],
    ['u1023', '30000.00'],
  ] as const) {
    const p = await partnerLogin(userid);
    const project = await p.get(`/api/me/projects/${projectId}`);
    expect(project.status).toBe(200);
    const form = await p.get(`/api/me/projects/${projectId}/subscription`);
    expect(form.status).toBe(200);
    expect([userid, project.data.subscription.upper, form.data.upper]).toEqual([userid, upper, upper]);
  }
});
