/**
 * Dates as the business sees them: Asia/Shanghai (UTC+8, no daylight saving), so this works the same on
 * a server in any time zone and in DingTalk's mini-program runtime (which lacks full Intl time-zone data).
 */
const OFFSET_MS = 8 * 3600 * 1000;
const pad = (n: number) => (n < 10 ? `0${n}` : String(n));

function shanghaiParts(d: Date | string | number) {
  const t = new Date(typeof d === 'string' || typeof d === 'number' ? d : d.getTime());
  const s = new Date(t.getTime() + OFFSET_MS);
  return {
    y: s.getUTCFullYear(),
    m: s.getUTCMonth() + 1,
    d: s.getUTCDate(),
    h: s.getUTCHours(),
    mi: s.getUTCMinutes(),
    sec: s.getUTCSeconds(),
  };
}

/** 2026-11-21 */
export function formatDate(d: Date | string | number | null | undefined, empty = '—'): string {
  if (d === null || d === undefined || d === '') return empty;
  const p = shanghaiParts(d);
  return `${p.y}-${pad(p.m)}-${pad(p.d)}`;
}

/** 2026-11-21 14:05 */
export function formatDateTime(d: Date | string | number | null | undefined, empty = '—'): string {
  if (d === null || d === undefined || d === '') return empty;
  const p = shanghaiParts(d);
  return `${p.y}-${pad(p.m)}-${pad(p.d)} ${pad(p.h)}:${pad(p.mi)}`;
}

/** 2026-11-21 14:05:09 — where the second tells two messages apart (test messages; DingTalk drops repeats) */
export function formatDateTimeSeconds(d: Date | string | number): string {
  const p = shanghaiParts(d);
  return `${formatDateTime(d)}:${pad(p.sec)}`;
}

/** The calendar day (YYYY-MM-DD) in Shanghai of an instant — what "today" means for deadlines and dedupe. */
export const shanghaiDay = (d: Date | number = Date.now()): string => formatDate(d);

/** Midnight at the start of a Shanghai calendar day (YYYY-MM-DD), as an instant. */
export function startOfShanghaiDay(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00Z`) - OFFSET_MS);
}

/** End of a Shanghai calendar day: deadlines given as a date are inclusive of that whole day. */
export function endOfShanghaiDay(day: string): Date {
  return new Date(startOfShanghaiDay(day).getTime() + 24 * 3600 * 1000 - 1);
}

/** A date-only value from the API ("2019-10-21"). */
export const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
