/** The signed-in user and the session lifecycle (password or DingTalk 免登 login, forced password change, logout). */
import { App } from 'antd';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { TLoginResult, TMe, TMeResponse } from '../../../shared/api/identity';
import { ApiError, get, onSessionEvent, post, session } from './lib/api';
import { corpIdFromUrl, inDingTalk, requestDingtalkAuthCode } from './lib/dingtalk';

export type AuthStatus = 'loading' | 'anonymous' | 'password-change' | 'ready';

interface AuthValue {
  status: AuthStatus;
  me: TMe | null;
  /** set when 免登 was tried and failed, shown on the login page */
  dingtalkError: string | null;
  signIn: (result: TLoginResult) => void;
  signOut: () => Promise<void>;
  refreshMe: () => Promise<void>;
}

const AuthContext = createContext<AuthValue | null>(null);

export function useAuth(): AuthValue {
  const v = useContext(AuthContext);
  if (!v) throw new Error('useAuth outside AuthProvider');
  return v;
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const { message } = App.useApp();
  const [status, setStatus] = useState<AuthStatus>('loading');
  const [me, setMe] = useState<TMe | null>(null);
  const [dingtalkError, setDingtalkError] = useState<string | null>(null);

  const signIn = useCallback((result: TLoginResult) => {
    session.set(result.token);
    setMe(result.user);
    setStatus(result.user.mustChangePassword ? 'password-change' : 'ready');
  }, []);

  const refreshMe = useCallback(async () => {
    const { user } = await get<TMeResponse>('/api/me');
    setMe(user);
    setStatus(user.mustChangePassword ? 'password-change' : 'ready');
  }, []);

  const signOut = useCallback(async () => {
    try {
      await post('/api/auth/logout');
    } catch {
      /* the session may already be gone */
    }
    session.clear();
    setMe(null);
    setStatus('anonymous');
  }, []);

  useEffect(
    () =>
      onSessionEvent((e) => {
        if (e === 'unauthorized') {
          if (session.token) message.warning('登录已失效，请重新登录');
          session.clear();
          setMe(null);
          setStatus('anonymous');
        } else {
          setStatus('password-change');
        }
      }),
    [message],
  );

  useEffect(() => {
    let cancelled = false;
    (async () => {
      if (session.token) {
        try {
          await refreshMe();
          return;
        } catch (err) {
          if (!(err instanceof ApiError) || err.status !== 401) {
            if (!cancelled) {
              setStatus('anonymous');
              message.error(err instanceof Error ? err.message : '无法加载登录信息');
            }
            return;
          }
        }
      }
      const corpId = corpIdFromUrl();
      if (inDingTalk() && corpId) {
        try {
          const authCode = await requestDingtalkAuthCode(corpId);
          const result = await post<TLoginResult>('/api/auth/dingtalk', { authCode });
          if (!cancelled) signIn(result);
          return;
        } catch (err) {
          if (!cancelled) setDingtalkError(err instanceof Error ? `钉钉免登失败：${err.message}` : '钉钉免登失败');
        }
      }
      if (!cancelled) setStatus('anonymous');
    })();
    return () => {
      cancelled = true;
    };
  }, [refreshMe, signIn, message]);

  const value = useMemo(
    () => ({ status, me, dingtalkError, signIn, signOut, refreshMe }),
    [status, me, dingtalkError, signIn, signOut, refreshMe],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}
