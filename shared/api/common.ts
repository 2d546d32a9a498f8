import { z } from 'zod';
import { ERROR_STATUS } from './errors';

export { ERROR_CODES, ERROR_STATUS, type TApiError, type TErrorCode } from './errors';

/** Paging, sorting and searching are done by the server; every list endpoint takes these. */
export const ZPageQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export type TPage<T> = { items: T[]; total: number; page: number; pageSize: number };

export const ZId = z.coerce.number().int().positive();
export const ZIdParams = z.object({ id: ZId });
export const ZVersion = z.number().int().min(0);

export const ZDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: '日期格式应为 YYYY-MM-DD', abort: true })
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, '日期不存在');
export const ZBoolQuery = z.enum(['true', 'false']).transform((v) => v === 'true');

// ---- responses -----------------------------------------------------------------------------------------
// What the BFF answers, as it goes over the wire (JSON): amounts and ratios are decimal strings, instants ISO
// strings, calendar dates YYYY-MM-DD. Response objects are open (a field added later does not break a client);
// the BFF checks every answer against its route's schema outside production (server/http/route.ts).

/** A decimal amount or ratio as a string: "1234567.89", "0.0391", "-12.50". */
export const ZDecimalString = z.string().regex(/^-?\d+(\.\d+)?$/, '应为十进制数字字符串');
/** An instant, ISO 8601 with an offset or Z: "2026-03-01T02:00:00.000Z". */
export const ZInstant = z.iso.datetime({ offset: true });
/** A calendar date: "2026-03-15". */
export const ZDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');
/** `{ id, name }` of a related record. */
export const ZRef = z.object({ id: z.number().int(), name: z.string() });
/** A JSON value stored as it came (audit snapshots, DingTalk requests and answers). */
export const ZJson = z.unknown();

/** A page of a server-side paged list. */
export const ZPageOf = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    total: z.number().int().min(0),
    page: z.number().int().min(1),
    pageSize: z.number().int().min(1),
  });

/** GET /healthz (200 when both are up, else 503). */
export const ZHealth = z.object({
  status: z.enum(['ok', 'unavailable']),
  db: z.enum(['ok', 'down']),
  redis: z.enum(['ok', 'down']),
});

/** The answer of a route that answers nothing (204). */
export const ZNoContent = z.undefined().meta({ description: '204：无内容' });

const ERROR_CODE_LIST = Object.keys(ERROR_STATUS) as [keyof typeof ERROR_STATUS, ...(keyof typeof ERROR_STATUS)[]];
/** The error body of every failed request: `code` is stable, `message` is Chinese for people. */
export const ZApiError = z
  .object({
    code: z.enum(ERROR_CODE_LIST),
    message: z.string(),
    details: z.unknown().optional(),
  })
  .meta({ id: 'ApiError', description: '错误响应：code 为稳定标识（见 ERROR_CODES），message 为给用户看的中文' });
