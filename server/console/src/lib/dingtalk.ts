/**
 * 免登 inside DingTalk (PC 管理后台地址 / 工作台): dingtalk-jsapi's requestAuthCode, then POST /api/auth/dingtalk.
 * The corpId comes from the page address (configure the admin URL as …/console/?corpId=$CORPID$).
 */
export function inDingTalk(): boolean {
  return /DingTalk/i.test(window.navigator.userAgent);
}

export function corpIdFromUrl(): string | null {
  const p = new URLSearchParams(window.location.search);
  return p.get('corpId') ?? p.get('corpid');
}

export async function requestDingtalkAuthCode(corpId: string): Promise<string> {
  const dd = (await import('dingtalk-jsapi')).default;
  const result = await dd.runtime.permission.requestAuthCode({ corpId });
  return result.code;
}
