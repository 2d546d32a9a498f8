/**
 * The one error type the domain throws. `message` is shown to users (Chinese, clear, no internals);
 * `details` carries what a client needs to point at the problem (field, row, current version …).
 */
export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  PASSWORD_CHANGE_REQUIRED: 403,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  VERSION_CONFLICT: 409,
  INVALID_STATE: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNPROCESSABLE: 422,
  LOCKED: 423,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  UPSTREAM_FAILED: 502,
  SERVICE_UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AppError';
    this.status = ERROR_STATUS[code];
  }
}

export const notFound = (what: string, details?: unknown) => new AppError('NOT_FOUND', `${what}不存在`, details);
export const forbidden = (message = '没有权限执行此操作', details?: unknown) =>
  new AppError('FORBIDDEN', message, details);
export const conflict = (message: string, details?: unknown) => new AppError('CONFLICT', message, details);
export const invalidState = (message: string, details?: unknown) => new AppError('INVALID_STATE', message, details);
export const versionConflict = (entity: string, currentVersion?: number) =>
  new AppError('VERSION_CONFLICT', `${entity}已被他人修改，请刷新后重试`, { currentVersion });
