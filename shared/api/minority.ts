/**
 * 小股东 / 外部股东 contracts: the register per project (certificate number and bank account never in clear in a
 * list: masked), its review, and the holders' own distribution batches. Amounts are decimal strings.
 */
import { z } from 'zod';
import { ZDate, ZDay, ZInstant, ZVersion } from './common';
import { ZRowError } from './distributions';
import { MINORITY_BATCH_STATUSES, MINORITY_HOLDER_STATUSES, MINORITY_HOLDER_TYPES } from './labels';
import { ZMoney } from '../money';

export {
  MINORITY_BATCH_STATUS_LABEL,
  MINORITY_HOLDER_STATUS_LABEL,
  MINORITY_HOLDER_TYPE_LABEL,
  type TMinorityBatchStatus,
  type TMinorityHolderStatus,
  type TMinorityHolderType,
} from './labels';

/** 持股比例 in percent: more than 0, at most 100, up to 4 decimals. */
export const ZHoldingRatio = z
  .string()
  .trim()
  .regex(/^\d{1,3}(\.\d{1,4})?$/, '持股比例应为 0–100 之间的数字（最多 4 位小数）');

const text = (max: number, what: string) => z.string().trim().max(max, `${what}最多 ${max} 个字`);

export const ZMinorityHolderInput = z.object({
  name: text(100, '股东名称').min(1, '请输入股东名称'),
  type: z.enum(MINORITY_HOLDER_TYPES),
  /** required on create; on edit, empty keeps the stored number */
  certificateNo: z.string().trim().max(30).optional(),
  holdingRatio: ZHoldingRatio,
  bankName: text(100, '开户行').optional().nullable(),
  /** empty keeps the stored account on edit */
  bankAccount: z
    .string()
    .trim()
    .regex(/^[\d ]{8,34}$/, '银行账号应为 8–30 位数字')
    .optional()
    .or(z.literal('')),
  contactName: text(50, '联系人').optional().nullable(),
  contactPhone: text(30, '联系电话').optional().nullable(),
});
export type TMinorityHolderInput = z.infer<typeof ZMinorityHolderInput>;
export const ZMinorityHolderEdit = ZMinorityHolderInput.extend({ version: ZVersion });

export const ZMinorityHolder = z.object({
  id: z.number().int(),
  projectId: z.number().int(),
  name: z.string(),
  type: z.enum(MINORITY_HOLDER_TYPES),
  /** masked: 110***********002X */
  certificateNo: z.string(),
  holdingRatio: z.string(),
  bankName: z.string().nullable(),
  /** masked: **** **** 7890 */
  bankAccount: z.string().nullable(),
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable(),
  status: z.enum(MINORITY_HOLDER_STATUSES),
  returnReason: z.string().nullable(),
  reviewId: z.number().int().nullable(),
  version: z.number().int(),
  updatedAt: ZInstant,
});
export type TMinorityHolder = z.infer<typeof ZMinorityHolder>;
export const ZMinorityHolderList = z.object({
  items: z.array(ZMinorityHolder),
  /** 持股比例 of every holder on the register, in percent */
  totalRatio: z.string(),
});
export type TMinorityHolderList = z.infer<typeof ZMinorityHolderList>;
export const ZMinoritySubmitted = z.object({ reviewId: z.number().int() });

// ---- 股东分配 -----------------------------------------------------------------------------------------------
export const ZMinorityBatchCreate = z.object({
  title: text(100, '批次名称').min(1, '请输入批次名称'),
  distributionDate: ZDate.optional().nullable(),
});
export const ZMinorityLineInput = z.object({
  holderId: z.number().int().positive(),
  amount: ZMoney,
  note: text(200, '备注').optional().nullable(),
});
export const ZMinorityLinesSave = z.object({
  version: ZVersion,
  distributionDate: ZDate.optional().nullable(),
  lines: z.array(ZMinorityLineInput).max(500, '一个批次最多 500 行'),
});
export type TMinorityLinesSave = z.infer<typeof ZMinorityLinesSave>;
export const ZMinorityVersion = z.object({ version: ZVersion });
export const ZMinorityPaid = z.object({ version: ZVersion, paidOn: ZDate });

export const ZMinorityLine = z.object({
  id: z.number().int(),
  holderId: z.number().int(),
  name: z.string(),
  type: z.enum(MINORITY_HOLDER_TYPES),
  holdingRatio: z.string(),
  /** masked */
  bankAccount: z.string().nullable(),
  amount: z.string(),
  note: z.string().nullable(),
});
export const ZMinorityBatch = z.object({
  id: z.number().int(),
  projectId: z.number().int(),
  seq: z.number().int(),
  title: z.string(),
  distributionDate: ZDay.nullable(),
  status: z.enum(MINORITY_BATCH_STATUSES),
  total: z.string(),
  lineCount: z.number().int(),
  returnReason: z.string().nullable(),
  reviewId: z.number().int().nullable(),
  paidOn: ZDay.nullable(),
  version: z.number().int(),
  updatedAt: ZInstant,
});
export type TMinorityBatch = z.infer<typeof ZMinorityBatch>;
export const ZMinorityBatchDetail = ZMinorityBatch.extend({ lines: z.array(ZMinorityLine) });
export type TMinorityBatchDetail = z.infer<typeof ZMinorityBatchDetail>;
export const ZMinorityBatchList = z.object({ items: z.array(ZMinorityBatch) });
export const ZMinorityImported = ZMinorityBatchDetail.extend({ imported: z.number().int() });
export { ZRowError };
