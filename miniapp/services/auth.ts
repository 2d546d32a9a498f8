/**
 * 免登: dd.getAuthCode({ corpId }) → POST /api/auth/dingtalk { authCode } → token in storage.
 * Concurrent callers share one login; an auth code is single-use, so a failed exchange is never retried
 * with the same code.
 */
import { corpId } from '../config';
import { ApiError, send } from './http';
import { clearSession, readSession, saveSession, type StoredSession } from './session';
import type { TLoginResult, TMe } from '../../shared/api/identity';

export function getAuthCode(): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    dd.getAuthCode({
      corpId: corpId(),
      success: (res) => resolve(res.authCode),
      fail: (err) =>
        reject(
          new ApiError(0, 'DD_AUTH_CODE', '无法获取钉钉授权，请在钉钉工作台中打开本应用', {
            ddError: err.error,
            reason: err.errorMessage,
          }),
        ),
    });
  });
}

let pending: Promise<StoredSession> | null = null;

/** Always asks DingTalk for a fresh code and exchanges it; shared by everyone waiting at the same time. */
export function login(): Promise<StoredSession> {
  if (pending) return pending;
  const attempt = (async () => {
    const authCode = await getAuthCode();
    const res = await send<TLoginResult>({ method: 'POST', path: '/api/auth/dingtalk', body: { authCode } });
    const session: StoredSession = { token: res.token, expiresAt: Date.now() + res.expiresIn * 1000, user: res.user };
    saveSession(session);
    return session;
  })();
  pending = attempt;
  const done = () => {
    if (pending === attempt) pending = null;
  };
  attempt.then(done, done);
  return attempt;
}

/** The stored session when still valid, otherwise a silent login. */
export async function ensureSession(): Promise<StoredSession> {
  return readSession() ?? login();
}

export function currentUser(): TMe | null {
  const s = readSession();
  return s ? s.user : null;
}

/** Ends the session on the server (best effort) and forgets it here. */
export async function logout(): Promise<void> {
  const s = readSession();
  clearSession();
  if (!s) return;
  try {
    await send<void>({ method: 'POST', path: '/api/auth/logout', token: s.token });
  } catch (_e) {
    // the token is gone locally either way; an expired one is already dead on the server
  }
}

const REVIEWER_ROLES: TMe['roles'] = [
  'BUSINESS_ADMIN',
  'SYSTEM_ADMIN',
  'HOLDING_ACCOUNTANT',
  'GROUP_ACCOUNTANT',
  'CITY_ACCOUNTANT',
];

/** Whether the user reviews anything: 首页 and 我的 show them the 审批 entry, and 审批 a queue rather than an explanation. */
export function isReviewer(user: TMe | null): boolean {
  return !!user && user.roles.some((r) => REVIEWER_ROLES.indexOf(r) >= 0);
}
