/**
 * Where the mini-program finds the BFF, per environment. The environment is fixed at build time
 * (`MINIAPP_ENV=dev|test|prod npm run miniapp:build`, default dev); `MINIAPP_API_BASE` overrides the URL.
 * Every base URL must also be on the app's trusted HTTP domain list in the DingTalk developer console.
 */
export type MiniappEnv = 'dev' | 'test' | 'prod';

export interface MiniappConfig {
  env: MiniappEnv;
  /** BFF origin, without a trailing slash. */
  apiBase: string;
  /** Fallback organisation id when the client does not expose dd.corpId. */
  corpId: string;
  /** Milliseconds before dd.httpRequest gives up. */
  timeoutMs: number;
}

export const config: MiniappConfig = {
  env: __MINIAPP_ENV__,
  apiBase: __MINIAPP_API_BASE__,
  corpId: __MINIAPP_CORP_ID__,
  timeoutMs: 15000,
};

/** The organisation to ask for an auth code: the one DingTalk opened us in, else the configured one. */
export function corpId(): string {
  return dd.corpId || config.corpId;
}
