/**
 * Approvals family: v1.0 workflow process instances (create, get) with DingTalk's form checks (150 fields, 65,535
 * characters a value, TableField as a JSON array); every change pushes bpms_instance_change. Like DingTalk, an
 * instance is created only for a registered template (processCode) and only with the template's components: an
 * unknown code is `processCodeError`, an unknown or missing required component `formConverterError`
 * ("表单数据校验失败，失败控件：%s"), a value of the wrong control type `illegalComponent`. The template's form
 * schema is served as GET /v1.0/workflow/forms/schemas/processCodes does. Attachments (DDAttachment) go through the
 * approval's 钉盘 space: spaces/infos/query → storage uploadInfos/query → PUT the bytes → commit.
 * Control: list the instances, complete (agree / refuse) or terminate one; register templates; list stored files.
 * Each instance has a page (`/__bpm/instances/<id>`) standing in for DingTalk's 审批详情 (查看BPM).
 */
import { createHash, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { randomAscii } from '../dingtalk/crypto';
import { demoTemplates, type DemoTemplate, type TemplateComponent } from '../seed/approval-templates';
import type { EventsFamily } from './events';
import {
  apiErr,
  badRequest,
  json,
  notFound,
  type ApiRoute,
  type ControlRoute,
  type HttpAnswer,
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

const hex = (s: string) => createHash('sha256').update(s).digest('hex').toUpperCase();
const formError = (name: string) => apiErr(400, 'formConverterError', `表单数据校验失败，失败控件：${name}`);
const illegal = (name: string) => apiErr(400, 'illegalComponent', `非法的表单控件：${name}`);

export type EmulatorTemplate = DemoTemplate;
export interface StoredFile {
  fileId: string;
  spaceId: string;
  name: string;
  size: number;
  extension: string;
  sha256: string;
  bytes: Buffer;
  creatorUnionId: string;
  createdAt: number;
}

const ZComponent: z.ZodType<TemplateComponent> = z.lazy(() =>
  z.object({
    componentName: z.string().min(1),
    props: z.object({ id: z.string().min(1), label: z.string().min(1), required: z.boolean().optional() }),
    children: z.array(ZComponent).optional(),
  }),
);
const ZTemplate = z.object({
  processCode: z.string().regex(/^PROC-[A-Za-z0-9-]+$/),
  name: z.string().min(1),
  items: z.array(ZComponent).min(1),
});

/** The approval space of an app: fixed per app, like DingTalk's (same app → same spaceId). */
const spaceIdOf = (appKey: string) =>
  String(3_000_000_000 + (parseInt(createHash('sha256').update(appKey).digest('hex').slice(0, 7), 16) % 900_000_000));

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export class ApprovalsFamily implements EmulatorFamily {
  approvals = new Map<string, Approval>();
  /** Registered approval templates by processCode (the demo tenant's at start and after a reset). */
  templates = new Map<string, EmulatorTemplate>();
  /** 钉盘 files committed to an approval space, by fileId. */
  files = new Map<string, StoredFile>();
  /** Uploads in progress: uploadKey → the space, the uploader, the signature the PUT must carry, the bytes once PUT. */
  private uploads = new Map<string, { spaceId: string; unionId: string; signature: string; bytes?: Buffer }>();
  /** Users granted upload to an approval space by spaces/infos/query: `${spaceId}/${userid}`. */
  private grants = new Set<string>();
  /** Where the emulator is reached (set at start): the 钉盘 upload URLs and the instance pages use it. */
  publicUrl = 'http://127.0.0.1';

  constructor(
    private readonly core: EmulatorCore,
    private readonly events: EventsFamily,
  ) {
    this.loadTemplates();
  }

  private loadTemplates(): void {
    this.templates.clear();
    for (const t of demoTemplates()) this.templates.set(t.processCode, t);
  }

  reset(): void {
    this.approvals.clear();
    this.files.clear();
    this.uploads.clear();
    this.grants.clear();
    this.loadTemplates();
  }

  instanceUrl(instanceId: string): string {
    return `${this.publicUrl}/__bpm/instances/${encodeURIComponent(instanceId)}`;
  }

  /** DingTalk's checks of a form against the template; undefined when it passes. */
  private checkForm(
    template: EmulatorTemplate,
    values: { name: string; value: string; componentType?: string }[],
  ): HttpAnswer | undefined {
    const byLabel = new Map(template.items.map((c) => [c.props.label, c]));
    for (const v of values) {
      const c = byLabel.get(v.name);
      if (!c) return formError(v.name);
      if (v.componentType && v.componentType !== c.componentName) return illegal(v.name);
      if (c.componentName === 'TableField') {
        let rows: unknown;
        try {
          rows = JSON.parse(v.value);
        } catch {
          return formError(v.name);
        }
        if (!Array.isArray(rows)) return formError(v.name);
        const columns = new Set((c.children ?? []).map((k) => k.props.label));
        for (const row of rows) {
          if (!Array.isArray(row)) return formError(v.name);
          for (const cell of row as { name?: unknown }[]) {
            if (typeof cell?.name !== 'string' || !columns.has(cell.name))
              return formError(String(cell?.name ?? v.name));
          }
        }
      }
      if (c.componentName === 'DDAttachment') {
        let list: unknown;
        try {
          list = JSON.parse(v.value);
        } catch {
          return formError(v.name);
        }
        if (!Array.isArray(list)) return formError(v.name);
        for (const a of list as Record<string, unknown>[]) {
          const f = this.files.get(String(a?.fileId ?? ''));
          if (!f || String(a.spaceId) !== f.spaceId) return formError(v.name);
        }
      }
    }
    const given = new Set(values.map((v) => v.name));
    const missing = template.items.find((c) => c.props.required && !given.has(c.props.label));
    if (missing) return formError(missing.props.label);
    return undefined;
  }

  /** The small page standing in for DingTalk's 审批详情 (what 查看BPM opens against the emulator). */
  instancePage(instanceId: string): { status: number; html: string } {
    const a = this.approvals.get(instanceId);
    if (!a)
      return {
        status: 404,
        html: '<!doctype html><meta charset="utf-8"><title>审批实例不存在</title><p>审批实例不存在</p>',
      };
    const template = this.templates.get(a.processCode);
    const status =
      a.status === 'RUNNING'
        ? '审批中'
        : a.status === 'TERMINATED'
          ? '已撤销'
          : a.result === 'agree'
            ? '已同意'
            : '已拒绝';
    const cell = (v: Approval['formComponentValues'][number]) => {
      if (v.componentType === 'TableField') {
        const rows = JSON.parse(v.value) as { name: string; value: string }[][];
        return `<table>${rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c.name)}：${escapeHtml(c.value)}</td>`).join('')}</tr>`).join('')}</table>`;
      }
      if (v.componentType === 'DDAttachment') {
        const files = JSON.parse(v.value) as { fileName: string; fileSize: number }[];
        return files.map((f) => `📎 ${escapeHtml(f.fileName)}（${f.fileSize} 字节）`).join('<br>');
      }
      return escapeHtml(v.value);
    };
    const html = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(a.title)}</title>
<style>body{font-family:sans-serif;margin:24px;max-width:900px}th{text-align:left;padding-right:16px;vertical-align:top;white-space:nowrap}td{padding:4px 8px}table table td{border:1px solid #ddd}</style></head>
<body><h1>${escapeHtml(a.title)}</h1>
<p>钉钉审批（模拟器）· 模板 ${escapeHtml(template?.name ?? a.processCode)}（${escapeHtml(a.processCode)}）· 状态 <b>${status}</b> · 审批编号 ${escapeHtml(a.businessId)}</p>
<table>${a.formComponentValues.map((v) => `<tr><th>${escapeHtml(v.name)}</th><td>${cell(v)}</td></tr>`).join('')}</table>
</body></html>`;
    return { status: 200, html };
  }

  /** PUT of a file's bytes to the URL uploadInfos/query gave (DingTalk: OSS with the signed headers). */
  putUpload(uploadKey: string, authorization: string | undefined, bytes: Buffer): { status: number; body: unknown } {
    const u = this.uploads.get(uploadKey);
    if (!u) return { status: 404, body: { Code: 'NoSuchUpload', Message: 'upload key not found' } };
    if (authorization !== u.signature)
      return { status: 403, body: { Code: 'SignatureDoesNotMatch', Message: 'The request signature does not match' } };
    u.bytes = bytes;
    return { status: 200, body: {} };
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
      url: this.instanceUrl(a.instanceId),
      businessType: '',
    });
  }

  readonly apiRoutes: readonly ApiRoute[] = [
    {
      // 获取表单 schema (KB: obtain-the-form-schema)
      method: 'GET',
      path: '/v1.0/workflow/forms/schemas/processCodes',
      run: ({ url }) => {
        const processCode = url.searchParams.get('processCode') ?? '';
        if (!processCode)
          return apiErr(400, 'invalidParameter', '参数错误，具体可能为：企业ID、审批模板code等参数错误');
        const t = this.templates.get(processCode);
        if (!t) return apiErr(400, 'formNotExist', '审批表单模板不存在');
        const hash = hex(processCode);
        return json({
          result: {
            creatorUserId: '',
            appUuid: '',
            formCode: t.processCode,
            formUuid: `FORM-${hash.slice(0, 8)}-${hash.slice(8, 12)}-${hash.slice(12, 16)}-${hash.slice(16, 20)}-${hash.slice(20, 32)}`,
            name: t.name,
            memo: '',
            ownerIdType: 'orgId',
            schemaContent: { title: t.name, icon: 'common', items: t.items },
            icon: 'common',
            appType: 0,
            engineType: 0,
            status: 'PUBLISHED',
            listOrder: 1,
            procType: 'inner',
            visibleRange: 'PRIVATE',
            gmtCreate: String(this.core.now),
            gmtModified: String(this.core.now),
          },
        });
      },
    },
    {
      // 获取审批钉盘空间信息: the space's id, and the user may upload to it from now on
      method: 'POST',
      path: '/v1.0/workflow/processInstances/spaces/infos/query',
      run: ({ app, body: b }) => {
        if (typeof b.userId !== 'string' || !b.userId)
          return apiErr(400, 'invalidUserId', '获取审批钉盘空间信息，用户userId不能为空');
        if (!this.core.users.has(b.userId)) return apiErr(400, 'userNotExist', '用户不存在');
        const spaceId = spaceIdOf(app.appKey);
        this.grants.add(`${spaceId}/${b.userId}`);
        return json({ result: { spaceId: Number(spaceId) }, success: true });
      },
    },
    {
      // 获取文件上传信息 (storage v1.0): where to PUT the bytes, with the signed headers
      method: 'POST',
      path: /^\/v1\.0\/storage\/spaces\/([^/]+)\/files\/uploadInfos\/query$/,
      run: ({ app, url, params: [spaceId], body: b }) => {
        const unionId = url.searchParams.get('unionId') ?? '';
        const user = [...this.core.users.values()].find((u) => u.unionid === unionId);
        if (!user) return apiErr(400, 'paramError', 'unionId is invalid');
        if (spaceId !== spaceIdOf(app.appKey) || !this.grants.has(`${spaceId}/${user.userid}`))
          return apiErr(403, 'permissionDenied', '没有权限');
        if (b.protocol !== 'HEADER_SIGNATURE') return apiErr(400, 'paramError', 'protocol is invalid');
        const uploadKey = randomAscii(48);
        const date = new Date(this.core.now).toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '');
        const signature = `OSS emulator:${hex(uploadKey).slice(0, 28)}`;
        this.uploads.set(uploadKey, { spaceId: spaceId!, unionId, signature });
        return json({
          protocol: 'HEADER_SIGNATURE',
          uploadKey,
          storageDriver: 'DINGTALK',
          headerSignatureInfo: {
            resourceUrls: [`${this.publicUrl}/__storage/${uploadKey}`],
            headers: { Authorization: signature, 'x-oss-date': date },
            expirationSeconds: 900,
            region: 'SHANGHAI',
          },
        });
      },
    },
    {
      // 提交文件: the uploaded bytes become a file (dentry) of the space
      method: 'POST',
      path: /^\/v1\.0\/storage\/spaces\/([^/]+)\/files\/commit$/,
      run: ({ url, params: [spaceId], body: b }) => {
        const unionId = url.searchParams.get('unionId') ?? '';
        const u = this.uploads.get(String(b.uploadKey ?? ''));
        if (!u || u.spaceId !== spaceId || u.unionId !== unionId)
          return apiErr(400, 'paramError', 'uploadKey is invalid');
        if (!u.bytes) return apiErr(400, 'fileNotUploaded', '文件未上传');
        if (typeof b.name !== 'string' || !b.name) return apiErr(400, 'paramError', 'name is invalid');
        this.uploads.delete(String(b.uploadKey));
        const fileId = String(200_000_000_000 + this.files.size + 1);
        const extension = b.name.includes('.') ? b.name.split('.').pop()! : '';
        const f: StoredFile = {
          fileId,
          spaceId: spaceId!,
          name: b.name,
          size: u.bytes.length,
          extension,
          sha256: createHash('sha256').update(u.bytes).digest('hex'),
          bytes: u.bytes,
          creatorUnionId: unionId,
          createdAt: this.core.now,
        };
        this.files.set(fileId, f);
        return json({
          dentry: {
            id: fileId,
            name: f.name,
            parentId: String(b.parentId ?? '0'),
            spaceId: f.spaceId,
            size: f.size,
            type: 'FILE',
            extension,
            storageDriver: 'DINGTALK',
            status: 'NORMAL',
            creatorId: unionId,
            version: 1,
            uuid: randomAscii(32),
          },
        });
      },
    },
    {
      method: 'POST',
      path: '/v1.0/workflow/processInstances',
      run: ({ app, body: b }) => {
        const processCode = typeof b.processCode === 'string' ? b.processCode : '';
        const template = this.templates.get(processCode);
        if (!/^PROC-[A-Za-z0-9-]+$/.test(processCode) || !template)
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
        const checked = this.checkForm(
          template,
          values.map((v) => ({
            name: String(v.name),
            value: String(v.value),
            componentType: typeof v.componentType === 'string' ? v.componentType : undefined,
          })),
        );
        if (checked) return checked;
        const components = new Map(template.items.map((c) => [c.props.label, c]));
        const approvers = Array.isArray(b.approvers)
          ? (b.approvers as { userIds?: unknown }[]).flatMap((a) =>
              Array.isArray(a.userIds) ? a.userIds.map(String) : [],
            )
          : [];
        if (approvers.some((u) => !this.core.users.has(u)))
          return apiErr(400, 'invalidParameter', 'approvers 中有无效的 userId');
        // without explicit approvers DingTalk runs the template's configured flow; the emulator's templates route
        // it to the originator (so the instance has a task, and the task its pcUrl)
        if (approvers.length === 0) approvers.push(originator.userid);
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
            componentType: components.get(String(v.name))?.componentName ?? 'TextField',
            id: components.get(String(v.name))?.props.id ?? `TextField-${randomAscii(8)}`,
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
              pcUrl: this.instanceUrl(a.instanceId),
              mobileUrl: this.instanceUrl(a.instanceId),
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
    {
      method: 'GET',
      path: '/approval-templates',
      run: () => json({ items: [...this.templates.values()] }),
    },
    {
      // registers (or replaces) a template, as an admin builds one in DingTalk's 审批后台
      method: 'POST',
      path: '/approval-templates',
      run: ({ body: b }) => {
        const parsed = ZTemplate.safeParse(b);
        if (!parsed.success)
          return badRequest(
            '模板应为 { processCode: "PROC-…", name, items: [{ componentName, props: { id, label, required } }] }',
          );
        this.templates.set(parsed.data.processCode, parsed.data);
        return json(parsed.data, 201);
      },
    },
    {
      method: 'GET',
      path: '/storage/files',
      run: () => json({ items: [...this.files.values()].map(({ bytes: _bytes, ...f }) => f) }),
    },
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
