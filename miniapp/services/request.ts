/**
 * Authenticated calls to the BFF: logs in silently when there is no session, retries once after a silent
 * re-login when the server answers 401, and toasts the server's Chinese message on failure unless the
 * caller handles errors itself (`quiet`).
 */
import { ensureSession, login } from './auth';
import { ApiError, send, sendFile, type HttpRequest } from './http';
import { clearSession } from './session';
import { toastError } from './ui';

export interface RequestOptions extends Omit<HttpRequest, 'token'> {
  /** Don't toast errors (the page shows them itself, e.g. as an empty or error state). */
  quiet?: boolean;
}

async function withSession<T>(call: (token: string) => Promise<T>): Promise<T> {
  const session = await ensureSession();
  try {
    return await call(session.token);
  } catch (err) {
    if (!(err instanceof ApiError) || err.status !== 401) throw err;
    // the token expired or was revoked: one silent re-login, then the same request once more
    clearSession();
    const fresh = await login();
    return call(fresh.token);
  }
}

export async function request<T>(opts: RequestOptions): Promise<T> {
  try {
    return await withSession((token) =>
      send<T>({ method: opts.method, path: opts.path, query: opts.query, body: opts.body, token }),
    );
  } catch (err) {
    if (!opts.quiet) toastError(err);
    throw err;
  }
}

export async function upload<T>(
  path: string,
  filePath: string,
  formData: Record<string, string> = {},
  opts: { quiet?: boolean } = {},
): Promise<T> {
  try {
    return await withSession((token) => sendFile<T>(path, filePath, formData, token));
  } catch (err) {
    if (!opts.quiet) toastError(err);
    throw err;
  }
}

export { ApiError };
