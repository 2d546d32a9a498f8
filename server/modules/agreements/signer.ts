/**
 * The signing step behind one interface, so an e-signature provider (e签宝, 钉钉电子签) can replace the in-app
 * confirmation without touching the use case (sign-agreement.ts), which keeps the state, the signature record and
 * the audit row.
 *
 *   start(agreement, signer)            → what the partner must see before confirming (in-app: the amount in figures
 *                                         and in 大写, the document's hash; a provider: its signing URL / flow id)
 *   confirm(agreement, signer, input)   → the evidence to record (in-app: the hash the partner saw, checked against
 *                                         the stored one; a provider: its signed-file hash and certificate id, after
 *                                         its callback)
 */
import { AppError } from '../../lib/errors';
import { formatMoney } from '../../../shared/money';
import type { TSigningStart } from '../../../shared/api/agreements';
import { amountInWords } from './calc/amount-words';

export interface SignableAgreement {
  id: number;
  title: string;
  number: string;
  version: number;
  /** decimal string */
  amount: string;
  sha256: string;
}

export interface SignerIdentity {
  userId: number;
  name: string;
  dingUserId: string | null;
}

export interface SignatureEvidence {
  method: string;
  documentSha256: string;
  dingUserId: string | null;
}

export interface AgreementSigner {
  readonly method: TSigningStart['method'];
  start(agreement: SignableAgreement, signer: SignerIdentity): Promise<TSigningStart>;
  confirm(agreement: SignableAgreement, signer: SignerIdentity, input: { sha256: string }): Promise<SignatureEvidence>;
}

/** 确认签署 in the mini-program: the partner, logged in through DingTalk 免登, confirms the document they opened. */
export const inAppSigner: AgreementSigner = {
  method: 'IN_APP',
  async start(a, who) {
    return {
      agreementId: a.id,
      method: 'IN_APP',
      number: a.number,
      version: a.version,
      amount: a.amount,
      amountInWords: amountInWords(a.amount),
      sha256: a.sha256,
      statement:
        `本人${who.name}已阅读《${a.title}》（编号 ${a.number}，第 ${a.version} 版），确认认缴出资额 ` +
        `${formatMoney(a.amount)}（${amountInWords(a.amount)}），同意签署。`,
    };
  },
  async confirm(a, who, input) {
    if (!who.dingUserId)
      throw new AppError('UNPROCESSABLE', '请在钉钉中打开小程序签署协议（签署记录需要钉钉身份）', {
        reason: 'NO_DINGTALK_IDENTITY',
      });
    if (input.sha256 !== a.sha256)
      throw new AppError('CONFLICT', '协议文件已更新，请重新打开协议阅读后再签署', {
        reason: 'DOCUMENT_CHANGED',
        sha256: a.sha256,
      });
    return { method: 'IN_APP', documentSha256: a.sha256, dingUserId: who.dingUserId };
  },
};
