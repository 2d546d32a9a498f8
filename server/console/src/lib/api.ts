/**
 * The console's HTTP client: bearer token from the session, JSON in and out, and one error type carrying
 * the API's `{ code, message, details }`. 401 sends the user back to the login page; 403
 * PASSWORD_CHANGE_REQUIRED opens the forced change-password screen.
 */
import { ERROR_CODES, type TErrorCode } from '../../../../shared/api/errors';

/**
 * The error body: `code` is one of shared/api/errors.ts (branch on it, never on `message`), or one of the
 * console's own: NETWORK (no answer) and HTTP_<status> (an answer without the envelope).
 */
export interface ErrorBody {
  code: TErrorCode | 'NETWORK' | `HTTP_${number}`;
  message: string;
  details?: unknown;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: ErrorBody['code'];
  readonly details: unknown;
  constructor(status: number, body: ErrorBody) {
    super(body.message);
    this.name = 'ApiError';
    this.status = status;
    this.code = body.code;
    this.details = body.details;
  }
}

const TOKEN_KEY = 'gentou.console.token';

export const session = {
  get token(): string | null {
    try {
      return window.localStorage.getItem(TOKEN_KEY);
    } catch {
      return null;
    }
  },
  set(token: string): void {
    window.localStorage.setItem(TOKEN_KEY, token);
  },
  clear(): void {
    window.localStorage.removeItem(TOKEN_KEY);
  },
};

export type SessionEvent = 'unauthorized' | 'password-change-required';
const listeners = new Set<(e: SessionEvent) => void>();
export function onSessionEvent(fn: (e: SessionEvent) => void): () => void {
  listeners.add(fn);
  return () => {
    listeners.delete(fn);
  };
}
const emit = (e: SessionEvent) => listeners.forEach((fn) => fn(e));

export type Query = Record<string, string | number | boolean | null | undefined>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') qs.set(k, String(v));
  const s = qs.toString();
  return s ? `${path}?${s}` : path;
}

function isApiErrorBody(v: unknown): v is ErrorBody {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as { code?: unknown }).code === 'string' &&
    typeof (v as { message?: unknown }).message === 'string'
  );
}

async function request(method: string, path: string, body?: unknown, query?: Query): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const token = session.token;
  if (token) headers.Authorization = `Bearer ${token}`;
  let payload: BodyInit | undefined;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  let res: Response;
  try {
    res = await fetch(withQuery(path, query), { method, headers, body: payload });
  } catch {
    throw new ApiError(0, { code: 'NETWORK', message: '无法连接服务器，请检查网络后重试' });
  }
  if (res.ok) return res;
  let errBody: ErrorBody = { code: `HTTP_${res.status}`, message: `请求失败（${res.status}）` };
  try {
    const parsed: unknown = await res.json();
    if (isApiErrorBody(parsed)) errBody = parsed;
  } catch {
    /* not JSON */
  }
  if (res.status === 404 && (errBody.code === 'HTTP_404' || errBody.code === ERROR_CODES.ROUTE_NOT_FOUND))
    errBody = { code: ERROR_CODES.ROUTE_NOT_FOUND, message: '接口不存在（该功能的服务端尚未上线）' };
  const err = new ApiError(res.status, errBody);
  if (res.status === 401 && path !== '/api/auth/password' && path !== '/api/auth/dingtalk') emit('unauthorized');
  if (res.status === 403 && err.code === ERROR_CODES.PASSWORD_CHANGE_REQUIRED) emit('password-change-required');
  throw err;
}

export async function api<T>(
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  body?: unknown,
  query?: Query,
): Promise<T> {
  const res = await request(method, path, body, query);
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export const get = <T>(path: string, query?: Query) => api<T>('GET', path, undefined, query);
export const post = <T>(path: string, body?: unknown) => api<T>('POST', path, body ?? {});
export const put = <T>(path: string, body?: unknown) => api<T>('PUT', path, body ?? {});
export const patch = <T>(path: string, body?: unknown) => api<T>('PATCH', path, body ?? {});
export const del = <T>(path: string) => api<T>('DELETE', path);

/** A file the API answers (exports, templates, receipts), fetched with the caller's token, with its file name. */
export async function fetchFile(
  path: string,
  fallbackName: string,
  query?: Query,
): Promise<{ blob: Blob; name: string }> {
  const res = await request('GET', path, undefined, query);
  const blob = await res.blob();
  const cd = res.headers.get('Content-Disposition') ?? '';
  const m = /filename\*=UTF-8''([^;]+)/i.exec(cd) ?? /filename="?([^";]+)"?/i.exec(cd);
  return { blob, name: m?.[1] ? decodeURIComponent(m[1]) : fallbackName };
}

/** Hands a blob to the browser as a download. */
export function saveFile(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Downloads a file the API produces (Excel templates, exports) with the caller's token. */
export async function download(path: string, fallbackName: string, query?: Query): Promise<void> {
  const { blob, name } = await fetchFile(path, fallbackName, query);
  saveFile(blob, name);
}

/** The message to show for any failure. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  if (err instanceof Error) return err.message;
  return '操作失败，请稍后重试';
}
