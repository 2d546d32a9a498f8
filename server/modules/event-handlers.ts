import { registerEventHandler } from '../dingtalk/events';
import { registerContactEventHandlers } from './contacts/events';
import { registerFlowDefinitions, type FlowDefinition } from './flows/definition';
import { peakCapitalFlow } from './flows/peak-capital-flow';
import { exitFlow } from './exits/exit-flow';
import { onApprovalEvent } from './flows/service';
import { registerReviewSubjects, type ReviewSubject } from './reviews/service';
import { distributionReviewSubject } from './distributions/batch-review';
import { disclosureReviewSubject } from './disclosure/disclosure-review';
import { disclosureFlow } from './disclosure/disclosure-flow';
import { actualPeakFlow, principalDistributionFlow, profitDistributionFlows } from './distributions/distribution-flows';
import { roundReviewSubject } from './subscription/round-review';
import { minorityHolderReviewSubject } from './minority/holder-review';
import { minorityBatchReviewSubject } from './minority/batch-review';
import { peakAdjustmentFlow, schemeChangeFlow } from './scheme-changes/change-flows';
import { schemeChangeReviewSubject } from './scheme-changes/change-review';
import { schemeApprovalFlow, supplementApprovalFlow } from './subscription/round-flows';
import type { TFlowType } from '../../shared/api/scheme';

/** What each kind of review decides (方案审核 now; distribution batches and exits join this list). */
export const REVIEW_SUBJECTS: Record<string, ReviewSubject> = {
  ROUND: roundReviewSubject,
  SCHEME_CHANGE: schemeChangeReviewSubject,
  DISTRIBUTION: distributionReviewSubject,
  MINORITY_HOLDER: minorityHolderReviewSubject,
  MINORITY_BATCH: minorityBatchReviewSubject,
  DISCLOSURE: disclosureReviewSubject,
};

/** What each 项目流程 flow type does, from the module that owns the object it decides. A type not listed here is
 * shown in the flow list but cannot be started. */
export const FLOW_DEFINITIONS: Partial<Record<TFlowType, FlowDefinition>> = {
  PEAK_CAPITAL: peakCapitalFlow,
  SCHEME_APPROVAL: schemeApprovalFlow,
  SUPPLEMENT_APPROVAL: supplementApprovalFlow,
  PEAK_ADJUSTMENT: peakAdjustmentFlow,
  SCHEME_CHANGE: schemeChangeFlow,
  EXIT: exitFlow,
  ACTUAL_PEAK: actualPeakFlow,
  PRINCIPAL_DISTRIBUTION: principalDistributionFlow,
  PROFIT_DISTRIBUTION_1: profitDistributionFlows[0],
  PROFIT_DISTRIBUTION_2: profitDistributionFlows[1],
  PROFIT_DISTRIBUTION_3: profitDistributionFlows[2],
  DISCLOSURE: disclosureFlow,
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
  registerFlowDefinitions(FLOW_DEFINITIONS);
}
