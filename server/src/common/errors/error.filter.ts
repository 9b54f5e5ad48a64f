import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import { type Response } from 'express';
import { type ErrorBody, type ErrorCode, ERROR_STATUS } from '@peel/shared';
import { DomainError } from './domain-error';

const CODE_BY_STATUS: Partial<Record<number, ErrorCode>> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'TOO_MANY_REQUESTS',
  503: 'SERVICE_UNAVAILABLE',
};

/**
 * Errors of the body parser (http-errors with a `type` and a 4xx `status`): the client sent
 * something unusable, never a server fault. Anything it refuses that is not named below (a broken
 * gzip stream, an aborted or truncated upload) is a 400 saying the body could not be read.
 */
function bodyParserError(error: unknown): ErrorBody | undefined {
  const e = error as { type?: unknown; status?: unknown; limit?: unknown; message?: string };
  if (e?.type === 'entity.parse.failed')
    return { code: 'BAD_REQUEST', message: 'The request body is not valid JSON' };
  if (e?.type === 'entity.too.large') {
    const limit = typeof e.limit === 'number' ? `${e.limit} bytes` : 'the limit';
    return { code: 'PAYLOAD_TOO_LARGE', message: `The request body is larger than ${limit}` };
  }
  if (e?.type === 'encoding.unsupported' || e?.type === 'charset.unsupported') {
    return { code: 'UNSUPPORTED_MEDIA_TYPE', message: e.message ?? 'Unsupported encoding' };
  }
  const status = typeof e?.status === 'number' ? e.status : 0;
  if (
    typeof e?.type === 'string' ||
    (status >= 400 && status < 500 && !(error instanceof HttpException))
  ) {
    if (status === 413)
      return { code: 'PAYLOAD_TOO_LARGE', message: 'The request body is too large' };
    if (status === 415)
      return { code: 'UNSUPPORTED_MEDIA_TYPE', message: e.message ?? 'Unsupported media type' };
    if (status >= 400 && status < 500)
      return {
        code: 'BAD_REQUEST',
        message: `The request body could not be read (${e.message ?? status})`,
      };
  }
  return undefined;
}

/**
 * Database conditions that a retry resolves (deadlock, serialization failure, lock or statement
 * timeout, too many connections, no pooled connection in time, the server shutting down or
 * restarting): a 503 the client may retry (the submit is idempotent), never a 500.
 */
const TRANSIENT_DB_CODES = new Set([
  '40P01',
  '40001',
  '55P03',
  '57014',
  '53300',
  '57P01',
  '57P02',
  '57P03',
]);

/** The connection to the database failed or was cut (PostgreSQL restarting, network, pool full). */
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND']);
const CONNECTION_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection is not established/;

const RELEASED_RUNNER_ERRORS = new Set([
  'QueryRunnerAlreadyReleasedError',
  'QueryRunnerProviderAlreadyReleasedError',
]);

function transientDbError(error: unknown): ErrorBody | undefined {
  const e = error as { code?: unknown; message?: unknown; driverError?: { code?: unknown } };
  const code = e?.driverError?.code ?? e?.code;
  if (typeof code === 'string' && TRANSIENT_DB_CODES.has(code)) {
    return {
      code: 'SERVICE_UNAVAILABLE',
      message: `The database is busy (${code}); retry shortly`,
    };
  }
  const message = typeof e?.message === 'string' ? e.message : '';
  // TypeORM releases a transaction's query runner when its connection dies under it; the next
  // statement (COMMIT included) is then never sent, so nothing of the request was committed.
  const lostRunner = RELEASED_RUNNER_ERRORS.has((error as Error)?.name);
  if (
    lostRunner ||
    (typeof code === 'string' && CONNECTION_CODES.has(code)) ||
    CONNECTION_MESSAGES.test(message)
  ) {
    return { code: 'SERVICE_UNAVAILABLE', message: 'The database is unreachable; retry shortly' };
  }
  return undefined;
}

/**
 * A value PostgreSQL cannot take for its column (out of range, malformed, too long, a NUL or
 * another character the encoding cannot hold): the client's error.
 */
const BAD_VALUE_CODES = new Set(['22003', '22P02', '22001', '22021', '22P05']);

function badValueError(error: unknown): ErrorBody | undefined {
  const code =
    (error as { code?: unknown; driverError?: { code?: unknown } })?.driverError?.code ??
    (error as { code?: unknown })?.code;
  if (typeof code !== 'string' || !BAD_VALUE_CODES.has(code)) return undefined;
  return { code: 'BAD_REQUEST', message: 'A value in the request is out of range or malformed' };
}

/** The one place errors become HTTP answers: `{ code, message, issues? }` with the code's status. */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(ErrorFilter.name);

  catch(error: unknown, host: ArgumentsHost): void {
    sendError(error, host.switchToHttp().getResponse<Response>(), this.logger);
  }
}

function sendError(error: unknown, response: Response, logger: Logger): void {
  const body = toBody(error);
  if (body.code === 'INTERNAL')
    logger.error(describe(error), error instanceof Error ? error.stack : undefined);
  else if (body.code === 'SERVICE_UNAVAILABLE') logger.warn(`${body.message}: ${describe(error)}`);
  if (response.headersSent) return;
  if (body.code === 'SERVICE_UNAVAILABLE') response.setHeader('Retry-After', '1');
  response.status(ERROR_STATUS[body.code]).json(body);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function toBody(error: unknown): ErrorBody {
  if (error instanceof DomainError) {
    return {
      code: error.code,
      message: error.message,
      ...(error.issues ? { issues: error.issues } : {}),
    };
  }
  const parsed = bodyParserError(error) ?? transientDbError(error) ?? badValueError(error);
  if (parsed) return parsed;
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const code = CODE_BY_STATUS[status] ?? (status >= 500 ? 'INTERNAL' : 'BAD_REQUEST');
    const response = error.getResponse();
    const message =
      typeof response === 'string'
        ? response
        : ((response as { message?: string }).message ?? error.message);
    return { code, message: Array.isArray(message) ? message.join('; ') : String(message) };
  }
  return { code: 'INTERNAL', message: `Internal error (${HttpStatus.INTERNAL_SERVER_ERROR})` };
}
