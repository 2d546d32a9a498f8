/** The login session in dd storage: survives restarts of the mini-program until the token expires. */
import type { TMe } from '../../shared/api/identity';

const KEY = 'gentou.session';

export interface StoredSession {
  token: string;
  /** Epoch ms. */
  expiresAt: number;
  user: TMe;
}

function isSession(v: unknown): v is StoredSession {
  if (!v || typeof v !== 'object') return false;
  const s = v as Partial<StoredSession>;
  return typeof s.token === 'string' && typeof s.expiresAt === 'number' && !!s.user && typeof s.user.name === 'string';
}

export function readSession(now: number = Date.now()): StoredSession | null {
  const { data } = dd.getStorageSync({ key: KEY });
  if (!isSession(data)) return null;
  // a minute of slack so a request never leaves with a token that dies on the way
  return data.expiresAt - 60000 > now ? data : null;
}

export function saveSession(s: StoredSession): void {
  dd.setStorageSync({ key: KEY, data: s });
}

export function clearSession(): void {
  dd.removeStorageSync({ key: KEY });
}

export const SESSION_STORAGE_KEY = KEY;
