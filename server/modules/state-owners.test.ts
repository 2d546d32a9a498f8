/** Each status column has one owner: its state machine file. Nothing else in server/ writes it. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const OWNERS = [
  { model: 'subscriptionRound', owner: 'modules/subscription/round-state.ts' },
  { model: 'review', owner: 'modules/reviews/state.ts' },
  { model: 'projectFlow', owner: 'modules/flows/flow-state.ts' },
  { model: 'partnerExit', owner: 'modules/exits/exit-state.ts' },
  { model: 'schemeChange', owner: 'modules/scheme-changes/change-state.ts' },
  { model: 'distributionBatch', owner: 'modules/distributions/batch-state.ts' },
  { model: 'disclosure', owner: 'modules/disclosure/disclosure-state.ts' },
  { model: 'agreement', owner: 'modules/agreements/agreement-state.ts' },
  { model: 'grantRequest', owner: 'modules/duties/grant-request-state.ts' },
];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory())
      return ['generated', 'console', 'node_modules'].includes(name) ? [] : sources(path);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [path] : [];
  });
}

const root = join(__dirname, '..');
const files = sources(root).map((f) => ({
  rel: relative(root, f).split('\\').join('/'),
  text: readFileSync(f, 'utf8'),
}));

/** The argument text of every `<model>.<method>(` call (up to the matching parenthesis). */
function calls(text: string, model: string, methods: string): string[] {
  const out: string[] = [];
  const re = new RegExp(`\\b${model}\\s*\\.\\s*(${methods})\\s*\\(`, 'g');
  for (const m of text.matchAll(re)) {
    let depth = 1;
    let i = m.index! + m[0].length;
    const start = i;
    for (; i < text.length && depth; i++) depth += text[i] === '(' ? 1 : text[i] === ')' ? -1 : 0;
    out.push(text.slice(start, i - 1));
  }
  return out;
}

test.each(OWNERS)('only $owner writes $model.status', ({ model, owner }) => {
  const offenders = files
    .filter((f) => f.rel !== owner)
    .flatMap((f) =>
      calls(f.text, model, 'update|updateMany|updateManyAndReturn|upsert|create|createMany')
        .filter((arg) => /\bstatus\s*:/.test(arg.replace(/where\s*:\s*\{[^}]*\}/g, '')))
        .map(() => f.rel),
    );
  expect(offenders).toEqual([]);
});

test('the check finds a write', () => {
  const sample = "await tx.review.updateMany({ where: { id, status: 'PENDING' }, data: { status: next } });";
  expect(calls(sample, 'review', 'updateMany')[0]!.replace(/where\s*:\s*\{[^}]*\}/g, '')).toMatch(/\bstatus\s*:/);
});
