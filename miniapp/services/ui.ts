/** Feedback the user sees: toasts with the server's Chinese message, a loading overlay, confirmations. */
import { ApiError } from './http';

export function toastError(err: unknown): void {
  toastFail(messageOf(err));
}

/** A failure the page itself knows the words for (e.g. 认购已于 … 截止). */
export function toastFail(content: string): void {
  dd.showToast({ type: 'fail', content, duration: 2500 });
}

export function toastSuccess(content: string): void {
  dd.showToast({ type: 'success', content, duration: 2000 });
}

export function messageOf(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  if (err instanceof Error && err.message) return `操作失败：${err.message}`;
  return '操作失败，请稍后重试';
}

/** Shows the loading overlay while `task` runs (no Promise.prototype.finally in DingTalk's runtime). */
export function withLoading<T>(content: string, task: () => Promise<T>): Promise<T> {
  dd.showLoading({ content });
  return task().then(
    (v) => {
      dd.hideLoading();
      return v;
    },
    (e: unknown) => {
      dd.hideLoading();
      throw e;
    },
  );
}

export function confirm(options: { title: string; content: string; confirmButtonText?: string }): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    dd.confirm({
      title: options.title,
      content: options.content,
      confirmButtonText: options.confirmButtonText ?? '确定',
      cancelButtonText: '取消',
      success: (res) => resolve(res.confirm),
      fail: () => resolve(false),
    });
  });
}

const busy: Record<string, boolean> = {};

/**
 * Double-submit protection: while a task with this key runs, further calls are ignored and resolve
 * to undefined. Pages also bind their `submitting` flag to the button's disabled/loading state.
 */
export function once<T>(key: string, task: () => Promise<T>): Promise<T | undefined> {
  if (busy[key]) return Promise.resolve(undefined);
  busy[key] = true;
  return task().then(
    (v) => {
      busy[key] = false;
      return v;
    },
    (e: unknown) => {
      busy[key] = false;
      throw e;
    },
  );
}

export function isBusy(key: string): boolean {
  return !!busy[key];
}
