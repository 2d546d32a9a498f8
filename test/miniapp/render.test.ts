/**
 * The preview's AXML/ACSS renderer (test/support/miniapp-render.ts): conditions and loops the way the DingTalk
 * client applies them, bindings against data, sjs modules, slots, rpx at 375 width and tag selectors.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MiniappHarness } from '../support/miniapp-harness';
import { acssToCss, AxmlRenderer, parseAxml } from '../support/miniapp-render';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gentou-render-'));
  fs.mkdirSync(path.join(dir, 'pages/p'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'components/box'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'sjs'), { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'sjs/f.sjs'),
    'function up(s) { return String(s).toUpperCase(); }\nexport default { up: up };\n',
  );
  fs.writeFileSync(
    path.join(dir, 'pages/p/index.json'),
    JSON.stringify({ usingComponents: { box: '/components/box/index' } }),
  );
  fs.writeFileSync(
    path.join(dir, 'pages/p/index.axml'),
    [
      '<import-sjs name="f" from="../../sjs/f.sjs" />',
      '<view class="page">',
      '  <text a:if="{{status === \'loading\'}}">加载中</text>',
      '  <text a:elif="{{status === \'empty\'}}">空</text>',
      '  <block a:else>',
      '    <view a:for="{{rows}}" a:for-item="r" a:key="id" class="row {{r.on ? \'on\' : \'\'}}">{{index}}:{{r.name}}</view>',
      '    <text>{{f.up(code)}}</text>',
      '    <text>{{missing.deep}}</text>',
      '    <input value="" placeholder="请输入金额" />',
      '    <button type="primary" disabled="{{busy}}">提交</button>',
      '    <box title="{{title}}"><text slot="tag">标签</text><text>正文</text></box>',
      '  </block>',
      '</view>',
    ].join('\n'),
  );
  fs.writeFileSync(
    path.join(dir, 'components/box/index.axml'),
    '<view class="box"><view class="t">{{title}}{{suffix}}</view><slot name="tag" /><slot /></view>',
  );
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A stand-in for the harness: the box component's logic computes `suffix` from its props. */
const harness = {
  componentOf: () => ({ props: { title: '' } }),
  mountComponent: (_route: string, props: { title: string }) => ({ data: { suffix: props.title ? '！' : '' } }),
  clone: <T>(v: T) => v,
} as unknown as MiniappHarness;

const render = (data: Record<string, unknown>) =>
  new AxmlRenderer({ srcDir: dir, harness }).renderPage('pages/p/index', data);
const textOf = (html: string) =>
  html
    .replace(/\s+/g, '')
    .replace(/<[^>]+>/g, '|')
    .replace(/\|+/g, '|');

describe('the AXML renderer', () => {
  it('takes the first true branch of an a:if / a:elif / a:else chain', () => {
    expect(textOf(render({ status: 'loading' }))).toBe('|加载中|');
    expect(textOf(render({ status: 'empty' }))).toBe('|空|');
    expect(render({ status: 'ready', rows: [], code: 'x', title: '' })).not.toMatch(/加载中|空/);
  });

  it('repeats a:for with its item and index names, binds classes, calls sjs, fills slots', () => {
    const html = render({
      status: 'ready',
      rows: [
        { id: 1, name: '甲', on: true },
        { id: 2, name: '乙', on: false },
      ],
      code: 'abc',
      title: '标题',
      busy: true,
    });
    expect(html).toContain('<div class="mp-view row on">0:甲</div>');
    expect(html).toContain('<div class="mp-view row">1:乙</div>');
    expect(html).toContain('ABC');
    expect(html).toContain('class="mp-input mp-placeholder">请输入金额<');
    expect(html).toMatch(/class="mp-button" data-type="primary" data-disabled="true">提交/);
    expect(textOf(html)).toContain('|标题！|标签|正文|');
  });

  it('draws a binding it cannot evaluate as {{!…}} so the preview test finds it', () => {
    expect(render({ status: 'ready', rows: [], code: '', title: '' })).toContain('{{!missing.deep}}');
  });

  it('parses quoted attributes that contain > and self-closing tags', () => {
    const [node] = parseAxml('<view a:if="{{a > 1}}" class="x"><text /></view>');
    expect(node).toMatchObject({ name: 'view', attrs: [{ name: 'a:if', value: '{{a > 1}}' }, { name: 'class' }] });
  });
});

describe('ACSS to CSS', () => {
  it('turns rpx into px at 375 width and native tags into their classes, leaving values alone', () => {
    const css = acssToCss('page { padding: 32rpx; } .actions button, view.x { margin: 24rpx 0 } .text { color: red; }');
    expect(css).toContain('.mp-page { padding: 16px; }');
    expect(css).toContain('.actions .mp-button, .mp-view.x { margin: 12px 0 }');
    expect(css).toContain('.text { color: red; }');
  });
});
