import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { type DataSource } from 'typeorm';
import { startEmbeddedPostgres } from '../../src/common/db/embedded-postgres';
import { TEST_PASSWORD } from '../factories';
import { type Ack, PeelClient, rateThroughFaults } from '../load/rater-client';
import { freePort } from '../load/server-process';
import { type Fixture } from '../invariants/queue-invariants';

/**
 * A PostgreSQL of the fault suite's own (never the machine's, which others use): the embedded
 * binaries on a free port in a temp folder, which a test may stop and start again.
 */
export interface OwnPostgres {
  url: string;
  /** Fast shutdown (open sessions terminated, as `pg_ctl restart -m fast`), `downMs` away, start. */
  restart(downMs: number): Promise<void>;
  stop(): Promise<void>;
}

export async function ownPostgres(): Promise<OwnPostgres> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'peel-faults-pg-'));
  // As root the server runs as the `postgres` user, which must reach its data folder inside.
  fs.chmodSync(dataDir, 0o755);
  const port = await freePort();
  let handle = await startEmbeddedPostgres({ dataDir, port, database: 'peel' });
  return {
    url: handle.url,
    async restart(downMs: number) {
      await handle.stop();
      await new Promise((resolve) => setTimeout(resolve, downMs));
      handle = await startEmbeddedPostgres({ dataDir, port, database: 'peel' });
    },
    async stop() {
      await handle.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Whether every item of the batch has its k judgments. */
export async function batchDone(dataSource: DataSource, batchId: number): Promise<boolean> {
  const [row] = await dataSource.query(
    `SELECT count(*) FILTER (WHERE NOT complete)::int AS open FROM batch_item WHERE batch_id = $1`,
    [batchId],
  );
  return row.open === 0;
}

export interface LoadRun {
  acks: Ack[];
  retries: number;
  /** Resolves when every rater has nothing left to do. */
  done: Promise<void>;
}

/**
 * Every rater of the fixture labeling through faults, spread over `baseUrls` (round robin), until
 * the queue has nothing left for any of them. `onRetry` may move a client to another instance.
 */
export async function startLoad(
  baseUrls: string[],
  fx: Fixture,
  options: {
    deadline: number;
    onRetry?: (client: PeelClient, reason: string) => void;
  },
): Promise<LoadRun> {
  const clients = await Promise.all(
    fx.raters.map(async (rater, i) => {
      const client = await PeelClient.signIn(
        baseUrls[i % baseUrls.length],
        rater.email,
        TEST_PASSWORD,
      );
      client.timeoutMs = 30_000;
      return client;
    }),
  );
  const run: LoadRun = { acks: [], retries: 0, done: Promise.resolve() };
  run.done = Promise.all(
    clients.map(async (client, i) => {
      const result = await rateThroughFaults(client, fx.batchId, fx.raters[i].id, run.acks, {
        deadline: options.deadline,
        onRetry: options.onRetry,
      });
      run.retries += result.retries;
    }),
  ).then(() => undefined);
  return run;
}

/** Resolves once `predicate` holds (polled); throws at the deadline. */
export async function until(
  predicate: () => boolean | Promise<boolean>,
  what: string,
  ms = 60_000,
) {
  const deadline = Date.now() + ms;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A plain pg session of the test's own (to hold locks, to look at pg_stat_activity). */
export async function session(url: string): Promise<Client> {
  const client = new Client({ connectionString: url, application_name: 'peel-fault-test' });
  await client.connect();
  return client;
}

/** Log lines of a server process at error level or worse (JSON logs). */
export function errorLines(output: string): string[] {
  return output.split('\n').filter((line) => /"level":"(error|fatal)"/.test(line));
}

/** PEEL_TEST_LOG=1: the tail of each server's output on stderr (to see why a fault test failed). */
export function showOutputs(servers: { output(): string }[]): void {
  if (!process.env.PEEL_TEST_LOG) return;
  for (const server of servers) process.stderr.write(`${server.output().slice(-8000)}\n---\n`);
}
