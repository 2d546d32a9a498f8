import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { z } from 'zod';

/**
 * Opaque bearer tokens in Redis, so any API instance can serve any request. Each user also has a set of
 * their tokens so every session can be revoked at once (logout everywhere, password change, 离职).
 */
const ZSession = z.object({
  userId: z.number().int(),
  createdAt: z.number(),
  channel: z.enum(['password', 'dingtalk']),
});
export type Session = z.infer<typeof ZSession>;

export class SessionStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly ttlSeconds: number,
  ) {}

  private key = (token: string) => `${this.prefix}:session:${token}`;
  private userKey = (userId: number) => `${this.prefix}:user-sessions:${userId}`;

  async create(userId: number, channel: Session['channel']): Promise<{ token: string; expiresIn: number }> {
    const token = randomBytes(32).toString('base64url');
    const session: Session = { userId, createdAt: Date.now(), channel };
    await this.redis
      .multi()
      .set(this.key(token), JSON.stringify(session), 'EX', this.ttlSeconds)
      .sadd(this.userKey(userId), token)
      .expire(this.userKey(userId), this.ttlSeconds)
      .exec();
    return { token, expiresIn: this.ttlSeconds };
  }

  async get(token: string): Promise<Session | null> {
    if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
    const raw = await this.redis.get(this.key(token));
    if (!raw) return null;
    const parsed = ZSession.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  }

  async revoke(token: string): Promise<void> {
    const s = await this.get(token);
    const m = this.redis.multi().del(this.key(token));
    if (s) m.srem(this.userKey(s.userId), token);
    await m.exec();
  }

  /** Revokes every session of the user; returns how many were live. */
  async revokeAll(userId: number): Promise<number> {
    const tokens = await this.redis.smembers(this.userKey(userId));
    if (!tokens.length) return 0;
    const res = await this.redis
      .multi()
      .del(...tokens.map(this.key))
      .del(this.userKey(userId))
      .exec();
    return Number(res?.[0]?.[1] ?? 0);
  }
}
