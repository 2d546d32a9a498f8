/**
 * The one wrapper around dd.httpRequest / dd.uploadFile: JSON in and out, `{ code, message, details }`
 * error bodies turned into ApiError with the server's Chinese message. No login logic here (see request.ts).
 */
import { ERROR_CODES } from '../../shared/api/errors';
import { config } from '../config';

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;
  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

export interface HttpRequest {
  method: DdHttpMethod;
  path: string;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  token?: string | null;
}

/** Messages for dd.httpRequest failures that never reached the server. */
const DD_ERRORS: Record<number, string> = {
  11: '服务地址未加入钉钉可信域名，请联系管理员',
  12: '网络异常，请检查网络后重试',
  13: '请求超时，请稍后重试',
  14: '服务器返回的数据无法解析',
};

export function urlOf(path: string, query?: HttpRequest['query']): string {
  const parts: string[] = [];
  if (query) {
    for (const key of Object.keys(query)) {
      const v = query[key];
      if (v !== undefined) parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(String(v))}`);
    }
  }
  return `${config.apiBase}${path}${parts.length ? `?${parts.join('&')}` : ''}`;
}

function parseBody(data: unknown): unknown {
  if (typeof data !== 'string') return data;
  if (data === '') return undefined;
  try {
    return JSON.parse(data);
  } catch (_e) {
    return data;
  }
}

/** The error a non-2xx answer stands for; bodies without our envelope get a generic Chinese message. */
export function errorFromResponse(status: number, data: unknown): ApiError {
  const body = parseBody(data);
  if (body && typeof body === 'object' && 'code' in body && 'message' in body) {
    const { code, message, details } = body as { code: unknown; message: unknown; details?: unknown };
    if (typeof code === 'string' && typeof message === 'string') return new ApiError(status, code, message, details);
  }
  if (status === 401) return new ApiError(status, ERROR_CODES.UNAUTHENTICATED, '登录已失效，请重新登录');
  // a 404 without our envelope: nothing at this path behind the gateway
  if (status === 404) return new ApiError(status, ERROR_CODES.ROUTE_NOT_FOUND, '请求的内容不存在');
  if (status >= 500) return new ApiError(status, 'INTERNAL', '服务器繁忙，请稍后重试');
  return new ApiError(status, 'HTTP_ERROR', `请求失败（${status}）`);
}

export function authHeaders(token?: string | null): Record<string, string> {
  return token ? { Authorization: `Bearer ${token}` } : {};
}

/** One HTTP round trip. Resolves with the parsed body of a 2xx answer; rejects with ApiError otherwise. */
export function send<T>(req: HttpRequest): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const headers: Record<string, string> = { Accept: 'application/json', ...authHeaders(req.token) };
    if (req.body !== undefined) headers['Content-Type'] = 'application/json';
    dd.httpRequest({
      url: urlOf(req.path, req.query),
      method: req.method,
      headers,
      data: req.body === undefined ? undefined : JSON.stringify(req.body),
      timeout: config.timeoutMs,
      dataType: 'text',
      success: (res) => {
        if (res.status >= 200 && res.status < 300) resolve(parseBody(res.data) as T);
        else reject(errorFromResponse(res.status, res.data));
      },
      fail: (err) => {
        if (typeof err.status === 'number' && err.status >= 400) reject(errorFromResponse(err.status, err.data));
        else
          reject(
            new ApiError(0, 'NETWORK', DD_ERRORS[err.error] ?? `网络请求失败（${err.error}）`, { ddError: err.error }),
          );
      },
    });
  });
}

/** Multipart upload of a local file (e.g. a receipt photo) as form field `file`. */
export function sendFile<T>(
  path: string,
  filePath: string,
  formData: Record<string, string>,
  token: string | null,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    dd.uploadFile({
      url: urlOf(path),
      filePath,
      fileName: 'file',
      fileType: 'image',
      header: authHeaders(token),
      formData,
      success: (res) => {
        if (res.statusCode >= 200 && res.statusCode < 300) resolve(parseBody(res.data) as T);
        else reject(errorFromResponse(res.statusCode, res.data));
      },
      fail: (err) =>
        reject(new ApiError(0, 'NETWORK', DD_ERRORS[err.error] ?? `上传失败（${err.error}）`, { ddError: err.error })),
    });
  });
}
