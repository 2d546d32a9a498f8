/**
 * Event push (HTTP callback mode): encrypted, signed POSTs to our /api/dingtalk/callback with DingTalk's retries.
 * Approvals and contact changes push through it; the control API lists deliveries and checks the URL.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { CallbackCrypto, randomAscii } from '../dingtalk/crypto';
import {
  badRequest,
  json,
  type ControlRoute,
  type EmulatorApp,
  type EmulatorCore,
  type EmulatorFamily,
} from './shared';

export interface CallbackDelivery {
  eventId: string;
  eventType: string;
  event: Record<string, unknown>;
  attempts: { at: string; ok: boolean; status?: number; error?: string }[];
  delivered: boolean;
  gaveUp: boolean;
}

const ZCallbackAnswer = z.object({
  msg_signature: z.string(),
  timeStamp: z.string(),
  nonce: z.string(),
  encrypt: z.string(),
});

export class EventsFamily implements EmulatorFamily {
  callbacks: CallbackDelivery[] = [];

  constructor(private readonly core: EmulatorCore) {}

  reset(): void {
    this.callbacks = [];
  }

  /** Pushes an event to the callback URL (none configured: nothing happens), retrying on DingTalk's schedule. */
  push(app: EmulatorApp, eventType: string, fields: Record<string, unknown>): CallbackDelivery | undefined {
    const core = this.core;
    const url = core.opts.callbackUrl;
    if (!url) return undefined;
    const eventId = randomUUID().replace(/-/g, '');
    const event = {
      EventType: eventType,
      EventTime: core.now,
      CorpId: app.corpId,
      BizId: fields.processInstanceId ?? eventId,
      eventId,
      ...fields,
    };
    const delivery: CallbackDelivery = { eventId, eventType, event, attempts: [], delivered: false, gaveUp: false };
    this.callbacks.push(delivery);
    const attempt = (n: number) => {
      void this.deliver(app, url, event, delivery).then((good) => {
        if (good) return;
        const delay = core.opts.callbackRetryDelaysMs[n];
        if (delay === undefined) {
          delivery.gaveUp = true;
          return;
        }
        core.later(delay, () => attempt(n + 1));
      });
    };
    attempt(0);
    return delivery;
  }

  /** One POST; good when our server answers the encrypted 'success'. */
  async deliver(
    app: EmulatorApp,
    url: string,
    event: Record<string, unknown>,
    delivery: CallbackDelivery | undefined,
  ): Promise<boolean> {
    const crypto = new CallbackCrypto({ token: app.callbackToken, aesKey: app.callbackAesKey, ownerKey: app.appKey });
    const timestamp = String(Date.now());
    const nonce = randomAscii(8);
    const encrypt = crypto.encrypt(JSON.stringify(event));
    const target = new URL(url);
    target.searchParams.set('signature', crypto.signature(timestamp, nonce, encrypt));
    target.searchParams.set('timestamp', timestamp);
    target.searchParams.set('nonce', nonce);
    const at = new Date().toISOString();
    try {
      const res = await fetch(target, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ encrypt }),
        signal: AbortSignal.timeout(5000),
      });
      const text = await res.text();
      let good = false;
      try {
        const r = ZCallbackAnswer.parse(JSON.parse(text));
        good =
          res.ok &&
          crypto.open({ signature: r.msg_signature, timestamp: r.timeStamp, nonce: r.nonce, encrypt: r.encrypt }) ===
            'success';
      } catch {
        good = false;
      }
      delivery?.attempts.push({ at, ok: good, status: res.status, ...(good ? {} : { error: text.slice(0, 200) }) });
      if (delivery && good) delivery.delivered = true;
      return good;
    } catch (err) {
      delivery?.attempts.push({ at, ok: false, error: err instanceof Error ? err.message : String(err) });
      return false;
    }
  }

  readonly controlRoutes: readonly ControlRoute[] = [
    { method: 'GET', path: '/callbacks', run: () => json({ items: this.callbacks }) },
    {
      method: 'POST',
      path: '/callbacks/check-url',
      run: async () => {
        const url = this.core.opts.callbackUrl;
        if (!url) return badRequest('未配置回调地址');
        const started = Date.now();
        const good = await this.deliver(this.core.firstApp(), url, { EventType: 'check_url' }, undefined);
        return json({ ok: good, ms: Date.now() - started });
      },
    },
  ];
}
