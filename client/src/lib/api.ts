import {
  CSRF_COOKIE_NAME,
  CSRF_HEADER_NAME,
  type CsrfTokenResponse,
  type ErrorBody,
  type ErrorCode,
  type ErrorIssue,
} from '@peel/shared';

/** `NETWORK_ERROR`: the request never got an HTTP answer (offline, server down, proxy reset). */
export type ApiErrorCode = ErrorCode | 'NETWORK_ERROR';

type ApiErrorInit = {
  code: ApiErrorCode;
  status: number;
  message: string;
  issues?: ErrorIssue[];
  retryAfterSeconds?: number | null;
};

/** Every failed API call throws this. Switch on `code`, never on `message`. */
export class ApiError extends Error {
  readonly code: ApiErrorCode;
  readonly status: number;
  readonly issues: ErrorIssue[];
  /** From the `Retry-After` header of a 429 or 503, when the server sent one. */
  readonly retryAfterSeconds: number | null;

  constructor(init: ApiErrorInit) {
    super(init.message);
    this.name = 'ApiError';
    this.code = init.code;
    this.status = init.status;
    this.issues = init.issues ?? [];
    this.retryAfterSeconds = init.retryAfterSeconds ?? null;
  }
}

export function isApiError(error: unknown, code?: ApiErrorCode): error is ApiError {
  return error instanceof ApiError && (code === undefined || error.code === code);
}

export type RequestOptions = {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  signal?: AbortSignal;
  /**
   * The call asks whether there is a session at all (login, me, logout): a 401 is an answer to
   * it, not a sign that the session expired mid-work, so no session-expired event is sent.
   */
  sessionProbe?: boolean;
};

const SESSION_EXPIRED_EVENT = 'peel:session-expired';

/** Runs `listener` whenever a call answers 401 while the app believed it was signed in. */
export function onSessionExpired(listener: () => void): () => void {
  window.addEventListener(SESSION_EXPIRED_EVENT, listener);
  return () => window.removeEventListener(SESSION_EXPIRED_EVENT, listener);
}

/**
 * The one way the client talks to the server: JSON in and out, the session cookie, the CSRF
 * header on every non-GET (fetching a token once if there is no cookie, refreshing it once on
 * `CSRF_FAILED`), and an `ApiError` for anything but a 2xx. `path` is the full path (`/api/...`).
 */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const response = await send(path, method, options, false);
  if (response.ok) return readSuccess<T>(response);

  let error = await toApiError(response);
  if (error.code === 'CSRF_FAILED') {
    const retried = await send(path, method, options, true);
    if (retried.ok) return readSuccess<T>(retried);
    error = await toApiError(retried);
  }
  if (error.status === 401 && !options.sessionProbe) {
    window.dispatchEvent(new Event(SESSION_EXPIRED_EVENT));
  }
  throw error;
}

async function send(
  path: string,
  method: string,
  options: RequestOptions,
  freshCsrfToken: boolean,
): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET') headers[CSRF_HEADER_NAME] = await csrfToken(freshCsrfToken);
  try {
    return await fetch(path, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (cause) {
    if (options.signal?.aborted) throw cause;
    throw networkError();
  }
}

/** The body of a 2xx: parsed JSON, or `undefined` for a 204 / empty body. */
async function readSuccess<T>(response: Response): Promise<T> {
  try {
    return (await readJson(response)) as T;
  } catch {
    throw new ApiError({
      code: 'INTERNAL',
      status: response.status,
      message: 'The server sent an answer that is not JSON.',
    });
  }
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  return text === '' ? undefined : (JSON.parse(text) as unknown);
}

// --- CSRF (double-submit cookie) -------------------------------------------------------------

let pendingToken: Promise<string> | null = null;

async function csrfToken(fresh: boolean): Promise<string> {
  if (!fresh) {
    const fromCookie = readCookie(CSRF_COOKIE_NAME);
    if (fromCookie) return fromCookie;
  }
  // Several writes at once share one token request.
  pendingToken ??= fetchCsrfToken().finally(() => {
    pendingToken = null;
  });
  return pendingToken;
}

async function fetchCsrfToken(): Promise<string> {
  let response: Response;
  try {
    response = await fetch('/api/auth/csrf', {
      headers: { Accept: 'application/json' },
      credentials: 'same-origin',
    });
  } catch {
    throw networkError();
  }
  if (!response.ok) throw await toApiError(response);
  const { token } = (await response.json()) as CsrfTokenResponse;
  return token;
}

function readCookie(name: string): string | null {
  for (const part of document.cookie.split(';')) {
    const separator = part.indexOf('=');
    if (separator === -1) continue;
    if (part.slice(0, separator).trim() === name) {
      return decodeURIComponent(part.slice(separator + 1).trim());
    }
  }
  return null;
}

// --- Errors ----------------------------------------------------------------------------------

/** The code to assume when an error answer has no JSON body (a proxy page, a crash). */
const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'IMPORT_FAILED',
  429: 'TOO_MANY_REQUESTS',
  503: 'SERVICE_UNAVAILABLE',
};

async function toApiError(response: Response): Promise<ApiError> {
  const retryAfter = Number(response.headers.get('Retry-After'));
  const retryAfterSeconds = Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null;
  let body: unknown;
  try {
    body = await readJson(response);
  } catch {
    body = undefined;
  }
  if (isErrorBody(body)) {
    return new ApiError({ ...body, status: response.status, retryAfterSeconds });
  }
  return new ApiError({
    code: CODE_BY_STATUS[response.status] ?? (response.status >= 500 ? 'INTERNAL' : 'BAD_REQUEST'),
    status: response.status,
    message: `The server answered ${response.status} ${response.statusText}`.trim(),
    retryAfterSeconds,
  });
}

function isErrorBody(body: unknown): body is ErrorBody {
  return (
    typeof body === 'object' &&
    body !== null &&
    typeof (body as ErrorBody).code === 'string' &&
    typeof (body as ErrorBody).message === 'string'
  );
}

function networkError(): ApiError {
  return new ApiError({
    code: 'NETWORK_ERROR',
    status: 0,
    message: 'Could not reach the server. Check your connection and try again.',
  });
}
