/** An export row as the console sees it (pure). */
import {
  EXPORT_KIND_LABEL,
  EXPORT_STATUS_LABEL,
  type TExportFile,
  type TExportKind,
  type TExportStatus,
} from '../../../shared/api/exports';

export interface ExportFileRow {
  id: number;
  kind: TExportKind;
  status: TExportStatus;
  rowsDone: number;
  rowsTotal: number | null;
  fileName: string;
  sizeBytes: number | null;
  error: string | null;
  createdAt: Date;
  finishedAt: Date | null;
  expiresAt: Date | null;
}

export function exportFileView(f: ExportFileRow): TExportFile {
  const percent =
    f.status === 'DONE' ? 100 : f.rowsTotal ? Math.min(99, Math.floor((f.rowsDone * 100) / f.rowsTotal)) : 0;
  return {
    id: f.id,
    kind: f.kind,
    kindLabel: EXPORT_KIND_LABEL[f.kind],
    status: f.status,
    statusLabel: EXPORT_STATUS_LABEL[f.status],
    rowsDone: f.rowsDone,
    rowsTotal: f.rowsTotal,
    percent,
    fileName: f.fileName,
    sizeBytes: f.sizeBytes,
    error: f.error,
    createdAt: f.createdAt.toISOString(),
    finishedAt: f.finishedAt?.toISOString() ?? null,
    expiresAt: f.expiresAt?.toISOString() ?? null,
  };
}
