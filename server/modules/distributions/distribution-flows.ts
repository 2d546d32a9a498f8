/**
 * The 项目流程 of distributions (DingTalk OA): 实际资金峰值确认(循环) before a 本金分配, and the 本金分配 /
 * 利润分配1–3 flows of an approved batch, with the manual's form: 项目名称, 取得方式, 本次分配节点, 本次分配比例,
 * 合伙投资占比, 本次分配金额, 预计分配时间, the per-level table (控股集团 / 置业集团 / 城市公司 / 其它 with 合计) and 情况说明.
 * The Excel calculation sheet goes as 测算表: a signed link valid 30 days (sheet-link.ts; dingtalk.md has no 钉盘 upload
 * for a real attachment). Registered in event-handlers.
 */
import type { Deps } from '../../deps';
import type { Tx } from '../../lib/db';
import { invalidState } from '../../lib/errors';
import { systemActor } from '../../lib/audit';
import { formatDate } from '../../../shared/datetime';
import { formatMoney, formatRatio } from '../../../shared/money';
import { batchName, ZProfitInput } from '../../../shared/api/distributions';
import type { DistributionKind } from '../../generated/prisma/enums';
import { projectHeader, type FlowDefinition } from '../flows/definition';
import { transitionBatch } from './batch-state';
import { sendDueDistributionNotices } from './send-distribution-notices';
import { batchDetail, totalsOf } from './repository';
import { batchWorkbook } from './export';
import { sheetLink } from './sheet-link';
import { z } from 'zod';

const ZLevels = z.array(z.object({ level: z.string(), label: z.string(), ratio: z.string(), amount: z.string() }));

/** 实际资金峰值确认(循环): the 资金峰值-实际 entered on the project's 本金分配 batch. */
export const actualPeakFlow: FlowDefinition = {
  prepare: async (tx, projectId) => {
    const p = await projectHeader(tx, projectId);
    const scheme = await tx.projectScheme.findUnique({ where: { projectId } });
    if (!scheme) throw invalidState('请先填写【立项信息】中的资金峰值');
    const batch = await tx.distributionBatch.findFirst({ where: { projectId, kind: 'PRINCIPAL' } });
    if (!batch?.actualPeak) throw invalidState('请先在本金分配批次中填写资金峰值-实际');
    return {
      title: `${p.name} 实际资金峰值确认`,
      subjectType: 'DISTRIBUTION',
      subjectId: batch.id,
      fields: [
        { name: '项目名称', value: p.name },
        { name: '城市公司', value: p.orgUnit.name },
        { name: '资金峰值-计划', value: formatMoney(scheme.peakCapital) },
        { name: '资金峰值-实际', value: formatMoney(batch.actualPeak) },
      ],
    };
  },
};

/**
 * The batch a flow decides. The manual's flows are 本金分配 and 利润分配1–3 — no flow of its own for 清算分配, which pays
 * the last profit with what principal is left: it goes through the next 利润分配 flow after the project's 第N次利润分配
 * batches (利润分配1 with none before it, … 利润分配3 after two), so its N is the number of profit batches + 1.
 */
async function approvedBatch(tx: Tx, projectId: number, kind: DistributionKind, seq: number) {
  let batch = await tx.distributionBatch.findFirst({ where: { projectId, kind, seq } });
  if (!batch && kind === 'PROFIT') {
    const clearing = await tx.distributionBatch.findFirst({ where: { projectId, kind: 'CLEARING' } });
    const profits = await tx.distributionBatch.count({ where: { projectId, kind: 'PROFIT' } });
    if (clearing && profits + 1 === seq) batch = clearing;
  }
  const name = batch ? batchName(batch.kind, batch.seq) : batchName(kind, seq);
  if (!batch) throw invalidState(`请先新建${name}批次`);
  if (batch.status !== 'APPROVED') throw invalidState(`${name}批次须先测算、送审并审核通过`);
  return batch;
}

/** Which 利润分配 flow (1–3) a 清算分配 goes through: the one after the profit batches before it; null when none is left. */
export const clearingFlowSeq = (profitBatches: number): number | null =>
  profitBatches + 1 <= PROFIT_FLOWS ? profitBatches + 1 : null;

/** 利润分配1, 利润分配2, 利润分配3 */
export const PROFIT_FLOWS = 3;

function distributionFlow(kind: DistributionKind, seq: number): FlowDefinition {
  return {
    prepare: async (tx, projectId, _who, _subjectId, deps) => {
      const batch = await approvedBatch(tx, projectId, kind, seq);
      if (kind === 'PRINCIPAL') {
        const peak = await tx.projectFlow.findFirst({
          where: { projectId, type: 'ACTUAL_PEAK', status: 'COMPLETED' },
          select: { id: true },
        });
        if (!peak) throw invalidState('本金分配前须完成【实际资金峰值确认(循环)】流程');
      }
      const p = await projectHeader(tx, projectId);
      const scheme = await tx.projectScheme.findUniqueOrThrow({ where: { projectId } });
      const lines = await tx.distributionLine.findMany({ where: { batchId: batch.id } });
      const totals = totalsOf(lines);
      const levels = ZLevels.parse(batch.levels ?? []);
      const total = levels.find((l) => l.level === 'TOTAL');
      const profit = batch.profitInput === null ? null : ZProfitInput.parse(batch.profitInput);
      const ratio = kind === 'PRINCIPAL' ? '100%' : profit?.mode === 'COMPUTED' ? formatRatio(profit.batchRatio) : '—';
      const name = batchName(batch.kind, batch.seq);
      const sheet = await sheetLink(tx, deps, projectId, batch.id);
      const workbook = await batchWorkbook(await batchDetail(tx, projectId, batch.id), p.name);
      return {
        title: `${p.name} ${name}`,
        subjectType: 'DISTRIBUTION',
        subjectId: batch.id,
        fields: [
          { name: '项目名称', value: p.name },
          { name: '取得方式', value: p.acquisitionMethod ?? '—' },
          { name: '本次分配节点', value: name },
          { name: '本次分配比例', value: ratio },
          { name: '合伙投资占比', value: formatRatio(scheme.totalRatio, 3) },
          { name: '本次分配金额', value: formatMoney(total?.amount ?? totals.payout) },
          { name: '预计分配时间', value: formatDate(batch.date) },
          {
            name: '本次分配信息',
            componentType: 'TableField',
            table: levels.map((l) => [
              { name: '类别', value: l.label },
              { name: '合伙投资占比', value: formatRatio(l.ratio, 3) },
              { name: '本次总额', value: formatMoney(l.amount) },
            ]),
          },
          {
            name: '情况说明',
            value:
              `${name}：${lines.length} 行，本金 ${formatMoney(totals.principal)}，资金利息 ${formatMoney(totals.interest)}，` +
              `其它 ${formatMoney(totals.other)}，利润（税前）${formatMoney(totals.profit)}，代扣税 ${formatMoney(totals.tax)}，` +
              `实发合计 ${formatMoney(totals.payout)}；测算表（Excel）链接有效期至 ${formatDate(sheet.expiresAt)}`,
          },
          // the batch's Excel sheet, as a signed link approvers open without logging in here …
          { name: '测算表', value: sheet.url },
        ],
        // … and the same workbook in the approval's 钉盘 space, for the form's 附件 control
        attachments: [{ name: '测算表附件', fileName: workbook.fileName, content: workbook.body }],
      };
    },
    onStarted: async (tx, _deps, flow) => {
      if (flow.subjectId === null) return;
      await transitionBatch(tx, flow.subjectId, 'startFlow', {
        actor: systemActor('项目流程'),
        audit: { after: { flowId: flow.id } },
      });
    },
    onAgreed: async (tx: Tx, deps: Deps, flow) => {
      if (flow.subjectId === null) return;
      await transitionBatch(tx, flow.subjectId, 'completeFlow', { actor: systemActor('项目流程') });
      // the date has come already: the notices go out now (otherwise the daily scheduler sends them on the date)
      await sendDueDistributionNotices(tx, flow.subjectId, deps.config.secretKey);
    },
    onStopped: async (tx, flow, status) => {
      if (flow.subjectId === null) return;
      await transitionBatch(tx, flow.subjectId, 'returnFromFlow', {
        actor: systemActor('项目流程'),
        audit: { after: { flowId: flow.id, flowStatus: status } },
      });
      await tx.distributionLine.deleteMany({ where: { batchId: flow.subjectId } });
    },
  };
}

export const principalDistributionFlow = distributionFlow('PRINCIPAL', 1);
export const profitDistributionFlows = Array.from({ length: PROFIT_FLOWS }, (_, i) =>
  distributionFlow('PROFIT', i + 1),
);
