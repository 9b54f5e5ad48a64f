import 'reflect-metadata';
import { Client } from 'pg';
import { PeelClient } from '../server/test/load/rater-client';
import { startServerProcess } from '../server/test/load/server-process';
import { loadAdminData } from './lib/admin-data';
import { freshDatabase } from './lib/bench-db';
import { BENCH_PASSWORD, seedRaters } from './lib/queue-data';
import { quantile, round } from './lib/stats';

/**
 * The dashboard's two cached agreement calls alone (`GET /api/batches/:id/agreement` and
 * `/agreement/raters`, cache warm), on a smaller bench:admin dataset (PEEL_BENCH_EDITS,
 * PEEL_BENCH_ANSWERS; 40 raters, 4 per item as bench:admin), one request at a time, each beside
 * the raw read of the cached row over pg in the same run. Prints p50 / p95 and the body size.
 * A quick check of the endpoint's own cost, not a replacement for bench:admin.
 */
const EDITS = Number(process.env.PEEL_BENCH_EDITS ?? 100_000);
const ANSWERS = Number(process.env.PEEL_BENCH_ANSWERS ?? 200_000);
const SAMPLES = Number(process.env.PEEL_BENCH_SAMPLES ?? 60);

async function timeIt(fn: () => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

async function main(): Promise<void> {
  const db = await freshDatabase('dashagree');
  const client = new Client({ connectionString: db.url });
  await client.connect();
  let server: Awaited<ReturnType<typeof startServerProcess>> | undefined;
  try {
    const data = await loadAdminData(client, {
      edits: EDITS,
      answers: ANSWERS,
      raters: 40,
      ratersPerItem: 4,
      batches: 3,
    });
    await client.query('VACUUM (ANALYZE)');
    const [admin] = await seedRaters(client, 'admin', 1);
    await client.query(`UPDATE app_user SET role = 'admin' WHERE id = $1`, [admin.id]);
    server = await startServerProcess(db.url, { LOG_LEVEL: 'warn' });
    const http = await PeelClient.signIn(server.baseUrl, admin.email, BENCH_PASSWORD);
    const id = data.dashboardBatchId;
    const cold = await timeIt(() => http.request('GET', `/api/batches/${id}/agreement`));
    const {
      rows: [size],
    } = await client.query(
      `SELECT pg_column_size(report) AS report_stored, length(report::text) AS report_chars,
              pg_column_size(raters) AS raters_stored, length(raters::text) AS raters_chars
         FROM agreement_cache WHERE batch_id = $1`,
      [id],
    );
    process.stdout.write(
      `batch ${id}: ${data.judgments} judgments; cold report ${round(cold / 1000, 1)} s; cached row ${JSON.stringify(size)}\n`,
    );
    for (const call of ['agreement', 'agreement/raters']) {
      const path = `/api/batches/${id}/${call}`;
      const column = call === 'agreement' ? 'report' : 'raters';
      const httpMs: number[] = [];
      const rawMs: number[] = [];
      let bytes = 0;
      for (let i = 0; i < SAMPLES + 3; i++) {
        const h = await timeIt(async () => {
          const response = await http.request('GET', path);
          if (response.status !== 200) throw new Error(`${path}: ${response.status}`);
          bytes = JSON.stringify(response.body).length;
        });
        const r = await timeIt(() =>
          client.query(`SELECT ${column} FROM agreement_cache WHERE batch_id = $1`, [id]),
        );
        if (i < 3) continue; // warm-up
        httpMs.push(h);
        rawMs.push(r);
      }
      const p = (xs: number[], q: number) => round(quantile(xs, q), 1);
      process.stdout.write(
        `GET ${path}: p50 ${p(httpMs, 0.5)} ms, p95 ${p(httpMs, 0.95)} ms (raw read of ${column}: ` +
          `p50 ${p(rawMs, 0.5)}, p95 ${p(rawMs, 0.95)} ms); body ${bytes} chars\n`,
      );
    }
    // The server's read and serialization alone, over pg in this process, both ways in turn:
    // both jsonb columns parsed then the response re-stringified (before), one column as text
    // passed through with the stamp (now).
    for (const column of ['report', 'raters']) {
      const parsed: number[] = [];
      const text: number[] = [];
      for (let i = 0; i < SAMPLES + 3; i++) {
        const a = await timeIt(async () => {
          const { rows } = await client.query(
            `SELECT computed_at, report, raters FROM agreement_cache WHERE batch_id = $1`,
            [id],
          );
          JSON.stringify({ batchId: id, computedAt: rows[0].computed_at, ...rows[0][column] });
        });
        const b = await timeIt(async () => {
          const { rows } = await client.query(
            `SELECT computed_at, ${column}::text AS t FROM agreement_cache WHERE batch_id = $1`,
            [id],
          );
          const stamp = JSON.stringify({ batchId: id, computedAt: rows[0].computed_at });
          void `${stamp.slice(0, -1)},${(rows[0].t as string).slice(1)}`;
        });
        if (i < 3) continue;
        parsed.push(a);
        text.push(b);
      }
      const p = (xs: number[], q: number) => round(quantile(xs, q), 2);
      process.stdout.write(
        `${column}: both jsonb parsed + stringify p50 ${p(parsed, 0.5)} ms, p95 ${p(parsed, 0.95)}; ` +
          `one column as text p50 ${p(text, 0.5)} ms, p95 ${p(text, 0.95)}\n`,
      );
    }
  } finally {
    await server?.stop();
    await client.end();
    await db.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
