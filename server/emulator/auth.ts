/**
 * Auth family: access tokens (oapi /gettoken and v1.0 /oauth2/accessToken), 免登 auth codes and getuserinfo.
 * Control: issue an auth code, expire every token, register another app.
 */
import { createHash, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { randomAscii } from '../dingtalk/crypto';
import {
  apiErr,
  badRequest,
  json,
  notFound,
  oapiErr,
  ok,
  type ApiRoute,
  type ControlRoute,
  type EmulatorApp,
  type EmulatorCore,
  type EmulatorFamily,
  type HttpAnswer,
  type PublicRoute,
} from './shared';

const ZApp = z.object({
  corpId: z.string(),
  appKey: z.string(),
  appSecret: z.string(),
  agentId: z.string(),
  callbackToken: z.string(),
  callbackAesKey: z.string().length(43),
});

export class AuthFamily implements EmulatorFamily {
  tokens = new Map<string, { appKey: string; expiresAt: number }>();
  appTokens = new Map<string, string>();
  authCodes = new Map<string, { userid: string; expiresAt: number; appKey?: string }>();

  constructor(private readonly core: EmulatorCore) {}

  reset(): void {
    this.tokens.clear();
    this.appTokens.clear();
    this.authCodes.clear();
  }

  /** The app behind an access token, or DingTalk's answer for a missing / unknown / expired one. */
  authenticate(token: string, isNew: boolean): EmulatorApp | HttpAnswer {
    const tok = this.tokens.get(token);
    if (!tok)
      return isNew
        ? apiErr(400, 'InvalidAuthentication', '不合法的access_token')
        : oapiErr(40014, '不合法的access_token');
    if (tok.expiresAt <= this.core.now)
      return isNew ? apiErr(400, 'InvalidAuthentication', 'access_token超时') : oapiErr(42001, 'access_token超时');
    return this.core.apps.get(tok.appKey)!;
  }

  private issueToken(appKey: string): { token: string; ttl: number } {
    const now = this.core.now;
    const ttl = this.core.opts.tokenTtlSeconds;
    const existing = this.appTokens.get(appKey);
    const live = existing ? this.tokens.get(existing) : undefined;
    if (existing && live && live.expiresAt > now) {
      live.expiresAt = now + ttl * 1000; // fetching again while valid returns the same token and extends it
      return { token: existing, ttl };
    }
    const token = createHash('md5').update(`${appKey}${randomUUID()}`).digest('hex');
    this.tokens.set(token, { appKey, expiresAt: now + ttl * 1000 });
    this.appTokens.set(appKey, token);
    return { token, ttl };
  }

  readonly publicRoutes: readonly PublicRoute[] = [
    {
      method: 'GET',
      path: '/gettoken',
      run: ({ url }) => {
        const app = this.core.apps.get(url.searchParams.get('appkey') ?? '');
        if (!app || app.appSecret !== url.searchParams.get('appsecret'))
          return oapiErr(40089, '不合法的corpId或corpSecret');
        const { token, ttl } = this.issueToken(app.appKey);
        return json({ errcode: 0, access_token: token, errmsg: 'ok', expires_in: ttl });
      },
    },
    {
      method: 'POST',
      path: '/v1.0/oauth2/accessToken',
      run: ({ body: b }) => {
        if (!b.appKey || !b.appSecret) return apiErr(400, 'MissingParameter', 'body is mandatory for this action');
        const app = this.core.apps.get(String(b.appKey));
        if (!app || app.appSecret !== b.appSecret)
          return apiErr(400, 'invalidClientIdOrSecret', '无效的clientId或者clientSecret');
        const { token, ttl } = this.issueToken(app.appKey);
        return json({ accessToken: token, expireIn: ttl });
      },
    },
  ];

  readonly apiRoutes: readonly ApiRoute[] = [
    {
      method: 'POST',
      path: '/topapi/v2/user/getuserinfo',
      run: ({ app, body: b }) => {
        if (!b.code) return oapiErr(41026, '缺少tmp_auth_code');
        const code = String(b.code);
        const c = this.authCodes.get(code);
        this.authCodes.delete(code); // single use, even when expired
        if (!c || c.expiresAt <= this.core.now || (c.appKey && c.appKey !== app.appKey))
          return oapiErr(40078, '不存在的临时授权码');
        const u = this.core.users.get(c.userid);
        if (!u || !u.active) return oapiErr(60121, '找不到该用户');
        return ok({
          result: {
            userid: u.userid,
            device_id: createHash('md5').update(u.userid).digest('hex').slice(0, 12),
            sys: u.sysLevel > 0,
            sys_level: u.sysLevel,
            associated_unionid: '',
            unionid: u.unionid,
            name: u.name,
          },
        });
      },
    },
  ];

  readonly controlRoutes: readonly ControlRoute[] = [
    {
      method: 'POST',
      path: '/auth-codes',
      run: ({ body: b }) => {
        const userid = typeof b.userid === 'string' ? b.userid : '';
        if (!this.core.users.has(userid)) return notFound(`用户 ${userid} 不存在`);
        const authCode = randomAscii(32);
        this.authCodes.set(authCode, { userid, expiresAt: this.core.now + 300_000 });
        return json({ authCode, expiresIn: 300 });
      },
    },
    {
      method: 'POST',
      path: '/tokens/expire',
      run: () => {
        for (const t of this.tokens.values()) t.expiresAt = this.core.now - 1;
        return json({ expired: this.tokens.size });
      },
    },
    {
      method: 'POST',
      path: '/apps',
      run: ({ body: b }) => {
        const parsed = ZApp.safeParse(b);
        if (!parsed.success) return badRequest('应用参数不完整');
        this.core.apps.set(parsed.data.appKey, parsed.data);
        return json({ appKey: parsed.data.appKey }, 201);
      },
    },
  ];
}
