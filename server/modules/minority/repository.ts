/** The only Prisma code of 小股东: the register, the batches and their lines, and the open reviews of each. */
import type { Db, Tx } from '../../lib/db';
import { notFound } from '../../lib/errors';
import type { Prisma } from '../../generated/prisma/client';

export const HOLDER_REVIEW = 'MINORITY_HOLDER';
export const BATCH_REVIEW = 'MINORITY_BATCH';

export type HolderRow = Awaited<ReturnType<typeof findHolders>>[number];

export const findHolders = (db: Db | Tx, projectId: number, ids?: number[]) =>
  db.minorityHolder.findMany({
    where: { projectId, ...(ids ? { id: { in: ids } } : {}) },
    orderBy: { id: 'asc' },
  });

export async function lockHolder(tx: Tx, projectId: number, id: number) {
  await tx.$queryRaw`SELECT id FROM "MinorityHolder" WHERE id = ${id} FOR UPDATE`;
  const h = await tx.minorityHolder.findFirst({ where: { id, projectId } });
  if (!h) throw notFound('外部股东');
  return h;
}

export const holderByHash = (tx: Tx, projectId: number, certificateHash: string) =>
  tx.minorityHolder.findUnique({ where: { projectId_certificateHash: { projectId, certificateHash } } });

export const insertHolder = (tx: Tx, data: Prisma.MinorityHolderUncheckedCreateInput) =>
  tx.minorityHolder.create({ data });

export const updateHolderRow = async (
  tx: Tx,
  id: number,
  version: number,
  data: Prisma.MinorityHolderUncheckedUpdateManyInput,
) =>
  (await tx.minorityHolder.updateMany({ where: { id, version }, data: { ...data, version: { increment: 1 } } })).count;

/** The ratio of every holder of the project but one (for the ≤ 100% check). */
export async function otherHoldersRatio(tx: Tx, projectId: number, exceptId: number | null) {
  const rows = await tx.minorityHolder.findMany({
    where: { projectId, ...(exceptId ? { id: { not: exceptId } } : {}) },
    select: { holdingRatio: true },
  });
  return rows.map((r) => r.holdingRatio);
}

/** The latest review of each subject, by subject id. */
export async function latestReviews(db: Db | Tx, subjectType: string, subjectIds: number[]) {
  const rows = await db.review.findMany({
    where: { subjectType, subjectId: { in: subjectIds } },
    orderBy: { id: 'desc' },
    select: { id: true, subjectId: true },
  });
  const out = new Map<number, number>();
  for (const r of rows) if (!out.has(r.subjectId)) out.set(r.subjectId, r.id);
  return out;
}

export const projectNameOf = async (db: Db | Tx, projectId: number) =>
  (await db.project.findUniqueOrThrow({ where: { id: projectId }, select: { name: true } })).name;

// ---- batches ---------------------------------------------------------------------------------------------------
export const findBatches = (db: Db | Tx, projectId: number) =>
  db.minorityBatch.findMany({
    where: { projectId },
    orderBy: { seq: 'desc' },
    include: { _count: { select: { lines: true } } },
  });

export async function findBatch(db: Db | Tx, projectId: number, batchId: number) {
  const b = await db.minorityBatch.findFirst({
    where: { id: batchId, projectId },
    include: { lines: { include: { holder: true }, orderBy: { holderId: 'asc' } } },
  });
  if (!b) throw notFound('外部股东分配批次');
  return b;
}
export type BatchWithLines = Awaited<ReturnType<typeof findBatch>>;

export async function lockBatch(tx: Tx, projectId: number, batchId: number) {
  await tx.$queryRaw`SELECT id FROM "MinorityBatch" WHERE id = ${batchId} FOR UPDATE`;
  return findBatch(tx, projectId, batchId);
}

export async function insertBatch(
  tx: Tx,
  projectId: number,
  data: { title: string; distributionDate: Date | null; createdById: number | null },
) {
  await tx.$queryRaw`SELECT id FROM "Project" WHERE id = ${projectId} FOR UPDATE`;
  const last = await tx.minorityBatch.aggregate({ where: { projectId }, _max: { seq: true } });
  return tx.minorityBatch.create({ data: { projectId, seq: (last._max.seq ?? 0) + 1, ...data } });
}

/** Replaces the lines and the stored total; the version moves (a concurrent edit from the same version gets 0). */
export async function replaceLines(
  tx: Tx,
  batchId: number,
  version: number,
  lines: { holderId: number; amount: string; note: string | null }[],
  patch: { total: string; distributionDate?: Date | null },
): Promise<number> {
  const n = (
    await tx.minorityBatch.updateMany({
      where: { id: batchId, version },
      data: { ...patch, returnReason: null, version: { increment: 1 } },
    })
  ).count;
  if (!n) return 0;
  await tx.minorityBatchLine.deleteMany({ where: { batchId } });
  await tx.minorityBatchLine.createMany({ data: lines.map((l) => ({ batchId, ...l })) });
  return n;
}
