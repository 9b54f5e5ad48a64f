import { randomUUID } from 'node:crypto';
import * as http from 'node:http';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ApiAnswer = { status: number; body: any; headers?: Headers };

/** A minimal HTTP client for one signed-in user: cookie session + CSRF header, as the browser does. */
export class PeelClient {
  private cookies = new Map<string, string>();

  /** Per-request limit (ms) when set: a request that hangs fails instead of hanging the test. */
  timeoutMs?: number;

  /**
   * Mutable: a client fails over to another instance with its session (sessions live in the
   * database). With an agent, requests go through `node:http` on that agent's kept-alive
   * connection instead of `fetch`: a third of the CPU per request, for load generators that share
   * the server's cores (network failures are still `TypeError`s, as `fetch` throws them).
   */
  constructor(
    public baseUrl: string,
    private readonly agent?: http.Agent,
  ) {}

  static async signIn(
    baseUrl: string,
    email: string,
    password: string,
    options: { lean?: boolean } = {},
  ): Promise<PeelClient> {
    const client = new PeelClient(
      baseUrl,
      options.lean ? new http.Agent({ keepAlive: true, maxSockets: 1 }) : undefined,
    );
    await client.request('GET', '/api/auth/csrf');
    const response = await client.request('POST', '/api/auth/login', { email, password });
    if (response.status !== 200)
      throw new Error(
        `login of ${email} failed: ${response.status} ${JSON.stringify(response.body)}`,
      );
    return client;
  }

  /** Test and bench code reads whatever the API answered; the shapes are asserted where used. */
  async request(method: string, path: string, body?: unknown): Promise<ApiAnswer> {
    const headers: Record<string, string> = {
      cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
    };
    const csrf = this.cookies.get('peel_csrf');
    if (csrf) headers['x-csrf-token'] = decodeURIComponent(csrf);
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.agent) return this.leanRequest(this.agent, method, path, headers, body);
    const response = await fetch(this.baseUrl + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: this.timeoutMs ? AbortSignal.timeout(this.timeoutMs) : undefined,
    });
    this.keepCookies(response.headers.getSetCookie());
    const text = await response.text();
    return {
      status: response.status,
      body: text ? JSON.parse(text) : null,
      headers: response.headers,
    };
  }

  private keepCookies(setCookies: string[]): void {
    for (const cookie of setCookies) {
      const [pair] = cookie.split(';');
      const index = pair.indexOf('=');
      this.cookies.set(pair.slice(0, index), pair.slice(index + 1));
    }
  }

  private leanRequest(
    agent: http.Agent,
    method: string,
    path: string,
    headers: Record<string, string>,
    body: unknown,
  ): Promise<ApiAnswer> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    if (payload !== undefined) headers['content-length'] = String(Buffer.byteLength(payload));
    return new Promise((resolve, reject) => {
      const request = http.request(this.baseUrl + path, { method, headers, agent }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.once('error', (error) => reject(new TypeError(error.message)));
        response.once('end', () => {
          this.keepCookies(response.headers['set-cookie'] ?? []);
          const text = Buffer.concat(chunks).toString('utf8');
          try {
            resolve({ status: response.statusCode ?? 0, body: text ? JSON.parse(text) : null });
          } catch (error) {
            reject(error);
          }
        });
      });
      request.once('error', (error: NodeJS.ErrnoException) => {
        // A kept-alive socket the server closed while idle (its keep-alive timeout) fails as it
        // is reused, before the server read anything: send again on a new one, as browsers do.
        if (request.reusedSocket && error.code === 'ECONNRESET') {
          this.leanRequest(agent, method, path, headers, body).then(resolve, reject);
        } else {
          reject(new TypeError(error.message));
        }
      });
      request.end(payload);
    });
  }
}

export const PAIRWISE_ANSWER = {
  overall: 'A',
  criteria: {
    instruction_compliance: 'A',
    seamlessness: 'tie',
    preservation: 'B',
    technical_quality: 'A',
  },
};

export interface Ack {
  judgmentId: number;
  submissionId: string;
  itemId: number;
  raterId: number;
}

/**
 * One simulated rater: claim → submit until the queue has nothing for it, retrying a submit whose
 * answer was lost (network error) with the same submission id. Every acknowledged submission is
 * recorded, so the invariants can be checked against the database afterwards.
 */
export async function rateUntilDone(
  client: PeelClient,
  batchId: number,
  raterId: number,
  acks: Ack[],
  options: { maxCycles?: number; stopWhen?: () => boolean } = {},
): Promise<number> {
  let cycles = 0;
  let idle = 0;
  while (cycles < (options.maxCycles ?? 10_000) && !options.stopWhen?.()) {
    const next = await claimWithRetry(client, batchId);
    if (next.status === 404) {
      // Nothing for me now: items may still be leased by others. Give up after a few idle rounds.
      idle += 1;
      if (idle > 20) return cycles;
      await new Promise((resolve) => setImmediate(resolve));
      continue;
    }
    if (next.status === 503) {
      // Retryable by contract (a lock or statement timeout under overload): ask again.
      await new Promise((resolve) => setTimeout(resolve, 50));
      continue;
    }
    if (next.status !== 200)
      throw new Error(`next answered ${next.status}: ${JSON.stringify(next.body)}`);
    idle = 0;
    const task = next.body.current;
    const submissionId = randomUUID();
    const submitted = await submitWithRetry(client, task.assignmentId, submissionId);
    if (submitted) acks.push({ judgmentId: submitted, submissionId, itemId: task.itemId, raterId });
    cycles += 1;
  }
  return cycles;
}

/**
 * A claim whose answer was lost on the wire (a kept-alive socket the server closed as the request
 * went out) is asked again, as the labeling client does: a lease taken by the lost claim comes
 * back as the rater's current task.
 */
async function claimWithRetry(client: PeelClient, batchId: number): Promise<ApiAnswer> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await client.request('POST', `/api/batches/${batchId}/next`);
    } catch (error) {
      if (attempt === 4 || !(error instanceof TypeError)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

async function submitWithRetry(
  client: PeelClient,
  assignmentId: number,
  submissionId: string,
): Promise<number | null> {
  for (let attempt = 0; attempt < 5; attempt += 1) {
    try {
      const response = await client.request('POST', `/api/assignments/${assignmentId}/judgment`, {
        submissionId,
        answers: PAIRWISE_ANSWER,
        dwellMs: 1000,
      });
      if (response.status === 201 || response.status === 200) return response.body.judgment.id;
      if (response.status === 409) return null;
      if (response.status < 500)
        throw new Error(`submit answered ${response.status}: ${JSON.stringify(response.body)}`);
    } catch (error) {
      if (attempt === 4) throw error;
    }
  }
  return null;
}

export interface FaultOptions {
  /** Give up (throw) after this moment (ms since epoch): a fault that never heals fails the test. */
  deadline: number;
  stopWhen?: () => boolean;
  /** Called on every retryable failure, e.g. to point the client at another instance. */
  onRetry?: (client: PeelClient, reason: string) => void;
}

/** What a client may retry: no answer at all (connection refused or cut), or 502/503/504. */
async function retryable(call: () => Promise<ApiAnswer>): Promise<ApiAnswer | string> {
  try {
    const answer = await call();
    if (answer.status === 502 || answer.status === 503 || answer.status === 504)
      return `${answer.status} ${answer.body?.code ?? ''}`;
    return answer;
  } catch (error) {
    return `network: ${(error as Error).message}`;
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One rater that keeps labeling through faults (server restarts, database restarts, failovers):
 * claim → submit, retrying a failed claim, and a failed submit with the same submission id until
 * the server answers it. A submission is recorded as acknowledged only when the server said so.
 * A 500 or an unexpected 4xx throws: a fault must never look like a bug to the client.
 */
export async function rateThroughFaults(
  client: PeelClient,
  batchId: number,
  raterId: number,
  acks: Ack[],
  options: FaultOptions,
): Promise<{ cycles: number; retries: number }> {
  let cycles = 0;
  let retries = 0;
  let idle = 0;
  const retry = async (reason: string) => {
    retries += 1;
    if (Date.now() > options.deadline) throw new Error(`still failing at the deadline: ${reason}`);
    options.onRetry?.(client, reason);
    await pause(50 + Math.random() * 100);
  };
  while (!options.stopWhen?.()) {
    const next = await retryable(() => client.request('POST', `/api/batches/${batchId}/next`));
    if (typeof next === 'string') {
      await retry(next);
      continue;
    }
    if (next.status === 404) {
      idle += 1;
      if (idle > 40) break;
      await pause(50);
      continue;
    }
    if (next.status !== 200)
      throw new Error(`next answered ${next.status}: ${JSON.stringify(next.body)}`);
    idle = 0;
    const task = next.body.current;
    const submissionId = randomUUID();
    for (;;) {
      const answer = await retryable(() =>
        client.request('POST', `/api/assignments/${task.assignmentId}/judgment`, {
          submissionId,
          answers: PAIRWISE_ANSWER,
          dwellMs: 1000,
        }),
      );
      if (typeof answer === 'string') {
        await retry(answer);
        continue;
      }
      if (answer.status === 201 || answer.status === 200) {
        acks.push({
          judgmentId: answer.body.judgment.id,
          submissionId,
          itemId: task.itemId,
          raterId,
        });
      } else if (answer.status !== 409) {
        throw new Error(`submit answered ${answer.status}: ${JSON.stringify(answer.body)}`);
      }
      break;
    }
    cycles += 1;
  }
  return { cycles, retries };
}
