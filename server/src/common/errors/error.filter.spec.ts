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

  it('answers a deadlock or a lock timeout with a retryable 503, never a 500', () => {
    for (const code of ['40P01', '55P03', '57P01']) {
      const sent = answer(Object.assign(new Error('db'), { driverError: { code } }));
      expect(sent.status).toBe(503);
      expect(sent.headers['Retry-After']).toBe('1');
      expect(sent.body).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    }
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
