/** The exit's transition table, every state × event, and its agreement with the calc's table (calc/status.ts). */
import { nextState, refused } from '../../lib/state-machine';
import { nextExitStatus } from './calc/status';
import { EXIT_EVENTS, EXIT_STATUSES, exitMachine, type ExitStatus } from './exit-state';
import type { ExitEvent } from './calc/status';

const ALLOWED: Record<ExitEvent, Partial<Record<ExitStatus, ExitStatus>>> = {
  RECALCULATE: { CALCULATED: 'CALCULATED', REJECTED: 'CALCULATED' },
  START_FLOW: { CALCULATED: 'FLOW_RUNNING' },
  FLOW_AGREED: { FLOW_RUNNING: 'COMPLETED' },
  FLOW_REFUSED: { FLOW_RUNNING: 'REJECTED' },
  FLOW_TERMINATED: { FLOW_RUNNING: 'REJECTED' },
  PAYOUT_REGISTERED: { COMPLETED: 'PAID' },
};

const cases = EXIT_STATUSES.flatMap((from) => EXIT_EVENTS.map((event) => [from, event] as const));

test('the table covers every state and event', () => {
  expect([...EXIT_EVENTS].sort()).toEqual(Object.keys(ALLOWED).sort());
  expect(Object.keys(exitMachine.events).sort()).toEqual([...EXIT_EVENTS].sort());
  expect(cases).toHaveLength(5 * 6);
});

test.each(cases)('%s + %s', (from, event) => {
  const to = ALLOWED[event][from] ?? null;
  expect(nextState(exitMachine, from, event)).toBe(to);
  const calc = nextExitStatus(from, event);
  expect(calc.ok ? calc.status : null).toBe(to);
  if (!to) {
    const err = refused(exitMachine, from, event);
    expect(err.code).toBe('INVALID_STATE');
    expect(err.message).toBe(`当前退出状态为【${exitMachine.states[from]}】，不能${exitMachine.events[event].label}`);
  }
});

test('PAID is final; COMPLETED cannot be recalculated (nobody exits twice)', () => {
  expect(EXIT_EVENTS.filter((e) => nextState(exitMachine, 'PAID', e))).toEqual([]);
  expect(nextState(exitMachine, 'COMPLETED', 'RECALCULATE')).toBeNull();
  expect(nextState(exitMachine, 'FLOW_RUNNING', 'RECALCULATE')).toBeNull();
});
