import { nextState, refused } from '../../lib/state-machine';
import { REVIEW_STATUSES, reviewMachine, type ReviewAction } from './state';

const ACTIONS: ReviewAction[] = ['approve', 'reject', 'cancel'];
const TO = { approve: 'APPROVED', reject: 'REJECTED', cancel: 'CANCELLED' } as const;

test.each(REVIEW_STATUSES.flatMap((s) => ACTIONS.map((a) => [s, a] as const)))('%s + %s', (from, action) => {
  expect(nextState(reviewMachine, from, action)).toBe(from === 'PENDING' ? TO[action] : null);
  if (from !== 'PENDING')
    expect(refused(reviewMachine, from, action).message).toBe(
      { APPROVED: '该审核已通过，不能再次处理', REJECTED: '该审核已驳回，不能再次处理', CANCELLED: '该审核已撤回' }[
        from
      ],
    );
});
