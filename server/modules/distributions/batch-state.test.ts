/** The distribution batch's transition table, every state × event: the allowed moves and the refused ones. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { nextState, refused } from '../../lib/state-machine';
import { BATCH_EVENTS, BATCH_STATUSES, batchMachine, type BatchEvent, type BatchStatus } from './batch-state';

const ALLOWED: Record<BatchEvent, Partial<Record<BatchStatus, BatchStatus>>> = {
  calculate: { DRAFT: 'CALCULATED', CALCULATED: 'CALCULATED' },
  submit: { CALCULATED: 'SUBMITTED' },
  approve: { SUBMITTED: 'APPROVED' },
  returnFromReview: { SUBMITTED: 'DRAFT' },
  startFlow: { APPROVED: 'FLOW' },
  completeFlow: { FLOW: 'FLOW_DONE' },
  returnFromFlow: { FLOW: 'DRAFT' },
  notify: { FLOW_DONE: 'NOTIFIED' },
  markPaid: { NOTIFIED: 'PAID' },
  lock: { PAID: 'LOCKED' },
  reopen: { CALCULATED: 'DRAFT', SUBMITTED: 'DRAFT', APPROVED: 'DRAFT', FLOW_DONE: 'DRAFT' },
};

const cases = BATCH_STATUSES.flatMap((from) => BATCH_EVENTS.map((event) => [from, event] as const));

test('the table covers every event and state', () => {
  expect([...BATCH_EVENTS].sort()).toEqual(Object.keys(ALLOWED).sort());
  expect(cases).toHaveLength(9 * 11);
});

test.each(cases)('%s + %s', (from, event) => {
  const to = ALLOWED[event][from] ?? null;
  expect(nextState(batchMachine, from, event)).toBe(to);
  if (!to) {
    const err = refused(batchMachine, from, event);
    expect(err.code).toBe('INVALID_STATE');
    expect(err.message).toBe(
      `当前分配批次状态为【${batchMachine.states[from]}】，不能${batchMachine.events[event].label}`,
    );
  }
});

test('LOCKED is final; nothing goes back once the notices are out', () => {
  expect(BATCH_EVENTS.filter((e) => nextState(batchMachine, 'LOCKED', e))).toEqual([]);
  for (const s of ['NOTIFIED', 'PAID', 'LOCKED'] as const) expect(nextState(batchMachine, s, 'reopen')).toBeNull();
});

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory())
      return ['generated', 'console', 'node_modules'].includes(name) ? [] : sources(path);
    return /\.ts$/.test(name) && !/\.test\.ts$/.test(name) ? [path] : [];
  });
}

test('only batch-state.ts writes a batch', () => {
  const root = join(__dirname, '../..');
  const offenders: string[] = [];
  for (const file of sources(root)) {
    const rel = relative(root, file);
    if (rel === join('modules', 'distributions', 'batch-state.ts')) continue;
    const text = readFileSync(file, 'utf8');
    if (/distributionBatch\s*\.\s*(update|updateMany|updateManyAndReturn|upsert)\s*\(/.test(text)) offenders.push(rel);
    if (/UPDATE\s+"DistributionBatch"/i.test(text)) offenders.push(rel);
  }
  expect(offenders).toEqual([]);
});
