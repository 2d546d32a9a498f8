/**
 * The 审批 entry on 首页 and 我的. A native tab bar cannot hide one item per user (DingTalk offers no per-item
 * visibility), so 审批 is not a tab: users who review (业务管理员, 经营会计) get an entry with what waits, partners
 * never see one.
 */
import { api } from './api';
import { currentUser, isReviewer } from './auth';

/** How many items wait in 审批 for a user who reviews; null for everyone else, or when the queue cannot be read. */
export async function pendingReviewCount(): Promise<number | null> {
  if (!isReviewer(currentUser())) return null;
  try {
    return (await api.pendingReviews()).total;
  } catch (_e) {
    return null;
  }
}
