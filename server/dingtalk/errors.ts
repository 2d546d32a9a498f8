/**
 * One error type for every DingTalk failure, whichever of its two styles answered:
 *   old API (oapi):  HTTP 200 `{ errcode ≠ 0, errmsg }`
 *   new API (v1.0):  HTTP 4xx/5xx `{ code, message, requestid }`
 * plus transport failures (timeout, connection refused, HTTP 5xx without a body).
 */
export type DingtalkErrorKind =
  | 'token' // access token invalid or expired: refresh once and retry
  | 'authCode' // 免登 code unknown, used or expired
  | 'rateLimit' // QPS / robot throttle: back off, then retry
  | 'transient' // system busy, 5xx, network: retry with backoff
  | 'timeout' // no answer in time: the call may or may not have taken effect
  | 'permanent'; // bad input, no permission, unknown user …: do not retry

export class DingtalkError extends Error {
  readonly retryable: boolean;
  constructor(
    readonly code: string | number,
    message: string,
    readonly kind: DingtalkErrorKind,
    readonly api: string,
    readonly extra: { httpStatus?: number; requestId?: string; subCode?: string } = {},
  ) {
    super(message);
    this.name = 'DingtalkError';
    this.retryable = kind === 'rateLimit' || kind === 'transient' || kind === 'timeout' || kind === 'token';
  }

  get isRateLimit(): boolean {
    return this.kind === 'rateLimit';
  }
  /** The request may have reached DingTalk and taken effect (so a resend is not obviously safe). */
  get outcomeUnknown(): boolean {
    if (this.kind === 'timeout') return true;
    if (this.kind !== 'transient') return false;
    if (this.extra.httpStatus !== undefined) return this.extra.httpStatus >= 500;
    // no answer at all: only a refused connection or an unknown host certainly never reached DingTalk
    return !['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN'].includes(String(this.code));
  }
}

const TOKEN_CODES = new Set<string | number>([40014, 42001, 40001, 'InvalidAuthentication']);
const RATE_LIMIT_CODES = new Set<string | number>([
  90018,
  90002,
  410100,
  130101,
  'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi',
  'Forbidden.AccessDenied.QpsLimitForApi',
  'todo.taskCreate.flowControlError',
]);
const TRANSIENT_CODES = new Set<string | number>([
  -1,
  'systemError',
  'todo.taskCreate.systemError',
  'todo.taskCreate.lockError',
  'ServiceUnavailable',
  'InternalError',
]);
const AUTH_CODE_CODES = new Set<string | number>([40078, 41026, 40079]);

export function classifyCode(code: string | number): DingtalkErrorKind {
  if (TOKEN_CODES.has(code)) return 'token';
  if (RATE_LIMIT_CODES.has(code)) return 'rateLimit';
  if (TRANSIENT_CODES.has(code)) return 'transient';
  if (AUTH_CODE_CODES.has(code)) return 'authCode';
  return 'permanent';
}

/** Chinese text for the codes a user or an admin may see. */
const MESSAGES: Record<string, string> = {
  '40078': '授权码无效或已过期，请重新进入应用',
  '40089': '钉钉 AppKey 或 AppSecret 不正确',
  invalidClientIdOrSecret: '钉钉 AppKey 或 AppSecret 不正确',
  '60121': '钉钉中找不到该用户',
  '33012': '无效的钉钉用户 ID',
  '60003': '钉钉部门不存在',
  '60011': '应用没有调用该钉钉接口的权限',
  '60020': '服务器 IP 不在钉钉应用的白名单中',
  '90018': '调用钉钉接口过于频繁，请稍后重试',
  'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi': '调用钉钉接口过于频繁，请稍后重试',
  '90020': '本月钉钉接口调用次数已用完',
  '310000': '机器人安全校验未通过（签名、时间戳或关键词）',
  '410100': '机器人消息发送过快，已被钉钉限流',
  '-1': '钉钉系统繁忙，请稍后重试',
};

export function dingtalkMessage(code: string | number, fallback: string): string {
  return MESSAGES[String(code)] ?? fallback;
}
