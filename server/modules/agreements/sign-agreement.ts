/**
 * The partner's 确认签署: AgreementSigner.start shows what will be signed, confirm records it. Only the partner the
 * agreement belongs to (another caller gets 404); only the latest, pending version; idempotent (confirming a signed
 * version with the hash it was signed with answers the signature again, `replayed: true`); audited.
 */
import type { Actor } from '../../auth/actor';
import type { Deps } from '../../deps';
import type { AuditActor } from '../../lib/audit';
import { AppError, invalidState } from '../../lib/errors';
import { TRANSACTION_OPTIONS } from '../../lib/db';
import { moneyString } from '../../../shared/money';
import type { TSignedAgreement, TSigningStart } from '../../../shared/api/agreements';
import { transitionAgreement } from './agreement-state';
import { findVersion, type VersionRow } from './repository';
import { inAppSigner, type AgreementSigner, type SignableAgreement } from './signer';
import { versionView } from './views';

const signable = (v: VersionRow): SignableAgreement => ({
  id: v.id,
  title: v.title,
  number: v.number,
  version: v.version,
  amount: moneyString(v.amount.toString()),
  sha256: v.sha256,
});

const identity = (actor: Actor) => ({ userId: actor.userId, name: actor.name, dingUserId: actor.dingUserId });

function assertSignable(v: VersionRow) {
  if (v.status === 'SUPERSEDED') throw invalidState('该协议版本已作废，请返回后签署最新版本', { status: v.status });
}

export async function startSigning(
  deps: Deps,
  actor: Actor,
  agreementId: number,
  signer: AgreementSigner = inAppSigner,
): Promise<TSigningStart> {
  const v = await findVersion(deps.db, { id: agreementId, userId: actor.userId });
  assertSignable(v);
  if (v.status === 'SIGNED') throw invalidState('该协议已签署', { status: v.status });
  return signer.start(signable(v), identity(actor));
}

async function signedAnswer(deps: Deps, id: number, replayed: boolean): Promise<TSignedAgreement> {
  const v = await findVersion(deps.db, { id });
  const sig = await deps.db.agreementSignature.findUniqueOrThrow({ where: { agreementId: id } });
  return {
    agreement: versionView(v),
    signature: { signedAt: sig.signedAt.toISOString(), sha256: sig.documentSha256, method: sig.method },
    replayed,
  };
}

export async function signAgreement(
  deps: Deps,
  audit: AuditActor,
  actor: Actor,
  agreementId: number,
  body: { sha256: string },
  signer: AgreementSigner = inAppSigner,
): Promise<TSignedAgreement> {
  const v = await findVersion(deps.db, { id: agreementId, userId: actor.userId });
  assertSignable(v);
  if (v.status === 'SIGNED') return replay(deps, v, body.sha256);
  const evidence = await signer.confirm(signable(v), identity(actor), body);
  const signedAt = new Date();
  try {
    await deps.db.$transaction(async (tx) => {
      await transitionAgreement(tx, v.id, 'SIGN', {
        actor: audit,
        expected: { status: 'PENDING', version: v.rowVersion },
        data: { signedAt },
        audit: {
          after: {
            number: v.number,
            version: v.version,
            amount: moneyString(v.amount.toString()),
            sha256: evidence.documentSha256,
            dingUserId: evidence.dingUserId,
            method: evidence.method,
          },
        },
      });
      await tx.agreementSignature.create({
        data: {
          agreementId: v.id,
          userId: actor.userId,
          dingUserId: evidence.dingUserId,
          method: evidence.method,
          documentSha256: evidence.documentSha256,
          amount: moneyString(v.amount.toString()),
          signedAt,
          ip: audit.ip,
          requestId: audit.requestId,
        },
      });
    }, TRANSACTION_OPTIONS);
  } catch (err) {
    // a concurrent confirmation of the same version won: answer its signature
    if (err instanceof AppError && (err.code === 'VERSION_CONFLICT' || err.code === 'INVALID_STATE')) {
      const now = await findVersion(deps.db, { id: v.id });
      if (now.status === 'SIGNED') return replay(deps, now, body.sha256);
    }
    throw err;
  }
  return signedAnswer(deps, v.id, false);
}

async function replay(deps: Deps, v: VersionRow, sha256: string): Promise<TSignedAgreement> {
  if (sha256 !== v.sha256)
    throw new AppError('CONFLICT', '该协议已签署，所签文件与本次提交的文件不一致', { reason: 'SIGNED_OTHER_DOCUMENT' });
  return signedAnswer(deps, v.id, true);
}
