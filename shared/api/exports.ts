/** 辅助工具: the three exports (a job each, with progress; the file kept for download for a while). */
import { z } from 'zod';
import { ZInstant } from './common';

export const EXPORT_KINDS = ['PARTNER_HOLDINGS', 'PAYMENTS', 'PROJECT_KPIS'] as const;
export type TExportKind = (typeof EXPORT_KINDS)[number];
export const EXPORT_KIND_LABEL: Record<TExportKind, string> = {
  PARTNER_HOLDINGS: '事业合伙明细大表',
  PAYMENTS: '缴款信息',
  PROJECT_KPIS: '所有项目盈利KPI指标',
};

export const EXPORT_STATUSES = ['QUEUED', 'RUNNING', 'DONE', 'FAILED', 'EXPIRED'] as const;
export type TExportStatus = (typeof EXPORT_STATUSES)[number];
export const EXPORT_STATUS_LABEL: Record<TExportStatus, string> = {
  QUEUED: '排队中',
  RUNNING: '生成中',
  DONE: '已完成',
  FAILED: '失败',
  EXPIRED: '已过期',
};

/** How long a finished file stays downloadable. */
export const EXPORT_KEEP_HOURS = 24;

export const ZExportRequest = z.object({ kind: z.enum(EXPORT_KINDS) });

export const ZExportFile = z.object({
  id: z.number().int(),
  kind: z.enum(EXPORT_KINDS),
  kindLabel: z.string(),
  status: z.enum(EXPORT_STATUSES),
  statusLabel: z.string(),
  rowsDone: z.number().int(),
  rowsTotal: z.number().int().nullable(),
  /** 0–100, whole percent */
  percent: z.number().int().min(0).max(100),
  fileName: z.string(),
  sizeBytes: z.number().int().nullable(),
  error: z.string().nullable(),
  createdAt: ZInstant,
  finishedAt: ZInstant.nullable(),
  expiresAt: ZInstant.nullable(),
});
export type TExportFile = z.infer<typeof ZExportFile>;
export const ZExportFileList = z.object({ items: z.array(ZExportFile) });
export type TExportFileList = z.infer<typeof ZExportFileList>;
