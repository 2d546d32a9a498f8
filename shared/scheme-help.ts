/**
 * What each 立项信息 setting does to the money, in one line, with a worked example on the project's own numbers
 * (shown under the field in the console). Pure: the same rules the BFF applies, restated for people — the
 * examples are checked against the real calculations in scheme-help.test.ts.
 */
import { dec, decimalString, formatMoney, formatRatio, roundMoney, type MoneyInput } from './money';
import { floorToUnit } from './scheme-math';

export interface SchemeHelpInput {
  peakCapital?: MoneyInput | null;
  /** fractions, e.g. '0.05' for 5% */
  totalRatio?: MoneyInput | null;
  maxTotalRatio?: MoneyInput | null;
  perPersonCapRatio?: MoneyInput | null;
  allocationUnit?: MoneyInput | null;
  lateEntryPricing?: 'AT_COST' | 'WITH_INTEREST' | null;
  lateEntryRate?: MoneyInput | null;
  paymentDueDays?: number | null;
  reminderOffsetsDays?: number[] | null;
  voluntaryForfeit?: boolean | null;
  /** today in Shanghai, YYYY-MM-DD */
  today: string;
}

export interface SettingHelp {
  what: string;
  example: string | null;
}

export type HelpedSetting =
  | 'maxTotalRatio'
  | 'perPersonCapRatio'
  | 'allocationUnit'
  | 'lateEntryPricing'
  | 'paymentDueDays'
  | 'reminderOffsetsDays'
  | 'voluntaryForfeit';

const ok = (v: MoneyInput | null | undefined): v is MoneyInput => {
  if (v === null || v === undefined || v === '') return false;
  try {
    return dec(v).isFinite();
  } catch {
    return false;
  }
};

/** YYYY-MM-DD plus n calendar days (the way due dates are made: server/modules/payments/confirm-round.ts). */
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

/** The simple interest a late entrant pays: amount × rate × days / 365, rounded to the cent (ACT/365). */
export function lateEntryInterestExample(amount: MoneyInput, annualRate: MoneyInput, days: number) {
  return roundMoney(dec(amount).times(dec(annualRate)).times(days).dividedBy(365));
}

const md = (day: string) => `${Number(day.slice(5, 7))}月${Number(day.slice(8, 10))}日`;

export function schemeSettingHelp(i: SchemeHelpInput): Record<HelpedSetting, SettingHelp> {
  const peak = ok(i.peakCapital) && dec(i.peakCapital).greaterThan(0) ? dec(i.peakCapital) : null;
  const unit = ok(i.allocationUnit) && dec(i.allocationUnit).greaterThan(0) ? dec(i.allocationUnit) : dec(1);
  const unitText = unit.equals(1) ? '1 元' : `${decimalString(unit)} 元`;

  const maxTotal: SettingHelp = {
    what: '合伙投资占比（合伙人合计出资 ÷ 资金峰值）不得超过此值，超出则立项信息不能保存。',
    example:
      peak && ok(i.maxTotalRatio)
        ? `资金峰值 ${formatMoney(peak)} × ${formatRatio(i.maxTotalRatio, 3)} = 合伙人合计最多 ${formatMoney(
            roundMoney(peak.times(dec(i.maxTotalRatio))),
          )}${
            ok(i.totalRatio)
              ? `；当前占比 ${formatRatio(i.totalRatio, 3)}，即 ${formatMoney(roundMoney(peak.times(dec(i.totalRatio))))}`
              : ''
          }`
        : null,
  };

  const personCap = peak && ok(i.perPersonCapRatio) ? floorToUnit(peak.times(dec(i.perPersonCapRatio)), unit) : null;
  const perPerson: SettingHelp = {
    what: '一位合伙人在本项目累计最多出资 资金峰值 × 此比例（各轮合计）；认购上限高于此值的按此值计。不填则不限。',
    example: personCap
      ? `${formatMoney(peak)} × ${formatRatio(i.perPersonCapRatio, 3)} = 每人最多 ${formatMoney(personCap)}`
      : null,
  };

  const sample = dec('33333.33');
  const floored = floorToUnit(sample, unit);
  const allocation: SettingHelp = {
    what: `认购与测算金额按 ${unitText}向下取整；不足一个单位的零头和无人认购的额度由平台公司承接，各层级合计始终等于上限。`,
    example: unit.equals(1)
      ? `测算得 ${formatMoney(sample)} → 合伙人出资 ${formatMoney(floored)}，零头 ${formatMoney(sample.minus(floored))} 由平台公司承接`
      : `测算得 ${formatMoney(sample)} → 合伙人出资 ${formatMoney(floored)}（精确到分，无零头）`,
  };

  const rate = ok(i.lateEntryRate) ? dec(i.lateEntryRate) : null;
  const lateEntry: SettingHelp =
    i.lateEntryPricing === 'WITH_INTEREST'
      ? {
          what: '立项后补投或新增的合伙人，除出资额外另付资金利息：出资额 × 年利率 × 自最早出资日起的实际天数 ÷ 365（单利），计入其投资。',
          example: rate
            ? `补投 ${formatMoney('100000')}，在最早出资日后第 90 天到账，年利率 ${formatRatio(rate, 3)} → 另付利息 ${formatMoney(
                lateEntryInterestExample('100000', rate, 90),
              )}`
            : null,
        }
      : {
          what: '立项后补投或新增的合伙人按原价出资，不计资金利息（先出资者的资金占用不获补偿）。',
          example: null,
        };

  const days = i.paymentDueDays && i.paymentDueDays > 0 ? i.paymentDueDays : null;
  const due = days ? addDays(i.today, days) : null;
  const paymentDue: SettingHelp = {
    what: '【事业合伙立项】流程完成后，合伙人须在此天数内缴清；截止日为完成当天加上此天数。',
    example: due ? `若今天（${md(i.today)}）流程完成，缴款截止 ${due}` : null,
  };

  const offsets = [...new Set(i.reminderOffsetsDays ?? [])].sort((a, b) => b - a);
  const reminders: SettingHelp = {
    what: '未缴清的合伙人在这些日子自动收到钉钉催缴通知（每天最多一次），会计也可随时手动催缴。',
    example:
      due && offsets.length
        ? `截止 ${due} → ${offsets.map((o) => md(addDays(due, -o))).join('、')} 自动催缴`
        : offsets.length
          ? null
          : '未选择：不自动催缴，只能手动催缴',
  };

  const forfeit: SettingHelp = i.voluntaryForfeit
    ? {
        what: '自愿认购的合伙人到截止日仍分文未缴的，次日起视为放弃：其额度转由平台公司承接，并通知本人。已部分缴款的和强投的不受影响，继续催缴。',
        example: due ? `截止 ${due}：${addDays(due, 1)} 起仍未缴款的自愿认购视为放弃` : null,
      }
    : {
        what: '逾期未缴的自愿认购仍保留为应缴并继续催缴，由会计决定后续处理（如在立项调整中调减）。',
        example: null,
      };

  return {
    maxTotalRatio: maxTotal,
    perPersonCapRatio: perPerson,
    allocationUnit: allocation,
    lateEntryPricing: lateEntry,
    paymentDueDays: paymentDue,
    reminderOffsetsDays: reminders,
    voluntaryForfeit: forfeit,
  };
}
