import type { Deps } from '../../deps';
/** The subscription module's queries, shared by its use cases (explicit selects; the use cases hold no query shapes). */
import type { Tx } from '../../lib/db';
import { invalidState, notFound } from '../../lib/errors';
import type Decimal from 'decimal.js';
import { dec } from '../../../shared/money';
import { loadLedger } from '../capital/repository';
import { positions } from '../capital/calc/ledger';

const ROUND_SELECT = {
  id: true,
  projectId: true,
  kind: true,
  seq: true,
  title: true,
  deadline: true,
  dueDate: true,
  status: true,
  noticeSentAt: true,
  calculatedAt: true,
  version: true,
} as const;

export const SCHEME_SELECT = {
  projectId: true,
  peakCapital: true,
  holdingRatio: true,
  groupRatio: true,
  cityRatio: true,
  otherRatio: true,
  perPersonCapRatio: true,
  allocationUnit: true,
} as const;

export async function loadScheme(tx: Tx, projectId: number) {
  const scheme = await tx.projectScheme.findUnique({ where: { projectId }, select: SCHEME_SELECT });
  if (!scheme) throw invalidState('请先在【立项信息】中填写资金峰值和合伙投资占比');
  return scheme;
}
export type Scheme = Awaited<ReturnType<typeof loadScheme>>;

export async function loadRound(tx: Tx, projectId: number, roundId: number) {
  const round = await tx.subscriptionRound.findFirst({ where: { id: roundId, projectId }, select: ROUND_SELECT });
  if (!round) throw notFound('认购轮次');
  return round;
}
export type Round = Awaited<ReturnType<typeof loadRound>>;

export const roundsOfProject = (tx: Tx, projectId: number) =>
  tx.subscriptionRound.findMany({ where: { projectId }, orderBy: { seq: 'asc' }, select: ROUND_SELECT });

export const roundsWithCounts = (tx: Tx, projectId: number) =>
  tx.subscriptionRound.findMany({
    where: { projectId },
    orderBy: { seq: 'asc' },
    select: { ...ROUND_SELECT, _count: { select: { partners: true } } },
  });

export const projectName = async (tx: Tx, projectId: number) =>
  (await tx.project.findUniqueOrThrow({ where: { id: projectId }, select: { name: true } })).name;

const LINE_SELECT = {
  id: true,
  roundId: true,
  userId: true,
  level: true,
  category: true,
  minAmount: true,
  maxAmount: true,
  subscribedAmount: true,
  subscribedAt: true,
  allocatedAmount: true,
  investedAmount: true,
  editReason: true,
  version: true,
} as const;

/** Every line of a round with the person and the amount due, for the accountant's screens and exports. */
export const roundLinesForDetail = (tx: Tx, roundId: number) =>
  tx.roundPartner.findMany({
    where: { roundId },
    orderBy: { id: 'asc' },
    select: {
      ...LINE_SELECT,
      user: { select: { id: true, name: true, dingUserId: true, status: true, orgUnit: { select: { name: true } } } },
      payment: {
        select: { id: true, amountDue: true, paidAmount: true, status: true, dueDate: true, version: true },
      },
    },
  });

export const roundLines = (tx: Tx, roundId: number) =>
  tx.roundPartner.findMany({ where: { roundId }, orderBy: { id: 'asc' }, select: LINE_SELECT });

export const roundLinesWithNames = (tx: Tx, roundId: number) =>
  tx.roundPartner.findMany({
    where: { roundId },
    orderBy: { id: 'asc' },
    select: { ...LINE_SELECT, user: { select: { name: true } } },
  });

export const findLine = (tx: Tx, roundId: number, lineId: number) =>
  tx.roundPartner.findFirst({
    where: { id: lineId, roundId },
    select: { ...LINE_SELECT, user: { select: { name: true } } },
  });

export const platformOfRound = (tx: Tx, roundId: number) =>
  tx.platformAllocation.findMany({ where: { roundId }, select: { level: true, amount: true } });

export const latestRoundReview = (tx: Tx, roundId: number) =>
  tx.review.findFirst({
    where: { subjectType: 'ROUND', subjectId: roundId },
    orderBy: { id: 'desc' },
    select: { id: true, status: true, reason: true, decidedAt: true, version: true },
  });

/** The invested amounts of every line of the project's rounds (for the level caps, which span rounds). */
export const projectInvestments = (
  tx: Tx,
  projectId: number,
  where: { beforeSeq?: number; exceptLineId?: number } = {},
) =>
  tx.roundPartner.findMany({
    where: {
      round: { projectId, ...(where.beforeSeq === undefined ? {} : { seq: { lt: where.beforeSeq } }) },
      ...(where.exceptLineId === undefined ? {} : { id: { not: where.exceptLineId } }),
    },
    select: { level: true, investedAmount: true },
  });

/** The same, for every person at once: userId → what they hold in the project's confirmed rounds other than this one. */
/**
 * What each person holds in the project, from the capital ledger (Σ committed over every level and round, changes
 * and transfers included), leaving out the entries of `exceptRoundId` (the per-person cap is per project).
 */
export async function heldInProjectByUser(tx: Tx, projectId: number, exceptRoundId: number) {
  const entries = (await loadLedger(tx, projectId)).filter((e) => e.roundId !== exceptRoundId);
  const held = new Map<number, Decimal>();
  for (const p of positions(entries))
    if (p.holder === 'PARTNER' && p.userId !== null)
      held.set(p.userId, (held.get(p.userId) ?? dec(0)).plus(p.committed));
  return held;
}

/** What a person already holds in the project (the ledger), leaving out the entries of `exceptRoundId`. */
export async function heldInProject(tx: Tx, projectId: number, userId: number, exceptRoundId: number) {
  return (await heldInProjectByUser(tx, projectId, exceptRoundId)).get(userId) ?? dec(0);
}

/** Names of users by id (for messages that name people). */
export async function partnerNames(tx: Tx, userIds: number[]) {
  const rows = await tx.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true } });
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** The project's ledger, for 测算 of a supplement round (what is left of each level, who holds what). */
export const projectLedger = (tx: Tx, projectId: number) => loadLedger(tx, projectId);

/** The partner's entry in the project's latest round they are on (the mini-program's 认购). */
export const myOpenEntry = (db: Tx, userId: number, projectId: number) =>
  db.roundPartner.findFirst({
    where: { userId, round: { projectId } },
    orderBy: { round: { seq: 'desc' } },
    select: {
      ...LINE_SELECT,
      round: { select: { id: true, projectId: true, seq: true, title: true, status: true, deadline: true } },
      user: { select: { id: true } },
    },
  });

export const usersByIds = (tx: Tx, ids: number[]) =>
  tx.user.findMany({ where: { id: { in: ids } }, select: { id: true, name: true, status: true } });

/** For files outside the use cases (Excel import / export), which never touch the database themselves. */
export const projectNameOf = (deps: Deps, projectId: number) => projectName(deps.db, projectId);
export const activeUsersOf = (deps: Deps) => activeUsersForImport(deps.db);

export const activeUsersForImport = (tx: Tx) =>
  tx.user.findMany({
    where: { status: 'ACTIVE' },
    select: {
      id: true,
      name: true,
      dingUserId: true,
      mobile: true,
      jobNumber: true,
      orgUnit: { select: { name: true } },
    },
  });

/**
 * 合伙名单: active employees (first 20) by the full mobile number, the exact 工号 or DingTalk id — anyone in the
 * group, since only who already knows the number finds them — or by name within `nameScope` (org units). A fragment
 * of a mobile number finds nobody: digits are never searched by part.
 */
export const searchActiveUsers = (tx: Tx, q: string, nameScope: number[]) => {
  const exact = [{ jobNumber: q }, { dingUserId: q }, ...(/^1\d{10}$/.test(q) ? [{ mobile: q }] : [])];
  const byName = /\d/.test(q)
    ? []
    : [{ name: { contains: q, mode: 'insensitive' as const }, orgUnitId: { in: nameScope } }];
  return tx.user.findMany({
    where: { status: 'ACTIVE', OR: [...exact, ...byName] },
    select: {
      id: true,
      name: true,
      title: true,
      dingUserId: true,
      mobile: true,
      orgUnit: { select: { name: true } },
      roles: { where: { role: { kind: { not: 'PARTNER' } } }, select: { role: { select: { name: true } } } },
    },
    orderBy: { id: 'asc' },
    take: 20,
  });
};

/** The org units (id, parent) for the name search's scope. */
export const orgUnitLinks = (tx: Tx) => tx.orgUnit.findMany({ select: { id: true, parentId: true } });

/** The round as the reviewer sees it (方案审核): the title and each line's person, level, category and amount. */
export const roundForReview = (tx: Tx, roundId: number) =>
  tx.subscriptionRound.findUniqueOrThrow({
    where: { id: roundId },
    select: {
      title: true,
      partners: {
        select: {
          id: true,
          level: true,
          category: true,
          minAmount: true,
          maxAmount: true,
          subscribedAmount: true,
          allocatedAmount: true,
          investedAmount: true,
          editReason: true,
          editedById: true,
          user: { select: { name: true } },
        },
        orderBy: { id: 'asc' },
      },
    },
  });

/** Names of users by id (who edited a line). */
export const userNames = async (db: Tx, ids: number[]): Promise<Map<number, string>> =>
  new Map(
    (await db.user.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } })).map((u) => [
      u.id,
      u.name,
    ]),
  );

/** The latest 方案审核 of a round (its id), for what the reviewer is shown with it. */
export const latestRoundReviewId = async (db: Tx, roundId: number) =>
  (
    await db.review.findFirst({
      where: { subjectType: 'ROUND', subjectId: roundId },
      orderBy: { id: 'desc' },
      select: { id: true },
    })
  )?.id ?? null;
