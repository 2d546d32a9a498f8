/**
 * 我已打款 with a photo of the bank receipt, for every page that shows an amount to pay (缴款通知, 补缴通知): pick
 * the photo, confirm, upload it to the due, reload the page. The accountant's confirmation is what counts as paid.
 */
import { api, chooseImage } from './api';
import { confirm, once, toastSuccess, withLoading } from './ui';

/** What such a page has: a `submitting` flag bound to the button, and its own reload. */
export interface ReceiptPage {
  readonly data: { submitting: boolean };
  setData(patch: { submitting: boolean }): void;
  load(): Promise<void>;
}

/** `dueId`: the payment due the receipt belongs to (a 缴款通知's noticeId, a 补缴's dueId: both are payment dues). */
export function markPaidWithReceipt(page: ReceiptPage, dueId: number): Promise<void> {
  return once('mark-paid', async () => {
    const filePath = await chooseImage();
    if (!filePath) return;
    const ok = await confirm({
      title: '我已打款',
      content: '将上传银行回单照片并通知经营会计核对，到账以会计确认为准。',
      confirmButtonText: '上传',
    });
    if (!ok) return;
    page.setData({ submitting: true });
    try {
      await withLoading('上传中', () => api.markPaid(dueId, filePath));
      toastSuccess('已提交打款凭证');
      await page.load();
    } catch (_err) {
      // the request layer has shown the server's message
    }
    page.setData({ submitting: false });
  }).then(() => undefined);
}
