/**
 * Downloading an agreement's PDF. In the mini-program dd.downloadFile cannot be relied on to send our bearer header
 * on every client, so the partner asks for a short-lived signed link (lib/signed-link.ts, purpose agreement-file,
 * 10 minutes) bound to the version and the first 16 hex of its hash; the route that serves it needs no login
 * (policy signedLink). The console downloads with its session.
 */
import type { Actor } from '../../auth/actor';
import type { Deps } from '../../deps';
import { AppError } from '../../lib/errors';
import { openLink, signLink } from '../../lib/signed-link';
import type { TAgreementLink } from '../../../shared/api/agreements';
import { findVersion, pdfOf } from './repository';

export const AGREEMENT_LINK = { purpose: 'agreement-file', fields: 2, label: '协议下载' } as const;
const LINK_MINUTES = 10;

export async function myAgreementLink(
  deps: Deps,
  actor: Actor,
  agreementId: number,
  now = new Date(),
): Promise<TAgreementLink> {
  const v = await findVersion(deps.db, { id: agreementId, userId: actor.userId });
  const expiresAt = new Date(now.getTime() + LINK_MINUTES * 60_000);
  const token = signLink(
    deps.config.secretKey,
    AGREEMENT_LINK.purpose,
    [String(v.id), v.sha256.slice(0, 16)],
    expiresAt,
  );
  return { path: `/api/agreement-files/${token}`, expiresAt: expiresAt.toISOString(), fileName: v.fileName };
}

/** GET /api/agreement-files/:token — the signature and expiry were checked by the route's policy. */
export async function agreementFileByToken(deps: Deps, token: string) {
  const opened = openLink(deps.config.secretKey, AGREEMENT_LINK.purpose, token, AGREEMENT_LINK.fields);
  if (!opened.ok) throw new AppError('BAD_REQUEST', '协议下载链接无效，请在小程序中重新打开');
  const [id, hashPrefix] = opened.fields as [string, string];
  const file = await pdfOf(deps.db, Number(id));
  if (!file.sha256.startsWith(hashPrefix)) throw new AppError('NOT_FOUND', '协议文件不存在');
  return file;
}

/** GET /api/projects/:id/agreements/:agreementId/pdf */
export async function agreementFileForStaff(deps: Deps, projectId: number, agreementId: number) {
  await findVersion(deps.db, { id: agreementId, projectId });
  return pdfOf(deps.db, agreementId);
}
