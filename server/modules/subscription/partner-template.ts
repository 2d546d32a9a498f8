import type { Deps } from '../../deps';
import { partnerTemplate } from './import';
import { loadRound } from './repository';

/** 合伙名单导入模板 of a round of the project (another project's round: 404, like every route under the round). */
export async function roundPartnerTemplate(deps: Deps, projectId: number, roundId: number): Promise<Buffer> {
  await loadRound(deps.db, projectId, roundId);
  return partnerTemplate();
}
