/**
 * What every page shows while loading data: `status` drives the loading / empty / error components.
 * A 404 from the BFF means the record is not there (or not the caller's): an empty state, not an error.
 * Every page calls an endpoint the BFF serves; nothing here speaks of features to come. Errors are told apart by `code`, never by `message`.
 */
import { formatMoney, formatRatio } from '../../shared/money';
import { DATE_RE, endOfShanghaiDay, formatDate, formatDateTime } from '../../shared/datetime';
import { ERROR_CODES } from '../../shared/api/errors';
import { ApiError } from './http';
import { messageOf } from './ui';

export type ViewStatus = 'loading' | 'ready' | 'empty' | 'error';

export interface ViewState {
  status: ViewStatus;
  /** Title and text of the empty or error state. */
  stateTitle: string;
  stateText: string;
}

export const LOADING: ViewState = { status: 'loading', stateTitle: '', stateText: '' };
export const READY: ViewState = { status: 'ready', stateTitle: '', stateText: '' };

export function emptyState(title: string, text = ''): ViewState {
  return { status: 'empty', stateTitle: title, stateText: text };
}

/**
 * The state for a failed load. `next` says what the partner can do when the record is not there (it follows the
 * BFF's words, e.g. "补缴/退款通知不存在。请从…重新打开"); pages that pass it never speak of features to come.
 */
export function failedState(err: unknown, emptyTitle = '暂无内容', next?: string): ViewState {
  if (err instanceof ApiError && err.status === 404 && next) {
    const known = err.code !== ERROR_CODES.ROUTE_NOT_FOUND && !!err.message;
    return emptyState(emptyTitle, known ? `${err.message}。${next}` : next);
  }
  if (err instanceof ApiError && err.status === 404) {
    // ROUTE_NOT_FOUND: the BFF does not serve this path yet; NOT_FOUND names the missing record ("缴款通知不存在")
    return emptyState(
      emptyTitle,
      err.code === ERROR_CODES.ROUTE_NOT_FOUND || !err.message ? '没有找到相关内容，请返回后重新打开。' : err.message,
    );
  }
  if (err instanceof ApiError && err.status === 403) return emptyState('没有权限查看', err.message);
  return { status: 'error', stateTitle: '加载失败', stateText: messageOf(err) };
}

/** ¥1,234,567.89 — formatted by shared/money.ts from the decimal string. */
export const money = (v: string | null | undefined): string => formatMoney(v);
export const date = (v: string | null | undefined): string => formatDate(v);
export const dateTime = (v: string | number | null | undefined): string => formatDateTime(v);

/** A numeric id from a tapped element's data-id. */
export function idOf(e: DatasetEvent): number {
  const raw = e.currentTarget.dataset.id ?? e.target.dataset.id;
  return raw === undefined ? 0 : Number(raw);
}

/** 剩余 3 天 4 小时 / 剩余 25 分钟 / 已截止 — for a deadline instant or date (a date means the end of that day in Shanghai). */
export function countdownText(deadlineAt: number | null, now: number = Date.now()): string {
  if (deadlineAt === null) return '';
  const ms = deadlineAt - now;
  if (ms <= 0) return '已截止';
  const minutes = Math.floor(ms / 60000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  if (days > 0) return `剩余 ${days} 天 ${hours} 小时`;
  if (hours > 0) return `剩余 ${hours} 小时 ${minutes % 60} 分钟`;
  return `剩余 ${Math.max(1, minutes)} 分钟`;
}

/** The instant a deadline ends: a date-only deadline lasts until the end of that day in Shanghai. */
export function deadlineInstant(deadline: string | null | undefined): number | null {
  if (!deadline) return null;
  if (DATE_RE.test(deadline)) return endOfShanghaiDay(deadline).getTime();
  const t = Date.parse(deadline);
  return isNaN(t) ? null : t;
}

/** 3.91% from "0.0391". */
export const formatRatioText = (v: string | null | undefined): string => formatRatio(v, 3);
