/**
 * The BPM form's 测算表: a signed, expiring link to the batch's Excel sheet (the same workbook as 导出), opened by the
 * approvers from DingTalk OA without logging in here. The same workbook also goes into the approval's 钉盘 space
 * as the form's 测算表附件 (a DDAttachment, uploaded by 发起: server/dingtalk/client.ts uploadApprovalAttachment)
 * when the tenant's template has a 附件 control for it.
 *
 * The token (`lib/signed-link.ts`, purpose `distribution-sheet`) carries the batch id, a fingerprint of the sheet as
 * it was when the flow started (what was 送审: a change after 送审 sends the batch back to 草稿 and drops its lines)
 * and its expiry (30 days). The route's policy (`signedLink`) refuses a forged or expired token; this use case
 * refuses a sheet that is no longer the one sent (409, 测算表已更新). Downloads are logged, not audited.
 */
import { createHash } from 'node:crypto';
import type { Deps } from '../../deps';
import type { Tx } from '../../lib/db';
import { publicUrl } from '../../config';
import { AppError, notFound } from '../../lib/errors';
import { canonicalJson } from '../../lib/canonical-json';
import { openLink, signLink } from '../../lib/signed-link';
import type { TBatchDetail } from '../../../shared/api/distributions';
import { batchWorkbook, sheetContent } from './export';
import { batchDetail, projectNameOf } from './repository';

export const SHEET_LINK = { purpose: 'distribution-sheet', fields: 2, label: '测算表' } as const;
export const SHEET_LINK_DAYS = 30;
const DAY_MS = 24 * 3600 * 1000;

/** A hash of what the sheet shows (name, date, every row, the 合计): 22 base64url characters (132 bits). */
export function sheetFingerprint(b: TBatchDetail): string {
  return createHash('sha256')
    .update(canonicalJson(sheetContent(b)), 'utf8')
    .digest('base64url')
    .slice(0, 22);
}

/** The 测算表 link of a batch as it is now (in the transaction that starts the flow). */
export async function sheetLink(
  tx: Tx,
  deps: Deps,
  projectId: number,
  batchId: number,
  now: Date = new Date(),
): Promise<{ url: string; expiresAt: Date }> {
  const detail = await batchDetail(tx, projectId, batchId);
  const expiresAt = new Date(now.getTime() + SHEET_LINK_DAYS * DAY_MS);
  const token = signLink(
    deps.config.secretKey,
    SHEET_LINK.purpose,
    [String(batchId), sheetFingerprint(detail)],
    expiresAt,
  );
  return { url: publicUrl(deps.config, `/api/distribution-sheets/${token}`), expiresAt };
}

/** GET /api/distribution-sheets/:token — the token's signature and expiry were checked by the route's policy. */
export async function downloadSheet(deps: Deps, token: string, who: { ip: string; userAgent?: string }) {
  const opened = openLink(deps.config.secretKey, SHEET_LINK.purpose, token, SHEET_LINK.fields);
  if (!opened.ok) throw new AppError('BAD_REQUEST', '测算表链接无效，请从审批单重新打开');
  const [id, fingerprint] = opened.fields as [string, string];
  const batchId = Number(id);
  const batch = await deps.db.distributionBatch.findUnique({ where: { id: batchId }, select: { projectId: true } });
  if (!batch) throw notFound('分配批次');
  const detail = await batchDetail(deps.db, batch.projectId, batchId);
  const current = sheetFingerprint(detail);
  if (current !== fingerprint) {
    deps.logger.info({ batchId, ip: who.ip }, 'distribution sheet link refused: the batch changed');
    throw new AppError('CONFLICT', '测算表已更新，请在系统中查看最新版本', { reason: 'SHEET_CHANGED', batchId });
  }
  const sheet = await batchWorkbook(detail, await projectNameOf(deps, batch.projectId));
  deps.logger.info(
    {
      batchId,
      projectId: batch.projectId,
      fileName: sheet.fileName,
      expiresAt: opened.expiresAt.toISOString(),
      ip: who.ip,
      userAgent: who.userAgent,
    },
    'distribution sheet downloaded',
  );
  return sheet;
}
