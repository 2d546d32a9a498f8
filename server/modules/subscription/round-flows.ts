/**
 * The flows that decide a subscription round: 事业合伙立项 (the first round) and 事业合伙补充立项(循环) (each 补投).
 * Completion confirms the round (amounts due); a refusal or a withdrawal returns it to 已测算 for correction.
 */
import type { Deps } from '../../deps';
import type { Tx } from '../../lib/db';
import { exportRound } from './export';
import type { ApprovalField } from '../../dingtalk/client';
import { invalidState } from '../../lib/errors';
import { systemActor } from '../../lib/audit';
import { dec, formatMoney, formatRatio, sumMoney } from '../../../shared/money';
import { sumByLevel } from '../../../shared/scheme-math';
import { levelTable, projectHeader, type FlowDefinition } from '../flows/definition';
import { confirmRound } from '../payments/confirm-round';
import { transitionRound } from './round-state';

/** 事业合伙立项 needs the confirmed peak: the 项目资金峰值 flow COMPLETED, with the shareholders entered. */
async function assertPeakConfirmed(tx: Tx, projectId: number) {
  const scheme = await tx.projectScheme.findUnique({ where: { projectId }, select: { peakConfirmedAt: true } });
  const peakFlow = await tx.projectFlow.findFirst({
    where: { projectId, type: 'PEAK_CAPITAL', status: 'COMPLETED' },
    select: { id: true },
  });
  const shareholders = await tx.shareholder.count({ where: { projectId } });
  const missing = [
    ...(!scheme?.peakConfirmedAt || !peakFlow ? ['【项目资金峰值】流程尚未完成'] : []),
    ...(shareholders ? [] : ['【股权合作】尚未填写股东信息']),
  ];
  if (missing.length) throw invalidState(`不能发起【事业合伙立项】：${missing.join('，')}。`, { missing });
}

async function roundFlow(tx: Tx, deps: Deps, projectId: number, kind: 'INITIAL' | 'SUPPLEMENT') {
  await assertPeakConfirmed(tx, projectId);
  const round = await tx.subscriptionRound.findFirst({
    where: { projectId, kind, status: 'APPROVED' },
    orderBy: { seq: 'desc' },
  });
  if (!round)
    throw invalidState(
      kind === 'INITIAL'
        ? '立项认购方案尚未审核通过，不能发起【事业合伙立项】流程'
        : '补投认购方案尚未审核通过，不能发起【事业合伙补充立项】流程',
    );
  // one query at a time: an interactive transaction is a single connection
  const p = await projectHeader(tx, projectId);
  const scheme = await tx.projectScheme.findUniqueOrThrow({ where: { projectId } });
  const lines = await tx.roundPartner.findMany({
    where: { roundId: round.id },
    select: { level: true, investedAmount: true },
  });
  const byLevel = sumByLevel(
    lines,
    (l) => l.level,
    (l) => l.investedAmount,
  );
  const total = sumMoney(lines.map((l) => l.investedAmount ?? 0));
  return {
    subjectType: 'ROUND',
    subjectId: round.id,
    title: `${p.name} ${round.title}`,
    fields: [
      { name: '项目名称', value: p.name },
      { name: '城市公司', value: p.orgUnit.name },
      { name: '取得方式', value: p.acquisitionMethod ?? '' },
      { name: '资金峰值', value: formatMoney(scheme.peakCapital) },
      { name: '合伙投资占比', value: formatRatio(scheme.totalRatio, 3) },
      { name: '认购人数', value: String(lines.filter((l) => dec(l.investedAmount ?? 0).greaterThan(0)).length) },
      { name: '合伙投资合计', value: formatMoney(total) },
      { name: '分层级明细', table: levelTable(scheme, byLevel), componentType: 'TableField' },
    ] satisfies ApprovalField[],
    // the round's 测算 (投资明细) as the Excel sheet accountants export, for the form's 附件 control
    attachments: [{ name: '测算表', ...(await roundSheet(deps, projectId, round.id)) }],
  };
}

async function roundSheet(deps: Deps, projectId: number, roundId: number) {
  const sheet = await exportRound(deps, projectId, roundId);
  return { fileName: sheet.fileName, content: sheet.body };
}

/** A refused or withdrawn 立项 flow sends the round back to 已测算, so the accountant can correct it and go through review again. */
async function returnRound(
  tx: Tx,
  flow: { id: number; projectId: number; subjectId: number | null },
  status: 'REJECTED' | 'TERMINATED',
) {
  if (!flow.subjectId) return;
  // a round no longer 审核通过 (already moved on) is left alone: callbacks may arrive late or twice
  await transitionRound(tx, flow.subjectId, 'returnFromFlow', {
    actor: systemActor('钉钉审批回调'),
    skipIfNotAllowed: true,
    audit: { after: { flowId: flow.id, flowStatus: status } },
  });
}

export const schemeApprovalFlow: FlowDefinition = {
  prepare: (tx, projectId, _who, _subjectId, deps) => roundFlow(tx, deps, projectId, 'INITIAL'),
  onAgreed: (tx, deps, flow) => confirmRound(tx, deps, flow.subjectId!),
  onStopped: returnRound,
};

export const supplementApprovalFlow: FlowDefinition = {
  prepare: (tx, projectId, _who, _subjectId, deps) => roundFlow(tx, deps, projectId, 'SUPPLEMENT'),
  onAgreed: (tx, deps, flow) => confirmRound(tx, deps, flow.subjectId!),
  onStopped: returnRound,
};
