import type { Deps } from '../../deps';
import { envDingtalkApp, isAllowedDingtalkBaseUrl, type DingtalkAppConfig } from '../../dingtalk/app-config';
import { openSecret } from '../../lib/secret-box';

/** The one settings row (钉钉设置). */
export const SETTING = 'default';

/** The DingTalk app in use: the settings row (secrets decrypted) when an admin has saved one, else the environment. */
export async function loadDingtalkApp(deps: Pick<Deps, 'config' | 'db'>): Promise<DingtalkAppConfig> {
  const env = envDingtalkApp(deps.config);
  const row = await deps.db.dingtalkSetting.findUnique({ where: { name: SETTING } });
  if (!row) return env;
  const key = deps.config.secretKey;
  const allowed = (url: string | null) =>
    url && isAllowedDingtalkBaseUrl(url, deps.config.NODE_ENV) ? url : undefined;
  return {
    corpId: row.corpId,
    appKey: row.appKey,
    appSecret: openSecret(row.appSecretEnc, key),
    agentId: row.agentId,
    miniAppId: row.miniAppId,
    // a stored URL outside DingTalk's hosts is never used in production (the AppSecret would go there)
    oapiBaseUrl: allowed(row.oapiBaseUrl) ?? env.oapiBaseUrl,
    apiBaseUrl: allowed(row.apiBaseUrl) ?? env.apiBaseUrl,
    callbackToken: row.callbackToken ?? env.callbackToken,
    callbackAesKey: row.callbackAesKeyEnc ? openSecret(row.callbackAesKeyEnc, key) : env.callbackAesKey,
    callbackMode: row.callbackMode === 'stream' ? 'stream' : 'http',
  };
}
