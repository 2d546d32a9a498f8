/**
 * What a staff notice's button opens after a review decision or a flow result: for every subject and flow type, a
 * console page that exists and where the next action is done (shared/next-step.ts).
 */
import { FLOW_TYPES } from './api/labels';
import { nextStepAfterFlow, nextStepAfterReview, nextStepPath } from './next-step';

/** The 业务 tabs (server/console/src/pages/Business.tsx) and the other pages a notice may open. */
const BUSINESS_TABS = [
  'setup',
  'partners',
  'calc',
  'change',
  'review',
  'flows',
  'payments',
  'change-dues',
  'capital',
  'distributions',
  'exits',
  'dynamic',
  'disclosure',
];
const SUBJECTS = ['ROUND', 'SCHEME_CHANGE', 'DISTRIBUTION', 'MINORITY_HOLDER', 'MINORITY_BATCH', 'DISCLOSURE'];

const route = (path: string) => path.split('?')[0]!;
const exists = (path: string) =>
  (route(path).startsWith('business/') && BUSINESS_TABS.includes(route(path).slice('business/'.length))) ||
  route(path) === 'admin/minority';

describe('nextStepAfterReview / nextStepAfterFlow', () => {
  it('every review decision opens the page of what follows, with the project', () => {
    const table = SUBJECTS.flatMap((s) =>
      (['APPROVED', 'REJECTED'] as const).map((o) => [s, o, nextStepPath(nextStepAfterReview(s, o), 9)]),
    );
    for (const [, , path] of table) {
      expect(exists(path!)).toBe(true);
      expect(path).toContain('projectId=9');
    }
    expect(Object.fromEntries(table.map(([s, o, p]) => [`${s} ${o}`, p]))).toEqual({
      'ROUND APPROVED': 'business/flows?projectId=9',
      'ROUND REJECTED': 'business/calc?projectId=9',
      'SCHEME_CHANGE APPROVED': 'business/flows?projectId=9',
      'SCHEME_CHANGE REJECTED': 'business/change?projectId=9',
      'DISTRIBUTION APPROVED': 'business/flows?projectId=9',
      'DISTRIBUTION REJECTED': 'business/distributions?projectId=9',
      'MINORITY_HOLDER APPROVED': 'admin/minority?projectId=9&section=batches',
      'MINORITY_HOLDER REJECTED': 'admin/minority?projectId=9&section=holders',
      'MINORITY_BATCH APPROVED': 'admin/minority?projectId=9&section=batches',
      'MINORITY_BATCH REJECTED': 'admin/minority?projectId=9&section=batches',
      'DISCLOSURE APPROVED': 'business/disclosure?projectId=9',
      'DISCLOSURE REJECTED': 'business/disclosure?projectId=9',
    });
  });

  it('every flow result opens the page of what follows', () => {
    for (const type of FLOW_TYPES)
      for (const status of ['COMPLETED', 'REJECTED', 'TERMINATED'] as const) {
        const step = nextStepAfterFlow(type, status);
        expect({ type, status, exists: exists(nextStepPath(step, 9)), text: step.text.length > 0 }).toEqual({
          type,
          status,
          exists: true,
          text: true,
        });
      }
    expect(nextStepPath(nextStepAfterFlow('SCHEME_APPROVAL', 'COMPLETED'), 9)).toBe('business/payments?projectId=9');
    expect(nextStepPath(nextStepAfterFlow('PEAK_CAPITAL', 'COMPLETED'), 9)).toBe('business/partners?projectId=9');
    expect(nextStepPath(nextStepAfterFlow('EXIT', 'COMPLETED'), 9)).toBe('business/exits?projectId=9');
  });
});
