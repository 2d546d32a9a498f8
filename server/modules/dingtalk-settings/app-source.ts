import type { Deps } from '../../deps';
import { envDingtalkApp, type DingtalkAppConfig } from '../../dingtalk/app-config';
import { openSecret } from '../../lib/secret-box';

/** The one settings row (钉钉设置). */
export const SETTING = 'default';

/** The DingTalk app in use: the settings row (secrets decrypted) when an admin has saved one, else the environment. */
export async function loadDingtalkApp(deps: Pick<Deps, 'config' | 'db'>): Promise<DingtalkAppConfig> {
  const env = envDingtalkApp(deps.config);
  const row = await deps.db.dingtalkSetting.findUnique({ where: { name: SETTING } });
  if (!row) return env;
  const key = deps.config.secretKey;
  return {
    corpId: row.corpId,
    appKey: row.appKey,
    appSecret: openSecret(row.appSecretEnc, key),
    agentId: row.agentId,
    miniAppId: row.miniAppId,
    oapiBaseUrl: row.oapiBaseUrl ?? env.oapiBaseUrl,
    apiBaseUrl: row.apiBaseUrl ?? env.apiBaseUrl,
    callbackToken: row.callbackToken ?? env.callbackToken,
    callbackAesKey: row.callbackAesKeyEnc ? openSecret(row.callbackAesKeyEnc, key) : env.callbackAesKey,
    callbackMode: row.callbackMode === 'stream' ? 'stream' : 'http',
  };
}
