/**
 * 股东登记 (manual 9.1.1): the city accountant registers a project's 外部股东 / 小股东 — name, 个人 / 公司, the
 * certificate number (validated, stored sealed, shown masked), 持股比例, bank account (sealed, masked in lists),
 * contact. A change to an approved holder sends the entry back to 登记中: it is reviewed again.
 */
import { createHmac } from 'node:crypto';
import type { Deps } from '../../deps';
import { writeAudit, type AuditActor } from '../../lib/audit';
import { AppError, versionConflict } from '../../lib/errors';
import { openSecret, sealSecret } from '../../lib/secret-box';
import { assertState } from '../../lib/state-machine';
import {
  certificateProblem,
  maskBankAccount,
  maskCertificate,
  normalizeCertificate,
} from '../../../shared/certificate';
import type { TMinorityHolder, TMinorityHolderInput } from '../../../shared/api/minority';
import { dec, decimalString, formatDecimal, sumMoney } from '../../../shared/money';
import {
  findHolders,
  holderByHash,
  HOLDER_REVIEW,
  insertHolder,
  latestReviews,
  lockHolder,
  otherHoldersRatio,
  updateHolderRow,
  type HolderRow,
} from './repository';
import { holderMachine, transitionHolder } from './state';

const certificateHash = (deps: Deps, no: string) =>
  createHmac('sha256', deps.config.secretKey).update(`minority-certificate:${no}`).digest('hex');

export function toHolderDto(deps: Deps, h: HolderRow, reviewId: number | null): TMinorityHolder {
  return {
    id: h.id,
    projectId: h.projectId,
    name: h.name,
    type: h.type,
    certificateNo: h.certificateHint,
    holdingRatio: formatDecimal(h.holdingRatio, 4),
    bankName: h.bankName,
    bankAccount: h.bankAccountEnc ? maskBankAccount(openSecret(h.bankAccountEnc, deps.config.secretKey)) : null,
    contactName: h.contactName,
    contactPhone: h.contactPhone,
    status: h.status,
    returnReason: h.returnReason,
    reviewId,
    version: h.version,
    updatedAt: h.updatedAt.toISOString(),
  };
}

export async function listHolders(deps: Deps, projectId: number) {
  const rows = await findHolders(deps.db, projectId);
  const reviews = await latestReviews(
    deps.db,
    HOLDER_REVIEW,
    rows.map((r) => r.id),
  );
  return {
    items: rows.map((h) => toHolderDto(deps, h, reviews.get(h.id) ?? null)),
    totalRatio: formatDecimal(sumMoney(rows.map((r) => r.holdingRatio)), 4),
  };
}

/** What the audit rows show of a holder: never the numbers themselves. */
const auditView = (
  h: Pick<
    HolderRow,
    'name' | 'type' | 'certificateHint' | 'holdingRatio' | 'bankName' | 'contactName' | 'contactPhone'
  > & { bankAccount?: string | null },
) => ({
  name: h.name,
  type: h.type,
  certificateNo: h.certificateHint,
  holdingRatio: String(h.holdingRatio),
  bankName: h.bankName,
  ...(h.bankAccount !== undefined ? { bankAccount: h.bankAccount } : {}),
  contactName: h.contactName,
  contactPhone: h.contactPhone,
});

function checkRatio(ratio: string, others: readonly { toString(): string }[]) {
  const r = dec(ratio);
  if (!r.greaterThan(0) || r.greaterThan(100))
    throw new AppError('VALIDATION_FAILED', '持股比例应大于 0 且不超过 100%', [
      { path: 'holdingRatio', message: '持股比例应大于 0 且不超过 100%' },
    ]);
  const total = sumMoney([...others, r]);
  if (total.greaterThan(100))
    throw new AppError('VALIDATION_FAILED', `外部股东持股比例合计 ${decimalString(total)}% 超过 100%`, [
      { path: 'holdingRatio', message: `合计 ${decimalString(total)}% 超过 100%` },
    ]);
}

function sealedCertificate(deps: Deps, type: 'PERSON' | 'COMPANY', raw: string) {
  const problem = certificateProblem(type, raw);
  if (problem) throw new AppError('VALIDATION_FAILED', problem, [{ path: 'certificateNo', message: problem }]);
  const no = normalizeCertificate(raw);
  return {
    certificateNoEnc: sealSecret(no, deps.config.secretKey),
    certificateHint: maskCertificate(no),
    certificateHash: certificateHash(deps, no),
  };
}

const cleanAccount = (s: string | undefined) => (s ? s.replace(/\s+/g, '') : '');

export async function createHolder(deps: Deps, who: AuditActor, projectId: number, input: TMinorityHolderInput) {
  if (!input.certificateNo)
    throw new AppError('VALIDATION_FAILED', '请输入证件号码', [{ path: 'certificateNo', message: '请输入证件号码' }]);
  const cert = sealedCertificate(deps, input.type, input.certificateNo);
  return deps.db.$transaction(async (tx) => {
    if (await holderByHash(tx, projectId, cert.certificateHash))
      throw new AppError('CONFLICT', '该证件号码已登记为本项目的外部股东', [
        { path: 'certificateNo', message: '已登记' },
      ]);
    checkRatio(input.holdingRatio, await otherHoldersRatio(tx, projectId, null));
    const account = cleanAccount(input.bankAccount);
    const h = await insertHolder(tx, {
      projectId,
      name: input.name,
      type: input.type,
      ...cert,
      holdingRatio: input.holdingRatio,
      bankName: input.bankName || null,
      bankAccountEnc: account ? sealSecret(account, deps.config.secretKey) : null,
      contactName: input.contactName || null,
      contactPhone: input.contactPhone || null,
      createdById: who.actorId,
    });
    await writeAudit(tx, who, {
      action: 'create',
      entity: 'MinorityHolder',
      entityId: h.id,
      projectId,
      after: auditView({ ...h, bankAccount: account ? maskBankAccount(account) : null }),
    });
    return toHolderDto(deps, h, null);
  });
}

export async function editHolder(
  deps: Deps,
  who: AuditActor,
  projectId: number,
  holderId: number,
  input: TMinorityHolderInput & { version: number },
) {
  return deps.db.$transaction(async (tx) => {
    const h = await lockHolder(tx, projectId, holderId);
    assertState(holderMachine, h.status, ['DRAFT', 'RETURNED', 'APPROVED'], '修改');
    if (h.version !== input.version) throw versionConflict('外部股东', h.version);
    const cert =
      input.certificateNo || input.type !== h.type
        ? sealedCertificate(
            deps,
            input.type,
            input.certificateNo || openSecret(h.certificateNoEnc, deps.config.secretKey),
          )
        : null;
    if (cert && cert.certificateHash !== h.certificateHash) {
      const other = await holderByHash(tx, projectId, cert.certificateHash);
      if (other) throw new AppError('CONFLICT', '该证件号码已登记为本项目的外部股东');
    }
    checkRatio(input.holdingRatio, await otherHoldersRatio(tx, projectId, holderId));
    const account = cleanAccount(input.bankAccount);
    const oldAccount = h.bankAccountEnc ? maskBankAccount(openSecret(h.bankAccountEnc, deps.config.secretKey)) : null;
    // an approved entry that changes goes back to 登记中 and needs a new 申请审核
    if (h.status === 'APPROVED')
      await transitionHolder(tx, holderId, 'reopen', {
        actor: who,
        expected: h,
        audit: { after: { reason: '修改已审核的登记' } },
      });
    const n = await updateHolderRow(tx, holderId, h.status === 'APPROVED' ? h.version + 1 : h.version, {
      name: input.name,
      type: input.type,
      ...(cert ?? {}),
      holdingRatio: input.holdingRatio,
      bankName: input.bankName || null,
      ...(account ? { bankAccountEnc: sealSecret(account, deps.config.secretKey) } : {}),
      contactName: input.contactName || null,
      contactPhone: input.contactPhone || null,
    });
    if (!n) throw versionConflict('外部股东');
    const after = await lockHolder(tx, projectId, holderId);
    await writeAudit(tx, who, {
      action: 'update',
      entity: 'MinorityHolder',
      entityId: holderId,
      projectId,
      before: auditView({ ...h, bankAccount: oldAccount }),
      after: auditView({ ...after, bankAccount: account ? maskBankAccount(account) : oldAccount }),
    });
    return toHolderDto(deps, after, null);
  });
}
