/**
 * 分配账户 use cases. The accountant enters (or imports) a partner's account and asks the partner to confirm it (a
 * work notice whose action card opens the mini-program's account page); the partner confirms it or corrects it; a
 * correction waits for the accountant to accept it. Status: 未确认 → 已确认, 已确认 / 未确认 → 待审核更正 → 已确认.
 * Every change is audited (the account number appears in audit rows only as its last four digits).
 */
import type { Deps } from '../../deps';
import type { Tx } from '../../lib/db';
import { AppError, invalidState, notFound, versionConflict } from '../../lib/errors';
import { writeAudit, type AuditActor } from '../../lib/audit';
import { openSecret } from '../../lib/secret-box';
import { eappUrl } from '../../../shared/deeplinks';
import { shanghaiDay } from '../../../shared/datetime';
import type {
  TBankAccountInput,
  TDistributionAccountRow,
  TMyDistributionAccount,
} from '../../../shared/api/distributions';
import { enqueueNotifications } from '../notify/outbox';
import { currentTemplate, renderVersion } from '../templates';
import {
  auditView,
  findAccount,
  lockAccount,
  projectPartners,
  sealAccount,
  shownAccount,
  shownPending,
} from './account-repository';

const ENTITY = 'DistributionAccount';

async function myView(tx: Tx, key: Buffer, userId: number): Promise<TMyDistributionAccount> {
  const row = await findAccount(tx, userId);
  return {
    account: shownAccount(row, key),
    status: row?.status ?? null,
    confirmedAt: row?.confirmedAt?.toISOString() ?? null,
    confirmationRequested: !!row?.confirmationRequestedAt && row.status === 'UNCONFIRMED',
    pending: shownPending(row, key),
  };
}

/** GET /api/me/distribution-account */
export const myDistributionAccount = (deps: Deps, userId: number) => myView(deps.db, deps.config.secretKey, userId);

/**
 * PUT /api/me/distribution-account: the partner enters the account (none yet: it is theirs, so 已确认) or corrects the
 * one on file (待审核更正 until the accountant accepts it; the account on file stays in force meanwhile).
 */
export async function saveMyDistributionAccount(deps: Deps, who: AuditActor, userId: number, input: TBankAccountInput) {
  const key = deps.config.secretKey;
  return deps.db.$transaction(async (tx) => {
    const sealed = sealAccount(input, key);
    const row = await lockAccount(tx, userId);
    if (!row) {
      const created = await tx.distributionAccount.create({
        data: { userId, ...sealed, status: 'CONFIRMED', confirmedAt: new Date(), updatedById: userId },
      });
      await writeAudit(tx, who, {
        action: 'enter_own',
        entity: ENTITY,
        entityId: created.id,
        after: { userId, status: 'CONFIRMED', ...auditView(sealed) },
      });
    } else {
      await tx.distributionAccount.update({
        where: { id: row.id },
        data: {
          status: 'CORRECTION_PENDING',
          pendingAccountName: sealed.accountName,
          pendingBankName: sealed.bankName,
          pendingBranchName: sealed.branchName,
          pendingAccountNoEnc: sealed.accountNoEnc,
          pendingAccountNoLast4: sealed.accountNoLast4,
          version: { increment: 1 },
          updatedById: userId,
        },
      });
      await writeAudit(tx, who, {
        action: 'correct',
        entity: ENTITY,
        entityId: row.id,
        before: { status: row.status, ...auditView(row) },
        after: { status: 'CORRECTION_PENDING', pending: auditView(sealed) },
      });
    }
    return myView(tx, key, userId);
  });
}

/** POST /api/me/distribution-account/confirm: the account on file is right (again: no change). */
export async function confirmMyDistributionAccount(deps: Deps, who: AuditActor, userId: number) {
  const key = deps.config.secretKey;
  return deps.db.$transaction(async (tx) => {
    const row = await lockAccount(tx, userId);
    if (!row) throw invalidState('尚未登记分配账户，请先填写或联系经营会计登记');
    if (row.status === 'CORRECTION_PENDING')
      throw invalidState('您提交的账户更正正在等待经营会计审核，审核后无需再次确认');
    if (row.status === 'UNCONFIRMED') {
      await tx.distributionAccount.update({
        where: { id: row.id },
        data: { status: 'CONFIRMED', confirmedAt: new Date(), version: { increment: 1 } },
      });
      await writeAudit(tx, who, {
        action: 'confirm',
        entity: ENTITY,
        entityId: row.id,
        before: { status: row.status },
        after: { status: 'CONFIRMED' },
      });
    }
    return myView(tx, key, userId);
  });
}

async function assertPartnerOf(tx: Tx, projectId: number, userId: number) {
  const partner = (await projectPartners(tx, projectId)).find((p) => p.id === userId);
  if (!partner) throw notFound('该项目的合伙人');
  return partner;
}

/** GET /api/projects/:id/distribution-accounts: every partner of the project with their account (masked). */
export async function listDistributionAccounts(deps: Deps, projectId: number): Promise<TDistributionAccountRow[]> {
  const key = deps.config.secretKey;
  const partners = await projectPartners(deps.db, projectId);
  const rows = await deps.db.distributionAccount.findMany({ where: { userId: { in: partners.map((p) => p.id) } } });
  const byUser = new Map(rows.map((r) => [r.userId, r]));
  return partners.map((p) => {
    const r = byUser.get(p.id) ?? null;
    return {
      userId: p.id,
      name: p.name,
      account: shownAccount(r, key),
      status: r?.status ?? null,
      confirmedAt: r?.confirmedAt?.toISOString() ?? null,
      confirmationRequestedAt: r?.confirmationRequestedAt?.toISOString() ?? null,
      pending: shownPending(r, key),
      version: r?.version ?? null,
    };
  });
}

/**
 * PUT /api/projects/:id/distribution-accounts/:userId: the accountant enters or changes an account. A change makes it
 * 未确认 again (the partner confirms the new one); a pending correction of the partner is dropped (audited).
 */
export async function upsertDistributionAccount(
  deps: Deps,
  who: AuditActor,
  projectId: number,
  userId: number,
  input: TBankAccountInput & { version?: number },
) {
  const key = deps.config.secretKey;
  await deps.db.$transaction(async (tx) => {
    await assertPartnerOf(tx, projectId, userId);
    await writeAccountAsAccountant(tx, key, who, projectId, userId, input);
  });
  return (await listDistributionAccounts(deps, projectId)).find((r) => r.userId === userId)!;
}

/** One account written by the accountant (also each row of an import), in the caller's transaction. */
export async function writeAccountAsAccountant(
  tx: Tx,
  key: Buffer,
  who: AuditActor,
  projectId: number,
  userId: number,
  input: TBankAccountInput & { version?: number },
): Promise<boolean> {
  const sealed = sealAccount(input, key);
  const row = await lockAccount(tx, userId);
  if (!row) {
    const created = await tx.distributionAccount.create({
      data: { userId, ...sealed, status: 'UNCONFIRMED', updatedById: who.actorId },
    });
    await writeAudit(tx, who, {
      action: 'create',
      entity: ENTITY,
      entityId: created.id,
      projectId,
      after: { userId, status: 'UNCONFIRMED', ...auditView(sealed) },
    });
    return true;
  }
  if (input.version !== undefined && input.version !== row.version) throw versionConflict('分配账户', row.version);
  const unchanged =
    row.status !== 'CORRECTION_PENDING' &&
    row.accountName === sealed.accountName &&
    row.bankName === sealed.bankName &&
    row.branchName === sealed.branchName &&
    openSecret(row.accountNoEnc, key) === input.accountNo;
  if (unchanged) return false;
  await tx.distributionAccount.update({
    where: { id: row.id },
    data: {
      ...sealed,
      status: 'UNCONFIRMED',
      confirmedAt: null,
      pendingAccountName: null,
      pendingBankName: null,
      pendingBranchName: null,
      pendingAccountNoEnc: null,
      pendingAccountNoLast4: null,
      version: { increment: 1 },
      updatedById: who.actorId,
    },
  });
  await writeAudit(tx, who, {
    action: 'update',
    entity: ENTITY,
    entityId: row.id,
    projectId,
    before: { status: row.status, ...auditView(row) },
    after: { status: 'UNCONFIRMED', ...auditView(sealed) },
  });
  return true;
}

/** POST /api/projects/:id/distribution-accounts/:userId/accept-correction: the partner's correction takes effect. */
export async function acceptAccountCorrection(
  deps: Deps,
  who: AuditActor,
  projectId: number,
  userId: number,
  version: number,
) {
  await deps.db.$transaction(async (tx) => {
    await assertPartnerOf(tx, projectId, userId);
    const row = await lockAccount(tx, userId);
    if (!row || row.status !== 'CORRECTION_PENDING' || !row.pendingAccountNoEnc)
      throw invalidState('该合伙人没有待审核的账户更正');
    if (row.version !== version) throw versionConflict('分配账户', row.version);
    await tx.distributionAccount.update({
      where: { id: row.id },
      data: {
        accountName: row.pendingAccountName!,
        bankName: row.pendingBankName!,
        branchName: row.pendingBranchName,
        accountNoEnc: row.pendingAccountNoEnc,
        accountNoLast4: row.pendingAccountNoLast4!,
        status: 'CONFIRMED',
        confirmedAt: new Date(),
        pendingAccountName: null,
        pendingBankName: null,
        pendingBranchName: null,
        pendingAccountNoEnc: null,
        pendingAccountNoLast4: null,
        version: { increment: 1 },
        updatedById: who.actorId,
      },
    });
    await writeAudit(tx, who, {
      action: 'accept_correction',
      entity: ENTITY,
      entityId: row.id,
      projectId,
      before: { status: row.status, ...auditView(row) },
      after: {
        status: 'CONFIRMED',
        accountName: row.pendingAccountName,
        bankName: row.pendingBankName,
        branchName: row.pendingBranchName,
        accountNo: `****${row.pendingAccountNoLast4}`,
      },
    });
  });
  return (await listDistributionAccounts(deps, projectId)).find((r) => r.userId === userId)!;
}

/**
 * POST /api/projects/:id/distribution-accounts/confirm-requests: 分配账户确认 notices to the chosen partners whose
 * account is on file and not confirmed yet (action card → the mini-program's account page). The date is in the text,
 * so a reminder on another day is not dropped by DingTalk's same-day rule; the same day it is sent once.
 */
export async function requestAccountConfirmations(deps: Deps, who: AuditActor, projectId: number, userIds: number[]) {
  const key = deps.config.secretKey;
  return deps.db.$transaction(async (tx) => {
    const partners = new Map((await projectPartners(tx, projectId)).map((p) => [p.id, p]));
    const unknown = userIds.filter((id) => !partners.has(id));
    if (unknown.length) throw new AppError('VALIDATION_FAILED', '所选人员不是该项目的合伙人', { userIds: unknown });
    const project = await tx.project.findUniqueOrThrow({ where: { id: projectId }, select: { name: true } });
    const rows = await tx.distributionAccount.findMany({ where: { userId: { in: userIds } } });
    const targets = rows.filter((r) => r.status === 'UNCONFIRMED' && partners.get(r.userId)?.dingUserId);
    const today = shanghaiDay();
    const template = await currentTemplate(tx, 'DISTRIBUTION_ACCOUNT_CONFIRM');
    await enqueueNotifications(
      tx,
      targets.map((r) => {
        const a = shownAccount(r, key)!;
        const t = renderVersion(template, {
          姓名: partners.get(r.userId)!.name,
          项目名称: project.name,
          户名: a.accountName,
          开户行: `${a.bankName}${a.branchName ? ` ${a.branchName}` : ''}`,
          账号: a.accountNo,
          发送日期: today,
        });
        return {
          channel: 'WORK' as const,
          kind: 'distribution_account_confirm',
          userId: r.userId,
          dingUserId: partners.get(r.userId)!.dingUserId!,
          dedupeKey: `dist-account:${r.userId}:${today}`,
          templateVersionId: t.templateVersionId,
          msg: {
            msgtype: 'action_card' as const,
            action_card: {
              title: t.title,
              markdown: t.text,
              single_title: '核对并确认',
              single_url: eappUrl('account', {}),
            },
          },
        };
      }),
    );
    if (targets.length)
      await tx.distributionAccount.updateMany({
        where: { id: { in: targets.map((r) => r.id) } },
        data: { confirmationRequestedAt: new Date() },
      });
    await writeAudit(tx, who, {
      action: 'request_confirmation',
      entity: ENTITY,
      entityId: null,
      projectId,
      after: { userIds: targets.map((r) => r.userId) },
    });
    return { recipients: targets.length, skipped: userIds.length - targets.length };
  });
}
