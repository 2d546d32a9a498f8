import type { Context, Next } from 'koa';
import type { Deps } from '../deps';
import { SessionStore } from './session-store';
import type { Actor } from './actor';
import { findActorUser } from '../modules/auth/access-repository';

export const sessionStore = (deps: Deps) => new SessionStore(deps.redis, deps.prefix, deps.config.SESSION_TTL_SECONDS);

export function bearerToken(ctx: Context): string | null {
  const h = ctx.get('authorization');
  const m = /^Bearer\s+(\S+)$/i.exec(h);
  return m?.[1] ?? null;
}

/** Loads the caller for a live token. Users who left or were disabled lose their sessions here too. */
export async function loadActor(deps: Deps, token: string): Promise<Actor | null> {
  const store = sessionStore(deps);
  const session = await store.get(token);
  if (!session) return null;
  const user = await findActorUser(deps, session.userId);
  if (!user || user.status !== 'ACTIVE') {
    await store.revokeAll(session.userId);
    return null;
  }
  return {
    userId: user.id,
    name: user.name,
    username: user.username,
    dingUserId: user.dingUserId,
    roles: user.roles.map((r) => r.role),
    sessionId: token,
    mustChangePassword: user.mustChangePassword && session.channel === 'password',
    overviewVersion: user.overviewVersion,
  };
}

/** Sets ctx.state.actor when a valid bearer token is present; routes decide whether one is required. */
export function authenticate(deps: Deps) {
  return async (ctx: Context, next: Next) => {
    const token = bearerToken(ctx);
    if (token) ctx.state.actor = (await loadActor(deps, token)) ?? undefined;
    await next();
  };
}
