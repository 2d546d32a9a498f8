/**
 * 离职退休流程 (FlowType EXIT, quick guide 6.3.2–6.3.4): one partner's exit through DingTalk OA. 发起 names the exit
 * (`subjectId`) and needs a fresh 测算 (必须先进行测算; a 测算 older than a changed input is refused). 同意 writes the
 * 承接 — per level, the partner's stake to the 平台公司 (transferEntries → appendCapitalEntries) — and completes the
 * exit (the partner is 退 in the project from the exit date); 驳回 / 撤销 leaves the ledger as it was (已驳回, may be
 * recalculated). The robot message is the flow service's, as for every flow.
 */
import type { Tx } from '../../lib/db';
import type { ApprovalField } from '../../dingtalk/client';
import { invalidState } from '../../lib/errors';
import { systemActor, writeAudit, type AuditActor } from '../../lib/audit';
import { nextState, refused } from '../../lib/state-machine';
import { formatMoney } from '../../../shared/money';
import { appendCapitalEntries } from '../capital/append-capital-entries';
import { loadLedger } from '../capital/repository';
import { projectHeader, type FlowDefinition } from '../flows/definition';
import type { ExitPricing } from './calc/price';
import { transferEntries } from './calc/transfer';
import { isFresh, STALE_MESSAGE } from './calculate-exit';
import { exitMachine, transitionExit } from './exit-state';
import { dayOf } from './list-exits';
import { findExit } from './repository';
import { closeExitTodos } from './left-partner-todos';

const callbackActor = () => systemActor('钉钉审批回调');

/** The approval form: the partner, the project, the type and date, the rule, the price per holding and the total. */
async function prepareExitFlow(tx: Tx, projectId: number, _who: AuditActor, subjectId?: number) {
  const exit = await findExit(tx, projectId, subjectId!);
  if (!nextState(exitMachine, exit.status, 'START_FLOW'))
    throw refused(
      exitMachine,
      exit.status,
      'START_FLOW',
      exit.status === 'REJECTED' ? '退出流程已被驳回，请先重新测算' : undefined,
    );
  if (!(await isFresh(tx, exit))) throw invalidState(STALE_MESSAGE, { exitId: exit.id });
  const p = await projectHeader(tx, projectId);
  const user = await tx.user.findUniqueOrThrow({ where: { id: exit.userId }, select: { name: true, jobNumber: true } });
  const pricing = exit.pricing as unknown as ExitPricing;
  return {
    subjectType: 'EXIT',
    subjectId: exit.id,
    title: `${p.name} ${user.name} 退出（${exit.exitTypeLabel}）`,
    fields: [
      { name: '项目名称', value: p.name },
      { name: '城市公司', value: p.orgUnit.name },
      { name: '合伙人', value: user.jobNumber ? `${user.name}（${user.jobNumber}）` : user.name },
      { name: '退出类型', value: exit.exitTypeLabel },
      { name: '退出日期', value: dayOf(exit.exitDate) },
      { name: '计价规则', value: pricing.ruleSummary },
      { name: '退出价款合计', value: formatMoney(pricing.total) },
      {
        name: '分层级明细',
        componentType: 'TableField',
        table: pricing.holdings.map((h) => [
          { name: '层级', value: h.levelLabel },
          { name: '认缴', value: formatMoney(h.committed) },
          { name: '实缴', value: formatMoney(h.paid) },
          {
            name: '测算',
            value: h.lines
              .filter((l) => l.counts)
              .map((l) => `${l.name} ${formatMoney(l.amount)}`)
              .join('；'),
          },
          { name: '退出价款', value: formatMoney(h.price) },
        ]),
      },
    ] satisfies ApprovalField[],
  };
}

/** The exit goes 审批中 once DingTalk has the instance; the 离职 todos of this partner and project are closed. */
async function exitFlowStarted(
  tx: Tx,
  flow: { id: number; projectId: number; subjectId: number | null },
  who: AuditActor,
) {
  const exit = await findExit(tx, flow.projectId, flow.subjectId!);
  await transitionExit(tx, exit.id, 'START_FLOW', {
    actor: who,
    data: { flowId: flow.id },
    audit: { after: { flowId: flow.id } },
  });
  await closeExitTodos(tx, exit.userId, flow.projectId, 'exit_todo_done');
}

/**
 * 同意: in the callback's transaction, the 测算 is checked once more against the current inputs; the 承接 entries are
 * appended (one idempotency key per exit, level and side) and the exit completes. A 测算 gone stale while the flow
 * ran (a ledger change of the partner) moves nothing: the exit is 已驳回 with the reason, to be recalculated.
 */
async function exitFlowAgreed(tx: Tx, flow: { id: number; projectId: number; subjectId: number | null }) {
  const exit = await findExit(tx, flow.projectId, flow.subjectId!);
  if (exit.status !== 'FLOW_RUNNING') return; // a late or repeated callback
  const actor = callbackActor();
  const ledger = await loadLedger(tx, flow.projectId);
  const pricing = exit.pricing as unknown as ExitPricing;
  const fresh = await isFresh(tx, exit);
  const transfer = fresh ? transferEntries(ledger, pricing, { exitId: exit.id }) : null;
  if (!transfer?.ok) {
    const reason = transfer ? transfer.message : STALE_MESSAGE;
    await transitionExit(tx, exit.id, 'FLOW_REFUSED', {
      actor,
      audit: { after: { flowId: flow.id, flowResult: 'agree', notApplied: reason } },
    });
    return;
  }
  await appendCapitalEntries(tx, {
    projectId: flow.projectId,
    actor,
    reason: `离职退休流程完成：合伙人份额由平台公司承接（退出 #${exit.id}）`,
    entries: transfer.entries.map((e) => ({
      ...e,
      exitId: exit.id,
      idempotencyKey: `exit:${exit.id}:${e.level}:${e.kind}`,
      note: `退出 #${exit.id} ${exit.exitTypeLabel}`,
    })),
  });
  await transitionExit(tx, exit.id, 'FLOW_AGREED', {
    actor,
    data: { completedAt: new Date() },
    audit: { after: { flowId: flow.id, transferred: pricing.holdings.map((h) => ({ level: h.level, paid: h.paid })) } },
  });
}

/** 驳回 / 撤销: 已驳回; nothing else changes. */
async function exitFlowStopped(
  tx: Tx,
  flow: { id: number; projectId: number; subjectId: number | null },
  status: 'REJECTED' | 'TERMINATED',
) {
  if (!flow.subjectId) return;
  const moved = await transitionExit(tx, flow.subjectId, status === 'REJECTED' ? 'FLOW_REFUSED' : 'FLOW_TERMINATED', {
    actor: callbackActor(),
    skipIfNotAllowed: true,
    audit: { after: { flowId: flow.id, flowStatus: status } },
  });
  if (!moved)
    await writeAudit(tx, callbackActor(), {
      action: 'ignore_exit_flow_result',
      entity: 'PartnerExit',
      entityId: flow.subjectId,
      projectId: flow.projectId,
      after: { flowId: flow.id, flowStatus: status },
    });
}

export const exitFlow: FlowDefinition = {
  perSubject: { subjectType: 'EXIT', label: '退出' },
  prepare: prepareExitFlow,
  onStarted: (tx, _deps, flow, who) => exitFlowStarted(tx, flow, who),
  onAgreed: (tx, _deps, flow) => exitFlowAgreed(tx, flow),
  onStopped: exitFlowStopped,
};
