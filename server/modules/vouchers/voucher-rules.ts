/**
 * 凭证规则: per movement kind the accounts, 辅助核算, summary, voucher word and grouping. Built-in defaults
 * (calc/default-rules.ts) ← the group's saved rules ← an entity's own. Saved by the system admin, version-checked,
 * audited with the rule before and after.
 */
import type { Deps } from '../../deps';
import type { Tx } from '../../lib/db';
import { notFound, versionConflict } from '../../lib/errors';
import { writeAudit, type AuditActor } from '../../lib/audit';
import {
  VOUCHER_MOVEMENT_KINDS,
  ZVoucherRule,
  type TVoucherMovementKind,
  type TVoucherRuleSet,
} from '../../../shared/api/vouchers';
import type { z } from 'zod';
import { DEFAULT_VOUCHER_RULES } from './calc/default-rules';
import type { VoucherRuleSpec } from './calc/types';
import {
  createRuleRow,
  deleteRuleRow,
  entityScope,
  findEntity,
  findRuleRow,
  GROUP_SCOPE,
  loadRuleRows,
  updateRuleRow,
  type RuleData,
  type RuleRow,
} from './repository';
import type { ZVoucherRuleReset, ZVoucherRuleSave } from '../../../shared/api/vouchers';

type Source = 'DEFAULT' | 'GROUP' | 'ENTITY';
export type ResolvedRules = Record<TVoucherMovementKind, VoucherRuleSpec & { source: Source; version: number }>;

const specOf = (row: RuleRow): VoucherRuleSpec =>
  ZVoucherRule.parse({
    kind: row.kind,
    word: row.word,
    grouping: row.grouping,
    debit: { code: row.debitCode, name: row.debitName, aux: row.debitAux },
    credit: { code: row.creditCode, name: row.creditName, aux: row.creditAux },
    summaryTemplate: row.summaryTemplate,
  });

const dataOf = (r: VoucherRuleSpec): RuleData => ({
  word: r.word,
  grouping: r.grouping,
  debitCode: r.debit.code,
  debitName: r.debit.name,
  debitAux: [...r.debit.aux],
  creditCode: r.credit.code,
  creditName: r.credit.name,
  creditAux: [...r.credit.aux],
  summaryTemplate: r.summaryTemplate,
});

/** The rules in force for an entity (null: the group's). */
export async function resolveRules(tx: Tx, entityId: number | null): Promise<ResolvedRules> {
  const rows = await loadRuleRows(tx, entityId);
  const out = {} as ResolvedRules;
  for (const kind of VOUCHER_MOVEMENT_KINDS) {
    const own = entityId === null ? undefined : rows.find((r) => r.kind === kind && r.scope === entityScope(entityId));
    const group = rows.find((r) => r.kind === kind && r.scope === GROUP_SCOPE);
    if (own) out[kind] = { ...specOf(own), source: 'ENTITY', version: own.version };
    else if (group) out[kind] = { ...specOf(group), source: 'GROUP', version: entityId === null ? group.version : 0 };
    else out[kind] = { ...DEFAULT_VOUCHER_RULES[kind], source: 'DEFAULT', version: 0 };
  }
  return out;
}

export async function getVoucherRules(deps: Deps, entityId: number | null): Promise<TVoucherRuleSet> {
  return deps.db.$transaction(async (tx) => {
    const entity = entityId === null ? null : await findEntity(tx, entityId);
    if (entityId !== null && !entity) throw notFound('核算主体');
    const rules = await resolveRules(tx, entityId);
    return {
      entityId,
      entityName: entity?.name ?? null,
      rules: VOUCHER_MOVEMENT_KINDS.map((k) => rules[k]),
    };
  });
}

export async function saveVoucherRule(
  deps: Deps,
  who: AuditActor,
  input: z.infer<typeof ZVoucherRuleSave>,
): Promise<TVoucherRuleSet> {
  const { entityId, rule } = input;
  await deps.db.$transaction(async (tx) => {
    if (entityId !== null && !(await findEntity(tx, entityId))) throw notFound('核算主体');
    const scope = entityId === null ? GROUP_SCOPE : entityScope(entityId);
    const row = await findRuleRow(tx, scope, rule.kind);
    if ((row?.version ?? 0) !== input.version) throw versionConflict('凭证规则', row?.version ?? 0);
    const data = dataOf(rule);
    if (row) {
      if (!(await updateRuleRow(tx, row.id, row.version, data, who.actorId))) throw versionConflict('凭证规则');
    } else await createRuleRow(tx, scope, entityId, rule.kind, data, who.actorId);
    await writeAudit(tx, who, {
      action: 'save_voucher_rule',
      entity: 'VoucherRule',
      entityId: `${scope}:${rule.kind}`,
      before: row ? { rule: specOf(row) } : null,
      after: { rule },
    });
  });
  return getVoucherRules(deps, entityId);
}

/** An entity's own rule removed: the group's (or the built-in) applies again. */
export async function resetVoucherRule(
  deps: Deps,
  who: AuditActor,
  input: z.infer<typeof ZVoucherRuleReset>,
): Promise<TVoucherRuleSet> {
  await deps.db.$transaction(async (tx) => {
    const scope = entityScope(input.entityId);
    const row = await findRuleRow(tx, scope, input.kind);
    if (!row) throw notFound('该核算主体的凭证规则');
    if (row.version !== input.version || !(await deleteRuleRow(tx, row.id, row.version)))
      throw versionConflict('凭证规则', row.version);
    await writeAudit(tx, who, {
      action: 'reset_voucher_rule',
      entity: 'VoucherRule',
      entityId: `${scope}:${input.kind}`,
      before: { rule: specOf(row) },
      after: null,
    });
  });
  return getVoucherRules(deps, input.entityId);
}
