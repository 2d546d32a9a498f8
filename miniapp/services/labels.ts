/**
 * Chinese names of business states shown as text (tags are in sjs/format.sjs). The same words as
 * shared/api/scheme.ts, which the mini-program cannot load at run time (its zod enums need
 * Object.fromEntries, which DingTalk's runtime lacks); test/miniapp/components.test.ts keeps them equal.
 */
import type { TCategory } from '../../shared/api/scheme';
import type { RoundStatus } from './types';

export const CATEGORY_LABEL: Record<TCategory, string> = { MANDATORY: '强投', PRIORITY: '优先', VOLUNTARY: '自愿' };

export const ROUND_STATUS_LABEL: Record<RoundStatus, string> = {
  DRAFT: '草稿',
  OPEN: '认购中',
  CALCULATED: '已测算',
  IN_REVIEW: '审核中',
  APPROVED: '审核通过',
  CONFIRMED: '已立项',
  CLOSED: '已完成',
};
