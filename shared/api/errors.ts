/**
 * Error codes: the stable identifiers of every failure the BFF answers with. Clients branch on `code` (and on
 * `details`), never on `message`, which is Chinese text for people and may be reworded at any time.
 * No zod here: the mini-program loads this module at run time. The envelope's schema is ZApiError in ./common.
 */
export const ERROR_STATUS = {
  /** The input failed its schema; `details` is `[{ path, message }]`. */
  VALIDATION_FAILED: 400,
  /** The request itself is malformed (bad JSON, wrong method). */
  BAD_REQUEST: 400,
  /** No session, or it expired: log in again. */
  UNAUTHENTICATED: 401,
  /** The console account must change its initial password first. */
  PASSWORD_CHANGE_REQUIRED: 403,
  /** Logged in, but this role or project grant does not allow it; `details.policy` names the rule. */
  FORBIDDEN: 403,
  /** The record is not there, or not visible to the caller. */
  NOT_FOUND: 404,
  /** No endpoint answers this method and path (e.g. a newer client against an older BFF). */
  ROUTE_NOT_FOUND: 404,
  /** A duplicate or a dependent record prevents it. */
  CONFLICT: 409,
  /** Someone else changed the record; `details.currentVersion`; reload and retry. */
  VERSION_CONFLICT: 409,
  /** Not allowed in the record's current state (e.g. the round is past its deadline). */
  INVALID_STATE: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  /** Well-formed, but the business rules refuse it (e.g. an import file with bad rows). */
  UNPROCESSABLE: 422,
  /** The console account is locked after too many failed logins. */
  LOCKED: 423,
  RATE_LIMITED: 429,
  /** A bug; `details.requestId` finds it in the logs. */
  INTERNAL: 500,
  /** DingTalk (or another upstream) failed. */
  UPSTREAM_FAILED: 502,
  /** Not configured yet, or a dependency is down; try again later. */
  SERVICE_UNAVAILABLE: 503,
} as const;

export type TErrorCode = keyof typeof ERROR_STATUS;

/** Every error code by name, for comparisons: `err.code === ERROR_CODES.VERSION_CONFLICT`. */
export const ERROR_CODES = {
  VALIDATION_FAILED: 'VALIDATION_FAILED',
  BAD_REQUEST: 'BAD_REQUEST',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  PASSWORD_CHANGE_REQUIRED: 'PASSWORD_CHANGE_REQUIRED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  ROUTE_NOT_FOUND: 'ROUTE_NOT_FOUND',
  CONFLICT: 'CONFLICT',
  VERSION_CONFLICT: 'VERSION_CONFLICT',
  INVALID_STATE: 'INVALID_STATE',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  UNSUPPORTED_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  UNPROCESSABLE: 'UNPROCESSABLE',
  LOCKED: 'LOCKED',
  RATE_LIMITED: 'RATE_LIMITED',
  INTERNAL: 'INTERNAL',
  UPSTREAM_FAILED: 'UPSTREAM_FAILED',
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
} as const satisfies { [K in TErrorCode]: K };

/** The error body of every failed request. */
export interface TApiError {
  code: TErrorCode;
  /** Chinese, for people: shown as it is, never parsed. */
  message: string;
  details?: unknown;
}
