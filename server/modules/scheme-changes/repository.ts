/** The scheme change module's queries, shared by its use cases (explicit selects; the use cases hold no query shapes). */
import type { Tx } from '../../lib/db';
import { invalidState, notFound } from '../../lib/errors';
import { dec } from '../../../shared/money';
import { loadLedger, lockProjectScheme } from '../capital/repository';
import type { LedgerEntry } from '../capital/calc/types';
import { OPEN_CHANGE_STATUSES, type ChangeStatus } from './change-state';

export const CHANGE_SELECT = {
  id: true,
  projectId: true,
  seq: true,
  status: true,
  peakCapital: true,
  holdingRatio: true,
  groupRatio: true,
  cityRatio: true,
  otherRatio: true,
  perPersonCapRatio: true,
  shareholders: true,
  oldPeakCapital: true,
  oldHoldingRatio: true,
  oldGroupRatio: true,
  oldCityRatio: true,
  oldOtherRatio: true,
  oldPerPersonCapRatio: true,
  oldShareholders: true,
  reason: true,
  calculatedAt: true,
  appliedAt: true,
  cancelledAt: true,
  version: true,
  createdById: true,
  createdAt: true,
} as const;

export async function loadChange(tx: Tx, projectId: number, changeId: number) {
  const change = await tx.schemeChange.findFirst({ where: { id: changeId, projectId }, select: CHANGE_SELECT });
  if (!change) throw notFound('峰值变更');
  return { ...change, status: change.status as ChangeStatus };
}
export type Change = Awaited<ReturnType<typeof loadChange>>;

/** The project's open change in one of `statuses` (the flows find their change this way), or null. */
export async function openChangeIn(
  tx: Tx,
  projectId: number,
  statuses: readonly ChangeStatus[] = OPEN_CHANGE_STATUSES,
) {
  const c = await tx.schemeChange.findFirst({
    where: { projectId, status: { in: [...statuses] } },
    orderBy: { seq: 'desc' },
    select: CHANGE_SELECT,
  });
  return c && { ...c, status: c.status as ChangeStatus };
}

export const changesOfProject = (tx: Tx, projectId: number) =>
  tx.schemeChange.findMany({ where: { projectId }, orderBy: { seq: 'desc' }, select: CHANGE_SELECT });

export const nextChangeSeq = async (tx: Tx, projectId: number) =>
  ((await tx.schemeChange.aggregate({ where: { projectId }, _max: { seq: true } }))._max.seq ?? 0) + 1;

/** Locks the project's scheme row: one change of the scheme (and of the ledger) at a time per project. */
export async function lockScheme(tx: Tx, projectId: number): Promise<void> {
  await lockProjectScheme(tx, projectId);
}

/** The scheme in force and its shareholders. */
export async function schemeInForce(tx: Tx, projectId: number) {
  const scheme = await tx.projectScheme.findUnique({ where: { projectId } });
  if (!scheme) throw invalidState('请先在【立项信息】中填写资金峰值和合伙投资占比');
  const shareholders = await tx.shareholder.findMany({ where: { projectId }, orderBy: { sortOrder: 'asc' } });
  return { scheme, shareholders };
}
export type SchemeInForce = Awaited<ReturnType<typeof schemeInForce>>;

export const hasConfirmedInitialRound = async (tx: Tx, projectId: number) =>
  (await tx.subscriptionRound.count({
    where: { projectId, kind: 'INITIAL', status: { in: ['CONFIRMED', 'CLOSED'] } },
  })) > 0;

export const projectName = async (tx: Tx, projectId: number) =>
  (await tx.project.findUniqueOrThrow({ where: { id: projectId }, select: { name: true } })).name;

/** The project's ledger (the capital module's reader). */
export const ledgerOf = (tx: Tx, projectId: number): Promise<LedgerEntry[]> => loadLedger(tx, projectId);

/** Each partner's limits at each level: from their latest confirmed round line there (Σ of the maxima, latest minimum). */
export async function partnerLimits(tx: Tx, projectId: number) {
  const lines = await tx.roundPartner.findMany({
    where: { round: { projectId, status: { in: ['CONFIRMED', 'CLOSED'] } } },
    orderBy: [{ round: { seq: 'asc' } }, { id: 'asc' }],
    select: { userId: true, level: true, minAmount: true, maxAmount: true },
  });
  const out = new Map<string, { min: string; max: ReturnType<typeof dec> }>();
  for (const l of lines) {
    const key = `${l.level}:${l.userId}`;
    const prev = out.get(key);
    out.set(key, {
      min: l.minAmount.toString(),
      max: (prev?.max ?? dec(0)).plus(dec(l.maxAmount.toString())),
    });
  }
  return out;
}

export const linesOfChange = (tx: Tx, changeId: number) =>
  tx.schemeChangeLine.findMany({
    where: { changeId },
    orderBy: [{ level: 'asc' }, { holder: 'asc' }, { userId: 'asc' }],
  });
export type ChangeLineRow = Awaited<ReturnType<typeof linesOfChange>>[number];

export const usersByIds = (tx: Tx, ids: number[]) =>
  tx.user.findMany({ where: { id: { in: [...new Set(ids)] } }, select: { id: true, name: true, dingUserId: true } });

/** The latest runs of the change's two flows and its latest review. */
export async function flowsAndReviewOf(tx: Tx, changeId: number) {
  const flows = await tx.projectFlow.findMany({
    where: { subjectType: 'SCHEME_CHANGE', subjectId: changeId },
    orderBy: { run: 'desc' },
    select: { id: true, type: true, status: true, instanceId: true },
  });
  const review = await tx.review.findFirst({
    where: { subjectType: 'SCHEME_CHANGE', subjectId: changeId },
    orderBy: { id: 'desc' },
    select: { id: true, status: true, reason: true, decidedAt: true },
  });
  return {
    peakFlow: flows.find((f) => f.type === 'PEAK_ADJUSTMENT') ?? null,
    changeFlow: flows.find((f) => f.type === 'SCHEME_CHANGE') ?? null,
    review,
  };
}

export async function loadChangeById(tx: Tx, changeId: number) {
  const change = await tx.schemeChange.findUnique({ where: { id: changeId }, select: CHANGE_SELECT });
  if (!change) throw notFound('峰值变更');
  return { ...change, status: change.status as ChangeStatus };
}
