/**
 * 强投名单 contracts: per company, the positions and people who must invest in its projects, with their default
 * limits; the check of a round against it (missing people, 强投 placed at their lower limit without subscribing).
 */
import { z } from 'zod';
import { ZVersion } from './common';
import { LEVELS } from './labels';
import { ZMoneyNonNegative } from '../money';

export const ZMandatoryInvestorInput = z.object({
  orgUnitId: z.number().int().positive(),
  userId: z.number().int().positive(),
  position: z.string().trim().min(1, '请输入岗位').max(50, '岗位最多 50 个字'),
  level: z.enum(LEVELS),
  minAmount: ZMoneyNonNegative,
  maxAmount: ZMoneyNonNegative,
});
export const ZMandatoryInvestorEdit = ZMandatoryInvestorInput.omit({ orgUnitId: true, userId: true }).extend({
  version: ZVersion,
});
export const ZMandatoryInvestor = z.object({
  id: z.number().int(),
  orgUnitId: z.number().int(),
  orgUnitName: z.string(),
  userId: z.number().int(),
  name: z.string(),
  jobNumber: z.string().nullable(),
  userStatus: z.string(),
  position: z.string(),
  level: z.enum(LEVELS),
  minAmount: z.string(),
  maxAmount: z.string(),
  version: z.number().int(),
});
export type TMandatoryInvestor = z.infer<typeof ZMandatoryInvestor>;
export const ZMandatoryInvestorList = z.object({ items: z.array(ZMandatoryInvestor) });
export const ZMandatoryListQuery = z.object({ orgUnitId: z.coerce.number().int().positive().optional() });

const ZPerson = z.object({ userId: z.number().int(), name: z.string(), position: z.string() });
/** A 强投 who did not subscribe and was placed at their lower limit (to acknowledge before 送审). */
export const ZMandatoryWarning = z.object({
  lineId: z.number().int(),
  userId: z.number().int(),
  name: z.string(),
  minAmount: z.string(),
  investedAmount: z.string(),
});
export type TMandatoryWarning = z.infer<typeof ZMandatoryWarning>;
export const ZMandatoryCheck = z.object({
  /** on the 强投名单 of the project's company (or above it) but not on the round's partner list */
  missing: z.array(ZPerson.extend({ level: z.enum(LEVELS), minAmount: z.string(), maxAmount: z.string() })),
  /** on the list and on the round, but not as 强投 */
  notMandatory: z.array(ZPerson),
  unsubscribedAtMinimum: z.array(ZMandatoryWarning),
  /** the latest acknowledgement of this round, if any */
  acknowledged: z.object({ at: z.string(), by: z.string().nullable(), userIds: z.array(z.number().int()) }).nullable(),
});
export type TMandatoryCheck = z.infer<typeof ZMandatoryCheck>;
export const ZMandatoryPrefill = z.object({ added: z.number().int(), skipped: z.array(z.string()) });
/** 送审 of a round's scheme: the 强投 warnings acknowledged (their partner-list line ids). */
export const ZRoundSubmit = z.object({
  acknowledgedMandatory: z.array(z.number().int().positive()).max(500).optional(),
});
