import type { Deps } from '../../deps';
import { notFound } from '../../lib/errors';
import { formatDate } from '../../../shared/datetime';
import { dec, moneyString } from '../../../shared/money';
import { batchName, type TMyDistributionLine } from '../../../shared/api/distributions';
import { findAccount, shownAccount } from './account-repository';

/**
 * My line of a batch, once its notices are out (before that the line is not mine to see yet). Zero columns are null,
 * so a profit batch shows no principal and a principal batch no profit. The account is the one on file now (masked),
 * with its status: an unconfirmed account is not paid to (发放登记 needs it confirmed).
 */
export async function myDistributionLine(deps: Deps, userId: number, lineId: number): Promise<TMyDistributionLine> {
  const line = await deps.db.distributionLine.findFirst({
    where: { id: lineId, userId, batch: { status: { in: ['NOTIFIED', 'PAID', 'LOCKED'] } } },
    include: { batch: true },
  });
  if (!line) throw notFound('分配通知');
  const [project, account] = await Promise.all([
    deps.db.project.findUniqueOrThrow({ where: { id: line.batch.projectId }, select: { name: true } }),
    findAccount(deps.db, userId),
  ]);
  const orNull = (v: unknown) => (dec(String(v)).isZero() ? null : moneyString(String(v)));
  return {
    lineId: line.id,
    projectId: line.batch.projectId,
    projectName: project.name,
    kind: line.batch.kind,
    batchName: batchName(line.batch.kind, line.batch.seq),
    date: formatDate(line.batch.date),
    noticeSentAt: line.noticeSentAt?.toISOString() ?? null,
    paidOn: line.paidAt ? formatDate(line.paidAt) : null,
    principal: orNull(line.principal),
    interest: orNull(line.interest),
    other: orNull(line.other),
    profit: orNull(line.profit),
    tax: orNull(line.tax),
    total: moneyString(String(line.payout)),
    account: shownAccount(account, deps.config.secretKey),
    accountStatus: account?.status ?? null,
    status: line.paidAt ? 'PAID' : 'SCHEDULED',
  };
}
