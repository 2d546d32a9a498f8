/**
 * Approvals family: v1.0 workflow process instances (create, get) with DingTalk's form checks (150 fields, 65,535
 * characters a value, TableField as a JSON array); every change pushes bpms_instance_change. Control: list the
 * instances, complete (agree / refuse) or terminate one.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { randomAscii } from '../dingtalk/crypto';
import type { EventsFamily } from './events';
import {
  apiErr,
  badRequest,
  json,
  notFound,
  type ApiRoute,
  type ControlRoute,
  type EmulatorCore,
  type EmulatorFamily,
} from './shared';

export interface Approval {
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

const ZComplete = z.object({
  result: z.enum(['agree', 'refuse']),
  remark: z.string().optional(),
  userId: z.string().optional(),
});

/** DingTalk's minute-precision UTC time. */
function fmt(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16) + 'Z';
}

const formError = (name: string) => apiErr(400, 'formConverterError', `表单数据校验失败，失败控件：${name}`);

export class ApprovalsFamily implements EmulatorFamily {
  approvals = new Map<string, Approval>();

  constructor(
    private readonly core: EmulatorCore,
    private readonly events: EventsFamily,
  ) {}

  reset(): void {
    this.approvals.clear();
  }

  private pushChange(a: Approval, type: 'start' | 'finish' | 'terminate'): void {
    this.events.push(this.core.apps.get(a.appKey)!, 'bpms_instance_change', {
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

  readonly apiRoutes: readonly ApiRoute[] = [
    {
      method: 'POST',
      path: '/v1.0/workflow/processInstances',
      run: ({ app, body: b }) => {
        const processCode = typeof b.processCode === 'string' ? b.processCode : '';
        if (!/^PROC-[A-Za-z0-9-]+$/.test(processCode))
          return apiErr(400, 'processCodeError', '审批模板 processCode 不正确');
        const originator = this.core.users.get(String(b.originatorUserId ?? ''));
        if (!originator) return apiErr(400, 'invalidParameter', 'originatorUserId 无效');
        const values = Array.isArray(b.formComponentValues)
          ? (b.formComponentValues as Record<string, unknown>[])
          : null;
        if (!values || values.length === 0) return apiErr(400, 'invalidParameter', 'formComponentValues 不能为空');
        if (values.length > 150) return apiErr(400, 'invalidParameter', 'formComponentValues 最多 150 项');
        for (const v of values) {
          if (typeof v.name !== 'string' || typeof v.value !== 'string')
            return formError(typeof v.name === 'string' ? v.name : '?');
          if (v.value.length > 65535) return formError(v.name);
          if (v.componentType === 'TableField') {
            try {
              if (!Array.isArray(JSON.parse(v.value))) throw new Error('not array');
            } catch {
              return formError(v.name);
            }
          }
        }
        const approvers = Array.isArray(b.approvers)
          ? (b.approvers as { userIds?: unknown }[]).flatMap((a) =>
              Array.isArray(a.userIds) ? a.userIds.map(String) : [],
            )
          : [];
        if (approvers.some((u) => !this.core.users.has(u)))
          return apiErr(400, 'invalidParameter', 'approvers 中有无效的 userId');
        const now = this.core.now;
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
            new Date(now).toISOString().replace(/\D/g, '').slice(0, 14) +
            String(this.approvals.size + 1).padStart(4, '0'),
          formComponentValues: values.map((v) => ({
            name: String(v.name),
            value: String(v.value),
            componentType: typeof v.componentType === 'string' ? v.componentType : 'TextField',
            id: typeof v.id === 'string' ? v.id : `TextField-${randomAscii(8)}`,
          })),
          operationRecords: [
            { userId: originator.userid, date: fmt(now), type: 'START_PROCESS_INSTANCE', result: 'NONE' },
          ],
        };
        this.approvals.set(a.instanceId, a);
        this.pushChange(a, 'start');
        return json({ instanceId: a.instanceId });
      },
    },
    {
      method: 'GET',
      path: '/v1.0/workflow/processInstances',
      run: ({ url }) => {
        const a = this.approvals.get(url.searchParams.get('processInstanceId') ?? '');
        if (!a) return apiErr(400, 'processInstanceIdError', '审批实例 id 不正确');
        return json({
          success: 'true',
          result: {
            title: a.title,
            createTime: fmt(a.createTime),
            finishTime: a.finishTime ? fmt(a.finishTime) : undefined,
            originatorUserId: a.originatorUserId,
            originatorDeptId: String(a.deptId),
            originatorDeptName: this.core.depts.get(a.deptId)?.name ?? '',
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
      },
    },
  ];

  readonly controlRoutes: readonly ControlRoute[] = [
    { method: 'GET', path: '/approvals', run: () => json({ items: [...this.approvals.values()] }) },
    {
      method: 'POST',
      path: /^\/approvals\/([^/]+)\/(complete|terminate)$/,
      run: ({ params: [instanceId, action], body: b }) => {
        const a = this.approvals.get(instanceId!);
        if (!a) return notFound('审批实例不存在');
        if (a.status !== 'RUNNING') return json({ code: 'INVALID_STATE', message: `审批实例已是 ${a.status}` }, 409);
        const now = this.core.now;
        if (action === 'complete') {
          const parsed = ZComplete.safeParse(b);
          if (!parsed.success) return badRequest('result 应为 agree 或 refuse');
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
          this.pushChange(a, 'finish');
        } else {
          a.status = 'TERMINATED';
          a.finishTime = now;
          a.operationRecords.push({
            userId: a.originatorUserId,
            date: fmt(now),
            type: 'TERMINATE_PROCESS_INSTANCE',
            result: 'NONE',
          });
          this.pushChange(a, 'terminate');
        }
        return json({ instanceId: a.instanceId, status: a.status, result: a.result ?? null });
      },
    },
  ];
}
