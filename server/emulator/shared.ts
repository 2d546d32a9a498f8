/**
 * What every emulated API family shares: the answer shapes of the two DingTalk APIs (oapi errcode bodies, v1.0
 * code/message bodies), the route table types, the org (seeded from the demo data), fault injection and the
 * per-app, per-API QPS limit. Each family keeps its own state and routes in its own file; see README.md.
 */
import { randomUUID } from 'node:crypto';
import { randomAscii } from '../dingtalk/crypto';
import type { Logger } from '../lib/logger';
import { demoOrganisation, type EmuDept, type EmuUser } from './org';

export type { EmuDept, EmuUser } from './org';

export interface EmulatorApp {
  corpId: string;
  appKey: string;
  appSecret: string;
  agentId: string;
  callbackToken: string;
  callbackAesKey: string;
}
export interface EmulatorRobot {
  accessToken: string;
  secret?: string;
  keywords?: string[];
}

/** The settings the control API can change at run time (POST /__emulator/config). */
export interface EmulatorSettings {
  qpsLimit: number;
  tokenTtlSeconds: number;
  robotPerMinute: number;
  robotThrottleMs: number;
  robotRateLimitCode: number;
  faultTimeoutMs: number;
  callbackUrl?: string;
  callbackRetryDelaysMs: number[];
  now: () => number;
  logger?: Logger;
}

// ---- answers ------------------------------------------------------------------------------------------------

export class HttpAnswer {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly holdMs?: number,
  ) {}
}
/** oapi success: errcode 0 plus the fields. */
export const ok = (body: Record<string, unknown> = {}) =>
  new HttpAnswer(200, { errcode: 0, errmsg: 'ok', ...body, request_id: randomAscii(12).toLowerCase() });
/** oapi error: HTTP 200 with a non-zero errcode. */
export const oapiErr = (errcode: number, errmsg: string) =>
  new HttpAnswer(200, { errcode, errmsg, request_id: randomAscii(12).toLowerCase() });
/** v1.0 (api.dingtalk.com) error: an HTTP status with { code, requestid, message }. */
export const apiErr = (status: number, code: string, message: string) =>
  new HttpAnswer(status, { code, requestid: randomUUID().toUpperCase(), message });
export const json = (body: unknown, status = 200) => new HttpAnswer(status, body);
/** Control API errors. */
export const badRequest = (message: string) => json({ code: 'BAD_REQUEST', message }, 400);
export const notFound = (message: string) => json({ code: 'NOT_FOUND', message }, 404);

export function asRecord(body: unknown): Record<string, unknown> {
  return (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
}

// ---- route tables -------------------------------------------------------------------------------------------

export interface Call {
  method: string;
  path: string;
  url: URL;
  body: Record<string, unknown>;
  /** Decoded capture groups of a RegExp path. */
  params: string[];
  /** A v1.0 (api.dingtalk.com) path rather than oapi. */
  isNew: boolean;
}
export interface AppCall extends Call {
  /** The app the access token belongs to. */
  app: EmulatorApp;
}

interface RouteBase {
  /** '*' for any method. */
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | '*';
  /** Exact path, or a RegExp over the whole path whose groups become `params`. */
  path: string | RegExp;
}
/** A DingTalk API that needs an access token (faults, QPS limit and statistics apply). */
export interface ApiRoute extends RouteBase {
  run: (call: AppCall) => HttpAnswer;
}
/** A DingTalk API without an access token (the token endpoints, the robot webhook). */
export interface PublicRoute extends RouteBase {
  /** Whether injected faults apply (the robot webhook: yes; token endpoints: no, so a refresh never eats one). */
  faults?: boolean;
  run: (call: Call) => HttpAnswer;
}
/** A /__emulator control endpoint (path without the /__emulator prefix). */
export interface ControlRoute extends RouteBase {
  run: (call: Call) => HttpAnswer | Promise<HttpAnswer>;
}

/** The first route of the table that matches, with its decoded params. */
export function findRoute<R extends RouteBase>(
  routes: readonly R[],
  method: string,
  path: string,
): { route: R; params: string[] } | undefined {
  for (const route of routes) {
    if (route.method !== '*' && route.method !== method) continue;
    if (typeof route.path === 'string') {
      if (route.path === path) return { route, params: [] };
      continue;
    }
    const m = route.path.exec(path);
    if (m) return { route, params: m.slice(1).map((g) => (g === undefined ? '' : decodeURIComponent(g))) };
  }
  return undefined;
}

/** One API family: its state slice, its routes, and how its state is forgotten on POST /__emulator/reset. */
export interface EmulatorFamily {
  readonly publicRoutes?: readonly PublicRoute[];
  readonly apiRoutes?: readonly ApiRoute[];
  readonly controlRoutes?: readonly ControlRoute[];
  reset(): void;
}

// ---- the core: apps, org, faults, QPS ------------------------------------------------------------------------

export const FAULT_KINDS = ['http500', 'timeout', 'rateLimit'] as const;
type FaultKind = (typeof FAULT_KINDS)[number];

/** What every family reads: settings, apps, the organisation, faults, the QPS buckets and call statistics. */
export class EmulatorCore {
  apps = new Map<string, EmulatorApp>();
  depts = new Map<number, EmuDept>();
  users = new Map<string, EmuUser>();
  faults: { api: string; count: number; kind: FaultKind }[] = [];
  qpsBuckets = new Map<string, { second: number; count: number }>();
  stats = { calls: 0, rateLimited: 0, byApi: {} as Record<string, number> };
  timers = new Set<NodeJS.Timeout>();

  constructor(readonly opts: EmulatorSettings) {}

  get now(): number {
    return this.opts.now();
  }

  /** The organisation of the demo data (server/seed/demo-data.ts), so 免登 in the demo maps to seeded users. */
  loadOrg(): void {
    this.depts.clear();
    this.users.clear();
    const org = demoOrganisation();
    for (const d of org.depts) this.depts.set(d.deptId, d);
    for (const u of org.users) this.users.set(u.userid, u);
  }

  userByUnionId(unionid: string): EmuUser | undefined {
    for (const u of this.users.values()) if (u.unionid === unionid) return u;
    return undefined;
  }

  /** The app the control API acts for (events it pushes are signed with its callback keys). */
  firstApp(): EmulatorApp {
    return this.apps.values().next().value!;
  }

  /** A timer that close() and reset clear. */
  later(ms: number, run: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      run();
    }, ms);
    this.timers.add(t);
  }

  resetShared(): void {
    this.faults = [];
    this.qpsBuckets.clear();
    this.stats = { calls: 0, rateLimited: 0, byApi: {} };
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  rateLimited(isNew: boolean): HttpAnswer {
    this.stats.rateLimited++;
    return isNew
      ? apiErr(403, 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi', '应用调用该接口的并发量超过限制')
      : oapiErr(90018, '应用调用该接口的并发量超过限制');
  }

  /**
   * Takes the first injected fault for this path: an error answer instead of the call, or 'hold' ('timeout': the
   * call takes effect and the answer never arrives).
   */
  takeFault(path: string, isNew: boolean): HttpAnswer | 'hold' | undefined {
    const i = this.faults.findIndex(
      (f) => path === f.api || path === `/${f.api}` || path.endsWith(`/${f.api.replace(/^\//, '')}`),
    );
    if (i < 0) return undefined;
    const f = this.faults[i]!;
    if (--f.count <= 0) this.faults.splice(i, 1);
    if (f.kind === 'http500')
      return isNew ? apiErr(500, 'systemError', '系统错误') : new HttpAnswer(500, { errcode: -1, errmsg: '系统繁忙' });
    if (f.kind === 'rateLimit') return this.rateLimited(isNew);
    return 'hold';
  }

  /** Per app, per API (ids in the path collapsed) calls per second, as DingTalk counts them; undefined = allowed. */
  limitQps(app: EmulatorApp, method: string, path: string, isNew: boolean): HttpAnswer | undefined {
    const apiKey = `${app.appKey} ${method} ${path.replace(/\/(union-[^/]+|[0-9a-f-]{36}|\d+)(?=\/|$)/g, '/:id')}`;
    const second = Math.floor(this.now / 1000);
    const bucket = this.qpsBuckets.get(apiKey);
    if (!bucket || bucket.second !== second) this.qpsBuckets.set(apiKey, { second, count: 1 });
    else if (++bucket.count > this.opts.qpsLimit) return this.rateLimited(isNew);
    this.stats.calls++;
    this.stats.byApi[path] = (this.stats.byApi[path] ?? 0) + 1;
    return undefined;
  }
}

/** Runs a call under a fault taken by takeFault. */
export function withFault(fault: HttpAnswer | 'hold' | undefined, run: () => HttpAnswer): HttpAnswer {
  if (fault instanceof HttpAnswer) return fault;
  const answer = run();
  return fault === 'hold' ? new HttpAnswer(answer.status, answer.body, -1) : answer;
}
