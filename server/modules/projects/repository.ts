import type { Prisma } from '../../generated/prisma/client';
import type { Tx } from '../../lib/db';
import type { TProject, TProjectOperator } from '../../../shared/api/identity';
import { formatDate } from '../../../shared/datetime';

export const projectSelect = {
  id: true,
  code: true,
  name: true,
  acquiredOn: true,
  isOpen: true,
  isSettled: true,
  isJointOperation: true,
  operator: true,
  acquisitionMethod: true,
  isReserved: true,
  version: true,
  updatedAt: true,
  orgUnitId: true,
  batchId: true,
  orgUnit: { select: { id: true, name: true, kind: true, parent: { select: { name: true, kind: true } } } },
  batch: { select: { id: true, name: true } },
} satisfies Prisma.ProjectSelect;
export type ProjectRow = Prisma.ProjectGetPayload<{ select: typeof projectSelect }>;

/** 区域: the city company a project belongs to (its own company, or the city above a 直属项目公司). */
const regionOf = (o: ProjectRow['orgUnit']) =>
  o.kind === 'CITY' ? o.name : o.parent?.kind === 'CITY' ? o.parent.name : o.name;

export function toProjectDto(p: ProjectRow): TProject {
  return {
    id: p.id,
    code: p.code,
    name: p.name,
    orgUnit: { id: p.orgUnit.id, name: p.orgUnit.name },
    region: regionOf(p.orgUnit),
    acquiredOn: p.acquiredOn ? formatDate(p.acquiredOn) : null,
    batch: p.batch,
    isOpen: p.isOpen,
    isSettled: p.isSettled,
    isJointOperation: p.isJointOperation,
    operator: p.operator as TProjectOperator | null,
    acquisitionMethod: p.acquisitionMethod,
    isReserved: p.isReserved,
    version: p.version,
    updatedAt: p.updatedAt.toISOString(),
  };
}

/** Search by name, code, batch or region (company or the city above it). */
export function projectSearchWhere(q: string | undefined): Prisma.ProjectWhereInput {
  if (!q) return {};
  const contains = { contains: q, mode: 'insensitive' as const };
  return {
    OR: [
      { name: contains },
      { code: contains },
      { batch: { name: contains } },
      { orgUnit: { name: contains } },
      { orgUnit: { parent: { name: contains } } },
    ],
  };
}

const ORDER: Record<string, (o: 'asc' | 'desc') => Prisma.ProjectOrderByWithRelationInput> = {
  id: (o) => ({ id: o }),
  name: (o) => ({ name: o }),
  acquiredOn: (o) => ({ acquiredOn: o }),
  batch: (o) => ({ batch: { name: o } }),
  orgUnit: (o) => ({ orgUnit: { name: o } }),
};

export async function listProjects(
  db: Tx,
  where: Prisma.ProjectWhereInput,
  sort: string,
  order: 'asc' | 'desc',
  page: number,
  pageSize: number,
) {
  const [rows, total] = await Promise.all([
    db.project.findMany({
      where,
      select: projectSelect,
      orderBy: [ORDER[sort]!(order), { id: 'asc' }],
      skip: (page - 1) * pageSize,
      take: pageSize,
    }),
    db.project.count({ where }),
  ]);
  return { items: rows.map(toProjectDto), total, page, pageSize };
}

export const findProject = (db: Tx, id: number) => db.project.findUnique({ where: { id }, select: projectSelect });

/** Date-only values are stored at UTC midnight of that calendar day (a @db.Date column). */
export const dateOnly = (day: string | null | undefined): Date | null | undefined =>
  day === undefined ? undefined : day === null ? null : new Date(`${day}T00:00:00Z`);

/** What an import sheet may name: the active city / direct companies and every batch. */
export async function importLookups(db: Tx) {
  const [units, batches] = await Promise.all([
    db.orgUnit.findMany({
      where: { kind: { in: ['CITY', 'DIRECT'] }, active: true },
      select: { id: true, name: true },
    }),
    db.projectBatch.findMany({ select: { id: true, name: true } }),
  ]);
  return { units, batches };
}
