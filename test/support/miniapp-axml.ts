/**
 * Static check of AXML templates against the page or component they belong to: every `{{binding}}` must
 * start from a name the template can see (initial data, props, a:for item/index, an import-sjs module)
 * and every event attribute (onTap, catchTap, onRetry …) must name a method. Custom component tags must be
 * declared in usingComponents, and import-sjs files must exist.
 */
import fs from 'node:fs';
import path from 'node:path';

export interface TemplateScope {
  /** Names visible to bindings (data keys, props). */
  names: string[];
  /** Names of event handlers (page methods or component methods). */
  methods: string[];
  /** Custom component tags declared in the page's or component's JSON. */
  components: string[];
}

export interface TemplateProblem {
  line: number;
  message: string;
}

const NATIVE_TAGS = new Set([
  'view',
  'text',
  'image',
  'button',
  'input',
  'textarea',
  'block',
  'slot',
  'import-sjs',
  'scroll-view',
  'swiper',
  'swiper-item',
  'icon',
  'label',
  'form',
  'switch',
  'checkbox',
  'checkbox-group',
  'radio',
  'radio-group',
  'picker',
  'picker-view',
  'navigator',
  'rich-text',
  'progress',
  'template',
  'import',
  'include',
  'web-view',
  'map',
  'canvas',
  'video',
]);
const LITERALS = new Set(['true', 'false', 'null', 'undefined', 'typeof', 'in', 'instanceof', 'new', 'void', 'this']);

interface Tag {
  name: string;
  attrs: Array<{ name: string; value: string | null }>;
  selfClosing: boolean;
  closing: boolean;
  line: number;
  end: number;
}

/** A small tokenizer: tags with quoted attributes (a quoted value may contain `>`), text in between. */
function* tokens(src: string): Generator<{ tag: Tag } | { text: string; line: number }> {
  let i = 0;
  const lineAt = (pos: number) => src.slice(0, pos).split('\n').length;
  while (i < src.length) {
    const lt = src.indexOf('<', i);
    if (lt < 0) {
      yield { text: src.slice(i), line: lineAt(i) };
      return;
    }
    if (lt > i) yield { text: src.slice(i, lt), line: lineAt(i) };
    if (src.startsWith('<!--', lt)) {
      i = src.indexOf('-->', lt) + 3;
      continue;
    }
    const closing = src[lt + 1] === '/';
    let j = lt + (closing ? 2 : 1);
    const nameMatch = /^[A-Za-z][\w:-]*/.exec(src.slice(j));
    if (!nameMatch) throw new Error(`line ${lineAt(lt)}: malformed tag`);
    const name = nameMatch[0];
    j += name.length;
    const attrs: Tag['attrs'] = [];
    let selfClosing = false;
    for (;;) {
      while (/\s/.test(src[j] ?? '')) j++;
      if (src[j] === '>') {
        j++;
        break;
      }
      if (src.startsWith('/>', j)) {
        selfClosing = true;
        j += 2;
        break;
      }
      const an = /^[^\s=>/]+/.exec(src.slice(j));
      if (!an) throw new Error(`line ${lineAt(j)}: malformed attribute in <${name}>`);
      j += an[0].length;
      let value: string | null = null;
      if (src[j] === '=') {
        const q = src[j + 1];
        if (q !== '"' && q !== "'") throw new Error(`line ${lineAt(j)}: unquoted attribute ${an[0]}`);
        const endQ = src.indexOf(q, j + 2);
        value = src.slice(j + 2, endQ);
        j = endQ + 1;
      }
      attrs.push({ name: an[0], value });
    }
    yield { tag: { name, attrs, selfClosing, closing, line: lineAt(lt), end: j } };
    i = j;
  }
}

/** Root identifiers an expression reads (`item.amount > 0 ? a : b` → item, a, b). */
export function rootNames(expr: string): string[] {
  const noStrings = expr.replace(/'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"/g, "''");
  const out: string[] = [];
  const re = /(^|[^.\w$])([A-Za-z_$][\w$]*)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(noStrings))) {
    const name = m[2]!;
    // an object-literal key ({ a: 1 }) is not a read
    const after = noStrings.slice(m.index + m[0].length);
    if (/^\s*:/.test(after) && /[{,]\s*$/.test(noStrings.slice(0, m.index + m[1]!.length))) continue;
    if (!LITERALS.has(name) && !/^\d/.test(name)) out.push(name);
  }
  return out;
}

function bindings(value: string): string[] {
  const out: string[] = [];
  const re = /\{\{([\s\S]*?)\}\}/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(value))) out.push(m[1]!);
  return out;
}

export function checkTemplate(axmlFile: string, scope: TemplateScope): TemplateProblem[] {
  const src = fs.readFileSync(axmlFile, 'utf8');
  const problems: TemplateProblem[] = [];
  const visible = new Set(scope.names);
  const sjs = new Set<string>();
  // stack of open elements with the names they introduce (a:for item / index)
  const stack: Array<{ name: string; introduces: string[] }> = [];
  const inScope = (n: string) => visible.has(n) || sjs.has(n) || stack.some((s) => s.introduces.includes(n));
  const checkExpr = (expr: string, line: number, where: string, extra: string[] = []) => {
    for (const n of rootNames(expr)) {
      if (!inScope(n) && !extra.includes(n))
        problems.push({
          line,
          message: `${where}: {{${expr.trim()}}} reads "${n}", which is not in data/props, an a:for variable or an sjs module`,
        });
    }
  };

  for (const tok of tokens(src)) {
    if ('text' in tok) {
      for (const expr of bindings(tok.text)) checkExpr(expr, tok.line, 'text');
      continue;
    }
    const tag = tok.tag;
    if (tag.closing) {
      const idx = stack.map((s) => s.name).lastIndexOf(tag.name);
      if (idx < 0) problems.push({ line: tag.line, message: `</${tag.name}> closes nothing` });
      else stack.splice(idx);
      continue;
    }
    const attr = (n: string) => tag.attrs.find((a) => a.name === n)?.value ?? null;
    if (tag.name === 'import-sjs') {
      const name = attr('name');
      const from = attr('from');
      if (name) sjs.add(name);
      if (!from || !fs.existsSync(path.resolve(path.dirname(axmlFile), from)))
        problems.push({ line: tag.line, message: `import-sjs ${name}: file ${from} not found` });
      continue;
    }
    if (!NATIVE_TAGS.has(tag.name) && !scope.components.includes(tag.name)) {
      problems.push({ line: tag.line, message: `<${tag.name}> is neither a native tag nor in usingComponents` });
    }
    const forExpr = attr('a:for');
    const introduces = forExpr !== null ? [attr('a:for-item') ?? 'item', attr('a:for-index') ?? 'index'] : [];
    for (const a of tag.attrs) {
      if (
        a.value === null ||
        a.name === 'a:key' ||
        a.name === 'a:for-item' ||
        a.name === 'a:for-index' ||
        a.name === 'slot'
      )
        continue;
      if (/^(on|catch)[A-Z]/.test(a.name)) {
        if (a.value.includes('{{')) {
          for (const e of bindings(a.value)) checkExpr(e, tag.line, `${tag.name} ${a.name}`);
          continue;
        }
        if (!scope.methods.includes(a.value))
          problems.push({ line: tag.line, message: `<${tag.name} ${a.name}="${a.value}">: no method "${a.value}"` });
        continue;
      }
      // the a:for list is read outside the loop's own variables
      for (const e of bindings(a.value)) {
        if (a.name === 'a:for') checkExpr(e, tag.line, `${tag.name} ${a.name}`);
        else checkExpr(e, tag.line, `${tag.name} ${a.name}`, introduces);
      }
    }
    if (!tag.selfClosing) stack.push({ name: tag.name, introduces });
  }
  if (stack.length) problems.push({ line: 0, message: `unclosed <${stack.map((s) => s.name).join('>, <')}>` });
  return problems;
}

/** Custom component tags a page/component JSON declares. */
export function usingComponents(jsonFile: string): string[] {
  const json = JSON.parse(fs.readFileSync(jsonFile, 'utf8')) as { usingComponents?: Record<string, string> };
  return Object.keys(json.usingComponents ?? {});
}
