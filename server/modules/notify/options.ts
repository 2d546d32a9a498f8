import { z } from 'zod';

/**
 * Tuning of the notification pipeline, from the environment (the worker process reads its own), with
 * DingTalk's documented limits as defaults. Tests and the bench pass overrides.
 */
const ZNotifyEnv = z.object({
  /** asyncsend_v2 calls per second for this app (DingTalk: 20 per app per API). */
  NOTIFY_QPS: z.coerce.number().int().min(1).default(20),
  /** getsendresult calls per second (its own per-API limit). */
  NOTIFY_RECONCILE_QPS: z.coerce.number().int().min(1).default(20),
  /** Robot posts per minute per app (DingTalk throttles a robot for 10 minutes beyond 20 a minute). */
  NOTIFY_ROBOT_PER_MINUTE: z.coerce.number().int().min(1).default(19),
  NOTIFY_CONCURRENCY: z.coerce.number().int().min(1).default(16),
  NOTIFY_ATTEMPTS: z.coerce.number().int().min(1).default(10),
  /** First retry delay; doubles each attempt, ±50 % jitter. */
  NOTIFY_BACKOFF_MS: z.coerce.number().int().min(10).default(2000),
  /** How long after sending to ask getsendresult for per-user outcomes. */
  NOTIFY_RECONCILE_DELAY_MS: z.coerce.number().int().min(0).default(60_000),
  NOTIFY_RELAY_INTERVAL_MS: z.coerce.number().int().min(50).default(500),
  NOTIFY_SWEEP_INTERVAL_MS: z.coerce.number().int().min(100).default(30_000),
  /** A QUEUED/SENDING row untouched this long is checked by the sweeper (its job may be gone). */
  NOTIFY_STUCK_AFTER_MS: z.coerce.number().int().min(100).default(120_000),
  /** A row another job left SENDING may be resent after this long (longer than a call's timeout). */
  NOTIFY_INFLIGHT_GRACE_MS: z.coerce.number().int().min(100).default(60_000),
  /** BullMQ lock / stalled-job check: how soon a job of a dead worker is picked up again. */
  NOTIFY_LOCK_MS: z.coerce.number().int().min(1000).default(30_000),
  NOTIFY_CALL_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
});

export interface NotifyOptions {
  qps: number;
  reconcileQps: number;
  robotPerMinute: number;
  concurrency: number;
  attempts: number;
  backoffMs: number;
  reconcileDelayMs: number;
  relayIntervalMs: number;
  sweepIntervalMs: number;
  stuckAfterMs: number;
  inflightGraceMs: number;
  lockMs: number;
  callTimeoutMs: number;
}

export function notifyOptions(
  env: NodeJS.ProcessEnv = process.env,
  overrides: Partial<NotifyOptions> = {},
): NotifyOptions {
  const e = ZNotifyEnv.parse(env);
  return {
    qps: e.NOTIFY_QPS,
    reconcileQps: e.NOTIFY_RECONCILE_QPS,
    robotPerMinute: e.NOTIFY_ROBOT_PER_MINUTE,
    concurrency: e.NOTIFY_CONCURRENCY,
    attempts: e.NOTIFY_ATTEMPTS,
    backoffMs: e.NOTIFY_BACKOFF_MS,
    reconcileDelayMs: e.NOTIFY_RECONCILE_DELAY_MS,
    relayIntervalMs: e.NOTIFY_RELAY_INTERVAL_MS,
    sweepIntervalMs: e.NOTIFY_SWEEP_INTERVAL_MS,
    stuckAfterMs: e.NOTIFY_STUCK_AFTER_MS,
    inflightGraceMs: e.NOTIFY_INFLIGHT_GRACE_MS,
    lockMs: e.NOTIFY_LOCK_MS,
    callTimeoutMs: e.NOTIFY_CALL_TIMEOUT_MS,
    ...overrides,
  };
}
