/** Review subjects are registered at process start from one explicit list, never as a side effect of an import. */
import { reviewSubjectTypes } from './reviews/service';
import './subscription/round-review';
import './subscription/routes';
import { registerDomainEventHandlers, REVIEW_SUBJECTS } from './event-handlers';
import { roundReviewSubject } from './subscription/round-review';
import { distributionReviewSubject } from './distributions/batch-review';

test('importing the modules registers nothing; start-up registers the explicit list', () => {
  expect(reviewSubjectTypes()).toEqual([]);
  registerDomainEventHandlers();
  expect(reviewSubjectTypes()).toEqual(Object.keys(REVIEW_SUBJECTS));
  expect(REVIEW_SUBJECTS.ROUND).toBe(roundReviewSubject);
  expect(REVIEW_SUBJECTS.DISTRIBUTION).toBe(distributionReviewSubject);
  registerDomainEventHandlers(); // idempotent
  expect(reviewSubjectTypes()).toEqual([
    'ROUND',
    'SCHEME_CHANGE',
    'DISTRIBUTION',
    'MINORITY_HOLDER',
    'MINORITY_BATCH',
    'DISCLOSURE',
  ]);
});
