/**
 * No placeholders anywhere: no source of the web console or the mini-program (pages, components, services, the
 * app's page list) says that a feature is to come (即将提供 / 即将开放 / 将在…上线后开放 …). The browser walks and the
 * mini-program page tests check what is rendered; this scan catches the words in code no test opens.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PLACEHOLDER_TEXT } from './support/placeholders';

const root = path.resolve(__dirname, '..');

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : files(p);
    return /\.(tsx?|axml|json|sjs)$/.test(e.name) ? [p] : [];
  });
}

/** The lines of `text` that are not comments (// …, /* … *\/ blocks, <!-- … -->) and say a placeholder word. */
function offendingLines(text: string): string[] {
  const code = text
    .replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' '))
    .replace(/<!--[\s\S]*?-->/g, (c) => c.replace(/[^\n]/g, ' '));
  return code
    .split('\n')
    .map((line, i) => ({ line: line.replace(/(^|[^:'"`])\/\/.*$/, '$1'), n: i + 1 }))
    .filter(({ line }) => PLACEHOLDER_TEXT.test(line))
    .map(({ line, n }) => `${n}: ${line.trim()}`);
}

describe('no placeholders in what users see', () => {
  const sources = [...files(path.join(root, 'server/console/src')), ...files(path.join(root, 'miniapp'))];

  it('finds the sources it scans', () => {
    expect(sources.length).toBeGreaterThan(50);
    expect(sources.some((f) => f.endsWith('miniapp/app.json'))).toBe(true);
  });

  it.each(['server/console/src', 'miniapp'])('%s announces nothing to come', (dir) => {
    const found = sources
      .filter((f) => f.startsWith(path.join(root, dir)))
      .flatMap((f) => offendingLines(fs.readFileSync(f, 'utf8')).map((l) => `${path.relative(root, f)}:${l}`));
    expect(found).toEqual([]);
  });

  it('catches the words it is meant to catch', () => {
    for (const s of [
      '<Tag>即将提供</Tag>',
      "'该功能即将开放'",
      "'该流程将在对应业务功能上线后开放'",
      '尚未开放',
      '敬请期待',
    ])
      expect(offendingLines(s)).toHaveLength(1);
    for (const s of ['// 即将提供 in a comment', '/* 即将 */', "label: '未开放'", '<!-- 即将 -->'])
      expect(offendingLines(s)).toEqual([]);
  });
});
