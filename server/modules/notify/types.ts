// The shapes the notification steps hand each other: the queues, a claimed row, what every job processor is given
// and what a running pipeline exposes.
import type { Queue } from 'bullmq';
import type { Deps } from '../../deps';
import type { ClientCache } from './client-cache';
import type { NotifyOptions } from './options';

export interface NotifyQueues {
  work: Queue;
  robot: Queue;
  todo: Queue;
  reconcile: Queue;
  close: () => Promise<void>;
}

export interface ClaimedRow {
  id: bigint;
  dingUserId: string | null;
  robotId: number | null;
  payload: unknown;
  attempts: number;
  contentHash: string;
}

export interface Ctx {
  deps: Deps;
  opts: NotifyOptions;
  queues: NotifyQueues;
  clients: ClientCache;
}

export interface RunningNotify {
  close: () => Promise<void>;
  queues: NotifyQueues;
}
