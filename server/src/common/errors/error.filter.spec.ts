import { type ArgumentsHost } from '@nestjs/common';
import { DomainError } from './domain-error';
import { ErrorFilter } from './error.filter';

function answer(error: unknown) {
  const sent: { status?: number; body?: unknown; headers: Record<string, string> } = {
    headers: {},
  };
  const response = {
    headersSent: false,
    status(code: number) {
      sent.status = code;
      return this;
    },
    json(body: unknown) {
      sent.body = body;
      return this;
    },
    setHeader(name: string, value: string) {
      sent.headers[name] = value;
    },
  };
  const host = {
    switchToHttp: () => ({ getResponse: () => response }),
  } as unknown as ArgumentsHost;
  new ErrorFilter().catch(error, host);
  return sent;
}

describe('ErrorFilter', () => {
  it('maps a domain error to its status and body', () => {
    const sent = answer(new DomainError('LEASE_EXPIRED', 'gone', [{ path: 'x', message: 'y' }]));
    expect(sent).toMatchObject({
      status: 409,
      body: { code: 'LEASE_EXPIRED', message: 'gone', issues: [{ path: 'x', message: 'y' }] },
    });
  });

  it('answers a lost or refused database connection (PostgreSQL restarting) with a retryable 503', () => {
    const errors = [
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
      new Error('Connection terminated unexpectedly'),
      new Error('timeout exceeded when trying to connect'),
      Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }),
      Object.assign(new Error('Database connection ... already released'), {
        name: 'QueryRunnerProviderAlreadyReleasedError',
      }),
    ];
    for (const error of errors) {
      const sent = answer(error);
      expect(sent.status).toBe(503);
      expect(sent.headers['Retry-After']).toBe('1');
      expect(sent.body).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    }
  });

  it('answers a deadlock or a lock timeout with a retryable 503, never a 500', () => {
    for (const code of ['40P01', '55P03', '57P01']) {
      const sent = answer(Object.assign(new Error('db'), { driverError: { code } }));
      expect(sent.status).toBe(503);
      expect(sent.headers['Retry-After']).toBe('1');
      expect(sent.body).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    }
  });

  it('answers a value the database cannot store (a NUL, out of range) with a 400', () => {
    for (const code of ['22021', '22P05', '22003', '22P02', '22001']) {
      const sent = answer(Object.assign(new Error('db'), { driverError: { code } }));
      expect(sent.status).toBe(400);
      expect(sent.body).toMatchObject({ code: 'BAD_REQUEST' });
    }
  });

  it('answers what the body parser refuses with its 4xx, never a 500', () => {
    const tooLarge = answer(
      Object.assign(new Error('request entity too large'), {
        type: 'entity.too.large',
        status: 413,
        limit: 1024,
      }),
    );
    expect(tooLarge).toMatchObject({
      status: 413,
      body: { code: 'PAYLOAD_TOO_LARGE', message: 'The request body is larger than 1024 bytes' },
    });
    // A broken gzip stream: an http-errors 400 without a known type.
    const broken = answer(Object.assign(new Error('incorrect header check'), { status: 400 }));
    expect(broken).toMatchObject({
      status: 400,
      body: {
        code: 'BAD_REQUEST',
        message: 'The request body could not be read (incorrect header check)',
      },
    });
    const aborted = answer(
      Object.assign(new Error('request aborted'), { type: 'request.aborted', status: 400 }),
    );
    expect(aborted.status).toBe(400);
  });

  it('answers a connection pool that gave no connection in time with a retryable 503', () => {
    for (const message of [
      'timeout exceeded when trying to connect',
      'Connection terminated due to connection timeout',
    ]) {
      const sent = answer(new Error(message));
      expect(sent.status).toBe(503);
      expect(sent.body).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    }
  });

  it('answers an unknown error with a 500 that leaks nothing', () => {
    const sent = answer(new Error('secret detail'));
    expect(sent.status).toBe(500);
    expect(JSON.stringify(sent.body)).not.toContain('secret detail');
  });
});
