import { registerEventHandler } from '../dingtalk/events';
import { registerContactEventHandlers } from './contacts/events';
import { onApprovalEvent } from './flows/service';
import { registerReviewSubjects, type ReviewSubject } from './reviews/service';
import { roundReviewSubject } from './subscription/round-review';

/** What each kind of review decides (方案审核 now; distribution batches and exits join this list). */
export const REVIEW_SUBJECTS: Record<string, ReviewSubject> = {
  ROUND: roundReviewSubject,
};

let registered = false;

/**
 * Which module handles which DingTalk event, and which module a decided review moves on — one explicit list, set
 * up by every process at start: the API (HTTP callbacks, reviews) and the workers (Stream mode). Nothing registers
 * itself on import.
 */
export function registerDomainEventHandlers(): void {
  if (registered) return;
  registered = true;
  registerContactEventHandlers();
  registerEventHandler('bpms_instance_change', onApprovalEvent);
  registerReviewSubjects(REVIEW_SUBJECTS);
}
