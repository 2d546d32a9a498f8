/**
 * Approval callbacks are believed only when DingTalk confirms them: production refuses to start with the demo keys
 * (and refuses callbacks signed with them); every approval event is checked against the corp, the run's process
 * code and the instance fetched from DingTalk before anything moves; non-JSON and unknown events are 4xx; a task
 * handed on ("redirect") moves nothing. Forged events here are signed with the test keys, as an attacker who has
 * them would.
 */
import { randomBytes } from 'node:crypto';
import { loadConfig } from '../../server/config';
import { buildApp, allRoutes } from '../../server/app';
import { dingtalkClientFor } from '../../server/dingtalk/client';
import { CallbackCrypto } from '../../server/dingtalk/crypto';
import { demoProcessCode } from '../../server/seed/approval-templates';
import { seedDemo } from '../../server/seed/seed';
import { listen, startTestApp, testDeps, type TestApp } from '../support/app';
import { startTestEmulator, type TestEmulator } from '../support/emulator';

let emu: TestEmulator;
let t: TestApp;
let crypto: CallbackCrypto;
let projectId: number;
let starterId: number;

beforeAll(async () => {
  emu = await startTestEmulator();
  t = await startTestApp({ deps: testDeps(emu.env) });
  await seedDemo(t.deps.db);
  const c = t.deps.config;
  crypto = new CallbackCrypto({
    token: c.DINGTALK_CALLBACK_TOKEN,
    aesKey: c.DINGTALK_CALLBACK_AES_KEY,
    ownerKey: c.DINGTALK_APP_KEY,
  });
  projectId = (await t.deps.db.project.findUniqueOrThrow({ where: { name: '靖江项目' } })).id;
  starterId = (await t.deps.db.user.findUniqueOrThrow({ where: { dingUserId: 'hhkj001' } })).id;
});
afterAll(async () => {
  await t.close();
  await emu.close();
});

const send = (plain: string, http = t.http) => {
  const s = crypto.seal(plain);
  return http.post(`/api/dingtalk/callback?signature=${s.msg_signature}&timestamp=${s.timeStamp}&nonce=${s.nonce}`, {
    encrypt: s.encrypt,
  });
};

let run = 100;
async function runningFlow(instanceId: string) {
  return t.deps.db.projectFlow.create({
    data: {
      projectId,
      type: 'PEAK_CAPITAL',
      run: run++,
      instanceId,
      startedById: starterId,
      processCode: demoProcessCode('PEAK_CAPITAL'),
    },
  });
}

const finishEvent = (instanceId: string, over: Record<string, unknown> = {}) =>
  JSON.stringify({
    EventType: 'bpms_instance_change',
    CorpId: t.deps.config.DINGTALK_CORP_ID,
    eventId: randomBytes(8).toString('hex'),
    processInstanceId: instanceId,
    processCode: demoProcessCode('PEAK_CAPITAL'),
    type: 'finish',
    result: 'agree',
    ...over,
  });

const statusOf = async (id: number) => (await t.deps.db.projectFlow.findUniqueOrThrow({ where: { id } })).status;

describe('production configuration', () => {
  const own = {
    NODE_ENV: 'production',
    SECRET_KEY: randomBytes(32).toString('base64'),
    DINGTALK_APP_SECRET: 'a-real-secret-from-the-open-platform',
    DINGTALK_CALLBACK_TOKEN: 'realToken123',
    DINGTALK_CALLBACK_AES_KEY: 'A'.repeat(43),
  };
  it.each(['DINGTALK_CALLBACK_TOKEN', 'DINGTALK_CALLBACK_AES_KEY', 'DINGTALK_APP_SECRET', 'SECRET_KEY'] as const)(
    'refuses to start with the demo %s',
    (name) => {
      const env: Record<string, string> = { ...own };
      delete env[name];
      if (name === 'SECRET_KEY') env.SECRET_KEY = 'Z2VudG91LWRldmVsb3BtZW50LWtleS1ub3QtcHJvZCE=';
      expect(() => loadConfig(env)).toThrow(new RegExp(name));
    },
  );
  it('starts with its own values', () => {
    expect(loadConfig(own).NODE_ENV).toBe('production');
  });

  it('refuses a callback signed with the demo keys in production', async () => {
    const deps = { ...t.deps, config: { ...t.deps.config, NODE_ENV: 'production' as const } };
    const { server, base } = await listen(buildApp(deps, allRoutes()));
    try {
      const prod = t.http.create({ baseURL: base });
      const flow = await runningFlow(`forged-${randomBytes(4).toString('hex')}`);
      const res = await send(finishEvent(flow.instanceId!), prod);
      expect(res.status).toBe(503);
      expect(await statusOf(flow.id)).toBe('RUNNING');
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});

describe('approval events', () => {
  it('moves nothing for an instance DingTalk does not know', async () => {
    const flow = await runningFlow(`forged-${randomBytes(4).toString('hex')}`);
    const res = await send(finishEvent(flow.instanceId!));
    expect(res.status).toBe(422);
    expect(res.data.message).toContain('钉钉中没有该审批实例');
    expect(await statusOf(flow.id)).toBe('RUNNING');
    expect(await t.deps.db.paymentDue.count({ where: { projectId } })).toBe(0);
  });

  it('moves nothing for a wrong processCode or corpId, nor while DingTalk says the instance still runs', async () => {
    const client = await dingtalkClientFor(t.deps);
    const { instanceId } = await client.createApprovalInstance({
      processCode: demoProcessCode('PEAK_CAPITAL'),
      originatorUserId: 'hhkj001',
      fields: [{ name: '项目名称', value: '靖江项目' }],
    });
    const flow = await runningFlow(instanceId);
    const wrongCode = await send(finishEvent(instanceId, { processCode: 'PROC-SOMETHING-ELSE' }));
    expect(wrongCode.status).toBe(422);
    expect(wrongCode.data.message).toContain('processCode');
    const wrongCorp = await send(finishEvent(instanceId, { CorpId: 'dingothercorp' }));
    expect(wrongCorp.status).toBe(422);
    expect(wrongCorp.data.message).toContain('corpId');
    // a well-formed "agree" for an instance DingTalk still shows as running: success, but nothing moves
    expect((await send(finishEvent(instanceId))).status).toBe(200);
    expect(await statusOf(flow.id)).toBe('RUNNING');
    // a task handed on (转交) is a task event with result "redirect": acknowledged, nothing moves
    const redirect = await send(
      finishEvent(instanceId, { EventType: 'bpms_task_change', result: 'redirect', taskId: 1 }),
    );
    expect(redirect.status).toBe(200);
    expect(await statusOf(flow.id)).toBe('RUNNING');
  });

  it('answers a non-JSON message and an unknown event type with a 4xx', async () => {
    const notJson = await send('this is not json');
    expect(notJson.status).toBe(400);
    expect(notJson.data.message).toMatch(/JSON/);
    expect((await send('[1,2]')).status).toBe(400);
    const unknown = await send(JSON.stringify({ EventType: 'something_new', eventId: 'x1' }));
    expect(unknown.status).toBe(400);
    expect(unknown.data.message).toContain('不支持的钉钉事件类型');
  });
});
