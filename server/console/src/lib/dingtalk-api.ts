/**
 * The DingTalk settings API as the console uses it. The DingTalk module owns the contract; these types
 * read what it sends defensively (secrets arrive masked, unknown fields are ignored).
 */
export interface TDingtalkSettings {
  corpId: string; appKey: string; agentId: string; miniAppId: string | null;
  /** masked, e.g. "abc***", or null when not set */
  appSecret: string | null; callbackAesKey: string | null;
  callbackToken: string | null; callbackMode: 'http' | 'stream'; callbackUrl?: string | null;
  oapiBaseUrl?: string | null; apiBaseUrl?: string | null;
  version: number; source?: string; updatedAt?: string | null;
}

export interface TRobot {
  id: number; name: string; orgUnit?: { id: number; name: string } | null; orgUnitId?: number | null; active: boolean; version: number;
  /** masked token and whether 加签 is set */
  accessToken?: string | null; hasSecret?: boolean; secret?: string | null;
}

export interface TTestResult { ok: boolean; message?: string; expiresIn?: number; durationMs?: number; error?: string }

export interface TInterfaceLog {
  id: string; at: string; direction: 'out' | 'in'; api: string; method: string | null; status: number | null; ok: boolean;
  durationMs: number | null; request: unknown; response: unknown; error: string | null; requestId: string | null;
}

export const SECRET_FIELDS = ['appSecret', 'callbackAesKey'] as const;
