/** The review state machine, shared by 方案审核, distributions and exits: PENDING → APPROVED | REJECTED | CANCELLED. */
export type ReviewStatus = 'PENDING' | 'APPROVED' | 'REJECTED' | 'CANCELLED';
export type ReviewAction = 'approve' | 'reject' | 'cancel';

const NEXT: Record<ReviewAction, ReviewStatus> = { approve: 'APPROVED', reject: 'REJECTED', cancel: 'CANCELLED' };

export function nextReviewStatus(current: ReviewStatus, action: ReviewAction): ReviewStatus | { error: string } {
  if (current !== 'PENDING')
    return {
      error:
        current === 'APPROVED'
          ? '该审核已通过，不能再次处理'
          : current === 'REJECTED'
            ? '该审核已驳回，不能再次处理'
            : '该审核已撤回',
    };
  return NEXT[action];
}
