import type { Deps } from '../../deps';
import { AppError } from '../../lib/errors';
import { hashPassword, verifyPassword } from '../../auth/password';
import { sessionStore } from '../../auth/authenticate';
import { assertMayLogIn } from '../../auth/policy';
import {
  assertLoginAllowed,
  assertPasswordChangeAllowed,
  clearLoginFailures,
  recordLoginFailure,
  recordPasswordChangeFailure,
} from '../../auth/login-limits';
import type { Actor } from '../../auth/actor';
import type { TLoginResult } from '../../../shared/api/identity';
import { writeAudit, type AuditActor } from '../../lib/audit';
import * as repo from './repository';

const INVALID_CREDENTIALS = () => new AppError('UNAUTHENTICATED', '用户名或密码错误');

/**
 * Console login. Failures are limited per source address and per account (server/auth/login-limits.ts: 429 with the
 * wait); an unknown username and a wrong password get the same answer and count the same, so nothing tells them
 * apart. A left or disabled account never logs in.
 */
export async function loginWithPassword(
  deps: Deps,
  who: Omit<AuditActor, 'actorId' | 'actorName'>,
  username: string,
  password: string,
): Promise<TLoginResult> {
  const ip = who.ip ?? 'unknown';
  await assertLoginAllowed(deps, ip, username);
  const user = await repo.findUserByUsername(deps.db, username);
  if (!user || !user.passwordHash) {
    await verifyPassword(password, DUMMY_HASH); // same work either way: no user enumeration by timing
    await recordLoginFailure(deps, ip, username);
    throw INVALID_CREDENTIALS();
  }
  if (user.lockedUntil && user.lockedUntil > new Date()) {
    const minutes = Math.ceil((user.lockedUntil.getTime() - Date.now()) / 60_000);
    throw new AppError('LOCKED', `密码错误次数过多，账号已锁定，请 ${minutes} 分钟后再试或联系系统管理员`, {
      lockedUntil: user.lockedUntil.toISOString(),
    });
  }
  if (!(await verifyPassword(password, user.passwordHash))) {
    // counted, not locked: a lock anyone could set by guessing would lock the owner out
    await repo.recordFailedLogin(deps.db, user.id);
    await recordLoginFailure(deps, ip, username);
    throw INVALID_CREDENTIALS();
  }
  assertMayLogIn(user);
  await clearLoginFailures(deps, ip, username);
  await repo.recordSuccessfulLogin(deps.db, user.id);
  const { token, expiresIn } = await sessionStore(deps).create(user.id, 'password');
  return { token, expiresIn, user: repo.toMe(user) };
}

export async function logout(deps: Deps, actor: Actor): Promise<void> {
  await sessionStore(deps).revoke(actor.sessionId);
}

/** Changes the password, ends every session of the user (all devices) and opens a fresh one for this device. */
export async function changePassword(
  deps: Deps,
  who: AuditActor,
  actor: Actor,
  oldPassword: string,
  newPassword: string,
): Promise<TLoginResult> {
  await assertPasswordChangeAllowed(deps, actor.userId);
  const user = await repo.findUserById(deps.db, actor.userId);
  if (!user?.passwordHash || !(await verifyPassword(oldPassword, user.passwordHash))) {
    await recordPasswordChangeFailure(deps, actor.userId);
    throw new AppError('VALIDATION_FAILED', '原密码不正确', [{ path: 'oldPassword', message: '原密码不正确' }]);
  }
  const passwordHash = await hashPassword(newPassword);
  await deps.db.$transaction(async (tx) => {
    await tx.user.update({
      where: { id: user.id },
      data: { passwordHash, mustChangePassword: false, failedLogins: 0, version: { increment: 1 } },
    });
    await writeAudit(tx, who, { action: 'change_password', entity: 'User', entityId: user.id });
  });
  const store = sessionStore(deps);
  await store.revokeAll(user.id);
  const { token, expiresIn } = await store.create(user.id, 'password');
  return { token, expiresIn, user: repo.toMe({ ...user, mustChangePassword: false }) };
}

export async function me(deps: Deps, actor: Actor) {
  const user = await repo.findUserById(deps.db, actor.userId);
  if (!user) throw new AppError('UNAUTHENTICATED', '请先登录');
  return { ...repo.toMe(user), mustChangePassword: actor.mustChangePassword };
}

const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';
