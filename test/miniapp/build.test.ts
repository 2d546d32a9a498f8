/**
 * The mini-program build: what it outputs, its size, and that the output loads and runs in a context that
 * lacks what DingTalk's runtime lacks (globalThis, Promise.prototype.finally, Promise.allSettled …).
 */
import fs from 'node:fs';
import path from 'node:path';
import * as realZod from 'zod';
import { FORBIDDEN, formatReport, MAIN_PACKAGE_LIMIT, ROOT, type BuildResult } from '../../miniapp/build';
import { buildForTests, MiniappHarness, MISSING_IN_DINGTALK } from '../support/miniapp-harness';

let build: BuildResult;
beforeAll(async () => {
  build = await buildForTests('test');
});

describe('npm run miniapp:build', () => {
  it('writes every page listed in app.json with its js, axml, acss and json', () => {
    const appJson = JSON.parse(fs.readFileSync(path.join(build.outDir, 'app.json'), 'utf8'));
    expect(appJson.pages.length).toBeGreaterThanOrEqual(11);
    for (const page of appJson.pages) {
      for (const ext of ['js', 'axml', 'acss', 'json'])
        expect(fs.existsSync(path.join(build.outDir, `${page}.${ext}`))).toBe(true);
    }
    // 审批 is not a tab: a native tab bar cannot hide one item per user, so reviewers get an entry on 首页 and 我的
    expect(appJson.tabBar.items.map((i: { name: string }) => i.name)).toEqual(['首页', '我的']);
    for (const item of appJson.tabBar.items) expect(appJson.pages).toContain(item.pagePath);
  });

  it('ships an icon and an active icon for every tab: small PNGs of 60×60', () => {
    const appJson = JSON.parse(fs.readFileSync(path.join(build.outDir, 'app.json'), 'utf8'));
    for (const item of appJson.tabBar.items as Array<Record<string, string>>)
      for (const key of ['icon', 'activeIcon']) {
        const file = path.join(build.outDir, item[key] ?? `missing ${key} of ${item.name}`);
        expect({ tab: item.name, key, exists: fs.existsSync(file) }).toEqual({ tab: item.name, key, exists: true });
        const png = fs.readFileSync(file);
        expect(png.subarray(1, 4).toString()).toBe('PNG');
        expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([60, 60]);
        expect(png.length).toBeLessThan(10_000);
      }
  });

  it('pull-to-refresh: a page with onPullDownRefresh enables it in its json, and only such a page', async () => {
    const h = new MiniappHarness({ distDir: build.outDir });
    try {
      h.loadApp();
      const rows = build.pages.map((page) => {
        const json = JSON.parse(fs.readFileSync(path.join(build.outDir, `${page}.json`), 'utf8'));
        return {
          page,
          pullRefresh: json.pullRefresh === true,
          handler: typeof h.definitionOf(page).onPullDownRefresh === 'function',
        };
      });
      for (const r of rows) expect(r).toEqual({ ...r, pullRefresh: r.handler });
      // every list a partner or a reviewer refreshes by pulling
      const lists = ['home', 'reviews', 'project', 'history', 'statement', 'agreement', 'disclosure', 'exit'];
      expect(rows.filter((r) => r.pullRefresh).map((r) => r.page)).toEqual(
        expect.arrayContaining(lists.map((p) => `pages/${p}/index`)),
      );
    } finally {
      h.dispose();
    }
  });

  it('declares only components that exist in the build', () => {
    for (const f of build.files.filter((x) => x.file.endsWith('.json') && x.file !== 'app.json')) {
      const json = JSON.parse(fs.readFileSync(path.join(build.outDir, f.file), 'utf8'));
      for (const [tag, p] of Object.entries<string>(json.usingComponents ?? {})) {
        expect({ tag, exists: fs.existsSync(path.join(build.outDir, `${p.replace(/^\//, '')}.js`)) }).toEqual({
          tag,
          exists: true,
        });
      }
    }
  });

  it("reports the main package size, well under DingTalk's 2 MB", () => {
    const report = formatReport(build);
    expect(report).toMatch(/主包大小 main package: \d+\.\d KB/);
    expect(build.totalBytes).toBe(build.files.reduce((s, f) => s + f.bytes, 0));
    expect(build.totalBytes).toBeLessThan(MAIN_PACKAGE_LIMIT / 4);
    process.stdout.write(report);
  });

  it('ships no TypeScript, typings or tsconfig, and no code outside miniapp/ and shared/', () => {
    expect(build.files.filter((f) => /\.ts$|tsconfig|typings\//.test(f.file))).toEqual([]);
    expect(build.modules.every((m) => /^(app|config|pages|components|services|shared)\b/.test(m))).toBe(true);
    expect(build.modules).toEqual(
      expect.arrayContaining(['shared/money.js', 'shared/datetime.js', 'shared/deeplinks.js']),
    );
    expect(build.vendors.sort()).toEqual(['vendor/decimal-js.js', 'vendor/zod.js']);
  });

  it('output mentions none of the features DingTalk lacks', () => {
    for (const f of build.files.filter((x) => x.file.endsWith('.js'))) {
      const text = fs.readFileSync(path.join(build.outDir, f.file), 'utf8');
      for (const forbidden of FORBIDDEN)
        expect({ file: f.file, uses: forbidden.re.test(text) ? forbidden.name : null }).toEqual({
          file: f.file,
          uses: null,
        });
    }
  });

  it('is ES2015 syntax: no async functions, optional chaining, ?? or object spread left', () => {
    for (const m of build.modules) {
      const text = fs.readFileSync(path.join(build.outDir, m), 'utf8');
      expect({
        m,
        async: /\basync\s+(function|\()/.test(text),
        optional: /\?\.[A-Za-z_$(]/.test(text),
        nullish: /\?\?/.test(text),
        spread: /\{\s*\.\.\./.test(text),
      }).toEqual({ m, async: false, optional: false, nullish: false, spread: false });
    }
  });

  it('points mini.project.json miniprogramRoot at the build output', () => {
    const project = JSON.parse(fs.readFileSync(path.join(ROOT, 'mini.project.json'), 'utf8'));
    expect(project.miniprogramRoot).toBe('dist/miniapp');
    expect(project.compileType).toBe('mini');
  });
});

describe('the build in a vm context without DingTalk-missing globals', () => {
  let h: MiniappHarness;
  beforeAll(() => {
    h = new MiniappHarness({ distDir: build.outDir });
  });
  afterAll(() => h.dispose());

  it('really removed them from the context', () => {
    for (const name of MISSING_IN_DINGTALK) expect({ name, missing: h.lacks(name) }).toEqual({ name, missing: true });
    expect(h.lacks('Promise')).toBe(false);
  });

  it('loads app.js, every page, every component and the vendor code', () => {
    h.loadApp();
    expect(h.appDefinition).toMatchObject({ globalData: { env: 'test' } });
    for (const page of build.pages)
      expect(typeof h.definitionOf(page).onLoad === 'function' || page === 'pages/reviews/index').toBe(true);
    for (const c of [
      'amount',
      'status-tag',
      'list-item',
      'payee-account',
      'empty-state',
      'error-state',
      'loading-state',
    ])
      expect(h.componentOf(`components/${c}/index`)).toBeDefined();
    expect(h.pages.size).toBe(build.pages.length);
  });

  it('runs the shared money, date and validation code there', () => {
    h.require('shared/money');
    const run = (expr: string) =>
      h.evaluate(`(function (require) { ${expr} })`) as (req: (p: string) => unknown) => unknown;
    const req = (p: string) => h.require(p);
    expect(run("return require('shared/money').formatMoney('1234567.891')")(req)).toBe('¥1,234,567.89');
    expect(run("return require('shared/money').formatMoney('-1234')")(req)).toBe('-¥1,234.00');
    expect(run("var m = require('shared/money'); return m.moneyString(m.sumMoney(['0.1', '0.2']))")(req)).toBe('0.30');
    expect(run("return require('shared/datetime').formatDateTime('2026-11-21T16:30:00Z')")(req)).toBe(
      '2026-11-22 00:30',
    );
    expect(
      run(
        "var r = require('shared/money').ZMoney.safeParse('12.345'); return r.success ? 'ok' : r.error.issues[0].message",
      )(req),
    ).toBe('金额格式不正确（最多两位小数）');
    // zod's own messages come in Chinese in the mini-program
    expect(
      run(
        "var z = require('vendor/zod').z; return z.object({ n: z.number() }).safeParse({ n: 'x' }).error.issues[0].message",
      )(req),
    ).toMatch(/无效输入|期望/);
  });

  it('the slimmed zod lacks only the extras the mini-program does not need', () => {
    const slim = h.require('vendor/zod') as { z: Record<string, unknown> };
    const missing = Object.keys(realZod.z)
      .filter((k) => !(k in slim.z))
      .sort();
    expect(missing).toEqual(expect.arrayContaining(['locales', 'toJSONSchema', 'fromJSONSchema']));
    expect(
      missing.filter(
        (k) =>
          ![
            'locales',
            'toJSONSchema',
            'fromJSONSchema',
            'core',
            'compile',
            'withParser',
            'ZodCompileAsyncError',
            'ZodCompileUnsupportedError',
            'deepPartial',
            'input',
            'output',
            'memoizer',
            '$output',
            '$input',
            '$brand',
            'INVALID',
            'toZod',
            'getDiscriminatedOption',
            'ZodISODateTime',
            'ZodISODate',
            'ZodISOTime',
            'ZodISODuration',
          ].includes(k),
      ),
    ).toEqual([]);
  });
});
