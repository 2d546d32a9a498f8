// Starts throwaway PostgreSQL and Redis unless DATABASE_URL / REDIS_URL are given and migrates a template
// database once; test/support/fresh-database.ts copies it for each test file (CREATE DATABASE … TEMPLATE: a file copy).
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startPostgres, startRedis } from '../../server/tools/services.mjs';
import { deploy } from '../../server/tools/prisma-wasm.mjs';

export default async function globalSetup() {
  const t0 = Date.now();
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
    const redis = await startRedis();
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
