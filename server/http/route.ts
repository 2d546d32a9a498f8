import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type Router from '@koa/router';
import { koaBody } from 'koa-body';
import type { Context } from 'koa';
import { z } from 'zod';
import type { Deps } from '../deps';
import { AppError, type ErrorCode } from '../lib/errors';
import { containsForbidden } from './input-guard';
import { ZNoContent } from '../../shared/api/common';
import type { Policy } from '../auth/policy';
import type { Actor } from '../auth/actor';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteInput<P, Q, B> {
  params: P;
  query: Q;
  body: B;
}
/** What a policy sees: validated path params, and the raw query and body (validated after access is granted). */
export interface PolicyInput<P> {
  params: P;
  query: unknown;
  body: unknown;
}

export interface RouteContext {
  ctx: Context;
  deps: Deps;
  /** The caller; present on every route whose policy requires a login. */
  actor: Actor;
  requestId: string;
  ip: string;
  /** Every route mounted together with this one (the API's own description is built from it). */
  routes: readonly AnyRoute[];
}

export interface RouteSpec<P = unknown, Q = unknown, B = unknown> {
  method: Method;
  path: string;
  /** Who may call it. Mandatory: the route × role matrix test fails for routes without an expectation. */
  policy: Policy<PolicyInput<P>>;
  summary: string;
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  /**
   * The JSON body on success, as a schema of shared/api (`Z…`). Required on every route that answers JSON
   * (test/integration/contracts.int.test.ts fails without it); `ZNoContent` for a route that answers 204.
   * Outside production every answer is checked against it (see checkResponse): a mismatch is a 500.
   */
  response?: z.ZodType;
  /**
   * Instead of `response`: a route that writes its own body (file downloads, the health probe, DingTalk's
   * callback) documents its content type here; `schema` describes a JSON body the route writes itself.
   */
  raw?: RawResponse;
  /** Status on success (default 200). */
  status?: number;
  /** Accepts one uploaded file (multipart field `file`, ≤ 10 MB), parsed only after access is granted. */
  upload?: boolean;
  handler: (rc: RouteContext, input: RouteInput<P, Q, B>) => Promise<unknown> | unknown;
}

export interface RawResponse {
  contentType: string;
  description: string;
  schema?: z.ZodType;
}

/** An Excel file to download (the project import template, the partner-list template, 投资明细). */
export const XLSX_DOWNLOAD: RawResponse = {
  contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  description: 'Excel 文件（Content-Disposition: attachment，文件名 UTF-8 编码）',
};

/**
 * A handler's JSON answer that is already text (a cached 首页): sent as it is, without a parse and a stringify.
 * Outside production it is held to the route's `response` schema like any other answer.
 */
export class JsonText {
  constructor(readonly text: string) {}
}

/** Typed helper: infers P/Q/B from the schemas. */
export function route<P = Record<string, never>, Q = Record<string, never>, B = undefined>(
  spec: RouteSpec<P, Q, B>,
): RouteSpec<P, Q, B> {
  return spec;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRoute = RouteSpec<any, any, any>;

/** Every mounted route, for the route × role matrix test and the API index. */
export const routeRegistry: AnyRoute[] = [];

/**
 * Answers are checked against their route's schema everywhere but in production (where it would cost every
 * request a JSON round-trip and a parse). What is checked is the JSON the client receives (a Date is checked as
 * its ISO string), and nothing is changed: the check only reports.
 */
export function shouldCheckResponses(deps: Deps): boolean {
  return deps.config.NODE_ENV !== 'production';
}

/** The answer of a handler does not match its route's `response` schema: a bug in the BFF, answered as a 500. */
export class ResponseContractError extends Error {
  constructor(
    readonly route: string,
    readonly issues: { path: string; message: string; code: string }[],
  ) {
    super(
      `response of ${route} does not match its schema: ${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`,
    );
    this.name = 'ResponseContractError';
  }
}

/** Checks one answer against its schema; throws ResponseContractError with the differences. */
export function checkResponse(spec: AnyRoute, result: unknown): void {
  if (!spec.response) return;
  const route = `${spec.method} ${spec.path}`;
  if (spec.response === ZNoContent) {
    if (result !== undefined)
      throw new ResponseContractError(route, [{ path: '', code: 'no_content', message: '应无响应体（204）' }]);
    return;
  }
  const wire = result === undefined ? undefined : JSON.parse(JSON.stringify(result));
  const parsed = spec.response.safeParse(wire);
  if (!parsed.success)
    throw new ResponseContractError(
      route,
      parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message, code: i.code })),
    );
}

export function mountRoutes(router: Router, deps: Deps, specs: AnyRoute[]): void {
  const checking = shouldCheckResponses(deps);
  for (const spec of specs) {
    if (!spec.policy) throw new Error(`route ${spec.method} ${spec.path} declares no policy`);
    if (!routeRegistry.some((r) => r.method === spec.method && r.path === spec.path)) routeRegistry.push(spec);
    const method = spec.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
    router[method](spec.path, async (ctx) => {
      // Access is decided before the body is validated, so a caller without access learns nothing from 400s.
      // A path whose ids are not plain positive integers within the column's range names no record: 404.
      const parsedParams = spec.params
        ? spec.params.safeParse(ctx.params)
        : { success: true as const, data: ctx.params };
      if (!parsedParams.success) throw new AppError('NOT_FOUND', '请求的记录不存在');
      const params = parsedParams.data;
      const actor = ctx.state.actor as Actor | undefined;
      if (spec.policy.requiresLogin && !actor) throw new AppError('UNAUTHENTICATED', '请先登录');
      if (actor?.mustChangePassword && spec.policy.requiresLogin && !spec.policy.allowsPendingPasswordChange) {
        throw new AppError('PASSWORD_CHANGE_REQUIRED', '首次登录请先修改初始密码');
      }
      const allowed = await spec.policy.check({
        actor,
        input: { params, query: ctx.query, body: ctx.request.body },
        deps,
        ctx,
      });
      if (!allowed)
        throw new AppError('FORBIDDEN', spec.policy.denyMessage ?? '没有权限执行此操作', { policy: spec.policy.name });
      const uploadDir = spec.upload ? await mkdtemp(path.join(tmpdir(), 'gentou-upload-')) : undefined;
      let result: unknown;
      try {
        if (uploadDir) await parseUpload(ctx, uploadDir);
        const input = {
          params,
          query: spec.query ? spec.query.parse(ctx.query) : ctx.query,
          body: spec.body ? spec.body.parse(ctx.request.body ?? {}) : undefined,
        };
        result = await spec.handler(
          { ctx, deps, actor: actor as Actor, requestId: ctx.state.requestId, ip: ctx.ip, routes: specs },
          input,
        );
      } finally {
        // temp files never outlive the request, whether the upload, the validation or the handler failed
        if (uploadDir) await rm(uploadDir, { recursive: true, force: true }).catch(() => undefined);
      }
      if (result instanceof JsonText) {
        if (checking) checkResponse(spec, JSON.parse(result.text));
        ctx.status = spec.status ?? 200;
        ctx.type = 'application/json';
        ctx.body = result.text;
        return;
      }
      if (checking && !spec.raw) checkResponse(spec, result);
      // a route that writes its own JSON body is held to the schema it documents
      else if (checking && spec.raw?.schema && ctx.response.is('json'))
        checkResponse({ ...spec, response: spec.raw.schema }, ctx.body);
      if (result !== undefined) {
        ctx.status = spec.status ?? 200;
        ctx.body = result;
      } else if (ctx.body === undefined) {
        ctx.status = 204;
      }
    });
  }
}

/** The largest file any route accepts; routes may set a lower limit of their own. */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

/** formidable's error numbers (formidable/src/FormidableError.js) that are the client's doing, in Chinese. */
const UPLOAD_ERRORS: Record<number, [ErrorCode, string]> = {
  1006: ['PAYLOAD_TOO_LARGE', '表单字段内容过大'],
  1007: ['VALIDATION_FAILED', '表单字段过多'],
  1009: ['PAYLOAD_TOO_LARGE', '上传文件不能超过 10 MB'],
  1010: ['VALIDATION_FAILED', '上传的文件为空'],
  1015: ['VALIDATION_FAILED', '一次只能上传一个文件'],
  1016: ['PAYLOAD_TOO_LARGE', '上传文件不能超过 10 MB'],
};

async function parseUpload(ctx: Context, uploadDir: string): Promise<void> {
  if (!ctx.is('multipart'))
    throw new AppError('VALIDATION_FAILED', '请以 multipart/form-data 上传文件', [
      { path: 'file', message: '请选择文件' },
    ]);
  const parser = koaBody({
    multipart: true,
    formidable: {
      uploadDir,
      maxFileSize: MAX_UPLOAD_BYTES,
      maxTotalFileSize: MAX_UPLOAD_BYTES,
      maxFiles: 1,
      maxFields: 20,
      maxFieldsSize: 64 * 1024,
    },
  });
  try {
    await parser(ctx, async () => undefined);
  } catch (err) {
    const e = err as { code?: number; httpCode?: number };
    const known = typeof e.code === 'number' ? UPLOAD_ERRORS[e.code] : undefined;
    if (known) throw new AppError(known[0], known[1]);
    if (typeof e.httpCode === 'number' && e.httpCode >= 400 && e.httpCode < 500)
      throw new AppError('BAD_REQUEST', '上传内容格式不正确');
    throw new AppError('BAD_REQUEST', '上传内容格式不正确', undefined, { cause: err });
  }
  if (containsForbidden(ctx.request.body)) throw new AppError('BAD_REQUEST', '请求内容含有无法识别的字符');
}
