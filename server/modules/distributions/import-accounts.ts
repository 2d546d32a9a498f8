/**
 * 分配账户 by Excel: the template lists the project's partners (姓名, 手机号, 工号); the accountant fills 户名, 开户行,
 * 支行, 账号 and imports. All rows or none: every problem comes back by row and column (422). Each account is written
 * like the accountant's single upsert (sealed, 未确认 until the partner confirms, audited with the last four digits);
 * an account that did not change is left as it is.
 */
import type { Deps } from '../../deps';
import type { AuditActor } from '../../lib/audit';
import type { TAccountImportResult } from '../../../shared/api/distributions';
import { projectPartners } from './account-repository';
import { buildAccountSheet, parseAccountSheet, type RosterPerson } from './account-sheet';
import { listDistributionAccounts, writeAccountAsAccountant } from './distribution-accounts';
import { refuseRows } from './row-errors';
import { projectNameOf } from './repository';
import type { Tx } from '../../lib/db';

async function roster(tx: Tx, projectId: number): Promise<RosterPerson[]> {
  const partners = await projectPartners(tx, projectId);
  return tx.user.findMany({
    where: { id: { in: partners.map((p) => p.id) } },
    select: { id: true, name: true, mobile: true, jobNumber: true },
    orderBy: { id: 'asc' },
  });
}

export async function accountTemplate(deps: Deps, projectId: number) {
  return {
    fileName: `${await projectNameOf(deps, projectId)}-分配账户导入模板.xlsx`,
    body: await buildAccountSheet(await roster(deps.db, projectId)),
  };
}

export async function importDistributionAccounts(
  deps: Deps,
  who: AuditActor,
  projectId: number,
  file: Buffer,
): Promise<TAccountImportResult> {
  const key = deps.config.secretKey;
  const { imported, unchanged } = await deps.db.$transaction(async (tx) => {
    const parsed = await parseAccountSheet(file, await roster(tx, projectId));
    if (parsed.errors.length) throw refuseRows(parsed.errors);
    let written = 0;
    for (const r of parsed.rows)
      if (await writeAccountAsAccountant(tx, key, who, projectId, r.userId, r.account)) written++;
    return { imported: written, unchanged: parsed.rows.length - written };
  });
  return { imported, unchanged, accounts: await listDistributionAccounts(deps, projectId) };
}
