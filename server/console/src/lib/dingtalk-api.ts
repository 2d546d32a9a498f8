/**
 * The DingTalk settings API as the console uses it. The DingTalk module owns the contract; these types
 * read what it sends defensively (secrets arrive masked, unknown fields are ignored).
 */
/** GET /api/admin/dingtalk/settings */
export interface TDingtalkSettings {
  corpId: string;
  appKey: string;
  agentId: string;
  miniAppId: string | null;
  /** masked, e.g. "abc***", or null when not set */
  appSecret: string | null;
  callbackAesKey: string | null;
  callbackToken: string | null;
  callbackMode: 'http' | 'stream';
  callbackUrl?: string | null;
  oapiBaseUrl?: string | null;
  apiBaseUrl?: string | null;
  effectiveOapiBaseUrl?: string;
  effectiveApiBaseUrl?: string;
  version: number;
  source?: 'database' | 'environment';
  updatedAt?: string | null;
}

export const DINGTALK_API = {
  settings: '/api/admin/dingtalk/settings',
  testToken: '/api/admin/dingtalk/settings/test-token',
  robots: '/api/admin/dingtalk/robots',
  robot: (id: number) => `/api/admin/dingtalk/robots/${id}`,
  robotTest: (id: number) => `/api/admin/dingtalk/robots/${id}/test`,
  interfaceLogs: '/api/admin/interface-logs',
};

export interface TRobot {
  id: number;
  name: string;
  orgUnitId: number | null;
  active: boolean;
  version: number;
  updatedAt?: string;
  /** masked token, and whether 加签 is set */
  accessToken: string | null;
  signed: boolean;
}

/** The 测试 actions answer 200 with ok=false and DingTalk's message when DingTalk refuses. */
export interface TTestResult {
  ok: boolean;
  message?: string;
  code?: string;
  expiresIn?: number;
}

export interface TInterfaceLog {
  id: string;
  at: string;
  direction: 'out' | 'in';
  api: string;
  method: string | null;
  status: number | null;
  ok: boolean;
  durationMs: number | null;
  request: unknown;
  response: unknown;
  error: string | null;
  requestId: string | null;
}

export const SECRET_FIELDS = ['appSecret', 'callbackAesKey'] as const;
