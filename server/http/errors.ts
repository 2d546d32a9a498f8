import type { Context, Next } from 'koa';
import { z } from 'zod';
import { AppError, ERROR_STATUS, type ErrorCode } from '../lib/errors';
import { Prisma } from '../lib/db';
import { ResponseContractError } from './route';

export interface ErrorBody {
  code: ErrorCode;
  message: string;
  details?: unknown;
}

const STATUS_CODES: Partial<Record<number, { code: ErrorCode; message: string }>> = {
  400: { code: 'BAD_REQUEST', message: '请求格式不正确' },
  401: { code: 'UNAUTHENTICATED', message: '请先登录' },
  403: { code: 'FORBIDDEN', message: '没有权限执行此操作' },
  404: { code: 'ROUTE_NOT_FOUND', message: '请求的资源不存在' },
  405: { code: 'BAD_REQUEST', message: '不支持该请求方法' },
  413: { code: 'PAYLOAD_TOO_LARGE', message: '上传内容过大' },
  415: { code: 'UNSUPPORTED_MEDIA_TYPE', message: '不支持的内容类型' },
  429: { code: 'RATE_LIMITED', message: '请求过于频繁，请稍后再试' },
};

const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND']);
const UNAVAILABLE_PRISMA = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);
const UNAVAILABLE_MESSAGES =
  /Command timed out|Connection is closed|Stream isn't writeable|Redis connection is not ready|Reached the max retries per request|Connection terminated|timeout exceeded when trying to connect|Can't reach database server|Server has closed the connection|connect ECONNREFUSED|ECONNRESET|terminating connection/i;

/** PostgreSQL or Redis could not be reached (or stopped answering): the error, its cause or what it wraps says so. */
export function isServiceUnavailable(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 5) return false;
  const e = err as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown[]; name?: string };
  if (typeof e.code === 'string' && (UNAVAILABLE_CODES.has(e.code) || UNAVAILABLE_PRISMA.has(e.code))) return true;
  if (e.name === 'PrismaClientInitializationError' || e.name === 'MaxRetriesPerRequestError') return true;
  if (typeof e.message === 'string' && UNAVAILABLE_MESSAGES.test(e.message)) return true;
  if (Array.isArray(e.errors) && e.errors.some((x) => isServiceUnavailable(x, depth + 1))) return true;
  return isServiceUnavailable(e.cause, depth + 1);
}

export const SERVICE_UNAVAILABLE_BODY = { code: 'SERVICE_UNAVAILABLE', message: '服务暂不可用，请稍后重试' } as const;

/** Maps anything thrown below it to `{ code, message, details }`; only unknown errors become an opaque 500. */
export function toErrorResponse(
  err: unknown,
  requestId: string,
): { status: number; body: ErrorBody; unexpected: boolean } {
  if (err instanceof AppError)
    return {
      status: err.status,
      body: { code: err.code, message: err.message, details: err.details },
      unexpected: false,
    };
  if (!(err instanceof AppError) && isServiceUnavailable(err))
    return { status: 503, body: { ...SERVICE_UNAVAILABLE_BODY }, unexpected: false };
  if (err instanceof z.ZodError) {
    const details = err.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    const first = details[0];
    return {
      status: 400,
      body: {
        code: 'VALIDATION_FAILED',
        message: first ? `输入有误：${first.path ? `${first.path} ` : ''}${first.message}` : '输入有误',
        details,
      },
      unexpected: false,
    };
  }
  if (err instanceof Prisma.PrismaClientKnownRequestError) {
    const target = (err.meta as { target?: unknown } | undefined)?.target;
    switch (err.code) {
      case 'P2002':
        return {
          status: 409,
          body: { code: 'CONFLICT', message: '数据重复：已存在相同的记录', details: { fields: target } },
          unexpected: false,
        };
      case 'P2025':
        return { status: 404, body: { code: 'NOT_FOUND', message: '记录不存在或已被删除' }, unexpected: false };
      case 'P2003':
        return {
          status: 409,
          body: { code: 'CONFLICT', message: '存在关联数据，无法完成此操作', details: { field: err.meta?.field_name } },
          unexpected: false,
        };
      case 'P2000':
        return {
          status: 400,
          body: { code: 'VALIDATION_FAILED', message: '输入内容过长', details: { column: err.meta?.column_name } },
          unexpected: false,
        };
      case 'P2034':
        return { status: 409, body: { code: 'CONFLICT', message: '并发操作冲突，请重试' }, unexpected: false };
      case 'P2028': // transaction could not start or finish in time: the write was rolled back
        return {
          status: 503,
          body: { code: 'SERVICE_UNAVAILABLE', message: '系统繁忙，本次操作未保存，请稍后重试' },
          unexpected: false,
        };
    }
  }
  // koa / koa-body / http-errors: status with `expose` for client errors
  const httpErr = err as { status?: number; statusCode?: number; expose?: boolean; message?: string };
  const status = httpErr.status ?? httpErr.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const known = STATUS_CODES[status] ?? { code: 'BAD_REQUEST' as ErrorCode, message: '请求不正确' };
    return {
      status,
      body: {
        code: known.code,
        message: known.message,
        details: httpErr.expose ? { reason: httpErr.message } : undefined,
      },
      unexpected: false,
    };
  }
  // Only raised outside production: the differences help whoever reads the failing test or the console.
  if (err instanceof ResponseContractError)
    return {
      status: ERROR_STATUS.INTERNAL,
      body: {
        code: 'INTERNAL',
        message: '服务器内部错误，请稍后重试',
        details: { requestId, responseContract: { route: err.route, issues: err.issues } },
      },
      unexpected: true,
    };
  return {
    status: ERROR_STATUS.INTERNAL,
    body: { code: 'INTERNAL', message: '服务器内部错误，请稍后重试', details: { requestId } },
    unexpected: true,
  };
}

export function errorMiddleware() {
  return async (ctx: Context, next: Next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) throw Object.assign(new Error('not found'), { status: 404 });
    } catch (err) {
      const { status, body, unexpected } = toErrorResponse(err, ctx.state.requestId);
      if (err instanceof ResponseContractError)
        ctx.state.log?.error({ err, route: err.route, issues: err.issues }, 'response does not match its schema');
      else if (unexpected) ctx.state.log?.error({ err }, 'unhandled error');
      else if (status === 503) ctx.state.log?.warn({ err }, 'dependency unavailable');
      else ctx.state.log?.info({ code: body.code, status }, 'request rejected');
      ctx.status = status;
      ctx.body = body;
    }
  };
}
