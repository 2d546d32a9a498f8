import type { Tx } from '../../lib/db';
import { formatDate } from '../../../shared/datetime';
import { formatMoney, moneyString, sumMoney } from '../../../shared/money';
import { batchName } from '../../../shared/api/distributions';

/** My lines of batches whose notices are out (个人中心 and the project page), oldest first. */
export async function myDistributionRows(tx: Tx, userId: number, projectId?: number) {
  const lines = await tx.distributionLine.findMany({
    where: {
      userId,
      payout: { gt: 0 },
      batch: { status: { in: ['NOTIFIED', 'PAID', 'LOCKED'] }, ...(projectId ? { projectId } : {}) },
    },
    include: { batch: { select: { projectId: true, kind: true, seq: true, date: true } } },
    orderBy: [{ batch: { date: 'asc' } }, { id: 'asc' }],
  });
  return lines.map((l) => ({
    projectId: l.batch.projectId,
    lineId: l.id,
    batchName: batchName(l.batch.kind, l.batch.seq),
    amount: moneyString(String(l.payout)),
    date: formatDate(l.batch.date),
    status: l.paidAt ? ('PAID' as const) : ('SCHEDULED' as const),
  }));
}

/** 已分配 per project: what has been paid out to me (发放登记 done). */
export async function myDistributedByProject(tx: Tx, userId: number): Promise<Map<number, string>> {
  const rows = (await myDistributionRows(tx, userId)).filter((r) => r.status === 'PAID');
  const by = new Map<number, string[]>();
  for (const r of rows) by.set(r.projectId, [...(by.get(r.projectId) ?? []), r.amount]);
  return new Map([...by].map(([p, list]) => [p, moneyString(sumMoney(list))]));
}

/**
 * What 首页 lists as waiting for me: each line of a batch whose 分配通知 is out and that is not paid yet (opens the
 * distribution page), and the 分配账户确认 the accountant asked for while my account is unconfirmed (opens the
 * account page) — the same pages the work notices' action cards open.
 */
export async function myDistributionNotices(tx: Tx, userId: number) {
  const [lines, account] = await Promise.all([
    tx.distributionLine.findMany({
      where: { userId, payout: { gt: 0 }, paidAt: null, noticeSentAt: { not: null }, batch: { status: 'NOTIFIED' } },
      include: { batch: { select: { projectId: true, kind: true, seq: true, date: true } } },
      orderBy: { id: 'asc' },
    }),
    tx.distributionAccount.findUnique({
      where: { userId },
      select: { id: true, status: true, confirmationRequestedAt: true },
    }),
  ]);
  const projects = await tx.project.findMany({
    where: { id: { in: [...new Set(lines.map((l) => l.batch.projectId))] } },
    select: { id: true, name: true },
  });
  const nameOf = new Map(projects.map((p) => [p.id, p.name]));
  const notices = lines.map((l) => ({
    id: l.id,
    kind: 'DISTRIBUTION' as const,
    title: `${nameOf.get(l.batch.projectId) ?? ''} ${batchName(l.batch.kind, l.batch.seq)}`,
    summary: `待发放 ${formatMoney(String(l.payout))}`,
    projectName: nameOf.get(l.batch.projectId) ?? null,
    createdAt: l.noticeSentAt!.toISOString(),
    deadline: formatDate(l.batch.date),
    params: { lineId: l.id } as Record<string, number>,
  }));
  const accountNotice =
    account && account.status === 'UNCONFIRMED' && account.confirmationRequestedAt
      ? [
          {
            id: account.id,
            kind: 'ACCOUNT_CONFIRM' as const,
            title: '分配账户确认',
            summary: '请核对并确认收款账户',
            projectName: null,
            createdAt: account.confirmationRequestedAt.toISOString(),
            deadline: null,
            params: {} as Record<string, number>,
          },
        ]
      : [];
  return [...accountNotice, ...notices];
}

/**
 * 首页's distribution parts, as the overview's one query reads them (me/repository.ts): 已分配 per project (as
 * myDistributedByProject) and what waits for me (as myDistributionNotices: lines notified and not paid, the 分配账户确认
 * asked for).
 */
export type DistributionSummaryData = {
  paid: Array<{ projectId: number; amount: string }> | null;
  pending: Array<{
    id: number;
    payout: string;
    noticeSentAt: string;
    kind: Parameters<typeof batchName>[0];
    seq: number;
    date: string;
    projectName: string;
  }> | null;
  account: { id: number; status: string; confirmationRequestedAt: string | null } | null;
};

/** 已分配 per project and the notices of what waits for me, from the summary's data (pure). */
export function distributionSummaryOf(data: DistributionSummaryData) {
  // timestamps without a zone are UTC in this database (Prisma's convention)
  const instant = (s: string) => new Date(`${s}Z`).toISOString();
  const distributed = new Map((data.paid ?? []).map((p) => [p.projectId, moneyString(p.amount)]));
  const account = data.account;
  const notices = [
    ...(account && account.status === 'UNCONFIRMED' && account.confirmationRequestedAt
      ? [
          {
            id: account.id,
            kind: 'ACCOUNT_CONFIRM' as const,
            title: '分配账户确认',
            summary: '请核对并确认收款账户',
            projectName: null,
            createdAt: instant(account.confirmationRequestedAt),
            deadline: null,
            params: {} as Record<string, number>,
          },
        ]
      : []),
    ...(data.pending ?? []).map((l) => ({
      id: l.id,
      kind: 'DISTRIBUTION' as const,
      title: `${l.projectName} ${batchName(l.kind, l.seq)}`,
      summary: `待发放 ${formatMoney(l.payout)}`,
      projectName: l.projectName as string | null,
      createdAt: instant(l.noticeSentAt),
      deadline: formatDate(l.date),
      params: { lineId: l.id } as Record<string, number>,
    })),
  ];
  return { distributed, notices };
}
