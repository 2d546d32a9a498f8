/**
 * The DingTalk emulator for tests: in-process on a free port, driven over HTTP through its /__emulator
 * control API (the same API the mini-program and identity tests use).
 *
 *   const emu = await startTestEmulator();
 *   const deps = testDeps(emu.env);            // the app's DingTalk client now talks to the emulator
 *   const code = await emu.authCode('u1001');
 */
import axios, { type AxiosInstance } from 'axios';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../server/emulator/app';
import type { EmulatorTemplate, StoredFile } from '../../server/emulator/approvals';

export interface WorkNotificationItem {
  taskId: string;
  userid: string;
  msg: unknown;
  receivedAt: string;
  delivered: boolean;
  forbiddenCode?: string;
  recalled?: boolean;
}
export interface RobotMessageItem {
  accessToken: string;
  msg: Record<string, unknown>;
  msgUuid?: string;
  receivedAt: string;
}
export interface TodoItem {
  id: string;
  subject: string;
  done: boolean;
  sourceId?: string;
  creatorId: string;
  executorIds: string[];
  description?: string;
}
export interface CallbackItem {
  eventId: string;
  eventType: string;
  event: Record<string, unknown>;
  attempts: { at: string; ok: boolean; status?: number; error?: string }[];
  delivered: boolean;
  gaveUp: boolean;
}

export interface TestEmulator {
  url: string;
  /** Environment overrides pointing the app at the emulator: testDeps(emu.env). */
  env: Record<string, string>;
  http: AxiosInstance;
  running: RunningEmulator;
  close: () => Promise<void>;
  authCode: (userid: string) => Promise<string>;
  workNotifications: (userid?: string) => Promise<WorkNotificationItem[]>;
  robotMessages: (accessToken?: string) => Promise<RobotMessageItem[]>;
  todos: (filter?: { userid?: string; unionId?: string }) => Promise<TodoItem[]>;
  completeApproval: (instanceId: string, result: 'agree' | 'refuse', remark?: string) => Promise<void>;
  terminateApproval: (instanceId: string) => Promise<void>;
  addUser: (u: {
    userid: string;
    name: string;
    mobile?: string;
    deptIdList?: number[];
    title?: string;
    unionid?: string;
  }) => Promise<void>;
  addUsers: (users: { userid: string; name: string; mobile?: string; deptIdList?: number[] }[]) => Promise<void>;
  updateUser: (userid: string, patch: Record<string, unknown>) => Promise<void>;
  removeUser: (userid: string) => Promise<void>;
  addDepartment: (d: { deptId?: number; name: string; parentId?: number }) => Promise<{ deptId: number }>;
  updateDepartment: (deptId: number, patch: { name?: string; parentId?: number }) => Promise<void>;
  removeDepartment: (deptId: number) => Promise<void>;
  fault: (api: string, kind: 'http500' | 'timeout' | 'rateLimit', count?: number) => Promise<void>;
  /** That user's work notifications fail (getsendresult: forbidden_list with the code, or failed_user_id_list). */
  failWorkNotifications: (userid: string, code?: string) => Promise<void>;
  /** Undoes failWorkNotifications. */
  clearWorkNotificationFailure: (userid: string) => Promise<void>;
  configure: (c: {
    qpsLimit?: number;
    tokenTtlSeconds?: number;
    callbackUrl?: string | null;
    callbackRetryDelaysMs?: number[];
    robotPerMinute?: number;
    faultTimeoutMs?: number;
  }) => Promise<void>;
  expireTokens: () => Promise<void>;
  addRobot: (r: { accessToken: string; secret?: string; keywords?: string[] }) => Promise<void>;
  callbacks: () => Promise<CallbackItem[]>;
  stats: () => Promise<{ calls: number; rateLimited: number; byApi: Record<string, number> }>;
  reset: () => Promise<void>;
  /** Registers (or replaces) an approval template, as a tenant's admin builds one in DingTalk. */
  registerTemplate: (t: EmulatorTemplate) => Promise<void>;
  /** The files committed to approval 钉盘 spaces (without their bytes; sha256 of the content). */
  storedFiles: () => Promise<Omit<StoredFile, 'bytes'>[]>;
  approvals: () => Promise<EmulatedApproval[]>;
}

export interface EmulatedApproval {
  instanceId: string;
  processCode: string;
  status: string;
  formComponentValues: { name: string; value: string; componentType?: string; id?: string }[];
}

export async function startTestEmulator(opts: Partial<EmulatorOptions> = {}): Promise<TestEmulator> {
  const running = await startEmulator({ callbackRetryDelaysMs: [200, 400], faultTimeoutMs: 3000, ...opts, port: 0 });
  const http = axios.create({ baseURL: `${running.url}/__emulator`, proxy: false });
  return {
    url: running.url,
    env: { DINGTALK_OAPI_BASE_URL: running.url, DINGTALK_API_BASE_URL: running.url },
    http,
    running,
    close: running.close,
    authCode: async (userid) => (await http.post('/auth-codes', { userid })).data.authCode,
    workNotifications: async (userid) =>
      (await http.get('/work-notifications', { params: userid ? { userid } : {} })).data.items,
    robotMessages: async (accessToken) =>
      (await http.get('/robot-messages', { params: accessToken ? { accessToken } : {} })).data.items,
    todos: async (filter = {}) => (await http.get('/todos', { params: filter })).data.items,
    completeApproval: async (instanceId, result, remark) => {
      await http.post(`/approvals/${encodeURIComponent(instanceId)}/complete`, { result, remark });
    },
    terminateApproval: async (instanceId) => {
      await http.post(`/approvals/${encodeURIComponent(instanceId)}/terminate`, {});
    },
    addUser: async (u) => {
      await http.post('/users', u);
    },
    addUsers: async (users) => {
      await http.post('/users/bulk', { users });
    },
    updateUser: async (userid, patch) => {
      await http.patch(`/users/${encodeURIComponent(userid)}`, patch);
    },
    removeUser: async (userid) => {
      await http.delete(`/users/${encodeURIComponent(userid)}`);
    },
    addDepartment: async (d) => (await http.post('/departments', d)).data,
    updateDepartment: async (deptId, patch) => {
      await http.patch(`/departments/${deptId}`, patch);
    },
    removeDepartment: async (deptId) => {
      await http.delete(`/departments/${deptId}`);
    },
    failWorkNotifications: async (userid, code) => {
      await http.post('/work-notification-failures', { userid, code });
    },
    clearWorkNotificationFailure: async (userid) => {
      await http.delete(`/work-notification-failures/${encodeURIComponent(userid)}`);
    },
    fault: async (api, kind, count = 1) => {
      await http.post('/faults', { api, kind, count });
    },
    configure: async (c) => {
      await http.post('/config', c);
    },
    expireTokens: async () => {
      await http.post('/tokens/expire', {});
    },
    addRobot: async (r) => {
      await http.post('/robots', r);
    },
    callbacks: async () => (await http.get('/callbacks')).data.items,
    stats: async () => (await http.get('/stats')).data,
    reset: async () => {
      await http.post('/reset', {});
    },
    registerTemplate: async (t) => {
      await http.post('/approval-templates', t);
    },
    storedFiles: async () => (await http.get('/storage/files')).data.items,
    approvals: async () => (await http.get('/approvals')).data.items,
  };
}
