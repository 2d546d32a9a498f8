import type { Deps } from '../../deps';
import type { Tx } from '../../lib/db';
import { invalidState } from '../../lib/errors';
import type { AuditActor } from '../../lib/audit';
import { formatDate } from '../../../shared/datetime';
import { z } from 'zod';
import {
  ZAdjustment,
  ZDistributionSettings,
  ZFinancing,
  ZInterestOverride,
  ZProfitInput,
} from '../../../shared/api/distributions';
import { loadLedgerEntries, type LedgerEntryRow } from '../capital/repository';
import { computeBatch } from './calc/batch';
import { assertBatchIn } from './batch-state';
import { batchDetail, levelRatios, lockBatch } from './repository';
import { refuseErrors, storeResult } from './store-lines';
import { ledgerFingerprint } from './ledger-check';

/** Names of the project's holders and who has left the company (离) or exited (退: a TRANSFER_OUT in the ledger). */
export async function ledgerPeople(tx: Tx, projectId: number, entries: readonly LedgerEntryRow[]) {
  const ids = [...new Set(entries.map((e) => e.userId).filter((id): id is number => id !== null))];
  // one array parameter: the generated client's `in` sends one bind parameter per holder
  const users = ids.length
    ? await tx.$queryRaw<Array<{ id: number; name: string; status: string }>>`
        SELECT id, name, status::text AS status FROM "User" WHERE id = ANY(${ids}::int[])`
    : [];
  const exits = new Map<number, string>();
  for (const e of entries)
    if (e.kind === 'TRANSFER_OUT' && e.userId !== null && !exits.has(e.userId)) exits.set(e.userId, e.valueDate);
  return {
    names: Object.fromEntries(users.map((u) => [u.id, u.name])),
    leftCompany: users.filter((u) => u.status === 'LEFT').map((u) => u.id),
    exits: [...exits].map(([userId, exitDate]) => ({ userId, exitDate })),
  };
}

/**
 * 测算 of a computed batch: `computeBatch` on the project's ledger at the distribution date with the batch's settings,
 * 其它 adjustments and 资金利息 overrides; exits are the partners whose stake the ledger has transferred (TRANSFER_OUT).
 * The lines are stored as computed (the platform's lines too) and the batch becomes 已测算.
 */
export async function calculateBatch(deps: Deps, who: AuditActor, projectId: number, batchId: number, version: number) {
  return deps.db.$transaction(async (tx) => {
    const batch = await lockBatch(tx, projectId, batchId);
    if (batch.version !== version) throw invalidState('分配批次已被他人修改，请刷新后重试');
    if (batch.mode === 'MANUAL') throw invalidState('手动分配批次请录入或导入明细后保存');
    assertBatchIn(batch, ['DRAFT', 'CALCULATED'], '测算');
    const entries = await loadLedgerEntries(tx, projectId);
    const people = await ledgerPeople(tx, projectId, entries);
    const settings = ZDistributionSettings.parse(batch.settings);
    const result = computeBatch({
      kind: batch.kind,
      date: formatDate(batch.date),
      entries,
      levelRatios: await levelRatios(tx, projectId),
      settings,
      profit: batch.profitInput === null ? null : ZProfitInput.parse(batch.profitInput),
      adjustments: z.array(ZAdjustment).parse(batch.adjustments),
      interestOverrides: z.array(ZInterestOverride).parse(batch.interestOverrides),
      financing: z.array(ZFinancing).parse(batch.financing),
      exits: people.exits,
      leftCompany: people.leftCompany,
      names: people.names,
    });
    if (!result.ok) throw refuseErrors(result);
    const fingerprint = ledgerFingerprint(entries, formatDate(batch.date));
    const stored = await storeResult(tx, who, batch, result, { ledgerEntries: entries.length }, fingerprint);
    return batchDetail(tx, projectId, batchId, stored);
  });
}
