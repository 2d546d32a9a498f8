/**
 * The two import layouts as rows of cells (pure). Where each column comes from is in the module README (凭证 →
 * 导出格式), with the sources the layouts are based on.
 */
import { dec, moneyString, type MoneyInput } from '../../../../shared/money';
import type { TVoucherWord } from '../../../../shared/api/vouchers';

export interface ExportLine {
  summary: string;
  accountCode: string;
  accountName: string;
  debit: MoneyInput;
  credit: MoneyInput;
  partnerCode: string | null;
  partnerName: string | null;
  projectCode: string | null;
  projectName: string | null;
}
export interface ExportVoucher {
  number: number;
  word: TVoucherWord;
  date: string;
  lines: ExportLine[];
}
export interface ExportEntity {
  code: string;
  name: string;
}

/** 云星空's preset 凭证字 (GL voucher groups): PRE001 记, PRE002 收, PRE003 付. */
export const KINGDEE_VOUCHER_GROUP: Record<TVoucherWord, string> = { 记: 'PRE001', 收: 'PRE002', 付: 'PRE003' };

/** Row 1: the field keys 云星空 reads; row 2: the captions the accountant sees. */
export const KINGDEE_COLUMNS: ReadonlyArray<readonly [key: string, caption: string]> = [
  ['FBillHead(GL_VOUCHER)', '凭证'],
  ['FAccountBookID', '账簿编码'],
  ['FAccountBookID#Name', '账簿名称'],
  ['FDate', '日期'],
  ['FYEAR', '会计年度'],
  ['FPERIOD', '期间'],
  ['FVOUCHERGROUPID', '凭证字编码'],
  ['FVOUCHERGROUPID#Name', '凭证字'],
  ['FVOUCHERGROUPNO', '凭证号'],
  ['*Split*1', ''],
  ['FEntity', '分录'],
  ['FEXPLANATION', '摘要'],
  ['FACCOUNTID', '科目编码'],
  ['FACCOUNTID#Name', '科目名称'],
  ['FDetailID#FFLEX7', '核算维度.员工编码'],
  ['FDetailID#FFLEX7#Name', '核算维度.员工名称'],
  ['FDetailID#FF100001', '核算维度.项目编码'],
  ['FDetailID#FF100001#Name', '核算维度.项目名称'],
  ['FCURRENCYID', '币别'],
  ['FEXCHANGERATETYPE', '汇率类型'],
  ['FDEBIT', '借方金额'],
  ['FCREDIT', '贷方金额'],
];

/** Amounts as the importers read them: plain decimals with two places, a minus for 红字. */
const amount = (v: MoneyInput): string => (dec(v).isZero() ? '0' : moneyString(v));

/**
 * 金蝶云星空 凭证引入: the header columns filled on a voucher's first line only (the bill id in column 1 says where a
 * new voucher starts), every line with its 分录 columns.
 */
export function kingdeeRows(entity: ExportEntity, period: string, vouchers: readonly ExportVoucher[]): string[][] {
  const [year, month] = period.split('-') as [string, string];
  const rows: string[][] = [KINGDEE_COLUMNS.map(([k]) => k), KINGDEE_COLUMNS.map(([, c]) => c)];
  for (const v of vouchers) {
    v.lines.forEach((l, i) => {
      const head =
        i === 0
          ? [
              String(v.number),
              entity.code,
              entity.name,
              v.date,
              year,
              String(Number(month)),
              KINGDEE_VOUCHER_GROUP[v.word],
              v.word,
              String(v.number),
            ]
          : ['', '', '', '', '', '', '', '', ''];
      rows.push([
        ...head,
        '',
        String(i + 1),
        l.summary,
        l.accountCode,
        l.accountName,
        l.partnerCode ?? '',
        l.partnerName ?? '',
        l.projectCode ?? '',
        l.projectName ?? '',
        'PRE001',
        'HLTX01_SYS',
        amount(l.debit),
        amount(l.credit),
      ]);
    });
  }
  return rows;
}

/** 用友 U8 总账 凭证引入 text: one line per entry, fields separated by commas, in this order. */
export const U8_FIELDS = [
  '制单日期',
  '凭证类别字',
  '凭证号',
  '附单据数',
  '摘要',
  '科目编码',
  '借方',
  '贷方',
  '数量',
  '外币',
  '汇率',
  '制单人',
  '结算方式',
  '票号',
  '发生日期',
  '部门编码',
  '个人编码',
  '客户编码',
  '供应商编码',
  '业务员',
  '项目编码',
] as const;

/** The text format has no quoting: a comma in a summary would shift every later field, so it becomes '，'. */
const u8Field = (s: string) => s.replace(/[,\r\n]/g, (c) => (c === ',' ? '，' : ' '));

export function u8Rows(vouchers: readonly ExportVoucher[], maker: string): string[][] {
  const rows: string[][] = [];
  for (const v of vouchers)
    for (const l of v.lines)
      rows.push([
        v.date,
        v.word,
        String(v.number),
        '0',
        u8Field(l.summary),
        l.accountCode,
        amount(l.debit),
        amount(l.credit),
        '',
        '',
        '',
        u8Field(maker),
        '',
        '',
        v.date,
        '',
        l.partnerCode ?? '',
        '',
        '',
        '',
        l.projectCode ?? '',
      ]);
  return rows;
}

/** The file body: one line per entry, CRLF line ends, trailing empty fields dropped as the format allows. */
export function u8File(rows: readonly string[][]): string {
  return rows.map((r) => r.join(',').replace(/,+$/, '')).join('\r\n') + '\r\n';
}
