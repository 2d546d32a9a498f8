/**
 * The ledger's one write path. Inside the caller's transaction: lock the project's scheme row, check each draft's
 * shape, replay entries whose idempotency key exists, check the cap invariant after appending against the scheme in
 * force, insert, and write one audit row.
 */
import type { Tx } from '../../lib/db';
import { AppError, invalidState } from '../../lib/errors';
import { writeAudit, type AuditActor } from '../../lib/audit';
import { levelCaps } from '../../../shared/scheme-math';
import { moneyString } from '../../../shared/money';
import { checkInvariant, entryShapeError, type InvariantBreak } from './calc/ledger';
import {
  findEntriesByKeys,
  insertEntries,
  loadLedger,
  lockProjectScheme,
  type CapitalEntryDraft,
  type CapitalEntryRow,
} from './repository';

export interface AppendInput {
  projectId: number;
  entries: CapitalEntryDraft[];
  actor: AuditActor;
  /** why, for the audit row (e.g. 缴款确认, 立项流程完成) */
  reason: string;
}

export interface AppendResult {
  /** the entries for the drafts, in draft order (existing ones for replayed keys) */
  entries: CapitalEntryRow[];
  /** how many were inserted now */
  inserted: number;
  /** every draft's key already existed: nothing was written */
  replayed: boolean;
  /** the project's whole ledger after the append */
  ledger: CapitalEntryRow[];
}

const sameBreak = (a: InvariantBreak, b: InvariantBreak) => a.level === b.level && a.difference.equals(b.difference);

/**
 * Appends entries to a project's ledger. Refuses (409 CONFLICT) when the invariant breaks after appending at a level
 * where it held before, or breaks differently; a level already out of balance that these entries do not touch (say, a
 * project before 立项: no commitments yet) does not block a payment.
 */
export async function appendCapitalEntries(tx: Tx, input: AppendInput): Promise<AppendResult> {
  const { projectId, entries: drafts, actor, reason } = input;
  if (!(await lockProjectScheme(tx, projectId)))
    throw invalidState('项目尚未填写立项信息（资金峰值、合伙投资占比），不能记资金台账');
  for (const d of drafts) {
    const err = entryShapeError(d);
    if (err) throw new AppError('UNPROCESSABLE', `资金台账分录不合规：${err}`, { idempotencyKey: d.idempotencyKey });
  }
  const keys = drafts.map((d) => d.idempotencyKey);
  if (new Set(keys).size !== keys.length) throw new AppError('UNPROCESSABLE', '资金台账分录的幂等键重复', { keys });
  const existing = await findEntriesByKeys(tx, keys);
  const byKey = new Map(existing.map((e) => [e.idempotencyKey, e]));
  for (const e of existing)
    if (e.projectId !== projectId)
      throw new AppError('CONFLICT', '该幂等键已用于其他项目的资金台账分录', { idempotencyKey: e.idempotencyKey });
  const fresh = drafts.filter((d) => !byKey.has(d.idempotencyKey));
  const before = await loadLedger(tx, projectId);
  if (!fresh.length) return { entries: keys.map((k) => byKey.get(k)!), inserted: 0, replayed: true, ledger: before };

  const scheme = await tx.projectScheme.findUniqueOrThrow({ where: { projectId } });
  const caps = levelCaps(scheme);
  const wasBroken = checkInvariant(before, caps);
  const afterBreaks = checkInvariant([...before, ...fresh], caps);
  const newBreaks = afterBreaks.filter((b) => !wasBroken.some((w) => sameBreak(w, b)));
  if (newBreaks.length) {
    throw new AppError('CONFLICT', `资金台账校验未通过：${newBreaks.map((b) => b.message).join('')}`, {
      breaks: newBreaks.map((b) => ({
        level: b.level,
        cap: moneyString(b.cap),
        partners: moneyString(b.partners),
        platform: moneyString(b.platform),
        difference: moneyString(b.difference),
      })),
    });
  }
  const inserted = await insertEntries(tx, projectId, fresh, actor.actorId);
  const insertedByKey = new Map(inserted.map((e) => [e.idempotencyKey, e]));
  await writeAudit(tx, actor, {
    action: 'append_capital_entries',
    entity: 'CapitalEntry',
    entityId: inserted.map((e) => e.id).join(','),
    projectId,
    after: {
      reason,
      entries: inserted.map((e) => ({
        id: e.id,
        kind: e.kind,
        level: e.level,
        holder: e.holder,
        userId: e.userId,
        committedDelta: moneyString(e.committedDelta),
        paidDelta: moneyString(e.paidDelta),
        interestDelta: moneyString(e.interestDelta),
        valueDate: e.valueDate,
        key: e.idempotencyKey,
      })),
    },
  });
  return {
    entries: keys.map((k) => byKey.get(k) ?? insertedByKey.get(k)!),
    inserted: inserted.length,
    replayed: false,
    ledger: [...before, ...inserted],
  };
}
export type { CapitalEntryDraft, CapitalEntryRow } from './repository';
