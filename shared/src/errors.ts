/**
 * Every error the API can answer, by code. The client switches on `code`, never on message text.
 * The HTTP status of each code is fixed here so that the server's exception filter stays exhaustive.
 */
export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  CSRF_FAILED: 403,
  PASSWORD_CHANGE_REQUIRED: 403,
  NOT_FOUND: 404,
  /** The queue has nothing for this rater now (the body's `reason` says why). */
  NO_TASK_AVAILABLE: 404,
  RATER_PAUSED: 403,
  BATCH_NOT_ACTIVE: 409,
  LEASE_EXPIRED: 409,
  ALREADY_SUBMITTED: 409,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  IMPORT_FAILED: 422,
  TOO_MANY_REQUESTS: 429,
  INTERNAL: 500,
  SERVICE_UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface ErrorIssue {
  /** Where the problem is: a field path (`answers.overall`) or a file position (`line 12`). */
  path: string;
  message: string;
}

export interface ErrorBody {
  code: ErrorCode;
  message: string;
  issues?: ErrorIssue[];
}
