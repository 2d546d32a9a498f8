/**
 * DingTalk emulator: the endpoints of dingtalk.md with DingTalk's shapes, error codes and limits, plus a control
 * API under /__emulator for tests and demos. In-memory; one process (`tsx server/main.ts emulator`) or in-process
 * for tests (`startEmulator({ port: 0 })`). A development tool: `npm run build` does not ship it.
 *
 * This file composes the API families (one file each, with its state and its routes; see README.md) into one
 * HTTP server. Order of a call: /healthz and /__emulator first; then the APIs without a token (token endpoints,
 * robot webhook); then the access token, an injected fault, the QPS limit, and the family route.
 */
import http from 'node:http';
import type { Socket } from 'node:net';
import { randomUUID } from 'node:crypto';
import { loadConfig } from '../config';
import type { Logger } from '../lib/logger';
import { ApprovalsFamily } from './approvals';
import { AuthFamily } from './auth';
import { ContactsFamily } from './contacts';
import { coreControlRoutes, dispatchControl } from './control';
import { EventsFamily } from './events';
import { MessagesFamily } from './messages';
import { RobotFamily } from './robot';
import {
  apiErr,
  asRecord,
  EmulatorCore,
  findRoute,
  HttpAnswer,
  json,
  oapiErr,
  withFault,
  type ApiRoute,
  type Call,
  type ControlRoute,
  type EmulatorApp,
  type EmulatorFamily,
  type EmulatorRobot,
  type EmulatorSettings,
  type PublicRoute,
} from './shared';
import { TodoFamily } from './todo';

export type { EmulatorApp, EmulatorRobot } from './shared';

export interface EmulatorOptions {
  port: number;
  host?: string;
  /** The apps it knows (default: the one from DINGTALK_* environment variables / their defaults). */
  apps?: EmulatorApp[];
  robots?: EmulatorRobot[];
  /** Per app, per API calls per second (DingTalk standard edition: 20). */
  qpsLimit?: number;
  tokenTtlSeconds?: number;
  /** Where events are pushed (our /api/dingtalk/callback). */
  callbackUrl?: string;
  /** Delays before the callback retries (DingTalk: 10 s, then 30 s more). */
  callbackRetryDelaysMs?: number[];
  robotPerMinute?: number;
  robotThrottleMs?: number;
  /** errcode for the robot throttle: 410100 (current docs) or 130101 (older real answers). */
  robotRateLimitCode?: number;
  /** How long a 'timeout' fault holds the connection before dropping it. */
  faultTimeoutMs?: number;
  logger?: Logger;
  now?: () => number;
}

export interface RunningEmulator {
  url: string;
  close: () => Promise<void>;
  state: EmulatorState;
}

/** Everything the emulator remembers: the shared core plus one slice per family. Exposed for in-process tests. */
export class EmulatorState extends EmulatorCore {
  readonly events = new EventsFamily(this);
  readonly auth = new AuthFamily(this);
  readonly contacts = new ContactsFamily(this, this.events);
  readonly messages = new MessagesFamily(this);
  readonly approvals = new ApprovalsFamily(this, this.events);
  readonly todo = new TodoFamily(this);
  readonly robot = new RobotFamily(this);

  private readonly families: readonly EmulatorFamily[] = [
    this.auth,
    this.contacts,
    this.messages,
    this.approvals,
    this.todo,
    this.robot,
    this.events,
  ];
  readonly publicRoutes: readonly PublicRoute[] = this.families.flatMap((f) => f.publicRoutes ?? []);
  readonly apiRoutes: readonly ApiRoute[] = this.families.flatMap((f) => f.apiRoutes ?? []);
  readonly controlRoutes: readonly ControlRoute[] = [
    ...this.families.flatMap((f) => f.controlRoutes ?? []),
    ...coreControlRoutes(this, (reloadOrg) => {
      this.resetActivity();
      if (reloadOrg) this.loadOrg();
    }),
  ];

  /** Work notifications received (messages family). */
  get workItems() {
    return this.messages.workItems;
  }
  /** Work notifications per app, Shanghai day and user (messages family): set it to reach the 500-a-day limit. */
  get dailyCount() {
    return this.messages.dailyCount;
  }

  /** Forgets all activity; apps, robots and the organisation stay. */
  resetActivity(): void {
    for (const f of this.families) f.reset();
    this.resetShared();
  }
}

function defaultApp(): EmulatorApp {
  const c = loadConfig({ ...process.env, DATABASE_URL: undefined, REDIS_URL: undefined });
  return {
    corpId: c.DINGTALK_CORP_ID,
    appKey: c.DINGTALK_APP_KEY,
    appSecret: c.DINGTALK_APP_SECRET,
    agentId: c.DINGTALK_AGENT_ID,
    callbackToken: c.DINGTALK_CALLBACK_TOKEN,
    callbackAesKey: c.DINGTALK_CALLBACK_AES_KEY,
  };
}

/** The demo robot: what `npm start` and the tests post to unless they register others. */
export const DEMO_ROBOT: EmulatorRobot = {
  accessToken: 'demo-robot-token',
  secret: 'SECdemo0robot0secret0for0the0emulator',
};

function settingsFrom(opts: EmulatorOptions): EmulatorSettings {
  const env = process.env;
  return {
    qpsLimit: opts.qpsLimit ?? Number(env.EMULATOR_QPS_LIMIT ?? 20),
    tokenTtlSeconds: opts.tokenTtlSeconds ?? Number(env.EMULATOR_TOKEN_TTL_SECONDS ?? 7200),
    robotPerMinute: opts.robotPerMinute ?? 20,
    robotThrottleMs: opts.robotThrottleMs ?? 10 * 60 * 1000,
    robotRateLimitCode: opts.robotRateLimitCode ?? 410100,
    faultTimeoutMs: opts.faultTimeoutMs ?? 30_000,
    callbackUrl: opts.callbackUrl ?? env.EMULATOR_CALLBACK_URL,
    callbackRetryDelaysMs:
      opts.callbackRetryDelaysMs ??
      (env.EMULATOR_CALLBACK_RETRY_DELAYS_MS
        ? env.EMULATOR_CALLBACK_RETRY_DELAYS_MS.split(',').map(Number)
        : [10_000, 30_000]),
    now: opts.now ?? Date.now,
    logger: opts.logger,
  };
}

export async function startEmulator(opts: EmulatorOptions): Promise<RunningEmulator> {
  const state = new EmulatorState(settingsFrom(opts));
  for (const a of opts.apps ?? [defaultApp()]) state.apps.set(a.appKey, a);
  for (const r of opts.robots ?? [DEMO_ROBOT]) state.robot.robots.set(r.accessToken, r);
  state.loadOrg();

  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    void handle(state, req, res).catch((err: unknown) => {
      state.opts.logger?.error({ err }, 'emulator error');
      if (!res.headersSent) {
        res.statusCode = 500;
        res.end(JSON.stringify({ errcode: -1, errmsg: '系统繁忙' }));
      }
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) =>
    server.once('error', reject).listen(opts.port, opts.host ?? '127.0.0.1', () => resolve()),
  );
  const { port } = server.address() as { port: number };
  const host = !opts.host || opts.host === '0.0.0.0' ? '127.0.0.1' : opts.host;
  state.approvals.publicUrl = `http://${host}:${port}`;
  return {
    url: `http://${host}:${port}`,
    state,
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of state.timers) clearTimeout(t);
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      }),
  };
}

// ---- request plumbing -------------------------------------------------------------------------------------

const BAD_JSON = Symbol.for('bad-json');

/** JSON, or form-urlencoded with a JSON `msg` (the oapi message APIs accept both). */
async function readBody(req: http.IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const raw = Buffer.concat(chunks).toString('utf8');
  if (!raw) return {};
  const type = req.headers['content-type'] ?? '';
  if (type.includes('application/x-www-form-urlencoded')) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of new URLSearchParams(raw)) out[k] = v;
    if (typeof out.msg === 'string') {
      try {
        out.msg = JSON.parse(out.msg);
      } catch {
        /* left as a string: rejected by the API */
      }
    }
    return out;
  }
  try {
    return JSON.parse(raw);
  } catch {
    return BAD_JSON;
  }
}

/** What is not JSON: the 钉盘 upload (raw bytes, like OSS) and the instance page (HTML, DingTalk's 审批详情). */
async function handleRaw(state: EmulatorState, req: http.IncomingMessage, res: http.ServerResponse, url: URL) {
  if (req.method === 'PUT' && url.pathname.startsWith('/__storage/')) {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const key = decodeURIComponent(url.pathname.slice('/__storage/'.length));
    const auth = req.headers.authorization;
    const answer = state.approvals.putUpload(key, typeof auth === 'string' ? auth : undefined, Buffer.concat(chunks));
    res.statusCode = answer.status;
    res.setHeader('content-type', 'application/json;charset=utf-8');
    res.end(JSON.stringify(answer.body));
    return true;
  }
  if (req.method === 'GET' && url.pathname.startsWith('/__bpm/instances/')) {
    const page = state.approvals.instancePage(decodeURIComponent(url.pathname.slice('/__bpm/instances/'.length)));
    res.statusCode = page.status;
    res.setHeader('content-type', 'text/html;charset=utf-8');
    res.end(page.html);
    return true;
  }
  return false;
}

async function handle(state: EmulatorState, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://emulator');
  if (await handleRaw(state, req, res, url)) return;
  const body = await readBody(req);
  const answer = await dispatch(state, req.method ?? 'GET', url, body, req.headers);
  if (answer.holdMs !== undefined) {
    // 'timeout' fault: the work is done, the answer never arrives
    state.later(state.opts.faultTimeoutMs, () => res.destroy());
    return;
  }
  if (res.destroyed) return;
  res.statusCode = answer.status;
  res.setHeader('content-type', 'application/json;charset=utf-8');
  if (url.pathname.startsWith('/v1.0/')) res.setHeader('x-acs-request-id', randomUUID().toUpperCase());
  res.end(JSON.stringify(answer.body));
}

async function dispatch(
  state: EmulatorState,
  method: string,
  url: URL,
  body: unknown,
  headers: http.IncomingHttpHeaders,
): Promise<HttpAnswer> {
  const path = url.pathname;
  if (path === '/healthz') return json({ status: 'ok', emulator: 'dingtalk' });
  if (path.startsWith('/__emulator/'))
    return dispatchControl(state.controlRoutes, method, path.slice('/__emulator'.length), url, body);
  const isNew = path.startsWith('/v1.0/');
  if (body === BAD_JSON)
    return isNew ? apiErr(400, 'InvalidParameter', 'body is not valid json') : oapiErr(40035, '缺少参数 json');
  const call: Call = { method, path, url, body: asRecord(body), params: [], isNew };

  // token endpoints and the robot webhook: no access token
  const open = findRoute(state.publicRoutes, method, path);
  if (open) {
    const run = () => open.route.run({ ...call, params: open.params });
    return open.route.faults ? withFault(state.takeFault(path, isNew), run) : run();
  }

  const token = isNew
    ? String(headers['x-acs-dingtalk-access-token'] ?? '')
    : (url.searchParams.get('access_token') ?? '');
  const app = state.auth.authenticate(token, isNew);
  if (app instanceof HttpAnswer) return app;
  // faults apply to authenticated calls only, so a token refresh does not consume them
  return withFault(state.takeFault(path, isNew), () => {
    const limited = state.limitQps(app, method, path, isNew);
    if (limited) return limited;
    if (!isNew && method !== 'POST') return oapiErr(43004, '无效的HTTP HEADER Content-Type');
    const found = findRoute(state.apiRoutes, method, path);
    if (!found) return isNew ? apiErr(404, 'NotFound', 'api not found') : oapiErr(404, 'api not found');
    return found.route.run({ ...call, app, params: found.params });
  });
}
