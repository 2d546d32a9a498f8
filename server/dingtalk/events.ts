/**
 * Inbound DingTalk events (HTTP push or Stream): deduplicated by event id in InboundEvent, then handed to
 * the handlers other modules register (approval finished → flows, contact changes → sync …).
 * Handlers must be idempotent: DingTalk may deliver an event more than once, and a failed event is retried.
 */
import { createHash } from 'node:crypto';
import type { Deps } from '../deps';
import { Prisma } from '../lib/db';
import { writeInterfaceLog } from './interface-log';

export interface DingtalkEvent {
  eventId: string;
  eventType: string;
  corpId?: string;
  /** The decrypted event (HTTP push: flat; Stream: the `data` object). */
  payload: Record<string, unknown>;
  source: 'http' | 'stream';
}

export type EventHandler = (deps: Deps, event: DingtalkEvent) => Promise<void>;

const handlers = new Map<string, EventHandler[]>();

/** Registers a handler for an event type ('*' = every event). Several handlers per type run in order. */
export function registerEventHandler(eventType: string, handler: EventHandler): () => void {
  const list = handlers.get(eventType) ?? [];
  list.push(handler);
  handlers.set(eventType, list);
  return () => {
    const l = handlers.get(eventType);
    if (l)
      handlers.set(
        eventType,
        l.filter((h) => h !== handler),
      );
  };
}

export function handlersFor(eventType: string): EventHandler[] {
  return [...(handlers.get(eventType) ?? []), ...(handlers.get('*') ?? [])];
}

/** Event id from the payload; events without one get a digest of their content. */
export function eventIdOf(payload: Record<string, unknown>, raw: string): string {
  const id = payload.eventId ?? payload.EventId;
  if (typeof id === 'string' && id) return id.slice(0, 100);
  return `sha1-${createHash('sha1').update(raw).digest('hex')}`;
}

export type DispatchOutcome = 'processed' | 'duplicate' | 'ignored';

/**
 * Records and processes one event. Already processed → 'duplicate' (handlers not run again).
 * A handler failure is recorded on the row and rethrown, so the caller answers "not success" and
 * DingTalk retries; the retry runs the handlers again.
 */
export async function dispatchEvent(deps: Deps, event: DingtalkEvent): Promise<DispatchOutcome> {
  const payload = event.payload as Prisma.InputJsonObject;
  try {
    await deps.db.inboundEvent.create({
      data: { eventId: event.eventId, eventType: event.eventType.slice(0, 64), payload },
    });
  } catch (err) {
    if (!(err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002')) throw err;
    const existing = await deps.db.inboundEvent.findUnique({
      where: { eventId: event.eventId },
      select: { processedAt: true },
    });
    if (existing?.processedAt) return 'duplicate';
  }
  const list = handlersFor(event.eventType);
  try {
    for (const h of list) await h(deps, event);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    await deps.db.inboundEvent.update({ where: { eventId: event.eventId }, data: { error: message.slice(0, 4000) } });
    deps.logger.warn(
      { eventId: event.eventId, eventType: event.eventType, err: message },
      'DingTalk event handler failed',
    );
    throw err;
  }
  await deps.db.inboundEvent.update({
    where: { eventId: event.eventId },
    data: { processedAt: new Date(), error: null },
  });
  return list.length ? 'processed' : 'ignored';
}

export async function logInboundEvent(
  deps: Deps,
  e: { api: string; ok: boolean; durationMs: number; request: unknown; response?: unknown; error?: string },
): Promise<void> {
  await writeInterfaceLog(deps.db, deps.logger, { direction: 'in', method: 'POST', ...e });
}
