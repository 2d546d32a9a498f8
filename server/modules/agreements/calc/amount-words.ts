/**
 * 大写金额 for agreements: "人民币壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分". The conversion is nzh's (`nzh.cn.toMoney`, a
 * maintained library that follows the 人民银行 rules for 票据 amounts: 零 once for a run of zeros, 整 after 元,
 * 零 before 分 when 角 is 0); this wrapper fixes what we hand it — the amount rounded half-up to the cent as a plain
 * string without trailing zero decimals, never a JS number — and what we accept: 0 ≤ amount < 1 万亿.
 */
import nzh from 'nzh';
import { dec, decimalString, moneyString, type MoneyInput } from '../../../../shared/money';

const LIMIT = dec('1000000000000'); // 1 万亿: beyond any commitment (Decimal(18,2) would allow more)

export function amountInWords(v: MoneyInput): string {
  const s = moneyString(v);
  if (s.startsWith('-')) throw new RangeError(`大写金额不能为负数：${s}`);
  if (dec(s).gte(LIMIT)) throw new RangeError(`金额超出大写范围：${s}`);
  // the shortest form: nzh leaves out 整 for "2500000.00" (it reads the zero decimals as 角 and 分)
  return nzh.cn.toMoney(decimalString(s));
}
