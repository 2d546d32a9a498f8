import { z } from 'zod';
import { dingtalkCallbackRejected, publicAccess } from '../auth/policy';
import { route } from '../http/route';
import { AppError } from '../lib/errors';
import { CallbackCrypto, CallbackCryptoError } from './crypto';
import { dispatchEvent, eventIdOf, handlersFor, logInboundEvent } from './events';
import { isDemoAesKey, isDemoCallbackToken } from '../config';

/** How old a pushed request's timestamp may be (DingTalk's retries come 10 s and 40 s after the first push). */
const MAX_AGE_MS = 10 * 60 * 1000;

const ZQuery = z
  .object({
    signature: z.string().optional(),
    msg_signature: z.string().optional(),
    timestamp: z.string().optional(),
    timeStamp: z.string().optional(),
    nonce: z.string().default(''),
  })
  .loose();

/**
 * Events DingTalk may push that need nothing from us, answered success: bpms_task_change (one approver's task:
 * agree, refuse, or handed on — "redirect"; the instance's own bpms_instance_change is what moves a flow).
 * Any other type without a handler is refused with a 400.
 */
const ACKNOWLEDGED_EVENTS = new Set(['bpms_task_change']);

/** The decrypted message: a JSON object, else a 400. */
function parseEventPayload(plain: string): Record<string, unknown> {
  let json: unknown;
  try {
    json = JSON.parse(plain);
  } catch {
    throw new AppError('BAD_REQUEST', '钉钉事件内容不是 JSON');
  }
  const parsed = z.record(z.string(), z.unknown()).safeParse(json);
  if (!parsed.success || Array.isArray(json)) throw new AppError('BAD_REQUEST', '钉钉事件内容不是 JSON 对象');
  return parsed.data;
}

export const dingtalkCallbackRoutes = [
  route({
    method: 'POST',
    path: '/api/dingtalk/callback',
    summary: '钉钉事件回调（HTTP 推送）：验签、解密、去重、分发，回复加密的 success',
    raw: {
      contentType: 'application/json',
      description: '加密的 success（{ msg_signature, timeStamp, nonce, encrypt }），钉钉据此确认已收到',
      schema: z.object({ msg_signature: z.string(), timeStamp: z.string(), nonce: z.string(), encrypt: z.string() }),
    },
    // DingTalk calls without a session; the request proves itself by its signature, checked below.
    policy: publicAccess,
    query: ZQuery,
    body: z.object({ encrypt: z.string().min(1) }),
    handler: async ({ deps, ctx }, { query, body }) => {
      const started = performance.now();
      const app = await deps.dingtalkApp();
      if (!app.callbackToken || !app.callbackAesKey)
        throw new AppError('SERVICE_UNAVAILABLE', '尚未配置钉钉回调的 Token 与 AES Key');
      // the demo keys are public: in production nothing signed with them is believed
      if (
        deps.config.NODE_ENV === 'production' &&
        (isDemoCallbackToken(app.callbackToken) || isDemoAesKey(app.callbackAesKey))
      )
        throw new AppError('SERVICE_UNAVAILABLE', '钉钉回调仍在使用演示 Token / AES Key，请在钉钉设置中更换');
      const crypto = new CallbackCrypto({ token: app.callbackToken, aesKey: app.callbackAesKey, ownerKey: app.appKey });
      const signature = query.msg_signature ?? query.signature ?? '';
      const timestamp = query.timeStamp ?? query.timestamp ?? '';
      let plain: string;
      try {
        plain = crypto.open(
          { signature, timestamp, nonce: query.nonce, encrypt: body.encrypt },
          { maxAgeMs: MAX_AGE_MS },
        );
      } catch (err) {
        const code = err instanceof CallbackCryptoError ? err.code : 900008;
        await logInboundEvent(deps, {
          api: 'callback',
          ok: false,
          durationMs: performance.now() - started,
          request: { query: { timestamp, nonce: query.nonce } },
          error: `${code} ${err instanceof Error ? err.message : ''}`,
        });
        throw dingtalkCallbackRejected(code);
      }
      const payload = parseEventPayload(plain);
      const eventType = typeof payload.EventType === 'string' ? payload.EventType : 'unknown';
      if (eventType !== 'check_url' && !handlersFor(eventType).length && !ACKNOWLEDGED_EVENTS.has(eventType)) {
        await logInboundEvent(deps, {
          api: `callback:${eventType}`,
          ok: false,
          durationMs: performance.now() - started,
          request: payload,
          error: 'unknown event type',
        });
        throw new AppError('BAD_REQUEST', `不支持的钉钉事件类型：${eventType.slice(0, 64)}`);
      }
      if (eventType === 'check_url') {
        ctx.body = crypto.seal('success');
        void logInboundEvent(deps, {
          api: 'callback:check_url',
          ok: true,
          durationMs: performance.now() - started,
          request: payload,
        });
        return;
      }
      const event = {
        eventId: eventIdOf(payload, plain),
        eventType,
        corpId: typeof payload.CorpId === 'string' ? payload.CorpId : undefined,
        payload,
        source: 'http' as const,
      };
      try {
        const outcome = await dispatchEvent(deps, event);
        await logInboundEvent(deps, {
          api: `callback:${eventType}`,
          ok: true,
          durationMs: performance.now() - started,
          request: payload,
          response: { outcome },
        });
      } catch (err) {
        await logInboundEvent(deps, {
          api: `callback:${eventType}`,
          ok: false,
          durationMs: performance.now() - started,
          request: payload,
          error: err instanceof Error ? err.message : String(err),
        });
        // refused on its merits (e.g. not confirmed by DingTalk): a 4xx, nothing moved
        if (err instanceof AppError && err.status >= 400 && err.status < 500) throw err;
        // not "success": DingTalk pushes again (10 s, then 30 s later); the retry runs the handlers again
        throw new AppError('SERVICE_UNAVAILABLE', '事件处理失败，等待钉钉重试', { eventId: event.eventId });
      }
      ctx.body = crypto.seal('success');
    },
  }),
];
