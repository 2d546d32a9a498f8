/**
 * Declarations for the DingTalk mini-program runtime (Alipay framework, global `dd`), limited to the APIs
 * this mini-program calls. Shapes follow the DingTalk JSAPI documentation (see docs: dingtalk.md §2, §9).
 */

/** What every failing dd.* call passes to `fail`. */
interface DdError {
  error: number;
  errorMessage?: string;
}

interface DdCallbacks<S> {
  success?: (res: S) => void;
  fail?: (err: DdError) => void;
  complete?: () => void;
}

type DdHttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

interface DdHttpResponse {
  /** Parsed JSON when dataType is 'json', otherwise the raw text. */
  data: unknown;
  status: number;
  headers: Record<string, string>;
}

/** error 19 (HTTP error status) also carries the response. */
interface DdHttpError extends DdError {
  status?: number;
  data?: unknown;
  headers?: Record<string, string>;
}

interface DdHttpRequestOptions {
  url: string;
  method?: DdHttpMethod;
  headers?: Record<string, string>;
  /** A string is sent as is; the request layer serialises JSON itself. */
  data?: string;
  timeout?: number;
  dataType?: 'json' | 'text';
  success?: (res: DdHttpResponse) => void;
  fail?: (err: DdHttpError) => void;
  complete?: () => void;
}

interface DdUploadFileOptions extends DdCallbacks<{
  data: string;
  statusCode: number;
  header?: Record<string, string>;
}> {
  url: string;
  filePath: string;
  fileName: string;
  fileType: 'image' | 'video' | 'audio';
  header?: Record<string, string>;
  formData?: Record<string, string>;
}

type DdToastType = 'success' | 'fail' | 'exception' | 'none';

type DdDocumentType = 'pdf' | 'doc' | 'docx' | 'xls' | 'xlsx' | 'ppt' | 'pptx';

interface DdApi {
  /** The organisation the mini-program was opened in (enterprise internal apps). */
  readonly corpId?: string;

  getAuthCode(options: { corpId: string } & DdCallbacks<{ authCode: string }>): void;
  httpRequest(options: DdHttpRequestOptions): void;
  uploadFile(options: DdUploadFileOptions): void;
  downloadFile(options: { url: string; header?: Record<string, string> } & DdCallbacks<{ filePath: string }>): void;
  openDocument(options: { filePath: string; fileType: DdDocumentType } & DdCallbacks<Record<string, never>>): void;
  chooseImage(
    options: { count?: number; sourceType?: Array<'camera' | 'album'> } & DdCallbacks<{ filePaths: string[] }>,
  ): void;
  previewImage(options: { urls: string[]; current?: number } & DdCallbacks<Record<string, never>>): void;

  showToast(
    options: { content: string; type?: DdToastType; duration?: number } & DdCallbacks<Record<string, never>>,
  ): void;
  hideToast(): void;
  showLoading(options: { content?: string; delay?: number } & DdCallbacks<Record<string, never>>): void;
  hideLoading(): void;
  confirm(
    options: { title?: string; content: string; confirmButtonText?: string; cancelButtonText?: string } & DdCallbacks<{
      confirm: boolean;
    }>,
  ): void;
  alert(options: { title?: string; content: string; buttonText?: string } & DdCallbacks<Record<string, never>>): void;
  setClipboard(options: { text: string } & DdCallbacks<Record<string, never>>): void;

  getStorageSync(options: { key: string }): { data?: unknown };
  setStorageSync(options: { key: string; data: unknown }): void;
  removeStorageSync(options: { key: string }): void;

  navigateTo(options: { url: string } & DdCallbacks<Record<string, never>>): void;
  redirectTo(options: { url: string } & DdCallbacks<Record<string, never>>): void;
  navigateBack(options?: { delta?: number } & DdCallbacks<Record<string, never>>): void;
  switchTab(options: { url: string } & DdCallbacks<Record<string, never>>): void;
  reLaunch(options: { url: string } & DdCallbacks<Record<string, never>>): void;
  setNavigationBar(options: { title?: string; backgroundColor?: string } & DdCallbacks<Record<string, never>>): void;
  stopPullDownRefresh(): void;
}

declare const dd: DdApi;

/** Query parameters a page is opened with (deep links, navigateTo); always strings. */
type PageQuery = Record<string, string | undefined>;

interface DatasetEvent<T = Record<string, string | undefined>> {
  type: string;
  target: { dataset: T };
  currentTarget: { dataset: T };
}

interface InputEvent extends DatasetEvent {
  detail: { value: string };
}

interface PageInstance<D> {
  readonly data: D;
  /** Shallow merge of top-level keys; the view re-renders. */
  setData(patch: Partial<D>, callback?: () => void): void;
  readonly route?: string;
}

interface PageLifecycle {
  onLoad?(query: PageQuery): void;
  onShow?(): void;
  onReady?(): void;
  onHide?(): void;
  onUnload?(): void;
  onPullDownRefresh?(): void;
  onReachBottom?(): void;
}

type PageOptions<D, M> = { data: D } & PageLifecycle & M & ThisType<PageInstance<D> & M>;

declare function Page<D extends object, M extends object>(options: PageOptions<D, M>): void;

interface ComponentInstance<P, D> {
  readonly props: Readonly<P>;
  readonly data: D;
  setData(patch: Partial<D>, callback?: () => void): void;
}

interface ComponentOptions<P, D, M> {
  props?: P;
  data?: D;
  methods?: M & ThisType<ComponentInstance<P, D> & M>;
  onInit?(this: ComponentInstance<P, D> & M): void;
  deriveDataFromProps?(this: ComponentInstance<P, D> & M, nextProps: Readonly<P>): void;
  didMount?(this: ComponentInstance<P, D> & M): void;
  didUpdate?(this: ComponentInstance<P, D> & M, prevProps: Readonly<P>, prevData: D): void;
  didUnmount?(this: ComponentInstance<P, D> & M): void;
}

declare function Component<P extends object, D extends object, M extends object>(
  options: ComponentOptions<P, D, M>,
): void;

interface AppLaunchOptions {
  query?: PageQuery;
  path?: string;
}

interface AppOptions<G> {
  globalData: G;
  onLaunch?(options: AppLaunchOptions): void;
  onShow?(options: AppLaunchOptions): void;
  onHide?(): void;
  onError?(message: string): void;
}

declare function App<G extends object>(options: AppOptions<G> & ThisType<{ globalData: G }>): void;

declare function getApp<G extends object>(): { globalData: G };

/** Build-time constants (miniapp/build.ts `define`). */
declare const __MINIAPP_ENV__: 'dev' | 'test' | 'prod';
declare const __MINIAPP_API_BASE__: string;
declare const __MINIAPP_CORP_ID__: string;

declare const console: {
  log(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
};
declare function setTimeout(handler: () => void, ms?: number): number;
declare function clearTimeout(id: number | undefined): void;
declare function setInterval(handler: () => void, ms?: number): number;
declare function clearInterval(id: number | undefined): void;
