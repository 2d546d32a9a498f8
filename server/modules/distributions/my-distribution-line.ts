import type { Deps } from '../../deps';
import { notFound } from '../../lib/errors';
import { formatDate } from '../../../shared/datetime';
import { dec, moneyString } from '../../../shared/money';
import { batchName, type TMyDistributionLine } from '../../../shared/api/distributions';
import { findAccount, shownAccount } from './account-repository';

/** My line of a batch, once its notices are out (before that the line is not mine to see yet). Zero columns are null. */
export async function myDistributionLine(deps: Deps, userId: number, lineId: number): Promise<TMyDistributionLine> {
  const line = await deps.db.distributionLine.findFirst({
    where: { id: lineId, userId, batch: { status: { in: ['NOTIFIED', 'PAID', 'LOCKED'] } } },
    include: { batch: true },
  });
  if (!line) throw notFound('分配通知');
  const project = await deps.db.project.findUniqueOrThrow({
    where: { id: line.batch.projectId },
    select: { name: true },
  });
  const orNull = (v: unknown) => (dec(String(v)).isZero() ? null : moneyString(String(v)));
  return {
    lineId: line.id,
    projectName: project.name,
    batchName: batchName(line.batch.kind, line.batch.seq),
    date: formatDate(line.batch.date),
    principal: orNull(line.principal),
    interest: orNull(line.interest),
    other: orNull(line.other),
    profit: orNull(line.profit),
    tax: orNull(line.tax),
    total: moneyString(String(line.payout)),
    account: shownAccount(await findAccount(deps.db, userId), deps.config.secretKey),
    status: line.paidAt ? 'PAID' : 'SCHEDULED',
  };
}
