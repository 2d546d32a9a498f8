/**
 * Builds the DingTalk mini-program without the IDE's compiler (which cannot run offline), the way DingTalk's
 * TypeScript template does: TypeScript in `miniapp/` → JavaScript in `dist/miniapp/`, which the DingTalk IDE
 * opens through the top-level `mini.project.json` (`miniprogramRoot`).
 *
 * Layout of the output:
 *   app.js, pages/<name>/index.js, components/<name>/index.js, services/*.js  — one CommonJS module per source file
 *   shared/*.js          — the repo's shared/ code the mini-program imports (money, dates, deep links)
 *   vendor/<package>.js  — each npm package bundled once (decimal.js, zod), minified
 *   *.axml, *.acss, *.json, *.sjs — copied as they are
 *
 * Syntax is lowered to ES2015 (async/await becomes generators). DingTalk's runtime has no `globalThis`,
 * no Promise.prototype.finally and no Promise.allSettled: vendor code that touches `globalThis` gets a
 * module-local object instead, and the build fails if any output still refers to one of them.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { formatDecimal } from '../shared/money';

export type MiniappEnv = 'dev' | 'test' | 'prod';

export interface BuildOptions {
  /** Output folder (default dist/miniapp at the repo top level). */
  outDir?: string;
  env?: MiniappEnv;
  /** BFF origin; default per environment. */
  apiBase?: string;
  corpId?: string;
  /** Minify own modules too (vendor code is always minified). Default: only for prod. */
  minify?: boolean;
}

export interface BuildResult {
  outDir: string;
  env: MiniappEnv;
  apiBase: string;
  /** Output files relative to outDir, with their sizes in bytes. */
  files: Array<{ file: string; bytes: number }>;
  totalBytes: number;
  /** Compiled modules (own + shared), relative to outDir. */
  modules: string[];
  vendors: string[];
  pages: string[];
}

export const ROOT = path.resolve(__dirname, '..');
export const SRC = path.join(ROOT, 'miniapp');
const SHARED = path.join(ROOT, 'shared');
export const DEFAULT_OUT = path.join(ROOT, 'dist', 'miniapp');
/** DingTalk's limit for the main package. */
export const MAIN_PACKAGE_LIMIT = 2 * 1024 * 1024;

const API_BASES: Record<MiniappEnv, string> = {
  dev: 'http://127.0.0.1:3000',
  test: 'https://gentou-test.example.com',
  prod: 'https://gentou.example.com',
};

/** What DingTalk's runtime lacks; any of these in the output fails the build. */
export const FORBIDDEN: Array<{ name: string; re: RegExp }> = [
  { name: 'globalThis', re: /\bglobalThis\b/ },
  { name: 'Promise.prototype.finally', re: /\.finally\s*\(/ },
  { name: 'Promise.allSettled', re: /\ballSettled\b/ },
];

/**
 * Custom entries for packages whose full build is too heavy for a mini-program. `zod`'s main entry
 * re-exports every locale and the JSON-schema tools (~500 KB minified, not tree-shakable through `z`);
 * the mini-program gets the classic schema API with Chinese messages (~140 KB). A unit test checks that
 * only the listed extras are missing.
 */
const VENDOR_ENTRIES: Record<string, { resolveDir: string; contents: string }> = {
  zod: {
    resolveDir: path.join(ROOT, 'node_modules', 'zod', 'v4'),
    contents: [
      "import * as schemas from './classic/schemas.js';",
      "import * as checks from './classic/checks.js';",
      "import * as errors from './classic/errors.js';",
      "import * as parse from './classic/parse.js';",
      "import * as compat from './classic/compat.js';",
      "import * as iso from './classic/iso.js';",
      "import * as coerce from './classic/coerce.js';",
      "import { config, globalRegistry, registry, NEVER, util, regexes, clone, treeifyError, prettifyError, formatError, flattenError, TimePrecision } from './core/index.js';",
      "import zhCN from './locales/zh-CN.js';",
      'config(zhCN());',
      'const extras = { iso, coerce, config, globalRegistry, registry, NEVER, util, regexes, clone, treeifyError, prettifyError, formatError, flattenError, TimePrecision };',
      'const z = Object.assign({}, schemas, checks, errors, parse, compat, extras);',
      "export * from './classic/schemas.js';",
      "export * from './classic/checks.js';",
      "export * from './classic/errors.js';",
      "export * from './classic/parse.js';",
      "export * from './classic/compat.js';",
      'export { iso, coerce, config, globalRegistry, registry, NEVER, util, regexes, clone, treeifyError, prettifyError, formatError, flattenError, TimePrecision };',
      'export { z, z as default };',
    ].join('\n'),
  },
};

const STATIC_EXT = new Set(['.axml', '.acss', '.json', '.sjs', '.png', '.jpg', '.svg']);
const NOT_SHIPPED = new Set(['tsconfig.json']);

const posix = (p: string) => p.split(path.sep).join('/');

/** Where a source file's module lands in the output. */
function outputPathOf(srcFile: string, outDir: string): string {
  const noExt = srcFile.replace(/\.ts$/, '.js');
  if (noExt.startsWith(SRC + path.sep)) return path.join(outDir, path.relative(SRC, noExt));
  if (noExt.startsWith(SHARED + path.sep)) return path.join(outDir, 'shared', path.relative(SHARED, noExt));
  throw new Error(`小程序只能引用 miniapp/ 与 shared/ 下的代码：${path.relative(ROOT, srcFile)}`);
}

function resolveSource(fromDir: string, spec: string): string {
  const base = path.resolve(fromDir, spec);
  for (const candidate of [`${base}.ts`, path.join(base, 'index.ts'), base]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  throw new Error(`无法解析模块 ${spec}（在 ${path.relative(ROOT, fromDir)}）`);
}

const vendorFile = (pkg: string) => `vendor/${pkg.replace(/[^A-Za-z0-9]+/g, '-')}.js`;

function relativeRequire(fromOut: string, toOut: string): string {
  const rel = posix(path.relative(path.dirname(fromOut), toOut));
  return rel.startsWith('.') ? rel : `./${rel}`;
}

function walk(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? walk(p) : [p];
  });
}

/** The entry modules: app, every page listed in app.json, every component folder. */
export function entryFiles(): { app: string; pages: string[]; components: string[] } {
  const appJson = JSON.parse(fs.readFileSync(path.join(SRC, 'app.json'), 'utf8')) as { pages: string[] };
  const pages = appJson.pages.map((p) => path.join(SRC, `${p}.ts`));
  for (const p of pages) if (!fs.existsSync(p)) throw new Error(`app.json 中的页面缺少脚本：${path.relative(ROOT, p)}`);
  const componentsDir = path.join(SRC, 'components');
  const components = fs.existsSync(componentsDir)
    ? fs
        .readdirSync(componentsDir)
        .map((d) => path.join(componentsDir, d, 'index.ts'))
        .filter((f) => fs.existsSync(f))
    : [];
  return { app: path.join(SRC, 'app.ts'), pages, components };
}

export async function buildMiniapp(opts: BuildOptions = {}): Promise<BuildResult> {
  const env: MiniappEnv = opts.env ?? 'dev';
  const outDir = path.resolve(opts.outDir ?? DEFAULT_OUT);
  const apiBase = (opts.apiBase ?? API_BASES[env]).replace(/\/+$/, '');
  const corpId = opts.corpId ?? 'dingdemocorp0000001';
  const minify = opts.minify ?? env === 'prod';

  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });

  const { app, pages, components } = entryFiles();
  const queue = [app, ...pages, ...components];
  const seen = new Set<string>();
  const vendors = new Set<string>();
  const outputs = new Map<string, string>();

  // One module per source file; every import stays a require() whose path is rewritten to the output layout.
  while (queue.length) {
    const batch = queue.splice(0).filter((f) => !seen.has(f));
    batch.forEach((f) => seen.add(f));
    await Promise.all(
      batch.map(async (srcFile) => {
        const outFile = outputPathOf(srcFile, outDir);
        const result = await esbuild.build({
          entryPoints: [srcFile],
          bundle: true,
          write: false,
          format: 'cjs',
          platform: 'neutral',
          target: 'es2015',
          charset: 'utf8',
          minify,
          logLevel: 'silent',
          define: {
            __MINIAPP_ENV__: JSON.stringify(env),
            __MINIAPP_API_BASE__: JSON.stringify(apiBase),
            __MINIAPP_CORP_ID__: JSON.stringify(corpId),
          },
          plugins: [
            {
              name: 'miniapp-modules',
              setup(build) {
                build.onResolve({ filter: /.*/ }, (args) => {
                  if (args.kind === 'entry-point') return undefined;
                  if (args.path.startsWith('.')) {
                    const target = resolveSource(args.resolveDir, args.path);
                    if (!target.endsWith('.ts')) throw new Error(`只支持 TypeScript 模块：${args.path}`);
                    queue.push(target);
                    return { path: relativeRequire(outFile, outputPathOf(target, outDir)), external: true };
                  }
                  const pkg = args.path.startsWith('@')
                    ? args.path.split('/').slice(0, 2).join('/')
                    : args.path.split('/')[0]!;
                  if (pkg !== args.path) throw new Error(`请直接引用包 ${pkg}，不要引用其子路径 ${args.path}`);
                  vendors.add(pkg);
                  return { path: relativeRequire(outFile, path.join(outDir, vendorFile(pkg))), external: true };
                });
              },
            },
          ],
        });
        outputs.set(outFile, result.outputFiles[0]!.text);
      }),
    );
  }

  // Each npm package once, bundled and minified; `globalThis` becomes a module-local object.
  for (const pkg of vendors) {
    const result = await esbuild.build({
      stdin: VENDOR_ENTRIES[pkg]
        ? { ...VENDOR_ENTRIES[pkg], loader: 'js', sourcefile: `vendor:${pkg}` }
        : {
            contents: `module.exports = require(${JSON.stringify(pkg)});`,
            resolveDir: ROOT,
            loader: 'js',
            sourcefile: `vendor:${pkg}`,
          },
      bundle: true,
      write: false,
      format: 'cjs',
      platform: 'neutral',
      mainFields: ['module', 'main'],
      target: 'es2015',
      charset: 'utf8',
      minify: true,
      legalComments: 'none',
      logLevel: 'silent',
      define: {
        globalThis: '__miniGlobal',
        'process.env.NODE_ENV': JSON.stringify(env === 'prod' ? 'production' : 'development'),
      },
      banner: { js: 'var __miniGlobal = {};' },
    });
    outputs.set(path.join(outDir, vendorFile(pkg)), result.outputFiles[0]!.text);
  }

  const problems: string[] = [];
  for (const [file, text] of outputs) {
    for (const f of FORBIDDEN) if (f.re.test(text)) problems.push(`${posix(path.relative(outDir, file))}: ${f.name}`);
  }
  if (problems.length) throw new Error(`编译结果使用了钉钉运行时不支持的特性：\n  ${problems.join('\n  ')}`);

  for (const [file, text] of outputs) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
  for (const file of walk(SRC)) {
    const rel = path.relative(SRC, file);
    if (!STATIC_EXT.has(path.extname(file)) || NOT_SHIPPED.has(rel) || rel.startsWith(`typings${path.sep}`)) continue;
    const dest = path.join(outDir, rel);
    fs.mkdirSync(path.dirname(dest), { recursive: true });
    fs.copyFileSync(file, dest);
  }

  const files = walk(outDir)
    .map((f) => ({ file: posix(path.relative(outDir, f)), bytes: fs.statSync(f).size }))
    .sort((a, b) => b.bytes - a.bytes);
  return {
    outDir,
    env,
    apiBase,
    files,
    totalBytes: files.reduce((s, f) => s + f.bytes, 0),
    modules: [...outputs.keys()]
      .map((f) => posix(path.relative(outDir, f)))
      .filter((f) => !f.startsWith('vendor/'))
      .sort(),
    vendors: [...vendors].map(vendorFile),
    pages: pages.map((p) => posix(path.relative(SRC, p)).replace(/\.ts$/, '')),
  };
}

const kb = (n: number) => `${formatDecimal(n / 1024, 1)} KB`;

export function formatReport(r: BuildResult): string {
  const lines = [
    `小程序构建完成 (${r.env}, API ${r.apiBase}) → ${posix(path.relative(ROOT, r.outDir)) || r.outDir}`,
    `  主包大小 main package: ${kb(r.totalBytes)} (${r.totalBytes} bytes) of DingTalk's ${kb(MAIN_PACKAGE_LIMIT)} limit, ${r.files.length} files`,
    `  ${r.pages.length} pages, ${r.modules.length} modules, vendors: ${r.vendors.join(', ') || 'none'}`,
    '  largest files:',
    ...r.files.slice(0, 6).map((f) => `    ${kb(f.bytes).padStart(9)}  ${f.file}`),
  ];
  if (r.totalBytes > MAIN_PACKAGE_LIMIT) lines.push('  警告：主包超过 2 MB，钉钉将拒绝上传。');
  return `${lines.join('\n')}\n`;
}

function parseEnv(v: string | undefined): MiniappEnv {
  if (v === undefined || v === '') return 'dev';
  if (v === 'dev' || v === 'test' || v === 'prod') return v;
  throw new Error(`MINIAPP_ENV 应为 dev、test 或 prod，而不是 ${v}`);
}

if (require.main === module) {
  buildMiniapp({
    env: parseEnv(process.env.MINIAPP_ENV),
    apiBase: process.env.MINIAPP_API_BASE || undefined,
    corpId: process.env.MINIAPP_CORP_ID || undefined,
  })
    .then((r) => {
      process.stdout.write(formatReport(r));
      if (r.totalBytes > MAIN_PACKAGE_LIMIT) process.exitCode = 1;
    })
    .catch((err: unknown) => {
      process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    });
}
