/**
 * The export worker as its own process (server/workers/export-worker.ts), as `npm start` runs it: an export asked
 * for through the API is written by that process into its large object and downloads; the process loads neither
 * Prisma nor the app (what keeps a 100,000-row export's process small: test/bench/export.ts).
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { seedDemo } from '../../server/seed/seed';
import { startTestApp, type TestApp } from '../support/app';
import { loginAs } from '../support/auth';
import { eventually } from '../support/eventually';

const ROOT = path.join(__dirname, '../..');
const ENTRY = path.join(ROOT, 'server/workers/export-worker.ts');

let t: TestApp;
let worker: ChildProcess;

beforeAll(async () => {
  t = await startTestApp(); // no workers in this process: only the spawned export worker takes the job
  await seedDemo(t.deps.db);
  worker = spawn(process.execPath, ['--import', 'tsx', ENTRY], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: t.deps.databaseUrl,
      REDIS_URL: t.deps.redisUrl,
      REDIS_PREFIX: t.deps.prefix,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  await new Promise<void>((resolve, reject) => {
    worker.once('message', () => resolve());
    worker.once('exit', (code) => reject(new Error(`the export worker exited ${code} before it was ready`)));
  });
}, 60_000);

afterAll(async () => {
  if (worker && worker.exitCode === null) {
    const exited = new Promise((r) => worker.once('exit', r));
    worker.kill('SIGTERM');
    await exited;
  }
  await t.close();
});

it('writes an export asked for through the API into its large object, for download', async () => {
  const http = await loginAs(t, 'hhadmin');
  const res = await http.post('/api/exports', { kind: 'PROJECT_KPIS' });
  expect(res.status).toBe(201);
  const done = await eventually(async () => {
    const r = await http.get(`/api/exports/${res.data.id}`);
    expect(r.data.status).toBe('DONE');
    return r.data;
  }, 30_000);
  expect(done.percent).toBe(100);
  expect(done.rowsDone).toBeGreaterThan(0);
  const file = await http.get(`/api/exports/${res.data.id}/file`, { responseType: 'arraybuffer' });
  expect(file.status).toBe(200);
  expect((file.data as ArrayBuffer).byteLength).toBe(done.sizeBytes);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(file.data as ArrayBuffer);
  const ws = wb.worksheets[0]!;
  expect(ws.getRow(1).getCell(3).value).toBe('项目名称');
  expect(ws.rowCount).toBe(done.rowsDone + 1);
  // amounts keep their format (资金峰值 is money, 项目名称 text), and the header is bold
  expect(ws.getRow(2).getCell(4).numFmt).toBe('#,##0.00');
  expect(ws.getRow(2).getCell(3).numFmt).toBeFalsy();
  expect(ws.getRow(1).getCell(1).font?.bold).toBe(true);
});

it('loads neither Prisma nor the app', () => {
  const loaded = execFileSync(
    process.execPath,
    [
      '--import',
      'tsx',
      '-e',
      `require(${JSON.stringify(ENTRY)}); process.stdout.write(JSON.stringify(Object.keys(require.cache)))`,
    ],
    { cwd: ROOT, encoding: 'utf8' },
  );
  const modules = JSON.parse(loaded) as string[];
  expect(modules.some((m) => m.includes('/exceljs/'))).toBe(true);
  expect(modules.some((m) => m.includes('/pg/'))).toBe(true);
  expect(
    modules.filter((m) => /@prisma|\/server\/generated\/|\/koa\/|\/server\/app\.ts|\/server\/deps\.ts/.test(m)),
  ).toEqual([]);
});
