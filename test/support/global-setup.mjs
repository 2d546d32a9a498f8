// Starts throwaway PostgreSQL and Redis unless DATABASE_URL / REDIS_URL are given and migrates a template
// database once; test/support/fresh-database.ts copies it for each test file (CREATE DATABASE … TEMPLATE: a file copy).
// What the run needs from Debian and lacks (redis-server; chromium and fonts-noto-cjk when browser tests are among
// the selected files) is installed first with apt-get (server/tools/system-packages.mjs), so `npm test` works on a
// machine with only Node and apt.
import { readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { ensureRedisServer, startPostgres, startRedis } from '../../server/tools/services.mjs';
import { dpkgInstalled, installAptPackages, which } from '../../server/tools/system-packages.mjs';
import { deploy } from '../../server/tools/prisma-wasm.mjs';

export default async function globalSetup(globalConfig, projectConfig) {
  const t0 = Date.now();
  ensureSystemPackages(globalConfig, projectConfig);
  globalThis.__services = [];
  let baseUrl = process.env.DATABASE_URL;
  if (!baseUrl) {
    // not mkdtemp: its 0700 folder would block the 'postgres' user when running as root
    const dataDir = path.join(os.tmpdir(), `gentou-jest-pg-${process.pid}-${Date.now()}`);
    const server = await startPostgres({ dataDir, database: 'postgres', persistent: false });
    baseUrl = server.url;
    globalThis.__services.push(server);
  }
  if (!process.env.REDIS_URL) {
    const redis = await startRedis({ purpose: 'npm test' });
    process.env.REDIS_URL = redis.url;
    globalThis.__services.push(redis);
  }
  const template = 'gentou_test_template';
  const admin = new pg.Client({ connectionString: withDb(baseUrl, 'postgres') });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${template}"`);
  await deploy(withDb(baseUrl, template));
  await admin.end();
  process.env.TEST_DATABASE_BASE_URL = baseUrl;
  process.env.TEST_TEMPLATE_DATABASE = template;
  console.log(`\n[global-setup] PostgreSQL + Redis ready, template database migrated in ${Date.now() - t0} ms`);
}

export function withDb(url, db) {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

/** Test files (relative to the root) that use a system binary beyond the shared Redis. */
const BROWSER_TESTS = () => [
  ...readdirSync(new URL('../console/', import.meta.url))
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => `test/console/${f}`),
  // the mini-program's screenshots (npm run miniapp:preview) are drawn by chromium too
  'test/miniapp/preview.int.test.ts',
];
const OWN_REDIS_TESTS = ['server/modules/notify/crash.int.test.ts'];

/**
 * Whether jest will run any of `files`: they match the command line's path patterns (none = all; jest matches
 * each as a case-insensitive regex against the relative and the absolute path) and no testPathIgnorePatterns.
 */
export function runSelects(files, { rootDir, patterns = [], ignore = [] }) {
  return files.some((rel) => {
    const abs = path.join(rootDir, rel);
    if (ignore.some((re) => new RegExp(re).test(abs))) return false;
    if (patterns.length === 0) return true;
    return patterns.some((p) => {
      const re = new RegExp(p.replace(/^\.\//, '^'), 'i');
      return re.test(rel) || re.test(abs);
    });
  });
}

function ensureSystemPackages(globalConfig, projectConfig) {
  const opts = {
    rootDir: globalConfig?.rootDir ?? projectConfig?.rootDir ?? process.cwd(),
    patterns: globalConfig?.testPathPatterns?.patterns ?? [],
    ignore: projectConfig?.testPathIgnorePatterns ?? [],
  };
  if (!process.env.REDIS_URL || runSelects(OWN_REDIS_TESTS, opts)) ensureRedisServer({ purpose: 'npm test' });
  // fonts-noto-cjk for every run: agreement PDFs are generated (and read back) outside the browser tests too
  if (!runSelects(BROWSER_TESTS(), opts)) {
    if (!dpkgInstalled('fonts-noto-cjk') && which('dpkg-query'))
      installAptPackages(['fonts-noto-cjk'], { purpose: 'npm test' });
    return;
  }
  const missing = [];
  const chromium = process.env.CHROMIUM_PATH || which('chromium');
  if (!chromium) missing.push('chromium');
  if (!dpkgInstalled('fonts-noto-cjk') && which('dpkg-query')) missing.push('fonts-noto-cjk');
  installAptPackages(missing, { purpose: 'npm test' });
  // the browser tests (test/support/browser.ts) launch what was found or installed here
  process.env.CHROMIUM_PATH ||= which('chromium') ?? '/usr/bin/chromium';
}
