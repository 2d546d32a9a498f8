/**
 * The two flows of a 峰值变更: 资金峰值调整 (FlowType PEAK_ADJUSTMENT, quick guide 4.1.2–4.1.3) on the draft, and
 * 立项信息变更 (FlowType SCHEME_CHANGE, 4.2.4–4.2.5) on the approved 立项调整. 发起 moves the change into the flow's
 * state in the transaction that reserves the run; completion moves it on (立项信息变更 applies it); a refusal, a
 * withdrawal or a DingTalk refusal to start sends it back to where it can be corrected.
 */
import type { Tx } from '../../lib/db';
import type { ApprovalField } from '../../dingtalk/client';
import { invalidState } from '../../lib/errors';
import { systemActor, type AuditActor } from '../../lib/audit';
import { dec, formatMoney, formatRatio, sumMoney } from '../../../shared/money';
import { LEVEL_LABEL, LEVELS } from '../../../shared/api/scheme';
import { levelRatio } from '../../../shared/scheme-math';
import { projectHeader, type FlowDefinition } from '../flows/definition';
import { applyChange, assertLinesCurrent } from './apply-change';
import { transitionChange } from './change-state';
import { refundOf, topUpOf } from './money-moves';
import { linesOfChange, openChangeIn, schemeInForce } from './repository';
import { capsOf, newTermsOf, oldTermsOf, shareholdersOf } from './terms';

const callback = (what: string) => systemActor(what);

async function peakAdjustmentForm(tx: Tx, projectId: number, who: AuditActor) {
  const change = await openChangeIn(tx, projectId, ['DRAFT']);
  if (!change) throw invalidState('没有待发起的峰值变更，请先在【股权合作】中录入新的资金峰值和股东信息');
  const p = await projectHeader(tx, projectId);
  const { scheme } = await schemeInForce(tx, projectId);
  const oldT = oldTermsOf(change, scheme.allocationUnit);
  const newT = newTermsOf(change, scheme.allocationUnit);
  const oldCaps = capsOf(oldT);
  const newCaps = capsOf(newT);
  await transitionChange(tx, change.id, 'startPeakFlow', { actor: who, expected: change });
  return {
    subjectType: 'SCHEME_CHANGE',
    subjectId: change.id,
    title: `${p.name} 资金峰值调整（第 ${change.seq} 次）`,
    fields: [
      { name: '项目名称', value: p.name },
      { name: '城市公司', value: p.orgUnit.name },
      { name: '原资金峰值', value: formatMoney(change.oldPeakCapital) },
      { name: '调整后资金峰值', value: formatMoney(change.peakCapital) },
      { name: '调整原因', value: change.reason ?? '' },
      {
        name: '股东信息',
        table: shareholdersOf(change.shareholders).map((s) => [
          { name: '股东', value: s.name },
          { name: '持股比例', value: formatRatio(s.equityRatio, 2) },
          { name: '我方', value: s.isOurs ? '是' : '否' },
        ]),
        componentType: 'TableField',
      },
      {
        name: '分层级额度',
        table: LEVELS.map((level) => [
          { name: '类别', value: LEVEL_LABEL[level] },
          { name: '原占比', value: formatRatio(levelRatio(oldT, level), 3) },
          { name: '原额度', value: formatMoney(oldCaps[level]) },
          { name: '新占比', value: formatRatio(levelRatio(newT, level), 3) },
          { name: '新额度', value: formatMoney(newCaps[level]) },
        ]),
        componentType: 'TableField',
      },
    ] satisfies ApprovalField[],
  };
}

export const peakAdjustmentFlow: FlowDefinition = {
  prepare: peakAdjustmentForm,
  onAgreed: async (tx, _deps, flow) => {
    if (!flow.subjectId) return;
    await transitionChange(tx, flow.subjectId, 'peakApproved', {
      actor: callback('钉钉审批回调'),
      skipIfNotAllowed: true,
    });
  },
  onStopped: async (tx, flow, status) => {
    if (!flow.subjectId) return;
    await transitionChange(tx, flow.subjectId, 'peakStopped', {
      actor: callback('钉钉审批回调'),
      skipIfNotAllowed: true,
      audit: { after: { flowId: flow.id, flowStatus: status } },
    });
  },
  onStartFailed: async (tx, flow) => {
    if (!flow.subjectId) return;
    await transitionChange(tx, flow.subjectId, 'peakStopped', {
      actor: callback('发起钉钉审批失败'),
      skipIfNotAllowed: true,
    });
  },
};

async function schemeChangeForm(tx: Tx, projectId: number, who: AuditActor) {
  const change = await openChangeIn(tx, projectId, ['APPROVED']);
  if (!change) throw invalidState('立项调整尚未审核通过，不能发起【立项信息变更】流程');
  const p = await projectHeader(tx, projectId);
  const { scheme } = await schemeInForce(tx, projectId);
  const oldCaps = capsOf(oldTermsOf(change, scheme.allocationUnit));
  const newCaps = capsOf(newTermsOf(change, scheme.allocationUnit));
  const lines = await linesOfChange(tx, change.id);
  await assertLinesCurrent(tx, projectId, lines);
  const partners = lines.filter((l) => l.holder === 'PARTNER');
  const total = (f: 'oldCommitted' | 'newCommitted', level?: string) =>
    sumMoney(partners.filter((l) => !level || l.level === level).map((l) => l[f].toString()));
  await transitionChange(tx, change.id, 'startChangeFlow', { actor: who, expected: change });
  return {
    subjectType: 'SCHEME_CHANGE',
    subjectId: change.id,
    title: `${p.name} 立项信息变更（第 ${change.seq} 次）`,
    fields: [
      { name: '项目名称', value: p.name },
      { name: '城市公司', value: p.orgUnit.name },
      { name: '原资金峰值', value: formatMoney(change.oldPeakCapital) },
      { name: '调整后资金峰值', value: formatMoney(change.peakCapital) },
      { name: '原合伙人认缴合计', value: formatMoney(total('oldCommitted')) },
      { name: '调整后合伙人认缴合计', value: formatMoney(total('newCommitted')) },
      { name: '补缴人数', value: String(partners.filter((l) => topUpOf(l).greaterThan(0)).length) },
      { name: '退款人数', value: String(partners.filter((l) => refundOf(l).greaterThan(0)).length) },
      {
        name: '分层级明细',
        table: LEVELS.map((level) => [
          { name: '类别', value: LEVEL_LABEL[level] },
          { name: '原额度', value: formatMoney(oldCaps[level]) },
          { name: '新额度', value: formatMoney(newCaps[level]) },
          { name: '原合伙人认缴', value: formatMoney(total('oldCommitted', level)) },
          { name: '新合伙人认缴', value: formatMoney(total('newCommitted', level)) },
          {
            name: '变动',
            value: formatMoney(dec(total('newCommitted', level)).minus(total('oldCommitted', level))),
          },
        ]),
        componentType: 'TableField',
      },
    ] satisfies ApprovalField[],
  };
}

export const schemeChangeFlow: FlowDefinition = {
  prepare: schemeChangeForm,
  onAgreed: async (tx, _deps, flow) => {
    if (!flow.subjectId) return;
    await applyChange(tx, flow.subjectId, callback('钉钉审批回调'));
  },
  onStopped: async (tx, flow, status) => {
    if (!flow.subjectId) return;
    await transitionChange(tx, flow.subjectId, 'changeStopped', {
      actor: callback('钉钉审批回调'),
      skipIfNotAllowed: true,
      audit: { after: { flowId: flow.id, flowStatus: status } },
    });
  },
  onStartFailed: async (tx, flow) => {
    if (!flow.subjectId) return;
    await transitionChange(tx, flow.subjectId, 'changeFlowNotStarted', {
      actor: callback('发起钉钉审批失败'),
      skipIfNotAllowed: true,
    });
  },
};
