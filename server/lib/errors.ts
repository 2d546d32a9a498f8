import { ERROR_CODES, ERROR_STATUS, type TErrorCode } from '../../shared/api/errors';

/**
 * The one error type the domain throws. `message` is shown to users (Chinese, clear, no internals);
 * `details` carries what a client needs to point at the problem (field, row, current version …). `code` is one of
 * shared/api/errors.ts: clients branch on it, never on `message`.
 */
export { ERROR_STATUS, ERROR_CODES };
export type ErrorCode = TErrorCode;

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
