/**
 * Todo family: v1.0 todo tasks per user (create, update, executor status, delete) with DingTalk's checks —
 * 1024-char subject, 4096-char description, 100 executors / participants, sourceId unique per creator.
 * Control: the todos of a user.
 */
import { randomUUID } from 'node:crypto';
import { randomAscii } from '../dingtalk/crypto';
import {
  apiErr,
  json,
  type AppCall,
  type ApiRoute,
  type ControlRoute,
  type EmulatorCore,
  type EmulatorFamily,
  type HttpAnswer,
} from './shared';

export interface EmuTodo {
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

/** A todo as the v1.0 API answers it. */
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

const createError = (message: string) => apiErr(400, 'todo.taskCreate.paramError', message);

export class TodoFamily implements EmulatorFamily {
  todos = new Map<string, EmuTodo>();

  constructor(private readonly core: EmulatorCore) {}

  reset(): void {
    this.todos.clear();
  }

  /** /v1.0/todo/users/{unionId}/tasks[/{taskId}[/executorStatus]], any method. */
  private tasks({ method, url, body: b, params: [unionId, taskId, executorStatus] }: AppCall): HttpAnswer {
    const operatorId = url.searchParams.get('operatorId');
    if (!this.core.userByUnionId(unionId!)) return createError('unionId is invalid');
    if (method === 'POST' && !taskId) {
      if (operatorId && operatorId !== unionId) return createError('operatorId must equal unionId');
      const subject = typeof b.subject === 'string' ? b.subject : '';
      if (!subject) return createError('subject is required');
      if (subject.length > 1024) return createError('subject is oversize');
      if (typeof b.description === 'string' && b.description.length > 4096)
        return createError('description is oversize');
      const executorIds = Array.isArray(b.executorIds) ? b.executorIds.map(String) : [];
      const participantIds = Array.isArray(b.participantIds) ? b.participantIds.map(String) : [];
      if (executorIds.length > 100) return createError('executors is oversize');
      if (participantIds.length > 100) return createError('participants is oversize');
      if (executorIds.some((e) => !this.core.userByUnionId(e))) return createError('executorIds is invalid');
      const detail = b.detailUrl as { appUrl?: unknown; pcUrl?: unknown } | undefined;
      if (!detail || typeof detail.appUrl !== 'string' || typeof detail.pcUrl !== 'string')
        return createError('detailUrl is required');
      if (b.dueTime !== undefined && (typeof b.dueTime !== 'number' || b.dueTime < 0))
        return createError('dueTime is invalid');
      const sourceId = typeof b.sourceId === 'string' ? b.sourceId : undefined;
      if (sourceId && [...this.todos.values()].some((t) => t.sourceId === sourceId && t.creatorId === unionId))
        return createError('task exist');
      const now = this.core.now;
      const t: EmuTodo = {
        id: `task${randomAscii(24)}`,
        subject,
        description: typeof b.description === 'string' ? b.description : undefined,
        sourceId,
        creatorId: unionId!,
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
      this.todos.set(t.id, t);
      return json(todoView(t));
    }
    const t = taskId ? this.todos.get(taskId) : undefined;
    if (!t) return apiErr(400, 'todo.taskUpdate.paramError', 'task not exist');
    if (method === 'PUT' && executorStatus) {
      const list = Array.isArray(b.executorStatusList)
        ? (b.executorStatusList as { id?: unknown; isDone?: unknown }[])
        : [];
      for (const s of list) if (typeof s.id === 'string') t.executorStatus[s.id] = s.isDone === true;
      t.modifiedTime = this.core.now;
      return json({ result: true });
    }
    if (method === 'PUT') {
      if (typeof b.subject === 'string') t.subject = b.subject;
      if (typeof b.description === 'string') t.description = b.description;
      if (typeof b.dueTime === 'number') t.dueTime = b.dueTime;
      if (Array.isArray(b.executorIds)) t.executorIds = b.executorIds.map(String);
      if (typeof b.done === 'boolean') {
        t.done = b.done;
        t.finishTime = b.done ? this.core.now : undefined;
      }
      t.modifiedTime = this.core.now;
      return json({ result: true });
    }
    if (method === 'DELETE') {
      this.todos.delete(t.id);
      return json({ result: true, requestId: randomUUID().toUpperCase() });
    }
    return apiErr(404, 'NotFound', 'api not found');
  }

  readonly apiRoutes: readonly ApiRoute[] = [
    {
      method: '*',
      path: /^\/v1\.0\/todo\/users\/([^/]+)\/tasks(?:\/([^/]+))?(\/executorStatus)?$/,
      run: (call) => this.tasks(call),
    },
  ];

  readonly controlRoutes: readonly ControlRoute[] = [
    {
      method: 'GET',
      path: '/todos',
      run: ({ url }) => {
        const userid = url.searchParams.get('userid');
        const unionId =
          url.searchParams.get('unionId') ?? (userid ? (this.core.users.get(userid)?.unionid ?? '-') : null);
        return json({
          items: [...this.todos.values()]
            .filter((t) => !unionId || t.executorIds.includes(unionId) || t.creatorId === unionId)
            .map(todoView),
        });
      },
    },
  ];
}
