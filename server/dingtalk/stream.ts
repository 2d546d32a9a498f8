/**
 * Stream mode (the production alternative to HTTP push, chosen by the callbackMode setting): one WebSocket
 * from a worker process to DingTalk, events through the same dispatchEvent as HTTP push.
 *
 * The dingtalk-stream SDK hard-codes DingTalk's gateway and token URLs, so this mode can only be exercised
 * against real DingTalk; the emulator pushes events over HTTP only.
 *
 * The SDK acknowledges synchronously, before our asynchronous processing can finish. So an event is
 * acknowledged SUCCESS only once it has been processed (and recorded in InboundEvent); until then the ack
 * is LATER and DingTalk delivers it again (about a minute later). Nothing is acknowledged that was not stored.
 */
import { DWClient, EventAck, type DWClientDownStream } from 'dingtalk-stream';
import { z } from 'zod';
import type { Deps } from '../deps';
import type { DingtalkAppConfig } from './app-config';
import { dispatchEvent } from './events';

export interface StreamConnection {
  close: () => void;
}

export function startStreamMode(deps: Deps, app: DingtalkAppConfig): StreamConnection {
  const done = new Set<string>();
  const inFlight = new Set<string>();
  const client = new DWClient({ clientId: app.appKey, clientSecret: app.appSecret, keepAlive: true });
  client.registerAllEventListener((msg: DWClientDownStream) => {
    const eventId = msg.headers.eventId ?? msg.headers.messageId;
    if (done.has(eventId)) return { status: EventAck.SUCCESS };
    if (!inFlight.has(eventId)) {
      inFlight.add(eventId);
      void handleStreamEvent(deps, msg, eventId)
        .then(() => {
          done.add(eventId);
          if (done.size > 10_000) done.delete(done.values().next().value!);
        })
        .catch((err: unknown) =>
          deps.logger.warn({ eventId, err: err instanceof Error ? err.message : String(err) }, 'stream event failed'),
        )
        .finally(() => inFlight.delete(eventId));
    }
    return { status: EventAck.LATER, message: 'processing' };
  });
  void client.connect().catch((err: unknown) => deps.logger.error({ err }, 'DingTalk stream connection failed'));
  deps.logger.info({ appKey: app.appKey }, 'DingTalk stream mode connecting');
  return { close: () => client.disconnect() };
}

async function handleStreamEvent(deps: Deps, msg: DWClientDownStream, eventId: string): Promise<void> {
  const data = z.record(z.string(), z.unknown()).parse(JSON.parse(msg.data));
  await dispatchEvent(deps, {
    eventId,
    eventType: msg.headers.eventType ?? 'unknown',
    corpId: msg.headers.eventCorpId,
    payload: { ...data, EventType: msg.headers.eventType, eventId },
    source: 'stream',
  });
}

/** Starts Stream mode when the settings choose it (worker processes only; one connection per process). */
export async function startDingtalkStreamIfEnabled(deps: Deps): Promise<StreamConnection | undefined> {
  const app = await deps.dingtalkApp();
  return app.callbackMode === 'stream' ? startStreamMode(deps, app) : undefined;
}
