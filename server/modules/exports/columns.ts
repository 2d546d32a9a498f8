/**
 * The three exports' sheets: headers and how a row read by the repository becomes Excel cells. Pure. Amounts are
 * decimal text from PostgreSQL and go into the sheet as numbers (Excel's arithmetic), formatted #,##0.00.
 */
import { DUE_KIND_LABEL, LEVEL_LABEL, USER_STATUS_LABEL, type TDueKind, type TLevel } from '../../../shared/api/labels';
import { PAYMENT_STATUS_LABEL } from '../../../shared/api/scheme';
import { EXPORT_KIND_LABEL, type TExportKind } from '../../../shared/api/exports';
import { dec, moneyString } from '../../../shared/money';
import { formatDateTime, shanghaiDay } from '../../../shared/datetime';
import { displayStatus, type StoredPaymentStatus } from '../payments/status';
import type { RawRow } from './export-data';

export type ExportKindCode = TExportKind;
export type Cell = string | number | null;
export interface Column {
  header: string;
  width: number;
  money?: boolean;
}

const MONEY = (header: string): Column => ({ header, width: 16, money: true });
const TEXT = (header: string, width = 12): Column => ({ header, width });

export const EXPORT_COLUMNS: Record<ExportKindCode, Column[]> = {
  PARTNER_HOLDINGS: [
    TEXT('公司', 18),
    TEXT('项目编码'),
    TEXT('项目名称', 20),
    TEXT('姓名'),
    TEXT('工号'),
    TEXT('状态', 8),
    TEXT('层级', 10),
    MONEY('认缴金额'),
    MONEY('累计缴款'),
    MONEY('已退款'),
    MONEY('已返还本金'),
    MONEY('承接转出'),
    MONEY('实缴余额'),
    MONEY('未缴金额'),
    TEXT('缴款笔数', 8),
    TEXT('首次缴款日'),
    TEXT('最近缴款日'),
    MONEY('资金利息'),
    MONEY('其它'),
    MONEY('利润（税前）'),
    MONEY('代扣税'),
    MONEY('实发合计'),
  ],
  PAYMENTS: [
    TEXT('公司', 18),
    TEXT('项目编码'),
    TEXT('项目名称', 20),
    TEXT('姓名'),
    TEXT('工号'),
    TEXT('类型', 10),
    TEXT('层级', 10),
    MONEY('应缴（应退）金额'),
    MONEY('已缴（已退）金额'),
    MONEY('未缴（未退）金额'),
    TEXT('缴款截止日'),
    TEXT('状态', 10),
    TEXT('通知发出时间', 18),
    TEXT('合伙人标记已打款', 18),
    TEXT('缴款笔数', 8),
    TEXT('缴款明细（日期 金额）', 48),
    TEXT('最近缴款日'),
  ],
  PROJECT_KPIS: [
    TEXT('公司', 18),
    TEXT('项目编码'),
    TEXT('项目名称', 20),
    MONEY('资金峰值'),
    MONEY('立项销售收入'),
    MONEY('立项总成本'),
    MONEY('立项净利润'),
    TEXT('立项净利率%', 10),
    TEXT('立项IRR%', 10),
    TEXT('立项回正周期(月)', 10),
    MONEY('动态销售收入'),
    MONEY('动态总成本'),
    MONEY('动态净利润'),
    TEXT('动态净利率%', 10),
    TEXT('动态IRR%', 10),
    TEXT('动态回正周期(月)', 10),
    MONEY('合伙人认缴'),
    MONEY('合伙人实缴'),
    MONEY('已分配利润（税前）'),
    MONEY('已分配合计（实发）'),
  ],
};

export const exportFileName = (kind: ExportKindCode, at: Date) =>
  `${EXPORT_KIND_LABEL[kind]}-${shanghaiDay(at).replaceAll('-', '')}.xlsx`;

const str = (v: RawRow[string]): string => (v === null || v === undefined ? '' : String(v));
/**
 * An amount for Excel: the column's decimal text (numeric(18,2) from PostgreSQL: at most two places, at most 16
 * digits before them) as a number — exactly the value of the text, so no rounding happens here.
 */
const money = (v: RawRow[string]): number | null => (v === null || v === undefined ? null : Number(v));
const pct = (v: RawRow[string]): Cell =>
  v === null || v === undefined ? null : Number(dec(String(v)).toDecimalPlaces(2));
/** A timestamp column (stored in UTC, read as text) in Asia/Shanghai time. */
const instant = (v: RawRow[string]): string => (v ? formatDateTime(new Date(`${str(v).replace(' ', 'T')}Z`)) : '');
const int = (v: RawRow[string]): Cell => (v === null || v === undefined ? null : Number(v));

function holdingStatus(r: RawRow): string {
  if (r.exited === true || r.exited === 't') return '退';
  if (r.userStatus === 'LEFT') return '离';
  return USER_STATUS_LABEL[r.userStatus as keyof typeof USER_STATUS_LABEL] ?? '';
}

export function exportCells(kind: ExportKindCode, r: RawRow, now: Date = new Date()): Cell[] {
  switch (kind) {
    case 'PARTNER_HOLDINGS': {
      const committed = dec(str(r.committed));
      const paid = dec(str(r.paid));
      return [
        str(r.company),
        str(r.projectCode),
        str(r.projectName),
        str(r.name),
        str(r.jobNumber),
        holdingStatus(r),
        LEVEL_LABEL[r.level as TLevel],
        money(r.committed),
        money(r.paidIn),
        money(r.refunded),
        money(r.principalReturned),
        money(r.transferredOut),
        money(r.paid),
        Number(moneyString(committed.minus(paid))),
        int(r.tranches),
        str(r.firstPaidOn),
        str(r.lastPaidOn),
        money(r.interest),
        money(r.other),
        money(r.profit),
        money(r.tax),
        money(r.received),
      ];
    }
    case 'PAYMENTS': {
      const records = (r.records as string[] | null) ?? [];
      const parts = records.map((x) => x.split('|') as [string, string]);
      const status = displayStatus(r.status as StoredPaymentStatus, str(r.dueDate), now);
      return [
        str(r.company),
        str(r.projectCode),
        str(r.projectName),
        str(r.name),
        str(r.jobNumber),
        DUE_KIND_LABEL[r.kind as TDueKind],
        LEVEL_LABEL[r.level as TLevel],
        money(r.amountDue),
        money(r.paidAmount),
        Number(moneyString(dec(str(r.amountDue)).minus(dec(str(r.paidAmount))))),
        str(r.dueDate),
        PAYMENT_STATUS_LABEL[status],
        instant(r.noticeSentAt),
        instant(r.partnerMarkedPaidAt),
        parts.length,
        parts.map(([d, a]) => `${d} ${moneyString(a)}`).join('；'),
        parts.length ? parts[parts.length - 1]![0] : '',
      ];
    }
    case 'PROJECT_KPIS':
      return [
        str(r.company),
        str(r.projectCode),
        str(r.projectName),
        money(r.peakCapital),
        money(r.aRevenue),
        money(r.aCost),
        money(r.aProfit),
        pct(r.aMargin),
        pct(r.aIrr),
        int(r.aPayback),
        money(r.yRevenue),
        money(r.yCost),
        money(r.yProfit),
        pct(r.yMargin),
        pct(r.yIrr),
        int(r.yPayback),
        money(r.committed),
        money(r.paid),
        money(r.profit),
        money(r.received),
      ];
  }
}
