/**
 * Runs the compiled mini-program (dist) in a Node `vm` context that looks like DingTalk's runtime:
 * globals `Page`, `App`, `Component`, `getApp`, `dd`, a CommonJS `require` over the build output, and
 * none of what the client lacks (`globalThis`, Promise.prototype.finally, Promise.allSettled, newer APIs).
 *
 * `dd.httpRequest` / `dd.uploadFile` / `dd.downloadFile` go over real HTTP to the BFF under test (the
 * origin the build was configured with is replaced by the test server's); `dd.getAuthCode` asks the
 * DingTalk emulator for a real, single-use code. Every dd call, toast, navigation and setData is recorded.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { buildMiniapp, type BuildResult } from '../../miniapp/build';

/** The origin compiled into the test build; the harness sends its requests to the real test server instead. */
export const TEST_BUILD_API_BASE = 'http://bff.miniapp.test';

/** What the harness removes from the context before any mini-program code runs. */
export const MISSING_IN_DINGTALK = [
  'globalThis',
  'Promise.prototype.finally',
  'Promise.allSettled',
  'Promise.any',
  'Object.fromEntries',
  'Object.hasOwn',
  'Array.prototype.flat',
  'Array.prototype.flatMap',
  'Array.prototype.at',
  'String.prototype.at',
  'String.prototype.replaceAll',
  'String.prototype.matchAll',
  'structuredClone',
  'queueMicrotask',
] as const;

const builds = new Map<string, Promise<BuildResult>>();

/** Builds the mini-program once per jest worker and options (into a temp folder, not dist/). */
export function buildForTests(env: 'dev' | 'test' | 'prod' = 'test'): Promise<BuildResult> {
  let b = builds.get(env);
  if (!b) {
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), `gentou-miniapp-${env}-`));
    b = buildMiniapp({ outDir, env, apiBase: TEST_BUILD_API_BASE, minify: env === 'prod' });
    builds.set(env, b);
  }
  return b;
}

export interface DdCall {
  api: string;
  options: Record<string, unknown>;
}
export interface HttpLogEntry {
  method: string;
  path: string;
  status: number;
  authorized: boolean;
}

type Fn = (...args: unknown[]) => unknown;
type Obj = Record<string, unknown>;

export interface HarnessOptions {
  /** Build output folder. */
  distDir: string;
  /** Where dd.httpRequest really goes (the running BFF), e.g. startTestApp().base. */
  apiBase?: string;
  /** Supplies dd.getAuthCode's code, e.g. () => emu.authCode('u1001'). Without it getAuthCode fails (error 3). */
  authCode?: () => Promise<string>;
  /** Answer to dd.confirm (default: confirm). */
  confirm?: boolean;
  /** A local image for dd.chooseImage (default: a tiny PNG written to a temp file); null = user cancels. */
  imagePath?: string | null;
  corpId?: string;
}

export interface PageDefinition extends Obj {
  data?: Obj;
}
export interface ComponentDefinition {
  props?: Obj;
  data?: Obj;
  methods?: Record<string, Fn>;
  onInit?: Fn;
  deriveDataFromProps?: Fn;
  didMount?: Fn;
  didUpdate?: Fn;
  didUnmount?: Fn;
}

const PNG_1X1 = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360f8cfc0f01f0005000201e0f1d3a70000000049454e44ae426082',
  'hex',
);

export class MiniappHarness {
  readonly context: vm.Context;
  readonly calls: DdCall[] = [];
  readonly toasts: Array<{ type: string; content: string }> = [];
  readonly navigations: Array<{ api: string; url: string }> = [];
  readonly http: HttpLogEntry[] = [];
  readonly storage = new Map<string, string>();
  readonly pages = new Map<string, PageDefinition>();
  readonly components = new Map<string, ComponentDefinition>();
  appDefinition: Obj | null = null;
  loadingVisible = false;
  private readonly modules = new Map<string, { exports: unknown }>();
  private currentModule: string | null = null;
  private pending = 0;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly tmp: string;
  private readonly ctxJson: { parse: (s: string) => unknown };

  constructor(readonly opts: HarnessOptions) {
    this.tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gentou-dd-'));
    const sandbox: Obj = {
      dd: this.makeDd(),
      Page: (def: PageDefinition) => this.register('Page', def),
      Component: (def: ComponentDefinition) => this.register('Component', def),
      App: (def: Obj) => this.register('App', def),
      getApp: () => this.appDefinition,
      console,
      setTimeout: (fn: () => void, ms?: number) => this.track(setTimeout(fn, ms)),
      clearTimeout: (t: NodeJS.Timeout | undefined) => {
        if (t) {
          clearTimeout(t);
          this.timers.delete(t);
        }
      },
      setInterval: (fn: () => void, ms?: number) => this.track(setInterval(fn, ms)),
      clearInterval: (t: NodeJS.Timeout | undefined) => {
        if (t) {
          clearInterval(t);
          this.timers.delete(t);
        }
      },
    };
    this.context = vm.createContext(sandbox, { name: 'dingtalk-miniapp' });
    vm.runInContext(removalScript(), this.context);
    this.ctxJson = vm.runInContext('JSON', this.context) as { parse: (s: string) => unknown };
  }

  /** True when the context really lacks `name` (checked from inside it). */
  lacks(name: string): boolean {
    const expr =
      name === 'globalThis'
        ? 'typeof globalThis === "undefined"'
        : `(function(){ try { return typeof (${name}) === 'undefined'; } catch (e) { return true; } })()`;
    return vm.runInContext(expr, this.context) === true;
  }

  /** Loads a compiled module (path relative to dist, without .js) as the mini-program runtime would. */
  require(modulePath: string): unknown {
    return this.load(path.join(this.opts.distDir, modulePath.endsWith('.js') ? modulePath : `${modulePath}.js`));
  }

  /** Evaluates an expression inside the context (e.g. to call compiled helpers with context-native values). */
  evaluate(code: string): unknown {
    return vm.runInContext(code, this.context);
  }

  loadApp(): Obj {
    this.require('app');
    if (!this.appDefinition) throw new Error('app.js did not call App()');
    const onLaunch = this.appDefinition.onLaunch as Fn | undefined;
    onLaunch?.call(this.appDefinition, { path: 'pages/home/index', query: {} });
    return this.appDefinition;
  }

  definitionOf(route: string): PageDefinition {
    if (!this.pages.has(route)) this.require(route);
    const def = this.pages.get(route);
    if (!def) throw new Error(`${route}.js did not call Page()`);
    return def;
  }

  componentOf(route: string): ComponentDefinition {
    if (!this.components.has(route)) this.require(route);
    const def = this.components.get(route);
    if (!def) throw new Error(`${route}.js did not call Component()`);
    return def;
  }

  /** Opens a page like DingTalk does for a deep link or navigateTo: onLoad(query), onShow, then waits for its requests. */
  async open(route: string, query: Record<string, string> = {}): Promise<PageHandle> {
    const page = new PageHandle(this, route, this.definitionOf(route));
    page.call('onLoad', this.clone(query));
    page.call('onShow');
    await this.settle();
    return page;
  }

  /** Opens the page an eapp:// or /pages/… URL names, with its query. */
  async openUrl(url: string): Promise<PageHandle> {
    const m = /^(?:eapp:\/\/|\/)?(pages\/[a-z-]+\/index)(?:\?(.*))?$/.exec(url);
    if (!m) throw new Error(`not a page URL: ${url}`);
    const query: Record<string, string> = {};
    for (const [k, v] of new URLSearchParams(m[2] ?? '')) query[k] = v;
    return this.open(m[1]!, query);
  }

  mountComponent(route: string, props: Obj = {}): ComponentHandle {
    return new ComponentHandle(this, this.componentOf(route), props);
  }

  /** Waits until no dd request is in flight and the microtask queue has drained. */
  async settle(timeoutMs = 15000): Promise<void> {
    const until = Date.now() + timeoutMs;
    let quiet = 0;
    while (quiet < 3) {
      await new Promise((r) => setImmediate(r));
      quiet = this.pending === 0 ? quiet + 1 : 0;
      if (Date.now() > until)
        throw new Error(`mini-program still busy after ${timeoutMs} ms (${this.pending} dd calls in flight)`);
    }
  }

  /** A value created inside the context (so code there sees its own Object/Array prototypes). */
  clone<T>(v: T): T {
    return v === undefined ? v : (this.ctxJson.parse(JSON.stringify(v)) as T);
  }

  storedSession(): { token: string; user: { name: string; roles: string[] } } | null {
    const raw = this.storage.get('gentou.session');
    return raw ? JSON.parse(raw) : null;
  }

  callsOf(api: string): DdCall[] {
    return this.calls.filter((c) => c.api === api);
  }

  dispose(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    fs.rmSync(this.tmp, { recursive: true, force: true });
  }

  // ---- internals -------------------------------------------------------------------------------

  private track(t: NodeJS.Timeout): NodeJS.Timeout {
    t.unref();
    this.timers.add(t);
    return t;
  }

  private register(kind: 'Page' | 'Component' | 'App', def: Obj | ComponentDefinition): void {
    if (kind === 'App') {
      this.appDefinition = def as Obj;
      return;
    }
    if (!this.currentModule) throw new Error(`${kind}() called outside a module load`);
    const route = path.relative(this.opts.distDir, this.currentModule).replace(/\.js$/, '').split(path.sep).join('/');
    if (kind === 'Page') this.pages.set(route, def as PageDefinition);
    else this.components.set(route, def as ComponentDefinition);
  }

  private load(file: string): unknown {
    const cached = this.modules.get(file);
    if (cached) return cached.exports;
    if (!fs.existsSync(file))
      throw new Error(`module not found in the build: ${path.relative(this.opts.distDir, file)}`);
    const mod = { exports: {} as unknown };
    this.modules.set(file, mod);
    const wrapper = vm.runInContext(
      `(function (exports, require, module) {\n${fs.readFileSync(file, 'utf8')}\n})`,
      this.context,
      { filename: file },
    ) as Fn;
    const localRequire = (spec: string) => {
      if (!spec.startsWith('.'))
        throw new Error(
          `${path.relative(this.opts.distDir, file)} requires "${spec}": only relative modules exist in the mini-program`,
        );
      const target = path.resolve(path.dirname(file), spec);
      return this.load(target.endsWith('.js') ? target : `${target}.js`);
    };
    const previous = this.currentModule;
    this.currentModule = file;
    try {
      wrapper.call(mod.exports, mod.exports, localRequire, mod);
    } finally {
      this.currentModule = previous;
    }
    return mod.exports;
  }

  /** Runs an async host operation for a dd API, then calls success/fail/complete like the client does. */
  private async run<T>(api: string, options: Obj, op: () => Promise<T>): Promise<void> {
    this.pending++;
    try {
      let result: { ok: true; value: T } | { ok: false; error: unknown };
      try {
        result = { ok: true, value: await op() };
      } catch (error) {
        result = { ok: false, error };
      }
      if (result.ok) (options.success as Fn | undefined)?.(this.clone(result.value));
      else (options.fail as Fn | undefined)?.(this.clone(ddError(result.error)));
      (options.complete as Fn | undefined)?.();
    } finally {
      this.pending--;
    }
  }

  private targetUrl(url: string): { path: string; real: string } {
    if (!url.startsWith(TEST_BUILD_API_BASE))
      throw Object.assign(new Error(`request to ${url} does not use the configured API base`), { ddError: 11 });
    if (!this.opts.apiBase)
      throw Object.assign(new Error('harness has no apiBase: no BFF is running'), { ddError: 12 });
    const p = url.slice(TEST_BUILD_API_BASE.length);
    return { path: p, real: `${this.opts.apiBase}${p}` };
  }

  private makeDd(): Obj {
    const record = (api: string, options: Obj = {}) => {
      this.calls.push({ api, options });
    };
    const sync =
      (api: string, fn: (o: Obj) => unknown = () => undefined) =>
      (options: Obj = {}) => {
        record(api, options);
        return fn(options);
      };
    const ok =
      (api: string, after: (o: Obj) => void = () => undefined) =>
      (options: Obj = {}) => {
        record(api, options);
        after(options);
        (options.success as Fn | undefined)?.(this.clone({}));
        (options.complete as Fn | undefined)?.();
      };
    const nav = (api: string) => ok(api, (o) => this.navigations.push({ api, url: String(o.url ?? '') }));
    return {
      corpId: this.opts.corpId ?? 'dingdemocorp0000001',
      getAuthCode: (options: Obj) => {
        record('getAuthCode', options);
        void this.run('getAuthCode', options, async () => {
          if (!this.opts.authCode) throw Object.assign(new Error('系统异常'), { ddError: 3 });
          return { authCode: await this.opts.authCode() };
        });
      },
      httpRequest: (options: Obj) => {
        record('httpRequest', options);
        void this.run('httpRequest', options, async () => {
          const { path: p, real } = this.targetUrl(String(options.url));
          const method = String(options.method ?? 'GET');
          const headers = (options.headers ?? {}) as Record<string, string>;
          let res: Response;
          try {
            res = await fetch(real, {
              method,
              headers,
              body: typeof options.data === 'string' ? options.data : undefined,
              signal: AbortSignal.timeout(Number(options.timeout ?? 30000)),
            });
          } catch (err) {
            throw Object.assign(new Error(String(err)), { ddError: 12 });
          }
          const text = await res.text();
          this.http.push({ method, path: p, status: res.status, authorized: !!headers.Authorization });
          const out = { data: text, status: res.status, headers: Object.fromEntries(res.headers) };
          // like the client: an HTTP error status is a failure (error 19) that still carries the response
          if (res.status >= 400) throw Object.assign(new Error('http status error'), { ddError: 19, response: out });
          return out;
        });
      },
      uploadFile: (options: Obj) => {
        record('uploadFile', options);
        void this.run('uploadFile', options, async () => {
          const { path: p, real } = this.targetUrl(String(options.url));
          const form = new FormData();
          for (const [k, v] of Object.entries((options.formData ?? {}) as Record<string, string>)) form.append(k, v);
          const filePath = String(options.filePath);
          form.append(
            String(options.fileName),
            new Blob([fs.readFileSync(filePath)], { type: 'image/png' }),
            path.basename(filePath),
          );
          const headers = (options.header ?? {}) as Record<string, string>;
          const res = await fetch(real, { method: 'POST', headers, body: form });
          this.http.push({ method: 'POST', path: p, status: res.status, authorized: !!headers.Authorization });
          return { data: await res.text(), statusCode: res.status };
        });
      },
      downloadFile: (options: Obj) => {
        record('downloadFile', options);
        void this.run('downloadFile', options, async () => {
          const { path: p, real } = this.targetUrl(String(options.url));
          const headers = (options.header ?? {}) as Record<string, string>;
          const res = await fetch(real, { headers });
          this.http.push({ method: 'GET', path: p, status: res.status, authorized: !!headers.Authorization });
          if (!res.ok) throw Object.assign(new Error(`download failed ${res.status}`), { ddError: 12 });
          const filePath = path.join(this.tmp, `download-${Date.now()}`);
          fs.writeFileSync(filePath, Buffer.from(await res.arrayBuffer()));
          return { filePath };
        });
      },
      openDocument: ok('openDocument'),
      chooseImage: (options: Obj) => {
        record('chooseImage', options);
        void this.run('chooseImage', options, async () => {
          if (this.opts.imagePath === null) throw Object.assign(new Error('cancelled'), { ddError: 11 });
          let file = this.opts.imagePath;
          if (!file) {
            file = path.join(this.tmp, 'receipt.png');
            fs.writeFileSync(file, PNG_1X1);
          }
          return { filePaths: [file] };
        });
      },
      previewImage: ok('previewImage'),
      showToast: ok('showToast', (o) =>
        this.toasts.push({ type: String(o.type ?? 'none'), content: String(o.content ?? '') }),
      ),
      hideToast: sync('hideToast'),
      showLoading: ok('showLoading', () => {
        this.loadingVisible = true;
      }),
      hideLoading: sync('hideLoading', () => {
        this.loadingVisible = false;
      }),
      confirm: (options: Obj) => {
        record('confirm', options);
        (options.success as Fn | undefined)?.(this.clone({ confirm: this.opts.confirm ?? true }));
      },
      alert: ok('alert'),
      setClipboard: ok('setClipboard'),
      getStorageSync: sync('getStorageSync', (o) => {
        const raw = this.storage.get(String(o.key));
        return this.clone({ data: raw === undefined ? undefined : JSON.parse(raw) });
      }),
      setStorageSync: sync('setStorageSync', (o) => {
        this.storage.set(String(o.key), JSON.stringify(o.data));
      }),
      removeStorageSync: sync('removeStorageSync', (o) => {
        this.storage.delete(String(o.key));
      }),
      navigateTo: nav('navigateTo'),
      redirectTo: nav('redirectTo'),
      navigateBack: nav('navigateBack'),
      switchTab: nav('switchTab'),
      reLaunch: nav('reLaunch'),
      setNavigationBar: ok('setNavigationBar'),
      stopPullDownRefresh: sync('stopPullDownRefresh'),
    };
  }
}

function ddError(err: unknown): Obj {
  const e = err as { ddError?: number; message?: string; response?: Obj };
  return { error: e.ddError ?? 12, errorMessage: e.message ?? String(err), ...(e.response ?? {}) };
}

function removalScript(): string {
  const lines = MISSING_IN_DINGTALK.filter((n) => n !== 'globalThis').map((n) => `delete ${n};`);
  // last: after this line nothing in the context can name the global object as `globalThis`
  lines.push('delete globalThis.globalThis;');
  return lines.join('\n');
}

/** A page instance: the definition's methods with `this` = the instance, `data`, and a recording setData. */
export class PageHandle {
  readonly instance: Obj;
  readonly setDataLog: Obj[] = [];

  constructor(
    readonly harness: MiniappHarness,
    readonly route: string,
    readonly definition: PageDefinition,
  ) {
    const instance: Obj = { route, data: harness.clone(definition.data ?? {}) };
    for (const [k, v] of Object.entries(definition)) if (typeof v === 'function') instance[k] = v;
    instance.setData = (patch: Obj, cb?: () => void) => {
      this.setDataLog.push(JSON.parse(JSON.stringify(patch)));
      instance.data = Object.assign(harness.clone(instance.data as Obj), harness.clone(patch));
      cb?.();
    };
    this.instance = instance;
  }

  get data(): Record<string, unknown> {
    return this.instance.data as Record<string, unknown>;
  }

  /** Calls a lifecycle hook or method (if defined) and returns its result. */
  call(method: string, ...args: unknown[]): unknown {
    const fn = this.instance[method];
    if (typeof fn !== 'function') {
      if (method.startsWith('on')) return undefined;
      throw new Error(`${this.route} has no method ${method}`);
    }
    return (fn as Fn).apply(this.instance, args);
  }

  /** Calls an event handler the way a tap does, then waits for its requests. */
  async tap(method: string, dataset: Record<string, string | number> = {}): Promise<void> {
    const ds = this.harness.clone(Object.fromEntries(Object.entries(dataset).map(([k, v]) => [k, String(v)])));
    const result = this.call(
      method,
      this.harness.clone({ type: 'tap', target: { dataset: ds }, currentTarget: { dataset: ds } }),
    );
    if (result && typeof (result as Promise<unknown>).then === 'function') await result;
    await this.harness.settle();
  }

  async input(method: string, value: string): Promise<void> {
    this.call(
      method,
      this.harness.clone({ type: 'input', detail: { value }, target: { dataset: {} }, currentTarget: { dataset: {} } }),
    );
    await this.harness.settle();
  }

  async show(): Promise<void> {
    this.call('onShow');
    await this.harness.settle();
  }

  async pullDown(): Promise<void> {
    this.call('onPullDownRefresh');
    await this.harness.settle();
  }

  unload(): void {
    this.call('onUnload');
  }
}

/** A component instance (component2 lifecycle): props, data, methods, deriveDataFromProps. */
export class ComponentHandle {
  readonly instance: Obj;

  constructor(
    readonly harness: MiniappHarness,
    readonly definition: ComponentDefinition,
    props: Obj,
  ) {
    const instance: Obj = {
      props: { ...(definition.props ?? {}), ...props },
      data: harness.clone(definition.data ?? {}),
    };
    instance.setData = (patch: Obj) => {
      instance.data = { ...(instance.data as Obj), ...harness.clone(patch) };
    };
    for (const [k, v] of Object.entries(definition.methods ?? {})) instance[k] = v;
    this.instance = instance;
    definition.onInit?.call(instance);
    definition.deriveDataFromProps?.call(instance, instance.props);
    definition.didMount?.call(instance);
  }

  get data(): Record<string, unknown> {
    return this.instance.data as Record<string, unknown>;
  }

  setProps(next: Obj): void {
    const prev = this.instance.props;
    const props = { ...(prev as Obj), ...next };
    this.definition.deriveDataFromProps?.call(this.instance, props);
    this.instance.props = props;
    this.definition.didUpdate?.call(this.instance, prev, this.instance.data);
  }

  call(method: string, ...args: unknown[]): unknown {
    const fn = this.instance[method];
    if (typeof fn !== 'function') throw new Error(`component has no method ${method}`);
    return (fn as Fn).apply(this.instance, args);
  }
}
