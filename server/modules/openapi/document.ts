/**
 * The OpenAPI 3.1 description of the BFF, built from the route registry: every route's method, path, summary,
 * policy, params / query / body schemas and its response schema (shared/api, through z.toJSONSchema), plus the
 * error envelope. Schemas with an id (`.meta({ id })`) become components; everything else is inlined.
 */
import { z } from 'zod';
import type { AnyRoute } from '../../http/route';
import { ZApiError, ZNoContent } from '../../../shared/api/common';
import { ERROR_STATUS, type TErrorCode } from '../../../shared/api/errors';

type JsonSchema = Record<string, unknown>;
export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  servers: { url: string }[];
  paths: Record<string, Record<string, unknown>>;
  components: { schemas: Record<string, JsonSchema>; securitySchemes: Record<string, unknown> };
}

const DEFS = '#/$defs/';
const COMPONENTS = '#/components/schemas/';

/** A schema as JSON Schema 2020-12 (what OpenAPI 3.1 uses), its `$defs` moved into the components. */
function toSchema(schema: z.ZodType, components: Record<string, JsonSchema>): JsonSchema {
  // `input`: request schemas coerce and default; response objects are open (extra fields may be added later)
  const json = z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }) as JsonSchema;
  delete json.$schema;
  const defs = (json.$defs ?? {}) as Record<string, JsonSchema>;
  delete json.$defs;
  const relink = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(relink);
    if (v && typeof v === 'object') {
      const out: JsonSchema = {};
      for (const [k, x] of Object.entries(v)) {
        out[k] =
          k === '$ref' && typeof x === 'string' && x.startsWith(DEFS) ? COMPONENTS + x.slice(DEFS.length) : relink(x);
      }
      return out;
    }
    return v;
  };
  for (const [name, def] of Object.entries(defs)) components[name] = relink(def) as JsonSchema;
  return relink(json) as JsonSchema;
}

/** `/api/projects/:id/rounds/:roundId` → `/api/projects/{id}/rounds/{roundId}` */
export const openApiPath = (path: string) => path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

const paramNames = (path: string) => [...path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]!);

/** Error statuses any route may answer, and the ones that depend on what it does. */
function errorResponses(route: AnyRoute): Record<string, unknown> {
  const ref = { $ref: `${COMPONENTS}ApiError` };
  const codesFor = (status: number) =>
    (Object.keys(ERROR_STATUS) as TErrorCode[]).filter((c) => ERROR_STATUS[c] === status).join(' / ');
  const statuses = [400, 404, 409, 500];
  if (route.policy.requiresLogin) statuses.push(401, 403);
  // a link that carries its own access (signed, expiring): 403 when forged or expired
  else if (route.policy.name.startsWith('signed-link:')) statuses.push(403);
  if (route.upload) statuses.push(413, 415);
  if (route.method !== 'GET') statuses.push(422);
  const out: Record<string, unknown> = {};
  for (const s of statuses.sort())
    out[String(s)] = {
      description: `错误（code：${codesFor(s)}）`,
      content: { 'application/json': { schema: ref } },
    };
  return out;
}

function operation(route: AnyRoute, components: Record<string, JsonSchema>): Record<string, unknown> {
  const parameters: unknown[] = [];
  const paramsSchema = route.params ? toSchema(route.params, components) : undefined;
  const paramProps = (paramsSchema?.properties ?? {}) as Record<string, JsonSchema>;
  for (const name of paramNames(route.path))
    parameters.push({ name, in: 'path', required: true, schema: paramProps[name] ?? { type: 'string' } });
  if (route.query) {
    const q = toSchema(route.query, components);
    const required = new Set((q.required as string[] | undefined) ?? []);
    for (const [name, schema] of Object.entries((q.properties ?? {}) as Record<string, JsonSchema>))
      parameters.push({ name, in: 'query', required: required.has(name), schema });
  }
  const status = String(route.status ?? 200);
  const responses: Record<string, unknown> = {};
  if (route.raw) {
    responses[status] = {
      description: route.raw.description,
      content: { [route.raw.contentType]: { schema: route.raw.schema ? toSchema(route.raw.schema, components) : {} } },
    };
  } else if (route.response === ZNoContent) {
    responses['204'] = { description: '成功，无响应体' };
  } else if (route.response) {
    responses[status] = {
      description: '成功',
      content: { 'application/json': { schema: toSchema(route.response, components) } },
    };
  }
  Object.assign(responses, errorResponses(route));
  const op: Record<string, unknown> = {
    operationId: `${route.method.toLowerCase()}${openApiPath(route.path)
      .replace(/[{}]/g, '')
      .split(/[/-]/)
      .filter(Boolean)
      .map((p) => p[0]!.toUpperCase() + p.slice(1))
      .join('')}`,
    summary: route.summary,
    tags: [route.path.split('/')[2] ?? 'health'],
    'x-policy': route.policy.name,
    parameters,
    responses,
  };
  if (route.policy.requiresLogin) op.security = [{ bearer: [] }];
  else op.security = [];
  if (route.upload)
    op.requestBody = {
      required: true,
      content: {
        'multipart/form-data': {
          schema: {
            type: 'object',
            properties: { file: { type: 'string', contentMediaType: 'application/octet-stream' } },
            required: ['file'],
          },
        },
      },
    };
  else if (route.body) {
    op.requestBody = { required: true, content: { 'application/json': { schema: toSchema(route.body, components) } } };
  }
  return op;
}

export function buildOpenApi(routes: readonly AnyRoute[], opts: { version?: string; serverUrl?: string } = {}) {
  const components: Record<string, JsonSchema> = {};
  toSchema(ZApiError, components);
  const paths: OpenApiDocument['paths'] = {};
  for (const r of routes) {
    const p = openApiPath(r.path);
    (paths[p] ??= {})[r.method.toLowerCase()] = operation(r, components);
  }
  const doc: OpenApiDocument = {
    openapi: '3.1.0',
    info: {
      title: '事业合伙（项目跟投）管理系统 API',
      version: opts.version ?? '0.1.0',
      description:
        '金额为十进制字符串（"1234567.89"），时刻为 ISO 8601 字符串，日期为 YYYY-MM-DD。失败时响应 { code, message, details }：' +
        'code 为稳定标识（客户端据此分支），message 为给用户看的中文。x-policy 为该接口的访问规则名。',
    },
    servers: [{ url: opts.serverUrl ?? '/' }],
    paths,
    components: {
      schemas: components,
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: '登录返回的 token' } },
    },
  };
  return doc;
}
