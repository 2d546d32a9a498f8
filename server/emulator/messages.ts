/**
 * Messages family: work notifications (asyncsend_v2, getsendprogress, getsendresult, recall) with DingTalk's
 * limits — 100 users a call, 2048-byte message, the same content once a day per user (143106), 500 a day per
 * user (143105). Control: the work notifications received.
 */
import { createHash } from 'node:crypto';
import { shanghaiDay } from '../../shared/datetime';
import {
  badRequest,
  json,
  oapiErr,
  ok,
  type ApiRoute,
  type ControlRoute,
  type EmulatorCore,
  type EmulatorFamily,
} from './shared';
import { canonicalJson } from '../lib/canonical-json';

export interface WorkItem {
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
  failed: string[];
  forbidden: { code: string; userid: string }[];
}

const MSG_TYPES = ['text', 'image', 'voice', 'file', 'link', 'oa', 'markdown', 'action_card'];

export class MessagesFamily implements EmulatorFamily {
  workItems: WorkItem[] = [];
  tasks = new Map<string, SendTask>();
  /** appKey|day|userid|content hash of what each user got today. */
  dedupe = new Set<string>();
  /** appKey|day|userid → messages today. */
  dailyCount = new Map<string, number>();
  nextTaskId = 256271667526;
  /**
   * Recipients whose work notifications fail (control API): userid → a forbidden_list code of getsendresult (the
   * flow-control codes of the contract, e.g. 1430004 超级高管保护), or null for failed_user_id_list. The call itself
   * succeeds, as DingTalk's does: the failure shows only in getsendresult.
   */
  failingUsers = new Map<string, string | null>();

  constructor(private readonly core: EmulatorCore) {}

  reset(): void {
    this.workItems = [];
    this.tasks.clear();
    this.dedupe.clear();
    this.dailyCount.clear();
    this.failingUsers.clear();
  }

  readonly apiRoutes: readonly ApiRoute[] = [
    {
      method: 'POST',
      path: '/topapi/message/corpconversation/asyncsend_v2',
      run: ({ app, body: b }) => {
        const now = this.core.now;
        if (String(b.agent_id ?? '') !== app.agentId) return oapiErr(40035, '不合法的参数：agent_id');
        const msg = b.msg;
        if (!msg || typeof msg !== 'object') return oapiErr(40035, '缺少参数 msg');
        const m = msg as Record<string, unknown>;
        if (typeof m.msgtype !== 'string' || !MSG_TYPES.includes(m.msgtype) || !m[m.msgtype])
          return oapiErr(40035, '不合法的参数：msgtype');
        if (Buffer.byteLength(JSON.stringify(msg), 'utf8') > 2048)
          return oapiErr(40035, '不合法的参数：msg 超过 2048 字节');
        if (b.to_all_user === true || b.to_all_user === 'true') return oapiErr(40035, '模拟器不支持 to_all_user');
        const userids = String(b.userid_list ?? '')
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
        if (!userids.length && !b.dept_id_list)
          return oapiErr(40035, '不合法的参数：userid_list 与 dept_id_list 不能同时为空');
        if (userids.length > 100) return oapiErr(40035, '不合法的参数：userid_list 最多 100 个');
        const taskId = String(this.nextTaskId++);
        const task: SendTask = {
          taskId,
          appKey: app.appKey,
          agentId: app.agentId,
          at: now,
          invalid: [],
          delivered: [],
          failed: [],
          forbidden: [],
        };
        const day = shanghaiDay(now);
        const hash = createHash('sha1').update(canonicalJson(msg)).digest('hex');
        const receivedAt = new Date(now).toISOString();
        for (const userid of new Set(userids)) {
          const u = this.core.users.get(userid);
          if (!u || !u.active) {
            task.invalid.push(userid);
            continue;
          }
          const dkey = `${app.appKey}|${day}|${userid}|${hash}`;
          const ckey = `${app.appKey}|${day}|${userid}`;
          let forbiddenCode: string | undefined;
          const failing = this.failingUsers.get(userid);
          if (failing === null) {
            task.failed.push(userid);
            this.workItems.push({ taskId, userid, msg, receivedAt, delivered: false });
            continue;
          }
          if (failing !== undefined) forbiddenCode = failing;
          else if (this.dedupe.has(dkey)) forbiddenCode = '143106';
          else if ((this.dailyCount.get(ckey) ?? 0) >= 500) forbiddenCode = '143105';
          if (forbiddenCode) task.forbidden.push({ code: forbiddenCode, userid });
          else {
            this.dedupe.add(dkey);
            this.dailyCount.set(ckey, (this.dailyCount.get(ckey) ?? 0) + 1);
            task.delivered.push(userid);
          }
          this.workItems.push({
            taskId,
            userid,
            msg,
            receivedAt,
            delivered: !forbiddenCode,
            ...(forbiddenCode ? { forbiddenCode } : {}),
          });
        }
        this.tasks.set(taskId, task);
        return ok({ task_id: Number(taskId) });
      },
    },
    {
      method: 'POST',
      path: '/topapi/message/corpconversation/getsendprogress',
      run: ({ app, body: b }) => {
        const t = this.tasks.get(String(b.task_id));
        if (!t || String(b.agent_id) !== app.agentId) return oapiErr(40035, '不合法的参数');
        return ok({ progress: { progress_in_percent: 100, status: 2 } });
      },
    },
    {
      method: 'POST',
      path: '/topapi/message/corpconversation/getsendresult',
      run: ({ app, body: b }) => {
        const t = this.tasks.get(String(b.task_id));
        if (!t || String(b.agent_id) !== app.agentId || t.appKey !== app.appKey)
          return oapiErr(40035, '不合法的参数：task_id');
        if (this.core.now - t.at > 24 * 3600 * 1000) return oapiErr(40035, '只能查询 24 小时内的发送结果');
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
            failed_user_id_list: t.failed,
            read_user_id_list: [],
            unread_user_id_list: t.delivered,
            invalid_dept_id_list: [],
            forbidden_list: [...counts.values()],
          },
        });
      },
    },
    {
      method: 'POST',
      path: '/topapi/message/corpconversation/recall',
      run: ({ app, body: b }) => {
        const t = this.tasks.get(String(b.msg_task_id));
        if (!t || String(b.agent_id) !== app.agentId) return oapiErr(400002, 'agentId或taskId不合法');
        for (const i of this.workItems) if (i.taskId === t.taskId) i.recalled = true;
        return ok();
      },
    },
  ];

  readonly controlRoutes: readonly ControlRoute[] = [
    {
      method: 'POST',
      path: '/work-notification-failures',
      run: ({ body: b }) => {
        const userid = typeof b.userid === 'string' ? b.userid.trim() : '';
        const code = b.code === undefined || b.code === null ? null : String(b.code);
        if (!userid || (code !== null && !/^\d+$/.test(code)))
          return badRequest(
            '需要 { userid, code? }：code 为 getsendresult forbidden_list 的错误码，省略则记入 failed_user_id_list',
          );
        this.failingUsers.set(userid, code);
        return json({ failing: Object.fromEntries(this.failingUsers) });
      },
    },
    {
      method: 'DELETE',
      path: /^\/work-notification-failures\/([^/]+)$/,
      run: ({ params }) => {
        this.failingUsers.delete(params[0]!);
        return json({ failing: Object.fromEntries(this.failingUsers) });
      },
    },
    {
      method: 'GET',
      path: '/work-notifications',
      run: ({ url }) => {
        const userid = url.searchParams.get('userid');
        return json({ items: this.workItems.filter((i) => !userid || i.userid === userid) });
      },
    },
  ];
}
