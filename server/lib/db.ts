import { PrismaPg } from '@prisma/adapter-pg';
import { Prisma, PrismaClient } from '../generated/prisma/client';

export { Prisma };
export type Db = PrismaClient;
/** A Prisma client or an interactive transaction: repositories accept either. */
export type Tx = Prisma.TransactionClient | PrismaClient;

/**
 * Prisma's interactive-transaction defaults (2 s to get a connection, 5 s to finish) are tuned for a quiet machine;
 * a busy one (a 测算 beside a notice batch on two cores) exceeds them and the user sees a failed save. The waits here
 * are still bounded, so a stuck transaction cannot hold a row lock for long.
 */
export const TRANSACTION_OPTIONS = { maxWait: 10_000, timeout: 30_000 } as const;

export function createDb(url: string, poolSize = 10): Db {
  return new PrismaClient({
    // a database that does not answer fails a request within 2 s (503), instead of holding it
    adapter: new PrismaPg({ connectionString: url, max: poolSize, connectionTimeoutMillis: 1500 }),
    transactionOptions: TRANSACTION_OPTIONS,
  });
}
