/**
 * 系统日志 speaks Chinese: every object (`entity`) and action a server file writes to the audit log has a label in
 * shared/api/labels.ts, so the console never shows a code like `send_payment_notices` or `SubscriptionRound`.
 * The values are read from the sources: `entity: '…'` / `const ENTITY = '…'`, and the string literals of each
 * `action: …` / `const action = …` expression (ternaries included) and of the state machines' events.
 */
import fs from 'node:fs';
import path from 'node:path';
import { AUDIT_ACTION_LABEL, AUDIT_ENTITY_LABEL } from '../shared/api/labels';

const root = path.resolve(__dirname, '..');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'generated' || e.name === 'console' ? [] : sources(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [p] : [];
  });
}

const files = sources(path.join(root, 'server')).filter((f) => {
  const text = fs.readFileSync(f, 'utf8');
  return /writeAudit\(|defineMachine|entity: '/.test(text);
});

function written() {
  const entities = new Set<string>();
  const actions = new Set<string>();
  for (const f of files) {
    const text = fs.readFileSync(f, 'utf8');
    for (const m of text.matchAll(/\bentity: '([A-Za-z]+)'|const ENTITY = '([A-Za-z]+)'/g)) entities.add(m[1] ?? m[2]!);
    for (const m of text.matchAll(/\baction: |const action =/g)) {
      const rest = text.slice(m.index + m[0].length);
      const end = rest.search(/[,;}]\s*\n/);
      const expr = rest.slice(0, end < 0 ? undefined : end + 1);
      for (const lit of expr.matchAll(/'([a-z][a-z_]*)'/g)) actions.add(lit[1]!);
    }
  }
  return { entities: [...entities].sort(), actions: [...actions].sort() };
}

describe('audit labels', () => {
  const { entities, actions } = written();

  it('finds what the server writes', () => {
    expect(entities).toEqual(expect.arrayContaining(['Project', 'SubscriptionRound', 'PaymentDue', 'User']));
    expect(actions).toEqual(expect.arrayContaining(['open', 'close', 'settle', 'send_payment_notices', 'approved']));
  });

  it('every object written to the audit log has a Chinese name', () => {
    expect(entities.filter((e) => !AUDIT_ENTITY_LABEL[e])).toEqual([]);
  });

  it('every action written to the audit log has a Chinese name', () => {
    expect(actions.filter((a) => !AUDIT_ACTION_LABEL[a])).toEqual([]);
  });

  it('labels are Chinese, not codes', () => {
    for (const label of [...Object.values(AUDIT_ENTITY_LABEL), ...Object.values(AUDIT_ACTION_LABEL)])
      expect(label).toMatch(/[\u4e00-\u9fff]/);
  });
});
