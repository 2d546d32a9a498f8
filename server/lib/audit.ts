import { Prisma, type Tx } from './db';
import type { RouteContext } from '../http/route';

/** Who did it, from where: taken from the request and written with every audit row. */
export interface AuditActor {
  actorId: number | null;
  actorName: string | null;
  requestId: string | null;
  ip: string | null;
}

export const auditActorOf = (rc: Pick<RouteContext, 'actor' | 'requestId' | 'ip'>): AuditActor => ({
  actorId: rc.actor?.userId ?? null,
  actorName: rc.actor?.name ?? null,
  requestId: rc.requestId,
  ip: rc.ip,
});

/** Background jobs (contact sync, schedulers) act as the system. */
export const systemActor = (what: string, requestId: string | null = null): AuditActor => ({
  actorId: null,
  actorName: `系统:${what}`,
  requestId,
  ip: null,
});

export interface AuditEntry {
  action: string;
  entity: string;
  entityId?: string | number | null;
  projectId?: number | null;
  before?: unknown;
  after?: unknown;
}

const SECRET_KEYS = /secret|password|token|aeskey|hash/i;

/** Plain JSON for the before/after columns: Decimals as strings, dates ISO, bigint as string, secrets masked. */
export function auditJson(value: unknown): unknown {
  if (value === null || value === undefined) return value ?? null;
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(auditJson);
  if (typeof value === 'object') {
    const ctor = (value as { constructor?: { name?: string } }).constructor?.name;
    if (ctor === 'Decimal' || ctor === 'Decimal2') return String(value);
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>))
      out[k] = SECRET_KEYS.test(k) && v ? '***' : auditJson(v);
    return out;
  }
  return value;
}

const jsonColumn = (v: unknown) =>
  v === undefined || v === null ? Prisma.DbNull : (auditJson(v) as Prisma.InputJsonValue);

/** Writes one audit row. Call it inside the transaction that makes the change, so both commit or neither. */
export async function writeAudit(tx: Tx, who: AuditActor, e: AuditEntry): Promise<void> {
  await tx.auditLog.create({
    data: {
      actorId: who.actorId,
      actorName: who.actorName,
      requestId: who.requestId,
      ip: who.ip,
      action: e.action,
      entity: e.entity,
      entityId: e.entityId === undefined || e.entityId === null ? null : String(e.entityId),
      projectId: e.projectId ?? null,
      before: jsonColumn(e.before),
      after: jsonColumn(e.after),
    },
  });
}

/** Only the fields that changed, for compact before/after pairs. */
export function changedFields<T extends Record<string, unknown>>(
  before: T,
  after: Partial<T>,
): { before: Partial<T>; after: Partial<T> } {
  const b: Partial<T> = {};
  const a: Partial<T> = {};
  for (const k of Object.keys(after) as (keyof T)[]) {
    if (after[k] === undefined) continue;
    if (JSON.stringify(auditJson(before[k])) !== JSON.stringify(auditJson(after[k]))) {
      b[k] = before[k];
      a[k] = after[k];
    }
  }
  return { before: b, after: a };
}
