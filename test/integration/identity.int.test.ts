import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { seedDemo } from '../../server/seed/seed';
import { startTestApp, type TestApp } from '../support/app';
import { loginAs, withToken } from '../support/auth';
import { approvePendingGrants } from '../support/grants';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  await seedDemo(t.deps.db);
});
afterAll(() => t.close());

const fixture = (name: string) => readFile(path.join(__dirname, '../fixtures', name));
const upload = (http: ReturnType<typeof withToken>, file: Buffer, name = 'projects.xlsx') => {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(file)]), name);
  return http.post('/api/projects/import', form);
};

describe('password login', () => {
  it('logs in, tells who I am, and logout revokes the token', async () => {
    const res = await t.http.post('/api/auth/password', { username: 'hhkj', password: 'Gentou@2026' });
    expect(res.status).toBe(200);
    expect(res.data.user).toMatchObject({
      username: 'hhkj',
      roles: expect.arrayContaining(['CITY_ACCOUNTANT', 'PARTNER']),
      mustChangePassword: false,
    });
    const me = withToken(t, res.data.token);
    expect((await me.get('/api/me')).data.user.name).toBe('环沪会计-陈洁');
    expect((await me.post('/api/auth/logout')).status).toBe(204);
    const after = await me.get('/api/me');
    expect(after.status).toBe(401);
    expect(after.data).toEqual({ code: 'UNAUTHENTICATED', message: '请先登录' });
  });

  it('rejects wrong passwords with one message, then refuses further attempts for a while (429) until 解锁', async () => {
    const admin = await loginAs(t, 'admin');
    const created = await admin.post('/api/users', { username: 'locktest', name: '锁定测试', roleIds: [] });
    expect(created.status).toBe(201);
    const initial = created.data.initialPassword as string;
    for (let i = 1; i <= 5; i++) {
      const r = await t.http.post('/api/auth/password', { username: 'locktest', password: 'wrong-pass1' });
      expect(r.status).toBe(401);
      expect(r.data.message).toBe('用户名或密码错误');
    }
    const sixth = await t.http.post('/api/auth/password', { username: 'locktest', password: 'wrong-pass1' });
    expect(sixth.status).toBe(429);
    expect(sixth.data.code).toBe('RATE_LIMITED');
    expect(sixth.data.message).toMatch(/请 \d+ 分钟后再试/);
    // even the right password is refused while limited
    expect((await t.http.post('/api/auth/password', { username: 'locktest', password: initial })).status).toBe(429);
    expect((await admin.post(`/api/users/${created.data.user.id}/unlock`)).status).toBe(200);
    expect((await t.http.post('/api/auth/password', { username: 'locktest', password: initial })).status).toBe(200);
    // 系统日志 asks for every code of one Chinese name at once, comma-separated
    const both = await admin.get('/api/audit-logs', {
      params: { entity: 'User', action: 'lock,unlock', pageSize: 100 },
    });
    const mine = both.data.items.filter((e: { entityId: string }) => e.entityId === String(created.data.user.id));
    expect(mine.map((e: { action: string }) => e.action)).toEqual(['unlock']);
  });

  it('forces a change of the initial password before anything else', async () => {
    const admin = await loginAs(t, 'admin');
    const created = await admin.post('/api/users', { username: 'newbie', name: '新同事', roleIds: [] });
    const login = await t.http.post('/api/auth/password', {
      username: 'newbie',
      password: created.data.initialPassword,
    });
    expect(login.data.user.mustChangePassword).toBe(true);
    const me = withToken(t, login.data.token);
    const blocked = await me.get('/api/org/tree');
    expect(blocked.status).toBe(403);
    expect(blocked.data.code).toBe('PASSWORD_CHANGE_REQUIRED');
    const weak = await me.post('/api/auth/change-password', {
      oldPassword: created.data.initialPassword,
      newPassword: 'short',
    });
    expect(weak.status).toBe(400);
    expect(weak.data.details[0].path).toBe('newPassword');
    const changed = await me.post('/api/auth/change-password', {
      oldPassword: created.data.initialPassword,
      newPassword: 'Better2026pass',
    });
    expect(changed.status).toBe(200);
    expect(changed.data.user.mustChangePassword).toBe(false);
    expect((await me.get('/api/me')).status).toBe(401); // the old session ended with the change
    expect((await withToken(t, changed.data.token).get('/api/me')).status).toBe(200);
  });

  it('parses no upload before access is checked', async () => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(1024 * 1024)]), 'big.bin');
    expect((await t.http.post('/api/auth/password', form)).status).toBe(400); // multipart is not parsed here at all
    expect((await t.http.post('/api/projects/import', form)).status).toBe(401);
    const acct = await loginAs(t, 'hhkj');
    expect((await acct.post('/api/projects/import', form)).status).toBe(403);
  });

  it('does not let the system admin change their own roles', async () => {
    const admin = await loginAs(t, 'admin');
    const me = (await admin.get('/api/me')).data.user;
    const u = (await admin.get(`/api/users/${me.id}`)).data;
    const biz = (await admin.get('/api/roles')).data.find((r: { kind: string }) => r.kind === 'BUSINESS_ADMIN');
    const res = await admin.patch(`/api/users/${me.id}`, {
      version: u.version,
      roleIds: [...u.roles.map((r: { id: number }) => r.id), biz.id],
    });
    expect(res.status).toBe(403);
    expect(res.data.message).toContain('不能修改自己的角色');
  });

  it('says nothing about whether a username exists', async () => {
    const a = await t.http.post('/api/auth/password', { username: 'nobody-here', password: 'whatever1' });
    expect(a.status).toBe(401);
    expect(a.data.message).toBe('用户名或密码错误');
  });

  it('ends every session when a user is marked 离职 or disabled', async () => {
    const admin = await loginAs(t, 'admin');
    const created = await admin.post('/api/users', { username: 'leaver', name: '将离职', roleIds: [] });
    const s = await t.http.post('/api/auth/password', { username: 'leaver', password: created.data.initialPassword });
    const session = withToken(t, s.data.token);
    expect((await session.get('/api/me')).status).toBe(200);
    const left = await admin.patch(`/api/users/${created.data.user.id}`, {
      version: created.data.user.version + 0,
      status: 'LEFT',
    });
    expect(left.status).toBe(200);
    expect(left.data).toMatchObject({ status: 'LEFT', leftAt: expect.any(String) });
    expect((await session.get('/api/me')).status).toBe(401);
    const again = await t.http.post('/api/auth/password', {
      username: 'leaver',
      password: created.data.initialPassword,
    });
    expect(again.status).toBe(403);
    expect(again.data.message).toContain('离职');
  });
});

describe('organisation tree and projects', () => {
  it('shows the tree with counts; an accountant sees only granted projects', async () => {
    const admin = await loginAs(t, 'hhadmin');
    const tree = (await admin.get('/api/org/tree')).data;
    const group = tree[0].children.find((n: { name: string }) => n.name === '置业集团');
    expect(group.projectCount).toBeGreaterThanOrEqual(7);
    expect(group.children.find((n: { name: string }) => n.name === '环沪城市公司').projectCount).toBeGreaterThanOrEqual(
      5,
    );
    const km = await loginAs(t, 'kmkj');
    const kmTree = (await km.get('/api/org/tree')).data;
    const names: string[] = [];
    const walk = (ns: { projects: { name: string }[]; children: unknown[] }[]) =>
      ns.forEach((n) => {
        names.push(...n.projects.map((p) => p.name));
        walk(n.children as typeof ns);
      });
    walk(kmTree);
    expect(names).toEqual(['昆明-城市之光']);
    const list = await km.get('/api/projects');
    expect(list.data.items.map((p: { name: string }) => p.name)).toEqual(['昆明-城市之光']);
    const other = (await admin.get('/api/projects', { params: { q: '靖江' } })).data.items[0];
    expect((await km.get(`/api/projects/${other.id}`)).status).toBe(403);
  });

  it('searches by name, batch or region and pages on the server', async () => {
    const admin = await loginAs(t, 'admin');
    const byBatch = await admin.get('/api/projects', { params: { q: '2019年10月' } });
    expect(byBatch.data.items.map((p: { name: string }) => p.name).sort()).toEqual([
      '常州项目',
      '江阴项目',
      '靖江项目',
    ]);
    const byRegion = await admin.get('/api/projects', { params: { q: '环沪', pageSize: 2, sort: 'name' } });
    expect(byRegion.data.total).toBe(5);
    expect(byRegion.data.items).toHaveLength(2);
    expect(byRegion.data.items[0].region).toBe('环沪城市公司');
  });

  it('creates a project, detects a stale edit, and audits the 开放/清算 flags', async () => {
    const admin = await loginAs(t, 'admin');
    const tree = (await admin.get('/api/org/tree')).data;
    const kunming = tree[0].children[0].children.find((n: { name: string }) => n.name === '昆明城市公司');
    const bad = await admin.post('/api/projects', { name: '', orgUnitId: kunming.id, acquiredOn: '2020/01/01' });
    expect(bad.status).toBe(400);
    expect(bad.data.details.map((d: { path: string }) => d.path).sort()).toEqual(['acquiredOn', 'name']);
    const created = await admin.post('/api/projects', {
      name: '昆明-滇池半岛',
      code: 'KM-02',
      orgUnitId: kunming.id,
      acquiredOn: '2020-06-30',
      operator: 'OURS',
    });
    expect(created.status).toBe(201);
    expect(created.data).toMatchObject({
      name: '昆明-滇池半岛',
      acquiredOn: '2020-06-30',
      isOpen: false,
      version: 0,
      region: '昆明城市公司',
    });
    const id = created.data.id;
    expect((await admin.patch(`/api/projects/${id}`, { version: 0, acquisitionMethod: '招拍挂' })).status).toBe(200);
    const stale = await admin.patch(`/api/projects/${id}`, { version: 0, acquisitionMethod: '收并购' });
    expect(stale.status).toBe(409);
    expect(stale.data.code).toBe('VERSION_CONFLICT');
    const opened = await admin.put(`/api/projects/${id}/flags`, { version: 1, isOpen: true });
    expect(opened.data.isOpen).toBe(true);
    const settled = await admin.put(`/api/projects/${id}/flags`, { version: 2, isSettled: true });
    expect(settled.data.isSettled).toBe(true);
    expect((await admin.put(`/api/projects/${id}/flags`, { version: 3, isSettled: false })).status).toBe(409);
    const log = await admin.get('/api/audit-logs', { params: { projectId: id } });
    expect(log.data.items.map((e: { action: string }) => e.action)).toEqual(['settle', 'open', 'update', 'create']);
    expect(log.data.items[1]).toMatchObject({
      before: { isOpen: false },
      after: { isOpen: true },
      actor: { name: '系统管理员' },
    });
  });

  it('imports seven projects from the Excel template, and rejects a broken file with row numbers without writing anything', async () => {
    const admin = await loginAs(t, 'admin');
    const before = await t.deps.db.project.count();
    const broken = await upload(admin, await fixture('projects-import-broken.xlsx'));
    expect(broken.status).toBe(422);
    expect(broken.data.details.errors.map((e: { row: number; column: string }) => [e.row, e.column])).toEqual([
      [3, '城市公司'],
      [5, '拿地时间'],
      [8, '操盘方'],
    ]);
    expect(broken.data.message).toMatch(/^导入失败：第 3 行【城市公司】.*共 3 处错误.*未导入任何数据/);
    expect(await t.deps.db.project.count()).toBe(before);
    const ok = await upload(admin, await fixture('projects-import.xlsx'));
    expect(ok.status).toBe(200);
    expect(ok.data.imported).toBe(7);
    const p = (await admin.get('/api/projects', { params: { q: 'P0005' } })).data.items[0];
    expect(p).toMatchObject({
      name: '株洲-锦湘悦',
      operator: 'SELF',
      acquiredOn: '2019-05-05',
      batch: { name: '2018年11月' },
      isJointOperation: true,
    });
    const km = (await admin.get('/api/projects', { params: { q: 'P0001' } })).data.items[0];
    expect(km.acquiredOn).toBe('2019-02-21');
    const template = await admin.get('/api/projects/import-template', { responseType: 'arraybuffer' });
    expect(template.headers['content-type']).toContain('spreadsheetml');
    expect((await upload(admin, Buffer.from(template.data), 'template.xlsx')).status).toBe(200);
    expect((await upload(admin, Buffer.from('not an excel file'))).status).toBe(400);
  });

  it('moves org units but never under themselves, and will not deactivate a company with open projects', async () => {
    const admin = await loginAs(t, 'admin');
    const tree = (await admin.get('/api/org/tree')).data;
    const group = tree[0].children[0];
    const huanhu = group.children.find((n: { name: string }) => n.name === '环沪城市公司');
    const chengjing = huanhu.children.find((n: { name: string }) => n.name === '澄靖直属项目公司');
    const cycle = await admin.patch(`/api/org/units/${huanhu.id}`, { version: huanhu.version, parentId: chengjing.id });
    expect(cycle.status).toBe(400);
    const deact = await admin.patch(`/api/org/units/${chengjing.id}`, { version: chengjing.version, active: false });
    expect(deact.status).toBe(409);
    expect(deact.data.message).toContain('开放的项目');
    const unit = await admin.post('/api/org/units', { parentId: group.id, kind: 'CITY', name: '合肥城市公司' });
    expect(unit.status).toBe(201);
    const renamed = await admin.patch(`/api/org/units/${unit.data.id}`, { version: 0, name: '合肥城市公司（筹）' });
    expect(renamed.data.name).toBe('合肥城市公司（筹）');
    expect((await admin.patch(`/api/org/units/${unit.data.id}`, { version: 1, active: false })).data.active).toBe(
      false,
    );
  });
});

describe('grants (账号及角色)', () => {
  it('grants a project to the users ticked for a role, audits it, and the grant opens the project to them', async () => {
    const admin = await loginAs(t, 'admin');
    const jn = await loginAs(t, 'jnkj');
    const project = (await admin.get('/api/projects', { params: { q: '常州项目' } })).data.items[0];
    expect((await jn.get(`/api/projects/${project.id}`)).status).toBe(403);
    const grants = (await admin.get(`/api/projects/${project.id}/grants`)).data;
    const jnRole = grants.roles.find((r: { role: { name: string } }) => r.role.name === '济南城市公司经营会计');
    const jnUser = jnRole.users.find((u: { name: string }) => u.name.startsWith('济南会计'));
    expect(jnUser.granted).toBe(false);
    const wrongRole = grants.roles.find((r: { role: { name: string } }) => r.role.name === '昆明城市公司经营会计');
    expect(
      (await admin.put(`/api/projects/${project.id}/grants/${wrongRole.role.id}`, { userIds: [jnUser.id] })).status,
    ).toBe(400);
    const set = await admin.put(`/api/projects/${project.id}/grants/${jnRole.role.id}`, { userIds: [jnUser.id] });
    expect(set.status).toBe(200);
    // a grant gives money rights: it waits for a business admin (待批准授权) and opens nothing yet
    expect(
      set.data.roles
        .find((r: { role: { id: number } }) => r.role.id === jnRole.role.id)
        .users.find((u: { id: number }) => u.id === jnUser.id),
    ).toMatchObject({ granted: false, pending: true });
    expect((await jn.get(`/api/projects/${project.id}`)).status).toBe(403);
    await approvePendingGrants(t);
    expect((await jn.get(`/api/projects/${project.id}`)).status).toBe(200);
    const audit = (await admin.get('/api/audit-logs', { params: { projectId: project.id, entity: 'ProjectGrant' } }))
      .data.items[0];
    expect(audit.before.grantedUserIds).not.toContain(jnUser.id);
    expect(audit.after.grantedUserIds).toContain(jnUser.id);
    await admin.put(`/api/projects/${project.id}/grants/${jnRole.role.id}`, { userIds: [] });
    expect((await jn.get(`/api/projects/${project.id}`)).status).toBe(403);
  });
});
