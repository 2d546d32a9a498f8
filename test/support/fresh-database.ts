/**
 * Every test file gets its own database, copied from the migrated template (a file copy: ~0.1 s), so files never
 * see each other's data. Runs before the file's own hooks (setupFilesAfterEnv), so testDeps() picks it up.
 * The copies are dropped with the throwaway server at the end of the run (or by global teardown).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { demoApprovalTemplateRows } from '../../server/seed/approval-templates';

beforeAll(async () => {
  const base = process.env.TEST_DATABASE_BASE_URL;
  const template = process.env.TEST_TEMPLATE_DATABASE;
  if (!base || !template) return;
  const name = `gentou_t${process.env.JEST_WORKER_ID ?? '1'}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: withDb(base, 'postgres') });
  await admin.connect();
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
        break;
      } catch (err) {
        // another worker copying the same template at this instant: try again shortly
        if (attempt >= 20 || !/being accessed by other users/.test(String(err))) throw err;
        await new Promise((r) => setTimeout(r, 100 * attempt));
      }
    }
  } finally {
    await admin.end();
  }
  // 钉钉设置 → 审批模板 as the demo has it: every flow type mapped to the emulator's demo templates, so every test
  // that starts a flow does so as a configured tenant would (a test of the unconfigured case deletes the rows)
  const db = new pg.Client({ connectionString: withDb(base, name) });
  await db.connect();
  try {
    for (const t of demoApprovalTemplateRows())
      await db.query(
        `INSERT INTO "ApprovalTemplate" ("flowType", "processCode", "fieldMap", "version", "updatedAt") VALUES ($1, $2, $3, 1, now())`,
        [t.flowType, t.processCode, JSON.stringify(t.fieldMap)],
      );
  } finally {
    await db.end();
  }
  process.env.DATABASE_URL = withDb(base, name);
  // and its own Redis prefix: queues, job ids and sessions of one file never meet another's (row ids restart per database)
  process.env.REDIS_PREFIX = name.replace('gentou_', '');
});

function withDb(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}
