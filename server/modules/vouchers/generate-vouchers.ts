/**
 * 生成凭证 for one entity and period: reads every money movement of the entity up to the period's end, applies the
 * rules in force, and stores what `planPeriod` says — new vouchers, reversals (红字) of vouchers whose source or
 * rule changed, nothing for what is unchanged (so generating twice writes nothing the second time). Numbers are
 * taken per entity and period in the order written. One audit row per generation that wrote something.
 */
import type { Deps } from '../../deps';
import type { Tx } from '../../lib/db';
import { invalidState, notFound } from '../../lib/errors';
import { writeAudit, type AuditActor } from '../../lib/audit';
import { dec } from '../../../shared/money';
import { generateVouchers, reversalLines } from './calc/generate';
import { movementsFrom } from './calc/movements';
import { dateWithin, lastDayOf, planPeriod } from './calc/plan';
import type { DraftLine } from './calc/types';
import { resolveRules } from './voucher-rules';
import {
  activeVouchers,
  ensurePeriod,
  exportedPeriods,
  findEntity,
  insertVoucher,
  loadMovementSources,
  lockEntity,
  markReversed,
  takeNumbers,
  vouchersWithLines,
} from './repository';

export interface GenerateResult {
  period: string;
  created: number;
  reversed: number;
  unchanged: number;
}

/** Inside a transaction: the generation itself (the integration tests and the route share it). */
export async function generateInTx(tx: Tx, who: AuditActor, entityId: number, period: string): Promise<GenerateResult> {
  const entity = await findEntity(tx, entityId);
  if (!entity) throw notFound('核算主体');
  await lockEntity(tx, entityId);
  const exported = await exportedPeriods(tx, entityId);
  if (exported.has(period))
    throw invalidState(`${period} 已标记为已导出，不能再生成凭证；之后的业务会进入下一个未导出的期间`, { period });
  const sources = await loadMovementSources(tx, entityId, lastDayOf(period));
  const movements = movementsFrom(sources.ledger, sources.lines, sources.exits, sources);
  const desired = generateVouchers(movements, await resolveRules(tx, entityId));
  const plan = planPeriod(period, desired, await activeVouchers(tx, entityId), exported);
  const count = plan.reverse.length + plan.create.length;
  if (!count) return { period, created: 0, reversed: 0, unchanged: plan.unchanged };

  const periodRow = await ensurePeriod(tx, entityId, period);
  let next = await takeNumbers(tx, periodRow.id, count);
  const reversedRows = await vouchersWithLines(
    tx,
    plan.reverse.map((r) => r.id),
  );
  const written: Array<{ id: number; number: number; groupKey: string; reversalOf: number | null }> = [];
  for (const old of reversedRows) {
    const lines: DraftLine[] = old.lines.map((l) => ({
      summary: `冲销${old.period} ${old.word}-${old.number}号：${l.summary}`.slice(0, 200),
      accountCode: l.accountCode,
      accountName: l.accountName,
      debit: dec(l.debit.toString()),
      credit: dec(l.credit.toString()),
      counterparty: l.partnerName === null ? null : { id: l.partnerId, name: l.partnerName, code: l.partnerCode },
      project: l.projectId === null ? null : { id: l.projectId, code: l.projectCode, name: l.projectName ?? '' },
      movementKind: l.movementKind as DraftLine['movementKind'],
      source: { type: l.sourceType as DraftLine['source']['type'], id: l.sourceId },
      amount: dec(l.amount.toString()),
    }));
    const number = next++;
    const id = await insertVoucher(tx, {
      entityId,
      period,
      number,
      word: old.word,
      date: dateWithin(old.date.toISOString().slice(0, 10), period),
      kind: old.kind,
      groupKey: old.groupKey,
      fingerprint: `reversal:${old.id}`,
      summary: `冲销${old.period} ${old.word}-${old.number}号 ${old.summary}`.slice(0, 200),
      reversalOfId: old.id,
      createdById: who.actorId,
      lines: reversalLines(lines),
    });
    await markReversed(tx, old.id);
    written.push({ id, number, groupKey: old.groupKey, reversalOf: old.id });
  }
  for (const d of plan.create) {
    const number = next++;
    const id = await insertVoucher(tx, {
      entityId,
      period,
      number,
      word: d.word,
      date: d.date,
      kind: d.kind,
      groupKey: d.groupKey,
      fingerprint: d.fingerprint,
      summary: d.summary,
      reversalOfId: null,
      createdById: who.actorId,
      lines: d.lines,
    });
    written.push({ id, number, groupKey: d.groupKey, reversalOf: null });
  }
  await writeAudit(tx, who, {
    action: 'generate_vouchers',
    entity: 'Voucher',
    entityId: `${entityId}:${period}`,
    after: { entityId, period, written },
  });
  return { period, created: plan.create.length, reversed: plan.reverse.length, unchanged: plan.unchanged };
}

export const generateEntityVouchers = (deps: Deps, who: AuditActor, entityId: number, period: string) =>
  deps.db.$transaction((tx) => generateInTx(tx, who, entityId, period));
