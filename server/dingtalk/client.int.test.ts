import { createHash } from 'node:crypto';
import { closeDeps, type Deps } from '../deps';
import { startTestEmulator, type TestEmulator } from '../../test/support/emulator';
import { testDeps } from '../../test/support/app';
import { DingtalkClient, DingtalkError, dingtalkClientFor, envDingtalkApp, type WorkMessage } from './client';
import { DEMO_ROBOT } from '../emulator/app';
import { shanghaiDay } from '../../shared/datetime';

const text = (content: string): WorkMessage => ({ msgtype: 'text', text: { content } });

describe('DingTalk client against the emulator', () => {
  let emu: TestEmulator;
  let deps: Deps;
  let client: DingtalkClient;
  const tokenFetches = () => deps.db.interfaceLog.count({ where: { api: 'v1.0/oauth2/accessToken' } });

  beforeAll(async () => {
    emu = await startTestEmulator();
    deps = testDeps(emu.env);
  });
  beforeEach(async () => {
    await emu.reset();
    await deps.redis.del(`${deps.prefix}:dingtalk:token:${deps.config.DINGTALK_APP_KEY}`);
    await deps.db.interfaceLog.deleteMany({});
    client = await dingtalkClientFor(deps, { timeoutMs: 1000 });
  });
  afterAll(async () => {
    await closeDeps(deps);
    await emu.close();
  });

  describe('免登 and contacts', () => {
    it('exchanges an auth code for the user, once', async () => {
      const code = await emu.authCode('u1001');
      const u = await client.getUserInfoByAuthCode(code);
      expect(u).toMatchObject({ userid: 'u1001', unionid: 'union-u1001', name: '史伟', sys: false, sysLevel: 0 });
      const again = await client.getUserInfoByAuthCode(code).catch((e: unknown) => e);
      expect(again).toBeInstanceOf(DingtalkError);
      expect(again).toMatchObject({
        code: 40078,
        kind: 'authCode',
        retryable: false,
        message: '授权码无效或已过期，请重新进入应用',
      });
    });
    it('rejects an unknown code with 40078 and the admin gets sys_level 1', async () => {
      await expect(client.getUserInfoByAuthCode('nope')).rejects.toMatchObject({ code: 40078 });
      expect(await client.getUserInfoByAuthCode(await emu.authCode('admin001'))).toMatchObject({
        userid: 'admin001',
        sys: true,
        sysLevel: 1,
      });
    });
    it('reads user details and converts unionId → userid', async () => {
      const u = await client.getUser('hhkj001');
      expect(u).toMatchObject({
        userid: 'hhkj001',
        unionid: 'union-hhkj001',
        name: '环沪会计-陈洁',
        mobile: '13800000005',
        title: '经营会计',
        deptIdList: [110],
        active: true,
      });
      expect(await client.getUseridByUnionId('union-hhkj001')).toBe('hhkj001');
      await expect(client.getUseridByUnionId('union-nobody')).rejects.toMatchObject({ code: 60121, retryable: false });
    });
    it('lists direct sub-departments and pages through department members with the cursor', async () => {
      const subs = await client.listSubDepartments(110);
      expect(subs.map((d) => d.deptId).sort()).toEqual([111, 112, 113, 114]);
      expect(subs[0]).toMatchObject({ parentId: 110 });
      await expect(client.listSubDepartments(424242)).rejects.toMatchObject({ code: 60003 });
      await emu.addUsers(
        Array.from({ length: 23 }, (_, i) => ({ userid: `pg${i}`, name: `分页${i}`, deptIdList: [140] })),
      );
      const first = await client.listDepartmentUsers(140, 0, 10);
      expect(first.hasMore).toBe(true);
      expect(first.list).toHaveLength(10);
      const all = await client.listAllDepartmentUsers(140);
      expect(new Set(all.map((u) => u.userid)).size).toBe(all.length);
      expect(all.filter((u) => u.userid.startsWith('pg'))).toHaveLength(23);
    });
  });

  describe('access token', () => {
    it('is fetched once for concurrent callers and shared through Redis by other clients', async () => {
      await Promise.all(Array.from({ length: 8 }, (_, i) => client.getUser(`u${1001 + i}`)));
      expect(await tokenFetches()).toBe(1);
      const other = new DingtalkClient({
        app: envDingtalkApp(deps.config),
        redis: deps.redis,
        prefix: deps.prefix,
        db: deps.db,
      });
      await other.getUser('u1001');
      expect(await tokenFetches()).toBe(1);
    });
    it('refreshes an expired token once and retries the call once', async () => {
      await client.getUser('u1001');
      await emu.expireTokens();
      expect((await client.getUser('u1002')).userid).toBe('u1002');
      expect(await tokenFetches()).toBe(2);
      const rows = await deps.db.interfaceLog.findMany({
        where: { api: 'topapi/v2/user/get' },
        orderBy: { id: 'asc' },
      });
      expect(rows.map((r) => r.ok)).toEqual([true, false, true]);
      expect(rows[1]!.error).toContain('42001');
    });
    it('refreshes ahead of expiry (less than 10 minutes left)', async () => {
      await emu.configure({ tokenTtlSeconds: 500 });
      await client.getUser('u1001');
      await client.getUser('u1001');
      expect(await tokenFetches()).toBe(2);
      await emu.configure({ tokenTtlSeconds: 7200 });
    });
    it('reports wrong credentials as a permanent error', async () => {
      const bad = new DingtalkClient({
        app: { ...envDingtalkApp(deps.config), appSecret: 'wrong' },
        redis: deps.redis,
        prefix: `${deps.prefix}x`,
        db: deps.db,
      });
      await expect(bad.getUser('u1001')).rejects.toMatchObject({
        code: 'invalidClientIdOrSecret',
        retryable: false,
        message: '钉钉 AppKey 或 AppSecret 不正确',
      });
    });
  });

  describe('error mapping', () => {
    it('maps the per-app QPS limit to a retryable rate-limit error (old and new API)', async () => {
      await emu.configure({ qpsLimit: 3 });
      try {
        await client.getUser('u1001'); // token
        const results = await Promise.allSettled(Array.from({ length: 10 }, () => client.getUser('u1001')));
        const errors = results
          .filter((r): r is PromiseRejectedResult => r.status === 'rejected')
          .map((r) => r.reason as DingtalkError);
        expect(errors.length).toBeGreaterThan(0);
        expect(errors[0]).toMatchObject({ code: 90018, kind: 'rateLimit', retryable: true });
        await emu.fault('processInstances', 'rateLimit');
        await expect(client.getApprovalInstance('x')).rejects.toMatchObject({
          code: 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi',
          retryable: true,
          extra: { httpStatus: 403 },
        });
      } finally {
        await emu.configure({ qpsLimit: 20 });
      }
    });
    it('does not retry a permanent error', async () => {
      await client.getUser('u1001');
      await expect(client.getUser('nobody')).rejects.toMatchObject({ code: 33012, retryable: false });
      expect(await deps.db.interfaceLog.count({ where: { api: 'topapi/v2/user/get', ok: false } })).toBe(1);
    });
    it('treats HTTP 500 as transient and a hung call as a timeout of unknown outcome', async () => {
      await client.getUser('u1001');
      await emu.fault('user/get', 'http500');
      await expect(client.getUser('u1001')).rejects.toMatchObject({ code: -1, kind: 'transient', retryable: true });
      await emu.fault('user/get', 'timeout');
      const err = (await client.getUser('u1001').catch((e: unknown) => e)) as DingtalkError;
      expect(err).toMatchObject({ code: 'TIMEOUT', kind: 'timeout', retryable: true });
      expect(err.outcomeUnknown).toBe(true);
    });
    it('writes every call to the interface log with secrets masked', async () => {
      await client.getUserInfoByAuthCode(await emu.authCode('u1001'));
      const rows = await deps.db.interfaceLog.findMany({});
      const dump = JSON.stringify(rows.map((r) => ({ request: r.request, response: r.response })));
      expect(dump).not.toContain(deps.config.DINGTALK_APP_SECRET);
      const token = JSON.parse(
        (await deps.redis.get(`${deps.prefix}:dingtalk:token:${deps.config.DINGTALK_APP_KEY}`)) ?? '{}',
      ).accessToken as string;
      expect(dump).not.toContain(token);
      expect(rows.every((r) => r.direction === 'out' && r.durationMs !== null)).toBe(true);
    });
  });

  describe('work notifications', () => {
    it('sends, reports progress and per-user results, drops same-day duplicates silently, recalls', async () => {
      const { taskId } = await client.sendWorkNotification(
        ['u1001', 'u1002', 'ghost'],
        text('认购通知：靖江项目 2026-11-21'),
      );
      expect(await client.getSendProgress(taskId)).toEqual({ percent: 100, status: 2 });
      expect(await client.getSendResult(taskId)).toMatchObject({
        unreadUserIds: ['u1001', 'u1002'],
        invalidUserIds: ['ghost'],
        forbiddenList: [],
      });
      const dup = await client.sendWorkNotification(['u1001'], text('认购通知：靖江项目 2026-11-21'));
      expect((await client.getSendResult(dup.taskId)).forbiddenList).toEqual([
        { code: '143106', count: 1, userid: 'u1001' },
      ]);
      expect((await emu.workNotifications('u1001')).map((i) => i.delivered)).toEqual([true, false]);
      await client.recallWorkNotification(taskId);
      await expect(client.getSendResult('999')).rejects.toMatchObject({ code: 40035 });
    });
    it('enforces the 100-userid and 2048-byte caps', async () => {
      await expect(
        client.sendWorkNotification(
          Array.from({ length: 101 }, (_, i) => `u${i}`),
          text('x'),
        ),
      ).rejects.toMatchObject({ retryable: false });
      await expect(client.sendWorkNotification(['u1001'], text('长'.repeat(700)))).rejects.toMatchObject({
        code: 40035,
        retryable: false,
      });
    });
    it('caps 500 messages per user per day (143105)', async () => {
      // 500 distinct messages already delivered today (set directly: sending 500 real ones only takes longer)
      emu.running.state.dailyCount.set(`${deps.config.DINGTALK_APP_KEY}|${shanghaiDay()}|u1003`, 500);
      const { taskId } = await client.sendWorkNotification(['u1003'], text('第 501 条'));
      expect((await client.getSendResult(taskId)).forbiddenList).toEqual([
        { code: '143105', count: 1, userid: 'u1003' },
      ]);
    });
  });

  describe('robot', () => {
    it('signs (加签) and posts; rejects a wrong signature, a missing or stale timestamp', async () => {
      await client.sendRobotMessage(DEMO_ROBOT, { msgtype: 'text', text: { content: '【靖江项目】跟投方案审批通过' } });
      expect(await emu.robotMessages()).toHaveLength(1);
      await expect(
        client.sendRobotMessage({ ...DEMO_ROBOT, secret: 'SECwrong' }, { msgtype: 'text', text: { content: 'x' } }),
      ).rejects.toMatchObject({ code: 310000, retryable: false });
      await expect(
        client.sendRobotMessage({ accessToken: DEMO_ROBOT.accessToken }, { msgtype: 'text', text: { content: 'x' } }),
      ).rejects.toMatchObject({ code: 310000 });
      await expect(
        client.sendRobotMessage(DEMO_ROBOT, { msgtype: 'text', text: { content: 'x' } }, Date.now() - 2 * 3600e3),
      ).rejects.toMatchObject({ code: 310000, message: expect.stringContaining('机器人') });
      await expect(
        client.sendRobotMessage({ accessToken: 'nope' }, { msgtype: 'text', text: { content: 'x' } }),
      ).rejects.toMatchObject({ code: 400101 });
    });
    it('is idempotent by msgUuid and throttles after 20 a minute', async () => {
      const msg = { msgtype: 'text' as const, text: { content: 'once' }, msgUuid: 'n-1' };
      await client.sendRobotMessage(DEMO_ROBOT, msg);
      await client.sendRobotMessage(DEMO_ROBOT, msg);
      expect(await emu.robotMessages()).toHaveLength(1);
      for (let i = 0; i < 19; i++)
        await client.sendRobotMessage(DEMO_ROBOT, { msgtype: 'text', text: { content: `m${i}` } });
      await expect(
        client.sendRobotMessage(DEMO_ROBOT, { msgtype: 'text', text: { content: 'too many' } }),
      ).rejects.toMatchObject({ code: 410100, kind: 'rateLimit', retryable: true });
    });
  });

  describe('todo', () => {
    it('creates for userids (via unionId), rejects a duplicate sourceId, updates and completes', async () => {
      const todo = await client.createTodoForUsers('hhkj001', ['u1001'], {
        subject: '审核跟投方案：靖江项目',
        sourceId: 'flow-1',
        detailUrl: { appUrl: 'eapp://pages/index/index', pcUrl: 'https://example.invalid/console' },
      });
      expect(todo).toMatchObject({
        subject: '审核跟投方案：靖江项目',
        done: false,
        executorIds: ['union-u1001'],
        creatorId: 'union-hhkj001',
      });
      await expect(
        client.createTodo('union-hhkj001', {
          subject: 'again',
          sourceId: 'flow-1',
          executorIds: ['union-u1001'],
          detailUrl: { appUrl: 'a', pcUrl: 'b' },
        }),
      ).rejects.toMatchObject({ code: 'todo.taskCreate.paramError', message: 'task exist', retryable: false });
      await client.updateTodo('union-hhkj001', todo.id, { subject: '审核跟投方案：靖江项目（第二版）' });
      await client.completeTodo('union-hhkj001', todo.id);
      const [listed] = await emu.todos({ userid: 'u1001' });
      expect(listed).toMatchObject({ subject: '审核跟投方案：靖江项目（第二版）', done: true });
    });
  });

  describe('OA approval', () => {
    it('creates an instance with string values (tables as JSON) that stays RUNNING until completed', async () => {
      await emu.registerTemplate({
        processCode: 'PROC-GENTOU-PLAN',
        name: '跟投方案',
        items: [
          { componentName: 'TextField', props: { id: 'TextField-1', label: '项目', required: true } },
          { componentName: 'MoneyField', props: { id: 'MoneyField-1', label: '跟投总额' } },
          { componentName: 'InnerContactField', props: { id: 'InnerContactField-1', label: '人员' } },
          {
            componentName: 'TableField',
            props: { id: 'TableField-1', label: '明细' },
            children: [
              { componentName: 'TextField', props: { id: 'TextField-2', label: '姓名' } },
              { componentName: 'MoneyField', props: { id: 'MoneyField-2', label: '金额' } },
            ],
          },
        ],
      });
      const { instanceId } = await client.createApprovalInstance({
        processCode: 'PROC-GENTOU-PLAN',
        originatorUserId: 'hhkj001',
        fields: [
          { name: '项目', value: '靖江项目' },
          { name: '跟投总额', value: '12345678.90', componentType: 'MoneyField' },
          { name: '人员', list: ['u1001', 'u1002'], componentType: 'InnerContactField' },
          {
            name: '明细',
            table: [
              [
                { name: '姓名', value: '史伟' },
                { name: '金额', value: '100000.00' },
              ],
            ],
            componentType: 'TableField',
          },
        ],
      });
      const running = await client.getApprovalInstance(instanceId);
      expect(running.status).toBe('RUNNING');
      expect(running.formComponentValues.find((v) => v.name === '明细')!.value).toBe(
        '[[{"name":"姓名","value":"史伟"},{"name":"金额","value":"100000.00"}]]',
      );
      await emu.completeApproval(instanceId, 'agree', '同意');
      expect(await client.getApprovalInstance(instanceId)).toMatchObject({ status: 'COMPLETED', result: 'agree' });
      await expect(
        client.createApprovalInstance({
          processCode: 'bad',
          originatorUserId: 'hhkj001',
          fields: [{ name: 'a', value: 'b' }],
        }),
      ).rejects.toMatchObject({ code: 'processCodeError', retryable: false });
      await expect(client.getApprovalInstance('nope')).rejects.toMatchObject({ code: 'processInstanceIdError' });
    });

    it('refuses, like DingTalk, an unregistered processCode and a form that does not fit the template', async () => {
      await emu.registerTemplate({
        processCode: 'PROC-7A1B2C3D-0000-4E5F-8A9B-0C1D2E3F4A5B',
        name: '立项审批',
        items: [
          { componentName: 'TextField', props: { id: 'TextField-1', label: '项目', required: true } },
          { componentName: 'TextareaField', props: { id: 'TextareaField-1', label: '说明' } },
        ],
      });
      const create = (fields: { name: string; value: string; componentType?: string }[], processCode?: string) =>
        client.createApprovalInstance({
          processCode: processCode ?? 'PROC-7A1B2C3D-0000-4E5F-8A9B-0C1D2E3F4A5B',
          originatorUserId: 'hhkj001',
          fields,
        });
      await expect(
        create([{ name: '项目', value: 'x' }], 'PROC-00000000-0000-0000-0000-000000000000'),
      ).rejects.toMatchObject({
        code: 'processCodeError',
      });
      await expect(create([{ name: '项目名称', value: 'x' }])).rejects.toMatchObject({
        code: 'formConverterError',
        message: '表单数据校验失败，失败控件：项目名称',
      });
      await expect(create([{ name: '说明', value: 'x' }])).rejects.toMatchObject({
        code: 'formConverterError',
        message: '表单数据校验失败，失败控件：项目',
      });
      await expect(create([{ name: '项目', value: '[]', componentType: 'TableField' }])).rejects.toMatchObject({
        code: 'illegalComponent',
      });
      const schema = await client.getFormSchema('PROC-7A1B2C3D-0000-4E5F-8A9B-0C1D2E3F4A5B');
      expect(schema).toMatchObject({
        name: '立项审批',
        items: [
          { componentName: 'TextField', label: '项目', required: true },
          { componentName: 'TextareaField', label: '说明', required: false },
        ],
      });
      await expect(client.getFormSchema('PROC-NOT-THERE')).rejects.toMatchObject({ code: 'formNotExist' });
    });

    it('uploads an attachment to the approval 钉盘 space; the instance references the stored file', async () => {
      await emu.registerTemplate({
        processCode: 'PROC-5E6F7A8B-1111-4C2D-9E3F-4A5B6C7D8E9F',
        name: '分配审批',
        items: [
          { componentName: 'TextField', props: { id: 'TextField-1', label: '项目', required: true } },
          { componentName: 'DDAttachment', props: { id: 'DDAttachment-1', label: '测算表' } },
        ],
      });
      const bytes = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0xff, 0x00, 0x10, 0x80, ...Buffer.from('测算表')]);
      const file = await client.uploadApprovalAttachment({ userId: 'hhkj001', fileName: '本金分配测算表.xlsx', bytes });
      expect(file).toMatchObject({ fileName: '本金分配测算表.xlsx', fileSize: String(bytes.length), fileType: 'xlsx' });
      const [stored] = await emu.storedFiles();
      expect(stored).toMatchObject({
        fileId: file.fileId,
        spaceId: file.spaceId,
        name: '本金分配测算表.xlsx',
        size: bytes.length,
        sha256: createHash('sha256').update(bytes).digest('hex'),
      });
      const { instanceId } = await client.createApprovalInstance({
        processCode: 'PROC-5E6F7A8B-1111-4C2D-9E3F-4A5B6C7D8E9F',
        originatorUserId: 'hhkj001',
        fields: [
          { name: '项目', value: '靖江项目' },
          { name: '测算表', value: JSON.stringify([file]), componentType: 'DDAttachment' },
        ],
      });
      const instance = await client.getApprovalInstance(instanceId);
      const value = instance.formComponentValues.find((v) => v.name === '测算表')!;
      expect(value.componentType).toBe('DDAttachment');
      expect(JSON.parse(value.value)).toEqual([file]);
      expect(instance.url).toMatch(/\/__bpm\/instances\//);
      // a file that is not in the space is refused
      await expect(
        client.createApprovalInstance({
          processCode: 'PROC-5E6F7A8B-1111-4C2D-9E3F-4A5B6C7D8E9F',
          originatorUserId: 'hhkj001',
          fields: [
            { name: '项目', value: '靖江项目' },
            { name: '测算表', value: JSON.stringify([{ ...file, fileId: '1' }]), componentType: 'DDAttachment' },
          ],
        }),
      ).rejects.toMatchObject({ code: 'formConverterError' });
    });
  });
});
