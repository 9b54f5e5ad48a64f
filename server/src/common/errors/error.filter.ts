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

/** Lower-level errors that mean "the client sent something unusable", never a server fault. */
function bodyParserError(error: unknown): ErrorBody | undefined {
  const e = error as { type?: string; status?: number; message?: string };
  if (e?.type === 'entity.parse.failed')
    return { code: 'BAD_REQUEST', message: 'The request body is not valid JSON' };
  if (e?.type === 'entity.too.large')
    return { code: 'PAYLOAD_TOO_LARGE', message: 'The request body is too large' };
  if (e?.type === 'encoding.unsupported' || e?.type === 'charset.unsupported') {
    return { code: 'UNSUPPORTED_MEDIA_TYPE', message: e.message ?? 'Unsupported encoding' };
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

/** What `pg-pool` and `pg` throw when no connection comes within the pool's connection timeout. */
const POOL_TIMEOUTS = new Set([
  'timeout exceeded when trying to connect',
  'Connection terminated due to connection timeout',
]);

function transientDbError(error: unknown): ErrorBody | undefined {
  if (error instanceof Error && POOL_TIMEOUTS.has(error.message)) {
    return {
      code: 'SERVICE_UNAVAILABLE',
      message: 'No database connection is free right now; retry shortly',
    };
  }
  const code =
    (error as { code?: unknown; driverError?: { code?: unknown } })?.driverError?.code ??
    (error as { code?: unknown })?.code;
  if (typeof code !== 'string' || !TRANSIENT_DB_CODES.has(code)) return undefined;
  return { code: 'SERVICE_UNAVAILABLE', message: `The database is busy (${code}); retry shortly` };
}

/** A value PostgreSQL cannot take for its column (out of range, malformed): the client's error. */
function badValueError(error: unknown): ErrorBody | undefined {
  const code =
    (error as { code?: unknown; driverError?: { code?: unknown } })?.driverError?.code ??
    (error as { code?: unknown })?.code;
  if (code !== '22003' && code !== '22P02' && code !== '22001') return undefined;
  return { code: 'BAD_REQUEST', message: 'A value in the request is out of range or malformed' };
}

/** The one place errors become HTTP answers: `{ code, message, issues? }` with the code's status. */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(ErrorFilter.name);

  catch(error: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const body = this.toBody(error);
    if (body.code === 'INTERNAL')
      this.logger.error(error instanceof Error ? error.stack : String(error));
    if (response.headersSent) return;
    if (body.code === 'SERVICE_UNAVAILABLE') response.setHeader('Retry-After', '1');
    response.status(ERROR_STATUS[body.code]).json(body);
  }

  private toBody(error: unknown): ErrorBody {
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
}
