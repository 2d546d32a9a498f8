/**
 * Separation of duties on money (four eyes): the system admin sets up people and projects but never reaches partner
 * money — a money role (业务管理员, 经营会计) or a project grant they ask for applies only once a business admin other
 * than the requester (and not the person concerned) approves it; a money-role holder's password is reset only by a
 * business admin; a console account's first money role re-issues its password to the approver.
 */
import { createFirstBusinessAdmin } from '../../server/modules/duties/first-business-admin';
import { seedDemo } from '../../server/seed/seed';
import { DEMO_PASSWORD } from '../../server/seed/demo-data';
import { shanghaiDay } from '../../shared/datetime';
import { startTestApp, type TestApp } from '../support/app';
import { loginAs, withToken } from '../support/auth';

let t: TestApp;
let projectId: number;
let roleIds: Record<string, number>;

beforeAll(async () => {
  t = await startTestApp();
  await seedDemo(t.deps.db);
  projectId = (await t.deps.db.project.findUniqueOrThrow({ where: { name: '常州项目' } })).id;
  roleIds = Object.fromEntries((await t.deps.db.role.findMany()).map((r) => [r.code, r.id]));
});
afterAll(() => t.close());

/** A due of 常州项目 the partner marked, waiting for 缴款确认. */
async function aDue(dingUserId: string) {
  const db = t.deps.db;
  const user = await db.user.findUniqueOrThrow({ where: { dingUserId } });
  const seq = 200 + (await db.subscriptionRound.count({ where: { projectId } }));
  const round = await db.subscriptionRound.create({
    data: { projectId, kind: 'INITIAL', seq, title: `第${seq}轮`, deadline: new Date(), status: 'CONFIRMED' },
  });
  const line = await db.roundPartner.create({
    data: {
      roundId: round.id,
      userId: user.id,
      level: 'CITY',
      category: 'VOLUNTARY',
      minAmount: '0',
      maxAmount: '100000',
      investedAmount: '50000',
    },
  });
  return db.paymentDue.create({
    data: {
      roundPartnerId: line.id,
      dueKey: `initial:${line.id}`,
      level: 'CITY',
      projectId,
      userId: user.id,
      amountDue: '50000',
      paidAmount: '0',
      status: 'UNPAID',
      dueDate: new Date(`${shanghaiDay()}T00:00:00Z`),
      noticeSentAt: new Date(),
    },
  });
}

const confirmBody = (version: number) => ({
  amount: '50000.00',
  paidOn: shanghaiDay(),
  idempotencyKey: `duties-${Date.now()}-${Math.random()}`,
  version,
});

const login = (username: string, password: string) => t.http.post('/api/auth/password', { username, password });

describe('the system admin cannot reach partner money by making an accountant', () => {
  it('create user → grant → login → confirm payment is refused until a business admin approves, whose approval also takes the password away from the system admin', async () => {
    const sys = await loginAs(t, 'admin');
    const due = await aDue('u1021');

    // 1. a new console user asked with 城市公司经营会计: created without it, the role waits (待批准授权)
    const created = await sys.post('/api/users', {
      username: 'mole',
      name: '新会计',
      roleIds: [roleIds.CITY_ACCOUNTANT_HUANHU, roleIds.PARTNER],
    });
    expect(created.status).toBe(201);
    expect(created.data.user.roles.map((r: { kind: string }) => r.kind)).toEqual(['PARTNER']);
    expect(created.data.pendingRoles.map((r: { name: string }) => r.name)).toEqual(['环沪城市公司经营会计']);
    const userId: number = created.data.user.id;
    const known: string = created.data.initialPassword;

    // 2. the project grant is asked for too: pending, nothing granted
    const grant = await sys.put(`/api/projects/${projectId}/grants/${roleIds.CITY_ACCOUNTANT_HUANHU}`, {
      userIds: [
        ...(
          await t.deps.db.projectGrant.findMany({
            where: { projectId, roleId: roleIds.CITY_ACCOUNTANT_HUANHU },
            select: { userId: true },
          })
        ).map((g) => g.userId),
        userId,
      ],
    });
    expect(grant.status).toBe(200);
    const line = grant.data.roles
      .find((r: { role: { id: number } }) => r.role.id === roleIds.CITY_ACCOUNTANT_HUANHU)
      .users.find((u: { id: number }) => u.id === userId);
    expect(line).toMatchObject({ granted: false, pending: true });
    expect(await t.deps.db.projectGrant.count({ where: { projectId, userId } })).toBe(0);
    expect(await t.deps.db.userRole.count({ where: { userId, roleId: roleIds.CITY_ACCOUNTANT_HUANHU } })).toBe(0);

    // 3. the system admin logs in as the new user (the password was shown to them) and tries to confirm: refused
    let res = await login('mole', known);
    expect(res.status).toBe(200);
    let mole = withToken(t, res.data.token);
    res = await mole.post('/api/auth/change-password', { oldPassword: known, newPassword: 'Mole2026abc' });
    expect(res.status).toBe(200);
    mole = withToken(t, res.data.token);
    expect((await mole.post(`/api/projects/${projectId}/payments/${due.id}/confirm`, confirmBody(0))).status).toBe(403);
    expect((await mole.get(`/api/projects/${projectId}/payments`)).status).toBe(403);
    // nor can the system admin approve their own request, nor confirm themselves
    const pending = (await sys.get('/api/grant-requests')).data as Array<{
      id: number;
      version: number;
      kind: string;
      user: { id: number };
      requestedBy: { name: string };
    }>;
    const mine = pending.filter((r) => r.user.id === userId);
    expect(mine.map((r) => r.kind)).toEqual(['ROLE', 'PROJECT']);
    expect(mine[0]!.requestedBy.name).toBe('系统管理员');
    expect((await sys.post(`/api/grant-requests/${mine[0]!.id}/approve`, { version: 0 })).status).toBe(403);
    expect((await sys.post(`/api/projects/${projectId}/payments/${due.id}/confirm`, confirmBody(0))).status).toBe(403);
    expect(await t.deps.db.capitalEntry.count({ where: { projectId, userId: due.userId } })).toBe(0);
    expect((await t.deps.db.paymentDue.findUniqueOrThrow({ where: { id: due.id } })).status).toBe('UNPAID');

    // 4. the business admin sees both in 待批准授权 and approves: the role first, then the grant
    const biz = await loginAs(t, 'hhadmin');
    const seen = (await biz.get('/api/grant-requests')).data as typeof pending;
    expect(seen.filter((r) => r.user.id === userId)).toHaveLength(2);
    const role = await biz.post(`/api/grant-requests/${mine[0]!.id}/approve`, { version: mine[0]!.version });
    expect(role.status).toBe(200);
    expect(role.data.request.status).toBe('APPROVED');
    // the first money role re-issues the password to the approver: what the system admin knows no longer works
    const issued: string = role.data.initialPassword;
    expect(issued).toMatch(/^[A-Za-z0-9]{12}$/);
    expect((await mole.get('/api/me')).status).toBe(401); // every session ended
    expect((await login('mole', 'Mole2026abc')).status).toBe(401);
    expect((await biz.post(`/api/grant-requests/${mine[0]!.id}/approve`, { version: 1 })).status).toBe(409);
    const proj = await biz.post(`/api/grant-requests/${mine[1]!.id}/approve`, { version: mine[1]!.version });
    expect(proj.status).toBe(200);
    expect(proj.data.initialPassword).toBeUndefined();

    // 5. the person, with the password the business admin handed over, reaches the confirmation (stale version: 409)
    res = await login('mole', issued);
    expect(res.status).toBe(200);
    expect(res.data.user.mustChangePassword).toBe(true);
    res = await withToken(t, res.data.token).post('/api/auth/change-password', {
      oldPassword: issued,
      newPassword: 'Real2026acct',
    });
    const real = withToken(t, res.data.token);
    expect((await real.get(`/api/projects/${projectId}/payments`)).status).toBe(200);
    expect((await real.post(`/api/projects/${projectId}/payments/${due.id}/confirm`, confirmBody(99))).status).toBe(
      409,
    );

    // 6. audited with before and after: the decision and the rights it changed
    const audits = await t.deps.db.auditLog.findMany({
      where: {
        OR: [
          { entity: 'GrantRequest', entityId: String(mine[0]!.id) },
          { entity: 'User', entityId: String(userId) },
        ],
      },
      orderBy: { id: 'asc' },
    });
    const approve = audits.find((a) => a.action === 'approve_grant')!;
    expect(approve.before).toMatchObject({ status: 'PENDING', user: '新会计', role: '环沪城市公司经营会计' });
    expect(approve.after).toMatchObject({ status: 'APPROVED' });
    const applied = audits.find((a) => a.action === 'grant_role')!;
    expect((applied.before as { roles: { kind: string }[] }).roles.map((r) => r.kind)).toEqual(['PARTNER']);
    expect((applied.after as { roles: { kind: string }[] }).roles.map((r) => r.kind).sort()).toEqual([
      'CITY_ACCOUNTANT',
      'PARTNER',
    ]);
    expect(audits.some((a) => a.action === 'reset_password' && a.actorName === '业务管理员')).toBe(true);

    // removing money rights needs nobody's approval
    const removed = await sys.put(`/api/projects/${projectId}/grants/${roleIds.CITY_ACCOUNTANT_HUANHU}`, {
      userIds: [],
    });
    expect(removed.status).toBe(200);
    expect((await real.get(`/api/projects/${projectId}/payments`)).status).toBe(403);
  });

  it('tells every business admin with a work notice whose card opens 待批准授权', async () => {
    const sys = await loginAs(t, 'admin');
    const u = (await sys.post('/api/users', { name: '通知测试', roleIds: [roleIds.GROUP_ACCOUNTANT] })).data;
    const hh = await t.deps.db.user.findUniqueOrThrow({ where: { username: 'hhadmin' } });
    const notice = await t.deps.db.notification.findFirstOrThrow({
      where: { kind: 'grant_request', userId: hh.id },
      orderBy: { id: 'desc' },
    });
    const card = (notice.payload as { msg: { action_card: { markdown: string; single_url: string } } }).msg.action_card;
    expect(card.markdown).toContain('通知测试：置业集团经营会计');
    expect(card.single_url).toMatch(/\/console\/admin\/accounts\?tab=grant-requests$/);
    expect(await t.deps.db.grantRequest.count({ where: { userId: u.user.id, status: 'PENDING' } })).toBe(1);
  });

  it('needs a business admin who is neither the requester nor the person concerned; refusing is audited and changes nothing', async () => {
    const sys = await loginAs(t, 'admin');
    const biz = await loginAs(t, 'hhadmin');
    const hh = (await sys.get('/api/users', { params: { q: 'hhadmin' } })).data.items[0];
    // the system admin asks to make the business admin an accountant too: they may not approve it for themselves
    const patched = await sys.patch(`/api/users/${hh.id}`, {
      version: hh.version,
      roleIds: [...hh.roles.map((r: { id: number }) => r.id), roleIds.CITY_ACCOUNTANT_KUNMING],
    });
    expect(patched.status).toBe(200);
    expect(patched.data.roles.map((r: { name: string }) => r.name)).not.toContain('昆明城市公司经营会计');
    const req = (await biz.get('/api/grant-requests')).data.find((r: { user: { id: number } }) => r.user.id === hh.id);
    const self = await biz.post(`/api/grant-requests/${req.id}/approve`, { version: req.version });
    expect(self.status).toBe(403);
    expect(self.data.message).toContain('不能批准或拒绝授予自己的权限');

    // another request, refused with a reason: audited, nothing applied, and it cannot be approved afterwards
    const other = (await sys.post('/api/users', { name: '拒绝测试', roleIds: [roleIds.CITY_ACCOUNTANT_JINAN] })).data;
    const r2 = (await biz.get('/api/grant-requests')).data.find(
      (r: { user: { id: number } }) => r.user.id === other.user.id,
    );
    expect((await biz.post(`/api/grant-requests/${r2.id}/refuse`, { version: r2.version, reason: '' })).status).toBe(
      400,
    );
    const refused = await biz.post(`/api/grant-requests/${r2.id}/refuse`, {
      version: r2.version,
      reason: '非财务人员',
    });
    expect(refused.status).toBe(200);
    expect(refused.data.request).toMatchObject({
      status: 'REFUSED',
      reason: '非财务人员',
      decidedBy: { name: '业务管理员' },
    });
    expect(await t.deps.db.userRole.count({ where: { userId: other.user.id } })).toBe(0);
    const again = await biz.post(`/api/grant-requests/${r2.id}/approve`, { version: r2.version + 1 });
    expect(again.status).toBe(409);
    const audit = await t.deps.db.auditLog.findFirstOrThrow({
      where: { entity: 'GrantRequest', entityId: String(r2.id), action: 'refuse_grant' },
    });
    expect(audit.before).toMatchObject({ status: 'PENDING', user: '拒绝测试', role: '济南城市公司经营会计' });
    expect(audit.after).toMatchObject({ status: 'REFUSED', reason: '非财务人员' });
    expect((await biz.get('/api/grant-requests', { params: { status: 'REFUSED' } })).data[0].id).toBe(r2.id);
  });

  it('keeps the system admin and the money roles apart', async () => {
    const sys = await loginAs(t, 'admin');
    const both = await sys.post('/api/users', {
      username: 'both',
      name: '兼任',
      roleIds: [roleIds.SYSTEM_ADMIN, roleIds.BUSINESS_ADMIN],
    });
    expect(both.status).toBe(400);
    expect(both.data.message).toContain('系统管理员不能兼任');
  });
});

describe('passwords of money-role holders', () => {
  it('are reset by a business admin only: not by the system admin, not by oneself; the business admin resets no one else', async () => {
    const sys = await loginAs(t, 'admin');
    const biz = await loginAs(t, 'hhadmin');
    const users = (await sys.get('/api/users', { params: { pageSize: 100 } })).data.items as Array<{
      id: number;
      username: string | null;
    }>;
    const id = (u: string) => users.find((x) => x.username === u)!.id;
    const refused = await sys.post(`/api/users/${id('zzkj')}/reset-password`);
    expect(refused.status).toBe(403);
    expect(refused.data.message).toContain('只能由业务管理员重置密码');
    expect((await login('zzkj', DEMO_PASSWORD)).status).toBe(200); // unchanged
    expect((await sys.post(`/api/users/${id('hhadmin')}/reset-password`)).status).toBe(403);
    // the business admin resets the accountant's (and sees the new one once)
    const reset = await biz.post(`/api/users/${id('zzkj')}/reset-password`);
    expect(reset.status).toBe(200);
    expect((await login('zzkj', reset.data.initialPassword)).status).toBe(200);
    // …but not their own (修改密码) nor the system admin's: logging in as the system admin would let one person
    // ask for a grant and approve it
    expect((await biz.post(`/api/users/${id('hhadmin')}/reset-password`)).status).toBe(403);
    expect((await biz.post(`/api/users/${id('admin')}/reset-password`)).status).toBe(403);
    // the system admin still resets a plain console account
    const plain = (await sys.post('/api/users', { username: 'plainuser', name: '普通账号', roleIds: [] })).data;
    expect((await sys.post(`/api/users/${plain.user.id}/reset-password`)).status).toBe(200);
  });
});

describe('the first business admin', () => {
  it('is made from the command line only while no active business admin exists', async () => {
    await expect(createFirstBusinessAdmin(t.deps.db, { username: 'first', name: '首位' })).rejects.toThrow(
      /已有业务管理员/,
    );
    await t.deps.db.user.updateMany({ where: { username: 'hhadmin' }, data: { status: 'DISABLED' } });
    try {
      await expect(createFirstBusinessAdmin(t.deps.db, { username: 'admin', name: '系统管理员' })).rejects.toThrow(
        /系统管理员不能兼任/,
      );
      const r = await createFirstBusinessAdmin(t.deps.db, { username: 'first', name: '首位业务管理员' });
      const res = await login('first', r.initialPassword);
      expect(res.status).toBe(200);
      expect(res.data.user.roles).toEqual(['BUSINESS_ADMIN']);
      expect(res.data.user.mustChangePassword).toBe(true);
    } finally {
      await t.deps.db.user.updateMany({ where: { username: 'hhadmin' }, data: { status: 'ACTIVE' } });
    }
  });
});
