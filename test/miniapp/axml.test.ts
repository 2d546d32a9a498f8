/** Every template binding and event handler of every page and component exists in its data, props or methods. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BuildResult } from '../../miniapp/build';
import { checkTemplate, rootNames, usingComponents } from '../support/miniapp-axml';
import { buildForTests, MiniappHarness } from '../support/miniapp-harness';

let build: BuildResult;
let h: MiniappHarness;
beforeAll(async () => {
  build = await buildForTests('test');
  h = new MiniappHarness({ distDir: build.outDir });
});
afterAll(() => h.dispose());

const COMPONENTS = [
  'amount',
  'status-tag',
  'list-item',
  'payee-account',
  'empty-state',
  'error-state',
  'loading-state',
];

describe('AXML templates', () => {
  it.each([
    'pages/home/index',
    'pages/reviews/index',
    'pages/mine/index',
    'pages/login/index',
    'pages/project/index',
    'pages/subscribe/index',
    'pages/payment/index',
    'pages/change-notice/index',
    'pages/history/index',
    'pages/distribution/index',
    'pages/account/index',
    'pages/review/index',
    'pages/disclosure/index',
  ])('%s binds only what the page defines', (route) => {
    expect(build.pages).toContain(route);
    const def = h.definitionOf(route);
    const names = Object.keys(def.data ?? {});
    const methods = Object.keys(def).filter((k) => typeof def[k] === 'function');
    const problems = checkTemplate(path.join(build.outDir, `${route}.axml`), {
      names,
      methods,
      components: usingComponents(path.join(build.outDir, `${route}.json`)),
    });
    expect(problems).toEqual([]);
  });

  it.each(COMPONENTS)('components/%s binds only its props and data', (name) => {
    const route = `components/${name}/index`;
    const def = h.componentOf(route);
    const names = [...Object.keys(def.props ?? {}), ...Object.keys(def.data ?? {})];
    const methods = Object.keys(def.methods ?? {});
    const problems = checkTemplate(path.join(build.outDir, `${route}.axml`), {
      names,
      methods,
      components: usingComponents(path.join(build.outDir, `${route}.json`)),
    });
    expect(problems).toEqual([]);
  });

  it('catches an unknown binding, a missing handler, an undeclared component and a missing sjs file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'axml-'));
    const file = path.join(dir, 'index.axml');
    fs.writeFileSync(
      file,
      [
        '<import-sjs name="fmt" from="./missing.sjs" />',
        '<view a:for="{{rows}}" onTap="openRow" data-id="{{item.id}}">{{fmt.label(item.status)}} {{totl}}</view>',
        '<fancy-thing value="{{ok ? \'a>b\' : rows.length}}" onChange="gone" />',
        '<text>{{index}}</text>',
      ].join('\n'),
    );
    const problems = checkTemplate(file, { names: ['rows', 'ok'], methods: ['openRow'], components: [] }).map(
      (p) => p.message,
    );
    expect(problems).toEqual([
      expect.stringContaining('missing.sjs'),
      expect.stringContaining('"totl"'),
      expect.stringContaining('<fancy-thing> is neither'),
      expect.stringContaining('no method "gone"'),
      expect.stringContaining('"index"'),
    ]);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reads root names from expressions, ignoring members, strings and literals', () => {
    expect(rootNames("a.b + c[d] ? 'x.y' : e.f(g) || true")).toEqual(['a', 'c', 'd', 'e', 'g']);
    expect(rootNames("status === 'loading'")).toEqual(['status']);
  });
});
