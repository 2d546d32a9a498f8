/**
 * The access matrix (access-matrix.int.test.ts) asks the policies with the path's project. This one runs the real
 * handlers and asks the next question: once a caller is let into a project, can an id of **another** project —
 * in the path below the project, in the query string or in the body — read or change that other project's records?
 *
 * The caller is 昆明会计 (granted 昆明-城市之光 only). Every route under `/api/projects/:id/…` is called with
 * `:id` = 昆明-城市之光 and every other id (round, due, line, batch, change, exit, disclosure, agreement, holder,
 * flow, partner) taken from records of 株洲-锦湘悦, the same ids also in the query and in a body that passes most
 * schemas. Each must answer 4xx (404 for a record that is not the project's), and nothing may be written.
 */
import { allRoutes } from '../../server/app';
import type { AnyRoute } from '../../server/http/route';
import { seedDemo } from '../../server/seed/seed';
import { shanghaiDay } from '../../shared/datetime';
import { startTestApp, type TestApp } from '../support/app';
import { loginAs } from '../support/auth';

let t: TestApp;
let home: number;
let other: number;
const ids: Record<string, number> = {};

beforeAll(async () => {
  t = await startTestApp();
  await seedDemo(t.deps.db);
  const db = t.deps.db;
  home = (await db.project.findUniqueOrThrow({ where: { name: '昆明-城市之光' } })).id;
  other = (await db.project.findUniqueOrThrow({ where: { name: '株洲-锦湘悦' } })).id;
  const partner = await db.user.findUniqueOrThrow({ where: { dingUserId: 'u1030' } });
  const staff = await db.user.findUniqueOrThrow({ where: { dingUserId: 'zzkj001' } });
  ids.userId = partner.id;
  ids.roleId = (await db.role.findUniqueOrThrow({ where: { code: 'CITY_ACCOUNTANT_ZHUZHOU' } })).id;
  const round = await db.subscriptionRound.create({
    data: { projectId: other, kind: 'INITIAL', seq: 1, title: '第1轮', deadline: new Date(), status: 'CONFIRMED' },
  });
  ids.roundId = round.id;
  const line = await db.roundPartner.create({
    data: {
      roundId: round.id,
      userId: partner.id,
      level: 'CITY',
      category: 'VOLUNTARY',
      minAmount: '0',
      maxAmount: '100000',
      investedAmount: '50000',
    },
  });
  ids.lineId = line.id;
  ids.dueId = (
    await db.paymentDue.create({
      data: {
        roundPartnerId: line.id,
        dueKey: `initial:${line.id}`,
        level: 'CITY',
        projectId: other,
        userId: partner.id,
        amountDue: '50000',
        paidAmount: '0',
        status: 'UNPAID',
        dueDate: new Date(`${shanghaiDay()}T00:00:00Z`),
        noticeSentAt: new Date(),
      },
    })
  ).id;
  ids.batchId = (
    await db.distributionBatch.create({
      data: { projectId: other, kind: 'PRINCIPAL', seq: 1, date: new Date(`${shanghaiDay()}T00:00:00Z`), settings: {} },
    })
  ).id;
  ids.minorityBatchId = (await db.minorityBatch.create({ data: { projectId: other, seq: 1, title: '第1批' } })).id;
  ids.holderId = (
    await db.minorityHolder.create({
      data: {
        projectId: other,
        name: '外部股东',
        type: 'COMPANY',
        certificateNoEnc: 'x',
        certificateHint: '9***1',
        certificateHash: 'h'.repeat(64),
        holdingRatio: '10',
      },
    })
  ).id;
  ids.changeId = (
    await db.schemeChange.create({
      data: {
        projectId: other,
        seq: 1,
        peakCapital: '1000',
        holdingRatio: '0.01',
        groupRatio: '0.01',
        cityRatio: '0.01',
        otherRatio: '0',
        oldPeakCapital: '1000',
        oldHoldingRatio: '0.01',
        oldGroupRatio: '0.01',
        oldCityRatio: '0.01',
        oldOtherRatio: '0',
        createdById: staff.id,
      },
    })
  ).id;
  ids.disclosureId = (
    await db.disclosure.create({
      data: { projectId: other, period: '2026Q4', narrative: '株洲', createdById: staff.id },
    })
  ).id;
  ids.attachmentId = (
    await db.attachment.create({
      data: {
        ownerType: 'DISCLOSURE',
        ownerId: ids.disclosureId,
        fileName: 'a.pdf',
        mime: 'application/pdf',
        size: 1,
        sha256: 'a'.repeat(64),
        data: Buffer.from('x'),
        uploadedById: staff.id,
      },
    })
  ).id;
  ids.exitId = (
    await db.partnerExit.create({
      data: {
        projectId: other,
        userId: partner.id,
        exitType: 'RESIGNATION',
        exitTypeLabel: '离职',
        exitDate: new Date(`${shanghaiDay()}T00:00:00Z`),
        manualInputs: {},
        pricing: {},
        fingerprint: 'f',
        total: '1',
        calculatedById: staff.id,
      },
    })
  ).id;
  ids.agreementId = (
    await db.agreement.create({
      data: {
        projectId: other,
        userId: partner.id,
        kind: 'PARTNERSHIP',
        subjectKey: 'round:1',
        seq: 1,
        number: 'XY-ZZ-1',
        version: 1,
        amount: '50000',
        templateKind: 'PARTNERSHIP_AGREEMENT',
        title: '合伙协议',
        text: '株洲',
        fileName: 'a.pdf',
        pdf: Buffer.from('%PDF'),
        size: 4,
        sha256: 'b'.repeat(64),
      },
    })
  ).id;
  ids.flowId = (
    await db.projectFlow.create({ data: { projectId: other, type: 'PEAK_CAPITAL', startedById: staff.id } })
  ).id;
});
afterAll(() => t.close());

/** What a request may have written: every table a handler writes through, by row count and last update. */
async function writes() {
  const db = t.deps.db;
  const [audit, notices, ledger, dues, grants, accounts, lines] = await Promise.all([
    db.auditLog.count(),
    db.notification.count(),
    db.capitalEntry.count(),
    db.paymentDue.aggregate({ _sum: { version: true } }),
    db.projectGrant.count(),
    db.distributionAccount.count(),
    db.roundPartner.aggregate({ _sum: { version: true }, _count: true }),
  ]);
  return JSON.stringify({ audit, notices, ledger, dues, grants, accounts, lines });
}

const PARAM_OF: Record<string, string> = {
  roundId: 'roundId',
  lineId: 'lineId',
  dueId: 'dueId',
  batchId: 'batchId',
  changeId: 'changeId',
  exitId: 'exitId',
  disclosureId: 'disclosureId',
  attachmentId: 'attachmentId',
  agreementId: 'agreementId',
  holderId: 'holderId',
  flowId: 'flowId',
  userId: 'userId',
  roleId: 'roleId',
};

/** The other project's record for a path parameter (a minority route's :batchId is a minority batch). */
function idFor(route: AnyRoute, param: string): string {
  if (param === 'batchId' && route.path.includes('/minority-batches/')) return String(ids.minorityBatchId);
  if (param === 'period') return '2026Q4';
  if (param === 'type') return 'PEAK_CAPITAL';
  const key = PARAM_OF[param];
  if (!key) throw new Error(`no record of the other project for :${param} (${route.method} ${route.path})`);
  return String(ids[key]);
}

/** A body most schemas accept, every id in it from the other project. */
const body = () => ({
  version: 0,
  roundId: ids.roundId,
  userIds: [ids.userId],
  userId: ids.userId,
  lineIds: [ids.lineId],
  agreementIds: [ids.agreementId],
  holderId: ids.holderId,
  test: false,
  amount: '1.00',
  paidOn: shanghaiDay(),
  idempotencyKey: `ids-${Date.now()}-${Math.random()}`,
  reason: '跨项目测试',
  note: '跨项目测试',
  // enough for the edits' schemas, so the handler (not the validation) answers
  accountName: '跨项目',
  bankName: '测试银行',
  accountNo: '6222020200112233445',
  account: '6222020200112233445',
  exitType: 'RESIGNATION',
  exitDate: shanghaiDay(),
  newCommitted: '1.00',
  investedAmount: '1.00',
  narrative: '跨项目测试',
  name: '跨项目',
  type: 'COMPANY',
  holdingRatio: '1',
  dueDate: shanghaiDay(),
  date: shanghaiDay(),
  lines: [],
  milestones: [],
  partners: [{ userId: ids.userId, level: 'CITY', category: 'VOLUNTARY', minAmount: '0', maxAmount: '1' }],
});
const query = () => ({ roundId: ids.roundId, batchId: ids.batchId, dueId: ids.dueId });

/** Ids a request names besides the path: records of a project (a partner's id counts in a body, which acts on them). */
const QUERY_IDS = ['roundId', 'batchId', 'dueId'];
const BODY_IDS = ['roundId', 'userId', 'userIds', 'lineIds', 'agreementIds', 'holderId', 'batchId', 'dueId'];
const keysOf = (schema: unknown): string[] => Object.keys((schema as { shape?: object } | undefined)?.shape ?? {});

describe('ids of another project, in the path below the project, the query and the body', () => {
  it('are refused by every route under /api/projects/:id and write nothing', async () => {
    const acct = await loginAs(t, 'kmkj');
    const leaks: string[] = [];
    let probed = 0;
    for (const r of allRoutes()) {
      if (!r.path.startsWith('/api/projects/:id/')) continue;
      const params = [...r.path.matchAll(/:([a-zA-Z]+)/g)].map((m) => m[1]!).filter((p) => p !== 'id');
      // :period and :type name no record (a quarter, a flow type): a route with only those names the project's own
      const takesIds =
        params.some((p) => p !== 'period' && p !== 'type') ||
        keysOf(r.query).some((k) => QUERY_IDS.includes(k)) ||
        keysOf(r.body).some((k) => BODY_IDS.includes(k));
      if (!takesIds) continue;
      let url = r.path.replace(':id', String(home));
      for (const p of params) url = url.replace(`:${p}`, idFor(r, p));
      const before = await writes();
      const res = await acct.request({
        method: r.method,
        url,
        params: query(),
        data: r.method === 'GET' || r.method === 'DELETE' ? undefined : body(),
      });
      probed++;
      if (process.env.IDS_DEBUG)
        process.stdout.write(
          `${res.status} ${r.method} ${url} ${res.status === 400 ? JSON.stringify(res.data).slice(0, 150) : ''}\n`,
        );
      const after = await writes();
      if (res.status < 400)
        leaks.push(`${r.method} ${r.path}: ${res.status} ${JSON.stringify(res.data).slice(0, 160)}`);
      if (before !== after) leaks.push(`${r.method} ${r.path}: wrote ${before} → ${after}`);
      if (res.status >= 500) leaks.push(`${r.method} ${r.path}: ${res.status}`);
    }
    expect(leaks).toEqual([]);
    expect(probed).toBeGreaterThan(60);
    process.stdout.write(`access matrix (ids of another project): ${probed} routes probed\n`);
  }, 180_000);

  it('催缴 with another project\'s round is 404, not "nobody to remind"', async () => {
    const acct = await loginAs(t, 'kmkj');
    const res = await acct.post(`/api/projects/${home}/rounds/${ids.roundId}/reminders`);
    expect(res.status).toBe(404);
    expect(res.data.message).toContain('认购轮次');
  });
});

describe('合伙人候选: looking people up', () => {
  it("finds by name only within the project's companies, by the full mobile anywhere, never by a fragment; mobiles masked", async () => {
    const acct = await loginAs(t, 'kmkj');
    const db = t.deps.db;
    const inKunming = await db.user.findFirstOrThrow({
      where: { orgUnit: { name: '昆明城市公司' }, roles: { every: { role: { kind: 'PARTNER' } } } },
    });
    const inHuanhu = await db.user.findFirstOrThrow({
      where: { orgUnit: { name: '环沪城市公司' }, roles: { every: { role: { kind: 'PARTNER' } } } },
    });
    const find = async (q: string) => {
      const res = await acct.get(`/api/projects/${home}/partner-candidates`, { params: { q } });
      expect(res.status).toBe(200);
      return res.data as Array<{ id: number; mobile: string | null }>;
    };
    // a fragment of a mobile number finds nobody (it used to list every employee whose number contains it)
    expect(await find('1391000')).toEqual([]);
    expect(await find(inHuanhu.mobile!.slice(3, 9))).toEqual([]);
    // the name of someone in the project's company: found, the mobile masked
    const own = await find(inKunming.name);
    expect(own.map((c) => c.id)).toContain(inKunming.id);
    const shown = own.find((c) => c.id === inKunming.id)!;
    expect(shown.mobile).toBe(`${inKunming.mobile!.slice(0, 3)}****${inKunming.mobile!.slice(-4)}`);
    expect(JSON.stringify(own)).not.toContain(inKunming.mobile!);
    // someone of another city company: not by name, only by their full mobile number (or 工号 / DingTalk id)
    expect((await find(inHuanhu.name)).map((c) => c.id)).not.toContain(inHuanhu.id);
    expect((await find(inHuanhu.mobile!)).map((c) => c.id)).toEqual([inHuanhu.id]);
    expect((await find(inHuanhu.dingUserId!)).map((c) => c.id)).toEqual([inHuanhu.id]);
    // the 环沪 accountant on 靖江项目 finds namesakes all over 环沪城市公司's project companies
    const hh = await loginAs(t, 'hhkj');
    const jingjiang = (await db.project.findUniqueOrThrow({ where: { name: '靖江项目' } })).id;
    const liu = await hh.get(`/api/projects/${jingjiang}/partner-candidates`, { params: { q: '刘' } });
    expect(liu.status).toBe(200);
    expect(liu.data.map((c: { name: string }) => c.name)).toEqual(expect.arrayContaining(['刘乔', '刘伟', '刘文峰']));
  });
});
