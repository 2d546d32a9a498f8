/**
 * The ledger backfill (资金台账初始化) lives in the migration that created the ledger
 * (prisma/migrations/20261201003154_capital_ledger/migration.sql, between the "capital-ledger backfill" markers):
 * one INSERT … SELECT … ON CONFLICT ("idempotencyKey") DO NOTHING, so running it again only adds what is missing.
 * This module reads that block, so the migration and anything that re-runs it (the integration test, a repair tool)
 * execute the same SQL.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const LEDGER_MIGRATION = '20261201003154_capital_ledger';
const BEGIN = '-- capital-ledger backfill:begin';
const END = '-- capital-ledger backfill:end';

/** The migrations folder: PRISMA_MIGRATIONS_PATH (as the migration runner), else beside the source or dist/ tree. */
function migrationsFolder(): string {
  const candidates = [
    process.env.PRISMA_MIGRATIONS_PATH,
    path.resolve(__dirname, '../../../prisma/migrations'), // server/modules/capital
    path.resolve(__dirname, '../../../../prisma/migrations'), // dist/server/modules/capital
  ].filter((c): c is string => Boolean(c));
  return candidates.find((c) => existsSync(path.join(c, LEDGER_MIGRATION))) ?? candidates[candidates.length - 1];
}

/** The backfill statement of the ledger migration (one statement, no trailing semicolon). */
export function backfillSql(migrationsDir = migrationsFolder()): string {
  const text = readFileSync(path.join(migrationsDir, LEDGER_MIGRATION, 'migration.sql'), 'utf8');
  const from = text.indexOf(BEGIN);
  const to = text.indexOf(END);
  if (from < 0 || to < from) throw new Error(`${LEDGER_MIGRATION}: the backfill markers are missing`);
  const block = text.slice(from + BEGIN.length, to).trim();
  if (!block.endsWith(';') || block.slice(0, -1).includes(';'))
    throw new Error(`${LEDGER_MIGRATION}: the backfill block must be exactly one statement`);
  return block.slice(0, -1);
}
