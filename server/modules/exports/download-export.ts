/** Downloads a finished export: streamed from its large object, the download audited. */
import type { Readable } from 'node:stream';
import type { Deps } from '../../deps';
import { writeAudit, type AuditActor } from '../../lib/audit';
import { AppError } from '../../lib/errors';
import { formatDateTime } from '../../../shared/datetime';
import { largeObjectReader } from './export-data';
import { findExportFile } from './repository';

export async function downloadExport(
  deps: Deps,
  who: AuditActor,
  id: number,
): Promise<{ fileName: string; size: number; body: Readable }> {
  const file = await findExportFile(deps.db, id);
  if (!file) throw new AppError('NOT_FOUND', '导出文件不存在');
  if (file.status === 'EXPIRED')
    throw new AppError('INVALID_STATE', `文件已于 ${formatDateTime(file.expiresAt)} 过期，请重新导出`);
  if (file.status !== 'DONE' || file.largeObjectId === null || file.sizeBytes === null)
    throw new AppError('INVALID_STATE', file.status === 'FAILED' ? '导出失败，请重新导出' : '文件尚在生成，请稍候');
  await writeAudit(deps.db, who, {
    action: 'download_export',
    entity: 'ExportFile',
    entityId: id,
    after: { kind: file.kind, rows: file.rowsDone, sizeBytes: file.sizeBytes },
  });
  return {
    fileName: file.fileName,
    size: file.sizeBytes,
    body: largeObjectReader(deps, file.largeObjectId, file.sizeBytes),
  };
}
