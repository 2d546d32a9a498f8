/**
 * Agreements' reads and inserts: the partner's ledger entries (what the documents state), the versions, the
 * project's number sequence. Status changes go through agreement-state.ts only; a signed row is frozen by a trigger.
 */
import type { Tx } from '../../lib/db';
import { notFound } from '../../lib/errors';
import { dec } from '../../../shared/money';
import { formatDate } from '../../../shared/datetime';
import type { Level } from '../../../shared/scheme-math';
import type { PartnerEntry } from './calc/subjects';

/** Every column but the PDF's bytes. */
export const VERSION_SELECT = {
  id: true,
  projectId: true,
  userId: true,
  kind: true,
  subjectKey: true,
  schemeChangeId: true,
  exitId: true,
  roundId: true,
  seq: true,
  number: true,
  version: true,
  status: true,
  amount: true,
  previousAmount: true,
  templateKind: true,
  templateVersion: true,
  title: true,
  fileName: true,
  size: true,
  sha256: true,
  generatedAt: true,
  signedAt: true,
  rowVersion: true,
} as const;

const USER_SELECT = {
  id: true,
  name: true,
  status: true,
  dingUserId: true,
  jobNumber: true,
  mobile: true,
} as const;

export async function projectInfo(tx: Tx, projectId: number) {
  const p = await tx.project.findUnique({
    where: { id: projectId },
    select: { id: true, name: true, code: true, orgUnit: { select: { name: true } } },
  });
  if (!p) throw notFound('项目');
  return { id: p.id, name: p.name, code: p.code, companyName: p.orgUnit.name };
}

/** A partner's entries in the project's capital ledger (the source of every amount an agreement states). */
export async function partnerEntries(
  tx: Tx,
  projectId: number,
  userIds: number[],
): Promise<Map<number, PartnerEntry[]>> {
  const rows = await tx.capitalEntry.findMany({
    where: { projectId, holder: 'PARTNER', userId: { in: userIds } },
    select: {
      id: true,
      userId: true,
      level: true,
      kind: true,
      committedDelta: true,
      paidDelta: true,
      valueDate: true,
      adjustmentId: true,
      exitId: true,
    },
    orderBy: { id: 'asc' },
  });
  const out = new Map<number, PartnerEntry[]>(userIds.map((u) => [u, []]));
  for (const r of rows)
    out.get(r.userId!)?.push({
      id: r.id,
      level: r.level as Level,
      kind: r.kind,
      committedDelta: dec(r.committedDelta.toString()),
      paidDelta: dec(r.paidDelta.toString()),
      valueDate: formatDate(r.valueDate),
      adjustmentId: r.adjustmentId,
      exitId: r.exitId,
    });
  return out;
}

/** The users of a round's 合伙名单, with their names. */
export async function roundUsers(tx: Tx, projectId: number, roundId: number) {
  const round = await tx.subscriptionRound.findFirst({
    where: { id: roundId, projectId },
    select: {
      id: true,
      status: true,
      partners: { select: { user: { select: USER_SELECT } } },
    },
  });
  if (!round) throw notFound('认购轮次');
  return { status: round.status, users: round.partners.map((p) => p.user) };
}

/** Partners of the project: everyone with an entry in the ledger or an agreement. */
export async function projectUsers(tx: Tx, projectId: number) {
  const [fromLedger, fromAgreements] = await Promise.all([
    tx.capitalEntry.findMany({
      where: { projectId, holder: 'PARTNER' },
      select: { userId: true },
      distinct: ['userId'],
    }),
    tx.agreement.findMany({ where: { projectId }, select: { userId: true }, distinct: ['userId'] }),
  ]);
  const ids = [...new Set([...fromLedger.map((r) => r.userId!), ...fromAgreements.map((r) => r.userId)])];
  return tx.user.findMany({
    where: { id: { in: ids } },
    select: USER_SELECT,
    orderBy: { id: 'asc' },
  });
}

export const versionsOf = (tx: Tx, projectId: number, userIds: number[]) =>
  tx.agreement.findMany({
    where: { projectId, userId: { in: userIds } },
    select: VERSION_SELECT,
    orderBy: [{ seq: 'asc' }, { version: 'asc' }],
  });

export type VersionRow = Awaited<ReturnType<typeof versionsOf>>[number];

/** Reserves `n` document numbers of a project in one statement (its own, before the PDFs are rendered). */
export async function reserveSeqs(tx: Tx, projectId: number, n: number): Promise<number[]> {
  const rows = await tx.$queryRaw<Array<{ lastSeq: number }>>`
    INSERT INTO "AgreementCounter" ("projectId", "lastSeq") VALUES (${projectId}, ${n})
    ON CONFLICT ("projectId") DO UPDATE SET "lastSeq" = "AgreementCounter"."lastSeq" + ${n}
    RETURNING "lastSeq"`;
  const last = rows[0]!.lastSeq;
  return Array.from({ length: n }, (_, i) => last - n + 1 + i);
}

export async function findVersion(tx: Tx, where: { id: number; projectId?: number; userId?: number }) {
  const row = await tx.agreement.findFirst({ where, select: VERSION_SELECT });
  if (!row) throw notFound('协议');
  return row;
}

export async function pdfOf(tx: Tx, id: number) {
  const row = await tx.agreement.findUnique({ where: { id }, select: { pdf: true, fileName: true, sha256: true } });
  if (!row) throw notFound('协议');
  return row;
}
