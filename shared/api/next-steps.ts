/**
 * A project's next steps (the banner at the top of the console's project workspace): the stage it is in and what
 * waits on whom — computed on the server from the project's real state (shared/next-steps.ts, as 工作跟踪表).
 */
import { z } from 'zod';

export const NEXT_STEP_ACTORS = ['ACCOUNTANT', 'BUSINESS_ADMIN', 'PARTNER', 'APPROVER'] as const;
export type TNextStepActor = (typeof NEXT_STEP_ACTORS)[number];

export const ZNextStep = z.object({
  kind: z.string(),
  /** what waits, in one line: 待 业务管理员 审核…, 请发起【事业合伙立项】流程, 3 人未缴款，最近截止 12-20 */
  text: z.string(),
  /** who must act, as shown (经营会计 / 业务管理员 / 合伙人 / 钉钉审批人) */
  actor: z.string(),
  actorRole: z.enum(NEXT_STEP_ACTORS),
  /** since when it waits (YYYY-MM-DD, Shanghai) and for how many days */
  since: z.string().nullable(),
  days: z.number().int().nullable(),
  /** the console tab that does it (business/<tab>) */
  tab: z.string(),
  /** the page that does it, below /console/ (`business/<tab>?projectId=…`): the link 工作跟踪表's 办理 opens */
  link: z.string(),
});
export type TNextStep = z.infer<typeof ZNextStep>;

export const ZProjectNextSteps = z.object({
  projectId: z.number().int(),
  /** the stage, as the workspace's steps name it (立项资料, 合伙名单, 认购, 测算, 方案审核, 立项流程, 缴款, 完成) */
  stage: z.string(),
  steps: z.array(ZNextStep),
});
export type TProjectNextSteps = z.infer<typeof ZProjectNextSteps>;
