import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { parseConfig } from '../server/src/common/config/config';
import { createDataSource } from '../server/src/common/db/data-source';
import { JudgmentsService } from '../server/src/judgments/judgments.service';
import { ClaimRepository } from '../server/src/queue/claim.repository';
import { ProgressRepository } from '../server/src/queue/progress.repository';
import { QueueService } from '../server/src/queue/queue.service';
import { TaskViewRepository } from '../server/src/queue/task-view.repository';
import { PAIRWISE_ANSWER, PeelClient } from '../server/test/load/rater-client';
import { startServerProcess } from '../server/test/load/server-process';
import { freshDatabase, printTable, writeResult } from './lib/bench-db';
import { BENCH_PASSWORD, seedPairs, seedRaters } from './lib/queue-data';
import { quantile, round } from './lib/stats';

/**
 * bench:queue — a 200,000-item pairwise batch (k = 3).
 * 1. Throughput: 50 raters over HTTP against a real server process, claim → submit with no pause,
 *    after WARMUP_SECONDS of the same load unmeasured and an ANALYZE (the raw loops too),
 *    for 30 s; beside it, the same claim and submit SQL (the queue service without HTTP) driven
 *    directly by 50 concurrent loops on a second, identical batch: the ceiling.
 * 2. Latency: raters arriving open-loop at 200 cycles/s in total for 30 s (a pool of raters, each
 *    free rater taking the next arrival), claim and submit latencies.
 * Then the invariants: no item above k, no rater twice on an item, every acknowledged submission
 * stored exactly once.
 */
const ITEMS = Number(process.env.PEEL_BENCH_ITEMS ?? 200_000);
const RATERS = 50;
const SECONDS = Number(process.env.PEEL_BENCH_SECONDS ?? 30);
/**
 * Unmeasured seconds of the same load before each throughput measurement (HTTP and raw alike),
 * then an ANALYZE: the server's JIT, each connection's prepared statements and PL/pgSQL plans,
 * PostgreSQL's buffers, and statistics that know the judgment tables are no longer empty. The
 * seeding's VACUUM (ANALYZE) saw them empty, and autovacuum looks only once a minute: until it
 * does, each connection's cached foreign-key check of a judgment's five answer rows scans the
 * judgment table (`pg_stat_statements`: 0.39 ms per check, 2 ms per submit, in the first phase
 * only), which a running installation meets in its first minute at most.
 */
const WARMUP_SECONDS = Number(process.env.PEEL_BENCH_WARMUP_SECONDS ?? 5);
const OFFERED_PER_S = 200;
const POOL = 400;

interface Acked {
  submissionId: string;
  judgmentId: number;
}

async function createBatch(
  admin: PeelClient,
  importId: number,
  raterIds: number[],
  name: string,
): Promise<number> {
  const created = await admin.request('POST', '/api/batches', {
    name,
    taskType: 'pairwise',
    filters: { importIds: [importId] },
    overlap: { k: 3 },
    leaseSeconds: 600,
    raterIds,
  });
  if (created.status !== 201) throw new Error(`batch: ${JSON.stringify(created.body)}`);
  await admin.request('POST', `/api/batches/${created.body.id}/activate`);
  return created.body.id;
}

/** Answers a 503 (no database connection free in time, a deadlock) gets, as the client does: a retry. */
let retried = 0;

async function retrying(client: PeelClient, method: string, path: string, body?: unknown) {
  for (let attempt = 1; ; attempt += 1) {
    const answer = await client.request(method, path, body);
    if (answer.status !== 503 || attempt === 20) return answer;
    retried += 1;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function cycle(
  client: PeelClient,
  batchId: number,
  acked: Acked[],
  latency?: { claim: number[]; submit: number[] },
) {
  const t0 = performance.now();
  const next = await retrying(client, 'POST', `/api/batches/${batchId}/next`);
  const t1 = performance.now();
  if (next.status !== 200) throw new Error(`next: ${next.status} ${JSON.stringify(next.body)}`);
  const submissionId = randomUUID();
  const submitted = await retrying(
    client,
    'POST',
    `/api/assignments/${next.body.current.assignmentId}/judgment`,
    { submissionId, answers: PAIRWISE_ANSWER, dwellMs: 1000 },
  );
  const t2 = performance.now();
  if (submitted.status !== 201 && submitted.status !== 200)
    throw new Error(`submit: ${submitted.status} ${JSON.stringify(submitted.body)}`);
  acked.push({ submissionId, judgmentId: submitted.body.judgment.id });
  latency?.claim.push(t1 - t0);
  latency?.submit.push(t2 - t1);
}

async function closedLoop(
  clients: PeelClient[],
  batchId: number,
  acked: Acked[],
  seconds = SECONDS,
): Promise<number> {
  const deadline = performance.now() + seconds * 1000;
  const before = acked.length;
  const started = performance.now();
  await Promise.all(
    clients.map(async (client) => {
      while (performance.now() < deadline) await cycle(client, batchId, acked);
    }),
  );
  return (acked.length - before) / ((performance.now() - started) / 1000);
}

/** The same service code and SQL, 50 concurrent loops, no HTTP, no sessions. */
async function rawLoop(url: string, batchId: number, raterIds: number[]): Promise<number> {
  const dataSource = createDataSource({ url, poolSize: RATERS + 5 });
  await dataSource.initialize();
  const config = parseConfig({ DATABASE_URL: url });
  const progress = new ProgressRepository();
  const queue = new QueueService(
    dataSource,
    new ClaimRepository(),
    new TaskViewRepository(config),
    progress,
  );
  const judgments = new JudgmentsService(dataSource, progress);
  const run = async (seconds: number) => {
    let cycles = 0;
    const started = performance.now();
    const deadline = started + seconds * 1000;
    await Promise.all(
      raterIds.map(async (raterId) => {
        while (performance.now() < deadline) {
          const next = await queue.next(batchId, raterId);
          await judgments.submit(next.current.assignmentId, raterId, {
            submissionId: randomUUID(),
            answers: PAIRWISE_ANSWER,
            dwellMs: 1000,
          });
          cycles += 1;
        }
      }),
    );
    return cycles / ((performance.now() - started) / 1000);
  };
  await run(WARMUP_SECONDS);
  await dataSource.query('ANALYZE');
  const rate = await run(SECONDS);
  await dataSource.destroy();
  return rate;
}

/** Arrivals every 1/OFFERED_PER_S seconds, each taken by a free rater of the pool. */
async function openLoop(clients: PeelClient[], batchId: number, acked: Acked[]) {
  const latency = { claim: [] as number[], submit: [] as number[] };
  const free = [...clients];
  const inflight: Promise<void>[] = [];
  let dropped = 0;
  const interval = 1000 / OFFERED_PER_S;
  const start = performance.now();
  for (let i = 0; i < SECONDS * OFFERED_PER_S; i += 1) {
    const due = start + i * interval;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const client = free.pop();
    if (!client) {
      dropped += 1;
      continue;
    }
    inflight.push(cycle(client, batchId, acked, latency).finally(() => free.push(client)));
  }
  await Promise.all(inflight);
  return {
    latency,
    dropped,
    achieved: latency.submit.length / ((performance.now() - start) / 1000),
  };
}

async function violations(client: Client, acked: Acked[]): Promise<number> {
  const { rows } = await client.query(
    `SELECT (SELECT count(*) FROM (SELECT 1 FROM judgment GROUP BY batch_item_id HAVING count(*) > 3) a)
          + (SELECT count(*) FROM (SELECT 1 FROM judgment GROUP BY batch_item_id, rater_id HAVING count(*) > 1) b)
          + (SELECT count(*) FROM batch_item WHERE submitted > target_k) AS n`,
  );
  const stored = await client.query(
    `SELECT submission_id, id FROM judgment WHERE submission_id = ANY($1::uuid[])`,
    [acked.map((a) => a.submissionId)],
  );
  const byId = new Map(stored.rows.map((row) => [row.submission_id, Number(row.id)]));
  const lost = acked.filter((a) => byId.get(a.submissionId) !== a.judgmentId).length;
  return Number(rows[0].n) + lost;
}

async function main(): Promise<void> {
  const db = await freshDatabase('queue');
  const client = new Client({ connectionString: db.url });
  await client.connect();
  // The server as shipped and deployed (docker/Dockerfile: NODE_ENV=production), with its default
  // pool of 20 connections (2 cores gain nothing from more).
  const server = await startServerProcess(db.url, { LOG_LEVEL: 'warn', NODE_ENV: 'production' });
  try {
    process.stdout.write(`seeding ${ITEMS} pairs and ${POOL + RATERS * 2} raters…\n`);
    const importId = await seedPairs(client, ITEMS);
    const httpRaters = await seedRaters(client, 'http', RATERS);
    const rawRaters = await seedRaters(client, 'raw', RATERS);
    const pool = await seedRaters(client, 'pool', POOL);
    const adminEmail = 'admin@bench.invalid';
    await client.query(
      `INSERT INTO app_user (email, password_hash, role) SELECT $1, password_hash, 'admin' FROM app_user LIMIT 1`,
      [adminEmail],
    );
    const admin = await PeelClient.signIn(server.baseUrl, adminEmail, BENCH_PASSWORD);
    const httpBatch = await createBatch(
      admin,
      importId,
      [...httpRaters, ...pool].map((r) => r.id),
      'bench http',
    );
    const rawBatch = await createBatch(
      admin,
      importId,
      rawRaters.map((r) => r.id),
      'bench raw',
    );
    // The state autovacuum reaches after a load (visibility map, statistics), so that the
    // measured seconds are the queue's and not the maintenance of 400,000 fresh rows.
    await client.query('VACUUM (ANALYZE)');
    const clients = await Promise.all(
      httpRaters.map((r) =>
        PeelClient.signIn(server.baseUrl, r.email, BENCH_PASSWORD, { lean: true }),
      ),
    );
    const acked: Acked[] = [];
    process.stdout.write(
      `throughput: ${RATERS} raters over HTTP for ${SECONDS} s (after ${WARMUP_SECONDS} s unmeasured)…\n`,
    );
    await closedLoop(clients, httpBatch, acked, WARMUP_SECONDS);
    await client.query('ANALYZE');
    const httpRate = await closedLoop(clients, httpBatch, acked);
    process.stdout.write(
      `ceiling: the same SQL, ${RATERS} direct loops for ${SECONDS} s (after ${WARMUP_SECONDS} s unmeasured)…\n`,
    );
    const rawRate = await rawLoop(
      db.url,
      rawBatch,
      rawRaters.map((r) => r.id),
    );
    const poolClients: PeelClient[] = [];
    for (let i = 0; i < pool.length; i += 20) {
      poolClients.push(
        ...(await Promise.all(
          pool
            .slice(i, i + 20)
            .map((r) => PeelClient.signIn(server.baseUrl, r.email, BENCH_PASSWORD, { lean: true })),
        )),
      );
    }
    // The two throughput phases just wrote some 25,000 cycles as fast as they could; autovacuum's
    // pass over those fresh rows would otherwise land inside the latency window (in one
    // run 27 s into it: p99 110 ms, where the queue's own is under 20 ms).
    // The latency is measured on a settled database, as the throughput phases are.
    await client.query('VACUUM (ANALYZE)');
    process.stdout.write(`latency: open loop at ${OFFERED_PER_S} cycles/s for ${SECONDS} s…\n`);
    const open = await openLoop(poolClients, httpBatch, acked);
    const result = {
      items: ITEMS,
      raters: RATERS,
      seconds: SECONDS,
      cycles_per_s: round(httpRate, 1),
      baseline_cycles_per_s: round(rawRate, 1),
      ratio: round(httpRate / rawRate, 3),
      offered_per_s: OFFERED_PER_S,
      achieved_per_s: round(open.achieved, 1),
      dropped_arrivals: open.dropped,
      claim_p50_ms: round(quantile(open.latency.claim, 0.5), 2),
      claim_p99_ms: round(quantile(open.latency.claim, 0.99), 2),
      submit_p50_ms: round(quantile(open.latency.submit, 0.5), 2),
      submit_p99_ms: round(quantile(open.latency.submit, 0.99), 2),
      retried_503: retried,
      violations: await violations(client, acked),
    };
    process.stdout.write(`bench:queue (${ITEMS} items, k = 3)\n`);
    printTable(Object.entries(result) as [string, number][]);
    process.stdout.write(`wrote ${writeResult('queue', result)}\n`);
  } finally {
    await server.stop();
    await client.end();
    // PEEL_BENCH_KEEP=1 leaves the database for a look afterwards (EXPLAIN on the final state).
    if (process.env.PEEL_BENCH_KEEP === '1') process.stdout.write(`kept ${db.url}\n`);
    else await db.close();
  }
}

main().catch((error) => {
  process.stderr.write(`bench:queue failed: ${error?.stack ?? error}\n`);
  process.exit(1);
});
