/** The only Prisma code of 强投名单: the list, the companies above a project, a round's lines and acknowledgements. */
import type { Db, Tx } from '../../lib/db';
import { notFound } from '../../lib/errors';
import type { Prisma } from '../../generated/prisma/client';

export async function findEntries(db: Db | Tx, orgUnitIds?: number[]) {
  const rows = await db.mandatoryInvestor.findMany({
    where: orgUnitIds ? { orgUnitId: { in: orgUnitIds } } : {},
    orderBy: [{ orgUnitId: 'asc' }, { id: 'asc' }],
  });
  const users = await db.user.findMany({
    where: { id: { in: [...new Set(rows.map((r) => r.userId))] } },
    select: { id: true, name: true, jobNumber: true, status: true },
  });
  const units = await db.orgUnit.findMany({
    where: { id: { in: [...new Set(rows.map((r) => r.orgUnitId))] } },
    select: { id: true, name: true },
  });
  return rows.map((r) => ({
    ...r,
    user: users.find((u) => u.id === r.userId)!,
    orgUnitName: units.find((u) => u.id === r.orgUnitId)?.name ?? '',
  }));
}
export type EntryRow = Awaited<ReturnType<typeof findEntries>>[number];

export async function findEntry(db: Db | Tx, id: number) {
  const row = await db.mandatoryInvestor.findUnique({ where: { id } });
  if (!row) throw notFound('强投名单条目');
  return row;
}

export const orgUnitExists = async (tx: Tx, id: number) =>
  !!(await tx.orgUnit.findFirst({ where: { id, kind: { not: 'DEPARTMENT' } }, select: { id: true } }));
export const userOf = (tx: Tx, id: number) =>
  tx.user.findUnique({ where: { id }, select: { id: true, name: true, status: true } });
export const entryOf = (tx: Tx, orgUnitId: number, userId: number) =>
  tx.mandatoryInvestor.findUnique({ where: { orgUnitId_userId: { orgUnitId, userId } } });
export const insertEntry = (tx: Tx, data: Prisma.MandatoryInvestorUncheckedCreateInput) =>
  tx.mandatoryInvestor.create({ data });
export const updateEntry = async (
  tx: Tx,
  id: number,
  version: number,
  data: Prisma.MandatoryInvestorUpdateManyMutationInput,
) =>
  (await tx.mandatoryInvestor.updateMany({ where: { id, version }, data: { ...data, version: { increment: 1 } } }))
    .count;
export const deleteEntry = (tx: Tx, id: number) => tx.mandatoryInvestor.delete({ where: { id } });

/** The project's company and every company above it (置业集团, 控股集团): whose 强投名单 apply to the project. */
export async function companiesAbove(db: Db | Tx, projectId: number): Promise<number[]> {
  const p = await db.project.findUnique({ where: { id: projectId }, select: { orgUnitId: true } });
  if (!p) throw notFound('项目');
  const out: number[] = [];
  let id: number | null = p.orgUnitId;
  while (id !== null && !out.includes(id)) {
    out.push(id);
    const unit: { parentId: number | null } | null = await db.orgUnit.findUnique({
      where: { id },
      select: { parentId: true },
    });
    id = unit?.parentId ?? null;
  }
  return out;
}

export async function roundLinesOf(db: Db | Tx, projectId: number, roundId: number) {
  const round = await db.subscriptionRound.findFirst({ where: { id: roundId, projectId }, select: { id: true } });
  if (!round) throw notFound('认购轮次');
  return db.roundPartner.findMany({
    where: { roundId },
    select: {
      id: true,
      userId: true,
      category: true,
      minAmount: true,
      subscribedAmount: true,
      investedAmount: true,
      user: { select: { name: true } },
    },
    orderBy: { id: 'asc' },
  });
}

export const latestAcknowledgement = (db: Db | Tx, roundId: number) =>
  db.mandatoryAcknowledgement.findFirst({ where: { roundId }, orderBy: { id: 'desc' } });

export const insertAcknowledgement = (tx: Tx, data: Prisma.MandatoryAcknowledgementUncheckedCreateInput) =>
  tx.mandatoryAcknowledgement.create({ data });
