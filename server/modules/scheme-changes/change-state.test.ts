/** The scheme change's transition table, every state × event: the allowed moves and the refused ones. */
import { nextState, refused } from '../../lib/state-machine';
import { CHANGE_EVENTS, CHANGE_STATUSES, changeMachine, type ChangeEvent, type ChangeStatus } from './change-state';

const ALLOWED: Record<ChangeEvent, Partial<Record<ChangeStatus, ChangeStatus>>> = {
  startPeakFlow: { DRAFT: 'PEAK_FLOW' },
  peakApproved: { PEAK_FLOW: 'PEAK_APPROVED' },
  peakStopped: { PEAK_FLOW: 'DRAFT' },
  calculate: { PEAK_APPROVED: 'CALCULATED', CALCULATED: 'CALCULATED' },
  submit: { CALCULATED: 'IN_REVIEW' },
  approve: { IN_REVIEW: 'APPROVED' },
  returnFromReview: { IN_REVIEW: 'CALCULATED' },
  startChangeFlow: { APPROVED: 'CHANGE_FLOW' },
  apply: { CHANGE_FLOW: 'APPLIED' },
  changeStopped: { CHANGE_FLOW: 'CALCULATED' },
  changeFlowNotStarted: { CHANGE_FLOW: 'APPROVED' },
  cancel: { DRAFT: 'CANCELLED' },
};

const cases = CHANGE_STATUSES.flatMap((from) => CHANGE_EVENTS.map((event) => [from, event] as const));

test('the table covers every event and state', () => {
  expect([...CHANGE_EVENTS].sort()).toEqual(Object.keys(ALLOWED).sort());
  expect(cases).toHaveLength(9 * 12);
});

test.each(cases)('%s + %s', (from, event) => {
  const to = ALLOWED[event][from] ?? null;
  expect(nextState(changeMachine, from, event)).toBe(to);
  if (!to) {
    const err = refused(changeMachine, from, event);
    expect(err.code).toBe('INVALID_STATE');
    expect(err.message).toBe(
      `当前峰值变更状态为【${changeMachine.states[from]}】，不能${changeMachine.events[event].label}`,
    );
  }
});

test('APPLIED and CANCELLED are final', () => {
  for (const s of ['APPLIED', 'CANCELLED'] as const)
    expect(CHANGE_EVENTS.filter((e) => nextState(changeMachine, s, e))).toEqual([]);
});
