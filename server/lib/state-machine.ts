/**
 * State machines of business objects (a subscription round, a review, a flow run; next the distribution batch and
 * the exit). A machine is a transition table — named events, the states each may start from, the state it leads to —
 * plus the Chinese labels users see, and a small store that knows the object's table. `transition()` is the only
 * way a status column changes: it checks the table, writes the new state with a conditional update on
 * id + status + version (so two concurrent changes from the same version make exactly one change), and writes the
 * audit row in the same transaction.
 */
import type { Tx } from './db';
import { AppError } from './errors';
import { writeAudit, type AuditActor } from './audit';

export interface MachineEvent<S extends string> {
  /** What the user tried, as the refusal names it (不能{label}). */
  label: string;
  from: readonly S[];
  to: S;
  /** The audit row's action. */
  action: string;
}

/** The row as a transition needs it: the current state, the version, and the project for the audit row. */
export interface MachineRow<S extends string> {
  id: number;
  status: S;
  version: number;
  projectId: number | null;
}

/** How a machine reads and writes its table (a few lines of Prisma per machine). */
export interface MachineStore<S extends string, D> {
  /** Reads the row and locks it for the rest of the transaction (SELECT … FOR UPDATE); null when there is none. */
  lock: (tx: Tx, id: number) => Promise<MachineRow<S> | null>;
  /** UPDATE … SET status = to, version = version + 1, …data WHERE id AND status AND version; the row count. */
  update: (tx: Tx, where: { id: number; status: S; version: number }, to: S, data: D) => Promise<number>;
}

export interface Machine<S extends string, E extends string, D = Record<string, never>> {
  /** The object, as messages name it (认购轮次, 审核单 …). */
  name: string;
  /** The audit row's entity. */
  entity: string;
  states: Record<S, string>;
  events: Record<E, MachineEvent<S>>;
  store: MachineStore<S, D>;
  /** The refusal of an event the current state does not allow; the default names the state and the event. */
  refusal?: (from: S, event: E) => string;
}

/** Declares a machine; the identity function, for inference. */
export const defineMachine = <S extends string, E extends string, D>(m: Machine<S, E, D>): Machine<S, E, D> => m;

/** The state an event leads to from `from`, or null when the table does not allow it. Pure. */
export function nextState<S extends string, E extends string, D>(m: Machine<S, E, D>, from: S, event: E): S | null {
  const e = m.events[event];
  return e && e.from.includes(from) ? e.to : null;
}

/** The INVALID_STATE error for an event the state does not allow. */
export function refused<S extends string, E extends string, D>(
  m: Machine<S, E, D>,
  from: S,
  event: E,
  message?: string,
): AppError {
  const text =
    message ?? m.refusal?.(from, event) ?? `当前${m.name}状态为【${m.states[from]}】，不能${m.events[event].label}`;
  return new AppError('INVALID_STATE', text, { status: from, event });
}

/** Throws the INVALID_STATE error unless the row is in one of `allowed` (for edits that do not change the state). */
export function assertState<S extends string>(
  m: { name: string; states: Record<S, string> },
  current: S,
  allowed: readonly S[],
  what: string,
): void {
  if (!allowed.includes(current))
    throw new AppError('INVALID_STATE', `当前${m.name}状态为【${m.states[current]}】，不能${what}`, {
      status: current,
    });
}

export interface TransitionOptions<D> {
  actor: AuditActor;
  /**
   * The state and version the caller loaded and decided on. When given, a row changed since answers
   * VERSION_CONFLICT; when left out, the row is locked and its current state is used.
   */
  expected?: { status: string; version: number };
  /** Other columns written with the new state. */
  data?: D;
  /** Extra audit detail, merged into before / after ({ status } is always there). */
  audit?: { before?: Record<string, unknown>; after?: Record<string, unknown>; action?: string };
  /** The refusal's message, instead of the machine's. */
  refusal?: string;
  /** When the state does not allow the event, do nothing and answer null instead of refusing (idempotent callbacks). */
  skipIfNotAllowed?: boolean;
}

export interface TransitionResult<S extends string> {
  id: number;
  from: S;
  to: S;
  /** The version after the change. */
  version: number;
}

/**
 * Moves one row through one event, in the caller's transaction: conditional update on id + status + version
 * (0 rows → INVALID_STATE when the state moved on, VERSION_CONFLICT when only the version did), then the audit row.
 */
export async function transition<S extends string, E extends string, D>(
  tx: Tx,
  m: Machine<S, E, D>,
  id: number,
  event: E,
  opts: TransitionOptions<D>,
): Promise<TransitionResult<S> | null> {
  let row: MachineRow<S> | null;
  if (opts.expected) {
    row = { id, status: opts.expected.status as S, version: opts.expected.version, projectId: null };
  } else {
    row = await m.store.lock(tx, id);
    if (!row) throw new AppError('NOT_FOUND', `${m.name}不存在`);
  }
  const to = nextState(m, row.status, event);
  if (!to) {
    if (opts.skipIfNotAllowed) return null;
    throw refused(m, row.status, event, opts.refusal);
  }
  const count = await m.store.update(tx, { id, status: row.status, version: row.version }, to, opts.data ?? ({} as D));
  const now = opts.expected || !count ? await m.store.lock(tx, id) : row;
  if (!count) {
    if (!now) throw new AppError('NOT_FOUND', `${m.name}不存在`);
    if (now.status !== row.status && !nextState(m, now.status, event)) {
      if (opts.skipIfNotAllowed) return null;
      throw refused(m, now.status, event, opts.refusal);
    }
    throw new AppError('VERSION_CONFLICT', `${m.name}已被他人修改，请刷新后重试`, { currentVersion: now.version });
  }
  await writeAudit(tx, opts.actor, {
    action: opts.audit?.action ?? m.events[event].action,
    entity: m.entity,
    entityId: id,
    projectId: now?.projectId ?? null,
    before: { status: row.status, ...opts.audit?.before },
    after: { status: to, ...opts.audit?.after },
  });
  return { id, from: row.status, to, version: row.version + 1 };
}
