/**
 * The DingTalk settings API's paths. What it answers is shared/api/dingtalk.ts (secrets arrive masked).
 */
export const DINGTALK_API = {
  settings: '/api/admin/dingtalk/settings',
  testToken: '/api/admin/dingtalk/settings/test-token',
  robots: '/api/admin/dingtalk/robots',
  robot: (id: number) => `/api/admin/dingtalk/robots/${id}`,
  robotTest: (id: number) => `/api/admin/dingtalk/robots/${id}/test`,
  interfaceLogs: '/api/admin/interface-logs',
};

export const SECRET_FIELDS = ['appSecret', 'callbackAesKey'] as const;
