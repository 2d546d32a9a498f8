/** The partner statement's reads: the caller's own ledger entries, paid distribution lines and exit payouts. */
import type { Deps } from '../../deps';
import { batchName } from '../../../shared/api/distributions';
import type { StatementEntry, StatementExit, StatementLine } from './calc/statement';

export interface StatementProjectRow {
  projectId: number;
  projectName: string;
  companyName: string;
}

export async function myStatementData(deps: Deps, userId: number) {
  const [entries, lines, exits] = await Promise.all([
    deps.db.$queryRaw<StatementEntry[]>`
      SELECT ce.id, ce."projectId", ce.kind::text AS kind, ce."committedDelta"::text AS "committedDelta",
             ce."paidDelta"::text AS "paidDelta", ce."valueDate"::text AS "valueDate", ce."reversalOfId",
             d.kind::text AS "dueKind"
        FROM "CapitalEntry" ce
        LEFT JOIN "PaymentDue" d ON d.id = ce."paymentDueId"
       WHERE ce."userId" = ${userId} AND ce.holder = 'PARTNER'
       ORDER BY ce."valueDate", ce.id`,
    deps.db.distributionLine.findMany({
      where: { userId, holder: 'PARTNER', paidAt: { not: null } },
      include: { batch: { select: { projectId: true, kind: true, seq: true } } },
      orderBy: [{ paidAt: 'asc' }, { id: 'asc' }],
    }),
    deps.db.partnerExit.findMany({
      where: { userId, status: 'PAID', payoutAmount: { not: null }, payoutOn: { not: null } },
      select: { projectId: true, payoutAmount: true, payoutOn: true },
    }),
  ]);
  const projectIds = [
    ...new Set([
      ...entries.map((e) => e.projectId),
      ...lines.map((l) => l.batch.projectId),
      ...exits.map((x) => x.projectId),
    ]),
  ];
  const projects = await deps.db.project.findMany({
    where: { id: { in: projectIds } },
    select: { id: true, name: true, orgUnit: { select: { name: true } } },
    orderBy: { id: 'asc' },
  });
  const day = (d: Date) => d.toISOString().slice(0, 10);
  return {
    projects: projects.map((p): StatementProjectRow => ({
      projectId: p.id,
      projectName: p.name,
      companyName: p.orgUnit.name,
    })),
    entries,
    lines: lines.map((l): StatementLine => ({
      projectId: l.batch.projectId,
      batchName: batchName(l.batch.kind, l.batch.seq),
      paidOn: day(l.paidAt!),
      principal: String(l.principal),
      interest: String(l.interest),
      other: String(l.other),
      profit: String(l.profit),
      tax: String(l.tax),
      payout: String(l.payout),
    })),
    exits: exits.map((x): StatementExit => ({
      projectId: x.projectId,
      payoutOn: day(x.payoutOn!),
      amount: String(x.payoutAmount),
    })),
  };
}

export const partnerNameOf = async (deps: Deps, userId: number) =>
  (await deps.db.user.findUnique({ where: { id: userId }, select: { name: true } }))?.name ?? '';
