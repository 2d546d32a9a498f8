/**
 * 报表 (manual 10.1.1–10.1.7): the six reports, their columns (the console's tables and the Excel export read the
 * same list, so the export is exactly what is shown), the query (filters, paging, sorting) and the page answered.
 * Amounts and ratios are decimal strings; dates are Shanghai days; a row is a flat record keyed by column.
 */
import { z } from 'zod';
import { ZDay } from './common';

export const REPORT_KINDS = ['work', 'funding', 'distributions', 'tracking', 'partners', 'exits'] as const;
export type TReportKind = (typeof REPORT_KINDS)[number];

/** How a cell is read and shown: money ¥1,234.00, ratio 3.91%, a multiple 1.25×, a day, a count, text. */
export type TColumnType = 'text' | 'money' | 'ratio' | 'multiple' | 'date' | 'int';

export interface ReportColumn {
  key: string;
  title: string;
  type: TColumnType;
  /** pinned on the left (the key columns) */
  fixed?: boolean;
  width: number;
  /** summed in the totals row (money and counts) */
  total?: boolean;
  /** not sortable (computed per page) */
  noSort?: boolean;
}

export interface ReportDef {
  kind: TReportKind;
  title: string;
  /** what a row is */
  rowIs: string;
  columns: ReportColumn[];
  defaultSort: { key: string; order: 'ascend' | 'descend' };
}

const money = (key: string, title: string, width = 130, total = true): ReportColumn => ({
  key,
  title,
  type: 'money',
  width,
  total,
});
const ratio = (key: string, title: string, width = 124): ReportColumn => ({ key, title, type: 'ratio', width });
const text = (key: string, title: string, width = 120, fixed = false): ReportColumn => ({
  key,
  title,
  type: 'text',
  width,
  ...(fixed ? { fixed } : {}),
});
const date = (key: string, title: string, width = 110): ReportColumn => ({ key, title, type: 'date', width });
const count = (key: string, title: string, width = 80, total = true): ReportColumn => ({
  key,
  title,
  type: 'int',
  width,
  total,
});

export const REPORTS: Record<TReportKind, ReportDef> = {
  work: {
    kind: 'work',
    title: '工作跟踪表',
    rowIs: '一件待办',
    columns: [
      text('projectName', '项目', 150, true),
      text('kindLabel', '事项', 130, true),
      text('subject', '对象', 150),
      text('actor', '待办人', 110),
      date('since', '起始日期'),
      count('days', '已等待（天）', 110, false),
      money('amount', '金额', 130, false),
      text('detail', '说明', 300),
      text('companyName', '城市公司', 150),
    ],
    defaultSort: { key: 'since', order: 'ascend' },
  },
  funding: {
    kind: 'funding',
    title: '立项及缴款汇总表',
    rowIs: '一个项目',
    columns: [
      text('projectName', '项目', 150, true),
      text('companyName', '城市公司', 150),
      money('peakCapital', '资金峰值', 150),
      ratio('totalRatio', '合伙投资占比'),
      ratio('holdingRatio', '控股集团占比'),
      ratio('groupRatio', '置业集团占比'),
      ratio('cityRatio', '城市公司占比'),
      ratio('otherRatio', '其它占比', 90),
      money('cap', '合伙额度', 140),
      count('partners', '合伙人数', 90),
      money('subscribed', '认购金额', 140),
      money('committed', '合伙人认缴', 140),
      money('paid', '合伙人实缴', 140),
      money('unpaid', '未缴', 130),
      money('overdue', '逾期未缴', 130),
      money('forfeited', '放弃', 120),
      money('platform', '平台公司认缴', 140),
    ],
    defaultSort: { key: 'projectName', order: 'ascend' },
  },
  distributions: {
    kind: 'distributions',
    title: '分配汇总表',
    rowIs: '一个分配批次的一个层级',
    columns: [
      text('projectName', '项目', 150, true),
      text('batchName', '分配批次', 120, true),
      date('date', '分配日期'),
      text('statusLabel', '状态', 100),
      text('levelLabel', '层级', 90),
      count('lines', '人数', 70),
      money('principal', 'A 本金'),
      money('interest', 'B 资金利息'),
      money('other', 'C 其它'),
      money('principalNet', 'D 本金净额'),
      money('principalTotal', 'E 本金含其它'),
      money('profit', 'F 利润'),
      money('tax', '代扣税'),
      money('profitNet', '税后利润'),
      money('payout', '实发合计', 140),
      money('paidOut', '已发放', 140),
    ],
    defaultSort: { key: 'date', order: 'descend' },
  },
  tracking: {
    kind: 'tracking',
    title: '实时跟踪汇总表',
    rowIs: '一个项目',
    columns: [
      text('projectName', '项目', 150, true),
      text('stage', '当前阶段', 120, true),
      text('companyName', '城市公司', 150),
      date('acquiredOn', '拿地'),
      date('peakConfirmedOn', '资金峰值确认', 130),
      text('roundStatus', '最新认购轮次', 150),
      date('noticeOn', '认购通知'),
      date('confirmedOn', '立项完成'),
      date('firstDueOn', '缴款截止'),
      date('lastPaidOn', '最近缴款'),
      money('unpaid', '未缴', 130),
      text('changeStatus', '最新峰值变更', 130),
      count('batches', '分配批次', 90),
      date('lastDistributionOn', '最近分配'),
      count('exits', '退出', 70),
      text('settled', '清算', 70),
    ],
    defaultSort: { key: 'projectName', order: 'ascend' },
  },
  partners: {
    kind: 'partners',
    title: '员工合伙信息查询表',
    rowIs: '一位合伙人在一个项目',
    columns: [
      text('name', '姓名', 90, true),
      text('projectName', '项目', 150, true),
      text('companyName', '所在公司', 150),
      text('statusLabel', '状态', 70),
      text('levelLabel', '层级', 110),
      text('categoryLabel', '类别', 70),
      money('committed', '认缴'),
      money('paidIn', '累计实缴'),
      money('principalReturned', '已返还本金'),
      money('interest', '资金利息'),
      money('profit', '利润'),
      money('tax', '代扣税'),
      money('received', '实收合计'),
      { key: 'moic', title: 'MOIC', type: 'multiple', width: 90 },
      { key: 'xirr', title: 'XIRR', type: 'ratio', width: 100, noSort: true },
      text('agreementStatus', '协议状态', 90),
      text('accountStatus', '分配账户', 100),
    ],
    defaultSort: { key: 'name', order: 'ascend' },
  },
  exits: {
    kind: 'exits',
    title: '退出员工合伙信息查询表',
    rowIs: '一次退出',
    columns: [
      text('name', '姓名', 90, true),
      text('projectName', '项目', 150, true),
      text('exitType', '退出类型', 90),
      date('exitDate', '退出日期'),
      text('statusLabel', '状态', 90),
      money('paid', '实缴'),
      money('principal', '本金'),
      money('interest', '资金利息'),
      money('deductions', '扣减（已分利润、欠息、折价）', 200),
      money('adjustment', '净资产 / 保底调整', 150),
      money('total', '退出价款', 140),
      money('payoutAmount', '已打款', 140),
      date('payoutOn', '打款日期'),
    ],
    defaultSort: { key: 'exitDate', order: 'descend' },
  },
};

export const ZReportKindParams = z.object({ kind: z.enum(REPORT_KINDS) });

export const ZReportQuery = z.object({
  /** an org-tree node: its projects and those of every unit below it */
  orgUnitId: z.coerce.number().int().positive().optional(),
  projectId: z.coerce.number().int().positive().optional(),
  /** period: events from this day (distributions, exits, work items waiting since) */
  from: ZDay.optional(),
  /** period: balances as of this day (the ledger up to it) and events up to it; default today */
  to: ZDay.optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(20),
  sort: z.string().max(40).optional(),
  order: z.enum(['ascend', 'descend']).optional(),
});
export type TReportQuery = z.infer<typeof ZReportQuery>;

export const ZCell = z.union([z.string(), z.number(), z.null()]);
export const ZReportRow = z.record(z.string(), ZCell);
export type TReportRow = z.infer<typeof ZReportRow>;

export const ZReportPage = z.object({
  kind: z.enum(REPORT_KINDS),
  title: z.string(),
  /** the day balances are read at */
  asOf: ZDay,
  rows: z.array(ZReportRow),
  /** rows in the whole filtered set */
  total: z.number().int(),
  /** the totals row over the whole filtered set (not the page) */
  totals: ZReportRow,
  page: z.number().int(),
  pageSize: z.number().int(),
  sort: z.string(),
  order: z.enum(['ascend', 'descend']),
});
export type TReportPage = z.infer<typeof ZReportPage>;

// ---- charts ----------------------------------------------------------------------------------------------------

export const ZCollectionPoint = z.object({
  name: z.string(),
  committed: z.string(),
  paid: z.string(),
  overdue: z.string(),
});
export const ZDistributionPoint = z.object({
  /** YYYY-MM */
  month: z.string(),
  projectName: z.string(),
  payout: z.string(),
});
export const ZReportCharts = z.object({
  asOf: ZDay,
  byProject: z.array(ZCollectionPoint),
  byCompany: z.array(ZCollectionPoint),
  distributions: z.array(ZDistributionPoint),
});
export type TReportCharts = z.infer<typeof ZReportCharts>;
