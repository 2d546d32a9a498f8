/**
 * 小股东 / 外部股东 over HTTP with PostgreSQL, Redis and the review pipeline: 股东登记 → 申请审核 → 退回 (with the
 * reason) → 修改 → 审核通过; then a distribution batch: 录入 / 导入 (row and column errors, nothing half-imported) →
 * 送审 → 审核通过 → 登记发放, totals to the cent, export; every change audited, numbers never stored or listed in clear.
 */
import ExcelJS from 'exceljs';
import { seedDemo } from '../../server/seed/seed';
import { idCardCheck } from '../../shared/certificate';
import { startTestApp, type TestApp } from '../support/app';
import { loginAs } from '../support/auth';

let t: TestApp;
let projectId: number;
let admin: Awaited<ReturnType<typeof loginAs>>;
let acct: Awaited<ReturnType<typeof loginAs>>;
let other: Awaited<ReturnType<typeof loginAs>>;

const idNo = (first17: string) => first17 + idCardCheck(first17);
const PERSON_ID = idNo('32028119800101123');
const COMPANY_ID = '91350100M000100Y43';

beforeAll(async () => {
  t = await startTestApp();
  await seedDemo(t.deps.db);
  projectId = (await t.deps.db.project.findUniqueOrThrow({ where: { name: '靖江项目' } })).id;
  admin = await loginAs(t, 'hhadmin');
  acct = await loginAs(t, 'hhkj');
  other = await loginAs(t, 'kmkj');
});
afterAll(() => t.close());

const holders = `/api/projects/${0}/minority-holders`;
const url = (p: string) => p.replace('/projects/0/', `/projects/${projectId}/`);

const upload = (http: typeof acct, path: string, file: Buffer) => {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(file)]), 'import.xlsx');
  return http.post(path, form);
};

async function approve(reviewId: number) {
  const r = await admin.post(`/api/reviews/${reviewId}/approve`, {});
  expect(r.status).toBe(200);
}

let personId: number;
let companyId: number;

test('股东登记 → 申请审核 → 退回 with a reason → 修改 → 审核通过; numbers sealed and shown masked', async () => {
  // validation names the field
  const badId = await acct.post(url(holders), {
    name: '张小股',
    type: 'PERSON',
    certificateNo: '320281198001011230',
    holdingRatio: '5',
  });
  expect(badId.status).toBe(400);
  expect(badId.data.details).toEqual([{ path: 'certificateNo', message: expect.stringMatching(/校验位不正确/) }]);
  expect(
    (await other.post(url(holders), { name: 'x', type: 'PERSON', certificateNo: PERSON_ID, holdingRatio: '1' })).status,
  ).toBe(403);

  const person = await acct.post(url(holders), {
    name: '张小股',
    type: 'PERSON',
    certificateNo: PERSON_ID,
    holdingRatio: '5.5',
    bankName: '中国工商银行靖江支行',
    bankAccount: '6222 0212 3456 7890',
    contactName: '张小股',
    contactPhone: '13900000001',
  });
  expect(person.status).toBe(201);
  personId = person.data.id;
  expect(person.data).toMatchObject({
    certificateNo: `${PERSON_ID.slice(0, 3)}***********${PERSON_ID.slice(-4)}`,
    bankAccount: '**** **** 7890',
    holdingRatio: '5.5000',
    status: 'DRAFT',
  });
  const company = await acct.post(url(holders), {
    name: '靖江城投发展有限公司',
    type: 'COMPANY',
    certificateNo: COMPANY_ID,
    holdingRatio: '20',
    bankAccount: '3201 0000 1111 2222 333',
  });
  expect(company.status).toBe(201);
  companyId = company.data.id;
  // one entry per number per project; holdings at most 100% together
  const again = await acct.post(url(holders), {
    name: '重复',
    type: 'COMPANY',
    certificateNo: COMPANY_ID,
    holdingRatio: '1',
  });
  expect(again.status).toBe(409);
  const over = await acct.post(url(holders), {
    name: '超比例',
    type: 'PERSON',
    certificateNo: idNo('11010519491231002'),
    holdingRatio: '80',
  });
  expect(over.status).toBe(400);
  expect(over.data.message).toBe('外部股东持股比例合计 105.5% 超过 100%');

  // nothing in clear at rest, nor in the audit rows
  const row = await t.deps.db.minorityHolder.findUniqueOrThrow({ where: { id: personId } });
  expect(row.certificateNoEnc).not.toContain(PERSON_ID);
  expect(row.bankAccountEnc).not.toContain('7890');
  const audits = JSON.stringify(
    (await t.deps.db.auditLog.findMany({ where: { entity: 'MinorityHolder' } })).map((a) => [a.before, a.after]),
  );
  expect(audits).not.toContain(PERSON_ID);
  expect(audits).not.toContain('6222021234567890');

  // 申请审核 → the business admin's queue
  const submitted = await acct.post(url(`${holders}/${personId}/submit`), { version: person.data.version });
  expect(submitted.status).toBe(200);
  const queue = await admin.get('/api/reviews', { params: { status: 'PENDING', projectId } });
  const entry = queue.data.items.find((r: { id: number }) => r.id === submitted.data.reviewId);
  expect(entry).toMatchObject({ kind: '外部股东登记审核', subjectType: 'MINORITY_HOLDER' });
  const detail = await admin.get(`/api/reviews/${submitted.data.reviewId}`);
  expect(detail.data.lines).toContainEqual({ label: '身份证号', value: person.data.certificateNo });
  // 退回 with a reason: the accountant sees it on the entry
  const returned = await admin.post(`/api/reviews/${submitted.data.reviewId}/reject`, {
    reason: '持股比例与工商登记不符',
  });
  expect(returned.status).toBe(200);
  let list = await acct.get(url(holders));
  expect(list.data.items.find((h: { id: number }) => h.id === personId)).toMatchObject({
    status: 'RETURNED',
    returnReason: '持股比例与工商登记不符',
  });
  // 修改 (the number kept when left empty) and 申请审核 again → 审核通过
  const current = list.data.items.find((h: { id: number }) => h.id === personId);
  const edited = await acct.put(url(`${holders}/${personId}`), {
    name: '张小股',
    type: 'PERSON',
    certificateNo: '',
    holdingRatio: '6',
    bankAccount: '',
    version: current.version,
  });
  expect(edited.status).toBe(200);
  expect(edited.data).toMatchObject({ holdingRatio: '6.0000', bankAccount: '**** **** 7890', status: 'RETURNED' });
  const again2 = await acct.post(url(`${holders}/${personId}/submit`), { version: edited.data.version });
  await approve(again2.data.reviewId);
  const c = await acct.post(url(`${holders}/${companyId}/submit`), { version: company.data.version });
  await approve(c.data.reviewId);
  list = await admin.get(url(holders));
  expect(list.data.items.map((h: { status: string }) => h.status)).toEqual(['APPROVED', 'APPROVED']);
  expect(list.data.totalRatio).toBe('26.0000');
  const update = await t.deps.db.auditLog.findFirstOrThrow({ where: { entity: 'MinorityHolder', action: 'update' } });
  expect(update.before).toMatchObject({ holdingRatio: '5.5' });
  expect(update.after).toMatchObject({ holdingRatio: '6' });
});

test('股东分配: 录入 / 导入 with row errors → 送审 → 审核通过 → 登记发放, totals to the cent, export', async () => {
  const batches = url(`/api/projects/0/minority-batches`);
  const created = await acct.post(batches, { title: '2026年第一次分配', distributionDate: '2026-12-20' });
  expect(created.status).toBe(201);
  const id = created.data.id;
  expect(created.data).toMatchObject({ seq: 1, status: 'DRAFT', total: '0.00' });
  // nothing to review yet
  expect((await acct.post(`${batches}/${id}/submit`, { version: created.data.version })).status).toBe(409);

  // typed lines: 0.10 + 0.20 add up to 0.30 exactly
  const typed = await acct.put(`${batches}/${id}/lines`, {
    version: created.data.version,
    lines: [
      { holderId: personId, amount: '0.10' },
      { holderId: companyId, amount: '0.20' },
    ],
  });
  expect(typed.status).toBe(200);
  expect(typed.data.total).toBe('0.30');

  // the template is the export: every approved holder, masked numbers
  const tpl = await acct.get(`${batches}/${id}/export`, { responseType: 'arraybuffer' });
  expect(tpl.status).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(tpl.data);
  const ws = wb.worksheets[0]!;
  expect(ws.getRow(1).values).toEqual([
    undefined,
    '股东编号',
    '股东名称',
    '类型',
    '证件号码',
    '持股比例(%)',
    '银行账号',
    '分配金额',
    '备注',
  ]);
  expect(ws.getRow(2).getCell(4).value).toMatch(/\*{4}/);
  // an import with problems: every one named by row and column, nothing stored
  ws.getRow(2).getCell(7).value = 'abc';
  ws.getRow(3).getCell(7).value = 1.234;
  ws.addRow([99999, '不存在', '', '', '', '', 10]);
  const badFile = Buffer.from(await wb.xlsx.writeBuffer());
  const bad = await upload(acct, `${batches}/${id}/import?version=${typed.data.version}`, badFile);
  expect(bad.status).toBe(422);
  expect(bad.data.details.errors.map((e: { row: number; column: string }) => `${e.row}:${e.column}`)).toEqual([
    '2:分配金额',
    '3:分配金额',
    '5:股东编号',
  ]);
  expect((await acct.get(`${batches}/${id}`)).data.total).toBe('0.30');
  // a good import
  ws.getRow(2).getCell(7).value = 123456.78;
  ws.getRow(3).getCell(7).value = 987654.32;
  ws.getRow(5).values = []; // the unknown holder's row removed; the 合计 row is skipped on import
  const ok = await upload(
    acct,
    `${batches}/${id}/import?version=${typed.data.version}`,
    Buffer.from(await wb.xlsx.writeBuffer()),
  );
  expect(ok.status).toBe(200);
  expect(ok.data).toMatchObject({ imported: 2, total: '1111111.10' });
  expect(ok.data.lines.map((l: { amount: string }) => l.amount)).toEqual(['123456.78', '987654.32']);

  // 送审 → the admin approves → paid date
  const sub = await acct.post(`${batches}/${id}/submit`, { version: ok.data.version });
  expect(sub.status).toBe(200);
  const review = await admin.get(`/api/reviews/${sub.data.reviewId}`);
  expect(review.data).toMatchObject({ kind: '外部股东分配审核', amount: '1111111.10' });
  // no edits while in review
  expect((await acct.put(`${batches}/${id}/lines`, { version: ok.data.version + 1, lines: [] })).status).toBe(409);
  await approve(sub.data.reviewId);
  let detail = await acct.get(`${batches}/${id}`);
  expect(detail.data.status).toBe('APPROVED');
  const paid = await acct.post(`${batches}/${id}/paid`, { version: detail.data.version, paidOn: '2026-12-21' });
  expect(paid.status).toBe(200);
  expect(paid.data).toMatchObject({ status: 'PAID', paidOn: '2026-12-21', total: '1111111.10' });
  detail = await admin.get(batches);
  expect(detail.data.items[0]).toMatchObject({ status: 'PAID', lineCount: 2 });

  // the export carries the lines and the 合计 row
  const out = await admin.get(`${batches}/${id}/export`, { responseType: 'arraybuffer' });
  const wb2 = new ExcelJS.Workbook();
  await wb2.xlsx.load(out.data);
  const rows = wb2.worksheets[0]!.getSheetValues().slice(2) as unknown[][];
  expect(rows.map((r) => r[7])).toEqual([123456.78, 987654.32, 1111111.1]);
  expect(rows[2]![2]).toBe('合计');
  // every step audited
  const actions = (
    await t.deps.db.auditLog.findMany({
      where: { entity: 'MinorityBatch', entityId: String(id) },
      orderBy: { id: 'asc' },
    })
  ).map((a) => a.action);
  expect(actions).toEqual(['create', 'edit_lines', 'import_lines', 'submit', 'approved', 'paid']);
});

test('a returned batch goes back to 录入中 with the reason', async () => {
  const batches = url(`/api/projects/0/minority-batches`);
  const b = await acct.post(batches, { title: '第二次', distributionDate: '2027-01-10' });
  const saved = await acct.put(`${batches}/${b.data.id}/lines`, {
    version: b.data.version,
    lines: [{ holderId: companyId, amount: '1000.00' }],
  });
  const sub = await acct.post(`${batches}/${b.data.id}/submit`, { version: saved.data.version });
  await admin.post(`/api/reviews/${sub.data.reviewId}/reject`, { reason: '金额待董事会确认' });
  const d = await acct.get(`${batches}/${b.data.id}`);
  expect(d.data).toMatchObject({ status: 'DRAFT', returnReason: '金额待董事会确认', seq: 2 });
  // the holder's entry changes (back to 登记中): the batch waits for the new approval
  const h = (await acct.get(url(holders))).data.items.find((x: { id: number }) => x.id === companyId);
  const edited = await acct.put(url(`${holders}/${companyId}`), {
    name: h.name,
    type: 'COMPANY',
    holdingRatio: '21',
    version: h.version,
  });
  expect(edited.data.status).toBe('DRAFT');
  const refused = await acct.post(`${batches}/${b.data.id}/submit`, { version: d.data.version });
  expect(refused.status).toBe(409);
  expect(refused.data.message).toBe('靖江城投发展有限公司 的登记尚未审核通过（登记已修改），审核通过后才能送审');
});
