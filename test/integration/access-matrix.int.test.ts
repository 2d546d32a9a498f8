/**
 * Every route × every role. The table below is the written access rule of the product; the test asks the real
 * policies (handlers stubbed, so nothing changes) and fails when a route has no row here — a new route must
 * state who may call it — or when a row names a route that no longer exists.
 *
 * Denied means 401 or 403, or 404 from a policy that hides records of projects the caller is not granted (a review,
 * a notification batch): with the handlers stubbed, nothing else can answer 404. Those routes are called with a
 * real record of 靖江项目, the project the `cityGranted` accountant is granted.
 */
import { allRoutes, buildApp } from '../../server/app';
import { SessionStore } from '../../server/auth/session-store';
import type { AnyRoute } from '../../server/http/route';
import { seedDemo } from '../../server/seed/seed';
import { signLink } from '../../server/lib/signed-link';
import { SHEET_LINK } from '../../server/modules/distributions/sheet-link';
import { AGREEMENT_LINK } from '../../server/modules/agreements/agreement-file';
import { STATEMENT_LINK } from '../../server/modules/me/my-statement';
import { startTestApp, type TestApp } from '../support/app';

type Persona =
  'anonymous' | 'partner' | 'cityGranted' | 'cityOther' | 'group' | 'holding' | 'businessAdmin' | 'systemAdmin';
const PERSONA_USER: Record<Exclude<Persona, 'anonymous'>, string> = {
  partner: 'u1001',
  cityGranted: 'hhkj001',
  cityOther: 'jnkj001',
  group: 'zykj001',
  holding: 'kgkj001',
  businessAdmin: 'hhadmin01',
  systemAdmin: 'admin001',
};
const ALL: Persona[] = [
  'anonymous',
  'partner',
  'cityGranted',
  'cityOther',
  'group',
  'holding',
  'businessAdmin',
  'systemAdmin',
];
const LOGGED_IN = ALL.filter((p) => p !== 'anonymous');
const STAFF: Persona[] = ['cityGranted', 'cityOther', 'group', 'holding', 'businessAdmin', 'systemAdmin'];
const ADMINS: Persona[] = ['businessAdmin', 'systemAdmin'];
const SYS: Persona[] = ['systemAdmin'];
/** project-scoped read where setup is allowed: the admins and the accountants granted the project (靖江项目) */
const PROJECT_READ_SETUP: Persona[] = ['cityGranted', 'group', 'holding', 'businessAdmin', 'systemAdmin'];
/** project business data: the reviewers and the granted accountants — not the system admin (no partner money) */
const PROJECT_READ: Persona[] = ['cityGranted', 'group', 'holding', 'businessAdmin'];
/** project business changes: only the accountants granted the project */
const PROJECT_WRITE: Persona[] = ['cityGranted', 'group', 'holding'];
/** payment notices and confirmation: the granted accountants and the business admin (manual: 缴款 by 业务管理员) */
const PROJECT_PAYMENTS: Persona[] = ['cityGranted', 'group', 'holding', 'businessAdmin'];
const REVIEWERS: Persona[] = ['businessAdmin'];
/** 辅助工具 exports: the business admin and every accountant (rows scoped to their grants) — not the system admin */
const EXPORTERS: Persona[] = ['cityGranted', 'cityOther', 'group', 'holding', 'businessAdmin'];

export const ACCESS: Record<string, Persona[]> = {
  'GET /healthz': ALL,
  'POST /api/auth/password': ALL,
  'POST /api/auth/dingtalk': ALL,
  'POST /api/auth/logout': LOGGED_IN,
  'POST /api/auth/change-password': LOGGED_IN,
  'GET /api/me': LOGGED_IN,
  'GET /api/org/tree': STAFF,
  'POST /api/org/units': SYS,
  'PATCH /api/org/units/:id': SYS,
  'GET /api/projects': STAFF,
  'GET /api/projects/import-template': SYS,
  'POST /api/projects/import': SYS,
  'GET /api/projects/:id': PROJECT_READ_SETUP,
  'GET /api/projects/:id/business-state': SYS,
  'POST /api/projects': SYS,
  'PATCH /api/projects/:id': SYS,
  'PUT /api/projects/:id/flags': SYS,
  'GET /api/batches': STAFF,
  'POST /api/batches': SYS,
  'PATCH /api/batches/:id': SYS,
  'DELETE /api/batches/:id': SYS,
  'GET /api/users': ADMINS,
  'GET /api/users/:id': ADMINS,
  'POST /api/users': SYS,
  'PATCH /api/users/:id': SYS,
  // a money-role holder's password by the business admin, anyone else's by the system admin (decided per account)
  'POST /api/users/:id/reset-password': ADMINS,
  'POST /api/users/:id/unlock': SYS,
  'GET /api/roles': STAFF,
  'POST /api/roles': SYS,
  'GET /api/projects/:id/grants': ADMINS,
  'PUT /api/projects/:id/grants/:roleId': SYS,
  'GET /api/audit-logs': ADMINS,
  'POST /api/contacts/sync': SYS,
  'GET /api/contacts/sync-logs': ADMINS,
  'POST /api/dingtalk/callback': ALL, // verifies DingTalk's signature itself
  'GET /api/admin/dingtalk/settings': SYS,
  'PUT /api/admin/dingtalk/settings': SYS,
  'POST /api/admin/dingtalk/settings/test-token': SYS,
  'GET /api/admin/dingtalk/robots': SYS,
  'POST /api/admin/dingtalk/robots': SYS,
  'PATCH /api/admin/dingtalk/robots/:id': SYS,
  'POST /api/admin/dingtalk/robots/:id/test': SYS,
  'GET /api/admin/setup-warnings': SYS,
  'GET /api/admin/dingtalk/approval-templates': SYS,
  'PUT /api/admin/dingtalk/approval-templates/:type': SYS,
  'POST /api/admin/dingtalk/approval-templates/:type/test': SYS,
  'GET /api/admin/interface-logs': SYS,
  'GET /api/projects/:id/setup': PROJECT_READ,
  'PUT /api/projects/:id/basics': PROJECT_WRITE,
  'PUT /api/projects/:id/shareholders': PROJECT_WRITE,
  'PUT /api/projects/:id/scheme': PROJECT_WRITE,
  'PUT /api/projects/:id/milestones': PROJECT_WRITE,
  'PUT /api/projects/:id/indicators': PROJECT_WRITE,
  'GET /api/projects/:id/rounds': PROJECT_READ,
  'POST /api/projects/:id/rounds': PROJECT_WRITE,
  'GET /api/projects/:id/rounds/:roundId': PROJECT_READ,
  'GET /api/projects/:id/rounds/:roundId/export': PROJECT_READ,
  'GET /api/projects/:id/partner-candidates': PROJECT_WRITE,
  'POST /api/projects/:id/rounds/:roundId/partners': PROJECT_WRITE,
  'GET /api/projects/:id/rounds/:roundId/partners/template': PROJECT_WRITE,
  'POST /api/projects/:id/rounds/:roundId/partners/import': PROJECT_WRITE,
  'DELETE /api/projects/:id/rounds/:roundId/partners/:lineId': PROJECT_WRITE,
  'POST /api/projects/:id/rounds/:roundId/notices': PROJECT_WRITE,
  'POST /api/projects/:id/rounds/:roundId/calculate': PROJECT_WRITE,
  'PATCH /api/projects/:id/rounds/:roundId/partners/:lineId': PROJECT_WRITE,
  'POST /api/projects/:id/rounds/:roundId/submit': PROJECT_WRITE,
  'PATCH /api/projects/:id/rounds/:roundId/dates': PROJECT_WRITE,
  'PATCH /api/projects/:id/rounds/:roundId/partners/:lineId/terms': PROJECT_WRITE,
  'POST /api/projects/:id/rounds/:roundId/close-subscriptions': PROJECT_WRITE,
  'GET /api/reviews': ['cityGranted', 'cityOther', 'group', 'holding', 'businessAdmin'],
  'GET /api/reviews/:id': PROJECT_READ,
  'POST /api/reviews/:id/approve': REVIEWERS,
  'POST /api/reviews/:id/reject': REVIEWERS,
  'GET /api/projects/:id/flows': PROJECT_READ,
  'POST /api/projects/:id/flows/:type/start': PROJECT_WRITE,
  'POST /api/projects/:id/flows/:flowId/reset': ADMINS,
  'GET /api/projects/:id/payments': PROJECT_READ,
  'POST /api/projects/:id/rounds/:roundId/payment-notices': PROJECT_PAYMENTS,
  'POST /api/projects/:id/rounds/:roundId/reminders': PROJECT_PAYMENTS,
  'POST /api/projects/:id/payments/:dueId/confirm': PROJECT_PAYMENTS,
  // 退投: the group's settings by the business admin (read by the accountants too); a project's settings by the
  // business admin and the granted accountants; exits (partner money) read by those, changed by the accountants
  'GET /api/exit-settings': ['cityGranted', 'cityOther', 'group', 'holding', 'businessAdmin'],
  'PUT /api/exit-settings': REVIEWERS,
  'GET /api/projects/:id/exit-settings': PROJECT_PAYMENTS,
  'PUT /api/projects/:id/exit-settings': PROJECT_PAYMENTS,
  'GET /api/projects/:id/exits': PROJECT_READ,
  'POST /api/projects/:id/exits': PROJECT_WRITE,
  'GET /api/projects/:id/exits/:exitId': PROJECT_READ,
  'PATCH /api/projects/:id/exits/:exitId': PROJECT_WRITE,
  'POST /api/projects/:id/exits/:exitId/payout': PROJECT_WRITE,
  // 峰值变更 / 立项调整: the granted accountants prepare, the business admin reviews (through /api/reviews), sends the
  // 补缴/退款 notices and confirms with them; the system admin sees no partner money
  'GET /api/projects/:id/scheme-changes': PROJECT_READ,
  'POST /api/projects/:id/scheme-changes': PROJECT_WRITE,
  'GET /api/projects/:id/scheme-changes/:changeId': PROJECT_READ,
  'PUT /api/projects/:id/scheme-changes/:changeId': PROJECT_WRITE,
  'POST /api/projects/:id/scheme-changes/:changeId/cancel': PROJECT_WRITE,
  'POST /api/projects/:id/scheme-changes/:changeId/calculate': PROJECT_WRITE,
  'PUT /api/projects/:id/scheme-changes/:changeId/lines/:lineId': PROJECT_WRITE,
  'POST /api/projects/:id/scheme-changes/:changeId/submit': PROJECT_WRITE,
  'POST /api/projects/:id/scheme-changes/:changeId/notices': PROJECT_PAYMENTS,
  'GET /api/projects/:id/scheme-changes/:changeId/dues': PROJECT_READ,
  'POST /api/projects/:id/scheme-changes/:changeId/dues/:dueId/confirm': PROJECT_PAYMENTS,
  'GET /api/me/change-dues/:dueId': LOGGED_IN,
  'GET /api/projects/:id/capital': PROJECT_READ,
  'GET /api/projects/:id/capital/entries': PROJECT_READ,
  'GET /api/projects/:id/payments/:dueId/receipt': PROJECT_READ,
  'GET /api/me/projects/:projectId/capital-history': LOGGED_IN,
  'GET /api/me/overview': LOGGED_IN,
  'GET /api/me/projects/:projectId': LOGGED_IN,
  'GET /api/me/projects/:projectId/subscription': LOGGED_IN,
  'POST /api/me/projects/:projectId/subscription': LOGGED_IN,
  'GET /api/me/payment-notices/:noticeId': LOGGED_IN,
  // 报表: the business admin (every project) and the accountants (scoped to their grants inside the query)
  'GET /api/projects/:id/next-steps': PROJECT_READ,
  'GET /api/projects/:id/setup-warnings': PROJECT_READ,
  'GET /api/report-charts': ['cityGranted', 'cityOther', 'group', 'holding', 'businessAdmin'],
  'GET /api/reports/:kind': ['cityGranted', 'cityOther', 'group', 'holding', 'businessAdmin'],
  'GET /api/reports/:kind/export': ['cityGranted', 'cityOther', 'group', 'holding', 'businessAdmin'],
  'GET /api/me/exits/:exitId': LOGGED_IN, // the caller's own exit only (another's is 404)
  'POST /api/me/payment-notices/:noticeId/receipts': LOGGED_IN,
  'GET /api/me/distribution-account': LOGGED_IN,
  'GET /api/me/distributions/:lineId': LOGGED_IN,
  'PUT /api/me/distribution-account': LOGGED_IN,
  'POST /api/me/distribution-account/confirm': LOGGED_IN,
  'GET /api/projects/:id/distribution-accounts': PROJECT_READ,
  'PUT /api/projects/:id/distribution-accounts/:userId': PROJECT_WRITE,
  'POST /api/projects/:id/distribution-accounts/:userId/accept-correction': PROJECT_WRITE,
  'POST /api/projects/:id/distribution-accounts/confirm-requests': PROJECT_WRITE,
  'GET /api/projects/:id/distribution-accounts/template': PROJECT_READ,
  'POST /api/projects/:id/distribution-accounts/import': PROJECT_WRITE,
  'GET /api/projects/:id/distributions': PROJECT_READ,
  'POST /api/projects/:id/distributions': PROJECT_WRITE,
  'GET /api/projects/:id/distributions/:batchId': PROJECT_READ,
  'GET /api/projects/:id/distributions/:batchId/export': PROJECT_READ,
  'GET /api/projects/:id/distributions/:batchId/notices': PROJECT_READ,
  'PATCH /api/projects/:id/distributions/:batchId': PROJECT_WRITE,
  'POST /api/projects/:id/distributions/:batchId/calculate': PROJECT_WRITE,
  'POST /api/projects/:id/distributions/:batchId/submit': PROJECT_WRITE,
  'POST /api/projects/:id/distributions/:batchId/unlock': REVIEWERS,
  'PUT /api/projects/:id/distributions/:batchId/lines': PROJECT_WRITE,
  'GET /api/projects/:id/distributions/:batchId/template': PROJECT_READ,
  'POST /api/projects/:id/distributions/:batchId/import': PROJECT_WRITE,
  'GET /api/projects/:id/distributions/:batchId/payout-results/template': PROJECT_READ,
  'POST /api/projects/:id/distributions/:batchId/payout-results': PROJECT_WRITE,
  'POST /api/projects/:id/distributions/:batchId/payouts': PROJECT_WRITE,
  'POST /api/projects/:id/distributions/:batchId/lock': PROJECT_WRITE,
  // no login: the BPM form's signed, expiring 测算表 link is the access (called here with a valid token; a forged or
  // expired one is refused for everyone — test/integration/distribution-sheet.int.test.ts)
  'GET /api/distribution-sheets/:token': ALL,
  // 盈亏动态 and 披露: read by the reviewers and the granted accountants, prepared by the granted accountants; 披露审核
  // goes through /api/reviews; the partner's 项目披露 is their own notice only (another's is 404)
  'GET /api/projects/:id/dynamic-indicators': PROJECT_READ,
  'PUT /api/projects/:id/dynamic-indicators/:period': PROJECT_WRITE,
  'GET /api/projects/:id/dynamic-indicators/:period/history': PROJECT_READ,
  'GET /api/projects/:id/disclosures': PROJECT_READ,
  'POST /api/projects/:id/disclosures': PROJECT_WRITE,
  'GET /api/projects/:id/disclosures/:disclosureId': PROJECT_READ,
  'PATCH /api/projects/:id/disclosures/:disclosureId': PROJECT_WRITE,
  'POST /api/projects/:id/disclosures/:disclosureId/attachments': PROJECT_WRITE,
  'GET /api/projects/:id/disclosures/:disclosureId/attachments/:attachmentId': PROJECT_READ,
  'DELETE /api/projects/:id/disclosures/:disclosureId/attachments/:attachmentId': PROJECT_WRITE,
  'GET /api/me/disclosure-digests/:digestId': LOGGED_IN,
  // 协议: 协议状态 and the PDFs for the reviewers and the granted accountants; 生成协议, 重新生成, 签署提醒 by the accountants
  'GET /api/projects/:id/agreements': PROJECT_READ,
  'POST /api/projects/:id/agreements/generate': PROJECT_WRITE,
  'POST /api/projects/:id/agreements/:agreementId/regenerate': PROJECT_WRITE,
  'GET /api/projects/:id/agreements/:agreementId/pdf': PROJECT_READ,
  'POST /api/projects/:id/agreements/reminders': PROJECT_WRITE,
  // the partner's own agreements only (another's id is 404: test/miniapp/agreement-page.int.test.ts)
  'GET /api/me/projects/:projectId/agreement': LOGGED_IN,
  'GET /api/me/agreements/:agreementId/link': LOGGED_IN,
  'POST /api/me/agreements/:agreementId/signing': LOGGED_IN,
  'POST /api/me/agreements/:agreementId/signature': LOGGED_IN,
  // no login: dd.downloadFile's signed link (10 minutes) is the access; a forged one is refused for everyone
  'GET /api/agreement-files/:token': ALL,
  'GET /api/notification-batches': STAFF,
  'GET /api/notification-batches/:id': PROJECT_READ_SETUP,
  'POST /api/notification-batches/:id/resend-failed': PROJECT_READ_SETUP,
  'GET /api/notifications': ADMINS,
  'POST /api/notifications/:id/resend': ADMINS,
  // 模板管理: the system admin and the business admin edit; a partner's data in the preview only for who reads the
  // project (the business admin), the system admin previews with the samples
  'GET /api/templates': ADMINS,
  'GET /api/templates/:kind': ADMINS,
  'GET /api/templates/:kind/versions': ADMINS,
  'PUT /api/templates/:kind': ADMINS,
  'POST /api/templates/:kind/versions/:version/restore': ADMINS,
  'POST /api/templates/:kind/preview': ADMINS,
  'GET /api/template-preview/partners': REVIEWERS,
  'POST /api/exports': EXPORTERS,
  'GET /api/exports': EXPORTERS,
  // an export file: only whoever asked for it (the matrix's file was asked for by cityGranted; others get 404)
  'GET /api/exports/:id': ['cityGranted'],
  'GET /api/exports/:id/file': ['cityGranted'],
  'GET /api/me/statement': LOGGED_IN, // the caller's own money only
  'POST /api/me/statement/pdf-link': LOGGED_IN,
  // no login: dd.downloadFile sends no header; the signed 10-minute token names the partner (forged / expired ones
  // are refused — test/integration/partner-statement.int.test.ts)
  'GET /api/statement-pdfs/:token': ALL,
  // login-only: it maps every endpoint and its policy, but holds no data
  'GET /api/openapi.json': LOGGED_IN,
  // 凭证: the entity (环沪城市公司, 靖江项目's) is kept by the accountants at or above it with a granted project
  'GET /api/voucher-entities': ['cityGranted', 'cityOther', 'group', 'holding', 'businessAdmin'],
  'GET /api/voucher-entities/:entityId/periods/:period/vouchers': PROJECT_READ,
  'POST /api/voucher-entities/:entityId/periods/:period/generate': PROJECT_WRITE,
  'GET /api/voucher-entities/:entityId/periods/:period/export': PROJECT_WRITE,
  'POST /api/voucher-entities/:entityId/periods/:period/mark-exported': PROJECT_WRITE,
  'GET /api/voucher-entities/:entityId/vouchers/:voucherId': PROJECT_READ,
  'GET /api/voucher-rules': SYS,
  'PUT /api/voucher-rules': SYS,
  'POST /api/voucher-rules/reset': SYS,
  // 小股东 / 外部股东: the granted accountants register and prepare; the business admin reads and reviews (审核)
  'GET /api/projects/:id/minority-holders': PROJECT_READ,
  'POST /api/projects/:id/minority-holders': PROJECT_WRITE,
  'PUT /api/projects/:id/minority-holders/:holderId': PROJECT_WRITE,
  'POST /api/projects/:id/minority-holders/:holderId/submit': PROJECT_WRITE,
  'GET /api/projects/:id/minority-batches': PROJECT_READ,
  'POST /api/projects/:id/minority-batches': PROJECT_WRITE,
  'GET /api/projects/:id/minority-batches/:batchId': PROJECT_READ,
  'PUT /api/projects/:id/minority-batches/:batchId/lines': PROJECT_WRITE,
  'GET /api/projects/:id/minority-batches/:batchId/export': PROJECT_READ,
  'POST /api/projects/:id/minority-batches/:batchId/import': PROJECT_WRITE,
  'POST /api/projects/:id/minority-batches/:batchId/submit': PROJECT_WRITE,
  'POST /api/projects/:id/minority-batches/:batchId/paid': PROJECT_WRITE,
  // 强投名单: read by the business admin and every accountant, kept by the business admin
  'GET /api/mandatory-investors': ['cityGranted', 'cityOther', 'group', 'holding', 'businessAdmin'],
  'POST /api/mandatory-investors': REVIEWERS,
  'PUT /api/mandatory-investors/:id': REVIEWERS,
  'DELETE /api/mandatory-investors/:id': REVIEWERS,
  'GET /api/projects/:id/rounds/:roundId/mandatory-check': PROJECT_READ,
  'POST /api/projects/:id/rounds/:roundId/partners/mandatory': PROJECT_WRITE,
  // 待批准授权: money roles and project grants the system admin asks for; a business admin approves or refuses
  'GET /api/grant-requests': ADMINS,
  'POST /api/grant-requests/:id/approve': REVIEWERS,
  'POST /api/grant-requests/:id/refuse': REVIEWERS,
};

const key = (r: AnyRoute) => `${r.method} ${r.path}`;

let t: TestApp;
let projectId: number;
/** 靖江项目's accounting entity (its 城市公司), for the 凭证 routes (`:entityId`). */
let entityId: number;
/** A record of 靖江项目 for the routes whose policy looks at the record (`:id` of these path prefixes). */
const recordIds = new Map<string, number>();
const tokens = new Map<Persona, string>();
/** A valid signed link for the routes whose access is a token in the path (`:token`). */
let linkToken = '';
let agreementToken = '';
let statementToken = '';

beforeAll(async () => {
  t = await startTestApp({
    app: (deps) =>
      buildApp(
        deps,
        allRoutes().map((r) => ({
          ...r,
          body: undefined,
          query: undefined,
          response: undefined,
          handler: () => ({ reached: true }),
        })),
      ),
  });
  await seedDemo(t.deps.db);
  projectId = (await t.deps.db.project.findUniqueOrThrow({ where: { name: '靖江项目' } })).id;
  entityId = (await t.deps.db.project.findUniqueOrThrow({ where: { id: projectId } })).orgUnitId;
  const submitter = await t.deps.db.user.findUniqueOrThrow({ where: { dingUserId: PERSONA_USER.cityGranted } });
  const review = await t.deps.db.review.create({
    data: { subjectType: 'ROUND', subjectId: 0, projectId, title: '访问矩阵', submittedById: submitter.id },
  });
  recordIds.set('/api/reviews/:id', review.id);
  const batch = await t.deps.db.notificationBatch.create({ data: { kind: 'matrix', title: '访问矩阵', projectId } });
  recordIds.set('/api/notification-batches/:id', batch.id);
  linkToken = signLink(
    t.deps.config.secretKey,
    SHEET_LINK.purpose,
    ['1', 'fingerprint'],
    new Date(Date.now() + 3600_000),
  );
  agreementToken = signLink(
    t.deps.config.secretKey,
    AGREEMENT_LINK.purpose,
    ['1', 'abcdef'],
    new Date(Date.now() + 3600_000),
  );
  statementToken = signLink(
    t.deps.config.secretKey,
    STATEMENT_LINK.purpose,
    [String(submitter.id), '2026-12-01'],
    new Date(Date.now() + 3600_000),
  );
  const exportFile = await t.deps.db.exportFile.create({
    data: { kind: 'PAYMENTS', requestedById: submitter.id, fileName: '访问矩阵.xlsx' },
  });
  recordIds.set('/api/exports/:id', exportFile.id);
  const store = new SessionStore(t.deps.redis, t.deps.prefix, 600);
  for (const [persona, dingUserId] of Object.entries(PERSONA_USER)) {
    const u = await t.deps.db.user.findUniqueOrThrow({ where: { dingUserId } });
    tokens.set(persona as Persona, (await store.create(u.id, 'dingtalk')).token);
  }
});
afterAll(() => t.close());

describe('route × role access matrix', () => {
  it('has a row for every route and no row for a route that does not exist', () => {
    const routes = allRoutes().map(key);
    expect(routes.filter((r) => !(r in ACCESS))).toEqual([]);
    expect(Object.keys(ACCESS).filter((k) => !routes.includes(k))).toEqual([]);
  });

  it('allows exactly the roles in the table, for every route', async () => {
    const mismatches: string[] = [];
    let checked = 0;
    for (const r of allRoutes()) {
      const record = [...recordIds].find(([prefix]) => r.path.startsWith(prefix));
      const url = r.path
        .replace(':id', String(record?.[1] ?? projectId))
        .replace(':roleId', '1')
        .replace(':type', 'PEAK_CAPITAL')
        .replace(':period', r.path.startsWith('/api/voucher-entities/') ? '2026-11' : '2026Q4')
        .replace(':kind', r.path.startsWith('/api/reports/') ? 'funding' : 'PAYMENT_NOTICE')
        .replace(
          ':token',
          r.path.startsWith('/api/agreement-files/')
            ? agreementToken
            : r.path.startsWith('/api/statement-pdfs/')
              ? statementToken
              : linkToken,
        )
        .replace(':entityId', String(entityId))
        .replace(/:[a-zA-Z]+/g, String(projectId));
      for (const persona of ALL) {
        const token = tokens.get(persona);
        const res = await t.http.request({
          method: r.method,
          url,
          headers: token ? { authorization: `Bearer ${token}` } : {},
        });
        const allowed = ![401, 403, 404].includes(res.status);
        const expected = (ACCESS[key(r)] ?? []).includes(persona);
        if (allowed !== expected)
          mismatches.push(`${key(r)} as ${persona}: got ${res.status}, expected ${expected ? 'allowed' : 'denied'}`);
        if (!expected && ![401, 403, 404].includes(res.status))
          mismatches.push(`${key(r)} as ${persona}: denied with ${res.status}`);
        checked++;
      }
    }
    expect(mismatches).toEqual([]);
    expect(checked).toBe(allRoutes().length * ALL.length);
    process.stdout.write(`access matrix: ${allRoutes().length} routes × ${ALL.length} roles = ${checked} checks\n`);
  }, 120_000); // over a thousand requests one after another: a busy CI machine needs more than the default 30 s
});
