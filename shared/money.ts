/**
 * Money and ratios, shared by the BFF, the console and the mini-program. Amounts travel as decimal strings
 * ("1234567.89") and are computed with decimal.js — never JS numbers. Rounding happens only at the named points
 * below, half-up (half away from zero: 0.125 → 0.13, −0.125 → −0.13) as accountants do by hand; nothing else in
 * the code base calls `toFixed` / `toDecimalPlaces` (shared/money.test.ts pins the mode on half-way values):
 * - roundMoney / moneyString: to the cent (Decimal(18,2) columns, amounts on the wire);
 * - roundRatio / ratioString: ratios to 6 places (Decimal(9,6) columns, ratios on the wire);
 * - formatMoney / formatRatio: what people read (¥1,234.57, 3.91%);
 * - formatPercent / formatDecimal: figures that are not money (a share in a message, seconds in a log line).
 * decimalString is the exact plain form of a value, without rounding (error messages, tests).
 * The scheme's own rounding points (level caps, the shareable part, the per-person cap) are in shared/scheme-math.ts.
 */
import Decimal from 'decimal.js';
import { z } from 'zod';

/** The one rounding mode of every named rounding point. */
const ROUNDING = Decimal.ROUND_HALF_UP;

/** A Decimal constructor isolated from global configuration changes. */
export const Dec = Decimal.clone({ precision: 50, rounding: ROUNDING, toExpNeg: -30, toExpPos: 40 });
export type Dec = Decimal;

export type MoneyInput = string | number | Decimal | { toString(): string };

/**
 * A Dec of the value. A Dec is returned as it is: decimal.js values are immutable and it already has this
 * configuration (a copy per call was most of 分配测算's time and garbage on 10,000 holders); a Decimal of another
 * configuration is copied into a Dec.
 */
export const dec = (v: MoneyInput): Decimal =>
  v instanceof Decimal && v.constructor === Dec
    ? v
    : new Dec(typeof v === 'object' && !(v instanceof Decimal) ? v.toString() : (v as string | number | Decimal));

/** Round to cents (Decimal(18,2) columns). */
export const roundMoney = (v: MoneyInput): Decimal => dec(v).toDecimalPlaces(2, ROUNDING);
/** Round a ratio to 6 places (Decimal(9,6) columns: 0.039100 = 3.91%). */
export const roundRatio = (v: MoneyInput): Decimal => dec(v).toDecimalPlaces(6, ROUNDING);

/** The wire form of an amount: a plain decimal string with exactly two places. */
export const moneyString = (v: MoneyInput): string => {
  // = roundMoney(v).toFixed(2) without the intermediate value (10,000-line batches write 110,000 of these); a
  // negative amount that rounds to zero is "0.00", as roundMoney's zero prints
  const s = dec(v).toFixed(2, ROUNDING);
  return s === '-0.00' ? '0.00' : s;
};
/** The wire form of a ratio: a plain decimal fraction with exactly six places ("0.039100" = 3.91%). */
export const ratioString = (v: MoneyInput): string => roundRatio(v).toFixed(6);
/** The exact plain form of a value ("0.0000125", never "1.25e-5"), without rounding: for messages and tests. */
export const decimalString = (v: MoneyInput): string => dec(v).toFixed();

const MONEY_RE = /^-?\d{1,16}(\.\d{1,2})?$/;
/** An amount on the wire: up to 16 integer digits and 2 decimals, as a string. */
export const ZMoney = z.string().trim().regex(MONEY_RE, '金额格式不正确（最多两位小数）');
export const ZMoneyNonNegative = ZMoney.refine((s) => !s.startsWith('-'), '金额不能为负数');
/** A ratio on the wire as a fraction string ("0.0391" = 3.91%), 0 ≤ r ≤ 1, up to 6 decimals. */
export const ZRatio = z
  .string()
  .trim()
  .regex(/^(0(\.\d{1,6})?|1(\.0{1,6})?)$/, '比例应在 0 到 100% 之间（最多 6 位小数）');

function groupThousands(intPart: string): string {
  let out = '';
  for (let i = 0; i < intPart.length; i++) {
    if (i > 0 && (intPart.length - i) % 3 === 0) out += ',';
    out += intPart.charAt(i);
  }
  return out;
}

/** ¥1,234,567.89 (negative: -¥1,234.00). `symbol: false` gives 1,234,567.89 for table cells. */
export function formatMoney(v: MoneyInput | null | undefined, opts: { symbol?: boolean; empty?: string } = {}): string {
  if (v === null || v === undefined || v === '') return opts.empty ?? '—';
  const fixed = moneyString(v);
  const negative = fixed.charAt(0) === '-';
  const body = negative ? fixed.slice(1) : fixed;
  const dot = body.indexOf('.');
  const text = `${groupThousands(body.slice(0, dot))}${body.slice(dot)}`;
  return `${negative ? '-' : ''}${opts.symbol === false ? '' : '¥'}${text}`;
}

/**
 * 3.91% from "0.0391"; trailing zeros trimmed to at least `minDigits` decimals. The ratio is rounded as stored
 * (roundRatio, 6 places), so the percentage shows at most 4 decimals and always what the column holds.
 */
export function formatRatio(v: MoneyInput | null | undefined, minDigits = 2): string {
  if (v === null || v === undefined || v === '') return '—';
  let s = roundRatio(v).times(100).toFixed(4);
  while (s.includes('.') && s.length - s.indexOf('.') - 1 > minDigits && s.endsWith('0')) s = s.slice(0, -1);
  return `${s}%`;
}

/** A fraction as a percentage with exactly `places` decimals, half-up: formatPercent(0.12345) = "12.3%". */
export function formatPercent(fraction: MoneyInput, places = 1): string {
  return `${dec(fraction).times(100).toDecimalPlaces(places, ROUNDING).toFixed(places)}%`;
}

/** A figure that is not money (seconds, kilobytes in a log line) with exactly `places` decimals, half-up. */
export const formatDecimal = (v: MoneyInput, places: number): string =>
  dec(v).toDecimalPlaces(places, ROUNDING).toFixed(places);

/** Sum of amounts, exact. */
export const sumMoney = (values: MoneyInput[]): Decimal =>
  values.reduce<Decimal>((acc, v) => acc.plus(dec(v)), new Dec(0));
