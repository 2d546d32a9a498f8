/**
 * The /__emulator control API for tests and demos: fault injection, settings, statistics and reset here; each
 * family adds its own entries (auth codes, what was received, org changes, approval decisions). One table,
 * first match wins; see README.md for the whole list.
 */
import { z } from 'zod';
import {
  asRecord,
  badRequest,
  FAULT_KINDS,
  findRoute,
  json,
  notFound,
  type ControlRoute,
  type EmulatorCore,
  type HttpAnswer,
} from './shared';

const ZFault = z.object({
  api: z.string().min(1),
  count: z.number().int().min(1).default(1),
  kind: z.enum(FAULT_KINDS),
});
const ZConfig = z.object({
  qpsLimit: z.number().int().min(1).optional(),
  tokenTtlSeconds: z.number().int().min(1).optional(),
  callbackUrl: z.string().url().nullable().optional(),
  callbackRetryDelaysMs: z.array(z.number().int().min(0)).optional(),
  robotPerMinute: z.number().int().min(1).optional(),
  faultTimeoutMs: z.number().int().min(0).optional(),
});

function configView(core: EmulatorCore) {
  const { logger: _l, now: _n, ...rest } = core.opts;
  return rest;
}

/** The control endpoints that belong to no family. `reset` forgets all activity (and reloads the org unless org: false). */
export function coreControlRoutes(core: EmulatorCore, reset: (reloadOrg: boolean) => void): ControlRoute[] {
  return [
    {
      method: 'POST',
      path: '/faults',
      run: ({ body: b }) => {
        const parsed = ZFault.safeParse(b);
        if (!parsed.success) return badRequest('需要 { api, count, kind: http500|timeout|rateLimit }');
        core.faults.push({ ...parsed.data });
        return json({ faults: core.faults });
      },
    },
    {
      method: 'POST',
      path: '/config',
      run: ({ body: b }) => {
        const parsed = ZConfig.safeParse(b);
        if (!parsed.success) return badRequest(parsed.error.issues[0]!.message);
        const c = parsed.data;
        const o = core.opts;
        if (c.qpsLimit !== undefined) o.qpsLimit = c.qpsLimit;
        if (c.tokenTtlSeconds !== undefined) o.tokenTtlSeconds = c.tokenTtlSeconds;
        if (c.callbackUrl !== undefined) o.callbackUrl = c.callbackUrl ?? undefined;
        if (c.callbackRetryDelaysMs) o.callbackRetryDelaysMs = c.callbackRetryDelaysMs;
        if (c.robotPerMinute !== undefined) o.robotPerMinute = c.robotPerMinute;
        if (c.faultTimeoutMs !== undefined) o.faultTimeoutMs = c.faultTimeoutMs;
        return json(configView(core));
      },
    },
    { method: 'GET', path: '/config', run: () => json(configView(core)) },
    { method: 'GET', path: '/stats', run: () => json(core.stats) },
    {
      method: 'POST',
      path: '/reset',
      run: ({ body: b }) => {
        reset(b.org !== false);
        return json({ reset: true });
      },
    },
  ];
}

/** Answers a /__emulator call from the table (path without the prefix). */
export async function dispatchControl(
  routes: readonly ControlRoute[],
  method: string,
  path: string,
  url: URL,
  body: unknown,
): Promise<HttpAnswer> {
  const found = findRoute(routes, method, path);
  if (!found) return notFound(`未知的模拟器控制接口 ${method} ${path}`);
  return found.route.run({
    method,
    path,
    url,
    body: asRecord(body),
    params: found.params,
    isNew: false,
  });
}
