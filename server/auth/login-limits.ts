/**
 * Attempt limits on password checks, in Redis (rate-limiter-flexible), shared by every API process:
 *  - per source address: failed logins from one address, whatever the username;
 *  - per account and address: failed logins for one username from one address (an unknown username counts exactly
 *    like a known one, so the answer never tells them apart);
 *  - per account: failed logins for one username from everywhere (slows a guess spread over many addresses);
 *  - change-password: wrong old passwords per user.
 * Over a limit the answer is 429 with the wait in Chinese (`details.retryAfterSeconds`, and a Retry-After header).
 * A successful login clears the account's counters; the system admin's 解锁 clears them too.
 */
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { Context } from 'koa';
import type { Deps } from '../deps';
import { AppError } from '../lib/errors';

export const LOGIN_LIMITS = {
  perAddress: { points: 30, duration: 15 * 60 },
  perAccountAddress: { points: 5, duration: 15 * 60 },
  perAccount: { points: 50, duration: 60 * 60 },
  changePassword: { points: 5, duration: 15 * 60 },
} as const;

type Kind = keyof typeof LOGIN_LIMITS;

const limiters = new WeakMap<object, Record<Kind, RateLimiterRedis>>();

function limitersOf(deps: Deps): Record<Kind, RateLimiterRedis> {
  let l = limiters.get(deps.redis);
  if (!l) {
    const make = (kind: Kind) =>
      new RateLimiterRedis({
        storeClient: deps.redis,
        keyPrefix: `${deps.prefix}:limit:${kind}`,
        points: LOGIN_LIMITS[kind].points,
        duration: LOGIN_LIMITS[kind].duration,
        blockDuration: LOGIN_LIMITS[kind].duration,
        rejectIfRedisNotReady: true,
      });
    l = {
      perAddress: make('perAddress'),
      perAccountAddress: make('perAccountAddress'),
      perAccount: make('perAccount'),
      changePassword: make('changePassword'),
    };
    limiters.set(deps.redis, l);
  }
  return l;
}

const accountKey = (username: string) => username.trim().toLowerCase();

function tooMany(msBeforeNext: number, ctx?: Context): AppError {
  const seconds = Math.max(1, Math.ceil(msBeforeNext / 1000));
  const wait = seconds >= 60 ? `${Math.ceil(seconds / 60)} 分钟` : `${seconds} 秒`;
  ctx?.set('Retry-After', String(seconds));
  return new AppError('RATE_LIMITED', `尝试次数过多，请 ${wait}后再试`, { retryAfterSeconds: seconds });
}

async function blocked(limiter: RateLimiterRedis, key: string): Promise<number> {
  const res = await limiter.get(key);
  return res && res.consumedPoints >= limiter.points ? res.msBeforeNext : 0;
}

/** Before a password is checked: 429 when the address or the account is over its limit. */
export async function assertLoginAllowed(deps: Deps, ip: string, username: string, ctx?: Context): Promise<void> {
  const l = limitersOf(deps);
  const u = accountKey(username);
  const waits = await Promise.all([
    blocked(l.perAddress, ip),
    blocked(l.perAccountAddress, `${u}|${ip}`),
    blocked(l.perAccount, u),
  ]);
  const wait = Math.max(...waits);
  if (wait > 0) throw tooMany(wait, ctx);
}

/** After a failed check; throws the 429 when this failure reached a limit. */
export async function recordLoginFailure(deps: Deps, ip: string, username: string, ctx?: Context): Promise<void> {
  const l = limitersOf(deps);
  const u = accountKey(username);
  const results = await Promise.allSettled([
    l.perAddress.consume(ip),
    l.perAccountAddress.consume(`${u}|${ip}`),
    l.perAccount.consume(u),
  ]);
  for (const r of results) {
    if (r.status === 'rejected' && !(r.reason instanceof RateLimiterRes)) throw r.reason;
  }
  const waits = results.map((r) => (r.status === 'rejected' ? (r.reason as RateLimiterRes).msBeforeNext : 0));
  if (Math.max(...waits) > 0) throw tooMany(Math.max(...waits), ctx);
}

/** A successful login: the account's counters start again (the address's do not). */
export async function clearLoginFailures(deps: Deps, ip: string | undefined, username: string): Promise<void> {
  const l = limitersOf(deps);
  const u = accountKey(username);
  await Promise.all([l.perAccount.delete(u), ip ? l.perAccountAddress.delete(`${u}|${ip}`) : undefined]);
  if (!ip) {
    // the admin's 解锁: every address's counter of the account
    const keys = await scanKeys(deps, `${deps.prefix}:limit:perAccountAddress:${u}|*`);
    if (keys.length) await deps.redis.del(...keys);
  }
}

async function scanKeys(deps: Deps, pattern: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await deps.redis.scan(cursor, 'MATCH', pattern, 'COUNT', 200);
    cursor = next;
    keys.push(...batch);
  } while (cursor !== '0');
  return keys;
}

/** change-password: 429 once a user has given the wrong old password too often. */
export async function assertPasswordChangeAllowed(deps: Deps, userId: number, ctx?: Context): Promise<void> {
  const wait = await blocked(limitersOf(deps).changePassword, String(userId));
  if (wait > 0) throw tooMany(wait, ctx);
}

export async function recordPasswordChangeFailure(deps: Deps, userId: number, ctx?: Context): Promise<void> {
  try {
    await limitersOf(deps).changePassword.consume(String(userId));
  } catch (err) {
    if (err instanceof RateLimiterRes) throw tooMany(err.msBeforeNext, ctx);
    throw err;
  }
}
