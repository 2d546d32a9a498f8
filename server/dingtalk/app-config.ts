import type { Config } from '../config';

/** One DingTalk internal app (企业内部应用) and where to reach DingTalk. */
export interface DingtalkAppConfig {
  corpId: string;
  appKey: string;
  appSecret: string;
  agentId: string;
  miniAppId?: string | null;
  oapiBaseUrl: string;
  apiBaseUrl: string;
  callbackToken?: string | null;
  callbackAesKey?: string | null;
  callbackMode?: 'http' | 'stream';
}

/**
 * Where the app in use comes from. Supplied by the 钉钉设置 module through `deps.dingtalkApp`, so this folder never
 * imports a business module (the settings row may override the environment at any time).
 */
export type DingtalkAppSource = () => Promise<DingtalkAppConfig>;

/** The app as configured by environment variables only (development defaults point at the emulator). */
export function envDingtalkApp(config: Config): DingtalkAppConfig {
  return {
    corpId: config.DINGTALK_CORP_ID,
    appKey: config.DINGTALK_APP_KEY,
    appSecret: config.DINGTALK_APP_SECRET,
    agentId: config.DINGTALK_AGENT_ID,
    miniAppId: config.DINGTALK_MINIAPP_ID,
    oapiBaseUrl: config.dingtalk.oapiBaseUrl,
    apiBaseUrl: config.dingtalk.apiBaseUrl,
    callbackToken: config.DINGTALK_CALLBACK_TOKEN,
    callbackAesKey: config.DINGTALK_CALLBACK_AES_KEY,
    callbackMode: 'http',
  };
}

/** DingTalk's API hosts: the only ones the AppSecret and tokens may be sent to in production. */
export const DINGTALK_HOSTS = ['oapi.dingtalk.com', 'api.dingtalk.com'] as const;

/** Whether a base URL may be used: any in development and tests (the emulator), DingTalk's hosts over https in production. */
export function isAllowedDingtalkBaseUrl(url: string, nodeEnv: string): boolean {
  if (nodeEnv !== 'production') return true;
  try {
    const u = new URL(url);
    return u.protocol === 'https:' && (DINGTALK_HOSTS as readonly string[]).includes(u.hostname) && !u.port;
  } catch {
    return false;
  }
}
