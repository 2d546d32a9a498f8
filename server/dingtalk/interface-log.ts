import type { Db } from '../lib/db';
import type { Logger } from '../lib/logger';

/** Keys whose values never reach the interface log (case-insensitive). */
const SECRET_KEYS =
  /^(appsecret|app_secret|client_secret|clientsecret|corpsecret|access_token|accesstoken|x-acs-dingtalk-access-token|sign|secret|aeskey|aes_key|callbackaeskey|password|authcode|tmp_auth_code|ticket)$/i;

/** Deep copy with secrets replaced by a hint (first 3 characters + ***), so a log shows which value was used without revealing it. */
export function maskSecrets(value: unknown, depth = 0): unknown {
  if (depth > 8 || value === null || value === undefined) return value;
  if (Array.isArray(value)) return value.map((v) => maskSecrets(v, depth + 1));
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      out[k] =
        SECRET_KEYS.test(k) && (typeof v === 'string' || typeof v === 'number')
          ? maskValue(String(v))
          : maskSecrets(v, depth + 1);
    }
    return out;
  }
  return value;
}

export function maskValue(v: string): string {
  return v.length <= 6 ? '***' : `${v.slice(0, 3)}***`;
}

/** Removes secrets from a URL's query string (access_token, sign …). */
export function maskUrl(url: string): string {
  return url.replace(
    /([?&])(access_token|sign|appsecret|appSecret|corpsecret)=([^&]*)/g,
    (_m, sep: string, k: string, v: string) => `${sep}${k}=${maskValue(decodeURIComponent(v))}`,
  );
}

export interface InterfaceLogEntry {
  direction: 'out' | 'in';
  api: string;
  method?: string;
  status?: number;
  ok: boolean;
  durationMs?: number;
  request?: unknown;
  response?: unknown;
  error?: string;
  requestId?: string;
}

const MAX_JSON_CHARS = 16_000;

function jsonForLog(v: unknown): object | undefined {
  if (v === undefined) return undefined;
  const masked = maskSecrets(v);
  const text = JSON.stringify(masked) ?? 'null';
  if (text.length > MAX_JSON_CHARS) return { truncated: true, preview: text.slice(0, MAX_JSON_CHARS) };
  return masked !== null && typeof masked === 'object' ? masked : { value: masked };
}

/** Writes one 接口日志 row. Never throws: a logging failure must not fail the business call. */
export async function writeInterfaceLog(
  db: Db | undefined,
  logger: Logger | undefined,
  e: InterfaceLogEntry,
): Promise<void> {
  if (!db) return;
  try {
    await db.interfaceLog.create({
      data: {
        direction: e.direction,
        api: e.api.slice(0, 200),
        method: e.method,
        status: e.status,
        ok: e.ok,
        durationMs: e.durationMs === undefined ? undefined : Math.round(e.durationMs),
        request: jsonForLog(e.request),
        response: jsonForLog(e.response),
        error: e.error?.slice(0, 4000),
        requestId: e.requestId?.slice(0, 64),
      },
    });
  } catch (err) {
    logger?.warn({ err: err instanceof Error ? err.message : String(err), api: e.api }, 'interface log write failed');
  }
}
