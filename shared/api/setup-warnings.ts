/**
 * 设置提醒: what is not set up and will break something a user is about to start — each says what is wrong, what it
 * breaks, and who fixes it where (GET /api/projects/:id/setup-warnings in a project's workspace header,
 * GET /api/admin/setup-warnings in 钉钉设置).
 */
import { z } from 'zod';
import { ZInstant } from './common';

export const ZSetupWarning = z.object({
  /** stable key of the check and its subject, e.g. ROBOT_MISSING:12 */
  key: z.string(),
  /** the check: ROBOT_MISSING, ROBOT_TEST_FAILED, DINGTALK_TEST_FAILED, DINGTALK_TEST_NEVER, DINGTALK_TEST_STALE, … */
  code: z.string(),
  /** what is wrong */
  problem: z.string(),
  /** what it breaks */
  impact: z.string(),
  /** who fixes it (a role's name) */
  fixer: z.string(),
  /** where, as the menu path the fixer follows */
  fixWhere: z.string(),
  /** the console route of that page (shown as a link to the fixer's role only) */
  link: z.string(),
  /** the role that may open the link */
  fixerRole: z.enum(['SYSTEM_ADMIN', 'BUSINESS_ADMIN']),
  /** when the state began, when known (the failed 测试's time) */
  since: ZInstant.nullable(),
});
export type TSetupWarning = z.infer<typeof ZSetupWarning>;

export const ZSetupWarnings = z.object({ warnings: z.array(ZSetupWarning) });
export type TSetupWarnings = z.infer<typeof ZSetupWarnings>;
