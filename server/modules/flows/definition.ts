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
  /**
   * A flow that decides one of several objects of the project (e.g. 离职退休流程: one partner's exit): 发起 names
   * the object (`subjectId`), one run may be 审批中 per object, and the type may run again for another object.
   * Without it the flow decides the project's current object, which `prepare` finds.
   */
  perSubject?: { subjectType: string; label: string };
  /** What must be true before 发起, and the object the flow decides (`subjectId`: the caller's choice, perSubject). */
  prepare: (
    tx: Tx,
    projectId: number,
    /** who starts it (for the audit of what `prepare` moves) */
    who: AuditActor,
    /** the object chosen by the caller (perSubject flows) */
    subjectId: number | undefined,
    /** for what the form needs from the configuration (e.g. a signed link's key and the public URL) */
    deps: Deps,
  ) => Promise<{
    subjectType?: string;
    subjectId?: number;
    fields: ApprovalField[];
    title: string;
    /** files for the form's 附件 controls (field name as in shared/api/approval-templates.ts), uploaded to 钉盘 */
    attachments?: { name: string; fileName: string; content: Buffer }[];
  }>;
  /** What 发起 does to the object once DingTalk has the instance (same transaction as recording its id). */
  onStarted?: (
    tx: Tx,
    deps: Deps,
    flow: { id: number; projectId: number; subjectId: number | null; instanceId: string | null },
    who: AuditActor,
  ) => Promise<void>;
  /** What completion (agree) does to the business object. */
  onAgreed?: (tx: Tx, deps: Deps, flow: { id: number; projectId: number; subjectId: number | null }) => Promise<void>;
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
