import { PrismaPg } from '@prisma/adapter-pg';
import { Prisma, PrismaClient } from '../generated/prisma/client';

export { Prisma };
export type Db = PrismaClient;
/** A Prisma client or an interactive transaction: repositories accept either. */
export type Tx = Prisma.TransactionClient | PrismaClient;

export function createDb(url: string, poolSize = 10): Db {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: poolSize }) });
}
