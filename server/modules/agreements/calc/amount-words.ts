/**
 * 大写金额 as agreements, the mini-program's 确认签署 and the API show it: "人民币壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分".
 * One conversion in the product: 模板管理's `moneyInWords` (nzh's `nzh.cn.toMoney`, a maintained library that follows
 * the 人民银行 rules for 票据 amounts: 零 once for a run of zeros, 整 after 元, 零 before 分 when 角 is 0), which the
 * agreement templates' {{…大写}} placeholders use too; this wrapper adds the 人民币 prefix and what an agreement
 * accepts: the amount rounded half-up to the cent, 0 ≤ amount < 1 万亿.
 */
import { dec, moneyString, type MoneyInput } from '../../../../shared/money';
import { moneyInWords } from '../../templates/render';

const LIMIT = dec('1000000000000'); // 1 万亿: beyond any commitment (Decimal(18,2) would allow more)

export function amountInWords(v: MoneyInput): string {
  const s = moneyString(v);
  if (s.startsWith('-')) throw new RangeError(`大写金额不能为负数：${s}`);
  if (dec(s).gte(LIMIT)) throw new RangeError(`金额超出大写范围：${s}`);
  return `人民币${moneyInWords(s)}`;
}
