import type { Tx } from '../../lib/db';
import { formatDate } from '../../../shared/datetime';
import { moneyString, sumMoney } from '../../../shared/money';
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
