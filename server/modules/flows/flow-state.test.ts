import { nextState, refused } from '../../lib/state-machine';
import { FLOW_STATUSES, flowMachine, type FlowEvent } from './flow-state';

const EVENTS: FlowEvent[] = ['complete', 'reject', 'terminate', 'reset'];
const TO: Record<FlowEvent, string> = {
  complete: 'COMPLETED',
  reject: 'REJECTED',
  terminate: 'TERMINATED',
  reset: 'RESET',
};

test.each(FLOW_STATUSES.flatMap((s) => EVENTS.map((e) => [s, e] as const)))('%s + %s', (from, event) => {
  const allowed = event === 'reset' ? from !== 'RESET' : from === 'RUNNING';
  expect(nextState(flowMachine, from, event)).toBe(allowed ? TO[event] : null);
  if (!allowed) expect(refused(flowMachine, from, event).code).toBe('INVALID_STATE');
});

test('a reset run cannot be reset again', () => {
  expect(refused(flowMachine, 'RESET', 'reset').message).toBe('该流程已重置');
});
