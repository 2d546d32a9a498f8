/**
 * 合伙协议 / 补充协议: the console's 协议状态 and actions (/api/projects/:id/agreements…) and the partner's 协议 page
 * (/api/me/projects/:projectId/agreement, /api/me/agreements/:agreementId/…). Amounts are decimal strings.
 */
import { z } from 'zod';
import { ZDecimalString, ZInstant } from './common';
import { AGREEMENT_KINDS, AGREEMENT_STATES, AGREEMENT_STATUSES, HOLDING_MARKS } from './labels';

/** One version of one document. */
export const ZAgreementVersion = z.object({
  id: z.number().int(),
  kind: z.enum(AGREEMENT_KINDS),
  title: z.string(),
  number: z.string(),
  version: z.number().int(),
  status: z.enum(AGREEMENT_STATUSES),
  /** the commitment the document states (after the change, for a 补充协议), from the capital ledger */
  amount: ZDecimalString,
  amountInWords: z.string(),
  previousAmount: ZDecimalString.nullable(),
  fileName: z.string(),
  size: z.number().int(),
  sha256: z.string(),
  /** the 模板管理 version it was generated from (its kind: PARTNERSHIP_AGREEMENT / SUPPLEMENTARY_AGREEMENT) */
  templateVersion: z.number().int().nullable(),
  generatedAt: ZInstant,
  signedAt: ZInstant.nullable(),
});
export type TAgreementVersion = z.infer<typeof ZAgreementVersion>;

/** A partner's line in the console: the state over their documents, each document's current and signed versions. */
export const ZPartnerAgreements = z.object({
  userId: z.number().int(),
  name: z.string(),
  marks: z.array(z.enum(HOLDING_MARKS)),
  state: z.enum(AGREEMENT_STATES),
  /** the partner's current commitment in the ledger differs from what a current document states: 需重新生成 */
  outdated: z.boolean(),
  documents: z.array(ZAgreementVersion),
});
export type TPartnerAgreements = z.infer<typeof ZPartnerAgreements>;

/** GET /api/projects/:id/agreements?roundId= */
export const ZAgreementList = z.object({
  projectId: z.number().int(),
  roundId: z.number().int().nullable(),
  partners: z.array(ZPartnerAgreements),
  counts: z.object({ NONE: z.number().int(), PENDING: z.number().int(), SIGNED: z.number().int() }),
});
export type TAgreementList = z.infer<typeof ZAgreementList>;

export const ZAgreementListQuery = z.object({ roundId: z.coerce.number().int().positive().optional() });

/** POST /api/projects/:id/agreements/generate — a chunk of the round's partners (the console shows the progress). */
export const ZGenerateAgreements = z.object({
  roundId: z.number().int().positive(),
  userIds: z.array(z.number().int().positive()).min(1).max(20),
});
export const ZGenerateResult = z.object({
  generated: z.number().int(),
  /** documents already there (a current version exists): regenerate them one by one */
  existing: z.number().int(),
  /** partners of the chunk without a commitment in the ledger */
  skipped: z.number().int(),
  agreementIds: z.array(z.number().int()),
});
export type TGenerateResult = z.infer<typeof ZGenerateResult>;

/** POST /api/projects/:id/agreements/:agreementId/regenerate */
export const ZRegenerateAgreement = z.object({
  reason: z.string().trim().min(1, '请填写重新生成的原因').max(200),
  /** required when the current version is signed: the signed one stays, a new unsigned version is added */
  replaceSigned: z.boolean().optional(),
});

/** POST /api/projects/:id/agreements/reminders */
export const ZAgreementReminders = z.object({ roundId: z.number().int().positive() });
export const ZAgreementRemindersSent = z.object({ recipients: z.number().int(), skipped: z.number().int() });
export type TAgreementRemindersSent = z.infer<typeof ZAgreementRemindersSent>;

// ---- the partner's 协议 page ---------------------------------------------------------------------------------

/** GET /api/me/projects/:projectId/agreement */
export const ZMyAgreements = z.object({
  projectId: z.number().int(),
  projectName: z.string(),
  state: z.enum(AGREEMENT_STATES),
  /** current versions first (待签署 before 已签署), then signed earlier versions kept beside a newer one */
  agreements: z.array(ZAgreementVersion),
});
export type TMyAgreements = z.infer<typeof ZMyAgreements>;

/** GET /api/me/agreements/:agreementId/link — a short-lived signed URL for dd.downloadFile. */
export const ZAgreementLink = z.object({
  /** the BFF path to download from (the mini-program prefixes its API base): no login, valid for minutes */
  path: z.string(),
  expiresAt: ZInstant,
  fileName: z.string(),
});
export type TAgreementLink = z.infer<typeof ZAgreementLink>;

/** POST /api/me/agreements/:agreementId/signing — what the second confirmation shows (AgreementSigner.start). */
export const ZSigningStart = z.object({
  agreementId: z.number().int(),
  method: z.enum(['IN_APP']),
  number: z.string(),
  version: z.number().int(),
  amount: ZDecimalString,
  amountInWords: z.string(),
  sha256: z.string(),
  /** the sentence the partner confirms */
  statement: z.string(),
});
export type TSigningStart = z.infer<typeof ZSigningStart>;

/** POST /api/me/agreements/:agreementId/signature — the partner confirms the document they saw (its hash). */
export const ZSignAgreement = z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/, '文件摘要格式不正确') });
export const ZSignedAgreement = z.object({
  agreement: ZAgreementVersion,
  signature: z.object({ signedAt: ZInstant, sha256: z.string(), method: z.string() }),
  /** true when it had been signed already (a repeated confirmation changes nothing) */
  replayed: z.boolean(),
});
export type TSignedAgreement = z.infer<typeof ZSignedAgreement>;
