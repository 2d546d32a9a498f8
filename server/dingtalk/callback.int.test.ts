import { demoProcessCode } from '../seed/approval-templates';
import { startTestApp, testDeps, type TestApp } from '../../test/support/app';
import { startTestEmulator, type TestEmulator } from '../../test/support/emulator';
import { dingtalkClientFor } from './client';
import { CallbackCrypto } from './crypto';
import { registerEventHandler, type DingtalkEvent } from './events';

describe('POST /api/dingtalk/callback (HTTP push from the emulator)', () => {
  let emu: TestEmulator;
  let t: TestApp;
  let crypto: CallbackCrypto;
  const seen: DingtalkEvent[] = [];
  let failNext = 0;
  const unregister = registerEventHandler('bpms_instance_change', async (_deps, e) => {
    if (failNext > 0) {
      failNext--;
      throw new Error('flow module temporarily unavailable');
    }
    seen.push(e);
  });

  beforeAll(async () => {
    emu = await startTestEmulator();
    t = await startTestApp({ deps: testDeps(emu.env) });
    await emu.configure({ callbackUrl: `${t.base}/api/dingtalk/callback` });
    const c = t.deps.config;
    crypto = new CallbackCrypto({
      token: c.DINGTALK_CALLBACK_TOKEN,
      aesKey: c.DINGTALK_CALLBACK_AES_KEY,
      ownerKey: c.DINGTALK_APP_KEY,
    });
  });
  beforeEach(async () => {
    seen.length = 0;
    failNext = 0;
    await emu.reset();
    await emu.configure({ callbackUrl: `${t.base}/api/dingtalk/callback` });
  });
  afterAll(async () => {
    unregister();
    await t.close();
    await emu.close();
  });

  const waitFor = async (cond: () => boolean | Promise<boolean>, ms = 5000) => {
    const end = Date.now() + ms;
    while (!(await cond())) {
      if (Date.now() > end) throw new Error('timed out');
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  it('answers check_url with the encrypted success well within 1500 ms', async () => {
    const r = await emu.http.post('/callbacks/check-url', {});
    expect(r.data.ok).toBe(true);
    expect(r.data.ms).toBeLessThan(1500);
  });

  it('delivers the approval-finished event to the registered handler once, answering success', async () => {
    const client = await dingtalkClientFor(t.deps);
    const { instanceId } = await client.createApprovalInstance({
      processCode: demoProcessCode('PEAK_CAPITAL'),
      originatorUserId: 'hhkj001',
      fields: [{ name: '项目名称', value: '靖江项目' }],
    });
    await emu.completeApproval(instanceId, 'agree', '同意');
    await waitFor(() => seen.some((e) => e.payload.type === 'finish'));
    const finish = seen.find((e) => e.payload.type === 'finish')!;
    expect(finish).toMatchObject({
      eventType: 'bpms_instance_change',
      source: 'http',
      payload: { processInstanceId: instanceId, result: 'agree', staffId: 'hhkj001' },
    });
    await waitFor(async () => (await emu.callbacks()).every((c) => c.delivered)); // the emulator has read our answer
    expect((await emu.callbacks()).map((c) => c.attempts.length)).toEqual([1, 1]);
    expect(await t.deps.db.inboundEvent.findUnique({ where: { eventId: finish.eventId } })).toMatchObject({
      processedAt: expect.any(Date),
      error: null,
    });
    expect(
      await t.deps.db.interfaceLog.count({ where: { direction: 'in', api: 'callback:bpms_instance_change' } }),
    ).toBeGreaterThanOrEqual(2);
  });

  it('dedupes a redelivered event by its id', async () => {
    const event = {
      EventType: 'bpms_instance_change',
      eventId: `evt-dup-${Date.now()}`,
      processInstanceId: 'x',
      type: 'finish',
      result: 'refuse',
      CorpId: 'c',
    };
    for (let i = 0; i < 2; i++) {
      const s = crypto.seal(JSON.stringify(event));
      const r = await t.http.post(
        `/api/dingtalk/callback?signature=${s.msg_signature}&timestamp=${s.timeStamp}&nonce=${s.nonce}`,
        { encrypt: s.encrypt },
      );
      expect(r.status).toBe(200);
      expect(
        crypto.open({
          signature: r.data.msg_signature,
          timestamp: r.data.timeStamp,
          nonce: r.data.nonce,
          encrypt: r.data.encrypt,
        }),
      ).toBe('success');
    }
    expect(seen.filter((e) => e.eventId === event.eventId)).toHaveLength(1);
  });

  it('answers "not success" when a handler fails, and the emulator retries as DingTalk does', async () => {
    failNext = 1;
    const client = await dingtalkClientFor(t.deps);
    await client.createApprovalInstance({
      processCode: demoProcessCode('PEAK_CAPITAL'),
      originatorUserId: 'hhkj001',
      fields: [{ name: '项目名称', value: '江阴项目' }],
    });
    await waitFor(async () => (await emu.callbacks()).some((c) => c.delivered));
    const [cb] = await emu.callbacks();
    expect(cb!.attempts.map((a) => a.ok)).toEqual([false, true]);
    expect(seen).toHaveLength(1);
  });

  it('rejects a wrong signature, a wrong owner key and a stale timestamp', async () => {
    const post = (q: string, encrypt: string) => t.http.post(`/api/dingtalk/callback?${q}`, { encrypt });
    const s = crypto.seal('{"EventType":"check_url"}');
    expect(
      (await post(`signature=${'0'.repeat(40)}&timestamp=${s.timeStamp}&nonce=${s.nonce}`, s.encrypt)).status,
    ).toBe(403);
    const other = new CallbackCrypto({
      token: t.deps.config.DINGTALK_CALLBACK_TOKEN,
      aesKey: t.deps.config.DINGTALK_CALLBACK_AES_KEY,
      ownerKey: t.deps.config.DINGTALK_CORP_ID,
    });
    const o = other.seal('{"EventType":"check_url"}');
    const wrongKey = await post(`signature=${o.msg_signature}&timestamp=${o.timeStamp}&nonce=${o.nonce}`, o.encrypt);
    expect(wrongKey.status).toBe(403);
    expect(wrongKey.data.details).toEqual({ code: 900010 });
    const old = String(Date.now() - 3600_000);
    const st = crypto.seal('{"EventType":"check_url"}', old);
    const stale = await post(
      `msg_signature=${st.msg_signature}&timeStamp=${st.timeStamp}&nonce=${st.nonce}`,
      st.encrypt,
    );
    expect(stale.status).toBe(403);
    expect(stale.data).toMatchObject({ code: 'FORBIDDEN', message: '钉钉回调校验失败', details: { code: 900002 } });
  });
});
