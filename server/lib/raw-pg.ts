/**
 * A plain `pg` pool beside Prisma, for what Prisma does not stream: keyset pages of large exports read as text (no
 * Decimal objects per cell), PostgreSQL large objects (lo_put / lo_get) and the hot read of 个人中心. One pool per
 * database URL per process, small (the exports and the overview are its only users), closed with the deps.
 */
import pg from 'pg';

const pools = new Map<string, pg.Pool>();

// numeric, date and timestamp columns stay strings: money is decimal text on the wire, dates are calendar days
const TEXT_TYPES = [1700, 1082, 1114, 1184];
const types = {
  getTypeParser: (oid: number, format?: string) =>
    TEXT_TYPES.includes(oid) ? (v: string) => v : pg.types.getTypeParser(oid, format as 'text'),
};

export function rawPool(databaseUrl: string): pg.Pool {
  let pool = pools.get(databaseUrl);
  if (!pool) {
    pool = new pg.Pool({ connectionString: databaseUrl, max: 6, types });
    // an idle connection dropped by the server (restart, failover) is discarded by the pool; the next query reconnects
    pool.on('error', () => undefined);
    pools.set(databaseUrl, pool);
  }
  return pool;
}

export async function closeRawPool(databaseUrl: string): Promise<void> {
  const pool = pools.get(databaseUrl);
  if (!pool) return;
  pools.delete(databaseUrl);
  await pool.end();
}
