import { z } from 'zod';
import type { Deps } from '../../deps';
import type { Prisma } from '../../generated/prisma/client';

export const ZInterfaceLogQuery = z.object({
  direction: z.enum(['in', 'out']).optional(),
  /** Part of the API name, e.g. asyncsend_v2 or callback. */
  api: z.string().trim().max(100).optional(),
  ok: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  /** Text inside the error (e.g. an error code). */
  q: z.string().trim().max(100).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

/** 接口日志: newest first; requests and responses were masked when written. */
export async function searchInterfaceLogs(deps: Deps, q: z.infer<typeof ZInterfaceLogQuery>) {
  const where: Prisma.InterfaceLogWhereInput = {
    direction: q.direction,
    ok: q.ok,
    api: q.api ? { contains: q.api } : undefined,
    error: q.q ? { contains: q.q } : undefined,
    at:
      q.from || q.to
        ? { gte: q.from ? new Date(q.from) : undefined, lte: q.to ? new Date(q.to) : undefined }
        : undefined,
  };
  const [total, rows] = await Promise.all([
    deps.db.interfaceLog.count({ where }),
    deps.db.interfaceLog.findMany({
      where,
      orderBy: { id: 'desc' },
      skip: (q.page - 1) * q.pageSize,
      take: q.pageSize,
    }),
  ]);
  return {
    total,
    page: q.page,
    pageSize: q.pageSize,
    items: rows.map((r) => ({
      id: String(r.id),
      at: r.at.toISOString(),
      direction: r.direction,
      api: r.api,
      method: r.method,
      status: r.status,
      ok: r.ok,
      durationMs: r.durationMs,
      request: r.request,
      response: r.response,
      error: r.error,
      requestId: r.requestId,
    })),
  };
}

/** Deletes rows older than the retention (INTERFACE_LOG_RETENTION_DAYS, default 30), in chunks so the table is never locked for long. */
export async function pruneInterfaceLogs(deps: Deps, now = Date.now()): Promise<number> {
  const before = new Date(now - deps.config.INTERFACE_LOG_RETENTION_DAYS * 86_400_000);
  let total = 0;
  for (;;) {
    const ids = await deps.db.interfaceLog.findMany({
      where: { at: { lt: before } },
      select: { id: true },
      take: 5000,
    });
    if (!ids.length) return total;
    const { count } = await deps.db.interfaceLog.deleteMany({ where: { id: { in: ids.map((r) => r.id) } } });
    total += count;
  }
}
