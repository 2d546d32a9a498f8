import { z } from 'zod';

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

/** The error body of every failed request. */
export interface TApiError {
  code: string;
  message: string;
  details?: unknown;
}
