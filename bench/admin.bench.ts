import 'reflect-metadata';
import { Client } from 'pg';
import { DatasetPageQuery } from '@peel/shared';
import { encodeCursor } from '../server/src/common/db/keyset';
import { EDIT_ROWS_SQL } from '../server/src/dataset/browse/dataset-browse.repository';
import {
  cappedCountSql,
  estimateSql,
  LIST_TABLES,
  pageSql,
  planRows,
  TOTAL_COUNT_CAP,
} from '../server/src/dataset/browse/page-sql';
import { parseSort } from '../server/src/dataset/browse/list-spec';
import { PeelClient } from '../server/test/load/rater-client';
import { startServerProcess } from '../server/test/load/server-process';
import { loadAdminData } from './lib/admin-data';
import { freshDatabase, printTable, writeResult } from './lib/bench-db';
import { BENCH_PASSWORD, seedRaters } from './lib/queue-data';
import { quantile, round } from './lib/stats';

/**
 * bench:admin — the admin console at scale: 1,000,000 edits (COPY) and 2,000,000 judgment answers
 * in a fresh database, the real server as its own process. p95 latency over HTTP, each beside the
 * same queries run directly over pg in the same run (alternating, one request at a time):
 *  - the dataset table's page call: first page, a deep page (cursor near the end), filtered pages;
 *  - the batch list (`GET /api/batches`);
 *  - the batch dashboard: every call its page makes (DASHBOARD_CALLS, in parallel as the page
 *    does), with the agreement cache warm.
 */
const EDITS = Number(process.env.PEEL_BENCH_EDITS ?? 1_000_000);
const ANSWERS = Number(process.env.PEEL_BENCH_ANSWERS ?? 2_000_000);
const SAMPLES = Number(process.env.PEEL_BENCH_SAMPLES ?? 40);
const WARMUP = 3;
/** A case slower than this on its first call is reported from that call alone. */
const TOO_SLOW_MS = 3000;

/**
 * The calls the batch dashboard page makes, `:id` the batch. One list, so the dashboard's new
 * endpoints are added here as they land.
 */
export const DASHBOARD_CALLS: readonly string[] = [
  '/api/batches/:id',
  '/api/batches/:id/agreement',
  '/api/batches/:id/agreement/raters',
  '/api/batches/:id/disagreements',
];

interface DatasetCase {
  name: string;
  /** Query parameters as the client sends them. */
  params: Record<string, string>;
}

function ms(started: bigint): number {
  return Number(process.hrtime.bigint() - started) / 1e6;
}

async function timeIt(fn: () => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  await fn();
  return ms(started);
}

/** The dataset page's queries as the repository runs them, straight over pg. */
async function rawDatasetPage(client: Client, params: Record<string, string>): Promise<void> {
  const query = DatasetPageQuery.parse(params);
  const sql = pageSql('edits', query);
  const keys = await client.query(sql.keys, sql.keyParams);
  const ids = keys.rows.slice(0, query.limit).map((row: { id: string }) => row.id);
  await client.query(EDIT_ROWS_SQL, [ids]);
  let estimate: number;
  if (sql.filtered) {
    estimate = planRows(
      (await client.query(estimateSql(sql.countFromWhere), sql.countParams)).rows,
    );
  } else {
    const { rows } = await client.query(
      `SELECT reltuples::bigint AS estimate FROM pg_class WHERE oid = $1::regclass`,
      [LIST_TABLES.edits],
    );
    estimate = Number(rows[0].estimate);
  }
  if (estimate <= TOTAL_COUNT_CAP) {
    await client.query(cappedCountSql(sql.countFromWhere), sql.countParams);
  }
}

async function rawBatchList(client: Client): Promise<void> {
  const { rows } = await client.query('SELECT * FROM batch ORDER BY id DESC');
  await client.query(
    'SELECT batch_id, judgment_count, items_complete FROM batch_totals WHERE batch_id = ANY($1::int[])',
    [rows.map((row: { id: number }) => row.id)],
  );
}

/** What the dashboard shows, read raw: the batch, its totals and its cached agreement report. */
async function rawDashboard(client: Client, batchId: number): Promise<void> {
  await client.query('SELECT * FROM batch WHERE id = $1', [batchId]);
  await client.query('SELECT * FROM batch_totals WHERE batch_id = $1', [batchId]);
  await client.query('SELECT report, raters FROM agreement_cache WHERE batch_id = $1', [batchId]);
}

async function expectOk(admin: PeelClient, path: string): Promise<void> {
  const response = await admin.request('GET', path);
  if (response.status !== 200) {
    throw new Error(`${path} answered ${response.status}: ${JSON.stringify(response.body)}`);
  }
}

interface Figure {
  p95: number;
  baselineP95: number;
  ratio: number;
}

/** SAMPLES timings of `http` and `raw`, alternating, after a warm-up of each. */
async function measure(
  http: () => Promise<unknown>,
  raw: () => Promise<unknown>,
): Promise<{ http: number[]; raw: number[] }> {
  for (let i = 0; i < WARMUP; i++) {
    await http();
    await raw();
  }
  const out = { http: [] as number[], raw: [] as number[] };
  for (let i = 0; i < SAMPLES; i++) {
    out.http.push(await timeIt(http));
    out.raw.push(await timeIt(raw));
  }
  return out;
}

function figure(samples: { http: number[]; raw: number[] }): Figure {
  const p95 = quantile(samples.http, 0.95);
  const baselineP95 = quantile(samples.raw, 0.95);
  return {
    p95: round(p95, 1),
    baselineP95: round(baselineP95, 1),
    ratio: round(p95 / baselineP95, 2),
  };
}

async function main(): Promise<void> {
  const db = await freshDatabase('admin');
  const client = new Client({ connectionString: db.url });
  await client.connect();
  let server: Awaited<ReturnType<typeof startServerProcess>> | undefined;
  try {
    const loadStarted = process.hrtime.bigint();
    process.stdout.write(`loading ${EDITS} edits and ${ANSWERS} judgment answers…\n`);
    const data = await loadAdminData(client, {
      edits: EDITS,
      answers: ANSWERS,
      raters: 40,
      ratersPerItem: 4,
      batches: 30,
    });
    const loadSeconds = ms(loadStarted) / 1000;
    process.stdout.write(
      `loaded in ${loadSeconds.toFixed(0)} s: ${data.pairs} pairs, ${data.batches} batches, ` +
        `${data.judgments} pairwise judgments, ${data.answers} answers\n`,
    );
    const [admin] = await seedRaters(client, 'admin', 1);
    await client.query(`UPDATE app_user SET role = 'admin' WHERE id = $1`, [admin.id]);
    server = await startServerProcess(db.url, { LOG_LEVEL: 'warn' });
    const http = await PeelClient.signIn(server.baseUrl, admin.email, BENCH_PASSWORD);

    // A deep page: the cursor of the row 95% of the way down, as "next" from there.
    const { rows: deep } = await client.query(`SELECT id FROM edit ORDER BY id OFFSET $1 LIMIT 1`, [
      Math.floor(EDITS * 0.95),
    ]);
    const deepId = Number(deep[0].id);
    const { rows: deepImport } = await client.query(
      `SELECT import_id, id FROM edit ORDER BY import_id DESC, id DESC OFFSET $1 LIMIT 1`,
      [Math.floor(EDITS * 0.9)],
    );
    const idCursor = encodeCursor(parseSort('edits', 'id'), {
      direction: 'next',
      value: deepId,
      id: deepId,
    });
    const importCursor = encodeCursor(parseSort('edits', '-import'), {
      direction: 'next',
      value: Number(deepImport[0].import_id),
      id: Number(deepImport[0].id),
    });
    const cases: DatasetCase[] = [
      { name: 'first page', params: { limit: '50' } },
      { name: 'deep page (95%)', params: { limit: '50', cursor: idCursor } },
      {
        name: 'deep page, sort -import (90%)',
        params: { limit: '50', sort: '-import', cursor: importCursor },
      },
      { name: 'edit type 5', params: { limit: '50', editType: '5' } },
      { name: 'edit type 29, sort -id', params: { limit: '50', editType: '29', sort: '-id' } },
      {
        name: 'category + failed',
        params: { limit: '50', category: 'human_centric', outcome: 'failed' },
      },
      {
        name: 'origin, sort editType',
        params: { limit: '50', origin: 'preference_chosen', sort: 'editType' },
      },
      { name: 'judged', params: { limit: '50', judged: 'with' } },
      {
        name: 'import + not judged',
        params: { limit: '50', import: String(data.imports[2]), judged: 'without' },
      },
      { name: 'text search', params: { limit: '50', q: 'violin lantern' } },
    ];
    const dataset: Record<string, Figure> = {};
    const allHttp: number[] = [];
    const allRaw: number[] = [];
    for (const c of cases) {
      const path = `/api/dataset/edits?${new URLSearchParams(c.params)}`;
      const once = await timeIt(() => expectOk(http, path));
      if (once > TOO_SLOW_MS) {
        // Not sampled (it would take the run hours): reported as one call.
        const raw = await timeIt(() => rawDatasetPage(client, c.params));
        dataset[c.name] = {
          p95: round(once, 1),
          baselineP95: round(raw, 1),
          ratio: round(once / raw, 2),
        };
        allHttp.push(once);
        allRaw.push(raw);
        process.stdout.write(
          `  dataset ${c.name}: one call ${round(once, 0)} ms (raw ${round(raw, 0)} ms), not sampled\n`,
        );
        continue;
      }
      const samples = await measure(
        () => expectOk(http, path),
        () => rawDatasetPage(client, c.params),
      );
      dataset[c.name] = figure(samples);
      allHttp.push(...samples.http);
      allRaw.push(...samples.raw);
      process.stdout.write(
        `  dataset ${c.name}: p95 ${dataset[c.name].p95} ms (raw ${dataset[c.name].baselineP95} ms)\n`,
      );
    }

    const batchList = figure(
      await measure(
        () => expectOk(http, '/api/batches'),
        () => rawBatchList(client),
      ),
    );
    process.stdout.write(
      `  batch list: p95 ${batchList.p95} ms (raw ${batchList.baselineP95} ms)\n`,
    );

    const calls = DASHBOARD_CALLS.map((call) => call.replace(':id', String(data.dashboardBatchId)));
    // The first agreement call computes the report and fills the cache (timed apart).
    const coldSeconds =
      (await timeIt(() => Promise.all(calls.map((call) => expectOk(http, call))))) / 1000;
    const dashboardSamples = await measure(
      () => Promise.all(calls.map((call) => expectOk(http, call))),
      () => rawDashboard(client, data.dashboardBatchId),
    );
    const dashboard = figure(dashboardSamples);
    const perCall: Record<string, number> = {};
    for (const call of calls) {
      const samples: number[] = [];
      for (let i = 0; i < Math.min(SAMPLES, 15); i++)
        samples.push(await timeIt(() => expectOk(http, call)));
      perCall[call] = round(quantile(samples, 0.95), 1);
    }
    process.stdout.write(
      `  dashboard: p95 ${dashboard.p95} ms (raw ${dashboard.baselineP95} ms); cold ${coldSeconds.toFixed(1)} s\n`,
    );

    const datasetFigure = figure({ http: allHttp, raw: allRaw });
    const result = {
      edits: data.edits,
      pairs: data.pairs,
      judgment_answers: data.answers,
      judgments: data.judgments,
      batches: data.batches,
      samples_per_case: SAMPLES,
      load_seconds: round(loadSeconds, 0),
      dataset_page_p95_ms: datasetFigure.p95,
      dataset_page_baseline_p95_ms: datasetFigure.baselineP95,
      dataset_page_ratio: datasetFigure.ratio,
      dataset_page_cases: dataset,
      batch_list_p95_ms: batchList.p95,
      batch_list_baseline_p95_ms: batchList.baselineP95,
      batch_list_ratio: batchList.ratio,
      dashboard_p95_ms: dashboard.p95,
      dashboard_baseline_p95_ms: dashboard.baselineP95,
      dashboard_ratio: dashboard.ratio,
      dashboard_calls: DASHBOARD_CALLS,
      dashboard_call_p95_ms: perCall,
      dashboard_cold_seconds: round(coldSeconds, 2),
      target_ms: 300,
      baselines:
        'the same SQL run directly over pg in the same run (dataset: the keyset, row and total queries; ' +
        'batch list: batches + totals; dashboard: the batch, its totals and the cached agreement report)',
    };
    printTable([
      [
        'dataset page p95 (all cases)',
        `${datasetFigure.p95} ms (raw ${datasetFigure.baselineP95} ms, ×${datasetFigure.ratio})`,
      ],
      [
        'batch list p95',
        `${batchList.p95} ms (raw ${batchList.baselineP95} ms, ×${batchList.ratio})`,
      ],
      [
        'dashboard p95',
        `${dashboard.p95} ms (raw ${dashboard.baselineP95} ms, ×${dashboard.ratio})`,
      ],
      ...Object.entries(perCall).map(([call, p95]): [string, string] => [`  ${call}`, `${p95} ms`]),
    ]);
    process.stdout.write(`wrote ${writeResult('admin', result)}\n`);
  } finally {
    await server?.stop();
    await client.end();
    await db.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
