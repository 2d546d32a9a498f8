/**
 * 通知记录 speaks Chinese: every notice kind a server file writes to the outbox (`kind: '…'` in a file that writes
 * notices) has a label in NOTIFICATION_KIND_LABEL, so the console never shows a code like `grant_request`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { NOTIFICATION_KIND_LABEL } from '../shared/api/labels';

const root = path.resolve(__dirname, '..');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory())
      return e.name === 'generated' || e.name === 'console' || e.name === 'emulator' ? [] : sources(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [p] : [];
  });
}

/** kinds written next to an outbox call: files that import the outbox and name a snake_case kind */
function writtenKinds(): string[] {
  const kinds = new Set<string>();
  for (const f of sources(path.join(root, 'server'))) {
    const text = fs.readFileSync(f, 'utf8');
    if (!/notify\/outbox'|from '\.\/outbox'/.test(text)) continue;
    for (const m of text.matchAll(/\bkind: '([a-z]+(?:_[a-z]+)+)'/g)) kinds.add(m[1]!);
  }
  return [...kinds].sort();
}

it('finds the notice kinds in the sources (the scan itself works)', () => {
  expect(writtenKinds()).toEqual(expect.arrayContaining(['payment_notice', 'grant_request', 'review_result']));
});

it('labels every notice kind the server writes', () => {
  expect(writtenKinds().filter((k) => !NOTIFICATION_KIND_LABEL[k])).toEqual([]);
});
