/**
 * 盈亏动态 and 披露 over HTTP with real PostgreSQL, Redis, the notification workers and the DingTalk emulator:
 * quarters saved, compared with 立项 and edited (version check, 修改记录); disclosures of two projects with an
 * overlapping holder taken through the 披露(循环) flow and 披露审核 — exactly one 披露通知 per partner listing both
 * projects, however many job runners; a returned disclosure tells nobody; the partner's page.
 */
import { startWorkers, type RunningWorkers } from '../../server/jobs/worker';
import { bullConnection } from '../../server/jobs/queues';
import { DISCLOSURE_QUEUE, startDisclosureWorker } from '../../server/modules/disclosure/job';
import { runDisclosureDigests } from '../../server/modules/disclosure/send-disclosure-digests';
import { seedDemo } from '../../server/seed/seed';
import { startTestApp, testDeps, type TestApp } from '../support/app';
import { loginAs, withToken } from '../support/auth';
import { writeLedger } from '../support/distribution-fixtures';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import { eventually } from '../support/eventually';

jest.setTimeout(120_000);

let emu: TestEmulator;
let t: TestApp;
let workers: RunningWorkers;
const project: Record<string, number> = {};
const ids: Record<string, number> = {};
type Http = Awaited<ReturnType<typeof loginAs>>;
let acct: Http;
let reviewer: Http;

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

beforeAll(async () => {
  emu = await startTestEmulator();
  t = await startTestApp({ deps: testDeps({ ...emu.env, NOTIFY_RELAY_INTERVAL_MS: '100' }) });
  await emu.configure({ callbackUrl: `${t.base}/api/dingtalk/callback` });
  await seedDemo(t.deps.db);
  workers = await startWorkers(t.deps, t.deps.redisUrl);
  const db = t.deps.db;
  for (const u of ['u1001', 'u1002', 'u1003', 'u1004'])
    ids[u] = (await db.user.findUniqueOrThrow({ where: { dingUserId: u } })).id;
  // 资金峰值 5,000万 × 城市公司 1% = 50万 in each project; 史伟 (u1001) holds in both 江阴 and 常州
  const holdings: Record<string, [string | null, string][]> = {
    江阴项目: [
      ['u1001', '300000'],
      ['u1002', '100000'],
      [null, '100000'],
    ],
    常州项目: [
      ['u1001', '200000'],
      ['u1003', '100000'],
      [null, '200000'],
    ],
    靖江项目: [
      ['u1004', '400000'],
      [null, '100000'],
    ],
  };
  for (const [name, hs] of Object.entries(holdings)) {
    const id = (await db.project.findUniqueOrThrow({ where: { name } })).id;
    project[name] = id;
    await db.projectScheme.create({
      data: { projectId: id, peakCapital: '50000000', cityRatio: '0.01', totalRatio: '0.01' },
    });
    await writeLedger(
      t,
      id,
      hs.map(([u, amount]) => ({ userId: u ? ids[u]! : null, tranches: [[amount, '2026-01-10']] })),
      `disc${id}`,
    );
  }
  acct = await loginAs(t, 'hhkj');
  reviewer = await loginAs(t, 'hhadmin');
  for (const id of Object.values(project)) {
    expect(
      (
        await acct.put(`/api/projects/${id}/indicators`, {
          salesRevenue: '1000000000.00',
          totalCost: '850000000.00',
          netProfit: '100000000.00',
          netMargin: '10',
          irr: '15.5',
          paybackMonths: 24,
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await acct.put(`/api/projects/${id}/milestones`, {
          milestones: [
            { kind: 'LAND', plannedOn: '2025-06-01' },
            { kind: 'CONSTRUCTION_START', plannedOn: '2025-09-01' },
            { kind: 'SALES_START', plannedOn: '2026-03-01' },
          ],
        })
      ).status,
    ).toBe(200);
  }
});
afterAll(async () => {
  await workers.close();
  await t.close();
  await emu.close();
});

const partnerLogin = async (userid: string) => {
  const res = await t.http.post('/api/auth/dingtalk', { authCode: await emu.authCode(userid) });
  expect(res.status).toBe(200);
  return withToken(t, res.data.token);
};

const Q4 = {
  salesRevenue: '1100000000.00',
  totalCost: '900000000.00',
  netProfit: '120000000.00',
  netMargin: '10.9',
  irr: '14',
  paybackMonths: 27,
  milestones: [
    { kind: 'LAND', actualOn: '2025-06-01' },
    { kind: 'CONSTRUCTION_START', actualOn: '2025-09-15' },
    { kind: 'SALES_START', actualOn: null },
  ],
  note: '四季度去化加快',
};

async function saveQuarter(projectId: number, period: string, body: Record<string, unknown>, version = 0) {
  return acct.put(`/api/projects/${projectId}/dynamic-indicators/${period}`, { ...body, version });
}

describe('盈亏动态', () => {
  it('saves quarters, compares each with 立项 (difference and %), keeps every quarter and audits each edit', async () => {
    const id = project['江阴项目']!;
    const q3 = await saveQuarter(id, '2026q3', { ...Q4, netProfit: '90000000.00', milestones: [], note: null });
    expect(q3.status).toBe(200);
    const q4 = await saveQuarter(id, '2026Q4', Q4);
    expect(q4.status).toBe(200);
    expect(q4.data.periods.map((p: { period: string }) => p.period)).toEqual(['2026Q3', '2026Q4']);
    const row = (field: string) =>
      q4.data.periods[1].comparison.find((r: { field: string }) => r.field === field) as Record<string, unknown>;
    expect(row('netProfit')).toMatchObject({
      approval: '100000000.00',
      dynamic: '120000000.00',
      diff: '20000000.00',
      diffPct: '20.00',
    });
    expect(row('totalCost')).toMatchObject({ diff: '50000000.00', diffPct: '5.88' });
    expect(row('irr')).toMatchObject({ approval: '15.5', dynamic: '14', diff: '-1.5', diffPct: '-9.68' });
    expect(row('paybackMonths')).toMatchObject({ approval: '24', dynamic: '27', diff: '3', diffPct: '12.50' });
    expect(q4.data.periods[1].milestones).toEqual([
      { kind: 'LAND', label: '拿地', plannedOn: '2025-06-01', actualOn: '2025-06-01', delayDays: 0 },
      { kind: 'CONSTRUCTION_START', label: '开工', plannedOn: '2025-09-01', actualOn: '2025-09-15', delayDays: 14 },
      { kind: 'SALES_START', label: '开盘', plannedOn: '2026-03-01', actualOn: null, delayDays: null },
    ]);
    expect(q4.data.periods[0].comparison.find((r: { field: string }) => r.field === 'netProfit')).toMatchObject({
      diff: '-10000000.00',
      diffPct: '-10.00',
    });

    // the newest quarter is the project's current 动态 and sets the milestones' actual dates (立项 shows them)
    const setup = await acct.get(`/api/projects/${id}/setup`);
    expect(setup.data.milestones.find((m: { kind: string }) => m.kind === 'CONSTRUCTION_START').actualOn).toBe(
      '2025-09-15',
    );
    const dynamic = await t.deps.db.profitIndicator.findUniqueOrThrow({
      where: { projectId_phase: { projectId: id, phase: 'DYNAMIC' } },
    });
    expect(String(dynamic.netProfit)).toBe('120000000');

    // an edit of a stale version is refused; the right one is kept with the changed fields in 修改记录
    const version = q4.data.periods[1].version;
    expect((await saveQuarter(id, '2026Q4', { ...Q4, netProfit: '1.00' }, version + 1)).status).toBe(409);
    const edited = await saveQuarter(id, '2026Q4', { ...Q4, netProfit: '125000000.00' }, version);
    expect(edited.status).toBe(200);
    expect(edited.data.periods[1].version).toBe(version + 1);
    const history = await acct.get(`/api/projects/${id}/dynamic-indicators/2026Q4/history`);
    expect(history.status).toBe(200);
    expect(history.data).toHaveLength(2);
    expect(history.data[0]).toMatchObject({
      action: 'update',
      changes: [{ field: 'netProfit', label: '净利润', before: '¥120,000,000.00', after: '¥125,000,000.00' }],
    });
    expect(history.data[1].action).toBe('create');
    const audits = await t.deps.db.auditLog.count({ where: { entity: 'DynamicIndicator', projectId: id } });
    expect(audits).toBe(3);

    // bad input: a month is not a period, an actual date for a milestone without a plan
    const bad = await saveQuarter(id, '2026-12', Q4);
    expect(bad.status).toBe(404); // a path that names no quarter names nothing (malformed path parameters are 404)
    const unplanned = await saveQuarter(id, '2027Q1', {
      ...Q4,
      milestones: [{ kind: 'DELIVERY', actualOn: '2027-01-01' }],
    });
    expect(unplanned.status).toBe(400);
    expect(unplanned.data.message).toContain('交付');
    // a partner cannot read it; the business admin reads it
    expect((await (await partnerLogin('u1001')).get(`/api/projects/${id}/dynamic-indicators`)).status).toBe(403);
    expect((await reviewer.get(`/api/projects/${id}/dynamic-indicators`)).data.periods).toHaveLength(2);
  });
});

/** 新建 → 附件 → 发起 披露(循环) → agreed in the emulator → 待审核; the review's id. */
async function prepareAndRunFlow(projectId: number, narrative: string): Promise<{ id: number; reviewId: number }> {
  if ((await acct.get(`/api/projects/${projectId}/dynamic-indicators`)).data.periods.length === 0)
    expect((await saveQuarter(projectId, '2026Q4', Q4)).status).toBe(200);
  const created = await acct.post(`/api/projects/${projectId}/disclosures`, { period: '2026Q4', narrative });
  expect(created.status).toBe(201);
  expect(created.data).toMatchObject({ status: 'DRAFT', periodLabel: '2026年第四季度' });
  const id = created.data.id as number;
  const flow = await acct.post(`/api/projects/${projectId}/flows/DISCLOSURE/start`, {});
  expect(flow.status).toBe(201);
  expect(flow.data.subjectId).toBe(id);
  expect((await acct.get(`/api/projects/${projectId}/disclosures/${id}`)).data.status).toBe('FLOW');
  await emu.completeApproval(flow.data.instanceId, 'agree');
  const detail = await eventually(async () => {
    const d = await acct.get(`/api/projects/${projectId}/disclosures/${id}`);
    if (d.data.status !== 'IN_REVIEW') throw new Error(`disclosure ${d.data.status}`);
    return d.data;
  }, 20_000);
  return { id, reviewId: detail.reviewId };
}

async function approve(reviewId: number) {
  const r = (await reviewer.get(`/api/reviews/${reviewId}`)).data;
  expect(r.kind).toBe('披露审核');
  const res = await reviewer.post(`/api/reviews/${reviewId}/approve`, { version: r.version });
  expect(res.status).toBe(200);
}

const disclosureCards = async (userid: string) =>
  (await emu.workNotifications(userid))
    .map((n) => (n.msg as { action_card?: Record<string, string> }).action_card)
    .filter((a) => a?.title?.startsWith('项目信息披露'));

describe('披露', () => {
  it('attachments: bounded, typed by content; the disclosure is one per project until decided', async () => {
    const id = project['常州项目']!;
    expect((await saveQuarter(id, '2026Q4', Q4)).status).toBe(200);
    const noPeriod = await acct.post(`/api/projects/${id}/disclosures`, { period: '2026Q2', narrative: '二季度' });
    expect(noPeriod.status).toBe(409);
    expect(noPeriod.data.message).toContain('盈亏动态');
    const created = await acct.post(`/api/projects/${id}/disclosures`, { period: '2026Q4', narrative: '常州四季度' });
    expect(created.status).toBe(201);
    const url = `/api/projects/${id}/disclosures/${created.data.id}`;
    const form = (name: string, data: Buffer, type = 'application/pdf') => {
      const f = new FormData();
      f.append('file', new Blob([new Uint8Array(data)], { type }), name);
      return f;
    };
    const ok = await acct.post(`${url}/attachments`, form('经营分析<四季度>.pdf', PDF));
    expect(ok.status).toBe(201);
    expect(ok.data.attachments).toEqual([
      expect.objectContaining({ fileName: '经营分析四季度.pdf', mime: 'application/pdf' }),
    ]);
    const fake = await acct.post(`${url}/attachments`, form('假的.pdf', Buffer.from('<script>alert(1)</script>')));
    expect(fake.status).toBe(415);
    const download = await acct.get(`${url}/attachments/${ok.data.attachments[0].id}`, { responseType: 'arraybuffer' });
    expect(download.status).toBe(200);
    expect(Buffer.from(download.data).equals(PDF)).toBe(true);
    // a second disclosure waits for the first
    const second = await acct.post(`/api/projects/${id}/disclosures`, { period: '2026Q4', narrative: '再来一份' });
    expect(second.status).toBe(409);
    // edits: narrative kept with the version check
    const edited = await acct.patch(url, { narrative: '常州项目四季度经营情况', version: created.data.version });
    expect(edited.status).toBe(200);
    expect((await acct.patch(url, { narrative: 'x', version: created.data.version })).status).toBe(409);
  });

  it('two projects with an overlapping holder: one notice per partner listing both, however many job runners', async () => {
    const jy = await prepareAndRunFlow(project['江阴项目']!, '江阴项目四季度去化加快，利润高于立项');
    const cz = await eventually(async () => {
      const list = (await acct.get(`/api/projects/${project['常州项目']!}/disclosures`)).data;
      return list[0] as { id: number };
    });
    // 常州's disclosure prepared above: through the flow too
    const flow = await acct.post(`/api/projects/${project['常州项目']!}/flows/DISCLOSURE/start`, {});
    expect(flow.status).toBe(201);
    expect(flow.data.subjectId).toBe(cz.id);
    // the OA form carries the comparison
    const form = flow.data.form as { fields: { name: string; value?: string; table?: unknown }[] };
    expect(form.fields.find((f) => f.name === '披露期间')?.value).toBe('2026年第四季度');
    expect(form.fields.find((f) => f.name === '附件')?.value).toBe('经营分析四季度.pdf');
    await emu.completeApproval(flow.data.instanceId, 'agree');
    const czReview = await eventually(async () => {
      const d = (await acct.get(`/api/projects/${project['常州项目']!}/disclosures/${cz.id}`)).data;
      if (d.status !== 'IN_REVIEW') throw new Error(d.status);
      return d.reviewId as number;
    }, 20_000);

    // the accountant cannot decide it; the business admin approves both
    expect((await acct.post(`/api/reviews/${jy.reviewId}/approve`, { version: 0 })).status).toBe(403);
    await approve(jy.reviewId);
    await approve(czReview);
    const detail = (await acct.get(`/api/projects/${project['江阴项目']!}/disclosures/${jy.id}`)).data;
    expect(detail).toMatchObject({ status: 'APPROVED', recipients: 2, notified: 0 });
    // nothing is sent at approval: the merged notice waits for the day's run
    expect(await disclosureCards('u1001')).toEqual([]);

    // two job runners (the scheduler ticking every second on two workers) and two direct runs at once
    const extra = await Promise.all([
      startDisclosureWorker(t.deps, bullConnection(t.deps.redisUrl), '* * * * * *'),
      startDisclosureWorker(t.deps, bullConnection(t.deps.redisUrl), '* * * * * *'),
    ]);
    try {
      await Promise.all([runDisclosureDigests(t.deps), runDisclosureDigests(t.deps)]);
      await new Promise((r) => setTimeout(r, 2500));
    } finally {
      await Promise.all(extra.map((w) => w.close()));
      await t.deps.queue(DISCLOSURE_QUEUE).removeJobScheduler('daily-disclosure-notices');
    }
    const digests = await t.deps.db.disclosureDigest.findMany({ orderBy: { userId: 'asc' } });
    expect(digests.map((d) => d.userId).sort()).toEqual([ids.u1001, ids.u1002, ids.u1003].sort());
    expect(await t.deps.db.notification.count({ where: { kind: 'disclosure_notice' } })).toBe(3);

    const shiwei = await eventually(async () => {
      const cards = await disclosureCards('u1001');
      if (!cards.length) throw new Error('no 披露通知 yet');
      return cards;
    }, 20_000);
    expect(shiwei).toHaveLength(1);
    expect(shiwei[0]!.markdown).toContain(
      '**江阴项目**（2026年第四季度）：预计净利润为 ¥125,000,000.00，比立项时多 ¥25,000,000.00（+25.00%）',
    );
    expect(shiwei[0]!.markdown).toContain('史伟，您跟投的 2 个项目今日有新的披露');
    expect(shiwei[0]!.markdown).toContain('**常州项目**（2026年第四季度）');
    // the notice records the template version it used
    expect(
      (await t.deps.db.notification.findFirstOrThrow({ where: { kind: 'disclosure_notice' } })).templateVersionId,
    ).not.toBeNull();
    const digestId = digests.find((d) => d.userId === ids.u1001)!.id;
    expect(shiwei[0]!.single_url).toBe(`eapp://pages/disclosure/index?digestId=${digestId}`);
    for (const [u, name, other] of [
      ['u1002', '江阴项目', '常州项目'],
      ['u1003', '常州项目', '江阴项目'],
    ] as const) {
      const cards = await eventually(async () => {
        const c = await disclosureCards(u);
        if (!c.length) throw new Error(`no 披露通知 for ${u}`);
        return c;
      }, 20_000);
      expect(cards).toHaveLength(1);
      expect(cards[0]!.markdown).toContain(name);
      expect(cards[0]!.markdown).not.toContain(other);
    }
    expect(await disclosureCards('u1004')).toEqual([]);
    expect((await acct.get(`/api/projects/${project['江阴项目']!}/disclosures/${jy.id}`)).data.notified).toBe(2);

    // the partner's page: both projects in plain words; another partner's notice is not theirs
    const page = await (await partnerLogin('u1001')).get(`/api/me/disclosure-digests/${digestId}`);
    expect(page.status).toBe(200);
    expect(page.data.items.map((i: { projectName: string }) => i.projectName)).toEqual(
      ['常州项目', '江阴项目'].sort((a, b) => project[a]! - project[b]!),
    );
    const jyItem = page.data.items.find((i: { projectName: string }) => i.projectName === '江阴项目');
    expect(jyItem.highlights[0]).toBe('预计净利润为 ¥125,000,000.00，比立项时多 ¥25,000,000.00（+25.00%）。');
    expect(jyItem.highlights).toContain('预计全投资IRR为 14%，比立项时低 1.5 个百分点。');
    expect(jyItem.highlights).toContain('开工已于 2025-09-15 完成，比计划晚 14 天。');
    expect(jyItem.narrative).toBe('江阴项目四季度去化加快，利润高于立项');
    expect((await (await partnerLogin('u1002')).get(`/api/me/disclosure-digests/${digestId}`)).status).toBe(404);
  });

  it('one notice a day: a disclosure approved after a partner was told waits for the next day', async () => {
    // 江阴 again (its first disclosure is decided): 史伟 was told today already
    const again = await prepareAndRunFlow(project['江阴项目']!, '江阴项目补充披露');
    await approve(again.reviewId);
    const [a, b] = await Promise.all([runDisclosureDigests(t.deps), runDisclosureDigests(t.deps)]);
    expect(a.digests + b.digests).toBe(0);
    expect((await disclosureCards('u1001')).length).toBe(1);
    const tomorrow = new Date(Date.now() + 24 * 3600_000);
    const next = await runDisclosureDigests(t.deps, tomorrow);
    expect(next.digests).toBe(2); // 史伟 and u1002, once each
    expect(await t.deps.db.notification.count({ where: { kind: 'disclosure_notice' } })).toBe(5);
  });

  it('a returned disclosure notifies nobody; it is edited and goes through the flow again', async () => {
    const id = project['靖江项目']!;
    const d = await prepareAndRunFlow(id, '靖江四季度');
    const r = (await reviewer.get(`/api/reviews/${d.reviewId}`)).data;
    expect((await reviewer.post(`/api/reviews/${d.reviewId}/reject`, { version: r.version })).status).toBe(400);
    const rejected = await reviewer.post(`/api/reviews/${d.reviewId}/reject`, {
      version: r.version,
      reason: '请补充开盘延期的原因',
    });
    expect(rejected.status).toBe(200);
    const detail = (await acct.get(`/api/projects/${id}/disclosures/${d.id}`)).data;
    expect(detail).toMatchObject({ status: 'RETURNED', returnReason: '请补充开盘延期的原因', recipients: 0 });
    await runDisclosureDigests(t.deps, new Date(Date.now() + 2 * 24 * 3600_000));
    expect(await t.deps.db.disclosureRecipient.count({ where: { disclosureId: d.id } })).toBe(0);
    await new Promise((r2) => setTimeout(r2, 500));
    expect(await disclosureCards('u1004')).toEqual([]);

    // edited and sent again; a refused flow sends it back to 草稿
    expect(
      (
        await acct.patch(`/api/projects/${id}/disclosures/${d.id}`, {
          narrative: '靖江四季度：开盘因预售证延期',
          version: detail.version,
        })
      ).status,
    ).toBe(200);
    const flow = await acct.post(`/api/projects/${id}/flows/DISCLOSURE/start`, {});
    expect(flow.status).toBe(201);
    await emu.completeApproval(flow.data.instanceId, 'refuse');
    await eventually(async () => {
      const s = (await acct.get(`/api/projects/${id}/disclosures/${d.id}`)).data.status;
      if (s !== 'DRAFT') throw new Error(s);
    }, 20_000);
    expect(await t.deps.db.disclosureRecipient.count({ where: { disclosureId: d.id } })).toBe(0);
  });
});
