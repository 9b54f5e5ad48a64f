import { randomUUID } from 'node:crypto';
import { type NextFunction, type Request, type Response } from 'express';
import { IMAGE_ROUTE } from '../../dataset/images/image-urls';
import { type Metrics, UNMATCHED_ROUTE } from '../metrics/metrics';
import { type JsonLogger } from './json-logger';
import { runWithRequestContext, type RequestContext } from './request-context';

export const REQUEST_ID_HEADER = 'X-Request-Id';

/** A caller's request id is kept when it is short and plain (it goes into every log line). */
const ACCEPTED_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The first middleware: the request id (`X-Request-Id` when the caller or proxy sent a plain one,
 * else a new UUID) echoed in the response and carried by every log line of the request; then, when
 * the response is finished, one `request` log line and the latency histogram by route template.
 */
export function requestLogging(logger: JsonLogger, metrics: Metrics) {
  return (request: Request, response: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    const given = request.get(REQUEST_ID_HEADER);
    const context: RequestContext = {
      requestId: given && ACCEPTED_ID.test(given) ? given : randomUUID(),
      // Known once the session is read: every later line of the request carries it.
      get userId() {
        return userIdOf(request);
      },
    };
    response.setHeader(REQUEST_ID_HEADER, context.requestId);
    metrics.inFlight.inc();
    let done = false;
    const finish = (aborted: boolean) => {
      if (done) return;
      done = true;
      metrics.inFlight.dec();
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = routeTemplate(request);
      const status = aborted && !response.headersSent ? 499 : response.statusCode;
      metrics.httpDuration.observe(
        { method: request.method, route, status: String(status) },
        seconds,
      );
      if (status === 200 && request.method === 'POST' && route === '/api/batches/:id/next')
        metrics.claims.inc();
      if (status === 201 && request.method === 'POST' && route === '/api/assignments/:id/judgment')
        metrics.judgments.inc();
      const level = status >= 500 && status !== 503 ? 'error' : status >= 400 ? 'warn' : 'info';
      if (!logger.enabled(level)) return;
      runWithRequestContext(context, () =>
        logger.entry(level, 'request', {
          method: request.method,
          route,
          path: request.path,
          status,
          durationMs: Math.round(seconds * 1e4) / 10,
          ...(aborted ? { aborted: true } : {}),
        }),
      );
    };
    response.once('finish', () => finish(false));
    response.once('close', () => finish(!response.writableFinished));
    runWithRequestContext(context, next);
  };
}

function userIdOf(request: Request): number | undefined {
  const id = (request as { user?: { id?: unknown } }).user?.id;
  return typeof id === 'number' || typeof id === 'string' ? Number(id) : undefined;
}

/** The matched route's template (`/api/batches/:id/next`), never the raw path (bounded labels). */
export function routeTemplate(request: Request): string {
  const route = (request as { route?: { path?: unknown } }).route;
  if (route && typeof route.path === 'string') return `${request.baseUrl}${route.path}`;
  if (request.path.startsWith(`${IMAGE_ROUTE}/`)) return `${IMAGE_ROUTE}/*`;
  if (request.path === '/api' || request.path.startsWith('/api/')) return UNMATCHED_ROUTE;
  return request.method === 'GET' ? 'client' : UNMATCHED_ROUTE;
}
