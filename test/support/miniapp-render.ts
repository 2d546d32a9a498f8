/**
 * Turns a mini-program page — its AXML, its ACSS and the `data` the page logic produced in the harness — into a
 * plain HTML document that chromium can draw at phone size: `view`/`text`/`button`/`input`/… become elements with
 * DingTalk's default look, `a:if` / `a:elif` / `a:else` and `a:for` are expanded, `{{ }}` bindings are evaluated
 * against the page's data (components against their props and the data their own logic computes, slots filled),
 * `import-sjs` modules are loaded, rpx becomes px at 375 width, and app.acss + component and page ACSS apply.
 * The frame draws DingTalk's title bar and, on tab pages, the tab bar with its icons.
 *
 * What it is for: judging layout (test/miniapp/preview.int.test.ts, `npm run miniapp:preview`). It is not the
 * DingTalk renderer — a binding that fails to evaluate is drawn as `{{!expr}}` so the check finds it.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { MiniappHarness } from './miniapp-harness';

type Obj = Record<string, unknown>;

interface Element {
  kind: 'element';
  name: string;
  attrs: Array<{ name: string; value: string | null }>;
  children: Node[];
}
interface TextNode {
  kind: 'text';
  text: string;
}
type Node = Element | TextNode;

/** Parses AXML into a tree (tags with quoted attributes, comments dropped, text kept as it is). */
export function parseAxml(src: string): Node[] {
  const root: Element = { kind: 'element', name: '#root', attrs: [], children: [] };
  const stack: Element[] = [root];
  let i = 0;
  const top = () => stack[stack.length - 1]!;
  while (i < src.length) {
    const lt = src.indexOf('<', i);
    if (lt < 0) {
      top().children.push({ kind: 'text', text: src.slice(i) });
      break;
    }
    if (lt > i) top().children.push({ kind: 'text', text: src.slice(i, lt) });
    if (src.startsWith('<!--', lt)) {
      i = src.indexOf('-->', lt) + 3;
      continue;
    }
    if (src[lt + 1] === '/') {
      const end = src.indexOf('>', lt);
      const name = src.slice(lt + 2, end).trim();
      const idx = stack.map((e) => e.name).lastIndexOf(name);
      if (idx > 0) stack.splice(idx);
      i = end + 1;
      continue;
    }
    let j = lt + 1;
    const name = /^[A-Za-z][\w:-]*/.exec(src.slice(j))![0];
    j += name.length;
    const attrs: Element['attrs'] = [];
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
      if (!an) throw new Error(`malformed attribute in <${name}> at ${j}`);
      j += an[0].length;
      let value: string | null = null;
      if (src[j] === '=') {
        const q = src[j + 1]!;
        const endQ = src.indexOf(q, j + 2);
        value = src.slice(j + 2, endQ);
        j = endQ + 1;
      }
      attrs.push({ name: an[0], value });
    }
    const el: Element = { kind: 'element', name, attrs, children: [] };
    top().children.push(el);
    if (!selfClosing) stack.push(el);
    i = j;
  }
  return root.children;
}

/** Loads an SJS module (ES5 with `export default`) as a plain object. */
export function loadSjs(file: string): Obj {
  const src = fs.readFileSync(file, 'utf8').replace(/export\s+default\s+/, 'return ');
  return new Function(src)() as Obj;
}

const UNRESOLVED = (expr: string) => `{{!${expr.trim()}}}`;

function evaluate(expr: string, scope: Obj): unknown {
  // `with` gives the template's lookup rules: names resolve against the scope, anything missing is undefined
  const proxy = new Proxy(scope, {
    has: (_t, k) => typeof k === 'string' && !['undefined', 'null', 'true', 'false', 'JSON', 'Math'].includes(k),
    get: (t, k) => (typeof k === 'string' ? t[k] : undefined),
  });
  const fn = new Function('scope', `with (scope) { return (${expr}); }`) as (s: Obj) => unknown;
  return fn(proxy);
}

/** A text or attribute value with its bindings: `{{x}}` alone keeps x's type, mixed text becomes a string. */
function interpolate(value: string, scope: Obj): unknown {
  const whole = /^\s*\{\{([\s\S]*?)\}\}\s*$/.exec(value);
  if (whole && !whole[1]!.includes('}}')) {
    try {
      return evaluate(whole[1]!, scope);
    } catch {
      return UNRESOLVED(whole[1]!);
    }
  }
  return value.replace(/\{\{([\s\S]*?)\}\}/g, (_m, expr: string) => {
    try {
      const v = evaluate(expr, scope);
      return v === undefined || v === null ? '' : String(v);
    } catch {
      return UNRESOLVED(expr);
    }
  });
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Native tags and the HTML they become (everything is a div or a span with a `mp-<tag>` class). */
const INLINE = new Set(['text', 'label', 'icon']);

export interface RenderContext {
  /** Source folder of the mini-program (miniapp/), for AXML, ACSS, JSON and SJS. */
  srcDir: string;
  /** The harness the page ran in: component logic (amount's formatting …) runs there too. */
  harness: MiniappHarness;
}

interface Template {
  nodes: Node[];
  components: Record<string, string>;
  sjs: Obj;
}

export class AxmlRenderer {
  private readonly templates = new Map<string, Template>();
  readonly componentRoutes = new Set<string>();

  constructor(private readonly ctx: RenderContext) {}

  /** The page's or component's template: parsed AXML, usingComponents, sjs modules. */
  private template(route: string): Template {
    let t = this.templates.get(route);
    if (!t) {
      const base = path.join(this.ctx.srcDir, route);
      const json = fs.existsSync(`${base}.json`)
        ? (JSON.parse(fs.readFileSync(`${base}.json`, 'utf8')) as { usingComponents?: Record<string, string> })
        : {};
      const nodes = parseAxml(fs.readFileSync(`${base}.axml`, 'utf8'));
      const sjs: Obj = {};
      const components: Record<string, string> = {};
      for (const [tag, p] of Object.entries(json.usingComponents ?? {})) components[tag] = p.replace(/^\//, '');
      t = { nodes, components, sjs };
      for (const n of nodes)
        if (n.kind === 'element' && n.name === 'import-sjs') {
          const attr = (k: string) => n.attrs.find((a) => a.name === k)?.value ?? '';
          sjs[attr('name')] = loadSjs(path.resolve(path.dirname(base), attr('from')));
        }
      this.templates.set(route, t);
    }
    return t;
  }

  /** The page's HTML body with its data. */
  renderPage(route: string, data: Obj): string {
    const t = this.template(route);
    return this.renderNodes(t.nodes, { ...data, ...t.sjs }, t, new Map());
  }

  private renderNodes(nodes: Node[], scope: Obj, t: Template, slots: Map<string, string>): string {
    let out = '';
    // a:if / a:elif / a:else chains: once a branch rendered (or was skipped as true), later branches are off
    let chainTaken: boolean | null = null;
    for (const node of nodes) {
      if (node.kind === 'text') {
        const text = interpolate(node.text, scope);
        out += esc(text === undefined || text === null ? '' : String(text));
        continue;
      }
      const attr = (k: string) => node.attrs.find((a) => a.name === k);
      const ifA = attr('a:if');
      const elifA = attr('a:elif');
      const elseA = attr('a:else');
      if (ifA) {
        chainTaken = false;
      } else if (!elifA && !elseA) {
        chainTaken = null;
      }
      if (elifA || elseA) {
        if (chainTaken === null || chainTaken) continue;
      }
      const forA = attr('a:for');
      if (forA && forA.value) {
        const list = interpolate(forA.value, scope);
        const itemName = attr('a:for-item')?.value ?? 'item';
        const indexName = attr('a:for-index')?.value ?? 'index';
        const arr = Array.isArray(list) ? list : [];
        for (const [index, item] of arr.entries()) {
          const inner = { ...scope, [itemName]: item, [indexName]: index };
          if (ifA && !truthy(interpolate(ifA.value ?? '', inner))) continue;
          out += this.renderElement(node, inner, t, slots);
        }
        if (ifA) chainTaken = true; // an a:if on an a:for applies per item, not as a chain
        continue;
      }
      const condition = ifA ?? elifA;
      if (condition) {
        if (!truthy(interpolate(condition.value ?? '', scope))) continue;
        chainTaken = true;
      } else if (elseA) {
        chainTaken = true;
      }
      out += this.renderElement(node, scope, t, slots);
    }
    return out;
  }

  private renderElement(node: Element, scope: Obj, t: Template, slots: Map<string, string>): string {
    const name = node.name;
    if (name === 'import-sjs') return '';
    if (name === 'block') return this.renderNodes(node.children, scope, t, slots);
    if (name === 'slot') {
      const slotName = node.attrs.find((a) => a.name === 'name')?.value ?? '';
      return slots.get(slotName) ?? '';
    }
    const attrs: Record<string, unknown> = {};
    for (const a of node.attrs) {
      if (a.name.startsWith('a:') || /^(on|catch)[A-Z]/.test(a.name) || a.name.startsWith('data-')) continue;
      attrs[a.name] = a.value === null ? true : interpolate(a.value, scope);
    }
    const componentRoute = t.components[name];
    if (componentRoute) return this.renderComponent(componentRoute, node, attrs, scope, t, slots);

    const classes = [`mp-${name}`, attrs.class ? String(attrs.class) : ''];
    const html: string[] = [];
    if (attrs.style) html.push(`style="${esc(String(attrs.style))}"`);
    for (const k of ['type', 'size', 'disabled', 'loading'])
      if (attrs[k] !== undefined && attrs[k] !== false && attrs[k] !== 'false')
        html.push(`data-${k}="${esc(String(attrs[k]))}"`);
    const tag = INLINE.has(name) ? 'span' : 'div';
    const open = (extra = '') =>
      `<${tag} class="${esc(classes.join(' ').split(/\s+/).filter(Boolean).join(' '))}"${html.length ? ' ' + html.join(' ') : ''}${extra}>`;
    if (name === 'input' || name === 'textarea') {
      const value = attrs.value === undefined || attrs.value === null ? '' : String(attrs.value);
      const shown = value || String(attrs.placeholder ?? '');
      if (!value) classes.push('mp-placeholder');
      if (attrs.password && value) return `${open()}${'•'.repeat(value.length)}</${tag}>`;
      return `${open()}${esc(shown)}</${tag}>`;
    }
    if (name === 'image') {
      const src = String(attrs.src ?? '');
      return `${open()}${src.startsWith('data:') ? `<img src="${esc(src)}" />` : ''}</${tag}>`;
    }
    if (name === 'picker') return `${open()}${this.renderNodes(node.children, scope, t, slots)}</${tag}>`;
    const loading =
      name === 'button' && attrs.loading && attrs.loading !== 'false' ? '<span class="mp-spinner"></span>' : '';
    return `${open()}${loading}${this.renderNodes(node.children, scope, t, slots)}</${tag}>`;
  }

  private renderComponent(
    route: string,
    node: Element,
    attrs: Record<string, unknown>,
    scope: Obj,
    t: Template,
    slots: Map<string, string>,
  ): string {
    this.componentRoutes.add(route);
    const def = this.ctx.harness.componentOf(route);
    const props: Obj = { ...(def.props ?? {}) };
    for (const [k, v] of Object.entries(attrs)) if (k !== 'class' && k !== 'style') props[k] = v;
    const mounted = this.ctx.harness.mountComponent(route, this.ctx.harness.clone(props));
    // slot contents are rendered in the caller's scope: `slot="name"` children go to the named slot
    const own = new Map<string, string>();
    const named = new Map<string, Node[]>();
    for (const child of node.children) {
      const slotName = child.kind === 'element' ? (child.attrs.find((a) => a.name === 'slot')?.value ?? '') : '';
      named.set(slotName, [...(named.get(slotName) ?? []), child]);
    }
    for (const [k, nodes] of named) own.set(k, this.renderNodes(nodes, scope, t, slots));
    const ct = this.template(route);
    const inner = this.renderNodes(ct.nodes, { ...props, ...mounted.data, ...ct.sjs }, ct, own);
    const cls = attrs.class ? ` ${esc(String(attrs.class))}` : '';
    return `<div class="mp-component mp-c-${route.split('/')[1]}${cls}">${inner}</div>`;
  }
}

function truthy(v: unknown): boolean {
  if (typeof v === 'string' && v.startsWith('{{!')) return true; // shown, so the check sees it
  return !!v;
}

/**
 * ACSS → CSS: rpx → px at 375 width (1rpx = 0.5px), `page` → the page root, native tag selectors → their classes.
 * Only selectors are rewritten; declarations keep their values.
 */
export function acssToCss(src: string): string {
  const noComments = src.replace(/\/\*[\s\S]*?\*\//g, '');
  const px = noComments.replace(/(-?\d*\.?\d+)rpx/g, (_m, n: string) => `${Number(n) / 2}px`);
  return px.replace(/(^|\})([^{}@]+)\{/g, (_m, before: string, selector: string) => {
    const rewritten = selector
      .split(',')
      .map((s) =>
        s.replace(
          /(^|[\s>+~(])(page|view|text|button|input|textarea|image|scroll-view|swiper|swiper-item|picker|navigator|label|form)(?=$|[\s.:#[>+~),])/g,
          (_x, pre: string, tag: string) => `${pre}${tag === 'page' ? '.mp-page' : `.mp-${tag}`}`,
        ),
      )
      .join(',');
    return `${before}${rewritten}{`;
  });
}

/** DingTalk's native look for the built-in tags (what the client draws without any ACSS). */
export const BASE_CSS = `
* { box-sizing: border-box; }
html, body { margin: 0; padding: 0; }
body { width: 375px; min-height: 100vh; display: flex; flex-direction: column; background: #f2f2f6; -webkit-font-smoothing: antialiased; }
.mp-page { flex: 1; font-size: 15px; line-height: 1.4; font-family: "PingFang SC", "Noto Sans CJK SC", "Noto Sans SC", sans-serif; }
.mp-view, .mp-scroll-view, .mp-swiper, .mp-swiper-item, .mp-picker, .mp-navigator, .mp-form, .mp-component { display: block; }
.mp-component { display: contents; }
.mp-text, .mp-label { display: inline; }
.mp-image { display: inline-block; width: 320px; height: 240px; background: #e5e5ea; overflow: hidden; }
.mp-image img { width: 100%; height: 100%; object-fit: cover; }
.mp-input { display: block; min-height: 24px; font-size: 15px; line-height: 24px; overflow: hidden; white-space: nowrap; text-overflow: ellipsis; }
.mp-textarea { display: block; min-height: 80px; white-space: pre-wrap; }
.mp-placeholder { color: #a2a3a4; }
.mp-button { display: flex; align-items: center; justify-content: center; width: 100%; height: 44px; padding: 0 16px;
  font-size: 17px; border-radius: 8px; border: 1px solid #e5e5ea; background: #fff; color: #171a1d; overflow: hidden;
  white-space: nowrap; text-overflow: ellipsis; }
.mp-button[data-type="primary"] { background: #0089ff; border-color: #0089ff; color: #fff; }
.mp-button[data-type="warn"] { background: #fff; border-color: #ff5219; color: #ff5219; }
.mp-button[data-size="mini"] { display: inline-flex; width: auto; height: 30px; padding: 0 12px; font-size: 14px; border-radius: 6px; margin-right: 8px; }
.mp-button[data-disabled] { opacity: 0.4; }
.mp-spinner { width: 14px; height: 14px; margin-right: 6px; border-radius: 7px; border: 2px solid currentColor; border-top-color: transparent; }
`;

export interface FrameOptions {
  title: string;
  body: string;
  css: string;
  /** Tab bar (tab pages only): items with the selected one. */
  tabBar?: {
    textColor: string;
    selectedColor: string;
    backgroundColor: string;
    items: Array<{ name: string; icon: string | null; selected: boolean }>;
  };
  titleBarColor: string;
  /** A back arrow (pages opened with navigateTo); not on tab pages or the login page (reLaunch). */
  back: boolean;
}

/** The page inside DingTalk's chrome: status bar, title bar with a back arrow or none, and the tab bar. */
export function frameHtml(o: FrameOptions): string {
  const tab = o.tabBar
    ? `<div class="dd-tabbar" style="background:${o.tabBar.backgroundColor}">${o.tabBar.items
        .map(
          (it) =>
            `<div class="dd-tab" style="color:${it.selected ? o.tabBar!.selectedColor : o.tabBar!.textColor}">${
              it.icon ? `<img src="${it.icon}" />` : '<span class="dd-noicon"></span>'
            }<span>${esc(it.name)}</span></div>`,
        )
        .join('')}</div>`
    : '';
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8" />
<style>${BASE_CSS}
.dd-status { height: 44px; background: ${o.titleBarColor}; display: flex; align-items: center; justify-content: space-between; padding: 0 24px; font: 600 15px sans-serif; color: #171a1d; }
.dd-title { position: relative; height: 44px; background: ${o.titleBarColor}; display: flex; align-items: center; justify-content: center; font: 600 17px "Noto Sans CJK SC", sans-serif; color: #171a1d; border-bottom: 0.5px solid #e5e5ea; }
.dd-back { position: absolute; left: 16px; top: 15px; width: 12px; height: 12px; border-left: 2px solid #171a1d; border-bottom: 2px solid #171a1d; transform: rotate(45deg); }
.dd-chrome { position: sticky; top: 0; z-index: 10; }
.dd-tabbar { position: sticky; bottom: 0; flex-shrink: 0; height: 83px; padding-bottom: 34px; display: flex; border-top: 0.5px solid #e5e5ea; z-index: 10; }
.dd-tab { flex: 1; display: flex; flex-direction: column; align-items: center; justify-content: center; font: 10px "Noto Sans CJK SC", sans-serif; }
.dd-tab img { width: 24px; height: 24px; margin-bottom: 2px; }
.dd-noicon { width: 24px; height: 24px; margin-bottom: 2px; }
.dd-spacer { height: ${o.tabBar ? 0 : 34}px; flex-shrink: 0; }
${o.css}
</style></head><body>
<div class="dd-chrome"><div class="dd-status"><span>9:41</span><span>●●● ▮</span></div><div class="dd-title">${
    o.back ? '<span class="dd-back"></span>' : ''
  }${esc(o.title)}</div></div>
<div class="mp-page">${o.body}</div><div class="dd-spacer"></div>${tab}
</body></html>`;
}
