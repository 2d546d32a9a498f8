/**
 * What a 项目流程 flow type does: the form sent to DingTalk and the business object it decides, and what completion
 * or refusal does to that object. Each business module declares the definitions of its flows; the explicit list in
 * server/modules/event-handlers.ts registers them at start (nothing registers itself on import).
 */
import type Decimal from 'decimal.js';
import type { Deps } from '../../deps';
import type { Tx } from '../../lib/db';
import type { AuditActor } from '../../lib/audit';
import type { ApprovalField } from '../../dingtalk/client';
import { LEVEL_LABEL, LEVELS, type TFlowType, type TLevel } from '../../../shared/api/scheme';
import { formatMoney, formatRatio } from '../../../shared/money';
import { levelCaps, levelRatio, type SchemeTerms } from '../../../shared/scheme-math';

export interface FlowDefinition {
  /** What must be true before 发起, and the object the flow decides. */
  prepare: (
    tx: Tx,
    projectId: number,
    /** who starts it (for the audit of what `prepare` moves) */
    who: AuditActor,
  ) => Promise<{ subjectType?: string; subjectId?: number; fields: ApprovalField[]; title: string }>;
  /** What the recorded start (the DingTalk instance exists) does to the business object, in that transaction. */
  onStarted?: (tx: Tx, flow: { id: number; projectId: number; subjectId: number | null }) => Promise<void>;
  /** What completion (agree) does to the business object. */
  onAgreed?: (tx: Tx, deps: Deps, flow: { projectId: number; subjectId: number | null }) => Promise<void>;
  /** DingTalk refused to create the instance (the reserved run is removed): undo what `prepare` moved. */
  onStartFailed?: (tx: Tx, flow: { id: number; projectId: number; subjectId: number | null }) => Promise<void>;
  /** What a refusal or a withdrawal does: the object goes back to where it can be corrected. */
  onStopped?: (
    tx: Tx,
    flow: { id: number; projectId: number; subjectId: number | null },
    status: 'REJECTED' | 'TERMINATED',
  ) => Promise<void>;
}

const definitions = new Map<TFlowType, FlowDefinition>();

/** Registers what each flow type does (at process start, from one explicit list). */
export function registerFlowDefinitions(defs: Partial<Record<TFlowType, FlowDefinition>>): void {
  for (const [type, def] of Object.entries(defs) as [TFlowType, FlowDefinition][]) definitions.set(type, def);
}

/** The definition of a flow type, or undefined when that flow is not available yet. */
export const flowDefinitionOf = (type: TFlowType): FlowDefinition | undefined => definitions.get(type);

/** The project's name, company and 取得方式 for a form's header. */
export async function projectHeader(tx: Tx, projectId: number) {
  const p = await tx.project.findUniqueOrThrow({
    where: { id: projectId },
    select: { name: true, acquisitionMethod: true, orgUnit: { select: { name: true } } },
  });
  return p;
}

/** The BPM form's per-level table: ratio and amount per level (the level caps when no amounts are given). */
export function levelTable(
  scheme: SchemeTerms,
  amounts?: Record<TLevel, Decimal>,
): { name: string; value: string }[][] {
  const shown = amounts ?? levelCaps(scheme);
  return LEVELS.map((level) => [
    { name: '类别', value: LEVEL_LABEL[level] },
    { name: '合伙投资占比', value: formatRatio(levelRatio(scheme, level), 3) },
    { name: '本次总额', value: formatMoney(shown[level]) },
  ]);
}
