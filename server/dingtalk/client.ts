/**
 * DingTalk server API client (axios). Works against real DingTalk or the emulator: only the two base URLs
 * and the credentials differ. Every call writes an interface-log row with secrets masked.
 *
 * Access tokens are cached in Redis per AppKey (shared by every API and worker process), refreshed
 * 10 minutes before expiry, with one refresh at a time per app; a call answered with 40014 / 42001 /
 * InvalidAuthentication refreshes the token once and is retried once.
 */
import http from 'node:http';
import https from 'node:https';
import axios, { AxiosError, type AxiosInstance, type AxiosResponse } from 'axios';
import { z } from 'zod';
import type { Deps } from '../deps';
import type { Db } from '../lib/db';
import type { Logger } from '../lib/logger';
import type { Redis } from '../lib/redis';
import { classifyCode, DingtalkError, dingtalkMessage } from './errors';
import { maskUrl, maskValue, writeInterfaceLog } from './interface-log';
import { robotSignature } from './robot-sign';
import type { DingtalkAppConfig } from './app-config';

export { DingtalkError } from './errors';

export type { DingtalkAppConfig } from './app-config';

export interface DingtalkClientOptions {
  app: DingtalkAppConfig;
  redis: Redis;
  /** Redis key prefix (deps.prefix). */
  prefix: string;
  /** Where interface-log rows go; omitted = no logging (unit use only). */
  db?: Db;
  logger?: Logger;
  /** Per-request timeout (default 10 s). */
  timeoutMs?: number;
}

/** Refresh this long before DingTalk says the token expires (the calling guide's advice). */
export const TOKEN_REFRESH_AHEAD_MS = 10 * 60 * 1000;

// ---- result types ---------------------------------------------------------------------------------

export interface AuthCodeUser {
  userid: string;
  unionid: string;
  name: string;
  sys?: boolean;
  sysLevel?: number;
  deviceId?: string;
  associatedUnionid?: string;
}

export interface DingtalkUser {
  userid: string;
  unionid: string;
  name: string;
  mobile?: string;
  title?: string;
  jobNumber?: string;
  email?: string;
  avatar?: string;
  deptIdList: number[];
  active: boolean;
  admin?: boolean;
  boss?: boolean;
  managerUserid?: string;
  hiredDate?: number;
}

export interface DingtalkDepartment {
  deptId: number;
  name: string;
  parentId: number;
}

export interface DepartmentUserPage {
  hasMore: boolean;
  nextCursor: number | null;
  list: DingtalkUser[];
}

export type WorkMessage =
  | { msgtype: 'text'; text: { content: string } }
  | { msgtype: 'markdown'; markdown: { title: string; text: string } }
  | { msgtype: 'link'; link: { messageUrl: string; picUrl: string; title: string; text: string } }
  | {
      msgtype: 'action_card';
      action_card: {
        title?: string;
        markdown: string;
        single_title?: string;
        single_url?: string;
        btn_orientation?: '0' | '1';
        btn_json_list?: { title: string; action_url: string }[];
      };
    }
  | { msgtype: 'oa'; oa: Record<string, unknown> };

export interface SendResult {
  invalidUserIds: string[];
  forbiddenUserIds: string[];
  failedUserIds: string[];
  readUserIds: string[];
  unreadUserIds: string[];
  forbiddenList: { code: string; count: number; userid: string }[];
}

export interface RobotTarget {
  accessToken: string;
  secret?: string | null;
}
export type RobotMessage = Record<string, unknown> & {
  msgtype: 'text' | 'link' | 'markdown' | 'actionCard' | 'feedCard';
  msgUuid?: string;
};

export interface TodoInput {
  subject: string;
  description?: string;
  sourceId?: string;
  dueTime?: number;
  executorIds: string[]; // unionIds
  participantIds?: string[];
  detailUrl?: { appUrl: string; pcUrl: string };
  priority?: 10 | 20 | 30 | 40;
  isOnlyShowExecutor?: boolean;
  notifyConfigs?: { dingNotify?: '1' };
}
export interface Todo {
  id: string;
  subject: string;
  done: boolean;
  sourceId?: string;
  executorIds: string[];
  creatorId?: string;
  createdTime?: number;
}

/** One approval form field. Values are strings on the wire; lists and tables are sent as JSON strings. */
export type ApprovalField =
  | { name: string; value: string; componentType?: string }
  | { name: string; list: string[]; componentType?: string }
  | { name: string; table: { name: string; value: string }[][]; componentType?: string };

/** A component of an approval template's form (获取表单 schema). */
export interface FormSchemaComponent {
  componentName: string;
  id: string;
  label: string;
  required: boolean;
  children: FormSchemaComponent[];
}
export interface FormSchema {
  processCode: string;
  name: string;
  items: FormSchemaComponent[];
}
/** One file of a DDAttachment value, as DingTalk wants it. */
export interface ApprovalAttachment {
  spaceId: string;
  fileName: string;
  fileSize: string;
  fileType: string;
  fileId: string;
}

export interface ApprovalInstance {
  /** where DingTalk shows the instance (a task's pcUrl), when it gives one */
  url?: string | null;
  instanceId: string;
  title: string;
  status: 'NEW' | 'RUNNING' | 'TERMINATED' | 'COMPLETED' | 'CANCELED';
  result?: string;
  businessId?: string;
  originatorUserId: string;
  createTime?: string;
  finishTime?: string;
  formComponentValues: { name: string; value: string; componentType?: string; id?: string }[];
  operationRecords: { userId: string; date?: string; type?: string; result?: string; remark?: string }[];
}

/** DingTalk's form-value format: every value a string (lists and tables JSON-encoded). */
export function toFormComponentValues(
  fields: ApprovalField[],
): { name: string; value: string; componentType?: string }[] {
  return fields.map((f) => {
    const value = 'value' in f ? f.value : 'list' in f ? JSON.stringify(f.list) : JSON.stringify(f.table);
    return f.componentType ? { name: f.name, value, componentType: f.componentType } : { name: f.name, value };
  });
}

// ---- wire schemas (lenient: DingTalk adds fields over time) ------------------------------------------

const ZOapiBase = z
  .object({
    errcode: z.union([z.number(), z.string()]).optional(),
    errmsg: z.string().optional(),
    request_id: z.string().optional(),
  })
  .loose();
const ZRawUser = z
  .object({
    userid: z.string(),
    unionid: z.string().optional().default(''),
    name: z.string(),
    mobile: z.string().optional(),
    title: z.string().optional(),
    job_number: z.string().optional(),
    email: z.string().optional(),
    avatar: z.string().optional(),
    dept_id_list: z.array(z.number()).optional().default([]),
    active: z.boolean().optional().default(true),
    admin: z.boolean().optional(),
    boss: z.boolean().optional(),
    manager_userid: z.string().optional(),
    hired_date: z.number().optional(),
  })
  .loose();
type RawUser = z.infer<typeof ZRawUser>;
const mapUser = (u: RawUser): DingtalkUser => ({
  userid: u.userid,
  unionid: u.unionid,
  name: u.name,
  mobile: u.mobile,
  title: u.title,
  jobNumber: u.job_number,
  email: u.email,
  avatar: u.avatar,
  deptIdList: u.dept_id_list,
  active: u.active,
  admin: u.admin,
  boss: u.boss,
  managerUserid: u.manager_userid,
  hiredDate: u.hired_date,
});

// ---- token single-flight (per process; Redis lock across processes) --------------------------------

const inflightTokens = new Map<string, Promise<string>>();

const sharedAgents = {
  http: new http.Agent({ keepAlive: true, maxSockets: 64 }),
  https: new https.Agent({ keepAlive: true, maxSockets: 64 }),
};

interface CallSpec {
  api: string; // for logs and errors, e.g. "topapi/v2/user/get"
  style: 'oapi' | 'api';
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  /** What the interface log shows as the request (defaults to the body). */
  logBody?: unknown;
  /** Whether the call carries the app's access token (robot webhooks do not). */
  auth: boolean;
}

export class DingtalkClient {
  readonly app: DingtalkAppConfig;
  private readonly http: AxiosInstance;
  private readonly redis: Redis;
  private readonly prefix: string;
  private readonly db?: Db;
  private readonly logger?: Logger;

  constructor(opts: DingtalkClientOptions) {
    this.app = opts.app;
    this.redis = opts.redis;
    this.prefix = opts.prefix;
    this.db = opts.db;
    this.logger = opts.logger;
    this.http = axios.create({
      timeout: opts.timeoutMs ?? 10_000,
      validateStatus: () => true,
      proxy: false,
      httpAgent: sharedAgents.http,
      httpsAgent: sharedAgents.https,
      headers: { 'content-type': 'application/json; charset=utf-8', accept: 'application/json' },
      transitional: { clarifyTimeoutError: true },
    });
  }

  private get tokenKey() {
    return `${this.prefix}:dingtalk:token:${this.app.appKey}`;
  }

  // ---- access token ---------------------------------------------------------------------------------

  /** A valid access token: from Redis while it has more than 10 minutes left, else refreshed (one refresh at a time). */
  async getAccessToken(): Promise<string> {
    const cached = await this.readCachedToken();
    if (cached) return cached;
    const key = `${this.prefix}|${this.app.appKey}|${this.app.apiBaseUrl}`;
    let p = inflightTokens.get(key);
    if (!p) {
      p = this.refreshToken().finally(() => inflightTokens.delete(key));
      inflightTokens.set(key, p);
    }
    return p;
  }

  private async readCachedToken(): Promise<string | null> {
    const raw = await this.redis.get(this.tokenKey);
    if (!raw) return null;
    const parsed = z
      .object({ accessToken: z.string(), expiresAt: z.number(), baseUrl: z.string().optional() })
      .safeParse(JSON.parse(raw));
    if (!parsed.success || parsed.data.baseUrl !== this.app.apiBaseUrl) return null;
    return parsed.data.expiresAt - Date.now() > TOKEN_REFRESH_AHEAD_MS ? parsed.data.accessToken : null;
  }

  private async refreshToken(): Promise<string> {
    const lockKey = `${this.tokenKey}:lock`;
    const got = await this.redis.set(lockKey, String(process.pid), 'PX', 10_000, 'NX');
    if (!got) {
      // another process is refreshing: wait briefly for its result
      for (let i = 0; i < 30; i++) {
        await new Promise((r) => setTimeout(r, 100));
        const t = await this.readCachedToken();
        if (t) return t;
      }
    }
    try {
      const data = await this.call<{ accessToken: string; expireIn: number }>({
        api: 'v1.0/oauth2/accessToken',
        style: 'api',
        method: 'POST',
        path: '/v1.0/oauth2/accessToken',
        auth: false,
        body: { appKey: this.app.appKey, appSecret: this.app.appSecret },
      });
      const parsed = z.object({ accessToken: z.string().min(1), expireIn: z.number().int().positive() }).parse(data);
      const expiresAt = Date.now() + parsed.expireIn * 1000;
      await this.redis.set(
        this.tokenKey,
        JSON.stringify({ accessToken: parsed.accessToken, expiresAt, baseUrl: this.app.apiBaseUrl }),
        'PX',
        Math.max(1000, parsed.expireIn * 1000),
      );
      return parsed.accessToken;
    } finally {
      if (got) await this.redis.del(lockKey);
    }
  }

  /** 测试: fetches a token with these credentials, bypassing the cache (settings page). */
  async testCredentials(): Promise<{ expiresIn: number }> {
    const data = await this.call<unknown>({
      api: 'v1.0/oauth2/accessToken',
      style: 'api',
      method: 'POST',
      path: '/v1.0/oauth2/accessToken',
      auth: false,
      body: { appKey: this.app.appKey, appSecret: this.app.appSecret },
    });
    return { expiresIn: z.object({ expireIn: z.number() }).loose().parse(data).expireIn };
  }

  /** Forget a token DingTalk rejected (only if no other process has already replaced it). */
  private async invalidateToken(token: string): Promise<void> {
    const raw = await this.redis.get(this.tokenKey);
    if (raw && raw.includes(`"accessToken":${JSON.stringify(token)}`)) await this.redis.del(this.tokenKey);
  }

  // ---- transport --------------------------------------------------------------------------------------

  private async call<T>(spec: CallSpec): Promise<T> {
    if (!spec.auth) return this.send<T>(spec, undefined);
    const token = await this.getAccessToken();
    try {
      return await this.send<T>(spec, token);
    } catch (err) {
      if (!(err instanceof DingtalkError) || err.kind !== 'token') throw err;
      await this.invalidateToken(token);
      const fresh = await this.getAccessToken();
      return this.send<T>(spec, fresh);
    }
  }

  private async send<T>(spec: CallSpec, token: string | undefined): Promise<T> {
    const base = spec.style === 'oapi' ? this.app.oapiBaseUrl : this.app.apiBaseUrl;
    const query: Record<string, string> = {};
    for (const [k, v] of Object.entries(spec.query ?? {})) if (v !== undefined) query[k] = String(v);
    if (token && spec.style === 'oapi') query.access_token = token;
    const qs = new URLSearchParams(query).toString();
    const url = `${base.replace(/\/$/, '')}${spec.path}${qs ? `?${qs}` : ''}`;
    const headers: Record<string, string> = {};
    if (token && spec.style === 'api') headers['x-acs-dingtalk-access-token'] = token;
    const started = performance.now();
    let res: AxiosResponse<unknown> | undefined;
    let failure: DingtalkError | undefined;
    try {
      const r: AxiosResponse<unknown> = await this.http.request<unknown>({
        method: spec.method,
        url,
        data: spec.body,
        headers,
      });
      res = r;
      failure = this.errorFrom(spec, r);
    } catch (err) {
      failure = transportError(spec.api, err);
    }
    const durationMs = performance.now() - started;
    await writeInterfaceLog(this.db, this.logger, {
      direction: 'out',
      api: spec.api,
      method: spec.method,
      status: res?.status,
      ok: !failure,
      durationMs,
      request: { url: maskUrl(url), body: spec.logBody ?? spec.body },
      response: res?.data,
      error: failure ? `${failure.code} ${failure.message}` : undefined,
      requestId: res ? requestIdOf(res) : undefined,
    });
    if (failure) throw failure;
    return res!.data as T;
  }

  private errorFrom(spec: CallSpec, res: AxiosResponse<unknown>): DingtalkError | undefined {
    const data = res.data;
    const requestId = requestIdOf(res);
    if (spec.style === 'oapi' || res.status === 200) {
      const base = ZOapiBase.safeParse(data);
      if (res.status >= 200 && res.status < 300 && base.success) {
        const code = base.data.errcode === undefined ? 0 : Number(base.data.errcode);
        if (code === 0) return undefined;
        return new DingtalkError(
          code,
          dingtalkMessage(code, base.data.errmsg ?? `钉钉返回错误 ${code}`),
          classifyCode(code),
          spec.api,
          { httpStatus: res.status, requestId },
        );
      }
      if (res.status >= 200 && res.status < 300) return undefined;
    }
    if (res.status >= 200 && res.status < 300) return undefined;
    const body = z
      .object({
        code: z.string().optional(),
        Code: z.string().optional(),
        message: z.string().optional(),
        Message: z.string().optional(),
        errcode: z.union([z.number(), z.string()]).optional(),
        errmsg: z.string().optional(),
      })
      .loose()
      .safeParse(data);
    const code = body.success
      ? (body.data.code ?? body.data.Code ?? (body.data.errcode !== undefined ? Number(body.data.errcode) : undefined))
      : undefined;
    const message = body.success ? (body.data.message ?? body.data.Message ?? body.data.errmsg) : undefined;
    if (code === undefined) {
      const kind =
        res.status >= 500 || res.status === 429 ? (res.status === 429 ? 'rateLimit' : 'transient') : 'permanent';
      return new DingtalkError(`HTTP_${res.status}`, `钉钉接口返回 HTTP ${res.status}`, kind, spec.api, {
        httpStatus: res.status,
        requestId,
      });
    }
    let kind = classifyCode(code);
    if (kind === 'permanent' && res.status >= 500) kind = 'transient';
    return new DingtalkError(code, dingtalkMessage(code, message ?? `钉钉返回错误 ${code}`), kind, spec.api, {
      httpStatus: res.status,
      requestId,
    });
  }

  private oapi<T>(path: string, body: unknown, logBody?: unknown): Promise<T> {
    return this.call<T>({
      api: path.replace(/^\//, ''),
      style: 'oapi',
      method: 'POST',
      path,
      body,
      logBody,
      auth: true,
    });
  }

  // ---- 免登 and contacts ---------------------------------------------------------------------------

  /** 免登: the user behind a mini-program / H5 auth code (5 minutes, single use; 40078 when expired or used). */
  async getUserInfoByAuthCode(code: string): Promise<AuthCodeUser> {
    const data = await this.oapi<unknown>('/topapi/v2/user/getuserinfo', { code }, { code: maskValue(code) });
    const r = z
      .object({
        result: z
          .object({
            userid: z.string(),
            unionid: z.string().optional().default(''),
            name: z.string().optional().default(''),
            sys: z.boolean().optional(),
            sys_level: z.number().optional(),
            device_id: z.string().optional(),
            associated_unionid: z.string().optional(),
          })
          .loose(),
      })
      .parse(data).result;
    return {
      userid: r.userid,
      unionid: r.unionid,
      name: r.name,
      sys: r.sys,
      sysLevel: r.sys_level,
      deviceId: r.device_id,
      associatedUnionid: r.associated_unionid,
    };
  }

  async getUser(userid: string): Promise<DingtalkUser> {
    const data = await this.oapi<unknown>('/topapi/v2/user/get', { userid, language: 'zh_CN' });
    return mapUser(z.object({ result: ZRawUser }).parse(data).result);
  }

  /** userid for a unionId (topapi/user/getbyunionid). */
  async getUseridByUnionId(unionid: string): Promise<string> {
    const data = await this.oapi<unknown>('/topapi/user/getbyunionid', { unionid });
    return z.object({ result: z.object({ userid: z.string() }).loose() }).parse(data).result.userid;
  }

  /** Direct children of a department (root = 1). */
  async listSubDepartments(deptId: number): Promise<DingtalkDepartment[]> {
    const data = await this.oapi<unknown>('/topapi/v2/department/listsub', { dept_id: deptId, language: 'zh_CN' });
    const list = z
      .object({ result: z.array(z.object({ dept_id: z.number(), name: z.string(), parent_id: z.number() }).loose()) })
      .parse(data).result;
    return list.map((d) => ({ deptId: d.dept_id, name: d.name, parentId: d.parent_id }));
  }

  /** One page of a department's own members (no sub-departments); start with cursor 0, size ≤ 100. */
  async listDepartmentUsers(deptId: number, cursor = 0, size = 100): Promise<DepartmentUserPage> {
    const data = await this.oapi<unknown>('/topapi/v2/user/list', {
      dept_id: deptId,
      cursor,
      size: Math.min(100, Math.max(1, size)),
      contain_access_limit: false,
      language: 'zh_CN',
    });
    const r = z
      .object({
        result: z.object({
          has_more: z.boolean(),
          next_cursor: z.number().optional().nullable(),
          list: z.array(ZRawUser),
        }),
      })
      .parse(data).result;
    return { hasMore: r.has_more, nextCursor: r.has_more ? (r.next_cursor ?? null) : null, list: r.list.map(mapUser) };
  }

  /** Every member of a department, following the cursor. */
  async listAllDepartmentUsers(deptId: number): Promise<DingtalkUser[]> {
    const out: DingtalkUser[] = [];
    let cursor: number | null = 0;
    while (cursor !== null) {
      const page = await this.listDepartmentUsers(deptId, cursor, 100);
      out.push(...page.list);
      cursor = page.hasMore ? page.nextCursor : null;
    }
    return out;
  }

  // ---- work notifications (工作通知) ---------------------------------------------------------------

  /** asyncsend_v2 to at most 100 userids; msg ≤ 2048 bytes. Returns DingTalk's task id. */
  async sendWorkNotification(userids: string[], msg: WorkMessage): Promise<{ taskId: string }> {
    if (userids.length === 0 || userids.length > 100)
      throw new DingtalkError(
        'LOCAL_USERID_LIST',
        '每次最多发送给 100 个用户',
        'permanent',
        'topapi/message/corpconversation/asyncsend_v2',
      );
    const data = await this.oapi<unknown>('/topapi/message/corpconversation/asyncsend_v2', {
      agent_id: Number(this.app.agentId),
      userid_list: userids.join(','),
      to_all_user: false,
      msg,
    });
    return {
      taskId: String(
        z
          .object({ task_id: z.union([z.number(), z.string()]) })
          .loose()
          .parse(data).task_id,
      ),
    };
  }

  async getSendProgress(taskId: string): Promise<{ percent: number; status: number }> {
    const data = await this.oapi<unknown>('/topapi/message/corpconversation/getsendprogress', {
      agent_id: Number(this.app.agentId),
      task_id: Number(taskId),
    });
    const p = z
      .object({ progress: z.object({ progress_in_percent: z.number(), status: z.number() }) })
      .loose()
      .parse(data).progress;
    return { percent: p.progress_in_percent, status: p.status };
  }

  async getSendResult(taskId: string): Promise<SendResult> {
    const data = await this.oapi<unknown>('/topapi/message/corpconversation/getsendresult', {
      agent_id: Number(this.app.agentId),
      task_id: Number(taskId),
    });
    const ids = z.array(z.string()).optional().default([]);
    const r = z
      .object({
        send_result: z
          .object({
            invalid_user_id_list: ids,
            forbidden_user_id_list: ids,
            failed_user_id_list: ids,
            read_user_id_list: ids,
            unread_user_id_list: ids,
            forbidden_list: z
              .array(
                z.object({
                  code: z.union([z.string(), z.number()]).transform(String),
                  count: z.number().optional().default(1),
                  userid: z.string(),
                }),
              )
              .optional()
              .default([]),
          })
          .loose(),
      })
      .loose()
      .parse(data).send_result;
    return {
      invalidUserIds: r.invalid_user_id_list,
      forbiddenUserIds: r.forbidden_user_id_list,
      failedUserIds: r.failed_user_id_list,
      readUserIds: r.read_user_id_list,
      unreadUserIds: r.unread_user_id_list,
      forbiddenList: r.forbidden_list,
    };
  }

  async recallWorkNotification(taskId: string): Promise<void> {
    await this.oapi<unknown>('/topapi/message/corpconversation/recall', {
      agent_id: Number(this.app.agentId),
      msg_task_id: Number(taskId),
    });
  }

  // ---- custom robot (自定义机器人) -------------------------------------------------------------------

  /** Posts to a group robot; signs (加签) when the robot has a secret. `msgUuid` makes a retry after a timeout safe. */
  async sendRobotMessage(robot: RobotTarget, message: RobotMessage, now = Date.now()): Promise<void> {
    const query: Record<string, string | number> = { access_token: robot.accessToken };
    if (robot.secret) {
      query.timestamp = now;
      query.sign = robotSignature(robot.secret, now);
    }
    await this.call<unknown>({
      api: 'robot/send',
      style: 'oapi',
      method: 'POST',
      path: '/robot/send',
      query,
      body: message,
      auth: false,
    });
  }

  // ---- todo (待办, v1.0, by unionId) ---------------------------------------------------------------

  async createTodo(creatorUnionId: string, input: TodoInput): Promise<Todo> {
    const data = await this.call<unknown>({
      api: 'v1.0/todo/users/tasks',
      style: 'api',
      method: 'POST',
      auth: true,
      path: `/v1.0/todo/users/${encodeURIComponent(creatorUnionId)}/tasks`,
      query: { operatorId: creatorUnionId },
      body: { ...input, creatorId: creatorUnionId },
    });
    return parseTodo(data);
  }

  async updateTodo(
    unionId: string,
    taskId: string,
    patch: { subject?: string; description?: string; dueTime?: number; done?: boolean; executorIds?: string[] },
  ): Promise<void> {
    await this.call<unknown>({
      api: 'v1.0/todo/users/tasks/update',
      style: 'api',
      method: 'PUT',
      auth: true,
      path: `/v1.0/todo/users/${encodeURIComponent(unionId)}/tasks/${encodeURIComponent(taskId)}`,
      query: { operatorId: unionId },
      body: patch,
    });
  }

  async completeTodo(unionId: string, taskId: string): Promise<void> {
    await this.updateTodo(unionId, taskId, { done: true });
  }

  /** Creates a todo for userids (converted to unionIds through topapi/v2/user/get). */
  async createTodoForUsers(
    creatorUserid: string,
    executorUserids: string[],
    input: Omit<TodoInput, 'executorIds'>,
  ): Promise<Todo> {
    const creator = await this.getUser(creatorUserid);
    const executors = await Promise.all(executorUserids.map(async (u) => (await this.getUser(u)).unionid));
    return this.createTodo(creator.unionid, { ...input, executorIds: executors });
  }

  // ---- OA approval (v1.0) ----------------------------------------------------------------------------

  async createApprovalInstance(input: {
    processCode: string;
    originatorUserId: string;
    deptId?: number;
    fields: ApprovalField[];
    approvers?: { actionType: 'AND' | 'OR' | 'NONE'; userIds: string[] }[];
    ccList?: string[];
  }): Promise<{ instanceId: string }> {
    const data = await this.call<unknown>({
      api: 'v1.0/workflow/processInstances',
      style: 'api',
      method: 'POST',
      path: '/v1.0/workflow/processInstances',
      auth: true,
      body: {
        processCode: input.processCode,
        originatorUserId: input.originatorUserId,
        deptId: input.deptId ?? -1,
        microappAgentId: Number(this.app.agentId),
        approvers: input.approvers,
        ccList: input.ccList,
        ccPosition: input.ccList ? 'FINISH' : undefined,
        formComponentValues: toFormComponentValues(input.fields),
      },
    });
    return { instanceId: z.object({ instanceId: z.string() }).loose().parse(data).instanceId };
  }

  async getApprovalInstance(instanceId: string): Promise<ApprovalInstance> {
    const data = await this.call<unknown>({
      api: 'v1.0/workflow/processInstances/get',
      style: 'api',
      method: 'GET',
      path: '/v1.0/workflow/processInstances',
      query: { processInstanceId: instanceId },
      auth: true,
    });
    const r = z
      .object({
        result: z
          .object({
            title: z.string(),
            status: z.enum(['NEW', 'RUNNING', 'TERMINATED', 'COMPLETED', 'CANCELED']),
            result: z.string().optional(),
            businessId: z.string().optional(),
            originatorUserId: z.string(),
            createTime: z.string().optional(),
            finishTime: z.string().optional().nullable(),
            formComponentValues: z
              .array(
                z
                  .object({
                    name: z.string(),
                    value: z.string(),
                    componentType: z.string().optional(),
                    id: z.string().optional(),
                  })
                  .loose(),
              )
              .optional()
              .default([]),
            operationRecords: z
              .array(
                z
                  .object({
                    userId: z.string(),
                    date: z.string().optional(),
                    type: z.string().optional(),
                    result: z.string().optional(),
                    remark: z.string().optional(),
                  })
                  .loose(),
              )
              .optional()
              .default([]),
          })
          .loose(),
      })
      .loose()
      .parse(data).result;
    const tasks = z
      .object({ tasks: z.array(z.object({ pcUrl: z.string().optional() }).loose()).optional() })
      .loose()
      .safeParse(r);
    const url = (tasks.success ? tasks.data.tasks : undefined)?.find((t) => t.pcUrl)?.pcUrl ?? null;
    return { instanceId, ...r, finishTime: r.finishTime ?? undefined, url };
  }

  /** 获取表单 schema: a template's name and components (GET /v1.0/workflow/forms/schemas/processCodes). */
  async getFormSchema(processCode: string): Promise<FormSchema> {
    const data = await this.call<unknown>({
      api: 'v1.0/workflow/forms/schemas/processCodes',
      style: 'api',
      method: 'GET',
      path: '/v1.0/workflow/forms/schemas/processCodes',
      query: { processCode },
      auth: true,
    });
    const ZItem: z.ZodType<FormSchemaComponent> = z.lazy(() =>
      z
        .object({
          componentName: z.string(),
          props: z
            .object({ id: z.string().optional(), label: z.string().optional(), required: z.boolean().optional() })
            .loose(),
          children: z.array(ZItem).optional(),
        })
        .loose()
        .transform((c) => ({
          componentName: c.componentName,
          id: c.props.id ?? '',
          label: c.props.label ?? '',
          required: c.props.required ?? false,
          children: c.children ?? [],
        })),
    ) as unknown as z.ZodType<FormSchemaComponent>;
    const r = z
      .object({
        result: z
          .object({
            name: z.string().optional(),
            formCode: z.string().optional(),
            schemaContent: z.object({ title: z.string().optional(), items: z.array(ZItem).default([]) }).loose(),
          })
          .loose(),
      })
      .loose()
      .parse(data).result;
    return {
      processCode,
      name: r.name ?? r.schemaContent.title ?? '',
      items: r.schemaContent.items,
    };
  }

  /**
   * Uploads a file to the approval's 钉盘 space as DingTalk requires for a DDAttachment value: 获取审批钉盘空间信息
   * (which also lets the user upload), 获取文件上传信息 (storage v1.0, HEADER_SIGNATURE), PUT the bytes to the
   * returned URL with the signed headers, 提交文件. Returns the value's element {spaceId,fileName,fileSize,fileType,fileId}.
   */
  async uploadApprovalAttachment(input: {
    userId: string;
    fileName: string;
    bytes: Buffer;
  }): Promise<ApprovalAttachment> {
    const space = await this.call<unknown>({
      api: 'v1.0/workflow/processInstances/spaces/infos/query',
      style: 'api',
      method: 'POST',
      path: '/v1.0/workflow/processInstances/spaces/infos/query',
      auth: true,
      body: { userId: input.userId, agentId: Number(this.app.agentId) },
    });
    const spaceId = String(
      z
        .object({ result: z.object({ spaceId: z.union([z.number(), z.string()]) }).loose() })
        .loose()
        .parse(space).result.spaceId,
    );
    const unionId = (await this.getUser(input.userId)).unionid;
    const info = await this.call<unknown>({
      api: 'v1.0/storage/spaces/files/uploadInfos/query',
      style: 'api',
      method: 'POST',
      path: `/v1.0/storage/spaces/${encodeURIComponent(spaceId)}/files/uploadInfos/query`,
      query: { unionId },
      auth: true,
      body: {
        protocol: 'HEADER_SIGNATURE',
        multipart: false,
        option: {
          storageDriver: 'DINGTALK',
          preCheckParam: { size: input.bytes.length, parentId: '0', name: input.fileName },
        },
      },
    });
    const up = z
      .object({
        uploadKey: z.string().min(1),
        headerSignatureInfo: z
          .object({
            resourceUrls: z.array(z.string()).min(1),
            headers: z.record(z.string(), z.string()).default({}),
          })
          .loose(),
      })
      .loose()
      .parse(info);
    await this.putToStorage(up.headerSignatureInfo.resourceUrls[0]!, up.headerSignatureInfo.headers, input.bytes);
    const committed = await this.call<unknown>({
      api: 'v1.0/storage/spaces/files/commit',
      style: 'api',
      method: 'POST',
      path: `/v1.0/storage/spaces/${encodeURIComponent(spaceId)}/files/commit`,
      query: { unionId },
      auth: true,
      body: {
        uploadKey: up.uploadKey,
        name: input.fileName,
        parentId: '0',
        option: { size: input.bytes.length, conflictStrategy: 'AUTO_RENAME' },
      },
    });
    const d = z
      .object({
        dentry: z
          .object({
            id: z.union([z.string(), z.number()]),
            name: z.string(),
            size: z.number().optional(),
            extension: z.string().optional(),
            spaceId: z.union([z.string(), z.number()]).optional(),
          })
          .loose(),
      })
      .loose()
      .parse(committed).dentry;
    // the committed name (DingTalk renames on a clash: "表(1).xlsx") is the one the form shows
    return {
      spaceId: String(d.spaceId ?? spaceId),
      fileName: d.name,
      fileSize: String(d.size ?? input.bytes.length),
      fileType: d.extension ?? (d.name.includes('.') ? d.name.split('.').pop()! : ''),
      fileId: String(d.id),
    };
  }

  /** The PUT of an upload's bytes to 钉盘's storage (OSS): no token, the signed headers, an empty Content-Type. */
  private async putToStorage(url: string, headers: Record<string, string>, bytes: Buffer): Promise<void> {
    const started = performance.now();
    let status: number | undefined;
    let failure: DingtalkError | undefined;
    try {
      const r = await this.http.request({
        method: 'PUT',
        url,
        data: bytes,
        headers: { ...headers, 'Content-Type': '' },
        transformRequest: [(d: unknown) => d],
      });
      status = r.status;
      if (r.status < 200 || r.status >= 300)
        failure = new DingtalkError(
          'storageUploadFailed',
          `钉盘文件上传失败（HTTP ${r.status}）`,
          r.status >= 500 ? 'transient' : 'permanent',
          'storage/upload',
          {
            httpStatus: r.status,
          },
        );
    } catch (err) {
      failure = transportError('storage/upload', err);
    }
    await writeInterfaceLog(this.db, this.logger, {
      direction: 'out',
      api: 'storage/upload',
      method: 'PUT',
      status,
      ok: !failure,
      durationMs: performance.now() - started,
      request: { url: maskUrl(url.split('?')[0]!), body: { bytes: bytes.length } },
      error: failure ? `${failure.code} ${failure.message}` : undefined,
    });
    if (failure) throw failure;
  }
}

function parseTodo(data: unknown): Todo {
  const t = z
    .object({
      id: z.string(),
      subject: z.string(),
      done: z.boolean().optional().default(false),
      sourceId: z.string().optional(),
      executorIds: z.array(z.string()).optional().default([]),
      creatorId: z.string().optional(),
      createdTime: z.number().optional(),
    })
    .loose()
    .parse(data);
  return {
    id: t.id,
    subject: t.subject,
    done: t.done,
    sourceId: t.sourceId,
    executorIds: t.executorIds,
    creatorId: t.creatorId,
    createdTime: t.createdTime,
  };
}

function requestIdOf(res: AxiosResponse<unknown>): string | undefined {
  const h = res.headers['x-acs-request-id'];
  if (typeof h === 'string') return h;
  const d = res.data;
  if (d && typeof d === 'object') {
    const o = d as Record<string, unknown>;
    for (const k of ['request_id', 'requestid', 'requestId']) if (typeof o[k] === 'string') return o[k] as string;
  }
  return undefined;
}

function transportError(api: string, err: unknown): DingtalkError {
  if (err instanceof AxiosError) {
    const timedOut = err.code === 'ETIMEDOUT' || err.code === 'ECONNABORTED';
    if (timedOut) return new DingtalkError('TIMEOUT', '调用钉钉接口超时', 'timeout', api);
    return new DingtalkError(
      err.code ?? 'NETWORK',
      `无法连接钉钉服务器（${err.code ?? err.message}）`,
      'transient',
      api,
    );
  }
  return new DingtalkError(
    'NETWORK',
    `调用钉钉接口失败：${err instanceof Error ? err.message : String(err)}`,
    'transient',
    api,
  );
}

// ---- factory ------------------------------------------------------------------------------------------

/** The app configuration from the settings row (decrypted), else the environment's defaults. */
export async function dingtalkClientFor(deps: Deps, opts: { timeoutMs?: number } = {}): Promise<DingtalkClient> {
  const app = await deps.dingtalkApp();
  return new DingtalkClient({
    app,
    redis: deps.redis,
    prefix: deps.prefix,
    db: deps.db,
    logger: deps.logger,
    timeoutMs: opts.timeoutMs,
  });
}

export { envDingtalkApp } from './app-config';
