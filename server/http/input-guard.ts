/**
 * The parsing boundary: what no route should ever see. A path or query string that is not valid percent-encoded
 * UTF-8, and any string (path, query, JSON or form body, at any depth) holding a NUL byte or a lone UTF-16 surrogate,
 * is refused here with a 400 — PostgreSQL cannot store either, and no business text needs them.
 */
import type { Context, Next } from 'koa';
import { AppError } from '../lib/errors';

// eslint-disable-next-line no-control-regex
const FORBIDDEN = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** True when a string holds a NUL byte or a lone surrogate. */
export function hasForbiddenChars(s: string): boolean {
  return FORBIDDEN.test(s);
}

const badRequest = (where: string) =>
  new AppError('BAD_REQUEST', `请求${where}含有无法识别的字符`, { reason: 'invalid characters' });

function decodes(s: string): boolean {
  try {
    return !hasForbiddenChars(decodeURIComponent(s));
  } catch {
    return false;
  }
}

/** Before anything reads the URL (the console's static files included). */
export function pathGuard() {
  return async (ctx: Context, next: Next) => {
    if (!decodes(ctx.path)) throw badRequest('地址');
    const qs = ctx.querystring;
    if (qs && !qs.split('&').every((part) => decodes(part.replace(/\+/g, ' ')))) throw badRequest('参数');
    await next();
  };
}

/** After the body is parsed: every string of the query and the body, walked without recursion. */
export function bodyGuard() {
  return async (ctx: Context, next: Next) => {
    if (containsForbidden(ctx.query)) throw badRequest('参数');
    if (containsForbidden(ctx.request.body)) throw badRequest('内容');
    await next();
  };
}

export function containsForbidden(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length) {
    const v = stack.pop();
    if (typeof v === 'string') {
      if (hasForbiddenChars(v)) return true;
    } else if (Array.isArray(v)) {
      for (const x of v) stack.push(x);
    } else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (hasForbiddenChars(k)) return true;
        stack.push(x);
      }
    }
  }
  return false;
}
