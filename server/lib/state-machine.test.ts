import { assertState, defineMachine, nextState, refused } from './state-machine';

/** A toy machine: the helper knows nothing of rounds. */
const door = defineMachine<'OPEN' | 'SHUT' | 'LOCKED', 'shut' | 'lock' | 'open', Record<string, never>>({
  name: '门',
  entity: 'Door',
  states: { OPEN: '开着', SHUT: '关着', LOCKED: '锁着' },
  events: {
    shut: { label: '关门', from: ['OPEN'], to: 'SHUT', action: 'shut' },
    lock: { label: '锁门', from: ['SHUT'], to: 'LOCKED', action: 'lock' },
    open: { label: '开门', from: ['SHUT'], to: 'OPEN', action: 'open' },
  },
  store: { lock: async () => null, update: async () => 0 },
});

test('nextState follows the table', () => {
  expect(nextState(door, 'OPEN', 'shut')).toBe('SHUT');
  expect(nextState(door, 'OPEN', 'lock')).toBeNull();
  expect(nextState(door, 'LOCKED', 'open')).toBeNull();
});

test('a refusal names the state and the event in Chinese', () => {
  const err = refused(door, 'LOCKED', 'open');
  expect(err.code).toBe('INVALID_STATE');
  expect(err.status).toBe(409);
  expect(err.message).toBe('当前门状态为【锁着】，不能开门');
  expect(refused(door, 'LOCKED', 'open', '门锁着').message).toBe('门锁着');
});

test('assertState guards edits that keep the state', () => {
  expect(() => assertState(door, 'OPEN', ['OPEN'], '刷漆')).not.toThrow();
  expect(() => assertState(door, 'LOCKED', ['OPEN'], '刷漆')).toThrow('当前门状态为【锁着】，不能刷漆');
});
