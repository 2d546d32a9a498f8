/**
 * Rendering (pure): the caller's raw values are formatted by each placeholder's type — money ¥1,234,567.89 through
 * shared/money.ts, 大写 through nzh, dates and times in Asia/Shanghai — then handlebars fills the text. `strict`: a
 * placeholder without a value is an error, never an empty gap in a notice; `noEscape`: the texts are markdown or plain
 * text, not HTML. Only the `each` helper is known (validation allows nothing else).
 */
import Handlebars from 'handlebars';
import nzh from 'nzh';
import { TEMPLATE_CATALOGUE, type PlaceholderDef, type TTemplateKind } from '../../../shared/templates';
import { dec, decimalString, formatMoney, roundMoney, type MoneyInput } from '../../../shared/money';
import { formatDate, formatDateTime } from '../../../shared/datetime';

const env = Handlebars.create();
const compiled = new Map<string, Handlebars.TemplateDelegate>();

function compile(source: string): Handlebars.TemplateDelegate {
  let t = compiled.get(source);
  if (!t) {
    t = env.compile(source, { noEscape: true, strict: true, knownHelpersOnly: true, knownHelpers: { each: true } });
    if (compiled.size > 500) compiled.clear();
    compiled.set(source, t);
  }
  return t;
}

/** 人民币大写 of an amount: 壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分 (负 before a negative one), 零元整 for zero. */
export function moneyInWords(v: MoneyInput): string {
  // the shortest form ("300000", not "300000.00"): nzh ends a whole amount with 整 only then
  const s = decimalString(roundMoney(v));
  const negative = s.startsWith('-');
  const words = nzh.cn.toMoney(negative ? s.slice(1) : s, { outSymbol: false });
  return `${negative ? '负' : ''}${words}`;
}

const isEmpty = (v: unknown) => v === null || v === undefined || v === '';

function formatValue(def: PlaceholderDef, v: unknown): unknown {
  switch (def.type) {
    case 'money':
      return isEmpty(v) ? '—' : formatMoney(v as MoneyInput);
    case 'date':
      return isEmpty(v) ? '—' : formatDate(v as Date | string | number);
    case 'datetime':
      return isEmpty(v) ? '—' : formatDateTime(v as Date | string | number);
    case 'list':
      return (Array.isArray(v) ? v : []).map((item: Record<string, unknown>) =>
        Object.fromEntries((def.fields ?? []).map((f) => [f.name, formatValue(f, item?.[f.name])])),
      );
    default:
      return isEmpty(v) ? '' : String(v);
  }
}

/**
 * The formatted context of `kind` from the caller's raw values. Every placeholder of the catalogue (but the derived
 * 大写) must be given — null is allowed and shows as “—” for amounts and dates — so a writer that forgets one fails in
 * its tests rather than sending a notice with a hole.
 */
export function formatContext(kind: TTemplateKind, raw: Record<string, unknown>): Record<string, unknown> {
  const defs = TEMPLATE_CATALOGUE[kind].placeholders;
  const missing = defs.filter((d) => d.type !== 'moneyUpper' && !(d.name in raw)).map((d) => d.name);
  if (missing.length) throw new Error(`模板 ${kind} 缺少占位符的值：${missing.join('、')}`);
  const out: Record<string, unknown> = {};
  for (const d of defs) {
    if (d.type === 'moneyUpper') {
      const v = raw[d.from!];
      out[d.name] = isEmpty(v) ? '—' : moneyInWords(dec(v as MoneyInput));
    } else out[d.name] = formatValue(d, raw[d.name]);
  }
  return out;
}

/** Fills `source` (already validated) with the formatted context. */
export const fillTemplate = (source: string, formatted: Record<string, unknown>): string => compile(source)(formatted);

/** Title and body of a version filled with `raw` values of its kind. */
export function renderTexts(
  kind: TTemplateKind,
  t: { title: string; body: string },
  raw: Record<string, unknown>,
): { title: string; text: string } {
  const ctx = formatContext(kind, raw);
  return { title: fillTemplate(t.title, ctx).trim(), text: fillTemplate(t.body, ctx) };
}
