/**
 * The round's transition table, every state × event: the allowed moves and the refused ones. And nothing outside
 * round-state.ts writes SubscriptionRound.status.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { nextState, refused } from '../../lib/state-machine';
import { ROUND_EVENTS, ROUND_STATUSES, roundMachine, type RoundEvent, type RoundStatus } from './round-state';

const ALLOWED: Record<RoundEvent, Partial<Record<RoundStatus, RoundStatus>>> = {
  sendNotices: { DRAFT: 'OPEN', OPEN: 'OPEN' },
  calculate: { OPEN: 'CALCULATED', CALCULATED: 'CALCULATED' },
  requireRecalculation: { CALCULATED: 'OPEN' },
  submit: { CALCULATED: 'IN_REVIEW' },
  approve: { IN_REVIEW: 'APPROVED' },
  returnFromReview: { IN_REVIEW: 'CALCULATED' },
  confirm: { APPROVED: 'CONFIRMED' },
  returnFromFlow: { APPROVED: 'CALCULATED' },
  close: { CONFIRMED: 'CLOSED' },
};

const cases = ROUND_STATUSES.flatMap((from) => ROUND_EVENTS.map((event) => [from, event] as const));

test('the table covers every event', () => {
  expect([...ROUND_EVENTS].sort()).toEqual(Object.keys(ALLOWED).sort());
  expect(cases).toHaveLength(7 * 9);
});

test.each(cases)('%s + %s', (from, event) => {
  const to = ALLOWED[event][from] ?? null;
  expect(nextState(roundMachine, from, event)).toBe(to);
  if (!to) {
    const err = refused(roundMachine, from, event);
    expect(err.code).toBe('INVALID_STATE');
    expect(err.message).toBe(`当前轮次状态为【${roundMachine.states[from]}】，不能${roundMachine.events[event].label}`);
  }
});

test('CLOSED is final', () => {
  expect(ROUND_EVENTS.filter((e) => nextState(roundMachine, 'CLOSED', e))).toEqual([]);
});

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory())
      return ['generated', 'console', 'node_modules'].includes(name) ? [] : sources(path);
    return /\.ts$/.test(name) && !/\.test\.ts$/.test(name) ? [path] : [];
  });
}

test('only round-state.ts writes a round (its status and version)', () => {
  const root = join(__dirname, '../..');
  const offenders: string[] = [];
  for (const file of sources(root)) {
    const rel = relative(root, file);
    if (rel === join('modules', 'subscription', 'round-state.ts')) continue;
    const text = readFileSync(file, 'utf8');
    // Prisma writes of the model, and raw SQL updating its table
    if (/subscriptionRound\s*\.\s*(update|updateMany|updateManyAndReturn|upsert)\s*\(/.test(text)) offenders.push(rel);
    if (/UPDATE\s+"?SubscriptionRound"?/i.test(text)) offenders.push(rel);
    // a round is created without a status (DRAFT, the column default)
    for (const m of text.matchAll(/subscriptionRound\s*\.\s*create(Many)?\s*\(\s*\{([\s\S]*?)\n\s{4}\}\);/g))
      if (/\bstatus\s*:/.test(m[2]!)) offenders.push(`${rel} (create with a status)`);
  }
  expect(offenders).toEqual([]);
});
