/**
 * 合伙协议 end to end, through HTTP and the mini-program harness: a round confirmed through the product → the business
 * admin edits the 合伙协议 template in 模板管理 → 生成协议 for
 * the round's partners (in chunks, as the console does) → the PDF's extracted text is the template filled with the
 * capital ledger's figures (page 1 rendered to test/artifacts/agreement-page1.png) → the partner opens the 协议 page,
 * downloads the PDF (dd.downloadFile with a signed link) and signs after the second confirmation (amount in figures and
 * 大写) → 已签署 in the console. A signed agreement never changes (refused, 409; the database refuses too); signing
 * again is idempotent; another partner can neither read nor sign it. Regenerating a signed one adds a version only
 * when asked. A 峰值变更 gives a 补充协议 with the amounts before and after; 发送签署提醒 reaches those who have not signed.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { startWorkers, type RunningWorkers } from '../../server/jobs/worker';
import { seedDemo } from '../../server/seed/seed';
import { signLink } from '../../server/lib/signed-link';
import { partnershipValues, visibleText } from '../../server/modules/agreements/calc/agreement-text';
import { renderTexts } from '../../server/modules/templates/render';
import { AGREEMENT_LINK } from '../../server/modules/agreements/agreement-file';
import { eappUrl } from '../../shared/deeplinks';
import { startTestApp, testDeps, type TestApp } from '../support/app';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import { CoInvestmentFixtures, type OpenRound } from '../support/miniapp-fixtures';
import { buildForTests, MiniappHarness } from '../support/miniapp-harness';
import { pdfPagePng, pdfText } from '../support/pdf';

jest.setTimeout(180_000);

let emu: TestEmulator;
let t: TestApp;
let workers: RunningWorkers;
let distDir: string;
let fx: CoInvestmentFixtures;
let round: OpenRound;
let pid: number;
/** the 合伙协议 template as edited in 模板管理 before 生成协议 */
let edited: { title: string; body: string; version: number };
const harnesses: MiniappHarness[] = [];

type Version = {
  id: number;
  kind: string;
  number: string;
  version: number;
  status: string;
  amount: string;
  amountInWords: string;
  previousAmount: string | null;
  sha256: string;
  generatedAt: string;
  templateVersion: number | null;
};
type PartnerLine = { userId: number; name: string; state: string; outdated: boolean; documents: Version[] };

beforeAll(async () => {
  emu = await startTestEmulator();
  t = await startTestApp({ deps: testDeps({ ...emu.env, NOTIFY_RELAY_INTERVAL_MS: '100' }) });
  await emu.configure({ callbackUrl: `${t.base}/api/dingtalk/callback` });
  await seedDemo(t.deps.db);
  workers = await startWorkers(t.deps, t.deps.redisUrl);
  distDir = (await buildForTests('test')).outDir;
  fx = await new CoInvestmentFixtures(t, emu).init();

  pid = await fx.project('小程序-协议');
  round = await fx.openRound(
    pid,
    [
      { userid: 'u1001', level: 'CITY', category: 'VOLUNTARY', min: '10000', max: '100000' },
      { userid: 'u1002', level: 'GROUP', category: 'VOLUNTARY', min: '10000', max: '100000' },
      { userid: 'u1003', level: 'CITY', category: 'VOLUNTARY', min: '10000', max: '100000' },
    ],
    12_000,
  );
  await fx.subscribe('u1001', pid, '80000');
  await fx.subscribe('u1002', pid, '50000');
  await fx.subscribe('u1003', pid, '30000');
  await fx.pastDeadlines([round]);
  await fx.approveAndConfirm(round, await fx.calculateAndSubmit(round));

  // 模板管理: the business admin adds a clause to the 合伙协议 (a new version, in force at once)
  const current = (await fx.reviewer.get('/api/templates/PARTNERSHIP_AGREEMENT')).data;
  const body = current.current.body.replace(
    '## 第五条 其他',
    '## 第五条 保密\n\n乙方对本协议内容及项目经营信息负有保密义务。\n\n## 第六条 其他',
  );
  expect(body).not.toBe(current.current.body);
  const saved = await fx.reviewer.put('/api/templates/PARTNERSHIP_AGREEMENT', {
    title: current.current.title,
    body,
    note: '增加保密条款',
    baseVersion: current.version,
  });
  expect(saved.status).toBe(200);
  edited = { title: saved.data.current.title, body: saved.data.current.body, version: saved.data.version };
});

afterAll(async () => {
  harnesses.forEach((h) => h.dispose());
  await workers?.close();
  await t?.close();
  await emu?.close();
});

function miniapp(userid: string): MiniappHarness {
  const h = new MiniappHarness({ distDir, apiBase: t.base, authCode: () => emu.authCode(userid) });
  harnesses.push(h);
  h.loadApp();
  return h;
}

const list = async (): Promise<{ partners: PartnerLine[]; counts: Record<string, number> }> => {
  const res = await fx.accountant.get(`/api/projects/${pid}/agreements`, { params: { roundId: round.roundId } });
  expect(res.status).toBe(200);
  return res.data;
};
const lineOf = async (userid: string) => (await list()).partners.find((p) => p.userId === fx.userId(userid))!;
const pdfOf = async (agreementId: number): Promise<Buffer> => {
  const res = await fx.accountant.get(`/api/projects/${pid}/agreements/${agreementId}/pdf`, {
    responseType: 'arraybuffer',
  });
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toBe('application/pdf');
  return Buffer.from(res.data);
};
const ledgerCommitted = async (userid: string): Promise<string> => {
  const cap = (await fx.accountant.get(`/api/projects/${pid}/capital`)).data;
  const mine = cap.holdings.filter((h: { userId: number | null }) => h.userId === fx.userId(userid));
  expect(mine).toHaveLength(1);
  return mine[0].committed;
};

describe('生成协议 from the capital ledger', () => {
  it('every partner of the round is 未生成 before, then 待签署 after 生成协议 in chunks; a second run generates nothing', async () => {
    const before = await list();
    expect(before.partners.map((p) => p.state)).toEqual(['NONE', 'NONE', 'NONE']);
    expect(before.counts).toEqual({ NONE: 3, PENDING: 0, SIGNED: 0 });

    const ids = before.partners.map((p) => p.userId);
    const first = await fx.accountant.post(`/api/projects/${pid}/agreements/generate`, {
      roundId: round.roundId,
      userIds: ids.slice(0, 2),
    });
    expect(first.status).toBe(200);
    expect(first.data).toMatchObject({ generated: 2, existing: 0, skipped: 0 });
    const second = await fx.accountant.post(`/api/projects/${pid}/agreements/generate`, {
      roundId: round.roundId,
      userIds: ids.slice(2),
    });
    expect(second.data).toMatchObject({ generated: 1, existing: 0 });
    const again = await fx.accountant.post(`/api/projects/${pid}/agreements/generate`, {
      roundId: round.roundId,
      userIds: ids,
    });
    expect(again.data).toMatchObject({ generated: 0, existing: 3 });

    const after = await list();
    expect(after.counts).toEqual({ NONE: 0, PENDING: 3, SIGNED: 0 });
    const project = await t.deps.db.project.findUniqueOrThrow({ where: { id: pid } });
    const code = project.code ?? `P${pid}`;
    // one sequence per project: XY-<项目编码>-0001 … 0003
    expect(after.partners.map((p) => p.documents[0]!.number).sort()).toEqual(
      [1, 2, 3].map((n) => `XY-${code}-000${n}`),
    );
    // generating is audited
    expect(await t.deps.db.auditLog.count({ where: { action: 'generate_agreement', projectId: pid } })).toBe(3);
  });

  it("the PDF's text is the edited template filled with the ledger's figures; its hash is the stored one", async () => {
    const line = await lineOf('u1001');
    const doc = line.documents[0]!;
    const committed = await ledgerCommitted('u1001');
    expect(committed).toBe('80000.00');
    expect(doc).toMatchObject({ kind: 'PARTNERSHIP', version: 1, amount: committed, amountInWords: '人民币捌万元整' });
    expect(doc.templateVersion).toBe(edited.version);

    const pdf = await pdfOf(doc.id);
    expect(createHash('sha256').update(pdf).digest('hex')).toBe(doc.sha256);
    const project = await t.deps.db.project.findUniqueOrThrow({
      where: { id: pid },
      include: { orgUnit: { select: { name: true } } },
    });
    const user = await t.deps.db.user.findUniqueOrThrow({ where: { id: fx.userId('u1001') } });
    const expected = renderTexts('PARTNERSHIP_AGREEMENT', edited, {
      ...partnershipValues({
        number: doc.number,
        partnerName: user.name,
        jobNumber: user.jobNumber,
        mobile: user.mobile,
        projectName: project.name,
        companyName: project.orgUnit.name,
        platformName: `${project.name}项目跟投平台公司`,
        generatedAt: new Date(doc.generatedAt),
        byLevel: { CITY: committed },
        amount: committed,
        paid: '0',
      }),
    }).text;
    expect(expected).toContain('乙方对本协议内容及项目经营信息负有保密义务。');
    expect(expected).toContain('¥80,000.00（大写：捌万元整）');
    expect(expected).toContain('城市公司层级：¥80,000.00');
    const text = (await pdfText(pdf)).replace(/-- \d+ of \d+ --/g, '');
    expect(text.replace(/\s+/g, '')).toBe(visibleText(expected));
    expect(text).not.toContain('#');

    const png = await pdfPagePng(pdf, 'agreement-page1');
    expect(fs.statSync(png).size).toBeGreaterThan(10_000);
  });
});

describe('the partner reads and signs in the mini-program', () => {
  it('协议 page: number, version, amount in figures and 大写, 待签署; the project page and 首页 say 待签署', async () => {
    const h = miniapp('u1001');
    const home = await h.open('pages/home/index');
    const notice = (home.data.notices as Array<{ kind: string; params: Record<string, number> }>).find(
      (n) => n.kind === 'AGREEMENT',
    );
    expect(notice?.params).toEqual({ projectId: pid });

    const project = await h.open('pages/project/index', { projectId: String(pid) });
    expect(project.data).toMatchObject({ agreementState: 'PENDING', agreementLabel: '待签署' });
    await project.tap('openAgreement');
    expect(h.navigations.at(-1)).toEqual({ api: 'navigateTo', url: `/pages/agreement/index?projectId=${pid}` });

    const page = await h.open('pages/agreement/index', { projectId: String(pid) });
    const doc = (await lineOf('u1001')).documents[0]!;
    expect(page.data).toMatchObject({ status: 'ready', summaryText: '1 份协议待签署' });
    expect((page.data.agreements as unknown[])[0]).toMatchObject({
      id: doc.id,
      number: doc.number,
      version: 1,
      amount: '80000.00',
      amountInWords: '人民币捌万元整',
      statusLabel: '待签署',
      canSign: true,
    });
  });

  it('查看协议 downloads the PDF with a signed link and opens it; 确认签署 asks again with the amount, then signs', async () => {
    const h = miniapp('u1001');
    const page = await h.open('pages/agreement/index', { projectId: String(pid) });
    const doc = (await lineOf('u1001')).documents[0]!;

    // signing before reading is refused by the page
    await page.tap('sign', { id: doc.id });
    expect(h.toasts.at(-1)?.content).toContain('请先点击“查看协议”');
    expect(h.calls.some((c) => c.api === 'confirm')).toBe(false);

    await page.tap('openFile', { id: doc.id });
    const download = h.calls.find((c) => c.api === 'downloadFile')!;
    expect(String(download.options.url)).toMatch(/\/api\/agreement-files\/\d+\.[0-9a-f]{16}\.\d+\.[\w-]{43}$/);
    expect(download.options.header).toBeUndefined(); // the link is the access, no session sent
    const opened = h.calls.find((c) => c.api === 'openDocument')!;
    expect(opened.options.fileType).toBe('pdf');
    const file = fs.readFileSync(String(opened.options.filePath));
    expect(createHash('sha256').update(file).digest('hex')).toBe(doc.sha256);

    await page.tap('sign', { id: doc.id });
    const confirm = h.calls.find((c) => c.api === 'confirm')!;
    expect(confirm.options.title).toBe('确认签署');
    expect(String(confirm.options.content)).toContain('¥80,000.00');
    expect(String(confirm.options.content)).toContain('人民币捌万元整');
    expect(h.toasts.at(-1)).toMatchObject({ content: '已签署' });
    expect((page.data.agreements as unknown[])[0]).toMatchObject({ statusLabel: '已签署', canSign: false });

    // the signature record: who, when, the document hash, the DingTalk user id; audited
    const sig = await t.deps.db.agreementSignature.findUniqueOrThrow({ where: { agreementId: doc.id } });
    expect(sig).toMatchObject({
      userId: fx.userId('u1001'),
      dingUserId: 'u1001',
      documentSha256: doc.sha256,
      method: 'IN_APP',
    });
    expect(sig.amount.toString()).toBe('80000');
    const audit = await t.deps.db.auditLog.findMany({ where: { action: 'sign_agreement', entityId: String(doc.id) } });
    expect(audit).toHaveLength(1);
    expect(audit[0]!.after).toMatchObject({ status: 'SIGNED', sha256: doc.sha256, dingUserId: 'u1001' });
  });

  it('已签署 in the console; the other partners stay 待签署', async () => {
    const l = await list();
    expect(l.counts).toEqual({ NONE: 0, PENDING: 2, SIGNED: 1 });
    expect((await lineOf('u1001')).state).toBe('SIGNED');
  });

  it('signing twice is idempotent: the same signature, no second record or audit row', async () => {
    const doc = (await lineOf('u1001')).documents[0]!;
    const me = await fx.partner('u1001');
    const res = await me.post(`/api/me/agreements/${doc.id}/signature`, { sha256: doc.sha256 });
    expect(res.status).toBe(200);
    expect(res.data).toMatchObject({ replayed: true, agreement: { status: 'SIGNED' } });
    expect(await t.deps.db.agreementSignature.count({ where: { agreementId: doc.id } })).toBe(1);
    expect(await t.deps.db.auditLog.count({ where: { action: 'sign_agreement', entityId: String(doc.id) } })).toBe(1);
    // a signature with another document's hash is not a replay
    const other = await me.post(`/api/me/agreements/${doc.id}/signature`, { sha256: '0'.repeat(64) });
    expect(other.status).toBe(409);
  });

  it('another partner can neither read, download nor sign it', async () => {
    const doc = (await lineOf('u1001')).documents[0]!;
    const u1002 = await fx.partner('u1002');
    expect((await u1002.get(`/api/me/agreements/${doc.id}/link`)).status).toBe(404);
    expect((await u1002.post(`/api/me/agreements/${doc.id}/signing`, {})).status).toBe(404);
    expect((await u1002.post(`/api/me/agreements/${doc.id}/signature`, { sha256: doc.sha256 })).status).toBe(404);
    const mine = (await u1002.get(`/api/me/projects/${pid}/agreement`)).data;
    expect(mine.agreements.map((a: Version) => a.id)).not.toContain(doc.id);
    // a partner outside the project gets 404 for the project's agreements
    expect((await (await fx.partner('u1009')).get(`/api/me/projects/${pid}/agreement`)).status).toBe(404);
    // a forged link is refused
    const forged = signLink(
      Buffer.alloc(32, 7),
      AGREEMENT_LINK.purpose,
      [String(doc.id), doc.sha256.slice(0, 16)],
      new Date(Date.now() + 60_000),
    );
    expect((await t.http.get(`/api/agreement-files/${forged}`)).status).toBe(403);
  });

  it('a signed agreement cannot change: regeneration refused (409), the database refuses an update', async () => {
    const doc = (await lineOf('u1001')).documents[0]!;
    const res = await fx.accountant.post(`/api/projects/${pid}/agreements/${doc.id}/regenerate`, { reason: '更正' });
    expect(res.status).toBe(409);
    expect(res.data.message).toContain('已签署，不可修改');
    await expect(t.deps.db.agreement.update({ where: { id: doc.id }, data: { amount: '1.00' } })).rejects.toThrow(
      /immutable|不可修改/,
    );
    await expect(t.deps.db.agreementSignature.deleteMany({ where: { agreementId: doc.id } })).rejects.toThrow();
    expect((await lineOf('u1001')).documents[0]).toMatchObject({ id: doc.id, status: 'SIGNED', amount: '80000.00' });
  });

  it('regenerating a signed one only on request: a new unsigned version, the signed one stays and is shown', async () => {
    const doc = (await lineOf('u1001')).documents[0]!;
    const res = await fx.accountant.post(`/api/projects/${pid}/agreements/${doc.id}/regenerate`, {
      reason: '按新模板重新出具',
      replaceSigned: true,
    });
    expect(res.status).toBe(201);
    expect(res.data).toMatchObject({ number: doc.number, version: 2, status: 'PENDING', amount: '80000.00' });
    const line = await lineOf('u1001');
    expect(line.state).toBe('PENDING');
    expect(line.documents.map((d) => [d.version, d.status])).toEqual([
      [2, 'PENDING'],
      [1, 'SIGNED'],
    ]);
    const h = miniapp('u1001');
    const page = await h.open('pages/agreement/index', { projectId: String(pid) });
    const shown = page.data.agreements as Array<{ version: number; statusLabel: string; note: string }>;
    expect(shown.map((a) => [a.version, a.statusLabel])).toEqual([
      [2, '待签署'],
      [1, '已签署'],
    ]);
    expect(shown[1]!.note).toContain('继续有效');
    // a pending version regenerated is superseded (kept, not shown)
    const v3 = await fx.accountant.post(`/api/projects/${pid}/agreements/${res.data.id}/regenerate`, {
      reason: '再次更正',
    });
    expect(v3.status).toBe(201);
    expect(await t.deps.db.agreement.findUniqueOrThrow({ where: { id: res.data.id } })).toMatchObject({
      status: 'SUPERSEDED',
    });
    // only the latest version can be regenerated
    expect(
      (
        await fx.accountant.post(`/api/projects/${pid}/agreements/${doc.id}/regenerate`, {
          reason: 'x',
          replaceSigned: true,
        })
      ).status,
    ).toBe(409);
  });
});

describe('发送签署提醒 and the 补充协议 after a 峰值变更', () => {
  it('发送签署提醒 writes a work notice with an action card opening the 协议 page for each partner not signed', async () => {
    const res = await fx.accountant.post(`/api/projects/${pid}/agreements/reminders`, { roundId: round.roundId });
    expect(res.status).toBe(200);
    expect(res.data.recipients).toBe(3); // u1001 has version 3 to sign, u1002 and u1003 have not signed
    const rows = await t.deps.db.notification.findMany({ where: { kind: 'agreement_reminder' } });
    expect(rows).toHaveLength(3);
    const card = (rows[0]!.payload as { msg: { action_card: { single_url: string; markdown: string } } }).msg;
    expect(card.action_card.single_url).toBe(eappUrl('agreement', { projectId: pid }));
    expect(card.action_card.markdown).toContain('待签署');
    // the same day again: nothing new
    await fx.accountant.post(`/api/projects/${pid}/agreements/reminders`, { roundId: round.roundId });
    expect(await t.deps.db.notification.count({ where: { kind: 'agreement_reminder' } })).toBe(3);
  });

  it('a 峰值变更 that moves a commitment gives a 补充协议 with the ledger amounts before and after', async () => {
    const change = await fx.peakChange(pid, {
      peakCapital: '120000000',
      groupRatio: '0.003',
      cityRatio: '0.002',
      reason: '股东增资，资金峰值上调',
      edits: [{ userid: 'u1003', newCommitted: '20000', reason: '本人申请降低认缴' }],
    });
    expect(change.changeId).toBeGreaterThan(0);
    const u = fx.userId('u1003');
    const gen = await fx.accountant.post(`/api/projects/${pid}/agreements/generate`, {
      roundId: round.roundId,
      userIds: [u],
    });
    expect(gen.data).toMatchObject({ generated: 1, existing: 1 });
    const line = await lineOf('u1003');
    const sup = line.documents.find((d) => d.kind === 'SUPPLEMENTARY')!;
    expect(sup).toMatchObject({ previousAmount: '30000.00', amount: '20000.00', amountInWords: '人民币贰万元整' });
    expect(await ledgerCommitted('u1003')).toBe('20000.00');
    const text = (await pdfText(await pdfOf(sup.id))).replace(/\s+/g, '');
    expect(text).toContain('由人民币¥30,000.00（大写：叁万元整）变更为人民币¥20,000.00（大写：贰万元整）');
    expect(text).toContain(`原协议编号：${line.documents.find((d) => d.kind === 'PARTNERSHIP')!.number}`);
    expect(text).toContain('城市公司层级：¥20,000.00');
  });
});
