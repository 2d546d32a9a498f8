import { z } from 'zod';
import { ZInstant } from './common';
import { TEMPLATE_KINDS } from '../templates';

export const ZTemplateKind = z.enum(TEMPLATE_KINDS);

export const ZTemplateVersion = z.object({
  id: z.number().int(),
  version: z.number().int(),
  title: z.string(),
  body: z.string(),
  note: z.string(),
  restoredFrom: z.number().int().nullable(),
  createdByName: z.string().nullable(),
  createdAt: ZInstant,
});
export type TTemplateVersion = z.infer<typeof ZTemplateVersion>;

export const ZTemplateSummary = z.object({
  kind: ZTemplateKind,
  label: z.string(),
  channel: z.enum(['WORK', 'ROBOT', 'DOCUMENT']),
  description: z.string(),
  version: z.number().int(),
  updatedAt: ZInstant,
  updatedByName: z.string().nullable(),
});
export const ZTemplateList = z.object({ items: z.array(ZTemplateSummary) });
export type TTemplateSummary = z.infer<typeof ZTemplateSummary>;

export const ZTemplateDetail = ZTemplateSummary.extend({ current: ZTemplateVersion });
export type TTemplateDetail = z.infer<typeof ZTemplateDetail>;

export const ZTemplateVersionList = z.object({ items: z.array(ZTemplateVersion) });

const ZTitle = z.string().max(200, '标题最多 200 字');
const ZBody = z.string().min(1, '请填写模板内容').max(20_000, '模板内容最多 20000 字');

/** 保存: a new version from the version the editor started from (`baseVersion`; 409 when someone saved since). */
export const ZTemplateSave = z.object({
  title: ZTitle,
  body: ZBody,
  note: z.string().trim().min(1, '请填写修改说明').max(500, '修改说明最多 500 字'),
  baseVersion: z.number().int().min(1),
});
export type TTemplateSave = z.infer<typeof ZTemplateSave>;

/** 恢复为新版本: the text of an older version becomes the next version. */
export const ZTemplateRestore = z.object({
  baseVersion: z.number().int().min(1),
  note: z.string().trim().max(500, '修改说明最多 500 字').optional(),
});

/** 预览 a saved version or a draft; with a partner of a project (their real data) or the catalogue's samples. */
export const ZTemplatePreviewInput = z
  .object({
    title: ZTitle,
    body: ZBody,
    projectId: z.number().int().positive().optional(),
    userId: z.number().int().positive().optional(),
  })
  .refine((v) => (v.projectId === undefined) === (v.userId === undefined), '请同时选择项目和合伙人');
export type TTemplatePreviewInput = z.infer<typeof ZTemplatePreviewInput>;

export const ZTemplatePreview = z.object({
  title: z.string(),
  text: z.string(),
  /** The partner whose data filled it; null for the samples. */
  partnerName: z.string().nullable(),
  /** Placeholders filled with the catalogue's sample because the partner's data has no value for them. */
  sampled: z.array(z.string()),
});
export type TTemplatePreview = z.infer<typeof ZTemplatePreview>;

export const ZPreviewPartnersQuery = z.object({ projectId: z.coerce.number().int().positive() });
export const ZPreviewPartners = z.object({
  items: z.array(z.object({ userId: z.number().int(), name: z.string(), jobNumber: z.string().nullable() })),
});
export type TPreviewPartners = z.infer<typeof ZPreviewPartners>;
