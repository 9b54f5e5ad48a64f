import { type Server } from 'node:http';
import { type NextFunction, type Request, type Response } from 'express';

export interface DrainResult {
  /** Requests that were in flight when the drain began. */
  inFlight: number;
  /** Requests cut off at the timeout (their connections closed). */
  cut: number;
}

/**
 * Graceful shutdown of the HTTP side: once draining, the listening socket is closed, a request
 * arriving on a kept-alive connection gets a 503 (`Connection: close`, `Retry-After`) so the
 * client or the proxy retries elsewhere, and the requests already in flight run to their end
 * (their answer, and what it acknowledges, is complete) within a bounded time.
 */
export class GracefulShutdown {
  private draining = false;
  private readonly active = new Set<Response>();
  private onIdle?: () => void;

  get isDraining(): boolean {
    return this.draining;
  }

  /** Requests being served now (past this middleware, not yet answered). */
  get inFlight(): number {
    return this.active.size;
  }

  readonly middleware = (request: Request, response: Response, next: NextFunction): void => {
    if (this.draining) {
      response.setHeader('Connection', 'close');
      response.setHeader('Retry-After', '1');
      response
        .status(503)
        .json({ code: 'SERVICE_UNAVAILABLE', message: 'The server is shutting down; retry' });
      return;
    }
    this.active.add(response);
    const end = () => {
      this.active.delete(response);
      if (this.draining && this.active.size === 0) this.onIdle?.();
    };
    response.once('finish', end);
    response.once('close', end);
    next();
  };

  async drain(server: Server, timeoutMs: number): Promise<DrainResult> {
    this.draining = true;
    const inFlight = this.active.size;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    // Answers still to come close their connection instead of keeping it alive.
    for (const response of this.active) {
      if (!response.headersSent) response.setHeader('Connection', 'close');
    }
    server.closeIdleConnections();
    let cut = 0;
    if (this.active.size > 0) {
      const idle = new Promise<void>((resolve) => (this.onIdle = resolve));
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), timeoutMs);
      });
      const outcome = await Promise.race([idle, timedOut]);
      clearTimeout(timer);
      if (outcome === 'timeout') cut = this.active.size;
    }
    server.closeIdleConnections();
    if (cut > 0) server.closeAllConnections();
    // Connections that were mid-request when the socket closed end once their answer is out.
    let grace: NodeJS.Timeout | undefined;
    const settled = await Promise.race([
      closed.then(() => true),
      new Promise<boolean>((resolve) => (grace = setTimeout(() => resolve(false), 1000))),
    ]);
    clearTimeout(grace);
    if (!settled) server.closeAllConnections();
    return { inFlight, cut };
  }
}
