/**
 * DingTalk emulator: the endpoints of dingtalk.md with DingTalk's shapes, error codes and limits, plus a
 * control API under /__emulator for tests and demos. In-memory; one process (`tsx server/main.ts emulator`)
 * or in-process for tests (`startEmulator({ port: 0 })`).
 */
import { createHash, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { Socket } from 'node:net';
import { z } from 'zod';
import { loadConfig } from '../config';
import { CallbackCrypto, randomAscii } from '../dingtalk/crypto';
import { robotSignature } from '../dingtalk/robot-sign';
import type { Logger } from '../lib/logger';
import { shanghaiDay } from '../../shared/datetime';
import { demoOrganisation, type EmuDept, type EmuUser } from './org';

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

interface WorkItem {
  taskId: string;
  userid: string;
  msg: unknown;
  receivedAt: string;
  delivered: boolean;
  forbiddenCode?: string;
  recalled?: boolean;
}
interface SendTask {
  taskId: string;
  appKey: string;
  agentId: string;
  at: number;
  invalid: string[];
  delivered: string[];
  forbidden: { code: string; userid: string }[];
}
interface RobotPost {
  accessToken: string;
  msg: unknown;
  msgUuid?: string;
  receivedAt: string;
}
interface EmuTodo {
  id: string;
  subject: string;
  description?: string;
  sourceId?: string;
  creatorId: string;
  executorIds: string[];
  participantIds: string[];
  detailUrl?: unknown;
  dueTime?: number;
  done: boolean;
  priority?: number;
  createdTime: number;
  modifiedTime: number;
  finishTime?: number;
  executorStatus: Record<string, boolean>;
}
interface Approval {
  instanceId: string;
  appKey: string;
  processCode: string;
  originatorUserId: string;
  deptId: number;
  title: string;
  status: 'RUNNING' | 'COMPLETED' | 'TERMINATED';
  result?: 'agree' | 'refuse';
  createTime: number;
  finishTime?: number;
  formComponentValues: { name: string; value: string; componentType?: string; id?: string }[];
  approvers: string[];
  operationRecords: { userId: string; date: string; type: string; result: string; remark?: string }[];
  businessId: string;
}
interface CallbackDelivery {
  eventId: string;
  eventType: string;
  event: Record<string, unknown>;
  attempts: { at: string; ok: boolean; status?: number; error?: string }[];
  delivered: boolean;
  gaveUp: boolean;
}
type FaultKind = 'http500' | 'timeout' | 'rateLimit';

const ZFault = z.object({
  api: z.string().min(1),
  count: z.number().int().min(1).default(1),
  kind: z.enum(['http500', 'timeout', 'rateLimit']),
});
const ZUserInput = z.object({
  userid: z.string().min(1).max(64),
  name: z.string().min(1),
  unionid: z.string().optional(),
  mobile: z.string().optional(),
  title: z.string().optional(),
  jobNumber: z.string().optional(),
  email: z.string().optional(),
  deptIdList: z.array(z.number().int()).optional(),
  active: z.boolean().optional(),
});
const ZDeptInput = z.object({
  deptId: z.number().int().positive().optional(),
  name: z.string().min(1),
  parentId: z.number().int().min(0).default(1),
});

class HttpAnswer {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly holdMs?: number,
  ) {}
}
const ok = (body: Record<string, unknown> = {}) =>
  new HttpAnswer(200, { errcode: 0, errmsg: 'ok', ...body, request_id: randomAscii(12).toLowerCase() });
const oapiErr = (errcode: number, errmsg: string) =>
  new HttpAnswer(200, { errcode, errmsg, request_id: randomAscii(12).toLowerCase() });
const apiErr = (status: number, code: string, message: string) =>
  new HttpAnswer(status, { code, requestid: randomUUID().toUpperCase(), message });
const json = (body: unknown, status = 200) => new HttpAnswer(status, body);

/** Everything the emulator remembers. Exposed for in-process tests; HTTP tests use /__emulator. */
export class EmulatorState {
  apps = new Map<string, EmulatorApp>();
  robots = new Map<string, EmulatorRobot>();
  depts = new Map<number, EmuDept>();
  users = new Map<string, EmuUser>();
  tokens = new Map<string, { appKey: string; expiresAt: number }>();
  appTokens = new Map<string, string>();
  authCodes = new Map<string, { userid: string; expiresAt: number; appKey?: string }>();
  workItems: WorkItem[] = [];
  tasks = new Map<string, SendTask>();
  dedupe = new Set<string>();
  dailyCount = new Map<string, number>();
  robotPosts: RobotPost[] = [];
  robotWindow = new Map<string, number[]>();
  robotThrottledUntil = new Map<string, number>();
  robotUuids = new Set<string>();
  todos = new Map<string, EmuTodo>();
  approvals = new Map<string, Approval>();
  callbacks: CallbackDelivery[] = [];
  faults: { api: string; count: number; kind: FaultKind }[] = [];
  qpsBuckets = new Map<string, { second: number; count: number }>();
  stats = { calls: 0, rateLimited: 0, byApi: {} as Record<string, number> };
  nextTaskId = 256271667526;
  nextDeptId = 900000;
  timers = new Set<NodeJS.Timeout>();

  constructor(
    readonly opts: Required<
      Pick<
        EmulatorOptions,
        'qpsLimit' | 'tokenTtlSeconds' | 'robotPerMinute' | 'robotThrottleMs' | 'robotRateLimitCode' | 'faultTimeoutMs'
      >
    > & { callbackUrl?: string; callbackRetryDelaysMs: number[]; now: () => number; logger?: Logger },
  ) {}

  loadOrg(): void {
    this.depts.clear();
    this.users.clear();
    const org = demoOrganisation();
    for (const d of org.depts) this.depts.set(d.deptId, d);
    for (const u of org.users) this.users.set(u.userid, u);
  }

  resetActivity(): void {
    this.tokens.clear();
    this.appTokens.clear();
    this.authCodes.clear();
    this.workItems = [];
    this.tasks.clear();
    this.dedupe.clear();
    this.dailyCount.clear();
    this.robotPosts = [];
    this.robotWindow.clear();
    this.robotThrottledUntil.clear();
    this.robotUuids.clear();
    this.todos.clear();
    this.approvals.clear();
    this.callbacks = [];
    this.faults = [];
    this.qpsBuckets.clear();
    this.stats = { calls: 0, rateLimited: 0, byApi: {} };
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  get now(): number {
    return this.opts.now();
  }
  userByUnionId(unionid: string): EmuUser | undefined {
    for (const u of this.users.values()) if (u.unionid === unionid) return u;
    return undefined;
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

export async function startEmulator(opts: EmulatorOptions): Promise<RunningEmulator> {
  const env = process.env;
  const state = new EmulatorState({
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
  });
  for (const a of opts.apps ?? [defaultApp()]) state.apps.set(a.appKey, a);
  for (const r of opts.robots ?? [DEMO_ROBOT]) state.robots.set(r.accessToken, r);
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
        /* left as a string: rejected below */
      }
    }
    return out;
  }
  try {
    return JSON.parse(raw);
  } catch {
    return Symbol.for('bad-json');
  }
}

async function handle(state: EmulatorState, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://emulator');
  const body = await readBody(req);
  const answer = await dispatch(state, req.method ?? 'GET', url, body, req.headers);
  const send = () => {
    if (res.destroyed) return;
    res.statusCode = answer.status;
    res.setHeader('content-type', 'application/json;charset=utf-8');
    if (url.pathname.startsWith('/v1.0/')) res.setHeader('x-acs-request-id', randomUUID().toUpperCase());
    res.end(JSON.stringify(answer.body));
  };
  if (answer.holdMs !== undefined) {
    // 'timeout' fault: the work is done, the answer never arrives
    const t = setTimeout(() => {
      state.timers.delete(t);
      res.destroy();
    }, state.opts.faultTimeoutMs);
    state.timers.add(t);
    return;
  }
  send();
}

type Headers = http.IncomingHttpHeaders;

async function dispatch(
  state: EmulatorState,
  method: string,
  url: URL,
  body: unknown,
  headers: Headers,
): Promise<HttpAnswer> {
  const p = url.pathname;
  if (p === '/healthz') return json({ status: 'ok', emulator: 'dingtalk' });
  if (p.startsWith('/__emulator/')) return control(state, method, p.slice('/__emulator'.length), url, body);
  if (body === Symbol.for('bad-json'))
    return p.startsWith('/v1.0/')
      ? apiErr(400, 'InvalidParameter', 'body is not valid json')
      : oapiErr(40035, '缺少参数 json');
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const isNew = p.startsWith('/v1.0/');

  // tokens (not throttled the same way, not authenticated)
  if (p === '/gettoken' && method === 'GET') return getTokenOld(state, url);
  if (p === '/v1.0/oauth2/accessToken' && method === 'POST') return getTokenNew(state, b);
  if (p === '/robot/send' && method === 'POST')
    return withFault(takeFault(state, p, false), () => robotSend(state, url, b));
  return authenticated(state, method, p, url, b, headers, isNew);
}

/** An injected fault: an error answer instead of the call, or ('timeout') the call takes effect and the answer never comes. */
function withFault(fault: HttpAnswer | 'hold' | undefined, run: () => HttpAnswer): HttpAnswer {
  if (fault instanceof HttpAnswer) return fault;
  const answer = run();
  return fault === 'hold' ? new HttpAnswer(answer.status, answer.body, -1) : answer;
}

function authenticated(
  state: EmulatorState,
  method: string,
  p: string,
  url: URL,
  b: Record<string, unknown>,
  headers: Headers,
  isNew: boolean,
): HttpAnswer {
  // authentication
  const token = isNew
    ? String(headers['x-acs-dingtalk-access-token'] ?? '')
    : (url.searchParams.get('access_token') ?? '');
  const tok = state.tokens.get(token);
  if (!tok)
    return isNew
      ? apiErr(400, 'InvalidAuthentication', '不合法的access_token')
      : oapiErr(40014, '不合法的access_token');
  if (tok.expiresAt <= state.now)
    return isNew ? apiErr(400, 'InvalidAuthentication', 'access_token超时') : oapiErr(42001, 'access_token超时');
  const app = state.apps.get(tok.appKey)!;
  // faults apply to authenticated calls only, so a token refresh does not consume them
  return withFault(takeFault(state, p, isNew), () => apiCall(state, app, method, p, url, b, isNew));
}

function apiCall(
  state: EmulatorState,
  app: EmulatorApp,
  method: string,
  p: string,
  url: URL,
  b: Record<string, unknown>,
  isNew: boolean,
): HttpAnswer {
  // per app, per API QPS
  const apiKey = `${app.appKey} ${method} ${p.replace(/\/(union-[^/]+|[0-9a-f-]{36}|\d+)(?=\/|$)/g, '/:id')}`;
  const second = Math.floor(state.now / 1000);
  const bucket = state.qpsBuckets.get(apiKey);
  if (!bucket || bucket.second !== second) state.qpsBuckets.set(apiKey, { second, count: 1 });
  else if (++bucket.count > state.opts.qpsLimit) {
    state.stats.rateLimited++;
    return isNew
      ? apiErr(403, 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi', '应用调用该接口的并发量超过限制')
      : oapiErr(90018, '应用调用该接口的并发量超过限制');
  }
  state.stats.calls++;
  state.stats.byApi[p] = (state.stats.byApi[p] ?? 0) + 1;

  if (!isNew && method !== 'POST') return oapiErr(43004, '无效的HTTP HEADER Content-Type');
  switch (p) {
    case '/topapi/v2/user/getuserinfo':
      return getUserInfo(state, app, b);
    case '/topapi/v2/user/get':
      return userGet(state, b);
    case '/topapi/user/getbyunionid': {
      const u = state.userByUnionId(String(b.unionid ?? ''));
      return u ? ok({ result: { contact_type: 0, userid: u.userid } }) : oapiErr(60121, '找不到该用户');
    }
    case '/topapi/v2/department/listsub': {
      const id = b.dept_id === undefined ? 1 : Number(b.dept_id);
      if (!state.depts.has(id)) return oapiErr(60003, '部门不存在');
      return ok({
        result: [...state.depts.values()]
          .filter((d) => d.parentId === id && d.deptId !== id)
          .map((d) => ({
            dept_id: d.deptId,
            name: d.name,
            parent_id: d.parentId,
            create_dept_group: false,
            auto_add_user: false,
          })),
      });
    }
    case '/topapi/v2/department/listsubid': {
      const id = Number(b.dept_id);
      if (!state.depts.has(id)) return oapiErr(60003, '部门不存在');
      return ok({
        result: {
          dept_id_list: [...state.depts.values()]
            .filter((d) => d.parentId === id && d.deptId !== id)
            .map((d) => d.deptId),
        },
      });
    }
    case '/topapi/user/listid': {
      const id = Number(b.dept_id);
      if (!state.depts.has(id)) return oapiErr(60003, '部门不存在');
      return ok({
        result: {
          userid_list: [...state.users.values()].filter((u) => u.deptIdList.includes(id)).map((u) => u.userid),
        },
      });
    }
    case '/topapi/v2/user/list':
      return userList(state, b);
    case '/topapi/message/corpconversation/asyncsend_v2':
      return asyncSend(state, app, b);
    case '/topapi/message/corpconversation/getsendprogress': {
      const t = state.tasks.get(String(b.task_id));
      if (!t || String(b.agent_id) !== app.agentId) return oapiErr(40035, '不合法的参数');
      return ok({ progress: { progress_in_percent: 100, status: 2 } });
    }
    case '/topapi/message/corpconversation/getsendresult':
      return sendResult(state, app, b);
    case '/topapi/message/corpconversation/recall': {
      const t = state.tasks.get(String(b.msg_task_id));
      if (!t || String(b.agent_id) !== app.agentId) return oapiErr(400002, 'agentId或taskId不合法');
      for (const i of state.workItems) if (i.taskId === t.taskId) i.recalled = true;
      return ok();
    }
    case '/v1.0/workflow/processInstances':
      if (method === 'POST') return approvalCreate(state, app, b);
      if (method === 'GET') return approvalGet(state, url);
  }
  const todo = /^\/v1\.0\/todo\/users\/([^/]+)\/tasks(?:\/([^/]+))?(\/executorStatus)?$/.exec(p);
  if (todo)
    return todoApi(
      state,
      method,
      decodeURIComponent(todo[1]!),
      todo[2] ? decodeURIComponent(todo[2]) : undefined,
      !!todo[3],
      url,
      b,
    );
  return isNew ? apiErr(404, 'NotFound', 'api not found') : oapiErr(404, 'api not found');
}

function takeFault(state: EmulatorState, path: string, isNew: boolean): HttpAnswer | 'hold' | undefined {
  const i = state.faults.findIndex(
    (f) => path === f.api || path === `/${f.api}` || path.endsWith(`/${f.api.replace(/^\//, '')}`),
  );
  if (i < 0) return undefined;
  const f = state.faults[i]!;
  if (--f.count <= 0) state.faults.splice(i, 1);
  if (f.kind === 'http500')
    return isNew ? apiErr(500, 'systemError', '系统错误') : new HttpAnswer(500, { errcode: -1, errmsg: '系统繁忙' });
  if (f.kind === 'rateLimit') {
    state.stats.rateLimited++;
    return isNew
      ? apiErr(403, 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi', '应用调用该接口的并发量超过限制')
      : oapiErr(90018, '应用调用该接口的并发量超过限制');
  }
  return 'hold';
}

// ---- tokens -------------------------------------------------------------------------------------------------

function issueToken(state: EmulatorState, appKey: string): { token: string; ttl: number } {
  const ttl = state.opts.tokenTtlSeconds;
  const existing = state.appTokens.get(appKey);
  const live = existing ? state.tokens.get(existing) : undefined;
  if (existing && live && live.expiresAt > state.now) {
    live.expiresAt = state.now + ttl * 1000; // fetching again while valid returns the same token and extends it
    return { token: existing, ttl };
  }
  const token = createHash('md5').update(`${appKey}${randomUUID()}`).digest('hex');
  state.tokens.set(token, { appKey, expiresAt: state.now + ttl * 1000 });
  state.appTokens.set(appKey, token);
  return { token, ttl };
}

function getTokenOld(state: EmulatorState, url: URL): HttpAnswer {
  const app = state.apps.get(url.searchParams.get('appkey') ?? '');
  if (!app || app.appSecret !== url.searchParams.get('appsecret')) return oapiErr(40089, '不合法的corpId或corpSecret');
  const { token, ttl } = issueToken(state, app.appKey);
  return json({ errcode: 0, access_token: token, errmsg: 'ok', expires_in: ttl });
}

function getTokenNew(state: EmulatorState, b: Record<string, unknown>): HttpAnswer {
  if (!b.appKey || !b.appSecret) return apiErr(400, 'MissingParameter', 'body is mandatory for this action');
  const app = state.apps.get(String(b.appKey));
  if (!app || app.appSecret !== b.appSecret)
    return apiErr(400, 'invalidClientIdOrSecret', '无效的clientId或者clientSecret');
  const { token, ttl } = issueToken(state, app.appKey);
  return json({ accessToken: token, expireIn: ttl });
}

// ---- users ----------------------------------------------------------------------------------------------------

function rawUser(u: EmuUser) {
  return {
    userid: u.userid,
    unionid: u.unionid,
    name: u.name,
    avatar: '',
    state_code: '86',
    mobile: u.mobile,
    hide_mobile: false,
    telephone: '',
    job_number: u.jobNumber ?? '',
    title: u.title ?? '',
    email: u.email ?? '',
    org_email: '',
    work_place: '',
    remark: '',
    dept_id_list: u.deptIdList,
    dept_order_list: u.deptIdList.map((d) => ({ dept_id: d, order: 0 })),
    extension: '{}',
    hired_date: u.hiredDate,
    active: u.active,
    real_authed: true,
    senior: false,
    admin: u.admin,
    boss: u.boss,
    exclusive_account: false,
    leader_in_dept: u.deptIdList.map((d) => ({ dept_id: d, leader: false })),
    role_list: [],
  };
}

function getUserInfo(state: EmulatorState, app: EmulatorApp, b: Record<string, unknown>): HttpAnswer {
  if (!b.code) return oapiErr(41026, '缺少tmp_auth_code');
  const code = String(b.code);
  const c = state.authCodes.get(code);
  state.authCodes.delete(code); // single use, even when expired
  if (!c || c.expiresAt <= state.now || (c.appKey && c.appKey !== app.appKey))
    return oapiErr(40078, '不存在的临时授权码');
  const u = state.users.get(c.userid);
  if (!u || !u.active) return oapiErr(60121, '找不到该用户');
  return ok({
    result: {
      userid: u.userid,
      device_id: createHash('md5').update(u.userid).digest('hex').slice(0, 12),
      sys: u.sysLevel > 0,
      sys_level: u.sysLevel,
      associated_unionid: '',
      unionid: u.unionid,
      name: u.name,
    },
  });
}

function userGet(state: EmulatorState, b: Record<string, unknown>): HttpAnswer {
  if (!b.userid) return oapiErr(400002, '参数错误');
  const u = state.users.get(String(b.userid));
  if (!u) return oapiErr(33012, '无效的USERID');
  return ok({ result: rawUser(u) });
}

function userList(state: EmulatorState, b: Record<string, unknown>): HttpAnswer {
  const deptId = Number(b.dept_id);
  const cursor = Number(b.cursor);
  const size = Number(b.size);
  if (
    !Number.isInteger(deptId) ||
    !Number.isInteger(cursor) ||
    cursor < 0 ||
    !Number.isInteger(size) ||
    size < 1 ||
    size > 100
  )
    return oapiErr(40035, '不合法的参数');
  if (!state.depts.has(deptId)) return oapiErr(60003, '部门不存在');
  const members = [...state.users.values()].filter((u) => u.deptIdList.includes(deptId));
  const page = members.slice(cursor, cursor + size);
  const hasMore = cursor + size < members.length;
  return ok({
    result: { has_more: hasMore, ...(hasMore ? { next_cursor: cursor + size } : {}), list: page.map(rawUser) },
  });
}

// ---- work notifications ---------------------------------------------------------------------------------------

const MSG_TYPES = ['text', 'image', 'voice', 'file', 'link', 'oa', 'markdown', 'action_card'];

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v);
}

function asyncSend(state: EmulatorState, app: EmulatorApp, b: Record<string, unknown>): HttpAnswer {
  if (String(b.agent_id ?? '') !== app.agentId) return oapiErr(40035, '不合法的参数：agent_id');
  const msg = b.msg;
  if (!msg || typeof msg !== 'object') return oapiErr(40035, '缺少参数 msg');
  const m = msg as Record<string, unknown>;
  if (typeof m.msgtype !== 'string' || !MSG_TYPES.includes(m.msgtype) || !m[m.msgtype])
    return oapiErr(40035, '不合法的参数：msgtype');
  if (Buffer.byteLength(JSON.stringify(msg), 'utf8') > 2048) return oapiErr(40035, '不合法的参数：msg 超过 2048 字节');
  if (b.to_all_user === true || b.to_all_user === 'true') return oapiErr(40035, '模拟器不支持 to_all_user');
  const userids = String(b.userid_list ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (!userids.length && !b.dept_id_list)
    return oapiErr(40035, '不合法的参数：userid_list 与 dept_id_list 不能同时为空');
  if (userids.length > 100) return oapiErr(40035, '不合法的参数：userid_list 最多 100 个');
  const taskId = String(state.nextTaskId++);
  const task: SendTask = {
    taskId,
    appKey: app.appKey,
    agentId: app.agentId,
    at: state.now,
    invalid: [],
    delivered: [],
    forbidden: [],
  };
  const day = shanghaiDay(state.now);
  const hash = createHash('sha1').update(canonical(msg)).digest('hex');
  const receivedAt = new Date(state.now).toISOString();
  for (const userid of new Set(userids)) {
    const u = state.users.get(userid);
    if (!u || !u.active) {
      task.invalid.push(userid);
      continue;
    }
    const dkey = `${app.appKey}|${day}|${userid}|${hash}`;
    const ckey = `${app.appKey}|${day}|${userid}`;
    let forbiddenCode: string | undefined;
    if (state.dedupe.has(dkey)) forbiddenCode = '143106';
    else if ((state.dailyCount.get(ckey) ?? 0) >= 500) forbiddenCode = '143105';
    if (forbiddenCode) task.forbidden.push({ code: forbiddenCode, userid });
    else {
      state.dedupe.add(dkey);
      state.dailyCount.set(ckey, (state.dailyCount.get(ckey) ?? 0) + 1);
      task.delivered.push(userid);
    }
    state.workItems.push({
      taskId,
      userid,
      msg,
      receivedAt,
      delivered: !forbiddenCode,
      ...(forbiddenCode ? { forbiddenCode } : {}),
    });
  }
  state.tasks.set(taskId, task);
  return ok({ task_id: Number(taskId) });
}

function sendResult(state: EmulatorState, app: EmulatorApp, b: Record<string, unknown>): HttpAnswer {
  const t = state.tasks.get(String(b.task_id));
  if (!t || String(b.agent_id) !== app.agentId || t.appKey !== app.appKey)
    return oapiErr(40035, '不合法的参数：task_id');
  if (state.now - t.at > 24 * 3600 * 1000) return oapiErr(40035, '只能查询 24 小时内的发送结果');
  const counts = new Map<string, { code: string; count: number; userid: string }>();
  for (const f of t.forbidden)
    counts.set(`${f.code}|${f.userid}`, {
      code: f.code,
      count: (counts.get(`${f.code}|${f.userid}`)?.count ?? 0) + 1,
      userid: f.userid,
    });
  return ok({
    send_result: {
      invalid_user_id_list: t.invalid,
      forbidden_user_id_list: [...new Set(t.forbidden.map((f) => f.userid))],
      failed_user_id_list: [],
      read_user_id_list: [],
      unread_user_id_list: t.delivered,
      invalid_dept_id_list: [],
      forbidden_list: [...counts.values()],
    },
  });
}

// ---- robot ------------------------------------------------------------------------------------------------------

const ROBOT_TYPES = ['text', 'link', 'markdown', 'actionCard', 'feedCard'];

function robotSend(state: EmulatorState, url: URL, b: Record<string, unknown>): HttpAnswer {
  const token = url.searchParams.get('access_token') ?? '';
  const robot = state.robots.get(token);
  if (!robot) return oapiErr(400101, 'access_token不存在');
  if (robot.secret) {
    const ts = url.searchParams.get('timestamp');
    const sign = url.searchParams.get('sign');
    if (!ts || !sign)
      return oapiErr(310000, 'sign not match, more: [https://ding-doc.dingtalk.com/doc#/serverapi2/qf2nxq]');
    if (!/^\d+$/.test(ts) || Math.abs(state.now - Number(ts)) > 3600 * 1000)
      return oapiErr(310000, 'invalid timestamp, more: [https://ding-doc.dingtalk.com/doc#/serverapi2/qf2nxq]');
    if (sign !== robotSignature(robot.secret, ts))
      return oapiErr(310000, 'sign not match, more: [https://ding-doc.dingtalk.com/doc#/serverapi2/qf2nxq]');
  }
  if (typeof b.msgtype !== 'string' || !ROBOT_TYPES.includes(b.msgtype)) return oapiErr(400105, '不支持的消息类型');
  if (!b[b.msgtype]) return oapiErr(40035, '缺少参数 json');
  if (robot.keywords?.length) {
    const text = JSON.stringify(b[b.msgtype]);
    if (!robot.keywords.some((k) => text.includes(k)))
      return oapiErr(310000, 'keywords not in content, more: [https://ding-doc.dingtalk.com/doc#/serverapi2/qf2nxq]');
  }
  const at = (b.at ?? {}) as { atMobiles?: unknown[]; atUserIds?: unknown[] };
  if ((at.atMobiles?.length ?? 0) + (at.atUserIds?.length ?? 0) > 50) return oapiErr(40035, '@人数不能超过 50');
  const msgUuid = typeof b.msgUuid === 'string' ? b.msgUuid : undefined;
  if (msgUuid && state.robotUuids.has(`${token}|${msgUuid}`)) return ok(); // idempotent retry
  const now = state.now;
  if ((state.robotThrottledUntil.get(token) ?? 0) > now)
    return oapiErr(state.opts.robotRateLimitCode, 'send too fast, exceed 20 times per minute');
  const window = (state.robotWindow.get(token) ?? []).filter((t) => t > now - 60_000);
  if (window.length >= state.opts.robotPerMinute) {
    state.robotThrottledUntil.set(token, now + state.opts.robotThrottleMs);
    return oapiErr(state.opts.robotRateLimitCode, 'send too fast, exceed 20 times per minute');
  }
  window.push(now);
  state.robotWindow.set(token, window);
  if (msgUuid) state.robotUuids.add(`${token}|${msgUuid}`);
  state.robotPosts.push({ accessToken: token, msg: b, msgUuid, receivedAt: new Date(now).toISOString() });
  return ok();
}

// ---- todo -----------------------------------------------------------------------------------------------------

function todoView(t: EmuTodo) {
  return {
    id: t.id,
    subject: t.subject,
    description: t.description ?? '',
    startTime: t.createdTime,
    dueTime: t.dueTime,
    finishTime: t.finishTime,
    done: t.done,
    executorIds: t.executorIds,
    participantIds: t.participantIds,
    detailUrl: t.detailUrl,
    source: 'isv_dingtalkTodo',
    sourceId: t.sourceId,
    createdTime: t.createdTime,
    modifiedTime: t.modifiedTime,
    creatorId: t.creatorId,
    modifierId: t.creatorId,
    bizTag: 'isv',
    requestId: randomUUID().toUpperCase(),
    isOnlyShowExecutor: false,
    priority: t.priority ?? 20,
    notifyConfigs: {},
  };
}

function todoApi(
  state: EmulatorState,
  method: string,
  unionId: string,
  taskId: string | undefined,
  executorStatus: boolean,
  url: URL,
  b: Record<string, unknown>,
): HttpAnswer {
  const operatorId = url.searchParams.get('operatorId');
  if (!state.userByUnionId(unionId)) return apiErr(400, 'todo.taskCreate.paramError', 'unionId is invalid');
  if (method === 'POST' && !taskId) {
    if (operatorId && operatorId !== unionId)
      return apiErr(400, 'todo.taskCreate.paramError', 'operatorId must equal unionId');
    const subject = typeof b.subject === 'string' ? b.subject : '';
    if (!subject) return apiErr(400, 'todo.taskCreate.paramError', 'subject is required');
    if (subject.length > 1024) return apiErr(400, 'todo.taskCreate.paramError', 'subject is oversize');
    if (typeof b.description === 'string' && b.description.length > 4096)
      return apiErr(400, 'todo.taskCreate.paramError', 'description is oversize');
    const executorIds = Array.isArray(b.executorIds) ? b.executorIds.map(String) : [];
    const participantIds = Array.isArray(b.participantIds) ? b.participantIds.map(String) : [];
    if (executorIds.length > 100) return apiErr(400, 'todo.taskCreate.paramError', 'executors is oversize');
    if (participantIds.length > 100) return apiErr(400, 'todo.taskCreate.paramError', 'participants is oversize');
    if (executorIds.some((e) => !state.userByUnionId(e)))
      return apiErr(400, 'todo.taskCreate.paramError', 'executorIds is invalid');
    const detail = b.detailUrl as { appUrl?: unknown; pcUrl?: unknown } | undefined;
    if (!detail || typeof detail.appUrl !== 'string' || typeof detail.pcUrl !== 'string')
      return apiErr(400, 'todo.taskCreate.paramError', 'detailUrl is required');
    if (b.dueTime !== undefined && (typeof b.dueTime !== 'number' || b.dueTime < 0))
      return apiErr(400, 'todo.taskCreate.paramError', 'dueTime is invalid');
    const sourceId = typeof b.sourceId === 'string' ? b.sourceId : undefined;
    if (sourceId && [...state.todos.values()].some((t) => t.sourceId === sourceId && t.creatorId === unionId))
      return apiErr(400, 'todo.taskCreate.paramError', 'task exist');
    const now = state.now;
    const t: EmuTodo = {
      id: `task${randomAscii(24)}`,
      subject,
      description: typeof b.description === 'string' ? b.description : undefined,
      sourceId,
      creatorId: unionId,
      executorIds,
      participantIds,
      detailUrl: detail,
      dueTime: typeof b.dueTime === 'number' ? b.dueTime : undefined,
      done: false,
      priority: typeof b.priority === 'number' ? b.priority : undefined,
      createdTime: now,
      modifiedTime: now,
      executorStatus: Object.fromEntries(executorIds.map((e) => [e, false])),
    };
    state.todos.set(t.id, t);
    return json(todoView(t));
  }
  const t = taskId ? state.todos.get(taskId) : undefined;
  if (!t) return apiErr(400, 'todo.taskUpdate.paramError', 'task not exist');
  if (method === 'PUT' && executorStatus) {
    const list = Array.isArray(b.executorStatusList)
      ? (b.executorStatusList as { id?: unknown; isDone?: unknown }[])
      : [];
    for (const s of list) if (typeof s.id === 'string') t.executorStatus[s.id] = s.isDone === true;
    t.modifiedTime = state.now;
    return json({ result: true });
  }
  if (method === 'PUT') {
    if (typeof b.subject === 'string') t.subject = b.subject;
    if (typeof b.description === 'string') t.description = b.description;
    if (typeof b.dueTime === 'number') t.dueTime = b.dueTime;
    if (Array.isArray(b.executorIds)) t.executorIds = b.executorIds.map(String);
    if (typeof b.done === 'boolean') {
      t.done = b.done;
      t.finishTime = b.done ? state.now : undefined;
    }
    t.modifiedTime = state.now;
    return json({ result: true });
  }
  if (method === 'DELETE') {
    state.todos.delete(t.id);
    return json({ result: true, requestId: randomUUID().toUpperCase() });
  }
  return apiErr(404, 'NotFound', 'api not found');
}

// ---- approvals ------------------------------------------------------------------------------------------------

function fmt(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16) + 'Z';
}

function approvalCreate(state: EmulatorState, app: EmulatorApp, b: Record<string, unknown>): HttpAnswer {
  const processCode = typeof b.processCode === 'string' ? b.processCode : '';
  if (!/^PROC-[A-Za-z0-9-]+$/.test(processCode)) return apiErr(400, 'processCodeError', '审批模板 processCode 不正确');
  const originator = state.users.get(String(b.originatorUserId ?? ''));
  if (!originator) return apiErr(400, 'invalidParameter', 'originatorUserId 无效');
  const values = Array.isArray(b.formComponentValues) ? (b.formComponentValues as Record<string, unknown>[]) : null;
  if (!values || values.length === 0) return apiErr(400, 'invalidParameter', 'formComponentValues 不能为空');
  if (values.length > 150) return apiErr(400, 'invalidParameter', 'formComponentValues 最多 150 项');
  for (const v of values) {
    if (typeof v.name !== 'string' || typeof v.value !== 'string')
      return apiErr(
        400,
        'formConverterError',
        `表单数据校验失败，失败控件：${typeof v.name === 'string' ? v.name : '?'}`,
      );
    if (v.value.length > 65535) return apiErr(400, 'formConverterError', `表单数据校验失败，失败控件：${v.name}`);
    if (v.componentType === 'TableField') {
      try {
        if (!Array.isArray(JSON.parse(v.value))) throw new Error('not array');
      } catch {
        return apiErr(400, 'formConverterError', `表单数据校验失败，失败控件：${v.name}`);
      }
    }
  }
  const approvers = Array.isArray(b.approvers)
    ? (b.approvers as { userIds?: unknown }[]).flatMap((a) => (Array.isArray(a.userIds) ? a.userIds.map(String) : []))
    : [];
  if (approvers.some((u) => !state.users.has(u))) return apiErr(400, 'invalidParameter', 'approvers 中有无效的 userId');
  const now = state.now;
  const a: Approval = {
    instanceId: randomUUID(),
    appKey: app.appKey,
    processCode,
    originatorUserId: originator.userid,
    deptId: Number(b.deptId ?? -1),
    title: `${originator.name}提交的审批`,
    status: 'RUNNING',
    createTime: now,
    approvers,
    businessId:
      new Date(now).toISOString().replace(/\D/g, '').slice(0, 14) + String(state.approvals.size + 1).padStart(4, '0'),
    formComponentValues: values.map((v) => ({
      name: String(v.name),
      value: String(v.value),
      componentType: typeof v.componentType === 'string' ? v.componentType : 'TextField',
      id: typeof v.id === 'string' ? v.id : `TextField-${randomAscii(8)}`,
    })),
    operationRecords: [{ userId: originator.userid, date: fmt(now), type: 'START_PROCESS_INSTANCE', result: 'NONE' }],
  };
  state.approvals.set(a.instanceId, a);
  pushApprovalEvent(state, a, 'start');
  return json({ instanceId: a.instanceId });
}

function approvalGet(state: EmulatorState, url: URL): HttpAnswer {
  const a = state.approvals.get(url.searchParams.get('processInstanceId') ?? '');
  if (!a) return apiErr(400, 'processInstanceIdError', '审批实例 id 不正确');
  return json({
    success: 'true',
    result: {
      title: a.title,
      createTime: fmt(a.createTime),
      finishTime: a.finishTime ? fmt(a.finishTime) : undefined,
      originatorUserId: a.originatorUserId,
      originatorDeptId: String(a.deptId),
      originatorDeptName: state.depts.get(a.deptId)?.name ?? '',
      status: a.status,
      result: a.result ?? '',
      approverUserIds: a.approvers,
      ccUserIds: [],
      businessId: a.businessId,
      operationRecords: a.operationRecords,
      tasks: a.approvers.map((u, i) => ({
        taskId: i + 1,
        userId: u,
        status: a.status === 'RUNNING' ? 'RUNNING' : a.status === 'TERMINATED' ? 'CANCELED' : 'COMPLETED',
        result: a.result === 'agree' ? 'AGREE' : a.result === 'refuse' ? 'REFUSE' : 'NONE',
        createTime: fmt(a.createTime),
        processInstanceId: a.instanceId,
      })),
      bizAction: 'NONE',
      formComponentValues: a.formComponentValues,
      attachedProcessInstanceIds: [],
    },
  });
}

function pushApprovalEvent(state: EmulatorState, a: Approval, type: 'start' | 'finish' | 'terminate'): void {
  const app = state.apps.get(a.appKey)!;
  pushEvent(state, app, 'bpms_instance_change', {
    processInstanceId: a.instanceId,
    processCode: a.processCode,
    bizCategoryId: '',
    businessId: a.businessId,
    title: a.title,
    type,
    ...(type === 'finish' ? { result: a.result } : {}),
    createTime: a.createTime,
    ...(a.finishTime ? { finishTime: a.finishTime } : {}),
    staffId: a.originatorUserId,
    url: `https://aflow.dingtalk.com/dingtalk/mobile/homepage.htm?procInstId=${a.instanceId}`,
    businessType: '',
  });
}

// ---- event push (HTTP callback mode) ---------------------------------------------------------------------------

function pushEvent(
  state: EmulatorState,
  app: EmulatorApp,
  eventType: string,
  fields: Record<string, unknown>,
): CallbackDelivery | undefined {
  const url = state.opts.callbackUrl;
  if (!url) return undefined;
  const eventId = randomUUID().replace(/-/g, '');
  const event = {
    EventType: eventType,
    EventTime: state.now,
    CorpId: app.corpId,
    BizId: fields.processInstanceId ?? eventId,
    eventId,
    ...fields,
  };
  const delivery: CallbackDelivery = { eventId, eventType, event, attempts: [], delivered: false, gaveUp: false };
  state.callbacks.push(delivery);
  const attempt = (n: number) => {
    void deliver(state, app, url, event, delivery).then((good) => {
      if (good) return;
      const delay = state.opts.callbackRetryDelaysMs[n];
      if (delay === undefined) {
        delivery.gaveUp = true;
        return;
      }
      const t = setTimeout(() => {
        state.timers.delete(t);
        attempt(n + 1);
      }, delay);
      state.timers.add(t);
    });
  };
  attempt(0);
  return delivery;
}

async function deliver(
  state: EmulatorState,
  app: EmulatorApp,
  url: string,
  event: Record<string, unknown>,
  delivery: CallbackDelivery | undefined,
): Promise<boolean> {
  const crypto = new CallbackCrypto({ token: app.callbackToken, aesKey: app.callbackAesKey, ownerKey: app.appKey });
  const timestamp = String(Date.now());
  const nonce = randomAscii(8);
  const encrypt = crypto.encrypt(JSON.stringify(event));
  const target = new URL(url);
  target.searchParams.set('signature', crypto.signature(timestamp, nonce, encrypt));
  target.searchParams.set('timestamp', timestamp);
  target.searchParams.set('nonce', nonce);
  const at = new Date().toISOString();
  try {
    const res = await fetch(target, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ encrypt }),
      signal: AbortSignal.timeout(5000),
    });
    const text = await res.text();
    let good = false;
    try {
      const r = z
        .object({ msg_signature: z.string(), timeStamp: z.string(), nonce: z.string(), encrypt: z.string() })
        .parse(JSON.parse(text));
      good =
        res.ok &&
        crypto.open({ signature: r.msg_signature, timestamp: r.timeStamp, nonce: r.nonce, encrypt: r.encrypt }) ===
          'success';
    } catch {
      good = false;
    }
    delivery?.attempts.push({ at, ok: good, status: res.status, ...(good ? {} : { error: text.slice(0, 200) }) });
    if (delivery && good) delivery.delivered = true;
    return good;
  } catch (err) {
    delivery?.attempts.push({ at, ok: false, error: err instanceof Error ? err.message : String(err) });
    return false;
  }
}

// ---- control API ------------------------------------------------------------------------------------------------

function firstApp(state: EmulatorState): EmulatorApp {
  return state.apps.values().next().value!;
}

async function control(state: EmulatorState, method: string, p: string, url: URL, body: unknown): Promise<HttpAnswer> {
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const bad = (message: string) => json({ code: 'BAD_REQUEST', message }, 400);
  const notFound = (message: string) => json({ code: 'NOT_FOUND', message }, 404);
  const app = firstApp(state);
  let m: RegExpExecArray | null;

  if (method === 'POST' && p === '/auth-codes') {
    const userid = typeof b.userid === 'string' ? b.userid : '';
    if (!state.users.has(userid)) return notFound(`用户 ${userid} 不存在`);
    const authCode = randomAscii(32);
    state.authCodes.set(authCode, { userid, expiresAt: state.now + 300_000 });
    return json({ authCode, expiresIn: 300 });
  }
  if (method === 'GET' && p === '/work-notifications') {
    const userid = url.searchParams.get('userid');
    return json({ items: state.workItems.filter((i) => !userid || i.userid === userid) });
  }
  if (method === 'GET' && p === '/robot-messages') {
    const token = url.searchParams.get('accessToken');
    return json({ items: state.robotPosts.filter((r) => !token || r.accessToken === token) });
  }
  if (method === 'GET' && p === '/todos') {
    const userid = url.searchParams.get('userid');
    const unionId = url.searchParams.get('unionId') ?? (userid ? (state.users.get(userid)?.unionid ?? '-') : null);
    return json({
      items: [...state.todos.values()]
        .filter((t) => !unionId || t.executorIds.includes(unionId) || t.creatorId === unionId)
        .map(todoView),
    });
  }
  if (method === 'GET' && p === '/approvals') return json({ items: [...state.approvals.values()] });
  if (method === 'POST' && (m = /^\/approvals\/([^/]+)\/(complete|terminate)$/.exec(p))) {
    const a = state.approvals.get(decodeURIComponent(m[1]!));
    if (!a) return notFound('审批实例不存在');
    if (a.status !== 'RUNNING') return json({ code: 'INVALID_STATE', message: `审批实例已是 ${a.status}` }, 409);
    const now = state.now;
    if (m[2] === 'complete') {
      const parsed = z
        .object({ result: z.enum(['agree', 'refuse']), remark: z.string().optional(), userId: z.string().optional() })
        .safeParse(b);
      if (!parsed.success) return bad('result 应为 agree 或 refuse');
      a.status = 'COMPLETED';
      a.result = parsed.data.result;
      a.finishTime = now;
      a.operationRecords.push({
        userId: parsed.data.userId ?? a.approvers[0] ?? a.originatorUserId,
        date: fmt(now),
        type: 'EXECUTE_TASK_NORMAL',
        result: parsed.data.result === 'agree' ? 'AGREE' : 'REFUSE',
        remark: parsed.data.remark,
      });
      pushApprovalEvent(state, a, 'finish');
    } else {
      a.status = 'TERMINATED';
      a.finishTime = now;
      a.operationRecords.push({
        userId: a.originatorUserId,
        date: fmt(now),
        type: 'TERMINATE_PROCESS_INSTANCE',
        result: 'NONE',
      });
      pushApprovalEvent(state, a, 'terminate');
    }
    return json({ instanceId: a.instanceId, status: a.status, result: a.result ?? null });
  }
  if (method === 'POST' && p === '/users') {
    const parsed = ZUserInput.safeParse(b);
    if (!parsed.success) return bad(parsed.error.issues[0]!.message);
    const u = parsed.data;
    if (state.users.has(u.userid)) return json({ code: 'CONFLICT', message: '用户已存在' }, 409);
    const user: EmuUser = {
      userid: u.userid,
      unionid: u.unionid ?? `union-${u.userid}`,
      name: u.name,
      mobile: u.mobile ?? '',
      title: u.title,
      jobNumber: u.jobNumber,
      email: u.email,
      deptIdList: u.deptIdList ?? [1],
      active: u.active ?? true,
      admin: false,
      boss: false,
      sysLevel: 0,
    };
    state.users.set(user.userid, user);
    pushEvent(state, app, 'user_add_org', { timeStamp: String(state.now), userId: [user.userid] });
    return json(user, 201);
  }
  if (method === 'POST' && p === '/users/bulk') {
    const parsed = z.object({ users: z.array(ZUserInput).max(50_000) }).safeParse(b);
    if (!parsed.success) return bad(parsed.error.issues[0]!.message);
    for (const u of parsed.data.users)
      state.users.set(u.userid, {
        userid: u.userid,
        unionid: u.unionid ?? `union-${u.userid}`,
        name: u.name,
        mobile: u.mobile ?? '',
        title: u.title,
        jobNumber: u.jobNumber,
        deptIdList: u.deptIdList ?? [1],
        active: u.active ?? true,
        admin: false,
        boss: false,
        sysLevel: 0,
      });
    return json({ added: parsed.data.users.length });
  }
  if ((method === 'PATCH' || method === 'DELETE') && (m = /^\/users\/([^/]+)$/.exec(p))) {
    const u = state.users.get(decodeURIComponent(m[1]!));
    if (!u) return notFound('用户不存在');
    if (method === 'DELETE') {
      state.users.delete(u.userid);
      pushEvent(state, app, 'user_leave_org', { timeStamp: String(state.now), userId: [u.userid] });
      return json({ removed: u.userid });
    }
    const parsed = ZUserInput.partial().omit({ userid: true, unionid: true }).safeParse(b);
    if (!parsed.success) return bad(parsed.error.issues[0]!.message);
    const prev = {
      name: u.name,
      telephone: '',
      email: u.email ?? '',
      jobNumber: u.jobNumber ?? '',
      mobile: u.mobile,
      title: u.title ?? '',
    };
    Object.assign(u, Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => v !== undefined)));
    const curr = {
      name: u.name,
      telephone: '',
      email: u.email ?? '',
      jobNumber: u.jobNumber ?? '',
      mobile: u.mobile,
      title: u.title ?? '',
    };
    pushEvent(state, app, parsed.data.active === true ? 'user_active_org' : 'user_modify_org', {
      timeStamp: String(state.now),
      userId: [u.userid],
      diffInfo: { prev, curr, userid: u.userid },
    });
    return json(u);
  }
  if (method === 'POST' && p === '/departments') {
    const parsed = ZDeptInput.safeParse(b);
    if (!parsed.success) return bad(parsed.error.issues[0]!.message);
    if (!state.depts.has(parsed.data.parentId)) return notFound('上级部门不存在');
    const deptId = parsed.data.deptId ?? state.nextDeptId++;
    if (state.depts.has(deptId)) return json({ code: 'CONFLICT', message: '部门已存在' }, 409);
    const d: EmuDept = { deptId, name: parsed.data.name, parentId: parsed.data.parentId };
    state.depts.set(deptId, d);
    pushEvent(state, app, 'org_dept_create', { timeStamp: String(state.now), deptId: [deptId] });
    return json(d, 201);
  }
  if ((method === 'PATCH' || method === 'DELETE') && (m = /^\/departments\/(\d+)$/.exec(p))) {
    const d = state.depts.get(Number(m[1]));
    if (!d) return notFound('部门不存在');
    if (method === 'DELETE') {
      if (
        [...state.users.values()].some((u) => u.deptIdList.includes(d.deptId)) ||
        [...state.depts.values()].some((x) => x.parentId === d.deptId)
      )
        return json({ code: 'CONFLICT', message: '部门下还有成员或子部门' }, 409);
      state.depts.delete(d.deptId);
      pushEvent(state, app, 'org_dept_remove', { timeStamp: String(state.now), deptId: [d.deptId] });
      return json({ removed: d.deptId });
    }
    const parsed = z.object({ name: z.string().min(1).optional(), parentId: z.number().int().optional() }).safeParse(b);
    if (!parsed.success) return bad(parsed.error.issues[0]!.message);
    if (parsed.data.name) d.name = parsed.data.name;
    if (parsed.data.parentId !== undefined) d.parentId = parsed.data.parentId;
    pushEvent(state, app, 'org_dept_modify', { timeStamp: String(state.now), deptId: [d.deptId] });
    return json(d);
  }
  if (method === 'GET' && p === '/users') return json({ items: [...state.users.values()] });
  if (method === 'GET' && p === '/departments') return json({ items: [...state.depts.values()] });
  if (method === 'POST' && p === '/faults') {
    const parsed = ZFault.safeParse(b);
    if (!parsed.success) return bad('需要 { api, count, kind: http500|timeout|rateLimit }');
    state.faults.push({ ...parsed.data });
    return json({ faults: state.faults });
  }
  if (method === 'POST' && p === '/robots') {
    const parsed = z
      .object({
        accessToken: z.string().min(1),
        secret: z.string().optional(),
        keywords: z.array(z.string()).max(10).optional(),
      })
      .safeParse(b);
    if (!parsed.success) return bad('需要 { accessToken, secret?, keywords? }');
    state.robots.set(parsed.data.accessToken, parsed.data);
    return json(parsed.data, 201);
  }
  if (method === 'POST' && p === '/apps') {
    const parsed = z
      .object({
        corpId: z.string(),
        appKey: z.string(),
        appSecret: z.string(),
        agentId: z.string(),
        callbackToken: z.string(),
        callbackAesKey: z.string().length(43),
      })
      .safeParse(b);
    if (!parsed.success) return bad('应用参数不完整');
    state.apps.set(parsed.data.appKey, parsed.data);
    return json({ appKey: parsed.data.appKey }, 201);
  }
  if (method === 'POST' && p === '/config') {
    const parsed = z
      .object({
        qpsLimit: z.number().int().min(1).optional(),
        tokenTtlSeconds: z.number().int().min(1).optional(),
        callbackUrl: z.string().url().nullable().optional(),
        callbackRetryDelaysMs: z.array(z.number().int().min(0)).optional(),
        robotPerMinute: z.number().int().min(1).optional(),
        faultTimeoutMs: z.number().int().min(0).optional(),
      })
      .safeParse(b);
    if (!parsed.success) return bad(parsed.error.issues[0]!.message);
    const c = parsed.data;
    if (c.qpsLimit !== undefined) state.opts.qpsLimit = c.qpsLimit;
    if (c.tokenTtlSeconds !== undefined) state.opts.tokenTtlSeconds = c.tokenTtlSeconds;
    if (c.callbackUrl !== undefined) state.opts.callbackUrl = c.callbackUrl ?? undefined;
    if (c.callbackRetryDelaysMs) state.opts.callbackRetryDelaysMs = c.callbackRetryDelaysMs;
    if (c.robotPerMinute !== undefined) state.opts.robotPerMinute = c.robotPerMinute;
    if (c.faultTimeoutMs !== undefined) state.opts.faultTimeoutMs = c.faultTimeoutMs;
    return json(configView(state));
  }
  if (method === 'GET' && p === '/config') return json(configView(state));
  if (method === 'POST' && p === '/tokens/expire') {
    for (const t of state.tokens.values()) t.expiresAt = state.now - 1;
    return json({ expired: state.tokens.size });
  }
  if (method === 'GET' && p === '/callbacks') return json({ items: state.callbacks });
  if (method === 'POST' && p === '/callbacks/check-url') {
    const url2 = state.opts.callbackUrl;
    if (!url2) return bad('未配置回调地址');
    const started = Date.now();
    const good = await deliver(state, app, url2, { EventType: 'check_url' }, undefined);
    return json({ ok: good, ms: Date.now() - started });
  }
  if (method === 'GET' && p === '/stats') return json(state.stats);
  if (method === 'POST' && p === '/reset') {
    state.resetActivity();
    if (b.org !== false) state.loadOrg();
    return json({ reset: true });
  }
  return notFound(`未知的模拟器控制接口 ${method} ${p}`);
}

function configView(state: EmulatorState) {
  const { logger: _l, now: _n, ...rest } = state.opts;
  return rest;
}
