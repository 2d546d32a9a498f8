/**
 * 分配账户 rows: sealing the account number (AES-256-GCM with SECRET_KEY, the helper of the DingTalk secrets) and
 * the masked view every list and notice shows (6222 **** **** 1234). The clear number never leaves this file except
 * for the bank's payment list (not yet).
 */
import type { DistributionAccount } from '../../generated/prisma/client';
import type { Tx } from '../../lib/db';
import { openSecret, sealSecret } from '../../lib/secret-box';
import type { TBankAccount } from '../../../shared/api/me';
import type { TBankAccountInput } from '../../../shared/api/distributions';

/** 6222 **** **** 1234: the first four and the last four digits. */
export function maskAccountNo(accountNo: string): string {
  const d = accountNo.replace(/\s+/g, '');
  if (d.length <= 8) return `**** ${d.slice(-4)}`;
  return `${d.slice(0, 4)} **** **** ${d.slice(-4)}`;
}

export interface SealedAccount {
  accountName: string;
  bankName: string;
  branchName: string | null;
  accountNoEnc: string;
  accountNoLast4: string;
}

export function sealAccount(input: TBankAccountInput, key: Buffer): SealedAccount {
  return {
    accountName: input.accountName,
    bankName: input.bankName,
    branchName: input.branchName?.trim() || null,
    accountNoEnc: sealSecret(input.accountNo, key),
    accountNoLast4: input.accountNo.slice(-4),
  };
}

/** The account as shown (masked); null when there is none. */
export function shownAccount(row: DistributionAccount | null, key: Buffer): TBankAccount | null {
  if (!row) return null;
  return {
    accountName: row.accountName,
    bankName: row.bankName,
    branchName: row.branchName,
    accountNo: maskAccountNo(openSecret(row.accountNoEnc, key)),
  };
}

/** The partner's correction awaiting the accountant, masked. */
export function shownPending(row: DistributionAccount | null, key: Buffer): TBankAccount | null {
  if (!row || row.status !== 'CORRECTION_PENDING' || !row.pendingAccountNoEnc) return null;
  return {
    accountName: row.pendingAccountName ?? '',
    bankName: row.pendingBankName ?? '',
    branchName: row.pendingBranchName,
    accountNo: maskAccountNo(openSecret(row.pendingAccountNoEnc, key)),
  };
}

/** What an audit row may say about an account: never the number, only its last four digits. */
export const auditView = (a: Pick<SealedAccount, 'accountName' | 'bankName' | 'branchName' | 'accountNoLast4'>) => ({
  accountName: a.accountName,
  bankName: a.bankName,
  branchName: a.branchName,
  accountNo: `****${a.accountNoLast4}`,
});

export const findAccount = (tx: Tx, userId: number) => tx.distributionAccount.findUnique({ where: { userId } });

export async function lockAccount(tx: Tx, userId: number): Promise<DistributionAccount | null> {
  await tx.$queryRaw`SELECT id FROM "DistributionAccount" WHERE "userId" = ${userId} FOR UPDATE`;
  return findAccount(tx, userId);
}

/** The partners of a project: everyone on one of its rounds or in its ledger, with their names. */
export async function projectPartners(tx: Tx, projectId: number) {
  const [onRounds, inLedger] = await Promise.all([
    tx.roundPartner.findMany({ where: { round: { projectId } }, select: { userId: true }, distinct: ['userId'] }),
    tx.capitalEntry.findMany({
      where: { projectId, userId: { not: null } },
      select: { userId: true },
      distinct: ['userId'],
    }),
  ]);
  const ids = [...new Set([...onRounds.map((r) => r.userId), ...inLedger.map((e) => e.userId!)])];
  return tx.user.findMany({
    where: { id: { in: ids } },
    select: { id: true, name: true, dingUserId: true },
    orderBy: { id: 'asc' },
  });
}
