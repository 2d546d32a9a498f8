import { z } from 'zod';
import { ERROR_STATUS } from './errors';

export { ERROR_CODES, ERROR_STATUS, type TApiError, type TErrorCode } from './errors';

/** Paging, sorting and searching are done by the server; every list endpoint takes these. */
export const ZPageQuery = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export type TPage<T> = { items: T[]; total: number; page: number; pageSize: number };

/** The largest value of an `Int` column (PostgreSQL integer): ids and versions never exceed it. */
export const INT4_MAX = 2_147_483_647;

/**
 * A record id: a positive integer within the column's range, written as a plain decimal (`"12"` in a path or a
 * query, `12` in a JSON body). `0x10`, `1e2`, `" 1"`, `01`, `+1` and `2147483648` are refused; in a path that is a
 * 404 (server/http/route.ts), elsewhere a 400.
 */
export const ZId = z.preprocess(
  (v) => (typeof v === 'string' && /^[1-9][0-9]{0,9}$/.test(v) ? Number(v) : v),
  z.number({ message: '应为正整数编号' }).int('应为正整数编号').min(1, '应为正整数编号').max(INT4_MAX, '编号超出范围'),
);
export const ZIdParams = z.object({ id: ZId });
export const ZVersion = z.number().int().min(0).max(INT4_MAX);

/** Calendar dates in any input stay within sane years (PostgreSQL and the calculations take no year 0). */
export const MIN_DATE = '1900-01-01';
export const MAX_DATE = '2200-12-31';
export const ZDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: '日期格式应为 YYYY-MM-DD', abort: true })
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, '日期不存在')
  .refine((s) => s >= MIN_DATE && s <= MAX_DATE, '日期应在 1900 年至 2200 年之间');
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
