/**
 * Props the round-based tabs share. What the business endpoints answer is in shared/api (scheme, subscription,
 * payments, reviews, flows): the console imports those types, checked by the BFF against the same schemas.
 */
import type { TRound, TRoundDetail } from '../../../../../shared/api/subscription';

/** What the round-based tabs (合伙名单, 认购明细 / 测算, 缴款) get from the workspace. */
export interface RoundProps {
  projectId: number;
  round: TRound | null;
  roundId: number | null;
  detail: TRoundDetail | undefined;
  detailLoading: boolean;
  detailError: unknown;
  reloadRound: () => Promise<void>;
  editable: boolean;
  reviewer: boolean;
}
