/**
 * The 本金分配 BPM form's 测算表 over HTTP: the flow is started through the DingTalk emulator, the form it received
 * carries a signed link (PUBLIC_BASE_URL + /api/distribution-sheets/<token>); following it without logging in gives the
 * batch's Excel sheet whose 合计 row is the batch's totals. A forged or expired token is refused (403), and once the
 * batch has changed (the flow refused, an 其它 adjustment, 测算 again) the old link is refused (409 测算表已更新) while
 * the next flow's link serves the new sheet.
 */
import ExcelJS from 'exceljs';
import { dec } from '../../shared/money';
import { startWorkers, type RunningWorkers } from '../../server/jobs/worker';
import { seedDemo } from '../../server/seed/seed';
import { signLink } from '../../server/lib/signed-link';
import { SHEET_LINK } from '../../server/modules/distributions/sheet-link';
import { startTestApp, testDeps, type TestApp } from '../support/app';
import { loginAs } from '../support/auth';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import { eventually } from '../support/eventually';
import { writeLedger } from '../support/distribution-fixtures';

jest.setTimeout(120_000);

const PUBLIC_BASE = 'https://gentou.example.com';
const TOTAL_KEYS = [
  'principal',
  'interest',
  'other',
  'principalNet',
  'principalTotal',
  'profit',
  'tax',
  'profitNet',
  'totalExclOther',
  'payout',
] as const;

let emu: TestEmulator;
let t: TestApp;
let workers: RunningWorkers;
let projectId: number;
const ids: Record<string, number> = {};

beforeAll(async () => {
  emu = await startTestEmulator();
  t = await startTestApp({
    deps: testDeps({ ...emu.env, NOTIFY_RELAY_INTERVAL_MS: '100', PUBLIC_BASE_URL: PUBLIC_BASE }),
  });
  await emu.configure({ callbackUrl: `${t.base}/api/dingtalk/callback` });
  await seedDemo(t.deps.db);
  workers = await startWorkers(t.deps, t.deps.redisUrl);
  const db = t.deps.db;
  projectId = (await db.project.findUniqueOrThrow({ where: { name: '江阴项目' } })).id;
  await db.projectScheme.create({
    data: { projectId, peakCapital: '50000000', cityRatio: '0.01', totalRatio: '0.01' },
  });
  for (const u of ['u1001', 'u1002']) ids[u] = (await db.user.findUniqueOrThrow({ where: { dingUserId: u } })).id;
  await writeLedger(
    t,
    projectId,
    [
      { userId: ids.u1001!, tranches: [['300000', '2026-01-01']] },
      { userId: ids.u1002!, tranches: [['100000', '2026-01-01']] },
      { userId: null, tranches: [['100000', '2026-01-01']] },
    ],
    'sheet',
  );
});
afterAll(async () => {
  await workers.close();
  await t.close();
  await emu.close();
});

/** The form DingTalk received for an instance (the emulator's record of the created approval). */
async function formSentToDingtalk(instanceId: string) {
  const items = (await emu.http.get('/approvals')).data.items as {
    instanceId: string;
    formComponentValues: { name: string; value: string }[];
  }[];
  const a = items.find((i) => i.instanceId === instanceId);
  if (!a) throw new Error(`no approval ${instanceId} in the emulator`);
  return a.formComponentValues;
}

/** The 测算表 link of a form, and the path to follow on this app (the link's base is PUBLIC_BASE_URL). */
function sheetLinkOf(form: { name: string; value: string }[]) {
  const url = form.find((f) => f.name === '测算表')?.value;
  expect(url).toMatch(
    new RegExp(`^${PUBLIC_BASE}/api/distribution-sheets/\\d+\\.[A-Za-z0-9_-]{22}\\.\\d+\\.[A-Za-z0-9_-]{43}$`),
  );
  return { url: url!, path: url!.slice(PUBLIC_BASE.length) };
}

async function readSheet(data: ArrayBuffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(data);
  const ws = wb.worksheets[0]!;
  const sum = ws.getRow(ws.rowCount);
  return {
    ws,
    label: sum.getCell(2).value,
    // SUM formulas with their values; ExcelJS reads a stored value of 0 back as no value
    totals: TOTAL_KEYS.map((_, i) => {
      const cell = sum.getCell(4 + i).value as { formula: string; result?: number };
      expect(cell.formula).toMatch(/^SUM\([A-Z]+2:[A-Z]+4\)$/);
      return cell.result ?? 0;
    }),
  };
}

const expectTotals = (got: number[], batchTotals: Record<string, string>) =>
  TOTAL_KEYS.forEach((k, i) =>
    expect([k, dec(String(got[i])).toString()]).toEqual([k, dec(batchTotals[k]!).toString()]),
  );

it('本金分配: the form links the 测算表; it downloads without a login; forged, expired and outdated links are refused', async () => {
  const acct = await loginAs(t, 'hhkj');
  const reviewer = await loginAs(t, 'hhadmin');
  const created = await acct.post(`/api/projects/${projectId}/distributions`, {
    kind: 'PRINCIPAL',
    date: '2026-07-01',
  });
  expect(created.status).toBe(201);
  const ref = { id: created.data.id as number, url: `/api/projects/${projectId}/distributions/${created.data.id}` };
  const withPeak = await acct.patch(ref.url, { version: created.data.version, actualPeak: '48000000.00' });
  expect(withPeak.status).toBe(200);
  const calc = await acct.post(`${ref.url}/calculate`, { version: withPeak.data.version });
  expect(calc.data.totals).toMatchObject({ principal: '500000.00', interest: '-19835.61', payout: '480164.39' });

  const approve = async () => {
    const version = (await acct.get(ref.url)).data.version;
    const submitted = await acct.post(`${ref.url}/submit`, { version });
    expect(submitted.status).toBe(200);
    const review = (await reviewer.get(`/api/reviews/${submitted.data.reviewId}`)).data;
    expect((await reviewer.post(`/api/reviews/${review.id}/approve`, { version: review.version })).status).toBe(200);
  };
  await approve();
  const peak = await acct.post(`/api/projects/${projectId}/flows/ACTUAL_PEAK/start`);
  expect(peak.status).toBe(201);
  await emu.completeApproval(peak.data.instanceId, 'agree');
  await eventually(async () => {
    const f = await t.deps.db.projectFlow.findUniqueOrThrow({ where: { id: peak.data.id } });
    if (f.status !== 'COMPLETED') throw new Error(f.status);
  });

  const started = Date.now();
  const flow = await acct.post(`/api/projects/${projectId}/flows/PRINCIPAL_DISTRIBUTION/start`);
  expect(flow.status).toBe(201);
  const form = await formSentToDingtalk(flow.data.instanceId);
  expect(form.map((f) => f.name).slice(-3)).toEqual(['情况说明', '测算表', '测算表附件']);
  const link = sheetLinkOf(form);
  // valid 30 days from 发起; the 情况说明 says until when
  const expiry = Number(link.url.split('.').at(-2)) * 1000;
  expect(expiry - started).toBeGreaterThanOrEqual(30 * 86400_000 - 60_000);
  expect(expiry - started).toBeLessThanOrEqual(30 * 86400_000 + 60_000);
  expect(form.find((f) => f.name === '情况说明')!.value).toMatch(/测算表（Excel）链接有效期至 \d{4}-\d{2}-\d{2}$/);

  // followed without a session (an approver in DingTalk OA): the batch's Excel sheet with its 合计 row
  const sheet = await t.http.get(link.path, { responseType: 'arraybuffer' });
  expect(sheet.status).toBe(200);
  expect(sheet.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  const disposition = String(sheet.headers['content-disposition']);
  expect(decodeURIComponent(disposition.replace(/^attachment; filename\*=UTF-8''/, ''))).toBe(
    '江阴项目-本金分配-2026-07-01.xlsx',
  );
  const read = await readSheet(sheet.data);
  expect(read.label).toBe('合计');
  expect(read.ws.rowCount).toBe(1 + 3 + 1); // header, three holders, 合计
  const batch = (await acct.get(ref.url)).data;
  expect(batch.status).toBe('FLOW');
  expectTotals(read.totals, batch.totals);
  // opening it again works (the link is not single-use)
  expect((await t.http.get(link.path)).status).toBe(200);

  // the same workbook went into the approval's 钉盘 space: the form's 附件 value references the stored file
  const attached = JSON.parse(form.find((f) => f.name === '测算表附件')!.value) as Record<string, string>[];
  const stored = (await emu.storedFiles()).find((f) => f.fileId === attached[0]!.fileId)!;
  expect(attached).toEqual([
    {
      spaceId: stored.spaceId,
      fileName: '江阴项目-本金分配-2026-07-01.xlsx',
      fileSize: String(stored.size),
      fileType: 'xlsx',
      fileId: stored.fileId,
    },
  ]);
  expect(stored.name).toBe('江阴项目-本金分配-2026-07-01.xlsx');
  expect(stored.size).toBeGreaterThan(1000);

  // a forged token: another batch id, another fingerprint, a later expiry, another signature — 403 for everyone
  const [id, fp, exp, sig] = link.path.split('/').pop()!.split('.') as [string, string, string, string];
  const flip = (s: string) => (s[0] === 'A' ? 'B' : 'A') + s.slice(1);
  for (const forged of [
    [String(Number(id) + 1), fp, exp, sig],
    [id, flip(fp), exp, sig],
    [id, fp, String(Number(exp) + 86400 * 365), sig],
    [id, fp, exp, flip(sig)],
    [id, fp, exp],
  ]) {
    const res = await t.http.get(`/api/distribution-sheets/${forged.join('.')}`);
    expect(res.status).toBe(403);
    expect(res.data).toMatchObject({ code: 'FORBIDDEN', details: { reason: 'LINK_INVALID' } });
    expect(res.data.message).toContain('测算表链接无效');
  }
  // a token signed with the app's key but expired — 403, saying when it expired
  const expired = signLink(t.deps.config.secretKey, SHEET_LINK.purpose, [id, fp], new Date(Date.now() - 1000));
  const old = await t.http.get(`/api/distribution-sheets/${expired}`);
  expect(old.status).toBe(403);
  expect(old.data).toMatchObject({ code: 'FORBIDDEN', details: { reason: 'LINK_EXPIRED' } });
  expect(old.data.message).toMatch(/^测算表链接已于 \d{4}-\d{2}-\d{2} \d{2}:\d{2} 过期/);
  // the same signature for another purpose does not open it
  const other = signLink(t.deps.config.secretKey, 'payment-receipt', [id, fp], new Date(Date.now() + 3600_000));
  expect((await t.http.get(`/api/distribution-sheets/${other}`)).status).toBe(403);

  // the batch changes: the flow is refused (back to 草稿, lines dropped) — the old link is refused
  await emu.completeApproval(flow.data.instanceId, 'refuse', '其它调整未列入');
  await eventually(async () => {
    const b = await acct.get(ref.url);
    if (b.data.status !== 'DRAFT') throw new Error(b.data.status);
  });
  const changed = await t.http.get(link.path);
  expect(changed.status).toBe(409);
  expect(changed.data).toMatchObject({
    code: 'CONFLICT',
    message: '测算表已更新，请在系统中查看最新版本',
    details: { reason: 'SHEET_CHANGED', batchId: ref.id },
  });
  // … and still refused once the batch has been corrected and calculated again (other amounts)
  const draft = (await acct.get(ref.url)).data;
  const edited = await acct.patch(ref.url, {
    version: draft.version,
    adjustments: [{ level: 'CITY', userId: ids.u1001, amount: '1000.00', reason: '垫付费用返还' }],
  });
  expect(edited.status).toBe(200);
  const again = await acct.post(`${ref.url}/calculate`, { version: edited.data.version });
  expect(again.data.totals.payout).toBe('481164.39');
  expect((await t.http.get(link.path)).status).toBe(409);

  // the next flow's form links the new sheet
  await approve();
  const second = await acct.post(`/api/projects/${projectId}/flows/PRINCIPAL_DISTRIBUTION/start`);
  expect(second.status).toBe(201);
  const next = sheetLinkOf(await formSentToDingtalk(second.data.instanceId));
  expect(next.url).not.toBe(link.url);
  const fresh = await t.http.get(next.path, { responseType: 'arraybuffer' });
  expect(fresh.status).toBe(200);
  const reread = await readSheet(fresh.data);
  expectTotals(reread.totals, (await acct.get(ref.url)).data.totals);
  expect(reread.totals[TOTAL_KEYS.indexOf('payout')]).toBe(481164.39);
  expect((await t.http.get(link.path)).status).toBe(409);
});
