/**
 * PENDING on the business endpoints (a later issue): 首页 with demo data and the approval queue, through the
 * mini-program pages against the running BFF. Until GET /api/me/overview and /api/reviews exist these tests
 * fail with a message naming the missing endpoint (the pages themselves show an empty state meanwhile,
 * covered in login.int.test.ts).
 */
import { seedDemo } from '../../server/seed/seed';
import { startTestApp, testDeps, type TestApp } from '../support/app';
import { withToken } from '../support/auth';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import { buildForTests, MiniappHarness } from '../support/miniapp-harness';

let emu: TestEmulator;
let t: TestApp;
let distDir: string;
const harnesses: MiniappHarness[] = [];

beforeAll(async () => {
  emu = await startTestEmulator();
  t = await startTestApp({ deps: testDeps(emu.env) });
  await seedDemo(t.deps.db);
  distDir = (await buildForTests('test')).outDir;
});
afterAll(async () => {
  harnesses.forEach((h) => h.dispose());
  await t.close();
  await emu.close();
});

function miniapp(userid: string): MiniappHarness {
  const h = new MiniappHarness({ distDir, apiBase: t.base, authCode: () => emu.authCode(userid) });
  harnesses.push(h);
  h.loadApp();
  return h;
}

/** Fails with a plain message when the BFF does not serve the endpoint yet. */
async function requireEndpoint(token: string, path: string): Promise<void> {
  const res = await withToken(t, token).get(path);
  if (res.status === 404 && res.data?.code === 'NOT_FOUND') {
    throw new Error(`PENDING: ${path} is not in the BFF yet (business endpoints issue); the mini-program page is wired to it and shows an empty state until it lands`);
  }
}

describe('首页 with demo data', () => {
  it('shows my projects and totals exactly as the BFF computes them', async () => {
    const h = miniapp('u1001');
    const page = await h.open('pages/home/index');
    const token = h.storedSession()!.token;
    await requireEndpoint(token, '/api/me/overview');
    const overview = (await withToken(t, token).get('/api/me/overview')).data;
    expect(page.data.status).toBe('ready');
    expect(page.data.totals).toEqual(overview.totals);
    expect((page.data.projects as unknown[]).length).toBe(overview.projects.length);
    expect((page.data.projects as unknown[]).length).toBeGreaterThan(0);
    // what the header shows
    const invested = h.mountComponent('components/amount/index', { value: overview.totals.invested });
    expect(invested.data.text).toMatch(/^¥\d{1,3}(,\d{3})*\.\d{2}$/);
    // a project row opens its detail page
    const first = (page.data.projects as Array<{ projectId: number }>)[0]!;
    await page.tap('openProject', { id: first.projectId });
    expect(h.navigations.at(-1)).toEqual({ api: 'navigateTo', url: `/pages/project/index?projectId=${first.projectId}` });
    const detail = await h.open('pages/project/index', { projectId: String(first.projectId) });
    expect(detail.data.status).toBe('ready');
  });
});

describe('审批 queue', () => {
  it('a business admin approves one item and it leaves the queue', async () => {
    const h = miniapp('hhadmin01');
    const queue = await h.open('pages/reviews/index');
    await requireEndpoint(h.storedSession()!.token, '/api/reviews?status=pending');
    const items = queue.data.items as Array<{ id: number; title: string }>;
    if (!items.length) throw new Error('PENDING: the demo data has no pending review for hhadmin01 to approve');
    const target = items[0]!;

    await queue.tap('openReview', { id: target.id });
    expect(h.navigations.at(-1)).toEqual({ api: 'navigateTo', url: `/pages/review/index?reviewId=${target.id}` });
    const detail = await h.open('pages/review/index', { reviewId: String(target.id) });
    expect(detail.data).toMatchObject({ status: 'ready', reviewStatus: 'PENDING', title: target.title });

    await detail.tap('approve');
    expect(h.http.filter((r) => r.method === 'POST' && r.path === `/api/reviews/${target.id}/approve`).map((r) => r.status)).toEqual([200]);
    expect(h.toasts.at(-1)).toEqual({ type: 'success', content: '已通过' });
    expect(h.navigations.at(-1)!.api).toBe('navigateBack');

    await queue.show();
    expect((queue.data.items as Array<{ id: number }>).map((i) => i.id)).not.toContain(target.id);
  });

  it('rejecting needs a reason, and sends it', async () => {
    const h = miniapp('hhadmin01');
    const queue = await h.open('pages/reviews/index');
    await requireEndpoint(h.storedSession()!.token, '/api/reviews?status=pending');
    const items = queue.data.items as Array<{ id: number }>;
    if (!items.length) throw new Error('PENDING: the demo data has no pending review for hhadmin01 to reject');
    const detail = await h.open('pages/review/index', { reviewId: String(items[0]!.id) });
    await detail.tap('startReject');
    await detail.tap('submitReject');
    expect(detail.data.reasonError).toBe('请填写驳回原因');
    await detail.input('onReasonInput', '资金峰值与股东会决议不一致，请核对后重新送审');
    await detail.tap('submitReject');
    expect(h.http.filter((r) => r.method === 'POST' && r.path.endsWith('/reject')).map((r) => r.status)).toEqual([200]);
    await queue.show();
    expect((queue.data.items as Array<{ id: number }>).map((i) => i.id)).not.toContain(items[0]!.id);
  });
});
